"""An independent reader engine (pandoc's EPUB reader) opens our EPUBs and finds everything:
every title, heading, paragraph, table cell and caption, FAQ question and answer, in order."""

from __future__ import annotations

import re
import shutil
import subprocess
from html import unescape
from pathlib import Path

import pytest
from conftest import ROOT, SEED_ARTICLE, settings_of

from handout.check.items import expected_items, find_in_order, normalise
from handout.model import Article, Inline, with_inlines
from handout.read.article import read_article
from handout.read.book import load_book
from handout.render.book import render_book_publication
from handout.render.epub import render_publication
from handout.sandbox import Sandbox
from handout.write.epub import write_epub

BOOK = ROOT / "tests" / "fixtures" / "book" / "book.yaml"
GOOD = sorted((ROOT / "tests" / "fixtures" / "good").glob("*.md"))

pytestmark = pytest.mark.skipif(shutil.which("pandoc") is None,
                                reason="pandoc is not installed (apt-get install pandoc)")


def read_with_pandoc(epub: Path) -> str:
    # Wide columns: pandoc's plain tables must not wrap a cell's words onto lines shared with other cells.
    run = subprocess.run(["pandoc", "-f", "epub", "-t", "plain", "--columns", "10000", str(epub)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    return run.stdout


def without_note_calls(article: Article) -> Article:
    """The article's text without its footnote calls: pandoc prints a call as '[1]', its own marker."""
    def drop(inline: Inline) -> Inline:
        html = re.sub(r'<a epub:type="noteref"[^>]*>\d+</a>', "", inline.html)
        return Inline(html, unescape(re.sub(r"<[^>]+>", "", html)))
    return with_inlines(article, drop)


def not_found(articles: list[Article], text: str) -> list[str]:
    """What pandoc lost or reordered. Captions only need to be there: pandoc prints them under the table."""
    haystack = normalise(re.sub(r"\[\d+\]", "", text))
    lost = []
    for article in articles:
        items = expected_items(without_note_calls(article))
        lost += [f"{article.path}:{item.line}: {item.label} missing" for item in items
                 if item.label == "table caption" and normalise(item.text) not in haystack]
        lost += [f"{article.path}:{found.item.line}: {found.item.label} {found.problem}"
                 for found in find_in_order([item for item in items if item.label != "table caption"], haystack)]
    return lost


@pytest.mark.slow
@pytest.mark.parametrize("path", [SEED_ARTICLE, *GOOD], ids=lambda path: path.stem)
def test_pandoc_reads_every_item_of_an_article(path, tmp_path):
    article, _ = read_article(path)
    settings = settings_of(article.path, article.meta)
    publication, _ = render_publication(article, Sandbox.for_article(path.parent), settings)
    epub = tmp_path / f"{article.slug}.epub"
    epub.write_bytes(write_epub(publication))
    assert not_found([article], read_with_pandoc(epub)) == []


@pytest.mark.slow
def test_pandoc_reads_every_chapter_of_the_book_in_order(tmp_path):
    book, articles, _ = load_book(BOOK)
    publication, _ = render_book_publication(book, articles, settings_of(book.path))
    epub = tmp_path / "book.epub"
    epub.write_bytes(write_epub(publication))
    text = read_with_pandoc(epub)
    assert not_found(articles, text) == []
    titles = [normalise(article.meta.title) for article in articles]
    positions = [normalise(text).find(title) for title in titles]
    assert -1 not in positions and positions == sorted(positions)


def test_the_reader_check_notices_a_lost_cell():
    article, _ = read_article(SEED_ARTICLE)
    items = expected_items(article)
    cell = next(item for item in items if item.label.startswith("table cell"))
    text = " ".join(item.text for item in items).replace(cell.text, "")
    assert any("table cell" in line for line in not_found([article], text))
