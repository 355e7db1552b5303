"""Lay the EPUB's own pages and styles out on a 6-inch e-reader page (90 x 120 mm)."""

from __future__ import annotations

import mimetypes
import posixpath

from .check_epub import SMALL_SCREEN_CSS, EpubContent
from .check_layout import LayoutFinding, overflow_findings, placed_boxes
from .write_pdf import captured_engine_log, weasyprint
from weasyprint.urls import URLFetcher, URLFetcherResponse

BASE = "file:///__epub__/"


class EpubFetcher(URLFetcher):
    """Serves only files inside the EPUB being checked; reads no disk, no network."""

    def __init__(self, files: dict[str, bytes]):
        super().__init__(allowed_protocols=("file",))
        self.files = files

    def fetch(self, url, headers=None):
        name = posixpath.normpath(url.removeprefix(BASE))
        if not url.startswith(BASE) or name not in self.files:
            raise ValueError(f"not inside the EPUB: {url}")
        media_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        return URLFetcherResponse(url, self.files[name], {"Content-Type": media_type})


def small_screen_findings(content: EpubContent) -> list[LayoutFinding]:
    fetcher = EpubFetcher(content.files)
    findings: list[LayoutFinding] = []
    with captured_engine_log():
        for name, page in content.pages:
            base = BASE + posixpath.dirname(name) + "/"
            document = weasyprint.HTML(string=page.decode("utf-8"), base_url=base, url_fetcher=fetcher).render(
                stylesheets=[weasyprint.CSS(string=SMALL_SCREEN_CSS)])
            findings += overflow_findings(document, placed_boxes(document))
    return findings
