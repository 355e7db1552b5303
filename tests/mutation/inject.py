"""The fault kinds, and one builder a kind: what is changed, where, and what must come of it."""

from __future__ import annotations

import random
from dataclasses import dataclass

from soak import COMBINATIONS

from .edits import by_id, by_line, css_string, drop_list_item, duplicate_paragraph, reorder_faq, rule, template_diff
from .model import ArticleInfo, Part, TableInfo
from .words import LONG_WORD, has_words, tokens

# WeasyPrint lays a flex container out again and again across pages: a `.faq { display: flex }`
# of eight items took over 15 minutes. The CSS reordering faults go into FAQs of at most this many.
FLEX_ITEMS = 4
PAGE_BREAKS_NA = "page breaks are the reading system's business (check_epub.SCREEN_CODES)"
VERTICAL_NA = "the 6-inch screen is one long page: only its sides are checked"
CSS_ORDER_NA = "the EPUB checks read the documents' order, not the order styles draw (not claimed)"
RECORD_CLIP_NA = "a record is a table row in the EPUB, and max-height does not apply to table rows (no fault there)"
TEXT_ROLES = ("paragraph", "section-heading", "subsection-heading", "question", "minor-heading")
CLIP = "max-height: 1.2em; overflow: hidden;"
PUSHES = {"left": "position: relative; left: 250mm;", "top": "position: relative; top: 400mm;",
          "margin": "margin-left: -300mm; margin-right: 300mm;",
          "negative-left": "position: relative; left: -250mm;",
          "transform": "transform: translateX(250mm);"}
INVISIBLE = {"white": "color: #fff;", "near-white": "color: #f0f0f0;", "opacity": "opacity: 0.05;",
             "tiny": "font-size: 3pt;", "scale": "transform: scale(0.2);", "transparent": "color: transparent;",
             "dark-background": "background-color: #000;"}
TINY = ("tiny", "scale")  # printed smaller than 5 pt; the others print (nearly) no ink, or black on black


@dataclass
class Injection:
    """One fault in one article: the stylesheet or template, and how to tell it happened."""

    number: int
    kind: str
    variant: str
    seed: int
    combination: tuple[str, str]
    slug: str
    source: str  # the article's .md
    target: str  # in words: "paragraph at line 14"
    line: int | None = None
    css: str = ""  # the stylesheet given with --css (if any)
    template: str = ""  # the whole overriding parts/blocks.j2 (if any)
    template_change: str = ""  # what was changed in it, in words
    pdf_codes: tuple[str, ...] = ()
    epub_codes: tuple[str, ...] | None = None  # None: the fault is not one the EPUB checks claim
    epub_note: str = ""  # why the EPUB does not apply
    pdf_verify: tuple = ()
    epub_verify: tuple | None = None
    # Page-break faults happen only where a page ends: when the PDF shows no fault, the build is
    # tried again with each of these stylesheets (the same fault, the table moved down the page).
    retry_css: tuple[str, ...] = ()
    attempts: int = 1  # builds it took (the last one is the one reported)


@dataclass(frozen=True)
class Kind:
    """A fault kind: its name, its title in the report, its variants and where it runs."""

    name: str
    title: str
    variants: tuple[str, ...]
    combinations: tuple[tuple[str, str], ...] = COMBINATIONS


KINDS = (
    Kind("hidden-row", "hidden row", ("display", "visibility", "cells")),
    Kind("clipped", "clipped box", ("paragraph", "answer", "cell", "record")),
    Kind("pushed-off", "text pushed off the page", ("left", "top", "margin", "negative-left", "transform")),
    Kind("duplicated", "duplicated text", ("after", "before", "template")),
    Kind("split-row", "split row", ("scoped", "global")),
    Kind("split-record", "split row, large-print record", ("record",),
         tuple(combination for combination in COMBINATIONS if combination[1] == "large-print")),
    Kind("stranded", "stranded heading or caption",
         ("section", "subsection", "question", "minor", "records-caption", "record-label")),
    Kind("invisible", "tiny or invisible text", ("white", "near-white", "opacity", "tiny", "scale", "transparent",
                                                 "dark-background")),
    Kind("reordered-faq", "reordered FAQ", ("template-reverse", "template-swap", "css-reverse", "css-order")),
    Kind("dropped-item", "dropped list item", ("template", "css-display", "css-visibility")),
)
KIND = {kind.name: kind for kind in KINDS}


def inject(kind: str, variant: str, info: ArticleInfo, rng: random.Random, blocks_source: str = "",
           facts: dict | None = None) -> Injection | None:
    """One injection of `kind`/`variant` into the article, or None when it has no target for it."""
    made = INJECTORS[kind](variant, info, rng, blocks_source, facts or {})
    if made is None:
        return None
    made.kind, made.variant = kind, variant
    made.seed, made.combination, made.slug, made.source = info.seed, info.combination, info.slug, str(info.path)
    return made


def blank(target: str, line: int | None = None, **values) -> Injection:
    """An injection with its target and faults; `inject` fills in the rest."""
    return Injection(0, "", "", 0, ("", ""), "", "", target, line, **values)


def targets(info: ArticleInfo, roles: tuple[str, ...], least: int) -> list[Part]:
    """Parts of these roles that alone carry their data-line and have `least` words or more."""
    return [part for part in info.parts if part.role in roles and info.unique(part.line)
            and has_words(part.text, least)]


def pick(rng: random.Random, options: list):
    """A random one of `options`, or None when there are none."""
    return rng.choice(options) if options else None


def fragment_of(text: str, rng: random.Random) -> str:
    """Three to six consecutive words of `text` (no URL), or '' when it has too few."""
    words = [word for word in text.split() if len(word) <= LONG_WORD]
    if len(words) < 3:
        return ""
    size = rng.randint(3, min(6, len(words)))
    start = rng.randrange(0, len(words) - size + 1)
    fragment = " ".join(words[start:start + size])
    return fragment if len(tokens(fragment)) >= 2 else ""


def inject_hidden_row(variant, info, rng, blocks_source, facts):
    row = pick(rng, targets(info, ("row",), 2))
    if row is None:
        return None
    if variant == "cells":
        css = rule(f"{by_line(row.line)} > *", "visibility: hidden;")
    else:
        css = rule(by_line(row.line), "display: none;" if variant == "display" else "visibility: hidden;")
    words = tokens(row.text)
    cells = [cell for cell in dict(next(t for t in info.tables if t.anchor == row.context).rows)[row.line] if cell]
    return blank(f"table row at line {row.line}", row.line, css=css, pdf_codes=("pdf-text",),
                 epub_codes=("epub-hidden", "epub-text"), pdf_verify=("lost", cells, 0.9),
                 epub_verify=("layout", "hidden", "data-line", str(row.line), words))


def inject_clipped(variant, info, rng, blocks_source, facts):
    aimed = clip_target(variant, info, rng)
    if aimed is None:
        return None
    css, what, attr, value, words = aimed
    if variant == "record":  # the EPUB prints the row as a table row, which max-height does not apply to
        return blank(what, int(value), css=css, pdf_codes=("clipped",), epub_note=RECORD_CLIP_NA,
                     pdf_verify=("clipped", words))
    return blank(what, int(value) if attr == "data-line" else None, css=css, pdf_codes=("clipped",),
                 epub_codes=("clipped",), pdf_verify=("clipped", words),
                 epub_verify=("layout", "clipped", attr, value, words))


def clip_target(variant: str, info: ArticleInfo, rng: random.Random):
    """(css, target in words, attribute, value, words) of a box to clip, or None."""
    if variant == "paragraph":
        target = pick(rng, [part for part in targets(info, ("paragraph",), 30) if len(part.text) >= 240])
        if target is None:
            return None
        return rule(by_line(target.line), CLIP), f"paragraph at line {target.line}", "data-line", \
            str(target.line), tokens(target.text)
    if variant == "answer":
        target = pick(rng, [entry for entry in info.faq if info.unique(entry.line) and len(entry.answer) >= 240
                            and has_words(entry.answer, 30)])
        if target is None:
            return None
        return rule(f"{by_line(target.line)} + .faq-answer", CLIP), \
            f"FAQ answer to the question at line {target.line}", "id", target.anchor, tokens(target.answer)
    records = variant == "record"
    tables = {table.anchor: table for table in info.tables if info.records(table) == records}
    target = pick(rng, [part for part in info.parts if part.role == "row" and part.context in tables
                        and info.unique(part.line) and max(len(cell) for cell in dict(
                            tables[part.context].rows)[part.line]) >= (40 if records else 80)])
    if target is None:
        return None
    if records:
        css = rule(by_line(target.line), CLIP)
    else:
        css = rule(f"{by_line(target.line)} > *", "overflow: hidden; white-space: nowrap;") \
            + rule(by_id(target.context), "table-layout: fixed;")
    return css, f"table row at line {target.line}", "data-line", str(target.line), tokens(target.text)


def inject_pushed_off(variant, info, rng, blocks_source, facts):
    target = pick(rng, [part for part in targets(info, TEXT_ROLES, 3)
                        if not (part.role == "paragraph" and part.context == "list")])
    if target is None:
        return None
    words = tokens(target.text)
    vertical = variant == "top"
    screen = None if vertical else ("printed", "lost", [target.text]) if variant == "transform" else \
        ("layout", "pushed", "data-line", str(target.line), words)
    return blank(f"{target.role} at line {target.line}", target.line, css=rule(by_line(target.line), PUSHES[variant]),
                 pdf_codes=("overflow", "pdf-text"), epub_codes=None if vertical else ("overflow", "epub-hidden"),
                 epub_note=VERTICAL_NA if vertical else "", pdf_verify=("lost", [target.text], 0.5),
                 epub_verify=screen)


def inject_duplicated(variant, info, rng, blocks_source, facts):
    if variant == "template":
        return duplicate_by_template(info, rng, blocks_source)
    target = pick(rng, targets(info, TEXT_ROLES + ("row",), 1))
    sources = [part for part in info.parts if part.role in TEXT_ROLES + ("row",) and len(part.text.split()) >= 3]
    if target is None or not sources:
        return None
    fragment = ""
    for _ in range(20):
        origin = target if rng.random() < 0.3 and len(target.text.split()) >= 3 else rng.choice(sources)
        fragment = fragment_of(origin.text, rng)
        if fragment:
            break
    if not fragment:
        return None
    selector = by_line(target.line) + (" > :last-child" if target.role == "row" else "")
    content = css_string(" " + fragment) if variant == "after" else css_string(fragment + " ")
    css = rule(f"{selector}::{variant}", f"content: {content};")
    return blank(f"{target.role} at line {target.line}, {variant} it: '{fragment}'", target.line, css=css,
                 pdf_codes=("pdf-text",), epub_codes=("epub-hidden", "epub-text"), pdf_verify=("gained", [fragment]),
                 epub_verify=("layout", "pseudo", "data-line", str(target.line), [fragment]))


def duplicate_by_template(info: ArticleInfo, rng: random.Random, blocks_source: str) -> Injection | None:
    """A paragraph printed twice by an edited blocks.j2."""
    target = pick(rng, targets(info, ("paragraph",), 3))
    if target is None:
        return None
    template = duplicate_paragraph(blocks_source, target.line)
    return blank(f"paragraph at line {target.line}", target.line, template=template,
                 template_change=template_diff(blocks_source, template), pdf_codes=("pdf-text",),
                 epub_codes=("epub-text", "epub-hidden"), pdf_verify=("gained", [target.text]),
                 epub_verify=("xhtml-gained", [target.text]))


def inject_split_row(variant, info, rng, blocks_source, facts):
    crossing = facts.get("crossing", set())
    tables = [table for table in info.tables if not info.records(table) and len(table.rows) >= 3
              and sum(max(len(cell) for cell in cells) >= 60 for _, cells in table.rows) >= 2]
    if not tables:
        return None
    preferred = [table for table in tables if table.anchor in crossing] or tables
    table = rng.choice(preferred)
    scope = by_id(table.anchor) + " " if variant == "scoped" else ""
    css = rule(f"{scope}tr", "break-inside: auto;") + rule(f"{scope}td", "orphans: 1; widows: 1; line-height: 2.2;")
    where = "crosses a page in the clean build" if table.anchor in crossing else "on one page in the clean build"
    return blank(f"table '{table.anchor}' at line {table.line} ({len(table.rows)} rows; {where})", table.line,
                 css=css, pdf_codes=("split-row",), epub_note=PAGE_BREAKS_NA, pdf_verify=("split-row",),
                 retry_css=moved_down(css, table.anchor, rng))


def moved_down(css: str, anchor: str, rng: random.Random) -> tuple[str, ...]:
    """The fault again with the table pushed down the page by two random amounts."""
    # A page break that fell between two rows now falls somewhere else.
    offsets = sorted(rng.sample(range(15, 160, 5), 2))
    return tuple(css + rule(by_id(anchor), f"margin-top: {offset}mm;") for offset in offsets)


def inject_split_record(variant, info, rng, blocks_source, facts):
    tables = [table for table in info.tables if info.records(table) and len(table.rows) >= 2]
    if not tables:
        return None
    table = max(tables, key=lambda table: (sum(len(" ".join(cells)) for _, cells in table.rows), rng.random()))
    # A record may part between its fields (from a quarter of a page): the fault is a field,
    # its head and text, split over two pages.
    css = rule(f"{by_id(table.anchor)} .record", "break-inside: auto;") \
        + rule(f"{by_id(table.anchor)} .record-field", "break-inside: auto; break-after: auto; orphans: 1; widows: 1;")
    fields = [(line, field) for line, cells in table.rows for field in field_tokens(table, cells)]
    return blank(f"records table '{table.anchor}' at line {table.line} ({len(table.rows)} rows)", table.line,
                 css=css, pdf_codes=("split-row",), epub_note=PAGE_BREAKS_NA,
                 pdf_verify=("split-record", [field for _, field in fields], [line for line, _ in fields]),
                 retry_css=moved_down(css, table.anchor, rng))


def field_tokens(table: TableInfo, cells: tuple[str, ...]) -> list[list[str]]:
    """A record's fields' words as printed: each column's head, then the cell (an empty cell is
    left out with its head)."""
    return [tokens(head) + tokens(cell) for head, cell in zip(table.header, cells) if tokens(cell)]


def inject_stranded(variant, info, rng, blocks_source, facts):
    aimed = stranded_target(variant, info, rng)
    if aimed is None:
        return None
    css, lead, extra, what = aimed
    return blank(what, None, css=css, pdf_codes=("stranded-heading",), epub_note=PAGE_BREAKS_NA,
                 pdf_verify=("stranded", lead, extra))


def stranded_target(variant: str, info: ArticleInfo, rng: random.Random):
    """(css, lead-in words, words allowed beside them, target in words) of a lead-in to strand, or None."""
    roles = {"section": "section-heading", "subsection": "subsection-heading", "question": "question",
             "minor": "minor-heading"}
    if variant in roles:
        target = pick(rng, [part for part in targets(info, (roles[variant],), 1) if part.next_block])
        if target is None:
            return None
        css = rule(by_line(target.line), "break-after: auto;") \
            + rule(f"{by_line(target.line)} + *", "break-before: page;")
        return css, tokens(target.text), ["q"] if variant == "question" else [], f"{target.role} at line {target.line}"
    if variant == "records-caption":
        table = pick(rng, [table for table in info.tables if info.records(table) and table.caption
                           and has_words(table.caption, 1)])
        if table is None:
            return None
        css = rule(f"{by_id(table.anchor)} > .records-caption", "break-after: auto;") \
            + rule(f"{by_id(table.anchor)} > .records-caption + .record", "break-before: page;")
        return css, tokens(table.caption), [], f"caption of records table '{table.anchor}' at line {table.line}"
    # record-label: a column head printed above its cell
    chosen = pick(rng, [(table, line) for table in info.tables if info.records(table) and has_words(table.header[0], 1)
                        for line, cells in table.rows if cells[0].strip() and info.unique(line)])
    if chosen is None:
        return None
    table, line = chosen
    css = rule(f"{by_line(line)} > .record-field:first-child > .record-label", "break-after: page;")
    return css, tokens(table.header[0]), [], f"column head above the first cell of the row at line {line}"


def inject_invisible(variant, info, rng, blocks_source, facts):
    target = pick(rng, targets(info, TEXT_ROLES + ("row",), 2))
    if target is None:
        return None
    words = tokens(target.text)
    mode = "tiny" if variant in TINY else "dark" if variant == "dark-background" else "light"
    # A transform moves and scales what is drawn, not the layout's boxes, and a background is no
    # property of the text: for those the campaign prints the EPUB's 6-inch layout and looks at it.
    screen = ("printed", mode, words) if variant in ("scale", "dark-background") else \
        ("layout", "invisible", "data-line", str(target.line), words)
    return blank(f"{target.role} at line {target.line}", target.line,
                 css=rule(by_line(target.line), INVISIBLE[variant]), pdf_codes=("invisible",),
                 epub_codes=("invisible",), pdf_verify=("invisible", words, mode), epub_verify=screen)


def inject_reordered_faq(variant, info, rng, blocks_source, facts):
    entries = info.faq
    if len(entries) < 2 or not all(has_words(entry.question, 2) for entry in entries):
        return None
    questions = [entry.question for entry in entries]
    if variant.startswith("template"):
        swap = rng.randrange(len(entries) - 1)
        template = reorder_faq(blocks_source, "reverse" if variant == "template-reverse" else "swap", swap)
        what = "FAQ items reversed" if variant == "template-reverse" else \
            f"FAQ items {swap + 1} and {swap + 2} swapped (lines {entries[swap].line}, {entries[swap + 1].line})"
        return blank(what, entries[0].line, template=template, template_change=template_diff(blocks_source, template),
                     pdf_codes=("pdf-text",), epub_codes=("epub-text",), pdf_verify=("reordered", questions),
                     epub_verify=("xhtml-reordered", questions))
    if len(entries) > FLEX_ITEMS:
        return None
    if variant == "css-reverse":
        css, what = rule(".faq", "display: flex; flex-direction: column-reverse;"), "FAQ drawn in reverse order"
    else:
        css = rule(".faq", "display: flex; flex-direction: column;") + rule(by_id(entries[-1].anchor), "order: -1;")
        what = f"last FAQ item (line {entries[-1].line}) drawn first"
    return blank(what, entries[0].line, css=css, pdf_codes=("pdf-text",), epub_note=CSS_ORDER_NA,
                 pdf_verify=("reordered", questions))


def inject_dropped_item(variant, info, rng, blocks_source, facts):
    if variant == "template":
        entry = pick(rng, [entry for entry in info.entries if has_words(entry.text, 2)])
        if entry is None:
            return None
        template = drop_list_item(blocks_source, entry.list_line, entry.index)
        return blank(f"item {entry.index + 1} of the list at line {entry.list_line}",
                     entry.first_line or entry.list_line, template=template,
                     template_change=template_diff(blocks_source, template), pdf_codes=("pdf-text",),
                     epub_codes=("epub-text",), pdf_verify=("lost", list(entry.pieces), 0.9),
                     epub_verify=("xhtml-lost", list(entry.pieces)))
    entry = pick(rng, [entry for entry in info.entries if entry.first_line and has_words(entry.own_text, 2)])
    if entry is None:
        return None
    hide = "display: none;" if variant == "css-display" else "visibility: hidden;"
    words = tokens(entry.own_text)
    return blank(f"item {entry.index + 1} of the list at line {entry.list_line} (its text, line {entry.first_line})",
                 entry.first_line, css=rule(f"li > p{by_line(entry.first_line)}", hide), pdf_codes=("pdf-text",),
                 epub_codes=("epub-hidden", "epub-text"), pdf_verify=("lost", [entry.own_text], 0.9),
                 epub_verify=("layout", "hidden", "data-line", str(entry.first_line), words, "p"))


INJECTORS = {"hidden-row": inject_hidden_row, "clipped": inject_clipped, "pushed-off": inject_pushed_off,
             "duplicated": inject_duplicated, "split-row": inject_split_row, "split-record": inject_split_record,
             "stranded": inject_stranded, "invisible": inject_invisible, "reordered-faq": inject_reordered_faq,
             "dropped-item": inject_dropped_item}
