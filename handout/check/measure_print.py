"""Measurements of a laid-out print handout: text sizes and line lengths, from WeasyPrint's boxes.

Used by the fit loop and by the tests that hold the print design to its numbers (no body
text under 10.5 pt, a 60-75 character measure, large print at 16 pt)."""

from __future__ import annotations

import statistics

from handout.check.boxes import walk_boxes
from handout.write.engine import boxes as B

PT_PER_PX = 0.75  # WeasyPrint lays out in CSS px (1/96 in); a point is 1/72 in


def body_children(page):
    """A page's boxes without its margin boxes (the running footer may be smaller by design)."""
    return [child for child in page._page_box.children if not isinstance(child, B.MarginBox)]


def raised_call(box) -> bool:
    """A footnote call's figure (its first call, or a repeated one): smaller than the text by design."""
    tag = box.element_tag or ""
    element = box.element
    return tag.endswith("::footnote-call") or (element is not None and "footnote-again" in (element.get("class") or ""))


def text_sizes(document) -> list[tuple[int, float]]:
    """(characters, font size in pt) of every piece of text outside the page margins, footnote
    calls aside."""
    sizes = []
    for page in document.pages:
        for top in body_children(page):
            for box in walk_boxes(top):
                if isinstance(box, B.TextBox) and box.text.strip() and not raised_call(box):
                    sizes.append((len(box.text.strip()), box.style["font_size"] * PT_PER_PX))
    return sizes


def share_at_least(document, points: float) -> float:
    """The fraction of the characters (0-1) set at `points` or larger."""
    sizes = text_sizes(document)
    total = sum(count for count, _ in sizes)
    # Half a hundredth of a point: px <-> pt rounding must not turn 10.5 into 10.4999.
    large = sum(count for count, size in sizes if size >= points - 0.005)
    return large / total if total else 1.0


def smallest_text(document) -> float:
    """The smallest font size (pt) used for text outside the page margins."""
    return min((size for _, size in text_sizes(document)), default=0.0)


def paragraph_lines(document) -> list[int]:
    """Characters on each full line of the article's paragraphs (last lines of paragraphs left out)."""
    lengths = []
    for page in document.pages:
        for top in body_children(page):
            for box in running_paragraphs(top, ""):
                lines = [child for child in box.children if isinstance(child, B.LineBox)]
                lengths += [line_length(line) for line in lines[:-1]]
    return lengths


def running_paragraphs(box, parent_tag: str):
    """Paragraphs of running text (sections, FAQ answers): not in a table, list or the quick answer."""
    if isinstance(box, B.BlockBox) and box.element_tag == "p" and parent_tag in ("main", "section", "div"):
        yield box
        return
    tag = box.element_tag if isinstance(box, B.BlockBox) and box.element_tag else parent_tag
    for child in getattr(box, "children", ()):
        yield from running_paragraphs(child, tag)


def line_length(line) -> int:
    text = "".join(box.text for box in walk_boxes(line) if isinstance(box, B.TextBox))
    return len(text.strip())


def median_measure(document) -> float:
    """The median number of characters on a full line of running text."""
    lengths = paragraph_lines(document)
    return statistics.median(lengths) if lengths else 0.0


def page_texts(data: bytes) -> list[str]:
    """The text of each page of a PDF, read back with pypdf (an independent parser)."""
    from io import BytesIO

    from pypdf import PdfReader
    return [page.extract_text() or "" for page in PdfReader(BytesIO(data)).pages]


def pdf_facts(data: bytes) -> dict:
    """What an accessible handout PDF must declare: tags, language, title, fonts embedded."""
    from io import BytesIO

    from pypdf import PdfReader
    reader = PdfReader(BytesIO(data))
    root = reader.trailer["/Root"]
    mark_info = root.get("/MarkInfo") or {}
    preferences = root.get("/ViewerPreferences") or {}
    return {"tagged": bool(mark_info.get("/Marked")) and "/StructTreeRoot" in root,
            "language": str(root.get("/Lang", "")),
            "title": str((reader.metadata or {}).get("/Title", "")),
            "shows_title": bool(preferences.get("/DisplayDocTitle")),
            "unembedded_fonts": sorted(unembedded(reader))}


def unembedded(reader) -> set[str]:
    """Names of the fonts used on any page without a font program in the file."""
    missing = set()
    for page in reader.pages:
        fonts = (page.get("/Resources") or {}).get("/Font") or {}
        for font in fonts.values():
            font = font.get_object()
            for part in [font] + [item.get_object() for item in font.get("/DescendantFonts", [])]:
                descriptor = part.get("/FontDescriptor")
                if descriptor is None:
                    continue
                descriptor = descriptor.get_object()
                if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                    missing.add(str(font.get("/BaseFont")))
    return missing
