"""The characters each glyph of a right-to-left line stands for, written the way PDF readers
read right-to-left text back.

A PDF draws a right-to-left line's glyphs from left to right, and every reader (pdfium,
poppler, PDF.js) turns each line back into reading order by reversing its right-to-left runs,
the characters a glyph stands for included. WeasyPrint maps a glyph that stands for several
characters (a cluster) in reading order, and only the cluster's first glyph: so a reader
reversed the lam-alef ligature of "لا تحبس نفسك" (don't hold your breath) into "ال" and lost
the "don't", and a letter that first appeared with a mark on it took the mark along to every
later use of the same glyph. Before WeasyPrint draws a right-to-left run, each glyph of it
not yet mapped is mapped here:
- a letter and its marks: each base glyph to a letter and each mark glyph to a mark, in order;
- a ligature (fewer glyphs than characters): its characters reversed, as the reader reverses
  them back (tests/test_right_to_left_text.py reads "لا" and "ملاحظة" back in pdfium and poppler).

Why not ActualText, as left-to-right lines get (write/actual_text.py): measured on the four
right-to-left fixtures, pdfium and poppler reverse an ActualText's characters as they reverse
drawn glyphs, so text in reading order read back as 2-8% of the words; in drawn order it
helped poppler but scrambled pdfium's word order (or PDF.js's, as spans split its text items),
and would be backwards for a reader that follows the PDF standard (docs/languages.md).
"""

from __future__ import annotations

import unicodedata

EMPTY_GLYPH = 0x0FFFFFFF  # PANGO_GLYPH_EMPTY; missing glyphs carry PANGO_GLYPH_UNKNOWN_FLAG, above it


def map_clusters(stream, textbox, line) -> None:
    """Map the glyphs of the right-to-left runs of `line` (a Pango line of `textbox`) that the
    font has not mapped yet, before draw_first_line maps them its own way."""
    from weasyprint.text.ffi import ffi

    from handout.harfbuzz import hb_font_of, is_mark
    utf8 = textbox.pango_layout.text.encode()
    run = line.runs
    while run != ffi.NULL:
        glyph_item, run = run.data, run.next
        if glyph_item.item.analysis.level % 2:
            pango_font = glyph_item.item.analysis.font
            font, _ = stream.add_font(pango_font)
            hb_font = hb_font_of(pango_font)
            for glyphs, text in clusters(glyph_item, utf8):
                marks = [glyph < EMPTY_GLYPH and is_mark(hb_font, glyph) for glyph in glyphs]
                for glyph, characters in cluster_map(glyphs, marks, text):
                    font.to_unicode.setdefault(glyph, characters)


def clusters(glyph_item, utf8: bytes):
    """(glyph ids, characters) of each cluster of a right-to-left run, in drawn order."""
    glyphs, item = glyph_item.glyphs, glyph_item.item
    count, offsets = glyphs.num_glyphs, glyphs.log_clusters
    start = 0
    while start < count:
        end = start
        while end < count and offsets[end] == offsets[start]:
            end += 1
        # Drawn right to left: the cluster's text ends where the cluster drawn before it begins.
        stop = item.length if start == 0 else offsets[start - 1]
        text = utf8[item.offset + offsets[start]:item.offset + stop].decode(errors="replace")
        yield [glyphs.glyphs[index].glyph for index in range(start, end)], text
        start = end


def cluster_map(glyphs: list[int], marks: list[bool], text: str) -> list[tuple[int, str]]:
    """What each glyph of a cluster stands for, as a reader reversing the line needs it: its
    letters to its base glyphs and its marks to its mark glyphs, each in order, when they are as
    many (fonts order a letter's glyphs and its marks' as they please); a ligature's letters to
    its one base glyph, reversed."""
    if any(glyph >= EMPTY_GLYPH for glyph in glyphs):
        return []  # Pango's flags for a glyph not drawn (a joiner) or missing from the font
    if len(glyphs) == 1:
        return [(glyphs[0], text[::-1])]
    letters = [char for char in text if not unicodedata.category(char).startswith("M")]
    signs = [char for char in text if unicodedata.category(char).startswith("M")]
    bases = [glyph for glyph, mark in zip(glyphs, marks) if not mark]
    on_them = [glyph for glyph, mark in zip(glyphs, marks) if mark]
    if len(on_them) != len(signs) or not (len(bases) == len(letters) or len(bases) == 1 and letters):
        return []  # any other cluster is left to WeasyPrint
    if len(bases) == 1:  # a ligature with marks on it (lam-alef with a tanween): its letters reversed
        return [(bases[0], "".join(reversed(letters)))] + list(zip(on_them, signs))
    return list(zip(bases, letters)) + list(zip(on_them, signs))
