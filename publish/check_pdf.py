"""The written PDF against the model: text layer complete and in order, fonts embedded,
every character drawable, and a clean layout."""

from __future__ import annotations

import ctypes

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from .check_glyphs import uncovered
from .check_items import expected_items, find_in_order, normalise, short
from .check_layout import content_area, layout_findings
from .errors import Problem, error
from .model import Article


def pdf_text(data: bytes, areas: list[tuple[float, float, float, float]]) -> str:
    """The text layer inside each page's printable area (running footers left out)."""
    document = pdfium.PdfDocument(data)
    parts = []
    for index, page in enumerate(document):
        _, height = page.get_size()
        left, top, right, bottom = (value * 0.75 for value in areas[index])  # CSS px -> pt
        parts.append(page.get_textpage().get_text_bounded(left - 1, height - bottom - 1, right + 1, height - top + 1))
    return "\n".join(parts)


def unembedded_fonts(data: bytes) -> set[str]:
    document = pdfium.PdfDocument(data)
    missing: set[str] = set()
    for page in document:
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
    path = article.path
    items = expected_items(article)
    text = normalise(pdf_text(data, [content_area(page) for page in document.pages]))
    problems = [error(path, found.item.line,
                      f"{label}: {found.item.label} {found.problem} in the text layer: '{short(found.item.text)}'",
                      "pdf-text")
                for found in find_in_order(items, text)]
    problems += [error(path, None, f"{label}: font '{name}' is not embedded", "pdf-font")
                 for name in sorted(unembedded_fonts(data))]
    problems += uncovered(items, path)
    problems += [error(path, finding.line, f"{label}: {finding.message}", finding.code)
                 for finding in layout_findings(document)]
    return problems
