"""WeasyPrint's laid-out pages as a flat list of boxes, each with what the layout checks need:
its page, the source line above it (`data-line`), its table, and the clip and paint around it."""

from __future__ import annotations

import weakref
from dataclasses import dataclass
from functools import lru_cache

from tinycss2.color4 import Color

from handout.write.engine import boxes as B

TOLERANCE = 0.5  # CSS px; rounding in the layout engine
MM_PER_PX = 25.4 / 96
Rect = tuple[float, float, float, float]  # left, top, right, bottom in CSS px


@dataclass(frozen=True)
class LayoutFinding:
    code: str  # overflow, clipped, invisible, split-row, header-not-repeated, stranded-heading, blank-page,
    # dotted-circle, torn-word, line-start
    page: int  # 1-based
    line: int | None
    message: str


@dataclass(frozen=True)
class Placed:
    """A box with its page, the nearest source line above it and what surrounds it."""

    box: B.Box
    page: int
    line: int | None
    table: object | None  # the <table> element it is inside, if any
    clip: Rect | None  # the area an `overflow: hidden` ancestor lets show
    opacity: float  # product of the ancestors' opacity
    background: tuple[float, float, float]  # nearest painted background (white paper if none)
    block: object | None = None  # the element of the nearest block (paragraph, cell, heading)
    matrix: object | None = None  # the CSS transforms on it and its ancestors (WeasyPrint's Matrix), if any

    @property
    def rect(self) -> Rect:
        """Where the box is drawn: its border box moved, scaled or turned by any transforms."""
        return transformed(border_rect(self.box), self.matrix)

    @property
    def scale(self) -> float:
        """How much the transforms enlarge (over 1) or shrink (under 1) what the box draws."""
        if self.matrix is None:
            return 1.0
        (a, b, _), (c, d, _), _ = self.matrix
        return abs(a * d - b * c) ** 0.5


WHITE = (1.0, 1.0, 1.0)


# A laid-out document does not change: the page-break repairs and the checks share its walk.
PLACED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def placed_boxes(document) -> list[Placed]:
    """Every box of every page in tree order (margin boxes such as running footers left out).
    The list is shared by every caller for the same document: read it, never change it."""
    placed = PLACED.get(document)
    if placed is None:
        placed = []
        for number, page in enumerate(document.pages, 1):
            for child in page._page_box.children:
                if not isinstance(child, B.MarginBox):
                    walk(child, Placed(child, number, None, None, None, 1.0, WHITE), placed)
        PLACED[document] = placed
    return placed


def walk(box, parent: Placed, placed: list[Placed]) -> None:
    """Place `box` and its descendants, each inheriting line, table, clip, opacity and background."""
    element = getattr(box, "element", None)
    line = int(element.get("data-line")) if element is not None and element.get("data-line") else parent.line
    table = element if isinstance(box, B.TableBox) else parent.table
    style = box.style
    opacity = parent.opacity * float(style["opacity"])
    colour = style["background_color"]
    background = blend(colour, parent.background)
    block = element if isinstance(box, B.BlockContainerBox) and element is not None else parent.block
    # WeasyPrint keeps each transformed box's own matrix (set while it gathers anchors).
    own = getattr(box, "transformation_matrix", None)
    matrix = own @ parent.matrix if own is not None and parent.matrix is not None else own or parent.matrix
    here = Placed(box, parent.page, line, table, parent.clip, opacity, background, block, matrix)
    placed.append(here)
    clip = parent.clip
    if style["overflow"] != "visible" and not isinstance(box, (B.InlineBox, B.LineBox)):
        clip = intersect(clip, transformed(padding_rect(box), matrix))
    inner = Placed(box, parent.page, line, table, clip, opacity, background, block, matrix)
    for child in getattr(box, "children", ()):
        walk(child, inner, placed)


def walk_boxes(box):
    """A box and all its descendants, in tree order."""
    yield box
    for child in getattr(box, "children", ()):
        yield from walk_boxes(child)


def is_marker(box) -> bool:
    """Whether a box draws a list item's marker (its bullet or number)."""
    return (box.element_tag or "").endswith("::marker")


def repeated_headers(placed: list[Placed]) -> list[Placed]:
    """The header row groups a table repeats on the pages it continues onto (the first one is its own)."""
    first_page: dict[int, int] = {}
    repeats = []
    for item in placed:
        if isinstance(item.box, B.TableBox):
            first_page.setdefault(id(item.table), item.page)
        elif (isinstance(item.box, B.TableRowGroupBox) and item.box.element_tag == "thead"
              and item.page > first_page.get(id(item.table), item.page)):
            repeats.append(item)
    return repeats


def blend(colour, under: tuple[float, float, float], opacity: float = 1.0) -> tuple[float, float, float]:
    """A colour painted (at `opacity`) over what is under it, as sRGB 0-1."""
    alpha = colour.alpha * opacity
    if alpha == 0:  # most boxes: a transparent background
        return under
    coordinates = srgb(colour.space, colour.coordinates, colour.alpha)
    return tuple(alpha * mine + (1 - alpha) * theirs for mine, theirs in zip(coordinates, under))


@lru_cache(maxsize=256)
def srgb(space: str, coordinates: tuple, alpha: float) -> tuple[float, ...]:
    """A colour's sRGB coordinates, clamped to 0-1; a page uses a handful of colours, many times."""
    converted = Color(space, coordinates, alpha).to("srgb")
    return tuple(min(max(value, 0.0), 1.0) for value in converted.coordinates)


def padding_rect(box) -> Rect:
    """The box's padding box: the area its `overflow` clips to."""
    left, top = box.padding_box_x(), box.padding_box_y()
    return left, top, left + box.padding_width(), top + box.padding_height()


def border_rect(box) -> Rect:
    """The box's border box (a text run's own extent) on its page."""
    if isinstance(box, B.TextBox):
        return box.position_x, box.position_y, box.position_x + box.width, box.position_y + box.height
    left, top = box.border_box_x(), box.border_box_y()
    return left, top, left + box.border_width(), top + box.border_height()


def transformed(rect: Rect, matrix) -> Rect:
    """The axis-aligned bounds of a rectangle after a transformation matrix (as it is, if none)."""
    if matrix is None:
        return rect
    left, top, right, bottom = rect
    corners = [matrix.transform_point(x, y) for x in (left, right) for y in (top, bottom)]
    xs, ys = [x for x, _ in corners], [y for _, y in corners]
    return min(xs), min(ys), max(xs), max(ys)


def intersect(first: Rect | None, second: Rect) -> Rect:
    """The overlap of two clip rectangles (the second alone if there is no first)."""
    if first is None:
        return second
    return max(first[0], second[0]), max(first[1], second[1]), min(first[2], second[2]), min(first[3], second[3])


def content_area(page) -> Rect:
    """The page's printable area (inside the page margins) in CSS px."""
    box = page._page_box
    left, top = box.content_box_x(), box.content_box_y()
    return left, top, left + box.width, top + box.height


def element_text(element, limit: int = 40) -> str:
    """An element's text on one line, shortened to `limit` characters."""
    text = " ".join("".join(element.itertext()).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe(item: Placed) -> str:
    """Name a box the way the writer would recognise it."""
    box = item.box
    if isinstance(box, (B.TextBox, B.LineBox)):
        text = "".join(child.text for child in walk_boxes(box) if isinstance(child, B.TextBox))
        return f"text '{text if len(text) <= 40 else text[:39] + '…'}'"
    if isinstance(box, B.ReplacedBox):
        alt = box.element.get("alt", "") if box.element is not None else ""
        return f"image '{alt}'" if alt else "an image"
    if isinstance(box, B.TableBox) and box.element is not None:
        headers = [element_text(cell, 25) for cell in box.element.iter("th")]
        return f"table '{' | '.join(headers)}'" if headers else "a table"
    return f"a {box.element_tag or 'box'}"


def mm(px: float) -> str:
    return f"{px * MM_PER_PX:.0f} mm"
