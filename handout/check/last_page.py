"""A last page with little on it: a sheet printed for a few lines. The report says so, and what
would save the page: `fit: N-1` (spacing tightens, text keeps its size), or how much to cut."""

from __future__ import annotations

from handout.check.boxes import content_area, walk_boxes
from handout.errors import Problem, note
from handout.write.engine import boxes as B

NEARLY_EMPTY = 0.25  # of the page's printable height
MM_PER_PX = 25.4 / 96


def draws(box) -> bool:
    """Whether a box puts ink on the page: a line of text, an image, a rule or a filled box
    (a prompt's ruled write-in lines and a worksheet's empty cells are ink as much as text)."""
    if isinstance(box, B.LineBox):
        return any(isinstance(child, B.TextBox) for child in walk_boxes(box))
    if isinstance(box, B.ReplacedBox):
        return True
    style = box.style
    bordered = any(style[f"border_{side}_width"] and style[f"border_{side}_style"] not in ("none", "hidden")
                   for side in ("top", "right", "bottom", "left"))
    return bordered or style["background_color"].alpha > 0


def ruled(box) -> bool:
    """A ruled line to write on (a prompt's write-in space)."""
    return (isinstance(box, B.BlockBox) and box.element is not None
            and "write-line" in (box.element.get("class") or "").split())


def used_height(page) -> tuple[float, int, int]:
    """How far down the page's ink reaches (CSS px from the top of the printable area), how many
    lines of text it holds (cells side by side count once) and how many ruled write-in lines."""
    top = content_area(page)[1]
    bottom, lines, rules = top, set(), 0
    content = [child for child in page._page_box.children if not isinstance(child, B.MarginBox)]  # not the footer
    for box in (box for child in content for box in walk_boxes(child)):
        if box.height and draws(box):
            bottom = max(bottom, box.border_box_y() + box.border_height())
        if isinstance(box, B.LineBox) and draws(box):
            lines.add(round(box.position_y))
        rules += ruled(box)
    return bottom - top, len(lines), rules


def counted(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count != 1 else ''}"


def last_page_note(document, settings) -> list[Problem]:
    """A note when the last of several pages is less than a quarter full."""
    pages = len(document.pages)
    if pages < 2:
        return []
    page = document.pages[-1]
    used, lines, rules = used_height(page)
    area = content_area(page)
    share = used / (area[3] - area[1])
    if share >= NEARLY_EMPTY:
        return []
    fewer = pages - 1
    asked = f" (it asks for {settings.fit_source})" if settings.fit else ""
    held = counted(lines, "line") + (f" and {counted(rules, 'ruled line')}" if rules else "")
    # Rounded down: a page 24.6% full is "24%", under the quarter the note is for.
    return [note(settings.source, None,
                 f"the last page ({pages} of {pages}) holds only {held} ({int(share * 100)}% of a page){asked}: "
                 f"to print {counted(fewer, 'page')}, add 'fit: {fewer}' to the front matter (or use --fit {fewer}) "
                 f"to tighten the spacing, or cut about {used * MM_PER_PX:.0f} mm of it",
                 "last-page")]
