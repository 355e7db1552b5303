"""The content model: frozen, plain data that every renderer and check reads.

Readers build it; nothing downstream parses Markdown again. Every block keeps the
1-based line in the source file it came from, so a check can point back at it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass, field
from typing import ClassVar, Union


@dataclass(frozen=True)
class Inline:
    """A run of inline Markdown, already turned into safe (escaped) XHTML, plus its plain text."""

    html: str
    text: str
    print_text: str = ""  # the text on paper when it differs: a link's address follows its text

    @property
    def printed(self) -> str:
        return self.print_text or self.text


@dataclass(frozen=True)
class Image:
    src: str  # as written, relative to the article's folder
    alt: str
    line: int


@dataclass(frozen=True)
class Paragraph:
    kind: ClassVar[str] = "paragraph"
    inline: Inline
    line: int


@dataclass(frozen=True)
class Figure:
    """An image alone in its paragraph with a title (`![alt](x.png "Caption")`): printed with its
    caption under it, the two kept together."""

    kind: ClassVar[str] = "figure"
    image: Inline  # the image's own markup
    caption: Inline
    line: int


@dataclass(frozen=True)
class Footnote:
    """A footnote (`[^1]: ...`), numbered in the order of its first call; its paragraphs run on."""

    number: int
    inline: Inline
    line: int


@dataclass(frozen=True)
class Heading:
    """A heading below the section levels (#### and deeper) kept inside a block list."""

    kind: ClassVar[str] = "heading"
    level: int
    inline: Inline
    line: int


@dataclass(frozen=True)
class ListBlock:
    kind: ClassVar[str] = "list"
    ordered: bool
    start: int
    items: tuple[tuple["Block", ...], ...]
    line: int


@dataclass(frozen=True)
class Quote:
    kind: ClassVar[str] = "quote"
    blocks: tuple["Block", ...]
    line: int


@dataclass(frozen=True)
class Callout(Quote):
    """A boxed aside from a GitHub-style alert (`> [!WARNING]`): a quote with a labelled kind, so
    whatever walks quotes walks callouts too."""

    kind: ClassVar[str] = "callout"
    alert: str = "note"  # "note", "tip", "important", "warning" or "caution"
    label: str = ""  # its printed label, in the article's language (set when rendering: render/html.py)


@dataclass(frozen=True)
class CodeBlock:
    kind: ClassVar[str] = "code"
    text: str
    language: str
    line: int


@dataclass(frozen=True)
class Rule:
    kind: ClassVar[str] = "rule"
    line: int


@dataclass(frozen=True)
class Cell:
    inline: Inline
    align: str  # "", "left", "center" or "right"


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]
    line: int
    written: int  # cells written in the source row; the parser pads or drops to the header's count


@dataclass(frozen=True)
class Table:
    kind: ClassVar[str] = "table"
    caption: Inline | None
    header: Row
    rows: tuple[Row, ...]
    line: int
    anchor: str

    @property
    def worksheet(self) -> bool:
        """A table to fill in: at least half of its body cells are empty on purpose (`| |`)."""
        cells = [cell for row in self.rows for cell in row.cells]
        return bool(cells) and 2 * sum(not cell.inline.text.strip() for cell in cells) >= len(cells)


Block = Union[Paragraph, Figure, Heading, ListBlock, Quote, CodeBlock, Rule, Table]


@dataclass(frozen=True)
class Section:
    """A `##` section (level 2) or `###` subsection (level 3)."""

    kind: ClassVar[str] = "section"
    level: int
    title: Inline
    anchor: str
    blocks: tuple[Block, ...]
    subsections: tuple["Section", ...]
    line: int


@dataclass(frozen=True)
class FaqItem:
    question: Inline
    answer: tuple[Block, ...]
    anchor: str
    line: int


@dataclass(frozen=True)
class Faq:
    """The `##` section named by `faq_heading`: `###` questions, each with its answer."""

    kind: ClassVar[str] = "faq"
    title: Inline
    anchor: str
    intro: tuple[Block, ...]
    items: tuple[FaqItem, ...]
    line: int


@dataclass(frozen=True)
class Prompt:
    """A reflection prompt: lines to write on ("text"), marks to circle ("scale", `low` to `high`,
    its ends explained by `low_label` and `high_label`), or boxes to tick ("checklist")."""

    text: str
    kind: str = "text"
    low: int = 0
    high: int = 10
    low_label: str = ""
    high_label: str = ""
    options: tuple[str, ...] = ()


@dataclass(frozen=True)
class Meta:
    title: str
    subtitle: str = ""
    author: str = ""
    date: dt.date | None = None
    language: str = "en"
    description: str = ""
    keywords: tuple[str, ...] = ()
    faq_heading: str = "Frequently Asked Questions"
    page_size: str = ""  # "" means: whatever the command line says
    reflection: tuple[Prompt, ...] = ()
    cover: str = ""
    fit: int = 0
    review_by: dt.date | None = None  # when the handout is due for review
    fillable: bool = False  # worksheet prompts and write-in table cells as PDF form fields
    smart: bool = True  # smart punctuation (curly quotes, dashes, ellipses), already applied to the text
    reading_grade: int = 0  # the practice's target reading grade (front matter, else handout.yaml); 0: none


@dataclass(frozen=True)
class Article:
    slug: str
    path: str  # as given on the command line; used in every message
    meta: Meta
    quick_answer: tuple[Block, ...]
    intro: tuple[Block, ...]
    body: tuple[Section | Faq, ...]
    images: tuple[Image, ...] = field(default=())
    footnotes: tuple[Footnote, ...] = field(default=())

    @property
    def faq(self) -> Faq | None:
        return next((part for part in self.body if isinstance(part, Faq)), None)

    @property
    def sections(self) -> tuple[Section, ...]:
        return tuple(part for part in self.body if isinstance(part, Section))

    @property
    def tables(self) -> list[Table]:
        """Every table of the article in reading order, those inside quotes and lists too."""
        groups = [self.quick_answer, self.intro]
        for part in self.body:
            if isinstance(part, Faq):
                groups += [part.intro] + [entry.answer for entry in part.items]
            else:
                groups += [part.blocks] + [sub.blocks for sub in part.subsections]
        return [table for group in groups for table in tables_in(group)]


def tables_in(blocks: tuple[Block, ...]):
    """Every table in a block list, including those inside quotes and lists."""
    for block in blocks:
        if isinstance(block, Table):
            yield block
        elif isinstance(block, Quote):
            yield from tables_in(block.blocks)
        elif isinstance(block, ListBlock):
            for entry in block.items:
                yield from tables_in(entry)


@dataclass(frozen=True)
class Practice:
    """The practice's branding from handout.yaml: name, contact line and logo, each optional."""

    name: str = ""
    contact: str = ""
    logo: str = ""  # the logo's file (checked when handout.yaml is read), printed before the name


def mapped(value, visit):
    """A copy of a model value in which `visit` replaced what it chose: `visit(part)` returns the
    replacement of a part (an Inline, a block), or None to go on into it."""
    replacement = visit(value)
    if replacement is not None:
        return replacement
    if isinstance(value, tuple):
        return tuple(mapped(item, visit) for item in value)
    if not dataclasses.is_dataclass(value) or isinstance(value, (type, Meta, Inline)):
        return value
    return dataclasses.replace(value, **{field.name: mapped(getattr(value, field.name), visit)
                                         for field in dataclasses.fields(value)})


def with_inlines(value, change):
    """A copy of a model value with `change` applied to every Inline in it (the article as
    printed, with its links' addresses; the EPUB's, with its images renamed)."""
    return mapped(value, lambda part: change(part) if isinstance(part, Inline) else None)
