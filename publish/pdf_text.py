"""The PDF's text layer, read line by line where the layout put each line, the lines grouped by
their block (paragraph, cell, heading) and the blocks in the order they start.

Reading the page's text in drawing order would follow the engine's painting order instead:
list markers and floats are painted after the text beside them, and the cells of a table row
split over two pages come as the first part of every cell, then the rest. Each character of
the text layer (pdfium) goes to the line whose box holds its centre, so text drawn where no
line of the article is (pushed off the page, or into the running footer) is in no line."""

from __future__ import annotations

import ctypes
from collections import defaultdict

import pypdfium2.raw as pdfium_c

from .check_boxes import Placed, Rect, content_area, is_marker, repeated_headers, walk_boxes
from .engine import boxes as B

BAND = 8.0  # points: lines are indexed by horizontal bands this tall, to find a character's line fast


def lines_to_read(placed: list[Placed], document, pages: range | None = None) -> list[Placed]:
    """The line boxes whose text is the article's, in reading order: a block's lines together,
    blocks in the order they start. Left out: the contents list (a heading lost from the body must not
    be found there), header rows a table repeats on the pages it continues onto, list markers."""
    skipped = {id(box) for item in placed if item.box.element_tag == "nav" for box in walk_boxes(item.box)}
    skipped |= {id(box) for item in repeated_headers(placed) for box in walk_boxes(item.box)}
    lines = [item for item in placed if isinstance(item.box, B.LineBox) and id(item.box) not in skipped
             and not is_marker(item.box) and (pages is None or item.page - 1 in pages)]
    # A block's lines go where its first line is: the rest of a table cell that goes on on the
    # next page follows the cell's start, not the other cells' starts. (A block's own order,
    # not its element's: a label in a block of its own comes before the text after it.)
    first: dict[int, int] = {}
    for number, item in enumerate(lines):
        first.setdefault(id(item.block), number)
    return sorted(lines, key=lambda item: first[id(item.block)])  # stable: pages and lines stay in order


def laid_out_text(pdf_pages, document, placed: list[Placed], pages: range | None = None) -> str:
    """The text layer of `pages` (0-based; all by default) read line by line, as lines_to_read orders them."""
    lines = lines_to_read(placed, document, pages)
    texts: dict[int, list[str]] = {id(item.box): [] for item in lines}
    by_page: dict[int, list[Placed]] = defaultdict(list)
    for item in lines:
        by_page[item.page - 1].append(item)
    for index, on_page in by_page.items():
        page = pdf_pages[index]
        height = page.get_size()[1]
        area = pdf_rect(content_area(document.pages[index]), height, 1)
        rects = [(pdf_rect(item.rect, height, 1), texts[id(item.box)]) for item in on_page]
        bands = index_of(rects)
        for x, y, char in characters(page.get_textpage()):
            if inside(x, y, area):
                owner = line_at(x, y, rects, bands)
                if owner is not None:
                    owner.append(char)
    return "\n".join("".join(texts[id(item.box)]) for item in lines)


def characters(textpage):
    """(x, y, character) of each character on a page, its centre in PDF points."""
    # pdfium's C calls with reused out-parameters: a page has thousands of characters.
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    box = [ctypes.byref(value) for value in (left, right, bottom, top)]
    for index in range(pdfium_c.FPDFText_CountChars(textpage.raw)):
        pdfium_c.FPDFText_GetCharBox(textpage.raw, index, *box)
        yield ((left.value + right.value) / 2, (bottom.value + top.value) / 2,
               chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, index)))


def index_of(rects: list) -> dict[int, list[int]]:
    """Which rectangles (by position in `rects`) reach into each horizontal band of the page."""
    bands: dict[int, list[int]] = defaultdict(list)
    for number, (rect, _) in enumerate(rects):
        for band in range(int(rect[1] // BAND), int(rect[3] // BAND) + 1):
            bands[band].append(number)
    return bands


def line_at(x: float, y: float, rects: list, bands: dict[int, list[int]]):
    """The text list of the innermost (last laid out) line holding the point, or None."""
    for number in reversed(bands.get(int(y // BAND), ())):
        rect, text = rects[number]
        if inside(x, y, rect):
            return text
    return None


def inside(x: float, y: float, rect: Rect) -> bool:
    return rect[0] <= x <= rect[2] and rect[1] <= y <= rect[3]


def pdf_rect(area: Rect, height: float, margin: float) -> Rect:
    """A layout rectangle (CSS px, y down) as PDF points (y up), `margin` points larger all round."""
    left, top, right, bottom = (value * 0.75 for value in area)
    return left - margin, height - bottom - margin, right + margin, height - top + margin
