"""The PDF's text layer, read line by line where the layout put each line, the lines grouped by
their block (paragraph, cell, heading) and the blocks in the order they start.

Reading the page's text in drawing order would follow the engine's painting order instead:
list markers and floats are painted after the text beside them, and the cells of a table row
split over two pages come as the first part of every cell, then the rest. Each character of
the text layer (pdfium) goes to the line whose box holds its centre, so text drawn where no
line of the article is (pushed off the page, or into the running footer) is in no line.

Right-to-left lines are read as letters, not as a string: pdfium returns a simple Arabic or
Hebrew line in logical order, but a lam-alef ligature reversed, marks moved and a Latin run
inside it word-reversed, brackets and quotation marks mirrored. Such a line reads as the
layout's own text of the line (which is in logical order) when the text layer holds the same
letters inside the line's rectangle (same_letters: a few unmapped glyphs aside), and as pdfium
returns it otherwise, so that a missing or extra letter still fails the comparison with the
article. Left-to-right lines need no such reading: they carry their characters as ActualText
(write/actual_text.py)."""

from __future__ import annotations

import ctypes
import unicodedata
from array import array
from collections import Counter, defaultdict

import pypdfium2.raw as pdfium_c

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
UNMAPPED = "\ufffd"  # a character pdfium flags as not mapped back from its glyph
LETTERS_PER_GLYPH = 2  # the most letters one glyph of a right-to-left line stands for (lam-alef)
STAND_IN_SHARE = 8  # at most one glyph in 8 of a right-to-left line may be read back as a stand-in
MIRRORED = str.maketrans(")]}>»›”’", "([{<«‹“‘")


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
    # The layout's own text of each right-to-left line: such a line is read by its letters.
    right_to_left = {id(item.box): text for item in lines if (text := right_to_left_text(item.box)) is not None}
    by_page: dict[int, list[Placed]] = defaultdict(list)
    for item in lines:
        by_page[item.page - 1].append(item)
    for index, on_page in by_page.items():
        page = pdf_pages[index]
        height = page.get_size()[1]
        left, bottom, right, top = pdf_rect(content_area(document.pages[index]), height, 1)
        rects = [(pdf_rect(item.rect, height, 1), texts[id(item.box)]) for item in on_page]
        bands = index_of(rects)
        # Only right-to-left lines ask which characters pdfium could not map back (a C call each).
        any_right_to_left = any(id(item.box) in right_to_left for item in on_page)
        for x, y, char in zip(*characters(page.get_textpage(), any_right_to_left)):
            if left <= x <= right and bottom <= y <= top:
                owner = line_at(x, y, rects, bands)
                if owner is not None:
                    owner.append(char)
    return "\n".join(line_text("".join(texts[id(item.box)]), right_to_left.get(id(item.box))) for item in lines)


def line_text(found: str, laid_out: str | None) -> str:
    """What the text layer says in a line (`found`, in pdfium's order); for a right-to-left line
    (`laid_out`: the layout's own text of it), that text, in logical order, when its letters
    are all there."""
    if laid_out is None:
        return found
    return laid_out if same_letters(laid_out, found) else found


def right_to_left_text(line) -> str | None:
    """The layout's text of a line that is right to left, or in a right-to-left block (pdfium
    turns a Latin line there word by word); None for any other line."""
    text = "".join(box.text for box in walk_boxes(line) if isinstance(box, B.TextBox))
    return text if line.style["direction"] == "rtl" or has_right_to_left(text) else None


def same_letters(laid_out: str, found: str) -> bool:
    """Whether the text layer holds the line's letters. WeasyPrint maps only the first glyph of
    a cluster (a mark inside a lam-alef, a medial form beside a mark) to its characters and
    the others to nothing, for every later use of those glyphs too; pdfium then reports the
    glyph's number as a character (flagged, or one the line does not have). So a few such
    stand-ins are allowed, each for at most two of the line's letters; no letter of the line
    may be extra (a repeated fragment) or missing otherwise (a hidden or clipped line)."""
    want, got = Counter(letters(laid_out)), Counter(letters(found))
    extra, missing = got - want, sum((want - got).values())
    stand_ins = sum(count for char, count in extra.items() if char == UNMAPPED or char not in want)
    return (stand_ins == sum(extra.values()) and stand_ins <= max(1, len(laid_out) // STAND_IN_SHARE)
            and missing <= LETTERS_PER_GLYPH * stand_ins)


def letters(text: str) -> list[str]:
    """The letters of `text`, sorted: no spaces, combining marks, bidi controls or zero-width
    characters, compatibility forms (presentation forms, ligatures) unfolded, and a bracket the
    same as its mirror image (a right-to-left line draws "(" as the glyph of ")"; pdfium swaps “ and ”)."""
    return sorted(char for char in unicodedata.normalize("NFKD", text).translate(MIRRORED)
                  if unicodedata.category(char)[0] in "LNPS")


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
