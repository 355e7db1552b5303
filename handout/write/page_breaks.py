"""Page breaks (and table widths) the layout engine gets wrong, found on the laid-out pages,
and the CSS that mends them: each affected part of the article moves to a new page.

WeasyPrint lays a floated side head out as if it were alone on its page: at a page's foot it
splits it over two pages, and at the end of the document it drops the lines that do not fit
(WeasyPrint 70, `layout/float.py` lays floats out with `page_is_empty=True`). It can also
leave a heading as the last line of a page although `break-after: avoid` asks otherwise.
Moving the part (a subsection, an FAQ item, or the section it opens) to the next page is
what a designer would do by hand, and it costs at most the space the part would have used."""

from __future__ import annotations

from handout.check.boxes import Placed, placed_boxes, walk_boxes
from handout.check.breaks import (
    HEADING_TAGS,
    body_rows,
    field_fragments,
    headless_tables,
    local,
    stranded_lead_ins,
    table_rows,
    tall,
    tall_field,
)
from handout.check.items import normalise
from handout.write.engine import boxes as B
from handout.write.image_fit import image_fit_rules
from handout.write.table_widths import narrowing_rules

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
    """CSS rules for what the engine misplaced. First, a table wider than the page hyphenates
    its words (table_widths.py). Then a body row too tall to keep whole may
    split (kept whole, it pushes everything before it about); then a table whose heading or
    caption was left as the last line of a page may part after any row; then each part whose
    side head broke, or whose heading or caption is still stranded, starts a new page."""
    placed = placed_boxes(document)
    rules = narrowing_rules(placed, document, selector)  # first the width: it moves every break after it
    if rules:
        return rules
    root = placed[0].box.element
    parents = {id(child): parent for parent in root.iter() for child in parent}
    for rows in body_rows(placed).values():
        row = rows[0].box
        if tall(rows, document) and row.style["break_inside"] != "auto":
            rules.append('%s { break-inside: auto; }' % path_selector(row.element, parents))
    for fields in field_fragments(placed).values():  # a large-print record's field over half a page
        field = fields[0].box
        if tall_field(fields, document) and field.style["break_inside"] != "auto":
            rules.append('%s { break-inside: auto; }' % path_selector(field.element, parents))
    if rules:
        return rules
    rules = image_fit_rules(placed, document, lambda image: path_selector(image, parents))
    if rules:  # before moving parts: an image moved up may take its stranded heading's place
        return rules
    stranded = [item.box.element for item in stranded_lead_ins(document, placed)]
    # A short table of tall rows, which the rule that no row stands alone on a page keeps whole,
    # can be nearly a page tall: the engine then leaves its heading behind, or drops its header
    # row. Let its rows part (its header repeats) before moving anything.
    kept_whole = kept_together(placed)
    candidates = [introduced_table(element, root, parents) for element in stranded]
    candidates += [table.table for table in headless_tables(placed)]
    tables = dict.fromkeys(table for table in candidates
                           if table is not None and id(table) in kept_whole and table.get("id"))
    if tables:
        return ['%s tbody tr:nth-child(n) { break-before: auto; break-after: auto; }' % selector(table.get("id"))
                for table in tables]
    elements = broken_side_heads(placed, document.pages) + stranded
    parts = dict.fromkeys(part_id(element, parents) for element in elements)
    return ['%s { break-before: page; }' % selector(part) for part in parts if part]


def kept_together(placed: list[Placed]) -> set[int]:
    """The tables (by id() of the element) whose first body row is kept with the next one."""
    return {id(row.table) for _, row, is_header in table_rows(placed)
            if not is_header and row.box.style["break_after"] == "avoid"}


def introduced_table(lead_in, root, parents: dict):
    """The table a heading or caption introduces: the table it is in, or the first one after it
    with nothing but headings and the parts' wrappers between them."""
    ancestor = parents.get(id(lead_in))
    while ancestor is not None:
        if local(ancestor.tag) == "table":
            return ancestor
        ancestor = parents.get(id(ancestor))
    skipped = {id(element) for element in lead_in.iter()}
    after = False
    for element in root.iter():
        if element is lead_in:
            after = True
        elif after and id(element) not in skipped and isinstance(element.tag, str):
            tag = local(element.tag)
            if tag == "table":
                return element
            if tag in HEADING_TAGS:
                skipped.update(id(inner) for inner in element.iter())
            elif (element.text or "").strip() or tag not in ("section", "div"):
                return None
    return None



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


def path_selector(element, parents: dict) -> str:
    """A selector for an element without an id (a table row, an image): the nearest element
    above it with one, then its place among its siblings at each step down. (Rows carry no ids
    of their own: an id on each of 2,000 rows costs WeasyPrint seconds; and a book repeats
    source lines from chapter to chapter, so lines would not name an image.)"""
    steps = []
    while not element.get("id") and id(element) in parents:
        parent = parents[id(element)]
        siblings = [child for child in parent if isinstance(child.tag, str)]  # elements, not comments
        steps.append(":nth-child(%d)" % (siblings.index(element) + 1))
        element = parent
    anchor = selector(element.get("id")) if element.get("id") else local(element.tag)
    return " > ".join([anchor] + steps[::-1])


def selector(identifier: str) -> str:
    """A CSS selector for the element with this id, whatever characters the id has."""
    return '[id="%s"]' % identifier.replace("\\", "\\\\").replace('"', '\\"')
