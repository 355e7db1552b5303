"""The written EPUB against the model: every item in its pages in order, every section in
the navigation, and tables that fit a 6-inch e-reader screen."""

from __future__ import annotations

import io
import posixpath
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass

from handout.check.items import (
    Item,
    expected_items,
    find_exactly_once,
    footnote_items,
    furniture_for,
    short,
)
from handout.errors import Problem, error
from handout.labels import labels_for
from handout.model import Article, Practice
from handout.render.html import REFLECTION_ID, STACK_COLUMNS

OPF_NS = {"opf": "http://www.idpf.org/2007/opf"}
XHTML_NS = "{http://www.w3.org/1999/xhtml}"
OPS_TYPE = "{http://www.idpf.org/2007/ops}type"
# Page breaks are the reading system's business; words torn or stranded punctuation are the page's.
SCREEN_CODES = ("overflow", "clipped", "invisible", "dotted-circle", "torn-word", "line-start")


@dataclass
class EpubContent:
    pages: list[tuple[str, bytes]]  # (name inside the zip, bytes), in spine order
    nav: bytes
    files: dict[str, bytes]
    nav_name: str = "nav.xhtml"


@dataclass(frozen=True)
class ScreenView:
    """The EPUB laid out at one screen width: what runs off it, and the text a reader sees."""

    screen: str  # the screen, as messages name it: "6-inch screen", "phone (360 px)"
    findings: list  # check_layout.LayoutFinding
    texts: list[tuple[str, str]]  # (page name, the text its styles show), in spine order
    stacked: bool = False  # whether its narrow-screen styles set wide tables as records
    styles: tuple[str, ...] = ()  # the stylesheets as this screen applies them (media queries resolved)

    def text(self, chapter: str = "") -> str:
        """What the styles show on the pages whose name contains `chapter` (all pages: '')."""
        return " ".join(text for name, text in self.texts if chapter in "/" + name)


def text(self, chapter: str = "") -> str:
        """What the styles show on the pages whose name contains `chapter` (all pages: '')."""
        return " ".join(text for name, text in self.texts if chapter in "/" + name)


def open_epub(data: bytes) -> EpubContent:
    """The EPUB's pages in spine order, its navigation document and every file in it."""
    archive = zipfile.ZipFile(io.BytesIO(data))
    files = {name: archive.read(name) for name in archive.namelist()}
    container = ET.fromstring(files["META-INF/container.xml"])
    opf_path = next(el.get("full-path") for el in container.iter() if el.get("full-path"))
    folder = posixpath.dirname(opf_path)
    opf = ET.fromstring(files[opf_path])
    manifest = {item.get("id"): item for item in opf.iterfind("opf:manifest/opf:item", OPF_NS)}
    pages = []
    for ref in opf.iterfind("opf:spine/opf:itemref", OPF_NS):
        item = manifest[ref.get("idref")]
        if ref.get("linear") != "no":
            name = posixpath.join(folder, item.get("href"))
            pages.append((name, files[name]))
    nav_item = next(item for item in manifest.values() if "nav" in (item.get("properties") or "").split())
    nav_name = posixpath.join(folder, nav_item.get("href"))
    return EpubContent(pages, files[nav_name], files, nav_name)


def body_text(page: bytes) -> str:
    """All text inside one XHTML page's body."""
    root = ET.fromstring(page)
    body = root.find(f"{XHTML_NS}body")
    return " ".join(body.itertext()) if body is not None else ""


def toc_links(content: EpubContent) -> list[tuple[str, str]]:
    """(document name, fragment) of every link in the navigation's table of contents."""
    root = ET.fromstring(content.nav)
    toc = next((nav for nav in root.iter(f"{XHTML_NS}nav") if nav.get(OPS_TYPE) == "toc"), root)
    folder = posixpath.dirname(content.nav_name)
    links = []
    for anchor in toc.iter(f"{XHTML_NS}a"):
        page, _, fragment = anchor.get("href", "").partition("#")
        links.append((posixpath.normpath(posixpath.join(folder, page)) if page else content.nav_name, fragment))
    return links


def nav_problems(article: Article, content: EpubContent, label: str) -> list[Problem]:
    """Every section and subsection listed in the navigation, and every entry landing on an id."""
    links = toc_links(content)
    listed = {fragment for _, fragment in links}
    parts = [(part.title.text, part.anchor, part.line) for part in article.body]
    parts += [(sub.title.text, sub.anchor, sub.line) for part in article.sections for sub in part.subsections]
    if article.meta.reflection:
        parts.append((labels_for(article.meta.language)["reflection"], REFLECTION_ID, None))
    problems = [error(article.path, line, f"{label}: section '{short(title)}' is not in the navigation", "epub-nav")
                for title, anchor, line in parts if anchor not in listed]
    ids = {name: {el.get("id") for el in ET.fromstring(page).iter() if el.get("id")} for name, page in content.pages}
    problems += [error(article.path, None, f"{label}: the navigation links to '{name}#{fragment}', "
                       "which is not an id in the book's pages", "epub-nav")
                 for name, fragment in links if fragment and fragment not in ids.get(name, ())]
    return problems


def check_epub(article: Article, data: bytes, screens: list[ScreenView] | None = None, label: str = "EPUB",
               chapter: str = "", practice: Practice = Practice()) -> list[Problem]:
    """Compare the EPUB's pages (those whose name contains `chapter`: a book's article) with the
    model, each item exactly once; and, given its `screens` (epub_screen.py), what the styles show
    on each, wide tables read as records where the narrow-screen styles set them so; an
    article's own EPUB ends with its `practice`'s colophon."""
    path = article.path
    content = open_epub(data)
    after = footnote_items(article) + [Item("colophon", text, None) for text in (practice.name, practice.contact)]
    items = expected_items(article) + after
    furniture = furniture_for(article.meta.language)
    text = " ".join(body_text(page) for name, page in content.pages if chapter in "/" + name)
    absent = find_exactly_once(items, text, furniture)
    problems = [error(path, found.item.line, f"{label}: {found.describe('in the content documents')}", "epub-text")
                for found in absent]
    problems += nav_problems(article, content, label)
    reported = {found.item for found in absent}
    seen: set[tuple] = set()
    for view in screens or ():
        if not chapter:  # a book's screen findings are the book's, reported once
            problems += screen_findings(view, path, label, seen)
        shown = expected_items(article, records=STACK_COLUMNS if view.stacked else 0) + after
        for found in find_exactly_once(shown, view.text(chapter), furniture):
            if found.item not in reported:
                reported.add(found.item)
                problems.append(error(path, found.item.line, f"{label} on a {view.screen}: "
                                      f"{found.describe('among what the styles show')}", "epub-hidden"))
    return problems


def screen_findings(view: ScreenView, path, label: str, seen: set[tuple]) -> list[Problem]:
    """A screen's layout findings, each once: what runs off a phone also runs off a 6-inch reader."""
    problems = []
    for finding in view.findings:
        key = (finding.code, finding.line, finding.message)
        if finding.code in SCREEN_CODES and key not in seen:
            seen.add(key)
            problems.append(error(path, finding.line, f"{label} on a {view.screen}: {finding.message}", finding.code))
    return problems
