"""Markdown body -> blocks of the content model, with file lines kept from `Token.map`."""

from __future__ import annotations

import re
from html import escape as html_escape

from markdown_it.token import Token

from handout.errors import Problem, error, warning
from handout.model import (
    Block,
    Callout,
    Cell,
    CodeBlock,
    Figure,
    Footnote,
    Heading,
    Image,
    Inline,
    ListBlock,
    Paragraph,
    Quote,
    Row,
    Rule,
    Table,
)
from handout.read.inline_text import (
    mark_printed_links,
    markdown_parser,
    plain_text,
    smart_text,
    walk,
)

CAPTION_PREFIX = "Table:"
ALERTS = ("note", "tip", "important", "warning", "caution")  # GitHub's alerts, `> [!NOTE]`
ALERT = re.compile(r"^\[!(\w+)\]\s*", re.IGNORECASE)
# markdown-it stops reading (and drops the rest) at maxNesting token levels; a list costs two
# levels per step, so refusing more than MAX_DEPTH quotes/list items keeps every word.
MAX_DEPTH = 15
MAX_HEADINGS = 300  # beyond this the contents list alone takes the PDF engine minutes
MAX_COLUMNS = 20  # wider tables cannot be read on any page, and take the engine minutes to refuse
MAX_BLOCKS = 4_000  # paragraphs, rows, items, headings: about a hundred pages, a minute of layout
# (A list item counts by the paragraph inside it.)
BLOCK_TOKENS = ("paragraph_open", "tr_open", "heading_open", "fence", "code_block", "hr")


class BlockReader:
    """Walks markdown-it's flat token list and builds model blocks, collecting problems."""

    def __init__(self, body: str, first_line: int, path: str, language: str = "en", smart: bool = True):
        self.parser = markdown_parser(language, smart)
        self.language = language
        self.source_lines = body.split("\n")
        self.first_line = first_line
        self.path = path
        # A note's back link (footnote_anchor) is the templates' to write, not a block of its own.
        env: dict = {}
        self.tokens = [token for token in self.parser.parse(body, env) if token.type != "footnote_anchor"]
        self.images: list[Image] = []
        self.footnotes: list[Footnote] = []
        self.problems: list[Problem] = limit_problems(self.tokens, first_line, path)
        self.problems += uncalled_notes(env, self.source_lines, first_line, path)
        self.table_count = 0

    def line(self, token: Token) -> int:
        return (token.map[0] if token.map else 0) + self.first_line

    def read_all(self) -> list[Block]:
        blocks, _ = self.read_blocks(0, closing=None)
        return blocks

    def read_blocks(self, index: int, closing: str | None) -> tuple[list[Block], int]:
        """Read blocks from `index` until the token of type `closing`; return them and the next index."""
        blocks: list[Block] = []
        while index < len(self.tokens):
            token = self.tokens[index]
            if token.type == closing:
                return blocks, index + 1
            block, index = self.read_block(index)
            if isinstance(block, Table) and blocks and caption_text(blocks[-1]):
                caption = self.caption_inline(blocks.pop())
                block = Table(caption, block.header, block.rows, block.line, block.anchor)
            if block is not None:
                blocks.append(block)
        return blocks, index

    def read_block(self, index: int) -> tuple[Block | None, int]:
        token = self.tokens[index]
        kind = token.type
        if kind == "paragraph_open":
            return self.paragraph(index)
        if kind == "heading_open":
            level = int(token.tag[1])
            return Heading(level, self.inline(self.tokens[index + 1]), self.line(token)), index + 3
        if kind in ("bullet_list_open", "ordered_list_open"):
            return self.list_block(index)
        if kind == "blockquote_open":
            alert = self.alert(index)
            blocks, after = self.read_blocks(index + 1, "blockquote_close")
            if alert and not blocks:
                self.problems.append(error(self.path, self.line(token), f"'> [!{alert.upper()}]' has no text: "
                                           "write it on the '>' lines after the marker"))
            if alert:
                return Callout(tuple(blocks), self.line(token), alert), after
            return Quote(tuple(blocks), self.line(token)), after
        if kind in ("fence", "code_block"):
            language = token.info.split()[0] if token.info.strip() else ""
            return CodeBlock(token.content, language, self.line(token)), index + 1
        if kind == "hr":
            return Rule(self.line(token)), index + 1
        if kind == "footnote_block_open":
            return None, self.footnote_block(index)
        if kind == "table_open":
            return self.table(index)
        # html_block cannot occur (html is off); anything else unknown is skipped loudly.
        self.problems.append(error(self.path, self.line(token), f"unsupported Markdown block '{kind}'"))
        return None, index + 1

    def footnote_block(self, index: int) -> int:
        """Read the footnotes' definitions (markdown-it gathers them at the end) into `footnotes`."""
        index += 1
        while self.tokens[index].type == "footnote_open":
            number = self.tokens[index].meta["id"] + 1
            blocks, index = self.read_blocks(index + 1, "footnote_close")
            paragraphs = [block.inline for block in blocks if hasattr(block, "inline")]
            line = blocks[0].line if blocks else 0
            text, printed = " ".join(p.text for p in paragraphs), " ".join(p.printed for p in paragraphs)
            self.footnotes.append(Footnote(number, Inline(" ".join(p.html for p in paragraphs), text,
                                                          printed if printed != text else ""), line))
        return index + 1

    def alert(self, index: int) -> str:
        """The kind of a GitHub-style alert opening the quote at `index` ('' for a plain quote),
        its `[!KIND]` marker taken out of the quote's first paragraph."""
        if self.tokens[index + 1].type != "paragraph_open":
            return ""
        inline = self.tokens[index + 2]
        children = inline.children or []
        marker = ALERT.match(children[0].content) if children and children[0].type == "text" else None
        if marker is None or marker.group(1).lower() not in ALERTS:
            return ""
        children[0].content = children[0].content[marker.end():]
        if not children[0].content and len(children) > 1 and children[1].type in ("softbreak", "hardbreak"):
            del children[:2]
        if not "".join(child.content for child in children).strip():  # the marker stood alone
            del self.tokens[index + 1:index + 4]
        return marker.group(1).lower()

    def paragraph(self, index: int) -> tuple[Paragraph | Figure, int]:
        token = self.tokens[index]
        self.flag_headerless_table(token)
        inline = self.tokens[index + 1]
        shown = [child for child in inline.children or [] if child.type != "softbreak" and
                 not (child.type == "text" and not child.content.strip())]
        if len(shown) == 1 and shown[0].type == "image" and shown[0].attrs.get("title"):
            return self.figure(inline, shown[0]), index + 3
        return Paragraph(self.inline(inline), self.line(token)), index + 3

    def figure(self, inline: Token, image: Token) -> Figure:
        """An image alone in its paragraph, its title as the caption (not also a tooltip)."""
        caption = str(image.attrs["title"]).strip()
        image = image.copy()
        image.attrs = {key: value for key, value in image.attrs.items() if key != "title"}
        if self.parser.options.get("typographer"):
            caption = smart_text(caption, self.language)
        return Figure(self.inline(inline, [image]), Inline(html_escape(caption), caption), self.line(inline))

    def list_block(self, index: int) -> tuple[ListBlock, int]:
        opening = self.tokens[index]
        closing = opening.type.replace("_open", "_close")
        items: list[tuple[Block, ...]] = []
        index += 1
        while self.tokens[index].type != closing:
            blocks, index = self.read_blocks(index + 1, "list_item_close")
            items.append(tuple(blocks))
        start = int(opening.attrs.get("start", 1)) if opening.type == "ordered_list_open" else 1
        return ListBlock(opening.type == "ordered_list_open", start, tuple(items), self.line(opening)), index + 1

    def table(self, index: int) -> tuple[Table, int]:
        opening = self.tokens[index]
        rows: list[Row] = []
        while self.tokens[index].type != "table_close":
            token = self.tokens[index]
            if token.type == "tr_open":
                row, index = self.table_row(index)
                rows.append(row)
            else:
                index += 1
        self.table_count += 1
        return Table(None, rows[0], tuple(rows[1:]), self.line(opening), f"table-{self.table_count}"), index + 1

    def table_row(self, index: int) -> tuple[Row, int]:
        opening = self.tokens[index]
        cells: list[Cell] = []
        index += 1
        while self.tokens[index].type != "tr_close":
            token = self.tokens[index]
            if token.type in ("th_open", "td_open"):
                align = re.sub(r"text-align:\s*", "", str(token.attrs.get("style", "")))
                cells.append(Cell(self.inline(self.tokens[index + 1]), align))
                index += 3
            else:
                index += 1
        written = count_cells(self.source_lines[opening.map[0]]) if opening.map else len(cells)
        return Row(tuple(cells), self.line(opening), written), index + 1

    def inline(self, token: Token, children: list[Token] | None = None) -> Inline:
        children = token.children if children is None else children
        mark_printed_links(children or [])
        html = self.parser.renderer.renderInline(children or [], self.parser.options, {})
        for child in walk(children or []):
            if child.type == "image":
                self.images.append(Image(str(child.attrs.get("src", "")), plain_text(child.children or []),
                                         self.line(token)))
        text, printed = plain_text(children or []).strip(), plain_text(children or [], printed=True).strip()
        for label in re.findall(r"\[\^([^\]\s]+)\]", text):  # a call the plugin found no note for stays text
            self.problems.append(error(self.path, self.line(token), f"footnote [^{label}] has no note: add a line "
                                       f"'[^{label}]: ...' after the paragraph (or at the end)"))
        return Inline(html.strip(), text, printed if printed != text else "")

    def caption_inline(self, paragraph: Paragraph) -> Inline:
        token = next(t for t in self.tokens if t.type == "inline" and t.map
                     and t.map[0] + self.first_line == paragraph.line)
        children = [child.copy() for child in token.children or []]
        children[0].content = children[0].content[len(CAPTION_PREFIX):].lstrip()
        return self.inline(token, children)

    def flag_headerless_table(self, token: Token) -> None:
        lines = self.source_lines[token.map[0]:token.map[1]] if token.map else []
        if lines and all(re.match(r"\s*\|.*\|\s*$", line) for line in lines):
            self.problems.append(error(
                self.path, self.line(token),
                "this looks like a table but has no header row: add a line like '| --- | --- |' "
                "under its first row"))


def uncalled_notes(env: dict, lines: list[str], first_line: int, path: str) -> list[Problem]:
    """A warning for each footnote written but never called: it would not be printed at all."""
    problems = []
    for key, number in env.get("footnotes", {}).get("refs", {}).items():
        if number == -1:  # defined, never referenced
            label = key[1:]
            line = next((index for index, text in enumerate(lines) if text.startswith(f"[^{label}]:")), 0)
            problems.append(warning(path, line + first_line, f"footnote [^{label}] is never called, so it is not "
                                                             f"printed: add [^{label}] where it belongs"))
    return problems


def limit_problems(tokens: list[Token], first_line: int, path: str) -> list[Problem]:
    """Nesting too deep to keep every word; too many headings, columns or blocks to lay out in time."""
    found = [too_deep(tokens), too_many_headings(tokens), too_wide(tokens), too_long(tokens)]
    return [error(path, (token.map[0] if token.map else 0) + first_line, message)
            for token, message in filter(None, found)]


def too_deep(tokens: list[Token]) -> tuple[Token, str] | None:
    depth = 0
    for token in tokens:
        depth += token.type in ("blockquote_open", "list_item_open")
        depth -= token.type in ("blockquote_close", "list_item_close")
        if depth > MAX_DEPTH:
            return token, (f"quotes and lists are nested more than {MAX_DEPTH} levels deep; "
                           "flatten them (nothing deeper would be shown)")
    return None


def too_many_headings(tokens: list[Token]) -> tuple[Token, str] | None:
    headings = [token for token in tokens if token.type == "heading_open"]
    if len(headings) <= MAX_HEADINGS:
        return None
    return headings[MAX_HEADINGS], (f"{len(headings):,} headings; the limit is {MAX_HEADINGS} and this is "
                                    f"heading {MAX_HEADINGS + 1} (split the article)")


def too_long(tokens: list[Token]) -> tuple[Token, str] | None:
    blocks = [token for token in tokens if token.type in BLOCK_TOKENS]
    if len(blocks) <= MAX_BLOCKS:
        return None
    return blocks[MAX_BLOCKS], (f"{len(blocks):,} paragraphs, rows, items and headings; the limit is "
                                f"{MAX_BLOCKS:,} and this is number {MAX_BLOCKS + 1:,} (split the article)")


def too_wide(tokens: list[Token]) -> tuple[Token, str] | None:
    table, columns = None, 0
    for token in tokens:
        if token.type == "table_open":
            table, columns = token, 0
        columns += token.type == "th_open"  # header cells: one per column
        if table is not None and columns > MAX_COLUMNS:
            return table, f"table has more than {MAX_COLUMNS} columns; no page or screen can show them"
    return None


def caption_text(block: Block) -> bool:
    return isinstance(block, Paragraph) and block.inline.text.startswith(CAPTION_PREFIX)


def count_cells(source_line: str) -> int:
    """Cells written in one pipe-table row, as GFM splits it (escaped `\\|` does not split)."""
    text = source_line.strip()
    cells, current, escaped = [], "", False
    for char in text:
        if escaped:
            current += char
            escaped = False
        elif char == "\\":
            current += char
            escaped = True
        elif char == "|":
            cells.append(current)
            current = ""
        else:
            current += char
    cells.append(current)
    if text.startswith("|"):
        cells = cells[1:]
    if text.endswith("|") and not text.endswith("\\|"):
        cells = cells[:-1]
    return len(cells)
