"""Lay the EPUB's own pages and styles out as wide as a 6-inch e-reader page (90 mm)."""

from __future__ import annotations

import mimetypes
import posixpath

from handout.check.epub import SMALL_SCREEN_CSS, EpubContent, ScreenLayout
from handout.check.layout import (
    LayoutFinding,
    clipped_findings,
    invisible_findings,
    overflow_findings,
    placed_boxes,
    visible_text,
)
from handout.write.engine import URLFetcher, URLFetcherResponse, weasyprint
from handout.write.pdf import captured_engine_log

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


def small_screen_layout(content: EpubContent) -> ScreenLayout:
    """Lay out each page of the spine at 6 inches; collect what runs off and what is shown."""
    fetcher = EpubFetcher(content.files)
    findings: list[LayoutFinding] = []
    shown: list[tuple[str, str]] = []
    with captured_engine_log():
        for name, page in content.pages:
            base = BASE + posixpath.dirname(name) + "/"
            document = weasyprint.HTML(string=page.decode("utf-8"), base_url=base, url_fetcher=fetcher).render(
                stylesheets=[weasyprint.CSS(string=SMALL_SCREEN_CSS)])
            placed = placed_boxes(document)
            # Only the sides: a reading system pages (and scales covers) vertically itself.
            findings += (overflow_findings(document, placed, bottom=False) + clipped_findings(placed)
                         + invisible_findings(placed))
            shown.append((name, visible_text(placed)))
    return ScreenLayout(findings, shown)
