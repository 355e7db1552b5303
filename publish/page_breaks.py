"""Page breaks the layout engine gets wrong, found on the laid-out pages, and the CSS that
mends them: each affected part of the article moves to a new page.

WeasyPrint lays a floated side head out as if it were alone on its page: at a page's foot it
splits it over two pages, and at the end of the document it drops the lines that do not fit
(WeasyPrint 70, `layout/float.py` lays floats out with `page_is_empty=True`). It can also
leave a heading as the last line of a page although `break-after: avoid` asks otherwise.
Moving the part (a subsection, an FAQ item, or the section it opens) to the next page is
what a designer would do by hand, and it costs at most the space the part would have used."""

from __future__ import annotations

from .check_boxes import Placed, placed_boxes, walk_boxes
from .check_breaks import body_rows, stranded_lead_ins, tall
from .check_items import normalise
from .engine import boxes as B

SIDE_HEAD_TAGS = ("h3", "h4", "h5", "h6")
PART_CLASSES = ("subsection", "faq-item", "section", "faq", "reflection")


def broken_side_heads(placed: list[Placed], pages) -> list:
    """Floated headings split over pages, running past a page's foot, cut short or repeated."""
    fragments: dict[int, list[Placed]] = {}
    for item in placed:
        if item.box.element_tag in SIDE_HEAD_TAGS and item.box.style["float"] != "none" \
                and isinstance(item.box, B.BlockBox):
            fragments.setdefault(id(item.box.element), []).append(item)
    broken = []
    for parts in fragments.values():
        element = parts[0].box.element
        drawn = "".join(box.text for item in parts for box in walk_boxes(item.box)
                        if isinstance(box, B.TextBox) and "::" not in (box.element_tag or ""))
        if (len(parts) > 1 or past_foot(parts[0], pages)
                or normalise(drawn) != normalise("".join(element.itertext()))):
            broken.append(element)
    return broken


def past_foot(item: Placed, pages) -> bool:
    """Whether a box runs past the foot of its page's printable area (by more than rounding)."""
    page = pages[item.page - 1]._page_box
    return item.box.position_y + item.box.margin_height() > page.content_box_y() + page.height + 0.5


def repairs(document) -> list[str]:
    """CSS rules for what the engine misplaced. First, a body row too tall to keep whole may
    split (kept whole, it pushes everything before it about); then each part whose side head
    broke, or whose heading or caption was left as the last line of a page, starts a new page."""
    placed = placed_boxes(document)
    root = placed[0].box.element
    parents = {id(child): parent for parent in root.iter() for child in parent}
    rules = []
    for rows in body_rows(placed).values():
        row = rows[0].box
        if tall(rows, document) and row.style["break_inside"] != "auto":
            rules.append('%s { break-inside: auto; }' % row_selector(row.element, parents))
    elements = broken_side_heads(placed, document.pages)
    elements += [item.box.element for item in stranded_lead_ins(document, placed)]
    if rules or not elements:
        return rules
    parts = dict.fromkeys(part_id(element, parents) for element in elements)
    return ['%s { break-before: page; }' % selector(part) for part in parts if part]


def part_id(element, parents: dict) -> str:
    """The id of the part that holds `element`; the section itself when that part is the first
    thing after the section's heading (moving the part alone would strand the heading)."""
    part = parents.get(id(element))
    while part is not None and not (part.get("id") and set(classes(part)) & set(PART_CLASSES)):
        part = parents.get(id(part))
    if part is None:
        return ""
    section = parents.get(id(part))
    if section is not None and set(classes(section)) & {"section", "faq"}:
        children = [child for child in section]
        before = children[children.index(part) - 1] if children.index(part) else None
        if before is not None and before.tag.endswith("h2"):
            return section.get("id", "") or part.get("id")
    return part.get("id")


def classes(element) -> list[str]:
    return (element.get("class") or "").split()


def row_selector(row, parents: dict) -> str:
    """A selector for a table row or record: its table's id, then its place among its siblings.
    (Rows carry no ids of their own: an id on each of 2,000 rows costs WeasyPrint seconds.)"""
    steps = []
    element = row
    while not element.get("id"):
        parent = parents[id(element)]
        siblings = [child for child in parent if isinstance(child.tag, str)]  # elements, not comments
        steps.append(":nth-child(%d)" % (siblings.index(element) + 1))
        element = parent
    return " > ".join([selector(element.get("id"))] + steps[::-1])


def selector(identifier: str) -> str:
    """A CSS selector for the element with this id, whatever characters the id has."""
    return '[id="%s"]' % identifier.replace("\\", "\\\\").replace('"', '\\"')
