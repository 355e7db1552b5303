"""Give each left-to-right line of text in the PDF an /ActualText: the characters it draws.

WeasyPrint maps each glyph back to characters with the font's /ToUnicode only. For scripts
whose glyphs are conjuncts or reordered vowel signs (Devanagari, Bengali, Thai), that map
cannot say which characters a glyph stands for, in what order, so pdfium (our text checks,
handout/check/pdf_text.py) read back only 5, 0 and 11 of 20 Hindi, Bengali and Thai list
items (tests/test_actual_text.py). Each line drawn inside
`/Span <</ActualText <FEFF…>>> BDC … EMC` reads back 20 of 20, and the pages render pixel for
pixel the same. A line all in ASCII gets no span: the Latin faces draw it one glyph per
character, which the font's map already reads back exactly, and inside a right-to-left line
(an isolated URL or number, render/bidi.py) pdfium would read a span's text twice.
Right-to-left lines get no span either (write/right_to_left_text.py says why): their
clusters' glyphs are mapped to characters the way readers read them back instead.

engine.py installs the wrapper as soon as WeasyPrint is loaded; `disabled()` is for tests.
"""

from __future__ import annotations

import functools
import inspect
import re
from contextlib import contextmanager

from handout.languages import has_right_to_left
from handout.write.right_to_left_text import map_clusters

WRAPPED = "weasyprint.draw.text.draw_first_line"
PARAMETERS = ("stream", "textbox", "text_overflow", "block_ellipsis", "matrix")
# Characters that draw nothing, so have no glyph for pdfium to report: the span leaves them
# out too, or the text read back would change (a soft hyphen mid-word, a word joiner, the
# controls that isolate a phone number in right-to-left text...).
# ZWJ/ZWNJ are kept, though pdfium alone mostly drops them: they are part of the spelling
# (क्ष with a ZWJ after the virama is drawn as a half form), and the text checks ignore them.
INVISIBLE = re.compile("[\u00ad\u200b\u200e\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff]")

enabled = True


@contextmanager
def disabled():
    """Draw text without the spans (tests compare the PDF with and without them)."""
    global enabled
    previous, enabled = enabled, False
    try:
        yield
    finally:
        enabled = previous


def drawn_text(textbox) -> str:
    """The characters of the line draw_first_line just drew: Pango's first line of the box's
    layout, which holds the text after text-transform and with a hyphen added at a break."""
    from weasyprint.text.ffi import pango
    line = pango.pango_layout_get_line_readonly(textbox.pango_layout.layout, 0)
    utf8 = textbox.pango_layout.text.encode()
    text = utf8[line.start_index:line.start_index + line.length].decode()
    return INVISIBLE.sub("", text).rstrip("\n")


def first_line(textbox):
    """The line draw_first_line draws (after the same single-paragraph setting, which re-lays it out)."""
    from weasyprint.text.ffi import pango
    pango.pango_layout_set_single_paragraph_mode(textbox.pango_layout.layout, True)
    return textbox.pango_layout.get_first_line()[0]


def right_to_left(textbox) -> bool:
    return textbox.style["direction"] == "rtl" or has_right_to_left(textbox.text)


def span(text: str) -> bytes:
    return b"/Span <</ActualText <FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">>> BDC"


def install() -> None:
    """Wrap WeasyPrint's draw_first_line (once); raise if WeasyPrint no longer has it as expected,
    so that an upgrade cannot switch the spans off without anyone noticing."""
    import weasyprint
    from weasyprint.draw import text as module  # engine.py has loaded WeasyPrint by now
    original = getattr(module, "draw_first_line", None)
    if getattr(original, "adds_actual_text", False):
        return
    found = tuple(inspect.signature(original).parameters) if callable(original) else "missing"
    # draw_text must still look the function up in its module, or the wrapper is never called.
    calls = getattr(getattr(module, "draw_text", None), "__code__", None)
    called = "draw_first_line" in getattr(calls, "co_names", ())
    if found != PARAMETERS or not called:
        raise RuntimeError(
            f"handout.write.actual_text wraps {WRAPPED}{PARAMETERS} as called by weasyprint.draw.text."
            f"draw_text, but in WeasyPrint {weasyprint.__version__} draw_first_line is {found} and "
            f"draw_text {'calls' if called else 'does not call'} it: update the wrapper")

    @functools.wraps(original)
    def draw_first_line(stream, textbox, text_overflow, block_ellipsis, matrix):
        if enabled and text_overflow != "ellipsis" and block_ellipsis == "none" and right_to_left(textbox):
            map_clusters(stream, textbox, first_line(textbox))
        start = len(stream.stream)
        emojis = original(stream, textbox, text_overflow, block_ellipsis, matrix)
        # An ellipsis replaces text the line still holds: leave such a line as WeasyPrint drew it.
        if enabled and len(stream.stream) > start and text_overflow != "ellipsis" and block_ellipsis == "none":
            text = drawn_text(textbox)
            if text.strip() and not text.isascii() and not has_right_to_left(text):
                # Inside BT…ET: allowed for marked content, and keeps WeasyPrint's BT/ET merging.
                stream.stream.insert(start, span(text))
                stream.stream.append(b"EMC")
        return emojis

    draw_first_line.adds_actual_text = True
    module.draw_first_line = draw_first_line
