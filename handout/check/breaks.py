"""Page-break checks on the laid-out pages: rows split across pages, tables continuing without
their header, headings and FAQ questions stranded at a page's foot, and blank pages."""

from __future__ import annotations

from collections import defaultdict

from handout.check.boxes import LayoutFinding, Placed, describe, element_text
from handout.write.engine import boxes as B

HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
LEAD_IN_TAGS = HEADING_TAGS | {"caption"}
LEAD_IN_CLASSES = {"records-caption", "record-label"}  # a large-print table's caption and heads
# A body row taller than this share of the page's printable height may split across pages
# (a 1,500-character URL in a narrow column): kept whole, it would leave most of a page empty.
TALL_ROW = 0.5
# A large-print record (a row printed as a block of fields) may split between its fields from a
# quarter of a page: kept whole, each one pushed on leaves a third of a page empty, and a field
# is a complete unit (its head, then its text), never split itself.
TALL_RECORD = 0.25


def page_list(pages) -> str:
    """'page 3' or 'pages 2, 3, 4'."""
    numbers = sorted(pages)
    return f"page {numbers[0]}" if len(numbers) == 1 else "pages " + ", ".join(map(str, numbers))


def row_text(row) -> str:
    """A row named by its cells, shortened: 'Mind reading | "She did not reply, so…'."""
    return " | ".join(element_text(cell, 25) for cell in row)


def table_rows(placed: list[Placed]):
    """Yield (table item, row item, is header row) for every laid-out table row."""
    tables: dict[int, Placed] = {}
    in_thead = False
    for item in placed:
        box = item.box
        if isinstance(box, B.TableBox):
            tables.setdefault(id(item.table), item)
        elif isinstance(box, B.TableRowGroupBox):
            # By element, not by WeasyPrint's is_header: a thead restyled as a plain row group
            # still holds the header row, it just stops repeating.
            in_thead = box.element_tag == "thead"
        elif isinstance(box, B.TableRowBox) and item.table is not None:
            yield tables[id(item.table)], item, in_thead


def tall(rows: list[Placed], document, share: float | None = None) -> bool:
    """Whether a body row (its fragments) is too tall to be kept whole: it may split. `share`:
    of the page's height; by default a table row's (TALL_ROW) or a record's (TALL_RECORD)."""
    page = document.pages[rows[0].page - 1]._page_box
    if share is None:
        share = TALL_ROW if isinstance(rows[0].box, B.TableRowBox) else TALL_RECORD
    return sum(content_height(row.box) for row in rows) > share * page.height


def field_fragments(placed: list[Placed]) -> dict[int, list[Placed]]:
    """The fragments (one per page) of each large-print record's field, keyed by its element."""
    return block_fragments(placed, "record-field")


def tall_field(fragments: list[Placed], document) -> bool:
    """Whether a record's field is over half a page: it may split, as a tall row may."""
    return tall(fragments, document, TALL_ROW)


def split_fields(document, placed: list[Placed]) -> list[LayoutFinding]:
    """Fields of large-print records split across pages (a record may split between its fields,
    never inside one, unless the field alone is over half a page)."""
    return [LayoutFinding("split-row", fragments[0].page, fragments[0].line,
                          f"record field '{element_text(fragments[0].box.element, 60)}' is split "
                          f"across pages {fragments[0].page}-{fragments[-1].page}")
            for fragments in field_fragments(placed).values()
            if len(fragments) > 1 and not tall_field(fragments, document)]


def content_height(fragment) -> float:
    """How much of a row's (or a large-print record's) fragment its content fills: a fragment
    that ends a page runs to the page's foot, whatever it holds, so its own height overstates."""
    cells = fragment.children if isinstance(fragment, B.TableRowBox) else [fragment]
    used = 0.0
    for cell in cells:
        if cell.children:
            bottom = max(child.position_y + child.margin_height() for child in cell.children)
            used = max(used, bottom - cell.content_box_y())
    return used


def body_rows(placed: list[Placed]) -> dict[int, list[Placed]]:
    """The fragments of each table body row (one per page it is on), keyed by the row's element;
    a large-print record (a row printed as a block) is a row too."""
    parts: dict[int, list[Placed]] = defaultdict(list)
    for _, row, is_header in table_rows(placed):
        if not is_header:
            parts[id(row.box.element)].append(row)
    for key, fragments in block_fragments(placed, "record").items():
        parts[key] += fragments
    return parts


def block_fragments(placed: list[Placed], name: str) -> dict[int, list[Placed]]:
    """The fragments (one per page) of each block of class `name`, keyed by its element: its own
    box on each page, not the anonymous boxes inside it."""
    pages: dict[int, list[Placed]] = defaultdict(list)
    for item in placed:
        element = item.box.element
        if isinstance(item.box, B.BlockBox) and element is not None and name in (element.get("class") or "").split():
            fragments = pages[id(element)]
            if not fragments or fragments[-1].page != item.page:
                fragments.append(item)
    return pages


def headless_tables(placed: list[Placed]) -> list[Placed]:
    """Tables drawn on their first page without their header row: the engine drops a table's
    header when it cannot fit on a page together with the rows that must stay with it."""
    first: dict[int, Placed] = {}
    headed: set[int] = set()
    for table, row, is_header in table_rows(placed):
        first.setdefault(id(table.table), table)
        if is_header and row.page == first[id(table.table)].page:
            headed.add(id(table.table))
    return [table for key, table in first.items() if key not in headed
            and any(local(str(child.tag)) == "thead" for child in table.table)]


def local(tag: str) -> str:
    """An element's tag without its namespace."""
    return tag.rsplit("}", 1)[-1]


def row_findings(document, placed: list[Placed]) -> list[LayoutFinding]:
    """Body rows split across pages; tables that start or continue without (or strand) their
    header row."""
    body: dict[int, set[int]] = defaultdict(set)
    header: dict[int, set[int]] = defaultdict(set)
    tables: dict[int, Placed] = {}
    for table, row, is_header in table_rows(placed):
        tables[id(table.table)] = table
        (header if is_header else body)[id(table.table)].add(row.page)
    headless = {id(table.table) for table in headless_tables(placed)}
    findings = [LayoutFinding("split-row", rows[0].page, rows[0].line,
                              f"table row '{row_text(rows[0].box.element)}' is split across "
                              f"pages {rows[0].page}-{rows[-1].page}")
                for rows in body_rows(placed).values() if len({row.page for row in rows}) > 1
                and not tall(rows, document)]
    for key, table in tables.items():
        first = min(body[key] | header[key])
        bare = {page for page in body[key] if page > first} - header[key]
        if bare:
            findings.append(LayoutFinding("header-not-repeated", min(bare), table.line,
                                          f"{describe(table)} continues on {page_list(bare)} without its header row"))
        if key in headless:
            findings.append(LayoutFinding("header-missing", first, table.line,
                                          f"{describe(table)} starts on page {first} without its header row"))
        alone = header[key] - body[key]
        if alone and body[key]:
            findings.append(LayoutFinding("stranded-heading", min(alone), table.line,
                                          f"the header row of {describe(table)} is alone at the foot of "
                                          f"{page_list(alone)}, apart from its rows"))
    return findings


def stranded_lead_ins(document, placed: list[Placed]) -> list[Placed]:
    """Headings and captions that are the last line on a page while what they introduce (what
    follows them in their part) goes on on the next. A heading that ends its part, such as a
    book's title before the contents page, introduces nothing there."""
    last_line: dict[int, Placed] = {}
    for item in placed:
        if isinstance(item.box, B.LineBox) and item.box.children:
            last_line[item.page] = item
    candidates = [item for page, item in sorted(last_line.items()) if page < len(document.pages) and lead_in(item)]
    if not candidates:
        return []
    root = placed[0].box.element
    introducing = {id(child) for parent in root.iter() for child in list(parent)[:-1]}
    return [item for item in candidates
            if id(item.box.element) in introducing or (item.box.element.tail or "").strip()]


def lead_in(item: Placed) -> bool:
    """Whether a line belongs to a heading or a caption (a records table's labels count)."""
    element = item.box.element
    return element is not None and (item.box.element_tag in LEAD_IN_TAGS
                                    or not LEAD_IN_CLASSES.isdisjoint((element.get("class") or "").split()))


def stranded_findings(document, placed: list[Placed]) -> list[LayoutFinding]:
    """A heading, FAQ question or caption that is the last line on a page, apart from what it introduces."""
    findings = []
    for item in stranded_lead_ins(document, placed):
        element = item.box.element
        question = "faq-question" in (element.get("class") or "").split()
        caption = item.box.element_tag == "caption" or "records-caption" in (element.get("class") or "")
        what = "FAQ question" if question else "caption" if caption else "heading"
        follows = "its answer starts" if question else "its table starts" if caption else "the text under it starts"
        findings.append(LayoutFinding("stranded-heading", item.page, item.line,
                                      f"{what} '{element_text(element, 60)}' is the last line on page {item.page}; "
                                      f"{follows} on page {item.page + 1}"))
    return findings


def blank_findings(document, placed: list[Placed]) -> list[LayoutFinding]:
    """Pages with no text and no image on them, named by the source line that follows."""
    filled = {item.page for item in placed
              if isinstance(item.box, B.ReplacedBox) or isinstance(item.box, B.TextBox) and item.box.text.strip()}
    findings = []
    for number in range(1, len(document.pages) + 1):
        if number in filled:
            continue
        after = next((item.line for item in placed if item.page > number and item.line), None)
        where = f"; the text of line {after} follows it" if after else ""
        findings.append(LayoutFinding("blank-page", number, after, f"page {number} is blank{where}"))
    return findings


def break_findings(document, placed: list[Placed]) -> list[LayoutFinding]:
    """Every page-break finding of the laid-out document."""
    return (row_findings(document, placed) + split_fields(document, placed) + stranded_findings(document, placed)
            + blank_findings(document, placed))
