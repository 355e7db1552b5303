"""The written PDF against the model: text layer complete and in order, fonts embedded,
every character drawable, and a clean layout."""

from __future__ import annotations

import ctypes

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from handout.check.boxes import placed_boxes
from handout.check.faces import wrong_faces
from handout.check.glyphs import uncovered
from handout.check.items import (
    find_exactly_once,
    furniture_for,
    masthead_items,
    printed_items,
)
from handout.check.layout import layout_findings
from handout.check.pdf_text import laid_out_text
from handout.check.print_size import small_text_findings
from handout.errors import Problem, error
from handout.model import Article
from handout.render.html import record_columns


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


def check_pdf(article: Article, document, data: bytes, practice=None, variant: str = "standard") -> list[Problem]:
    """Compare the PDF (and its layout) with the model: text, fonts, glyphs, layout."""
    path = article.path
    items, notes = printed_items(article, masthead_items(article.meta, practice), record_columns(variant))
    placed = placed_boxes(document)
    pages = list(pdfium.PdfDocument(data))  # each page is parsed once, for both checks below
    text = laid_out_text(pages, document, placed)
    problems = [error(path, found.item.line, f"PDF: {found.describe('in the text layer')}", "pdf-text")
                for found in find_exactly_once(items, text, furniture_for(article.meta.language), notes)]
    problems += [error(path, None, f"PDF: font '{name}' is not embedded", "pdf-font")
                 for name in sorted(unembedded_fonts(pages))]
    problems += uncovered(items + notes, path, article.meta.language)
    problems += wrong_faces(pages, article.meta.language, " ".join(item.text for item in items + notes), path)
    problems += [error(path, finding.line, f"PDF: {finding.message}", finding.code)
                 for finding in layout_findings(document, placed) + small_text_findings(document, placed, variant)]
    return problems
