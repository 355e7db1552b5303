"""Lay the EPUB's own pages and styles out as a reader would: as wide as a 6-inch e-reader page
(90 mm) and as a phone (360 px), each page as one long page (only the sides are checked: a
reading system pages by itself).

The PDF engine evaluates media types but no media features, so the styles' `@media
(max-width: ...)` blocks are applied here by hand: a stylesheet is served with each such block
opened in place when the screen is that narrow, and left out when it is wider."""

from __future__ import annotations

import dataclasses
import functools
import mimetypes
import posixpath
import re

import tinycss2

from handout.check.epub import EpubContent, ScreenView
from handout.check.layout import (
    LayoutFinding,
    clipped_findings,
    invisible_findings,
    overflow_findings,
    placed_boxes,
    shaping_findings,
    visible_text,
)
from handout.render.bidi import as_controls
from handout.write.engine import URLFetcher, URLFetcherResponse, weasyprint
from handout.write.pdf import captured_engine_log

BASE = "file:///__epub__/"


# (name in messages, @page rule, viewport width in CSS px for the media queries)
SCREENS = (("6-inch screen", "@page { size: 90mm 2000mm; margin: 4mm; }", 90 * 96 / 25.4),
           ("phone (360 px)", "@page { size: 360px 2000mm; margin: 4mm; }", 360))
# Hyphenation moves line breaks, never what is shown (and the checks read past hyphens): the
# check lays pages out without it, a word either fitting or breaking at the edge, which spares
# loading the language's hyphenation dictionary (a tenth of a second) on every build.
NO_HYPHENATION = "* { hyphens: manual !important; }"
MAX_WIDTH = re.compile(r"^\(\s*max-width\s*:\s*([\d.]+)(em|rem|px)\s*\)$")
EM_PX = 16  # what a reader's em is when a media query is evaluated


@functools.lru_cache(maxsize=32)
def for_width(css: str, width: float) -> tuple[str, bool]:
    """The stylesheet as a screen `width` px wide applies it, and whether a max-width block applied."""
    rules = tinycss2.parse_stylesheet(css)
    out, applied = [], False
    for rule in rules:
        if rule.type == "error":  # a stray '}' or a declaration outside a rule: readers drop it too
            continue
        if rule.type == "at-rule" and rule.lower_at_keyword == "media":
            limit = MAX_WIDTH.match(tinycss2.serialize(rule.prelude).strip())
            if limit:
                if width <= float(limit.group(1)) * (1 if limit.group(2) == "px" else EM_PX):
                    out.append(tinycss2.serialize(rule.content))
                    applied = True
                continue
        out.append(tinycss2.serialize([rule]))
    return "".join(out), applied


class EpubFetcher(URLFetcher):
    """Serves only files inside the EPUB being checked; reads no disk, no network."""

    def __init__(self, files: dict[str, bytes], width: float):
        super().__init__(allowed_protocols=("file",))
        self.files = files
        self.width = width
        self.narrow = False  # whether a stylesheet's max-width block applied at this width

    def fetch(self, url, headers=None):
        name = posixpath.normpath(url.removeprefix(BASE))
        if not url.startswith(BASE) or name not in self.files:
            raise ValueError(f"not inside the EPUB: {url}")
        media_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
        data = self.files[name]
        if media_type == "text/css":
            css, applied = for_width(data.decode("utf-8"), self.width)
            data, self.narrow = css.encode("utf-8"), self.narrow or applied
        return URLFetcherResponse(url, data, {"Content-Type": media_type})


def small_screen_layout(content: EpubContent) -> list[ScreenView]:
    """Lay out each page of the spine on each screen; collect what runs off and what is shown.

    A screen that applies the same styles as a narrower one already laid out shows nothing that
    one does not (the same rules, more room), so its view is that one's, named for it: the
    phone (360 px) is laid out only when a media query sets it apart from the 6-inch page."""
    views: list[ScreenView] = []
    for screen, page_css, width in SCREENS:
        same = next((view for view in views if view.styles == applied_styles(content, width)), None)
        views.append(dataclasses.replace(same, screen=screen) if same
                     else screen_view(content, screen, page_css, width))
    return views


def applied_styles(content: EpubContent, width: float) -> tuple[str, ...]:
    """The EPUB's stylesheets as a screen `width` px wide applies them."""
    return tuple(for_width(data.decode("utf-8"), width)[0] for name, data in sorted(content.files.items())
                 if name.endswith(".css"))


def screen_view(content: EpubContent, screen: str, page_css: str, width: float) -> ScreenView:
    fetcher = EpubFetcher(content.files, width)
    findings: list[LayoutFinding] = []
    shown: list[tuple[str, str]] = []
    with captured_engine_log():
        for name, page in content.pages:
            document = lay_out_page(name, page, fetcher, page_css + NO_HYPHENATION)
            placed = placed_boxes(document)
            # Only the sides: a reading system pages (and scales covers) vertically itself.
            findings += (overflow_findings(document, placed, bottom=False) + clipped_findings(placed)
                         + invisible_findings(placed) + shaping_findings(placed))
            shown.append((name, visible_text(placed)))
    return ScreenView(screen, findings, shown, fetcher.narrow, applied_styles(content, width))


def lay_out_page(name: str, page: bytes, fetcher: EpubFetcher, page_css: str):
    """One content document of the EPUB laid out with its own styles, as `fetcher`'s screen shows them
    (its short isolates as the print handout sets them: WeasyPrint misplaces a <bdi> by up to 1 mm
    where readers do not, render/bidi.py)."""
    base = BASE + posixpath.dirname(name) + "/"
    return weasyprint.HTML(string=as_controls(page.decode("utf-8")), base_url=base, url_fetcher=fetcher).render(
        stylesheets=[weasyprint.CSS(string=page_css)])
