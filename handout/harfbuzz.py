"""HarfBuzz functions WeasyPrint does not declare, on the library it has already loaded: the
glyph a font gives a character, a glyph's class (base or mark), and text shaped as one piece.
Reached through cffi, as WeasyPrint reaches HarfBuzz; only ever called on fonts of a layout,
when WeasyPrint (handout/write/engine.py) has loaded the library."""

from __future__ import annotations

from functools import cache

from handout.ffi_cache import declared_ffi

MARK_CLASS = 3  # HB_OT_LAYOUT_GLYPH_CLASS_MARK: a glyph drawn on another (a vowel sign, a hamza)

HB = declared_ffi("""
typedef struct hb_font_t hb_font_t;
typedef struct hb_buffer_t hb_buffer_t;
typedef const struct hb_language_impl_t *hb_language_t;
typedef struct { uint32_t codepoint; uint32_t mask; uint32_t cluster; uint32_t var1; uint32_t var2; } hb_glyph_info_t;
int hb_font_get_nominal_glyph (hb_font_t *font, uint32_t unicode, uint32_t *glyph);
hb_font_t *hb_font_reference (hb_font_t *font);
void hb_font_destroy (hb_font_t *font);
hb_buffer_t *hb_buffer_create (void);
void hb_buffer_destroy (hb_buffer_t *buffer);
void hb_buffer_add_utf8 (hb_buffer_t *buffer, const char *text, int text_length, unsigned int item_offset, int item_length);
void hb_buffer_set_language (hb_buffer_t *buffer, hb_language_t language);
hb_language_t hb_language_from_string (const char *str, int len);
void hb_buffer_guess_segment_properties (hb_buffer_t *buffer);
void hb_shape (hb_font_t *font, hb_buffer_t *buffer, const void *features, unsigned int num_features);
hb_glyph_info_t *hb_buffer_get_glyph_infos (hb_buffer_t *buffer, unsigned int *length);
typedef struct hb_face_t hb_face_t;
hb_face_t *hb_font_get_face (hb_font_t *font);
int hb_ot_layout_get_glyph_class (hb_face_t *face, uint32_t glyph);
""", "harfbuzz")


@cache
def harfbuzz():
    """HarfBuzz, the library WeasyPrint has loaded (the same soname resolves to the same copy)."""
    return HB.dlopen("libharfbuzz.so.0")


def hb_font_of(pango_font):
    """The HarfBuzz font behind a Pango font (WeasyPrint's cffi pointer), as this module's type."""
    from weasyprint.text.ffi import ffi, pango
    return HB.cast("hb_font_t *", int(ffi.cast("uintptr_t", pango.pango_font_get_hb_font(pango_font))))


def nominal_glyph(hb_font, codepoint: int) -> int | None:
    """The glyph `hb_font` draws for a character alone, or None if it has none."""
    glyph = HB.new("uint32_t *")
    return glyph[0] if harfbuzz().hb_font_get_nominal_glyph(hb_font, codepoint, glyph) else None


def is_mark(hb_font, glyph: int) -> bool:
    """Whether the font's GDEF table classes the glyph as a mark."""
    return harfbuzz().hb_ot_layout_get_glyph_class(harfbuzz().hb_font_get_face(hb_font), glyph) == MARK_CLASS
