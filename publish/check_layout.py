"""Checks on WeasyPrint's laid-out pages: overflow, split rows, repeated headers,
stranded headings and blank pages. Boxes are traced back to source lines by `data-line`."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from weasyprint.formatting_structure import boxes as B

TOLERANCE = 0.5  # CSS px; rounding in the layout engine
MM_PER_PX = 25.4 / 96


@dataclass(frozen=True)
class LayoutFinding:
    code: str  # overflow, split-row, header-not-repeated, stranded-heading, blank-page
    page: int  # 1-based
    line: int | None
    message: str


@dataclass
class Placed:
    """A box with the page it is on and the nearest source line above it."""

    box: B.Box
    page: int
    line: int | None
    in_header: bool


def placed_boxes(document) -> list[Placed]:
    placed: list[Placed] = []

    def walk(box, page, line, in_header):
        element = getattr(box, "element", None)
        if element is not None and element.get("data-line"):
            line = int(element.get("data-line"))
        in_header = in_header or isinstance(box, B.TableRowGroupBox) and box.is_header
        placed.append(Placed(box, page, line, in_header))
        for child in getattr(box, "children", ()):
            walk(child, page, line, in_header)

    for number, page in enumerate(document.pages, 1):
        for child in page._page_box.children:
            if not isinstance(child, B.MarginBox):
                walk(child, number, None, False)
    return placed


def content_area(page) -> tuple[float, float, float, float]:
    box = page._page_box
    left, top = box.content_box_x(), box.content_box_y()
    return left, top, left + box.width, top + box.height


def overflow_findings(document, placed: list[Placed]) -> list[LayoutFinding]:
    """Text, images and tables that end past the right edge (or start before the left)."""
    findings: list[LayoutFinding] = []
    seen: set[tuple[int, int | None]] = set()
    for item in placed:
        box = item.box
        if not isinstance(box, (B.TextBox, B.ReplacedBox, B.TableBox)):
            continue
        left, _, right, _ = content_area(document.pages[item.page - 1])
        box_right = box.position_x + box.margin_width()
        past = max(box_right - right, left - box.position_x)
        if past > TOLERANCE and (item.page, item.line) not in seen:
            seen.add((item.page, item.line))
            what = describe(box)
            findings.append(LayoutFinding(
                "overflow", item.page, item.line,
                f"{what} runs {past * MM_PER_PX:.0f} mm past the edge of the printable area on page {item.page}"))
    return findings


def describe(box) -> str:
    if isinstance(box, B.TextBox):
        text = box.text if len(box.text) <= 40 else box.text[:39] + "…"
        return f"text '{text}'"
    if isinstance(box, B.ReplacedBox):
        return "an image"
    return "a table"


def row_findings(placed: list[Placed]) -> list[LayoutFinding]:
    """Body rows split across pages, and pages where a table's rows appear without its header."""
    pages_of_row: dict[int, list[Placed]] = defaultdict(list)
    body_pages: dict[int, set[int]] = defaultdict(set)
    header_pages: dict[int, set[int]] = defaultdict(set)
    table_line: dict[int, int | None] = {}
    current_table = None
    for item in placed:
        box = item.box
        if isinstance(box, B.TableBox):
            current_table = id(box.element)
            table_line[current_table] = item.line
        elif isinstance(box, B.TableRowBox) and current_table is not None:
            if item.in_header:
                header_pages[current_table].add(item.page)
            else:
                pages_of_row[id(box.element)].append(item)
                body_pages[current_table].add(item.page)
    findings = [LayoutFinding("split-row", parts[0].page, parts[0].line,
                              f"table row split across pages {parts[0].page}-{parts[-1].page}")
                for parts in pages_of_row.values() if len({p.page for p in parts}) > 1]
    for table, pages in body_pages.items():
        for page in sorted(pages - header_pages[table]):
            if len(pages) > 1:
                findings.append(LayoutFinding("header-not-repeated", page, table_line[table],
                                              f"table continues on page {page} without its header row"))
    return findings


HEADING_TAGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


def stranded_findings(document, placed: list[Placed]) -> list[LayoutFinding]:
    """A heading or FAQ question that is the last thing on a page, away from what follows."""
    last_line: dict[int, Placed] = {}
    for item in placed:
        if isinstance(item.box, B.LineBox) and item.box.children:
            last_line[item.page] = item
    findings = []
    count = len(document.pages)
    for page, item in last_line.items():
        tag = getattr(item.box, "element_tag", "")
        if tag in HEADING_TAGS and page < count:
            findings.append(LayoutFinding("stranded-heading", page, item.line,
                                          f"heading is the last line on page {page}, apart from its text"))
    return findings


def blank_findings(document, placed: list[Placed]) -> list[LayoutFinding]:
    filled = {item.page for item in placed
              if isinstance(item.box, (B.TextBox, B.ReplacedBox)) and getattr(item.box, "text", "x").strip()}
    return [LayoutFinding("blank-page", number, None, f"page {number} is blank")
            for number in range(1, len(document.pages) + 1) if number not in filled]


def layout_findings(document) -> list[LayoutFinding]:
    placed = placed_boxes(document)
    return (overflow_findings(document, placed) + row_findings(placed)
            + stranded_findings(document, placed) + blank_findings(document, placed))
