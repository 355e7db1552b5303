"""A worksheet table's columns sized by what is written in them, not by their header words.

A worksheet leaves most body cells empty to write in, so the engine, which sizes columns by
their content, would size them by the header alone: a long header ("Situation (be specific)")
next to a short one ("What I did") decides which answer gets room. Instead each column is one
of three kinds:
- `label`: filled in by the author (the rows' names: "Day 1", "Monday"): as wide as its names;
- `number`: a number or rating is written there (its header gives a range such as "(0-100)",
  "0–10", "%" or "/10", names a rating, or its filled cells are numbers): as narrow as its
  header's longest word;
- `text`: free text: the rest of the width, shared about equally (exactly while the other
  columns' words leave room for the shares).
Headers wrap between words; none of this hyphenates them (print.css)."""

from __future__ import annotations

import re

from handout.model import Table

# A range, a percentage or a score out of N, in any script's digits (\d matches them all).
NUMBER_HEADER = re.compile(r"\d+\s*[-–—~～]\s*\d+|%|/\s*\d+|\b\d+\s*(?:to|bis|a|à)\s*\d+\b", re.IGNORECASE)
# Words that name a number to write, in the languages whose labels the builder knows best.
NUMBER_WORDS = re.compile(
    r"\b(?:rating|rate|score|distress|intensity|suds|strength|how many|how much|number|times|minutes|hours|missed|slept|"
    r"puntuación|intensidad|número|veces|minutos|horas|note|intensité|nombre|fois|"
    r"bewertung|intensität|anzahl|wie oft|minuten|stunden)\b", re.IGNORECASE)
NUMBER_CELL = re.compile(r"^[\d\s.,:%/+-]+$")


def column_kinds(table: Table) -> list[str]:
    """'label', 'number' or 'text' for each of a worksheet table's columns."""
    kinds = []
    for column, head in enumerate(table.header.cells):
        cells = [row.cells[column].inline.text.strip() for row in table.rows if column < len(row.cells)]
        filled = [cell for cell in cells if cell]
        header = head.inline.text
        if filled and all(NUMBER_CELL.match(cell) for cell in filled) or NUMBER_HEADER.search(header) \
                or NUMBER_WORDS.search(header):
            kinds.append("number")
        elif cells and 2 * len(filled) > len(cells):
            kinds.append("label")
        else:
            kinds.append("text")
    return kinds


def column_widths(table: Table) -> list[tuple[str, str]]:
    """(kind, CSS width) for each column: `1%` for a number (the engine never makes a column
    narrower than its longest word, so that is what it gets), `auto` for a label (its names kept
    on one line where they fit), the rest shared equally by the free-text columns."""
    kinds = column_kinds(table)
    texts = kinds.count("text")
    share = f"{(100 - (len(kinds) - texts)) // texts}%" if texts else "auto"
    return [(kind, {"number": "1%", "text": share}.get(kind, "auto")) for kind in kinds]
