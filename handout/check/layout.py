"""Checks on WeasyPrint's laid-out pages: nothing past the printable area, nothing cut off by a
clipping box, no text painted invisibly; plus the page-break checks of check_breaks.
Boxes are traced back to source lines by `data-line`."""

from __future__ import annotations

from collections import defaultdict

from handout.check.boxes import (
    TOLERANCE,
    LayoutFinding,
    Placed,
    blend,
    content_area,
    describe,
    is_marker,
    mm,
    placed_boxes,
    repeated_headers,
    walk_boxes,
)
from handout.check.breaks import break_findings
from handout.check.footnote_pages import footnote_page_findings
from handout.check.shaping import shaping_findings
from handout.write.engine import boxes as B

__all__ = ["LayoutFinding", "Placed", "placed_boxes", "content_area", "layout_findings", "overflow_findings",
           "clipped_findings", "invisible_findings", "shaping_findings", "visible_text"]

MIN_CONTRAST = 1.5  # WCAG contrast ratio; below this text is all but invisible on its background
MIN_POINTS = 5.0  # smaller text is a smudge on paper; footers (8 pt) are margin boxes, never checked


def grouped(raw: list[tuple[tuple, int, LayoutFinding]]) -> list[LayoutFinding]:
    """One finding per key (the first page it happens on), noting how many later pages repeat it."""
    pages: dict[tuple, list[int]] = defaultdict(list)
    first: dict[tuple, LayoutFinding] = {}
    for key, page, finding in raw:
        first.setdefault(key, finding)
        pages[key].append(page)
    findings = []
    for key, finding in first.items():
        more = len(set(pages[key])) - 1
        extra = f" (and on {more} later page{'s' if more > 1 else ''})" if more else ""
        findings.append(LayoutFinding(finding.code, finding.page, finding.line, finding.message + extra))
    return findings


def overflow_findings(document, placed: list[Placed], bottom: bool = True) -> list[LayoutFinding]:
    """Tables, images and text that run past the printable area's edges (the foot too if `bottom`)."""
    raw = []
    wide_tables: set[int] = set()
    for item in placed:
        box = item.box
        if not isinstance(box, (B.TextBox, B.ReplacedBox, B.TableBox, B.LineBox)):
            continue
        if item.table is not None and id(item.table) in wide_tables and not isinstance(box, B.TableBox):
            continue  # the table's own finding already names it; its cells would only repeat it
        # Text is held to the page's foot by its line: with leading under the font's own line
        # spacing, a glyph's box rightly overhangs its line (and the page area) by a fraction
        # of a millimetre. Sideways, the text itself counts: a long word overflows its line.
        edge, past = overshoot(item.rect, content_area(document.pages[item.page - 1]),
                               bottom=bottom and isinstance(box, (B.ReplacedBox, B.LineBox)),
                               sides=not isinstance(box, B.LineBox))
        if past > TOLERANCE:
            if isinstance(box, B.TableBox):
                wide_tables.add(id(item.table))
            what = describe(item)
            # One finding per source line and kind of box: a squeezed paragraph overflows word
            # by word, and naming its first overflowing word is enough to find it.
            raw.append(((item.line, type(box)), item.page, LayoutFinding(
                "overflow", item.page, item.line,
                f"{what} runs {mm(past)} past the {edge} edge of the printable area on page {item.page}")))
    return grouped(raw)


def overshoot(rect, area, bottom: bool = True, sides: bool = True) -> tuple[str, float]:
    """Which edge of `area` the rectangle crosses furthest, and by how much (CSS px)."""
    left, top, right, low = rect
    edges = [("right", right - area[2]), ("left", area[0] - left)] if sides else [("right", float("-inf"))]
    if bottom:
        edges.append(("bottom", low - area[3]))
    return max(edges, key=lambda edge: edge[1])


def clipped_findings(placed: list[Placed]) -> list[LayoutFinding]:
    """Text and images that a box with `overflow: hidden` (or a fixed height) cuts off."""
    raw = []
    for item in placed:
        if item.clip is None or not isinstance(item.box, (B.TextBox, B.ReplacedBox)):
            continue
        edge, past = overshoot(item.rect, item.clip)
        if past > TOLERANCE and (not isinstance(item.box, B.TextBox) or item.box.text.strip()):
            raw.append(((item.line,), item.page, LayoutFinding(
                "clipped", item.page, item.line,
                f"{describe(item)} is cut off on page {item.page}: it runs {mm(past)} past the {edge} edge "
                "of a box that hides its overflow")))
    return grouped(raw)


def luminance(colour: tuple[float, float, float]) -> float:
    """Relative luminance of an sRGB colour (WCAG 2)."""
    def linear(value):
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4
    red, green, blue = (linear(value) for value in colour)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first, second) -> float:
    """WCAG contrast ratio of two sRGB colours, 1 to 21."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def unreadable(item: Placed) -> str:
    """Why a text box cannot be read on paper, or '' if it can."""
    box = item.box
    # The text's own alpha and its ancestors' opacity both fade it into the background.
    ratio = contrast(blend(box.style["color"], item.background, item.opacity), item.background)
    if ratio < MIN_CONTRAST:
        return f"invisible on page {item.page}: contrast {ratio:.1f}:1 with its background"
    size = box.style["font_size"] * 0.75 * item.scale  # CSS px -> pt, as drawn (a transform may shrink it)
    return f"too small to read on page {item.page}: {size:.1f} pt" if size < MIN_POINTS else ""


def invisible_findings(placed: list[Placed]) -> list[LayoutFinding]:
    """Text painted (nearly) in its background's colour, or tiny: in the text layer, not on paper."""
    raw = []
    for item in placed:
        box = item.box
        if isinstance(box, B.TextBox) and box.text.strip() and box.style["visibility"] == "visible":
            why = unreadable(item)
            if why:
                raw.append(((item.line,), item.page, LayoutFinding(
                    "invisible", item.page, item.line, f"{describe(item)} is {why}")))
    return grouped(raw)


def visible_text(placed: list[Placed]) -> str:
    """The text a reader sees, block by block in document order; hidden boxes and list markers left out."""
    # Blocks in document order, not layout order: a table row split across pages is laid out
    # as the first part of each cell, then the rest, or with whole cells moved to the next page.
    roots = [item.box.element for item in placed[:1] if item.box.element is not None]
    order = {id(element): index for root in roots for index, element in enumerate(root.iter())}
    repeats = {id(box) for item in repeated_headers(placed) for box in walk_boxes(item.box)}
    blocks: dict[int, list[str]] = {}
    for item in placed:
        if (isinstance(item.box, B.TextBox) and item.box.style["visibility"] == "visible" and not is_marker(item.box)
                and id(item.box) not in repeats):
            blocks.setdefault(id(item.block), []).append(item.box.text)
    return " ".join(" ".join(blocks[key]) for key in sorted(blocks, key=lambda key: order.get(key, -1)))


def layout_findings(document, placed: list[Placed] | None = None) -> list[LayoutFinding]:
    """Every layout finding of the printed document (`placed`: its boxes, if already walked)."""
    placed = placed_boxes(document) if placed is None else placed
    return (overflow_findings(document, placed) + clipped_findings(placed) + invisible_findings(placed)
            + break_findings(document, placed) + shaping_findings(placed) + footnote_page_findings(placed))

