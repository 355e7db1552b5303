"""Books: a YAML file bundling articles into one EPUB and one PDF, checked like an article."""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import ROOT, settings_of, write_article

from handout.cli import main
from handout.errors import BuildError
from handout.read.book import read_book

BOOK = ROOT / "tests" / "fixtures" / "book" / "book.yaml"
TITLES = ["Box Breathing", "Worry Time", "Respiración diafragmática", "Sleep Basics"]
XHTML = "{http://www.w3.org/1999/xhtml}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
OPF = {"opf": "http://www.idpf.org/2007/opf"}
ARTICLE = "---\ntitle: {title}\n---\n\n## Part\n\nSome text.\n"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("book")
    assert main([str(BOOK), "--output", str(out), "-j", "1"]) == 0
    return out


def test_book_writes_one_epub_with_a_chapter_per_article_one_nav_one_cover(built):
    archive = zipfile.ZipFile(io.BytesIO((built / "book.epub").read_bytes()))
    opf = ET.fromstring(archive.read("EPUB/content.opf"))
    manifest = {item.get("id"): item for item in opf.iterfind("opf:manifest/opf:item", OPF)}
    spine = [manifest[ref.get("idref")].get("href") for ref in opf.iterfind("opf:spine/opf:itemref", OPF)
             if ref.get("linear") != "no"]
    assert len(spine) == 4 and spine[2] == "chapter-3/respiracion-diafragmatica.xhtml"
    assert [item.get("properties") for item in manifest.values()].count("nav") == 1
    assert [item.get("properties") for item in manifest.values()].count("cover-image") == 1
    assert opf.findtext("opf:metadata/{http://purl.org/dc/elements/1.1/}title", namespaces=OPF) == "Coping Skills"
    langs = [ET.fromstring(archive.read(f"EPUB/{name}")).get(XML_LANG) for name in spine]
    assert langs == ["en", "en", "es", "en"]  # the Spanish article stays Spanish inside an English book
    nav = ET.fromstring(archive.read("EPUB/nav.xhtml"))
    toc = nav.find(f".//{XHTML}nav/{XHTML}ol")
    entries = toc.findall(f"{XHTML}li")
    assert [entry.find(f"{XHTML}a").text for entry in entries] == TITLES
    assert entries[2].get("lang") == entries[2].get(XML_LANG) == "es"
    assert "EPUB/chapter-1/images/box.png" in archive.namelist()


def page_texts(pdf: Path) -> list[tuple[str, str]]:
    """(whole page text, text in the bottom 20 mm: the running footer) for every page."""
    document = pdfium.PdfDocument(pdf.read_bytes())
    texts = []
    for page in document:
        text = page.get_textpage()
        texts.append((text.get_text_range(), text.get_text_bounded(0, 0, page.get_width(), 20 / 25.4 * 72)))
    return texts


def test_book_pdf_starts_each_article_on_a_new_page_with_its_own_footer(built):
    pages = page_texts(built / "book.pdf")
    assert len(pages) == 6
    assert "Coping Skills" in pages[0][0]
    contents = pages[1][0]
    assert all(title.split()[0] in contents for title in TITLES) and "Contents" in contents or "CONTENTS" in contents
    for title, (text, footer) in zip(TITLES, pages[2:]):
        assert text.lstrip().startswith(title), text[:80]
        assert title in footer and "Page" in footer


def book_file(folder: Path, text: str, articles: tuple[str, ...] = ("a.md",)) -> Path:
    for name in articles:
        write_article(folder, name, ARTICLE.format(title=name))
    return write_article(folder, "book.yaml", text)


def test_a_refused_title_is_not_also_missing(tmp_path):
    folder = tmp_path / "book"
    folder.mkdir()
    with pytest.raises(BuildError) as failure:
        read_book(book_file(folder, "title:\n  nested: x\narticles: [a.md]\n"))
    assert [problem.message for problem in failure.value.problems] == ["'title' must be text or a list, not a mapping"]


@pytest.mark.parametrize("text, line, message", [
    ("title: T\narticles: [a.md]\nauthr: X\n", 3, "unknown book file key 'authr'; did you mean 'author'?"),
    ("title: T\narticles:\n  - a.md\n  - missing.md\n", 4, "article 'missing.md' not found: "),
    ("title: T\narticles:\n  - a.md\n  - a.md\n", 4, "article 'a.md' is listed twice"),
    ("title: T\narticles:\n  - book.yaml\n", 3, "article 'book.yaml' is not a Markdown (.md) file"),
    ("title: T\narticles:\n  - ../outside.md\n", 3, "article '../outside.md' refused: outside"),
    ("title: T\ntitle: U\narticles: [a.md]\n", 2, "duplicate key 'title' on lines 1 and 2"),
    ("title: T\narticles: [a.md]\nlanguage: english\n", 3, "'language': 'english' is not a language tag"),
    ("articles: [a.md]\n", 1, "book file needs 'title: ...'"),
    ("title: [T\n", 2, "book file is not valid YAML"),
    ("title: T\narticles: [a.md]\ndate: 2024-01-01\n", 3, "unknown book file key 'date'; known keys: title, subtitle, author, language, cover, articles"),
    ("title: T\narticles: []\n", 2, "'articles' must list at least 1 item"),
])
def test_book_file_errors_name_their_line(tmp_path, text, line, message):
    folder = tmp_path / "book"
    folder.mkdir()
    (tmp_path / "outside.md").write_text(ARTICLE.format(title="x"), encoding="utf-8")
    with pytest.raises(BuildError) as failure:
        read_book(book_file(folder, text))
    found = [(problem.line, problem.message) for problem in failure.value.problems]
    assert any(at == line and message in said for at, said in found), found


def test_a_broken_article_in_a_book_is_reported_at_its_own_line(tmp_path, capsys):
    write_article(tmp_path, "bad.md", "---\ntitle: Bad\n---\n\n## Part\n\n| a | b |\n| --- | --- |\n| 1 | 2 | 3 |\n")
    path = book_file(tmp_path, "title: T\narticles: [a.md, bad.md]\n")
    assert main([str(path), "-o", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert f"{tmp_path / 'bad.md'}:9: error: table row has 3 cells" in err
    assert "Traceback" not in err and not (tmp_path / "out" / "book.epub").exists()


def test_book_epub_check_finds_a_lost_cell_at_its_article_line():
    import dataclasses

    from handout.check.book import check_book_epub
    from handout.read.book import load_book
    from handout.render.book import render_book_publication
    from handout.write.epub import Resource, write_epub
    book, articles, _ = load_book(BOOK)
    publication, _ = render_book_publication(book, articles, settings_of(book.path))
    assert check_book_epub(book, articles, write_epub(publication)) == []
    pages = [Resource(page.name, page.media_type, page.data.replace(b"Fifteen minutes, with a timer", b""))
             for page in publication.pages]
    broken = write_epub(dataclasses.replace(publication, pages=tuple(pages)))
    found = [(Path(problem.path).name, problem.line) for problem in check_book_epub(book, articles, broken)]
    assert found == [("worry-time.md", 22)]


def test_book_pdf_check_finds_a_lost_cell_in_its_own_chapter():
    from handout.check.book import chapter_ranges, check_book_pdf
    from handout.model import Practice
    from handout.read.book import load_book
    from handout.render.book import render_book_print
    from handout.resources import STYLES
    from handout.sandbox import Sandbox
    from handout.write.pdf import render_layout, write_pdf
    book, articles, _ = load_book(BOOK)
    # The cell is moved to the last chapter: present in the book, but not in its own chapter.
    cell = "Fifteen minutes, with a timer"
    html = render_book_print(book, articles, Practice(), "standard").replace(cell, "").replace(
        "Good sleep makes", f"{cell}. Good sleep makes")
    document, _ = render_layout(html, BOOK.parent, Sandbox.for_article(BOOK.parent), [], "A4",
                                (STYLES / "book.css").read_text(encoding="utf-8"))
    assert [(pages.start, pages.stop) for pages in chapter_ranges(document, 4)] == [(2, 3), (3, 4), (4, 5), (5, 6)]
    found = [(Path(problem.path).name, problem.line, problem.message) for problem in
             check_book_pdf(book, articles, document, write_pdf(document))]
    assert [(name, line) for name, line, _ in found] == [("worry-time.md", 22), ("sleep-basics.md", 9)]
    assert "missing" in found[0][2]
    assert "that the article does not have there (repeated or stray): 'Fifteen minutes, with a timer." in found[1][2]
