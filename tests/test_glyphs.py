"""The glyph check reads fonts only until every character is found, and still misses nothing."""

from fontTools.fontBuilder import FontBuilder
from fontTools.pens.t2CharStringPen import T2CharStringPen
from fontTools.ttLib import TTCollection, TTFont

from handout.check.glyphs import faces, font_characters, uncovered, without_glyph
from handout.check.items import Item

FONT_FILES = [path for path, _ in faces()]
ETHIOPIC = "\u1200\u1201\u1202"  # a script no project font draws


def test_a_character_only_a_later_font_draws_is_covered():
    first = font_characters(FONT_FILES[0])
    later = set().union(*map(font_characters, FONT_FILES[1:])) - first
    assert later, "the shipped fonts should not all cover the same characters"
    char = chr(min(later))
    assert without_glyph({char, "a"}) == set()


def test_characters_no_font_draws_are_all_reported():
    assert without_glyph({"a", "\U0001F600", ETHIOPIC[0]}) == {"\U0001F600", ETHIOPIC[0]}


def test_plain_text_reads_only_the_first_font():
    font_characters.cache_clear()
    assert without_glyph(set("Plain words, 12 (ok).")) == set()
    assert font_characters.cache_info().misses == 1


def test_uncovered_names_the_first_line_of_each_character():
    items = [Item("cell", "fine", 3), Item("cell", "smile \U0001F600", 5), Item("cell", "\U0001F600 again", 9)]
    problems = uncovered(items, "a.md")
    assert [(problem.line, "U+1F600" in problem.message) for problem in problems] == [(5, True)]


def tiny_font(characters: str, family: str) -> TTFont:
    """A CFF-flavoured OpenType font (as a .otf holds) with a triangle for each character."""
    glyphs = [".notdef"] + [f"uni{ord(char):04X}" for char in characters]
    builder = FontBuilder(1000, isTTF=False)
    builder.setupGlyphOrder(glyphs)
    builder.setupCharacterMap({ord(char): f"uni{ord(char):04X}" for char in characters})
    charstrings = {}
    for glyph in glyphs:
        pen = T2CharStringPen(500, None)
        pen.moveTo((0, 0))
        pen.lineTo((250, 500))
        pen.lineTo((500, 0))
        pen.closePath()
        charstrings[glyph] = pen.getCharString()
    builder.setupCFF(family.replace(" ", ""), {"FullName": family}, charstrings, {})
    builder.setupHorizontalMetrics({glyph: (500, 0) for glyph in glyphs})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": family, "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    return builder.font


def test_an_otf_font_is_read(tmp_path):
    tiny_font(ETHIOPIC[0], "Tiny").save(tmp_path / "Tiny-Regular.otf")
    assert faces(tmp_path) == [(tmp_path / "Tiny-Regular.otf", 0)]
    assert without_glyph(set(ETHIOPIC), tmp_path) == set(ETHIOPIC[1:])


def test_every_font_of_a_ttc_collection_in_a_subfolder_is_read(tmp_path):
    """Like fonts/cjk/: fontconfig reads the folders inside the fonts folder, and every font of a collection."""
    collection = TTCollection()
    collection.fonts = [tiny_font(ETHIOPIC[0], "Tiny One"), tiny_font(ETHIOPIC[1], "Tiny Two")]
    (tmp_path / "more").mkdir()
    collection.save(tmp_path / "more" / "Tiny.ttc")
    assert faces(tmp_path) == [(tmp_path / "more" / "Tiny.ttc", 0), (tmp_path / "more" / "Tiny.ttc", 1)]
    assert without_glyph(set(ETHIOPIC), tmp_path) == {ETHIOPIC[2]}
