"""The PDF's text layer, read line by line where the layout put each line, the lines grouped by
their block (paragraph, cell, heading) and the blocks in the order they start.

Reading the page's text in drawing order would follow the engine's painting order instead:
list markers and floats are painted after the text beside them, and the cells of a table row
split over two pages come as the first part of every cell, then the rest. Each character of
the text layer (pdfium) goes to the line whose box holds its centre, so text drawn where no
line of the article is (pushed off the page, or into the running footer) is in no line.

Right-to-left lines are read by where their letters are drawn, not as the string pdfium
returns: readers disagree on the order of a right-to-left line (pdfium puts a line's second
half first when a digit or comma is in another font), but not on where each glyph is. Such a
line reads as the layout's own text of it (in logical order) when its right-to-left letters,
right to left across the page, are the layout's in order, and its other letters and digits as
many (same_letters); otherwise as pdfium returns it, so that a missing, extra or moved letter
fails the comparison with the article. Unmapped glyphs (flagged by pdfium) count as no letter.
Left-to-right lines carry their characters as ActualText (write/actual_text.py)."""

from __future__ import annotations

import ctypes
import unicodedata
from array import array
from collections import Counter, defaultdict

import pypdfium2.raw as pdfium_c
import regex

from handout.check.boxes import (
    Placed,
    Rect,
    content_area,
    is_marker,
    repeated_headers,
    walk_boxes,
)
from handout.languages import has_right_to_left
from handout.write.engine import boxes as B

BAND = 8.0  # points: lines are indexed by horizontal bands this tall, to find a character's line fast
MARGIN = 1.0  # points around each line's rectangle where its characters are still looked for
SAME_PLACE = 1.0  # points: letters drawn closer than this share a place (narrow Arabic letters are 2 pt apart)
UNMAPPED = "\ufffd"  # a character pdfium flags as not mapped back from its glyph
RIGHT_TO_LEFT_LETTERS = regex.compile(r"[\p{bc=R}\p{bc=AL}]")
OTHER_LETTERS = regex.compile(r"[\p{L}\p{N}--\p{bc=R}--\p{bc=AL}]", regex.V1)
MARKS = regex.compile(r"[\p{M}\u0640]")


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
    # Each line's characters, as pdfium gives them, and where each is drawn across the page.
    texts: dict[int, tuple[list[str], list[float]]] = {id(item.box): ([], []) for item in lines}
    # The layout's own text of each right-to-left line: such a line is read by its letters' places.
    right_to_left = {id(item.box): text for item in lines if (text := right_to_left_text(item.box)) is not None}
    by_page: dict[int, list[Placed]] = defaultdict(list)
    for item in lines:
        by_page[item.page - 1].append(item)
    # Words an SVG image draws (a wordmark logo, a labelled diagram) are the picture's, not the article's.
    images: dict[int, list[Placed]] = defaultdict(list)
    for item in placed:
        if isinstance(item.box, B.ReplacedBox):
            images[item.page - 1].append(item)
    for index, on_page in by_page.items():
        page = pdf_pages[index]
        height = page.get_size()[1]
        left, bottom, right, top = pdf_rect(content_area(document.pages[index]), height, 1)
        rects = [(pdf_rect(item.rect, height, MARGIN), texts[id(item.box)]) for item in on_page]
        bands = index_of(rects)
        pictures = [pdf_rect(item.rect, height, 0) for item in images[index]]
        # Only right-to-left lines ask which characters pdfium could not map back (a C call each).
        any_right_to_left = any(id(item.box) in right_to_left for item in on_page)
        for x, y, char in zip(*characters(page.get_textpage(), any_right_to_left)):
            if left <= x <= right and bottom <= y <= top and not inside(x, y, pictures):
                owner = line_at(x, y, rects, bands)
                if owner is not None:
                    owner[0].append(char)
                    owner[1].append(x)
    return "\n".join(line_text(*texts[id(item.box)], right_to_left.get(id(item.box))) for item in lines)


def inside(x: float, y: float, areas: list[Rect]) -> bool:
    """Whether a point (PDF points) is in one of the areas (as pdf_rect gives them)."""
    return any(left <= x <= right and bottom <= y <= top for left, bottom, right, top in areas)


def line_text(found: list[str], places: list[float], laid_out: str | None) -> str:
    """What the text layer says in a line (`found`, in pdfium's order); for a right-to-left line
    (`laid_out`: the layout's own text of it), that text, in logical order, when the text layer
    holds the same letters in the same places."""
    if laid_out is not None and same_letters(laid_out, found, places):
        return laid_out
    return "".join(found)


def right_to_left_text(line) -> str | None:
    """The layout's text of a line that is right to left, or in a right-to-left block (pdfium
    turns a Latin line there word by word); None for any other line."""
    text = "".join(box.text for box in walk_boxes(line) if isinstance(box, B.TextBox))
    return text if line.style["direction"] == "rtl" or has_right_to_left(text) else None


def same_letters(laid_out: str, found: list[str], places: list[float]) -> bool:
    """Whether a right-to-left line's text layer holds the layout's right-to-left letters in
    reading order (right to left across the page), and its other letters and digits (a number,
    a Latin name, which readers place as they see fit) as many times each.

    Readers do not agree on the order in which they return a right-to-left line: pdfium puts
    a line's second half first when a comma or digit is drawn in another font. Where each
    letter is drawn does not depend on the reader. Two letters drawn by one glyph (a lam-alef
    ligature, or the overlapping lam and alef of a lam-alef) share a place, and are read in the
    order the text layer gives them, which the map puts right (write/right_to_left_text.py).
    Marks, joiners, tatweel, spaces and punctuation are not compared: readers move or drop them."""
    want, got = folded(laid_out), folded(right_to_left_order(found, places))
    return (RIGHT_TO_LEFT_LETTERS.findall(want) == RIGHT_TO_LEFT_LETTERS.findall(got)
            and Counter(OTHER_LETTERS.findall(want)) == Counter(OTHER_LETTERS.findall(got)))


def right_to_left_order(found: list[str], places: list[float]) -> str:
    """The characters right to left across the page; those drawn in one place (within SAME_PLACE:
    the two glyphs of a lam-alef overlap) in the order the text layer gives them."""
    order = sorted(range(len(found)), key=lambda index: -places[index])
    groups: list[list[int]] = []
    for index in order:
        if groups and places[groups[-1][0]] - places[index] < SAME_PLACE:
            groups[-1].append(index)
        else:
            groups.append([index])
    return "".join(found[index] for group in groups for index in sorted(group))


def folded(text: str) -> str:
    """Text with compatibility forms unfolded (presentation forms, ligatures) and marks removed."""
    return MARKS.sub("", unicodedata.normalize("NFKD", text))


def characters(textpage, mark_unmapped: bool = False) -> tuple[array, array, str]:
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
    text = page_text(raw, count)
    if mark_unmapped and len(text) == count:  # one index per character: mark those pdfium could not map back
        flagged = pdfium_c.FPDFText_HasUnicodeMapError
        text = "".join(UNMAPPED if flagged(raw, index) else char for index, char in enumerate(text))
    return xs, ys, text


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
    """The text list of the innermost (last laid out) line holding the point, or None. A line's
    own rectangle counts before the point of margin around it: a raised glyph (an Arabic
    letter with its hamza) belongs to its own line, not to the margin of the line above."""
    held = [number for number in reversed(bands.get(int(y // BAND), ()))
            if rects[number][0][0] <= x <= rects[number][0][2] and rects[number][0][1] <= y <= rects[number][0][3]]
    for number in held:
        (left, bottom, right, top), text = rects[number]
        if left + MARGIN <= x <= right - MARGIN and bottom + MARGIN <= y <= top - MARGIN:
            return text
    return rects[held[0]][1] if held else None


def pdf_rect(area: Rect, height: float, margin: float) -> Rect:
    """A layout rectangle (CSS px, y down) as PDF points (y up), `margin` points larger all round."""
    left, top, right, bottom = (value * 0.75 for value in area)
    return left - margin, height - bottom - margin, right + margin, height - top + margin
