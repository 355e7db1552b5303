"""Which characters of the article no project font can draw (they would print as empty boxes)."""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from fontTools.ttLib import TTFont

from .check_items import Item
from .errors import Problem, error
from .project import FONTS


@lru_cache(maxsize=1)
def covered_characters() -> frozenset[int]:
    """Every code point some project font has a glyph for."""
    covered: set[int] = set()
    for path in sorted(FONTS.glob("*.ttf")):
        font = TTFont(path, lazy=True)
        covered.update(font.getBestCmap())
        font.close()
    return frozenset(covered)


def uncovered(items: list[Item], path: str) -> list[Problem]:
    """Errors for characters of the items that no project font covers, one per line."""
    covered = covered_characters()
    first_seen: dict[str, int] = {}
    for item in items:
        for char in item.text:
            if ord(char) not in covered and not char.isspace() and unicodedata.category(char)[0] != "C":
                first_seen.setdefault(char, item.line)
    by_line: dict[int, list[str]] = {}
    for char, line in first_seen.items():
        by_line.setdefault(line, []).append(char)
    return [error(path, line, "no embedded font has a glyph for "
                  + ", ".join(f"'{c}' (U+{ord(c):04X} {unicodedata.name(c, 'unnamed')})" for c in chars)
                  + "; it would print as an empty box", "glyph")
            for line, chars in sorted(by_line.items())]
