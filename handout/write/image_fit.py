"""Images the engine moved to the next page because they did not fit the rest of the page
before, leaving a quarter of that page or more blank: scaled down to the room there (never
under a minimum size), so the image and the text after it move up. Large print meets this
most: an image of 65% of the page height after a few lines of 16 pt text."""

from __future__ import annotations

from handout.check.boxes import Placed, content_area, walk_boxes
from handout.write.engine import boxes as B

GAP_SHARE = 0.25  # of the printable height: a smaller gap is an ordinary page end
MIN_HEIGHT_PX = 40 * 96 / 25.4  # an image is never made smaller than 40 mm tall ...
MIN_SHARE = 0.5  # ... nor than half its height as laid out
SLACK_PX = 6 * 96 / 25.4  # the image's line and its paragraph's margin around it


def content_bottom(placed: list[Placed], page: int, top: float) -> float:
    """How far down page `page`'s content reaches (CSS px), `top` if it holds nothing; the
    footnotes at its foot are not content above the gap (room_bottom takes them off)."""
    notes = {id(box) for item in placed if item.page == page and isinstance(item.box, B.FootnoteAreaBox)
             for box in walk_boxes(item.box)}
    bottoms = [item.box.position_y + item.box.margin_height() for item in placed
               if item.page == page and isinstance(item.box, (B.LineBox, B.ReplacedBox)) and item.box.height
               and id(item.box) not in notes]
    return max(bottoms, default=top)


def room_bottom(placed: list[Placed], page: int, bottom: float) -> float:
    """Where the room for content ends on a page: the top of its footnotes, or its foot."""
    tops = [item.box.position_y for item in placed if item.page == page
            and isinstance(item.box, B.FootnoteAreaBox) and item.box.children]
    return min(tops, default=bottom)


def caption_height(placed: list[Placed], image: Placed) -> float:
    """How much a figure adds to its image (its caption and spacing), which must fit the gap too."""
    top, bottom = image.box.position_y, image.box.position_y + image.box.margin_height()
    figures = [item.box for item in placed if item.page == image.page and item.box.element_tag == "figure"
               and item.box.position_y <= top + 0.5 and item.box.position_y + item.box.margin_height() >= bottom - 0.5]
    return max(0.0, figures[0].margin_height() - image.box.margin_height()) if figures else 0.0


def image_fit_rules(placed: list[Placed], document, selector) -> list[str]:
    """A max-height for each image that opens a page although a shrunk copy would fit the gap
    at the foot of the page before; `selector(element)` names the image."""
    rules = []
    for item in placed:
        if not (isinstance(item.box, B.ReplacedBox) and item.page > 1 and item.box.element is not None):
            continue
        area = content_area(document.pages[item.page - 1])
        if content_bottom([other for other in placed if other.box.position_y < item.box.position_y - 0.5],
                          item.page, area[1]) > area[1] + 1:
            continue  # something stands above it on its page: the engine had no gap to fill
        before = content_area(document.pages[item.page - 2])
        gap = room_bottom(placed, item.page - 1, before[3]) - content_bottom(placed, item.page - 1, before[1])
        height = gap - SLACK_PX - caption_height(placed, item)
        if gap >= GAP_SHARE * (before[3] - before[1]) and height >= max(MIN_HEIGHT_PX, MIN_SHARE * item.box.height):
            rules.append("%s { max-height: %dpx; }" % (selector(item.box.element), int(height)))
    return rules
