"""The written PDF against the model: text layer complete and in order, fonts embedded,
every character drawable, and a clean layout."""

from __future__ import annotations

import ctypes

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .check_boxes import Placed, Rect, border_rect, placed_boxes
from .check_glyphs import uncovered
from .check_items import expected_items, find_in_order, normalise, short
from .check_layout import content_area, layout_findings
from .engine import boxes as B
from .errors import Problem, error
from .model import Article


def pdf_text(pages: list[pdfium.PdfPage], areas: list[Rect], skipped: dict[int, list[Rect]] | None = None) -> str:
    """The text layer inside each page's printable area (running footers left out), leaving
    out the `skipped` areas of each page (0-based), e.g. the contents list."""
    parts = []
    for index, page in enumerate(pages):
        _, height = page.get_size()
        keep = pdf_rect(areas[index], height)
        textpage = page.get_textpage()
        if skipped and skipped.get(index):
            parts.append(text_outside(textpage, keep, [pdf_rect(area, height) for area in skipped[index]]))
        else:
            parts.append(textpage.get_text_bounded(*keep))
    return "\n".join(parts)


def pdf_rect(area: Rect, height: float) -> Rect:
    """A layout rectangle (CSS px, y down) as PDF points (y up), 1 pt larger all round."""
    left, top, right, bottom = (value * 0.75 for value in area)
    return left - 1, height - bottom - 1, right + 1, height - top + 1


def text_outside(textpage, keep: Rect, skip: list[Rect]) -> str:
    """The text inside `keep` and outside every `skip` rectangle."""
    # Fast: the page's text with each skipped area's text cut out, where that text occurs
    # exactly once (a contents list is one run of characters). Else character by character.
    text = textpage.get_text_bounded(*keep)
    for rect in skip:
        cut = textpage.get_text_bounded(*rect)
        if not cut.strip() or text.count(cut) != 1:
            return chars_outside(textpage, keep, skip)
        text = text.replace(cut, "\n")
    return text


def chars_outside(textpage, keep: Rect, skip: list[Rect]) -> str:
    """The characters whose centre is inside `keep` and outside every `skip` rectangle."""
    def inside(x, y, rect):
        """Whether the point lies in the rectangle."""
        return rect[0] <= x <= rect[2] and rect[1] <= y <= rect[3]

    # pdfium's C calls with reused out-parameters: a page has thousands of characters.
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    box = [ctypes.byref(value) for value in (left, right, bottom, top)]
    chars = []
    for index in range(pdfium_c.FPDFText_CountChars(textpage.raw)):
        pdfium_c.FPDFText_GetCharBox(textpage.raw, index, *box)
        x, y = (left.value + right.value) / 2, (bottom.value + top.value) / 2
        if inside(x, y, keep) and not any(inside(x, y, rect) for rect in skip):
            chars.append(chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, index)))
    return "".join(chars)


def navigation_areas(placed: list[Placed]) -> dict[int, list[Rect]]:
    """Per page (0-based), where the contents list is: its headings are not the article's."""
    # Otherwise a heading lost from the body would be "found" in the contents list.
    areas: dict[int, list[Rect]] = {}
    for item in placed:
        if item.box.element_tag == "nav" and not isinstance(item.box, B.InlineBox):
            areas.setdefault(item.page - 1, []).append(border_rect(item.box))
    return areas


def unembedded_fonts(pages: list[pdfium.PdfPage]) -> set[str]:
    """Names of the fonts the PDF uses without embedding them."""
    missing: set[str] = set()
    for page in pages:
        for obj in page.get_objects():
            if obj.type != pdfium_c.FPDF_PAGEOBJ_TEXT:
                continue
            font = pdfium_c.FPDFTextObj_GetFont(obj.raw)
            if not pdfium_c.FPDFFont_GetIsEmbedded(font):
                name = ctypes.create_string_buffer(256)
                pdfium_c.FPDFFont_GetBaseFontName(font, name, 256)
                missing.add(name.value.decode(errors="replace"))
    return missing


def check_pdf(article: Article, document, data: bytes, label: str = "PDF") -> list[Problem]:
    """Compare the PDF (and its layout) with the model: text, fonts, glyphs, layout."""
    path = article.path
    items = expected_items(article)
    placed = placed_boxes(document)
    pages = list(pdfium.PdfDocument(data))  # each page is parsed once, for both checks below
    text = normalise(pdf_text(pages, [content_area(page) for page in document.pages], navigation_areas(placed)))
    problems = [error(path, found.item.line,
                      f"{label}: {found.item.label} {found.problem} in the text layer: '{short(found.item.text)}'",
                      "pdf-text")
                for found in find_in_order(items, text)]
    problems += [error(path, None, f"{label}: font '{name}' is not embedded", "pdf-font")
                 for name in sorted(unembedded_fonts(pages))]
    problems += uncovered(items, path)
    problems += [error(path, finding.line, f"{label}: {finding.message}", finding.code)
                 for finding in layout_findings(document, placed)]
    return problems
