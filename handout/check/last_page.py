"""A last page with little on it: a sheet printed for a few lines. The report says so, and what
would save the page: `fit: N-1` (spacing tightens, text keeps its size), or how much to cut."""

from __future__ import annotations

from handout.check.boxes import content_area, walk_boxes
from handout.errors import Problem, note
from handout.write.engine import boxes as B

NEARLY_EMPTY = 0.25  # of the page's printable height
MM_PER_PX = 25.4 / 96


def used_height(page) -> tuple[float, int]:
    """How far down the page's content reaches (CSS px from the top of the printable area), and
    how many lines of text it holds (cells side by side count once)."""
    top = content_area(page)[1]
    bottom, lines = top, set()
    content = [child for child in page._page_box.children if not isinstance(child, B.MarginBox)]  # not the footer
    for box in (box for child in content for box in walk_boxes(child)):
        if isinstance(box, (B.LineBox, B.ReplacedBox)) and box.height:
            bottom = max(bottom, box.position_y + box.margin_height())
        if isinstance(box, B.LineBox) and any(isinstance(child, B.TextBox) for child in walk_boxes(box)):
            lines.add(round(box.position_y))
    return bottom - top, len(lines)


def last_page_note(document, settings) -> list[Problem]:
    """A note when the last of several pages is less than a quarter full."""
    pages = len(document.pages)
    if pages < 2:
        return []
    page = document.pages[-1]
    used, lines = used_height(page)
    area = content_area(page)
    share = used / (area[3] - area[1])
    if share >= NEARLY_EMPTY:
        return []
    fewer = pages - 1
    asked = f" (it asks for {settings.fit_source})" if settings.fit else ""
    return [note(settings.source, None,
                 f"the last page ({pages} of {pages}) holds only {lines} line{'s' if lines != 1 else ''} "
                 f"({share:.0%} of a page){asked}: to print {fewer} page{'s' if fewer != 1 else ''}, "
                 f"add 'fit: {fewer}' to the front matter (or use --fit {fewer}) to tighten the spacing, "
                 f"or cut about {lines} line{'s' if lines != 1 else ''} ({used * MM_PER_PX:.0f} mm of the page)",
                 "last-page")]
