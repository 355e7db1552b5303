"""The completeness checks on a book's PDF and EPUB: the articles' own item checks, run across
the whole book, plus the whole-document checks (fonts, layout, 6-inch screen) once."""

from __future__ import annotations

import pypdfium2 as pdfium

from handout.check.epub import check_epub, open_epub, screen_findings
from handout.check.faces import wrong_faces
from handout.check.glyphs import uncovered
from handout.check.items import (
    find_exactly_once,
    furniture_for,
    masthead_items,
    printed_items,
)
from handout.check.layout import layout_findings, placed_boxes
from handout.check.pdf import unembedded_fonts
from handout.check.pdf_text import laid_out_text
from handout.check.print_size import small_text_findings
from handout.errors import Problem, error
from handout.model import Article
from handout.read.book import Book
from handout.render.html import record_columns


def chapter_ranges(document, count: int) -> list[range]:
    """The pages of each chapter: from the page holding its `c<N>-chapter` anchor to the next one's."""
    starts = []
    for number in range(1, count + 1):
        found = [index for index, page in enumerate(document.pages) if f"c{number}-chapter" in page.anchors]
        starts.append(found[0] if found else 0)  # a template without the anchor: search the whole book
    ends = [later if later > start else len(document.pages) for start, later in zip(starts, starts[1:])]
    return [range(start, end) for start, end in zip(starts, ends + [len(document.pages)])]


def check_book_pdf(book: Book, articles: list[Article], document, data: bytes,
                   variant: str = "standard") -> list[Problem]:
    """Each article's items in order in its own chapter's pages; fonts and layout checked once."""
    placed = placed_boxes(document)
    pdf_pages = list(pdfium.PdfDocument(data))
    problems: list[Problem] = []
    for article, pages in zip(articles, chapter_ranges(document, len(articles))):
        # Only this chapter's pages: text that strayed into another chapter counts as missing.
        text = laid_out_text(pdf_pages, document, placed, pages)
        # The chapter's masthead shows the article's author only where it is not the book's.
        items, notes = printed_items(article, masthead_items(article.meta, byline=article.meta.author != book.author),
                                     record_columns(variant))
        problems += [error(article.path, found.item.line,
                           f"book PDF: {found.describe('in the text layer of its chapter')}", "pdf-text")
                     for found in find_exactly_once(items, text, furniture_for(article.meta.language), notes)]
        problems += uncovered(items + notes, article.path, article.meta.language)
        problems += wrong_faces([pdf_pages[index] for index in pages], article.meta.language,
                                " ".join(item.text for item in items + notes), article.path)
    problems += [error(book.path, None, f"book PDF: font '{name}' is not embedded", "pdf-font")
                 for name in sorted(unembedded_fonts(pdf_pages))]
    problems += [error(book.path, None, f"book PDF, page {finding.page}: {finding.message}", finding.code)
                 for finding in layout_findings(document, placed) + small_text_findings(document, placed, variant)]
    return problems


def check_book_epub(book: Book, articles: list[Article], data: bytes, screen_layout=None) -> list[Problem]:
    """Each article checked against its own chapter; the 6-inch screen layout done once."""
    screens = screen_layout(open_epub(data)) if screen_layout is not None else []
    problems: list[Problem] = []
    for number, article in enumerate(articles, 1):
        problems += check_epub(article, data, screens, "book EPUB", chapter=f"/chapter-{number}/")
    seen: set[tuple] = set()
    for view in screens:
        problems += screen_findings(view, book.path, "book EPUB", seen)
    return list(dict.fromkeys(problems))  # a broken navigation link is found once per article
