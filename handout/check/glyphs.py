"""Which characters of the article no project font can draw (they would print as empty boxes)."""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

from fontTools.ttLib import TTCollection, TTFont

from handout.check.items import Item
from handout.errors import Problem, error
from handout.languages import intended_faces
from handout.resources import FONTS, REQUIRED

FONT_SUFFIXES = (".ttf", ".otf", ".ttc")


@cache
def font_characters(path: Path, number: int = 0) -> frozenset[int]:
    """The code points one font has a glyph for (`number`: which font of a .ttc collection)."""
    font = TTFont(path, lazy=True, fontNumber=number if path.suffix.lower() == ".ttc" else -1)
    try:
        # Numbers for glyph names: the character map needs a name per glyph, and reading the
        # real ones (a CJK face's CFF charset) is half the cost of reading its map.
        font.setGlyphOrder([f"g{index}" for index in range(font["maxp"].numGlyphs)])
        return frozenset(font.getBestCmap())
    finally:
        font.close()


@cache
def collection_size(path: Path) -> int:
    """How many fonts a file holds: every font of a .ttc collection, one otherwise."""
    if path.suffix.lower() != ".ttc":
        return 1
    with TTCollection(path, lazy=True) as collection:
        return len(collection.fonts)


def faces(folder: Path = FONTS, first: tuple[str, ...] = ()) -> list[tuple[Path, int]]:
    """Every font the PDF engine sees (fontconfig reads `folder` and the folders in it, such as
    the CJK fonts' cjk/), as (file, number in the file). The faces named `first` come first (the
    article's own script's), then the text faces of REQUIRED in its order: Latin, which most
    articles need alone; then the others by path."""
    order = {name: place for place, name in enumerate(REQUIRED["fonts"])}
    first = tuple(name.lower() for name in first)
    paths = sorted((path for path in folder.rglob("*") if path.suffix.lower() in FONT_SUFFIXES),
                   key=lambda path: (not path.stem.lower().startswith(first) if first else True,
                                     order.get(path.name, len(order)) if path.parent == folder else len(order),
                                     str(path)))
    return [(path, number) for path in paths for number in range(collection_size(path))]


def without_glyph(characters: set[str], folder: Path = FONTS, first: tuple[str, ...] = ()) -> set[str]:
    """The characters no project font can draw. Fonts are read only until every character is
    found (reading a font's character map costs ~10 ms, a CJK face's ~40 ms; most articles need
    only the first, or their own script's face and the first)."""
    missing = set(characters)
    for path, number in faces(folder, first):
        if not missing:
            break
        covered = font_characters(path, number)
        missing = {char for char in missing if ord(char) not in covered}
    return missing


def uncovered(items: list[Item], path: str, language: str = "en") -> list[Problem]:
    """Errors for characters of the items that no project font covers, one per line."""
    drawn = {char for item in items for char in item.text
             if not char.isspace() and unicodedata.category(char)[0] != "C"}
    missing = without_glyph(drawn, first=intended_faces(language)[1])
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
            for line, chars in sorted(by_line.items(), key=lambda entry: entry[0] or 0)]
