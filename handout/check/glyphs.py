"""Which characters of the article no project font can draw (they would print as empty boxes)."""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

from fontTools.ttLib import TTFont

from handout.check.items import Item
from handout.errors import Problem, error
from handout.resources import FONTS


@lru_cache(maxsize=None)
def font_characters(path: Path) -> frozenset[int]:
    """The code points one font has a glyph for."""
    font = TTFont(path, lazy=True)
    try:
        return frozenset(font.getBestCmap())
    finally:
        font.close()


def without_glyph(characters: set[str]) -> set[str]:
    """The characters no project font can draw. Fonts are read only until every character is
    found (reading a font's character map costs ~10 ms; most articles need only the first)."""
    missing = set(characters)
    for path in sorted(FONTS.glob("*.ttf")):
        if not missing:
            break
        covered = font_characters(path)
        missing = {char for char in missing if ord(char) not in covered}
    return missing


def uncovered(items: list[Item], path: str) -> list[Problem]:
    """Errors for characters of the items that no project font covers, one per line."""
    drawn = {char for item in items for char in item.text
             if not char.isspace() and unicodedata.category(char)[0] != "C"}
    missing = without_glyph(drawn)
    first_seen: dict[str, int] = {}
    for item in items:
        for char in item.text:
            if char in missing:
                first_seen.setdefault(char, item.line)
    by_line: dict[int, list[str]] = {}
    for char, line in first_seen.items():
        by_line.setdefault(line, []).append(char)
    return [error(path, line, "no embedded font has a glyph for "
                  + ", ".join(f"'{c}' (U+{ord(c):04X} {unicodedata.name(c, 'unnamed')})" for c in chars)
                  + "; it would print as an empty box", "glyph")
            for line, chars in sorted(by_line.items())]
