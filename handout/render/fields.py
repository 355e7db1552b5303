"""The font a worksheet's form fields write in (fillable: true): Noto Sans cut down to Latin and
the characters the handout itself uses. The PDF engine embeds a field's font whole, and the full
face would add 280 KB to a one-page sheet; the cut-down one adds about 12 KB."""

from __future__ import annotations

import base64
import functools
import io

from handout.resources import FONTS

FIELD_FAMILY = "Handout Field"  # print.css's .field font
LATIN = "".join(chr(code) for code in range(0x20, 0x250)) + "‘’‚“”„–—…•€№"  # Latin, its punctuation


def with_field_font(html: str) -> str:
    """Print HTML with the fields' font declared in its head: Latin and every character of `html`."""
    face = font_face("".join(sorted(set(LATIN) | {char for char in html if char.isprintable()})))
    return html.replace("</head>", f"<style>{face}</style>\n</head>", 1)


@functools.lru_cache(maxsize=8)
def font_face(characters: str) -> str:
    from fontTools import subset
    from fontTools.ttLib import TTFont
    options = subset.Options()
    options.hinting, options.layout_features, options.name_IDs, options.notdef_outline = False, [], ["*"], True
    font = TTFont(FONTS / "NotoSans-Regular.ttf")
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    out = io.BytesIO()
    font.save(out)
    data = base64.b64encode(out.getvalue()).decode("ascii")
    return '@font-face { font-family: "%s"; src: url(data:font/ttf;base64,%s); }' % (FIELD_FAMILY, data)
