"""The PDF's text layer, read line by line where the layout put each line, the lines grouped by
their block (paragraph, cell, heading) and the blocks in the order they start.

Reading the page's text in drawing order would follow the engine's painting order instead:
list markers and floats are painted after the text beside them, and the cells of a table row
split over two pages come as the first part of every cell, then the rest. Each character of
the text layer (pdfium) goes to the line whose box holds its centre, so text drawn where no
line of the article is (pushed off the page, or into the running footer) is in no line."""

from __future__ import annotations

import ctypes
from array import array
from collections import defaultdict

import pypdfium2.raw as pdfium_c

from handout.check.boxes import (
    Placed,
    Rect,
    content_area,
    is_marker,
    repeated_headers,
    walk_boxes,
)
from handout.write.engine import boxes as B

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
        left, bottom, right, top = pdf_rect(content_area(document.pages[index]), height, 1)
        rects = [(pdf_rect(item.rect, height, 1), texts[id(item.box)]) for item in on_page]
        bands = index_of(rects)
        for x, y, char in zip(*characters(page.get_textpage())):
            if left <= x <= right and bottom <= y <= top:
                owner = line_at(x, y, rects, bands)
                if owner is not None:
                    owner.append(char)
    return "\n".join("".join(texts[id(item.box)]) for item in lines)


def characters(textpage) -> tuple[array, array, str]:
    """The x and y of each character on a page, the centre of its box in PDF points (the font's
    box: its height is the font's, whatever the glyph's ink), and the characters."""
    # pdfium's C calls with one reused out-parameter: a page has thousands of characters. No
    # object per character either: thousands of them would set off the garbage collector,
    # which then walks every box of the layout.
    raw = textpage.raw
    count = pdfium_c.FPDFText_CountChars(raw)
    rect = pdfium_c.FS_RECTF()
    out, char_box = ctypes.byref(rect), pdfium_c.FPDFText_GetLooseCharBox
    xs, ys = array("d", bytes(8 * count)), array("d", bytes(8 * count))
    for index in range(count):
        char_box(raw, index, out)
        xs[index] = (rect.left + rect.right) / 2
        ys[index] = (rect.top + rect.bottom) / 2
    return xs, ys, page_text(raw, count)


def page_text(raw, count: int) -> str:
    """The page's characters, one per character index (one C call for all of them when it can)."""
    buffer = ctypes.create_string_buffer(2 * (count + 1))
    written = pdfium_c.FPDFText_GetText(raw, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))
    text = buffer.raw[:2 * max(written - 1, 0)].decode("utf-16-le", errors="replace")
    if len(text) == count:
        return text
    # A character outside the Basic Multilingual Plane may take two indices: one by one, then.
    return "".join(chr(pdfium_c.FPDFText_GetUnicode(raw, index)) for index in range(count))


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
        (left, bottom, right, top), text = rects[number]
        if left <= x <= right and bottom <= y <= top:
            return text
    return None


def pdf_rect(area: Rect, height: float, margin: float) -> Rect:
    """A layout rectangle (CSS px, y down) as PDF points (y up), `margin` points larger all round."""
    left, top, right, bottom = (value * 0.75 for value in area)
    return left - margin, height - bottom - margin, right + margin, height - top + margin
