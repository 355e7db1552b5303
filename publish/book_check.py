"""The completeness checks on a book's PDF and EPUB: the articles' own item checks, run across
the whole book, plus the whole-document checks (fonts, layout, 6-inch screen) once."""

from __future__ import annotations

import pypdfium2 as pdfium

from .check_epub import SCREEN_CODES, check_epub, open_epub
from .check_glyphs import uncovered
from .check_items import expected_items, find_in_order, normalise, short
from .check_layout import content_area, layout_findings
from .check_pdf import pdf_text, unembedded_fonts
from .errors import Problem, error
from .model import Article
from .read_book import Book


def chapter_ranges(document, count: int) -> list[range]:
    """The pages of each chapter: from the page holding its `c<N>-chapter` anchor to the next one's."""
    starts = []
    for number in range(1, count + 1):
        found = [index for index, page in enumerate(document.pages) if f"c{number}-chapter" in page.anchors]
        starts.append(found[0] if found else 0)  # a template without the anchor: search the whole book
    ends = [later if later > start else len(document.pages) for start, later in zip(starts, starts[1:])]
    return [range(start, end) for start, end in zip(starts, ends + [len(document.pages)])]


def check_book_pdf(book: Book, articles: list[Article], document, data: bytes) -> list[Problem]:
    """Each article's items in order in its own chapter's pages; fonts and layout checked once."""
    areas = [content_area(page) for page in document.pages]
    pdf_pages = list(pdfium.PdfDocument(data))
    problems: list[Problem] = []
    for article, pages in zip(articles, chapter_ranges(document, len(articles))):
        # Only this chapter's pages: text that strayed into another chapter counts as missing.
        text = normalise(pdf_text(pdf_pages, [area if index in pages else (0, 0, 0, 0)
                                             for index, area in enumerate(areas)]))
        items = expected_items(article)
        problems += [error(article.path, found.item.line, f"book PDF: {found.item.label} {found.problem} in the "
                           f"text layer of its chapter: '{short(found.item.text)}'", "pdf-text")
                     for found in find_in_order(items, text)]
        problems += uncovered(items, article.path)
    problems += [error(book.path, None, f"book PDF: font '{name}' is not embedded", "pdf-font")
                 for name in sorted(unembedded_fonts(pdf_pages))]
    problems += [error(book.path, None, f"book PDF, page {finding.page}: {finding.message}", finding.code)
                 for finding in layout_findings(document)]
    return problems


def check_book_epub(book: Book, articles: list[Article], data: bytes, screen_layout=None) -> list[Problem]:
    """Each article checked against the whole EPUB; the 6-inch screen layout done once."""
    problems: list[Problem] = []
    for article in articles:
        problems += check_epub(article, data, None, "book EPUB")
    if screen_layout is not None:
        screen = screen_layout(open_epub(data))
        problems += [error(book.path, None, f"book EPUB on a 6-inch screen: {finding.message}", finding.code)
                     for finding in screen.findings if finding.code in SCREEN_CODES]
    return list(dict.fromkeys(problems))  # a broken navigation link is found once per article
