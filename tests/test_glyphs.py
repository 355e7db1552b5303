"""The glyph check reads fonts only until every character is found, and still misses nothing."""

from handout.check.glyphs import font_characters, uncovered, without_glyph
from handout.check.items import Item
from handout.resources import FONTS

FONT_FILES = sorted(FONTS.glob("*.ttf"))


def test_a_character_only_a_later_font_draws_is_covered():
    first = font_characters(FONT_FILES[0])
    later = set().union(*map(font_characters, FONT_FILES[1:])) - first
    assert later, "the shipped fonts should not all cover the same characters"
    char = chr(min(later))
    assert without_glyph({char, "a"}) == set()


def test_characters_no_font_draws_are_all_reported():
    assert without_glyph({"a", "\U0001F600", "\u4e2d"}) == {"\U0001F600", "\u4e2d"}


def test_plain_text_reads_only_the_first_font():
    font_characters.cache_clear()
    assert without_glyph(set("Plain words, 12 (ok).")) == set()
    assert font_characters.cache_info().misses == 1


def test_uncovered_names_the_first_line_of_each_character():
    items = [Item("cell", "fine", 3), Item("cell", "smile \U0001F600", 5), Item("cell", "\U0001F600 again", 9)]
    problems = uncovered(items, "a.md")
    assert [(problem.line, "U+1F600" in problem.message) for problem in problems] == [(5, True)]
