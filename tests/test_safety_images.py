"""Images are judged by their bytes, not their names, and an SVG that could run a script never
reaches either output (issue 26, items 9 and 10): a text file named `.png` is an error at its
line (as a cover, an image or handout.yaml's logo), a PNG named `.jpg` is declared a PNG in the
EPUB, and the words an SVG draws (a wordmark logo) are the picture's, not stray text."""

from __future__ import annotations

import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import epubcheck_jar, write_article

from handout.cli import main
from handout.read.image_types import image_type

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20">{}<rect width="10" height="10"/></svg>'
SCRIPTED = {
    "script": "<script>alert(1)</script>",
    "onload": '<g onload="alert(1)"/>',
    "uppercase-handler": '<g ONCLICK="alert(1)"/>',
    "javascript-link": '<a xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="javascript:alert(1)"><text>x</text></a>',
    "animated-link": '<a href="#"><set attributeName="href" to="javascript:alert(1)"/><text>x</text></a>',
    "foreign-object": '<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>',
    "namespaced-script": '<svg:script xmlns:svg="http://www.w3.org/2000/svg">alert(1)</svg:script>',
}


def build(folder: Path, text: str, capsys) -> tuple[int, str]:
    article = write_article(folder, "a.md", text)
    status = main([str(article), "-o", str(folder / "out"), "-j", "1"])
    err = capsys.readouterr().err
    assert "internal error" not in err and "Traceback" not in err, err
    return status, err


def epub_files(folder: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(folder / "out" / "a.epub") as epub:
        return {name: epub.read(name) for name in epub.namelist()}


@pytest.mark.parametrize("data, expected", [
    (PNG, "image/png"), (b"\xff\xd8\xff\xe0rest", "image/jpeg"), (b"GIF89a...", "image/gif"),
    (b"RIFF\x00\x00\x00\x00WEBPVP8 ", "image/webp"), (SVG.format("").encode(), "image/svg+xml"),
    (b'\xef\xbb\xbf<?xml version="1.0"?>\n<!-- made by hand -->\n<!DOCTYPE svg>\n<svg>', "image/svg+xml"),
    (b"not an image", ""), (b"<html><svg></svg></html>", ""), (b"", ""), (b"BM....", ""),
])
def test_image_types_are_judged_by_their_bytes(data, expected):
    assert image_type(data) == expected


@pytest.mark.parametrize("name", SCRIPTED)
def test_scripted_svg_images_are_refused_at_their_line_and_written_nowhere(tmp_path, capsys, name):
    (tmp_path / "diagram.svg").write_text(SVG.format(SCRIPTED[name]), encoding="utf-8")
    status, err = build(tmp_path, "---\ntitle: T\n---\n\nText.\n\n![A diagram](diagram.svg)\n", capsys)
    assert status == 1 and f"a.md:7: error: image 'diagram.svg' refused: the SVG " in err, err
    assert not [path for path in (tmp_path / "out").iterdir() if path.suffix in (".pdf", ".epub")]


def test_an_svg_named_png_is_still_judged_as_an_svg(tmp_path, capsys):
    (tmp_path / "diagram.png").write_text(SVG.format(SCRIPTED["script"]), encoding="utf-8")
    status, err = build(tmp_path, "---\ntitle: T\n---\n\n![A diagram](diagram.png)\n", capsys)
    assert status == 1 and "a.md:5: error: image 'diagram.png' refused: the SVG holds a <script> element" in err


@pytest.mark.parametrize("data", [b"just text\n", b"", b"<html></html>", b"BM" + bytes(60)],
                         ids=["text", "empty", "html", "bmp"])
def test_a_file_that_is_no_image_by_its_bytes_is_an_error_at_its_line(tmp_path, capsys, data):
    (tmp_path / "photo.png").write_bytes(data)
    status, err = build(tmp_path, "---\ntitle: T\n---\n\nText.\n\n![A photo](photo.png)\n", capsys)
    assert status == 1 and "a.md:7: error: image 'photo.png' could not be read as an image" in err


def test_a_cover_that_is_no_image_by_its_bytes_is_an_error_at_its_line(tmp_path, capsys):
    (tmp_path / "cover.png").write_text("I am text", encoding="utf-8")
    status, err = build(tmp_path, "---\ntitle: T\ncover: cover.png\n---\n\nText.\n", capsys)
    assert status == 1
    assert "a.md:3: error: cover 'cover.png' must be a PNG or JPEG image (its name says it is, its bytes" in err


def test_images_and_covers_under_the_wrong_name_are_declared_by_their_bytes(tmp_path, capsys):
    (tmp_path / "photo.jpg").write_bytes(PNG)
    (tmp_path / "cover.jpg").write_bytes(PNG)
    status, err = build(tmp_path, "---\ntitle: T\ncover: cover.jpg\n---\n\n![A photo](photo.jpg)\n", capsys)
    assert status == 0, err
    opf = epub_files(tmp_path)["EPUB/content.opf"].decode()
    assert 'href="images/cover.png" id="cover-image" media-type="image/png"' in opf
    assert 'href="photo.jpg" id="r-photo-jpg" media-type="image/png"' in opf


@pytest.fixture
def practice(tmp_path) -> Path:
    (tmp_path / "wordmark.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="30"><rect width="30" height="30"/>'
        '<text x="35" y="20" font-size="14">Calm <tspan>Clinic</tspan></text></svg>', encoding="utf-8")
    return tmp_path


def test_svg_logos_and_diagrams_that_draw_words_build_without_stray_text(practice, capsys):
    (practice / "handout.yaml").write_text("practice: Calm Clinic\nlogo: wordmark.svg\n", encoding="utf-8")
    (practice / "diagram.svg").write_text(SVG.format('<text x="1" y="15">Label</text>'), encoding="utf-8")
    status, err = build(practice, "---\ntitle: Good\n---\n\nText.\n\n![A diagram](diagram.svg)\n", capsys)
    assert status == 0, err


def test_words_drawn_outside_any_picture_are_still_stray_text(practice, tmp_path, capsys):
    """The fault the exemption must not hide: the logo's words printed as text beside it."""
    (practice / "handout.yaml").write_text("practice: Calm Clinic\nlogo: wordmark.svg\n", encoding="utf-8")
    sheet = tmp_path / "extra.css"
    sheet.write_text(".practice::before { content: 'Injected words'; }\n", encoding="utf-8")
    article = write_article(practice, "a.md", "---\ntitle: Good\n---\n\nText.\n")
    assert main([str(article), "-o", str(practice / "out"), "--css", str(sheet), "-j", "1"]) == 1
    assert "'Injected words'" in capsys.readouterr().err


@pytest.mark.parametrize("logo, content, message", [
    ("logo.png", b"text, not a picture", "logo 'logo.png' could not be read as an image"),
    ("logo.svg", SVG.format(SCRIPTED["onload"]).encode(), "logo 'logo.svg' refused: the SVG has an event handler"),
])
def test_a_logo_that_cannot_be_an_image_is_an_error_at_handout_yaml_s_line(practice, capsys, logo, content, message):
    (practice / logo).write_bytes(content)
    (practice / "handout.yaml").write_text(f"practice: Calm Clinic\nlogo: {logo}\n", encoding="utf-8")
    status, err = build(practice, "---\ntitle: Good\n---\n\nText.\n", capsys)
    assert status == 1 and f"{practice / 'handout.yaml'}:2: error: {message}" in err, err
    assert "text before title" not in err


@pytest.mark.slow
def test_epubs_with_images_under_the_wrong_names_and_plain_svgs_pass_epubcheck(tmp_path, capsys):
    jar = epubcheck_jar()
    if jar is None:
        pytest.skip("EPUBCheck needs Java and the epubcheck package")
    (tmp_path / "photo.jpg").write_bytes(PNG)
    (tmp_path / "cover.jpeg").write_bytes(PNG)
    (tmp_path / "plain.svg").write_text(SVG.format('<text x="1" y="15">Label</text>'), encoding="utf-8")
    status, err = build(tmp_path, "---\ntitle: T\ncover: cover.jpeg\n---\n\n![A photo](photo.jpg)\n\n"
                                  "![A plain diagram](plain.svg)\n", capsys)
    assert status == 0, err
    run = subprocess.run(["java", "-jar", str(jar), str(tmp_path / "out" / "a.epub")], capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
