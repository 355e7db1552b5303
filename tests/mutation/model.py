"""The article's parts a fault can be aimed at, read from the project's content model."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

RECORD_COLUMNS = 3  # large print prints a table of this many columns or more as records


@dataclass(frozen=True)
class Part:
    """One rendered element of the article the campaign can aim at."""

    role: str  # paragraph, section-heading, subsection-heading, question, minor-heading, row, table
    line: int  # its data-line (a table's: the table's first line)
    text: str
    context: str = ""  # paragraphs: body, list, answer, quote, quick; rows and tables: the table's anchor
    next_block: bool = True  # headings: whether something follows them in their part


@dataclass(frozen=True)
class TableInfo:
    """One table: its anchor, caption, header cells and body rows."""

    anchor: str
    line: int
    columns: int
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]  # (line, cells)


@dataclass(frozen=True)
class ListEntry:
    """One item of a list, with its text."""

    list_line: int
    index: int  # 0-based position in its list
    first_line: int  # the line of its first paragraph (0 if it does not start with one)
    own_text: str  # its first paragraph
    text: str  # everything in it, nested lists included
    pieces: tuple[str, ...] = ()  # the same, paragraph by paragraph


@dataclass(frozen=True)
class FaqEntry:
    """One FAQ item: its question and the text of its answer."""

    line: int
    question: str
    anchor: str
    answer: str


@dataclass
class ArticleInfo:
    """One generated article, its targets, and how its clean build went."""

    seed: int
    slug: str
    path: Path
    files: list[Path]  # the .md and its images, for --keep
    combination: tuple[str, str]
    parts: list[Part] = field(default_factory=list)
    tables: list[TableInfo] = field(default_factory=list)
    entries: list[ListEntry] = field(default_factory=list)
    faq: list[FaqEntry] = field(default_factory=list)
    line_counts: Counter = field(default_factory=Counter)
    clean_ok: bool = False
    clean_problems: list[str] = field(default_factory=list)
    clean_pdf: Path | None = None
    clean_epub: Path | None = None

    def unique(self, line: int) -> bool:
        """Whether exactly one rendered element carries this data-line."""
        return self.line_counts[line] == 1

    def records(self, table: TableInfo) -> bool:
        """Whether this article's variant prints `table` as records."""
        return printed_as_records(self.combination[1], table)


def printed_as_records(variant: str, table: TableInfo) -> bool:
    """Whether `variant` prints `table` as records rather than as a table."""
    return variant == "large-print" and table.columns >= RECORD_COLUMNS


def block_texts(blocks) -> list[str]:
    """The texts of a block list, one per paragraph, heading or cell, nested blocks included."""
    texts = []
    for block in blocks:
        if block.kind == "list":
            texts += [text for entry in block.items for text in block_texts(entry)]
        elif block.kind == "quote":
            texts += block_texts(block.blocks)
        elif block.kind == "table":
            texts += [cell.inline.text for row in (block.header, *block.rows) for cell in row.cells]
        elif hasattr(block, "inline"):
            texts.append(block.inline.text)
        elif hasattr(block, "text"):
            texts.append(block.text)
    return [text for text in texts if text]


def block_text(blocks) -> str:
    """All the text of a block list, nested blocks included."""
    return " ".join(block_texts(blocks))


def describe_article(info: ArticleInfo, article) -> ArticleInfo:
    """Fill in the parts, tables, list entries and FAQ of `info` from the content model."""
    info.line_counts = Counter()
    describe_blocks(info, article.quick_answer, "quick")
    describe_blocks(info, article.intro, "body")
    for part in article.body:
        info.line_counts[part.line] += 1
        if part.kind == "faq":
            describe_faq(info, part)
        else:
            describe_section(info, part)
    return info


def describe_faq(info: ArticleInfo, part) -> None:
    """The FAQ section's heading, intro, questions and answers."""
    info.parts.append(Part("section-heading", part.line, part.title.text, "faq",
                           next_block=bool(part.intro or part.items)))
    describe_blocks(info, part.intro, "body")
    for entry in part.items:
        info.line_counts[entry.line] += 1
        info.parts.append(Part("question", entry.line, entry.question.text, next_block=bool(entry.answer)))
        info.faq.append(FaqEntry(entry.line, entry.question.text, entry.anchor, block_text(entry.answer)))
        describe_blocks(info, entry.answer, "answer")


def describe_section(info: ArticleInfo, part) -> None:
    """A body section's heading and blocks, and its subsections'."""
    info.parts.append(Part("section-heading", part.line, part.title.text, "section",
                           next_block=bool(part.blocks or part.subsections)))
    describe_blocks(info, part.blocks, "body")
    for sub in part.subsections:
        info.line_counts[sub.line] += 1
        info.parts.append(Part("subsection-heading", sub.line, sub.title.text, next_block=bool(sub.blocks)))
        describe_blocks(info, sub.blocks, "body")


def describe_blocks(info: ArticleInfo, items, context: str) -> None:
    """The targets in a block list; `context` says where the list is (body, answer, ...)."""
    lines = info.line_counts
    for position, block in enumerate(items):
        kind = block.kind
        if kind == "paragraph":
            lines[block.line] += 1
            info.parts.append(Part("paragraph", block.line, block.inline.text, context))
        elif kind == "heading":
            lines[block.line] += 1
            info.parts.append(Part("minor-heading", block.line, block.inline.text, context,
                                   next_block=position < len(items) - 1))
        elif kind == "code":
            lines[block.line] += 1
        elif kind == "quote":
            describe_blocks(info, block.blocks, "quote")
        elif kind == "list":
            describe_list(info, block)
        elif kind == "table":
            describe_table(info, block)


def describe_list(info: ArticleInfo, block) -> None:
    """A list's entries, and the targets inside them."""
    info.line_counts[block.line] += 1  # <ul>/<ol> carry their line too
    for index, entry in enumerate(block.items):
        first = entry[0] if entry and entry[0].kind == "paragraph" else None
        info.entries.append(ListEntry(block.line, index, first.line if first else 0,
                                      first.inline.text if first else "", block_text(entry),
                                      tuple(block_texts(entry))))
        describe_blocks(info, entry, "list")


def describe_table(info: ArticleInfo, block) -> None:
    """A table, and each of its body rows as a target."""
    lines = info.line_counts
    rows = tuple((row.line, tuple(cell.inline.text for cell in row.cells)) for row in block.rows)
    info.tables.append(TableInfo(block.anchor, block.line, len(block.header.cells),
                                 block.caption.text if block.caption else "",
                                 tuple(cell.inline.text for cell in block.header.cells), rows))
    lines[block.line] += 1
    lines[block.header.line] += 1
    info.parts.append(Part("table", block.line, block_text([block]), block.anchor))
    for line, cells in rows:
        lines[line] += 1
        info.parts.append(Part("row", line, " ".join(cells), block.anchor))


def read_model(path: Path):
    """The project's content model of one article (the reader is the project's own)."""
    from handout.read.article import read_article
    article, _ = read_article(path, str(path))
    return article
