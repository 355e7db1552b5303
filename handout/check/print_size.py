"""Large print large everywhere: every letter of a large-print PDF at 16 pt or more, the
running footer, the contents and a book's title page included, as clear-print guidance (RNIB,
APH) asks. A raised footnote number is the one thing set smaller, by design: it is a mark
beside a word, not text to read on its own."""

from __future__ import annotations

import re

from handout.check.boxes import LayoutFinding, Placed, walk_boxes
from handout.check.breaks import page_list
from handout.check.items import short
from handout.check.measure_print import PT_PER_PX, raised_call
from handout.write.engine import boxes as B

SMALLEST_PT = {"large-print": 16.0}  # the variants that promise a size for every letter


def printed_text(document, placed: list[Placed]):
    """(page, source line, text box) of every piece of text, in the margins too (running footers)."""
    for item in placed:
        if isinstance(item.box, B.TextBox):
            yield item.page, item.line, item.box
    for number, page in enumerate(document.pages, 1):
        for margin in page._page_box.children:
            if isinstance(margin, B.MarginBox):
                for box in walk_boxes(margin):
                    if isinstance(box, B.TextBox):
                        yield number, None, box


def small_text_findings(document, placed: list[Placed], variant: str) -> list[LayoutFinding]:
    """A finding for each text set under the variant's size, with the pages it is on."""
    smallest = SMALLEST_PT.get(variant)
    if smallest is None:
        return []
    found: dict[tuple[float, str], list[tuple[int, int | None, str]]] = {}
    for page, line, box in printed_text(document, placed):
        points = round(box.style["font_size"] * PT_PER_PX, 2)  # px <-> pt rounding: 16 must not read 15.999
        if box.text.strip() and points < smallest - 0.005 and not raised_call(box):
            # "Page 1 of 4" and "Page 2 of 4" are one finding: the same footer on each page.
            found.setdefault((points, re.sub(r"\d+", "#", box.text.strip())), []).append((page, line, box.text.strip()))
    findings = []
    for (points, _), places in found.items():
        pages = sorted({page for page, _, _ in places})
        page, line, text = places[0]
        findings.append(LayoutFinding("small-print", page, line,
                                      f"'{short(text)}' is set at {points:g} pt on {page_list(pages)}: "
                                      f"{variant} sets every letter at {smallest:g} pt or more"))
    return findings
