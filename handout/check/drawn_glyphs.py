"""The glyphs the PDF engine draws for a laid-out run of text, and text shaped by HarfBuzz
with the same font: what the shaping check (check/shaping.py) compares.

A TextBox keeps the Pango layout its line was shaped in; WeasyPrint frees it after layout and
sets it up again to draw (draw/text.py: reactivate, draw_first_line, deactivate), so reading
it the same way reads the very glyphs that are drawn, in the PDF and in the 6-inch layout of
the EPUB alike."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass

from handout.harfbuzz import HB, harfbuzz, hb_font_of, nominal_glyph
from handout.write.actual_text import first_line

DOTTED_CIRCLE = 0x25CC  # what HarfBuzz draws under a mark or vowel sign that has no letter to sit on

@dataclass(frozen=True)
class GlyphRun:
    """One run of a drawn line: its font (a HarfBuzz font, referenced while the check holds it),
    its glyph ids, and the bytes of the line's UTF-8 text it draws."""

    font: int  # the hb_font_t pointer as a number: which font, and the key to shape with it again
    glyphs: tuple[int, ...]
    start: int
    end: int


class Fonts:
    """The fonts of the runs read so far, kept alive (referenced) until the check is done, and
    each box's runs, read once."""

    def __init__(self):
        self.held: dict[int, object] = {}
        self.read: dict[int, list[GlyphRun]] = {}

    def runs(self, textbox) -> list[GlyphRun]:
        if id(textbox) not in self.read:
            self.read[id(textbox)] = drawn_runs(textbox, self)
        return self.read[id(textbox)]

    def run_at(self, textbox, index: int) -> GlyphRun | None:
        """The run that draws the character at `index` of the box's text."""
        at = len(textbox.text[:index].encode())
        return next((run for run in self.runs(textbox) if run.start <= at < run.end), None)

    def hold(self, hb_font) -> int:
        key = int(HB.cast("uintptr_t", hb_font))
        if key not in self.held:
            self.held[key] = harfbuzz().hb_font_reference(HB.cast("hb_font_t *", key))
        return key

    def dotted_circle(self, key: int) -> int | None:
        """The glyph the font draws for U+25CC, or None if it has none (HarfBuzz then draws nothing)."""
        return nominal_glyph(self.held[key], DOTTED_CIRCLE)

    def shaped(self, key: int, text: str, language: str) -> tuple[int, ...]:
        """The glyph ids HarfBuzz gives `text` in the font, as one piece."""
        lib = harfbuzz()
        buffer = lib.hb_buffer_create()
        try:
            data = text.encode()
            lib.hb_buffer_add_utf8(buffer, data, len(data), 0, len(data))
            if language:
                lib.hb_buffer_set_language(buffer, lib.hb_language_from_string(language.encode(), -1))
            lib.hb_buffer_guess_segment_properties(buffer)
            lib.hb_shape(self.held[key], buffer, HB.NULL, 0)
            count = HB.new("unsigned int *")
            infos = lib.hb_buffer_get_glyph_infos(buffer, count)
            return tuple(infos[index].codepoint for index in range(count[0]))
        finally:
            lib.hb_buffer_destroy(buffer)

    def release(self) -> None:
        for font in self.held.values():
            harfbuzz().hb_font_destroy(font)
        self.held.clear()
        self.read.clear()


@contextmanager
def held_fonts():
    fonts = Fonts()
    try:
        yield fonts
    finally:
        fonts.release()


def drawn_runs(textbox, fonts: Fonts) -> list[GlyphRun]:
    """The glyph runs of the box's line as the engine draws them (empty and missing glyphs left out)."""
    from weasyprint.text.ffi import ffi, pango
    layout = textbox.pango_layout
    active = hasattr(layout, "layout")
    if not active:
        layout.reactivate(textbox.style)
    try:
        runs, run = [], first_line(textbox).runs
        while run != ffi.NULL:
            item, run = run.data, run.next
            glyphs = item.glyphs
            ids = tuple(info.glyph for info in glyphs.glyphs[0:glyphs.num_glyphs]
                        if not info.glyph & pango.PANGO_GLYPH_UNKNOWN_FLAG and info.glyph != pango.PANGO_GLYPH_EMPTY)
            runs.append(GlyphRun(fonts.hold(hb_font_of(item.item.analysis.font)), ids,
                                 item.item.offset, item.item.offset + item.item.length))
        return runs
    finally:
        if not active:
            layout.deactivate()
