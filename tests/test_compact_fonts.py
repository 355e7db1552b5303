"""CJK faces embedded compactly (write/compact_fonts.py, issue 27): only the glyphs drawn, as a
bare CID-keyed CFF whose CIDs are the numbers the text uses. The pages must look exactly as they
did with WeasyPrint's own faces, in pdfium and in poppler, and read back the same text; each face
holds only the glyphs drawn; a one-page handout weighs at most 80 KB. A renaming that gets the
CIDs wrong draws other glyphs: the build's read-back refuses it, and the page comparison shows it."""

from __future__ import annotations

import io
import shutil
import subprocess

import pypdfium2 as pdfium
import pytest
from conftest import ROOT
from fontTools.cffLib import CFFFontSet
from PIL import Image, ImageChops, ImageFilter
from pypdf import PdfReader

from handout.cli import main
from handout.write import compact_fonts

LANGUAGES = ROOT / "tests" / "fixtures" / "languages"
CJK = ("ja", "ko", "zh-Hans", "zh-Hant")


def build(tmp_path, language: str, out: str, capsys) -> bytes:
    source = shutil.copy(LANGUAGES / f"{language}.md", tmp_path / f"{language}.md")
    assert main([str(source), "-o", str(tmp_path / out), "-j", "1"]) == 0, capsys.readouterr().err
    capsys.readouterr()
    return (tmp_path / out / f"{language}.pdf").read_bytes()


def faces(data: bytes) -> list[tuple[str, object, list]]:
    """(subtype of the font file, the font file, the CIDFont's /W) of each CJK face."""
    found = {}
    for page in PdfReader(io.BytesIO(data)).pages:
        for font in page["/Resources"]["/Font"].values():
            cid_font = font.get_object()["/DescendantFonts"][0].get_object()
            descriptor = cid_font["/FontDescriptor"].get_object()
            if "/FontFile3" in descriptor and "CJK" in str(descriptor["/FontName"]):
                stream = descriptor["/FontFile3"].get_object()
                found[str(descriptor["/FontName"])] = (str(stream.get("/Subtype")), stream, list(cid_font["/W"]))
    return list(found.values())


def pdfium_pages(data: bytes) -> list[tuple[Image.Image, str]]:
    document = pdfium.PdfDocument(data)
    return [(page.render(scale=150 / 72).to_pil().convert("L"), page.get_textpage().get_text_range())
            for page in document]


def poppler_pages(data: bytes, folder, name: str) -> list[Image.Image]:
    (folder / f"{name}.pdf").write_bytes(data)
    subprocess.run(["pdftoppm", "-r", "150", "-gray", str(folder / f"{name}.pdf"), str(folder / name)], check=True)
    return [Image.open(path) for path in sorted(folder.glob(f"{name}-*.pgm"))]


def same_pictures(first: list[Image.Image], second: list[Image.Image]) -> bool:
    """Page by page, the same picture once blurred by 2 px: a glyph hinted a pixel apart (poppler
    hints a bare CFF face slightly otherwise) differs by under 40 of 255 there; another glyph in its
    place, by far more."""
    if len(first) != len(second):
        return False
    for one, other in zip(first, second):
        blurred = ImageChops.difference(one.filter(ImageFilter.GaussianBlur(2)), other.filter(ImageFilter.GaussianBlur(2)))
        if blurred.getextrema()[1] > 64:
            return False
    return True


@pytest.fixture
def weasyprint_faces(monkeypatch):
    """Builds with the faces as WeasyPrint embeds them (the compaction switched off)."""
    def switch_off():
        monkeypatch.setattr(compact_fonts, "compact", lambda data, glyphs: None)
    return switch_off


@pytest.mark.parametrize("language", CJK)
def test_compact_faces_draw_and_read_exactly_as_weasyprint_s(tmp_path, capsys, weasyprint_faces, language):
    compacted = build(tmp_path, language, "compact", capsys)
    for subtype, stream, widths in faces(compacted):
        assert subtype == "/CIDFontType0C"
        cff = CFFFontSet()
        cff.decompile(io.BytesIO(stream.get_data()), None)
        drawn = compact_fonts.drawn_glyphs(widths)
        assert len(cff[cff.fontNames[0]].charset) == len(drawn | {0}) < 1200  # only the glyphs drawn
    weasyprint_faces()
    original = build(tmp_path, language, "original", capsys)
    assert {subtype for subtype, _, _ in faces(original)} == {"/OpenType"}
    assert len(compacted) < 0.7 * len(original)
    ours, theirs = pdfium_pages(compacted), pdfium_pages(original)
    assert [text for _, text in ours] == [text for _, text in theirs]  # the text layer, untouched
    assert same_pictures([image for image, _ in ours], [image for image, _ in theirs])
    assert same_pictures(poppler_pages(compacted, tmp_path, "ours"), poppler_pages(original, tmp_path, "theirs"))


def test_a_one_page_cjk_handout_weighs_at_most_80_kb(tmp_path, capsys):
    one_page = [language for language in CJK
                if len(PdfReader(io.BytesIO(build(tmp_path, language, "out", capsys))).pages) == 1]
    assert one_page, "a CJK fixture prints on one page"
    for language in one_page:
        assert (tmp_path / "out" / f"{language}.pdf").stat().st_size <= 80_000, language


def test_cids_that_are_not_the_text_s_numbers_are_refused_and_would_show(tmp_path, capsys, monkeypatch):
    """The fault: the glyphs kept but named after their old CIDs, so that a reader maps the
    text's numbers to other glyphs. The read-back refuses the face; forced in, the build's text
    check fails and its failed PDF no longer looks the same."""
    original = build(tmp_path, "ja", "original", capsys)
    monkeypatch.setattr(compact_fonts, "cids_as_drawn", lambda charset, old_number: list(charset))
    refused = build(tmp_path, "ja", "refused", capsys)
    assert {subtype for subtype, _, _ in faces(refused)} == {"/OpenType"}  # left as WeasyPrint wrote it
    monkeypatch.setattr(compact_fonts, "outlines", lambda glyphs, names: {})  # the read-back switched off
    source = tmp_path / "ja.md"
    assert main([str(source), "-o", str(tmp_path / "wrong"), "-j", "1"]) == 1
    assert "missing in the text layer" in capsys.readouterr().err
    wrong = (tmp_path / "wrong" / "ja.failed.pdf").read_bytes()
    assert {subtype for subtype, _, _ in faces(wrong)} == {"/CIDFontType0C"}
    assert not same_pictures([image for image, _ in pdfium_pages(wrong)], [image for image, _ in pdfium_pages(original)])
