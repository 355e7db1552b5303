"""The font a worksheet's form fields write in (fillable: true), cut for the article's script.

A reader draws what a client types in the font the field names (its /DA), so that font must
hold the letters of the article's language: Noto Sans cut to Latin for Latin, Greek and
Cyrillic; for Arabic, Hebrew, Devanagari, Bengali and Thai the script's Noto Sans face with
Noto Sans's Latin merged in (digits and Latin words type in the same face); for Chinese,
Japanese and Korean the article's CJK face (fonts/cjk) cut to the characters in everyday use
(the first levels of GB 2312, Big5, JIS X 0208 and KS X 1001: the standard library's codecs
list them). The PDF engine embeds a field's font whole, so the cut keeps it small: about 12 KB
for Latin, 50-110 KB for the other alphabets, about 0.8 MB for Chinese."""

from __future__ import annotations

import base64
import functools
import io
import re

from handout.languages import intended_faces
from handout.resources import FONTS

LANG = re.compile(r'<(?:html|article|section)\b[^>]*\blang="([^"]+)"')
FIELD_FAMILY = "Handout Field"  # print.css's .field font
LATIN = "".join(chr(code) for code in range(0x20, 0x250)) + "‘’‚“”„–—…•€№"  # Latin, its punctuation
# The Noto Sans face of each script beyond Latin (the fields are set in sans, as on screen).
SCRIPT_FACES = {"arabic": "NotoSansArabic-Regular.ttf", "hebrew": "NotoSansHebrew-Regular.ttf",
                "devanagari": "NotoSansDevanagari-Regular.ttf", "bengali": "NotoSansBengali-Regular.ttf",
                "thai": "NotoSansThai-Regular.ttf"}
CJK_FACES = {"NotoSansCJKSC": "NotoSansCJKsc-Regular.otf", "NotoSansCJKTC": "NotoSansCJKtc-Regular.otf",
             "NotoSansCJKJP": "NotoSansCJKjp-Regular.otf", "NotoSansCJKKR": "NotoSansCJKkr-Regular.otf"}
# Everyday characters of each CJK face: a legacy codec and the lead bytes of its first level.
EVERYDAY = {"NotoSansCJKSC": ("gb2312", range(0xA1, 0xD8)), "NotoSansCJKTC": ("big5", range(0xA1, 0xC7)),
            "NotoSansCJKJP": ("euc_jp", range(0xA1, 0xD0)), "NotoSansCJKKR": ("euc_kr", range(0xA1, 0xC9))}


def with_field_font(html: str) -> str:
    """Print HTML with the fields' font declared in its head: for the script of its language
    (a book's first chapter in a script beyond Latin), with every character of `html` the face has."""
    used = "".join(sorted({char for char in html if char.isprintable()}))
    data = base64.b64encode(field_font(field_language(html), used)).decode("ascii")
    face = '@font-face { font-family: "%s"; src: url(data:font/ttf;base64,%s); }' % (FIELD_FAMILY, data)
    return html.replace("</head>", f"<style>{face}</style>\n</head>", 1)


def field_language(html: str) -> str:
    """The language whose script the fields are cut for: the first of the document's languages
    (its own, then its chapters') written in a script beyond Latin, else its own."""
    languages = LANG.findall(html) or ["en"]
    return next((tag for tag in languages if intended_faces(tag)[0]), languages[0])


def field_font(language: str, used: str = "") -> bytes:
    """The field font's file for `language`, holding also the characters of `used` it can."""
    script, faces = intended_faces(language)
    if script == "cjk":
        return cjk_font(faces[0], used)
    if script in SCRIPT_FACES:
        return merged_font(SCRIPT_FACES[script], used)
    return latin_font(used)


@functools.lru_cache(maxsize=8)
def latin_font(used: str) -> bytes:
    return saved(cut(FONTS / "NotoSans-Regular.ttf", set(LATIN) | set(used)))


@functools.lru_cache(maxsize=8)
def merged_font(face: str, used: str) -> bytes:
    """The script's face whole (a client may type any of its letters) with Noto Sans's Latin."""
    from fontTools.merge import Merger
    from fontTools.ttLib import TTFont
    script = TTFont(FONTS / face)
    letters = {chr(code) for code in script.getBestCmap()}
    parts = [io.BytesIO(saved(cut(FONTS / face, letters))),
             io.BytesIO(saved(cut(FONTS / "NotoSans-Regular.ttf", (set(LATIN) | set(used)) - letters)))]
    merged = Merger().merge(parts)
    merged["name"] = TTFont(parts[1])["name"]  # Noto Sans's names: one family, as the merged file is
    return saved(merged)


@functools.lru_cache(maxsize=4)
def cjk_font(face: str, used: str) -> bytes:
    codec, leads = EVERYDAY[face]
    everyday = "".join(bytes((lead, trail)).decode(codec, "ignore") for lead in leads for trail in range(0x40, 0xFF))
    font = cut(FONTS / "cjk" / CJK_FACES[face], set(LATIN) | set(used) | set(everyday))
    return saved(with_cids_as_glyph_ids(font))


def cut(path, characters: set[str]):
    from fontTools import subset
    from fontTools.ttLib import TTFont
    options = subset.Options()
    # No shaping tables: readers lay out typed text glyph by glyph, never through GSUB/GPOS.
    options.hinting, options.layout_features, options.name_IDs, options.notdef_outline = False, [], ["*"], True
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "JSTF"]
    font = TTFont(path)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(characters))
    subsetter.subset(font)
    return font


def with_cids_as_glyph_ids(font):
    """A CID-keyed CFF font whose glyph n is CID n. The PDF engine embeds the font as it is and
    writes glyph ids as CIDs; a cut keeps the original CIDs (glyph 900 could be CID 63280), so
    readers would draw the wrong characters. The glyphs are renamed in order."""
    order = font.getGlyphOrder()
    names = dict(zip(order, [".notdef"] + [f"cid{number:05d}" for number in range(1, len(order))]))
    top = font["CFF "].cff.topDictIndex[0]
    top.CharStrings.charStrings = {names[name]: index for name, index in top.CharStrings.charStrings.items()}
    top.charset = [names[name] for name in top.charset]
    for tag in ("hmtx", "vmtx"):
        if tag in font:
            font[tag].metrics = {names[name]: metrics for name, metrics in font[tag].metrics.items()}
    if "VORG" in font:
        font["VORG"].VOriginRecords = {names[name]: y for name, y in font["VORG"].VOriginRecords.items()}
    for table in font["cmap"].tables:
        table.cmap = {code: names[name] for code, name in table.cmap.items()}
    font.setGlyphOrder([names[name] for name in order])
    return font


def saved(font) -> bytes:
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()
