"""Print HTML + styles -> PDF with WeasyPrint, through the sandboxed fetcher and project fonts."""

from __future__ import annotations

import logging
import mimetypes
import re
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from handout.errors import Problem
from handout.render.user_stylesheets import quoted_line
from handout.resources import STYLES
from handout.sandbox import Sandbox
from handout.write.compact_fonts import compact_cjk_faces
from handout.write.engine import URLFetcher, URLFetcherResponse, weasyprint
from handout.write.form_fields import field_plan, finished_fields

PDF_VARIANTS = ("pdf/ua-1", "pdf/a-3u", "pdf/a-2u", "none")


class SandboxedFetcher(URLFetcher):
    """WeasyPrint's fetcher, restricted to what the sandbox allows; data: URLs pass."""

    def __init__(self, sandbox: Sandbox, base: Path):
        super().__init__(allowed_protocols=("file", "data"), allow_redirects=False)
        self.sandbox = sandbox
        self.base = base

    def fetch(self, url, headers=None):
        if url.startswith("data:"):
            return super().fetch(url, headers)
        path = self.sandbox.local_path(url, self.base)
        if path is None:
            raise ValueError(f"refused by the build's sandbox: {url}")
        media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": media_type})


@dataclass
class PdfResult:
    document: "weasyprint.document.Document"
    data: bytes
    engine_messages: list[str]


@contextmanager
def captured_engine_log():
    """Collect WeasyPrint's own warnings so they join the build's report instead of stderr."""
    messages: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record):
            messages.append(record.getMessage())

    logger = logging.getLogger("weasyprint")
    handler = Collect(logging.WARNING)
    logger.addHandler(handler)
    previous = logger.propagate
    logger.propagate = False
    try:
        yield messages
    finally:
        logger.removeHandler(handler)
        logger.propagate = previous


# Letter is 6 mm wider and 18 mm shorter than A4: wider side margins give it the same 180 mm
# text block (and so the same measure and line breaks) that print.css designs for A4.
PAGE_CSS = {"A4": "@page { size: A4; }",
            "Letter": "@page { size: letter; margin-left: 18mm; margin-right: 18mm; }"}


def page_css(page_size: str) -> str:
    """The page size's own rules, applied after print.css and before variants and --css."""
    return PAGE_CSS[page_size]


@lru_cache(maxsize=16)
def built_in_css(text: str) -> "weasyprint.CSS":
    """The project's own styles, parsed once per process (print.css takes ~10 ms, a twentieth
    of a warm build) and keyed by their text, so watch mode sees an edited stylesheet. A parsed
    sheet holds no state of the document it styles; it may @import only other built-in styles."""
    fetcher = SandboxedFetcher(Sandbox((STYLES.resolve(),)), STYLES)
    return weasyprint.CSS(string=text, base_url=str(STYLES) + "/", url_fetcher=fetcher)


def stylesheets(fetcher: SandboxedFetcher, extra_css: list[Path], page_size: str,
                variant_css: str = "") -> tuple[list, list[Problem]]:
    """The stylesheets in order, and a warning at its file and line for each rule of a --css
    stylesheet that the engine ignores (a syntax error, an unknown property or value)."""
    sheets = [built_in_css((STYLES / name).read_text(encoding="utf-8")) for name in ("faces.css", "print.css")]
    sheets.append(built_in_css(page_css(page_size)))
    if variant_css:
        sheets.append(built_in_css(variant_css))
    problems: list[Problem] = []
    for path in extra_css:
        with captured_engine_log() as messages:  # parsed here, so its messages are its own
            sheets.append(weasyprint.CSS(filename=str(path), url_fetcher=fetcher))
        problems += [css_warning(path, message) for message in messages]
    return sheets, problems


CSS_PLACE = re.compile(r" at (\d+):(\d+)")


def css_warning(path: Path, message: str) -> Problem:
    """The engine's message about a --css stylesheet, at the stylesheet's line."""
    place = CSS_PLACE.search(message)
    line = int(place[1]) if place else quoted_line(path.read_text(encoding="utf-8", errors="replace"), message)
    return Problem(str(path), line, f"CSS: {message}", "warning", "css")


def render_layout(html: str, base: Path, sandbox: Sandbox, extra_css: list[Path], page_size: str,
                  variant_css: str = "") -> tuple["weasyprint.document.Document", list]:
    """The laid-out document, and the engine's messages (a --css stylesheet's as Problems at its lines)."""
    fetcher = SandboxedFetcher(sandbox, base)
    sheets, css_problems = stylesheets(fetcher, extra_css, page_size, variant_css)
    with captured_engine_log() as messages:
        document = weasyprint.HTML(string=html, base_url=str(base) + "/", url_fetcher=fetcher).render(
            stylesheets=sheets)
    return document, css_problems + messages


def write_pdf(document, pdf_variant: str = "pdf/ua-1") -> bytes:
    """The laid-out document as PDF bytes, following `pdf_variant` (see PDF_VARIANTS)."""
    if pdf_variant == "none":
        data = document.write_pdf(finisher=compact_cjk_faces)
    else:
        # PDF/A-2u and -3u do not ask for tags, but a handout archived as PDF/A should stay as
        # accessible as the PDF/UA one: tag it too (structure tree, /Lang, reading order).
        data = document.write_pdf(pdf_variant=pdf_variant, pdf_tags=True, finisher=compact_cjk_faces)
    plan = field_plan(document)
    return finished_fields(data, plan) if plan.names else data  # a fillable worksheet's fields
