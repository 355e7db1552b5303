"""What a complete output must contain: the model's text items in source order."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from .model import Article, Block, Faq, ListBlock, Quote, Section, Table


@dataclass(frozen=True)
class Item:
    label: str  # e.g. "table cell (row 3, column 2)"
    text: str
    line: int


def expected_items(article: Article) -> list[Item]:
    """Every text item of the article, in reading order, as the checks look for it."""
    items = [Item("title", article.meta.title, 2)]
    items += block_items(article.quick_answer, "quick answer")
    items += block_items(article.intro, "paragraph")
    for part in article.body:
        items += part_items(part)
    return [item for item in items if normalise(item.text)]


def part_items(part: Section | Faq) -> list[Item]:
    """A section's or the FAQ's items: heading, text, questions and answers."""
    if isinstance(part, Faq):
        items = [Item("FAQ heading", part.title.text, part.line)] + block_items(part.intro, "paragraph")
        for entry in part.items:
            items.append(Item("FAQ question", entry.question.text, entry.line))
            items += block_items(entry.answer, f"FAQ answer to '{short(entry.question.text)}'")
        return items
    items = [Item("heading", part.title.text, part.line)] + block_items(part.blocks, "paragraph")
    for sub in part.subsections:
        items += [Item("heading", sub.title.text, sub.line)] + block_items(sub.blocks, "paragraph")
    return items


def block_items(blocks: tuple[Block, ...], label: str) -> list[Item]:
    """The text items of a block list, tables cell by cell."""
    items: list[Item] = []
    for block in blocks:
        if isinstance(block, Table):
            items += table_items(block)
        elif isinstance(block, ListBlock):
            for entry in block.items:
                items += block_items(entry, label)
        elif isinstance(block, Quote):
            items += block_items(block.blocks, label)
        elif hasattr(block, "inline"):
            items.append(Item(label, block.inline.text, block.line))
        elif hasattr(block, "text"):
            items.append(Item(label, block.text, block.line))
    return items


def table_items(table: Table) -> list[Item]:
    """A table's caption, header cells and body cells, each with its row's line."""
    items = [Item("table caption", table.caption.text, table.line)] if table.caption else []
    items += [Item(f"table header cell (column {col})", cell.inline.text, table.header.line)
              for col, cell in enumerate(table.header.cells, 1)]
    for number, row in enumerate(table.rows, 1):
        items += [Item(f"table cell (row {number}, column {col})", cell.inline.text, row.line)
                  for col, cell in enumerate(row.cells, 1)]
    return items


IGNORED = re.compile(r"[\s\u00ad\ufffe\x02\u200b\u200c\u200d\u2060\ufeff\-\u2010\u2011]+")


def normalise(text: str) -> str:
    """Compare text as a reader sees it: no whitespace, hyphens or ligature differences."""
    return IGNORED.sub("", unicodedata.normalize("NFKC", text))


def short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class Finding:
    item: Item
    problem: str  # "missing" or "out of order"


def find_in_order(items: list[Item], haystack: str) -> list[Finding]:
    """Look for each item after the previous one; report the missing and the misplaced."""
    findings: list[Finding] = []
    cursor = 0
    seen: Counter[str] = Counter()
    for item in items:
        needle = normalise(item.text)
        seen[needle] += 1
        at = haystack.find(needle, cursor)
        if at >= 0:
            cursor = at + len(needle)
        # Out of order only if the text is there more often than it was already matched:
        # a third "Yes | No" cell is missing, not misplaced, when the page holds two.
        elif haystack.count(needle) >= seen[needle]:
            findings.append(Finding(item, "out of order"))
        else:
            findings.append(Finding(item, "missing"))
    return findings
