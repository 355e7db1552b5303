"""What pdfium and the structure tree say about the PDF: clip paths, and table rows across pages."""

from __future__ import annotations

import ctypes
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from .model import ArticleInfo, TableInfo, printed_as_records
from .pdf_facts import MARGINS, MM, pdf_text
from .words import tokens


def pdfium_objects(path: str):
    """(page, bounds (l, b, r, t), clip box or None, marked-content id, text) of every text object."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw
    from structure_tree import object_text
    document = pdfium.PdfDocument(path)
    found = []
    try:
        for index, page in enumerate(document):
            textpage = page.get_textpage()
            for obj in page.get_objects(max_depth=8):
                if obj.type != raw.FPDF_PAGEOBJ_TEXT:
                    continue
                found.append((index, tuple(obj.get_bounds()), clip_box(obj.raw, raw),
                              raw.FPDFPageObj_GetMarkedContentID(obj.raw), object_text(obj, textpage)))
    finally:
        document.close()
    return found


def clip_box(handle, raw):
    """The box a page object's clip paths leave visible (their bounding boxes intersected), or None."""
    clip = raw.FPDFPageObj_GetClipPath(handle)
    if not clip:
        return None
    box = None
    x, y = ctypes.c_float(), ctypes.c_float()
    for path in range(raw.FPDFClipPath_CountPaths(clip)):
        xs, ys = [], []
        for index in range(raw.FPDFClipPath_CountPathSegments(clip, path)):
            segment = raw.FPDFClipPath_GetPathSegment(clip, path, index)
            raw.FPDFPathSegment_GetPoint(segment, ctypes.byref(x), ctypes.byref(y))
            xs.append(x.value)
            ys.append(y.value)
        if xs:
            here = (min(xs), min(ys), max(xs), max(ys))
            box = here if box is None else (max(box[0], here[0]), max(box[1], here[1]),
                                            min(box[2], here[2]), min(box[3], here[3]))
    return box


def clipped_words(path: str) -> Counter:
    """Words drawn mostly outside their clip path: in the text layer, not on paper."""
    hidden: Counter = Counter()
    for _, (left, bottom, right, top), box, _, text in pdfium_objects(path):
        if box is None or right <= left or top <= bottom:
            continue
        shown_x = max(0.0, min(right, box[2]) - max(left, box[0])) / (right - left)
        shown_y = max(0.0, min(top, box[3]) - max(bottom, box[1])) / (top - bottom)
        if shown_x < 0.5 or shown_y < 0.5:
            hidden.update(tokens(text))
    return hidden


@dataclass
class RowTag:
    """One TR element of the structure tree, and its text on each page."""

    header: bool
    pages: dict  # page -> [tokens, top, bottom] (PDF points, y up)


@dataclass
class TreeRows:
    """The walk of a structure tree that gathers its TR elements."""

    page_index: dict  # a page object's number -> its 0-based index
    objects: dict  # (page, marked-content id) -> [(bounds, text)]
    rows: list[RowTag] = field(default_factory=list)

    def mark(self, row: RowTag | None, page, mcid) -> None:
        """Add the text of one marked-content sequence to the row it belongs to."""
        if row is None or page is None:
            return
        for (left, bottom, right, top), text in self.objects.get((page, mcid), ()):
            entry = row.pages.setdefault(page, [[], top, bottom])
            entry[0] += tokens(text)
            entry[1], entry[2] = max(entry[1], top), min(entry[2], bottom)

    def walk(self, node, page, row, parent, seen) -> None:
        """Visit one /K entry: an MCID, an /MCR or /OBJR dict, a structure element or an array."""
        if isinstance(node, IndirectObject):
            if node.idnum in seen:
                return
            seen = seen | {node.idnum}
            node = node.get_object()
        if isinstance(node, ArrayObject):
            for kid in node:
                self.walk(kid, page, row, parent, seen)
        elif isinstance(node, int):
            self.mark(row, page, int(node))
        elif isinstance(node, DictionaryObject):
            if "/Pg" in node:
                page = self.page_index.get(node.raw_get("/Pg").idnum, page)
            if node.get("/Type") == "/MCR":
                self.mark(row, page, int(node["/MCID"]))
                return
            if node.get("/Type") == "/OBJR":
                return
            kind = node.get("/S")
            if kind == "/TR":
                row = RowTag(parent == "/THead", {})
                self.rows.append(row)
            if "/K" in node:
                self.walk(node["/K"], page, row, kind, seen)


def row_tags(path: str) -> list[RowTag]:
    """Every TR element of the structure tree, in tree order, with its text per page."""
    reader = PdfReader(path)
    page_index = {page.indirect_reference.idnum: index for index, page in enumerate(reader.pages)}
    objects: dict[tuple[int, int], list] = defaultdict(list)
    for page, bounds, _, mcid, text in pdfium_objects(path):
        if mcid >= 0:
            objects[page, mcid].append((bounds, text))
    tree = TreeRows(page_index, objects)
    root = reader.trailer["/Root"].get("/StructTreeRoot")
    if root is not None and "/K" in root:
        tree.walk(root["/K"], None, None, None, frozenset())
    return tree.rows


@dataclass(frozen=True)
class SplitRow:
    """A table row whose text is on two pages."""

    line: int
    pages: tuple[int, ...]
    share: float  # the row's height over the page's printable height


def cell_counts(cells) -> Counter:
    """The tokens of a row's cells, counted."""
    return Counter(token for cell in cells for token in tokens(cell))


def split_rows(path: str, tables: list[TableInfo], combination) -> list[SplitRow]:
    """Body rows of the article's tables whose text is on two pages, with their height."""
    variant = combination[1]
    top, bottom = MARGINS[variant]
    sources = [(line, cell_counts(cells)) for table in tables if not printed_as_records(variant, table)
               for line, cells in table.rows]
    sources = [(line, words) for line, words in sources if words]
    sizes = pdf_text(path, variant).sizes
    body = [row for row in row_tags(path) if not row.header and row.pages]
    padding = (2 if variant == "large-print" else 1.2) * 2 * MM  # a cell's top and bottom padding
    found = []
    for index, row in enumerate(body):
        for parts in split_candidates(body, index):
            pieces = [(page, entry) for part in parts for page, entry in part.pages.items()]
            words = Counter(token for _, entry in pieces for token in entry[0])
            first = Counter(pieces[0][1][0])
            for line, expected in sources:
                if words == expected and first != expected:
                    height = sum(entry[1] - entry[2] + padding for _, entry in pieces)
                    page_height = sizes[pieces[0][0]][1] - (top + bottom) * MM
                    found.append(SplitRow(line, tuple(sorted({page + 1 for page, _ in pieces})), height / page_height))
                    break
    return found


def split_candidates(body: list[RowTag], index: int) -> list[list[RowTag]]:
    """The row at `index` if it is on two pages, and it with the next row if they end and start two pages."""
    # A row broken by a page may be tagged as two TR elements, one on each page.
    row = body[index]
    candidates = []
    if len(row.pages) > 1:
        candidates.append([row])
    if index + 1 < len(body) and len(row.pages) == 1 and len(body[index + 1].pages) == 1:
        (here,), (there,) = row.pages, body[index + 1].pages
        if there == here + 1:
            candidates.append([row, body[index + 1]])
    return candidates


def crossing_tables(path: str, info: ArticleInfo) -> set[str]:
    """Anchors of the tables whose whole rows are on more than one page of the clean PDF."""
    pages: dict[str, set[int]] = defaultdict(set)
    owners = {}
    for table in info.tables:
        for line, cells in table.rows:
            owners.setdefault(tuple(sorted(cell_counts(cells).items())), table.anchor)
    for row in row_tags(path):
        if row.header:
            continue
        for page, entry in row.pages.items():
            key = tuple(sorted(Counter(entry[0]).items()))
            if key in owners:
                pages[owners[key]].add(page)
    return {anchor for anchor, seen in pages.items() if len(seen) > 1}
