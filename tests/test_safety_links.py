"""What a relative link means (docs/writing.md, read/links.py; issue 26, item 4): a link to
another article of the same book becomes a link to that chapter in both outputs; any other
relative link, and any scheme but https:, http:, mailto: and tel:, is an error at its line.
Neither output ever holds a `file:` or `launch:` link: checked with pypdf and EPUBCheck."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pytest
from conftest import epubcheck_jar, write_article
from pypdf import PdfReader

from handout.cli import main

OTHER = "---\ntitle: Other\n---\n\n## Part two\n\nOther text.\n"


def link_actions(pdf: Path) -> list[dict]:
    """Every link annotation's action (or destination) in a PDF, as pypdf reads it."""
    found = []
    for page in PdfReader(pdf).pages:
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            action = annotation.get("/A")
            found.append(dict(action.get_object()) if action else {"/Dest": annotation.get("/Dest")})
    return found


def assert_no_local_links(pdf: Path, epub: Path) -> None:
    actions = link_actions(pdf)
    assert not [action for action in actions if action.get("/S") == "/Launch"]
    assert not [action for action in actions if str(action.get("/URI", "")).lower().startswith(("file:", "launch:"))]
    with zipfile.ZipFile(epub) as archive:
        pages = " ".join(archive.read(name).decode() for name in archive.namelist() if name.endswith(".xhtml"))
    assert not re.search(r'href="(?:file|launch):', pages, re.I) and not re.search(r'href="[^"]*passwd', pages)


@pytest.mark.parametrize("href, reason", [
    ("other.md", "names another article, which a handout built on its own cannot link to"),
    ("other.md#part-two", "names another article"),
    ("launch:/bin/sh", "is refused: 'launch:' links ask the reader's viewer to open something"),
    ("LAUNCH:/bin/sh", "is refused: 'launch:' links"),
    ("ftp://example.org/x", "is refused: 'ftp:' links"),
    ("smb://server/share", "is refused: 'smb:' links"),
    ("../../../etc/passwd", "is a link to a file, which the handout's readers do not have"),
    ("notes.pdf", "is a link to a file"),
    ("/etc/passwd", "is a link to a file"),
    ("./", "is a link to a file"),
])
def test_relative_links_and_other_schemes_are_errors_at_their_line(tmp_path, capsys, href, reason):
    write_article(tmp_path, "other.md", OTHER)
    article = write_article(tmp_path, "a.md", f"---\ntitle: Links\n---\n\nIntro.\n\nSee [this]({href}) now.\n")
    assert main([str(article), "-o", str(tmp_path / "out"), "-j", "1"]) == 1
    err = capsys.readouterr().err
    assert f"{article}:7: error: link '{href}' {reason}" in err, err
    assert not (tmp_path / "out" / "a.pdf").exists()


@pytest.mark.parametrize("where", ["| a | b |\n| --- | --- |\n| [x]({}) | y |\n", "> Quote [x]({})\n",
                                   "- item [x]({})\n", "Note.[^1]\n\n[^1]: See [x]({}).\n", "<{}>\n"])
def test_links_are_judged_wherever_they_are_written(tmp_path, capsys, where):
    article = write_article(tmp_path, "a.md", "---\ntitle: Links\n---\n\n" + where.format("launch:/bin/sh"))
    assert main([str(article), "-o", str(tmp_path / "out"), "-j", "1"]) == 1
    assert "error: link 'launch:/bin/sh' is refused" in capsys.readouterr().err


def test_kept_links_stay_and_no_output_holds_a_file_or_launch_link(tmp_path, capsys):
    article = write_article(tmp_path, "a.md", "---\ntitle: Links\n---\n\n[web](https://example.org) "
                            "[mail](mailto:a@example.org) [phone](tel:+441234) [here](#part) "
                            "[js](javascript:alert(1)) [file](file:///etc/passwd)\n\n## Part\n\nText.\n")
    assert main([str(article), "-o", str(tmp_path / "out"), "-j", "1"]) == 0, capsys.readouterr().err
    uris = {action.get("/URI") for action in link_actions(tmp_path / "out" / "a.pdf")}
    assert {"https://example.org", "mailto:a@example.org", "tel:+441234"} <= uris
    assert_no_local_links(tmp_path / "out" / "a.pdf", tmp_path / "out" / "a.epub")


@pytest.fixture
def book(tmp_path) -> Path:
    (tmp_path / "sub").mkdir()
    write_article(tmp_path / "sub", "other.md", OTHER)
    write_article(tmp_path, "a.md", "---\ntitle: Links\n---\n\nSee [other](sub/other.md), "
                  "[its part](sub/other.md#part-two) and [here](#here).\n\n## Here\n\nText.\n")
    path = tmp_path / "book.yaml"
    path.write_text("title: Book\narticles: [a.md, sub/other.md]\n", encoding="utf-8")
    return path


def test_links_between_chapters_of_a_book_become_in_book_links(book, tmp_path, capsys):
    assert main([str(book), "-o", str(tmp_path / "out"), "-j", "1"]) == 0, capsys.readouterr().err
    destinations = {str(action.get("/Dest")) for action in link_actions(tmp_path / "out" / "book.pdf")}
    assert {"c2-title", "c2-part-two", "c1-here"} <= destinations
    with zipfile.ZipFile(tmp_path / "out" / "book.epub") as epub:
        page = epub.read("EPUB/chapter-1/a.xhtml").decode()
    assert 'href="../chapter-2/other.xhtml"' in page and 'href="../chapter-2/other.xhtml#part-two"' in page
    assert 'href="#here"' in page
    assert "sub/other.md" not in PdfReader(tmp_path / "out" / "book.pdf").pages[2].extract_text()  # no address on paper
    assert_no_local_links(tmp_path / "out" / "book.pdf", tmp_path / "out" / "book.epub")


def test_a_book_link_to_an_article_outside_the_book_or_a_missing_section_is_an_error(book, tmp_path, capsys):
    write_article(tmp_path, "lone.md", OTHER)
    write_article(tmp_path, "a.md", "---\ntitle: Links\n---\n\n[lone](lone.md)\n\n[gone](sub/other.md#nowhere)\n")
    assert main([str(book), "-o", str(tmp_path / "out"), "-j", "1"]) == 1
    err = capsys.readouterr().err
    assert f"{tmp_path / 'a.md'}:5: error: link 'lone.md' names another article" in err and "in this book" in err
    assert f"{tmp_path / 'a.md'}:7: error: link 'sub/other.md#nowhere' names no section '#nowhere'" in err


@pytest.mark.slow
def test_a_book_with_links_between_chapters_passes_epubcheck(book, tmp_path):
    jar = epubcheck_jar()
    if jar is None:
        pytest.skip("EPUBCheck needs Java and the epubcheck package")
    assert main([str(book), "-o", str(tmp_path / "out"), "-j", "1"]) == 0
    run = subprocess.run(["java", "-jar", str(jar), str(tmp_path / "out" / "book.epub")], capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
