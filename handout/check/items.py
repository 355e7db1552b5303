"""What a complete output must contain: the model's text items in source order, each exactly
once, with nothing between them but the design's own labels and list markers."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

from handout.labels import BODY_LABELS, labels_for
from handout.model import (
    Article,
    Block,
    Faq,
    Figure,
    Inline,
    ListBlock,
    Quote,
    Section,
    Table,
    with_inlines,
)
from handout.render.dates import review_lines


@dataclass(frozen=True)
class Item:
    label: str  # e.g. "table cell (row 3, column 2)"
    text: str
    line: int | None


def masthead_items(meta, practice=None, byline: bool = True) -> list[Item]:
    """The masthead as printed: the practice line (print only), title, subtitle, byline and
    review dates."""
    items = [Item("practice line", text, None) for text in (practice.name, practice.contact)] if practice else []
    items += [Item("title", meta.title, 2), Item("subtitle", meta.subtitle, None)]
    items += [Item("byline", meta.author, None)] if byline else []
    return items + [Item("review date", line, None) for line in review_lines(meta)]


def expected_items(article: Article, masthead: list[Item] | None = None, records: int = 0,
                   worksheets_stay: bool = False) -> list[Item]:
    """Every text item of the article, in reading order, as the checks look for it (`records`:
    tables of that many columns or more are printed row by row, each cell under its column's
    head; render.record_columns; `worksheets_stay`: worksheet tables stay grids, as on paper)."""
    items = masthead_items(article.meta) if masthead is None else list(masthead)
    records = (records, worksheets_stay)
    items += block_items(article.quick_answer, "quick answer", records)
    items += block_items(article.intro, "paragraph", records)
    for part in article.body:
        items += part_items(part, records)
    items += [item for prompt in article.meta.reflection for item in prompt_items(prompt)]
    return [item for item in items if normalise(item.text)]


def prompt_items(prompt) -> list[Item]:
    """A reflection prompt as printed: its text, then a scale's marks and the words at its ends,
    or a checklist's options."""
    items = [Item("reflection prompt", prompt.text, None)]
    if prompt.kind == "scale":
        marks = " ".join(str(mark) for mark in range(prompt.low, prompt.high + 1))
        items += [Item(f"scale of '{short(prompt.text)}'", marks, None),
                  Item("scale's low end", prompt.low_label, None), Item("scale's high end", prompt.high_label, None)]
    return items + [Item(f"option of '{short(prompt.text)}'", option, None) for option in prompt.options]


def printed_items(article: Article, masthead: list[Item], records: int) -> tuple[list[Item], list[Item]]:
    """What a printed handout must hold, as printed (links' addresses after their text, worksheet
    tables as grids): its items in reading order, and its footnotes, which float to the foot of
    whichever page calls them."""
    paper = on_paper(article)
    return expected_items(paper, masthead, records, worksheets_stay=True), footnote_items(paper)


def on_paper(article: Article) -> Article:
    """The article as printed: each link's address follows its text (print.css, `data-print`)."""
    return with_inlines(article, lambda inline: Inline(inline.html, inline.printed))


def part_items(part: Section | Faq, records: tuple[int, bool] = (0, False)) -> list[Item]:
    """A section's or the FAQ's items: heading, text, questions and answers."""
    if isinstance(part, Faq):
        items = [Item("FAQ heading", part.title.text, part.line)] + block_items(part.intro, "paragraph", records)
        for entry in part.items:
            items.append(Item("FAQ question", entry.question.text, entry.line))
            items += block_items(entry.answer, f"FAQ answer to '{short(entry.question.text)}'", records)
        return items
    items = [Item("heading", part.title.text, part.line)] + block_items(part.blocks, "paragraph", records)
    for sub in part.subsections:
        items += [Item("heading", sub.title.text, sub.line)] + block_items(sub.blocks, "paragraph", records)
    return items


def block_items(blocks: tuple[Block, ...], label: str, records: tuple[int, bool] = (0, False)) -> list[Item]:
    """The text items of a block list, tables cell by cell."""
    items: list[Item] = []
    for block in blocks:
        if isinstance(block, Table):
            columns, worksheets_stay = records
            as_records = columns and len(block.header.cells) >= columns and not (worksheets_stay and block.worksheet)
            items += record_items(block) if as_records else table_items(block)
        elif isinstance(block, ListBlock):
            for entry in block.items:
                items += block_items(entry, label, records)
        elif isinstance(block, Quote):
            items += block_items(block.blocks, label, records)
        elif isinstance(block, Figure):
            items.append(Item("figure caption", block.caption.text, block.line))
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


def record_items(table: Table) -> list[Item]:
    """A table printed as records: its caption, then each row's cells, each after its column's
    head; an empty cell is left out with its head, unless it is a worksheet's room to write."""
    items = [Item("table caption", table.caption.text, table.line)] if table.caption else []
    for number, row in enumerate(table.rows, 1):
        for col, (head, cell) in enumerate(zip(table.header.cells, row.cells), 1):
            if not cell.inline.text.strip():
                if table.worksheet:
                    items.append(Item(f"table header cell (column {col}) above row {number}", head.inline.text,
                                      table.header.line))
                continue
            items += [Item(f"table header cell (column {col}) above row {number}", head.inline.text, table.header.line),
                      Item(f"table cell (row {number}, column {col})", cell.inline.text, row.line)]
    return items


IGNORED_CHAR = r"[\s\u00ad\ufffe\x02\u200b-\u200f\u202a-\u202e\u2060\u2066-\u2069\ufeff\-\u2010\u2011]"
IGNORED = re.compile(IGNORED_CHAR + "+")


def normalise(text: str) -> str:
    """Compare text as a reader sees it: no whitespace, hyphens or ligature differences."""
    return IGNORED.sub("", unicodedata.normalize("NFKC", text))


def short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class Finding:
    item: Item
    problem: str  # "missing", "out of order", or for stray text "text before" / "text after"
    stray: str = ""  # the stray text itself

    def describe(self, place: str) -> str:
        """The finding in words, `place` saying where it was looked for ('in the text layer')."""
        if not self.stray:
            return f"{self.item.label} {self.problem} {place}: '{short(self.item.text)}'"
        return (f"{self.problem} {self.item.label} '{short(self.item.text, 40)}' {place} that the article does not "
                f"have there (repeated or stray): '{short(self.stray)}'")


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


PRACTICE_SEPARATOR = "·"  # print.css puts it between the practice's name and its contact line


def furniture_for(language: str) -> re.Pattern:
    """The furniture of a page in `language`: its labels and the FAQ marker (list markers are
    left out of the text the checks read)."""
    labels = labels_for(language)
    return furniture_pattern([*(labels[key] for key in BODY_LABELS), PRACTICE_SEPARATOR])


def furniture_pattern(labels) -> re.Pattern:
    """What the design adds between items: its labels, in any case."""
    words = sorted({folded(normalise(label)) for label in labels if normalise(label)}, key=len, reverse=True)
    return re.compile("(?:%s)*" % "|".join(re.escape(word) for word in words))


def folded(text: str) -> str:
    """`text` in any case: the labels are printed in capitals (text-transform), and Turkish
    capitals dot the i ("İÇİNDEKİLER"), which folds to i and a combining dot, and not the ı."""
    return text.casefold().replace("\u0307", "").replace("ı", "i")


def stray_text(items: list[Item], haystack: str, furniture: re.Pattern, raw: str = "") -> list[Finding]:
    """Text between (or after) the items that is neither an item nor the design's furniture: a
    repeated fragment, or text the article does not have. Meaningful once every item is found
    in order; `raw` (the text before normalising) lets the message quote it with its spaces."""
    findings: list[Finding] = []
    cursor = 0
    for item in items + [None]:
        needle = normalise(item.text) if item else ""
        at = haystack.find(needle, cursor) if item else len(haystack)
        gap = haystack[cursor:at]
        if at >= 0 and not furniture.fullmatch(folded(gap)):
            where = item or (items[-1] if items else Item("end", "", None))
            findings.append(Finding(where, "text before" if item else "text after", quoted(gap, raw)))
        cursor = at + len(needle) if at >= 0 else cursor
    return findings


def quoted(gap: str, raw: str) -> str:
    """The normalised `gap` as it reads in `raw`, spaces included (else as it is)."""
    found = re.search((IGNORED_CHAR + "*").join(re.escape(char) for char in gap[:80]), raw) if raw else None
    return " ".join(found[0].split()) if found else gap


def find_exactly_once(items: list[Item], raw: str, furniture: re.Pattern, floating: list[Item] = ()) -> list[Finding]:
    """Every item present, in order, and nothing else but furniture: each item exactly once.
    `floating` items (footnotes on paper, at the foot of whichever page calls them) are each
    looked for once anywhere, and taken out before the rest is read in order."""
    haystack = normalise(raw)
    findings: list[Finding] = []
    for item in floating:
        needle = normalise(item.text)
        count = haystack.count(needle)
        if count == 1:
            haystack = haystack.replace(needle, "", 1)
        else:
            findings.append(Finding(item, "missing" if count == 0 else "printed more than once"))
    return findings + (find_in_order(items, haystack) or stray_text(items, haystack, furniture, raw))


def footnote_items(article: Article) -> list[Item]:
    """Each footnote as both outputs show it: its number, then its text."""
    return [Item(f"footnote {note.number}", f"{note.number}. {note.inline.text}", note.line)
            for note in article.footnotes]
