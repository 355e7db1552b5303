"""What the EPUB holds: its XHTML text, and its pages laid out here by WeasyPrint at 6 inches."""

from __future__ import annotations

import os
import posixpath
import xml.etree.ElementTree as ET
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from soak import ROOT

from .pdf_facts import PdfText, pdf_text
from .words import squash, squash_text, tokens

SCREEN_CSS = "@page { size: 90mm 2000mm; margin: 4mm; }"  # a 6-inch e-reader page, as one long page


def epub_pages(path: str) -> tuple[dict[str, bytes], list[str]]:
    """The EPUB's files and its spine's XHTML page names, in order."""
    archive = zipfile.ZipFile(path)
    files = {name: archive.read(name) for name in archive.namelist()}
    container = ET.fromstring(files["META-INF/container.xml"])
    opf_path = next(element.get("full-path") for element in container.iter() if element.get("full-path"))
    opf = ET.fromstring(files[opf_path])
    ns = {"opf": "http://www.idpf.org/2007/opf"}
    manifest = {item.get("id"): item.get("href") for item in opf.iterfind("opf:manifest/opf:item", ns)}
    folder = posixpath.dirname(opf_path)
    spine = [posixpath.join(folder, manifest[ref.get("idref")]) for ref in opf.iterfind("opf:spine/opf:itemref", ns)]
    return files, [name for name in spine if b"data-line" in files[name]]


def local_name(element) -> str:
    """An element's tag without its namespace."""
    return str(element.tag).rsplit("}", 1)[-1]


def xhtml_text(data: bytes) -> str:
    """The text of an XHTML page's body, a space between elements (none at <wbr/>)."""
    root = ET.fromstring(data)
    parts: list[str] = []

    def walk(element) -> None:
        glue = "" if local_name(element) == "wbr" else " "
        parts.append(glue + (element.text or ""))
        for child in element:
            walk(child)
        parts.append(glue)
        if element.tail:
            parts.append(element.tail)

    body = next((element for element in root.iter() if element.tag.endswith("}body")), root)
    walk(body)
    return "".join(parts)


def xhtml_squashed(path: str) -> str:
    """All the text of the EPUB's article pages, squashed."""
    files, pages = epub_pages(path)
    return "".join(squash_text(xhtml_text(files[name])) for name in pages)


def xhtml_questions(path: str) -> list[str]:
    """The FAQ questions in the EPUB's XHTML, squashed, in document order."""
    files, pages = epub_pages(path)
    questions = []
    for name in pages:
        for element in ET.fromstring(files[name]).iter():
            if "faq-question" in (element.get("class") or "").split():
                questions.append(squash("".join(element.itertext())))
    return questions


@dataclass
class ScreenFacts:
    """What of a target element's text the 6-inch layout shows, cuts off, pushes away or fades."""

    found: bool = False  # the target element is in the laid-out document
    visible: Counter = field(default_factory=Counter)
    clipped: Counter = field(default_factory=Counter)
    off_screen: Counter = field(default_factory=Counter)
    pseudo: str = ""  # the text ::before and ::after add, squashed
    faint: Counter = field(default_factory=Counter)


def is_target(element, attribute: str, value: str, tag: str) -> bool:
    """Whether `element` has `attribute` = `value` (and the tag `tag`, if given)."""
    return element.get(attribute) == value and (not tag or local_name(element) == tag)


def epub_documents(path: str):
    """(page name, XHTML root, WeasyPrint document) of each article page, laid out 90 mm wide."""
    # Only the EPUB's own files are used: its XHTML, its stylesheets, its images.
    os.environ.setdefault("FONTCONFIG_FILE", str(ROOT / "fonts" / "fonts.conf"))  # the project's fonts only
    import weasyprint
    from weasyprint.urls import URLFetcher, URLFetcherResponse
    files, pages = epub_pages(path)
    base = "file:///__epub__/"

    class Fetcher(URLFetcher):
        """Serves the EPUB's own files, nothing else."""

        def fetch(self, url, headers=None):
            name = posixpath.normpath(url[len(base):]) if url.startswith(base) else ""
            if name not in files:
                raise ValueError(f"not in the EPUB: {url}")
            kind = {"css": "text/css", "png": "image/png", "jpg": "image/jpeg"}.get(name.rsplit(".", 1)[-1], "")
            return URLFetcherResponse(url, files[name], {"Content-Type": kind or "application/octet-stream"})

    for name in pages:
        document = weasyprint.HTML(string=files[name].decode("utf-8"), base_url=base + posixpath.dirname(name) + "/",
                                   url_fetcher=Fetcher()).render(stylesheets=[weasyprint.CSS(string=SCREEN_CSS)])
        yield name, ET.fromstring(files[name]), document


def epub_screen(path: str, attribute: str, value: str, tag: str = "") -> ScreenFacts:
    """What the 6-inch layout does with the text of the element whose `attribute` is `value`."""
    from weasyprint.formatting_structure import boxes as B
    facts = ScreenFacts()
    for _, root, document in epub_documents(path):
        target = next((element for element in root.iter() if is_target(element, attribute, value, tag)), None)
        if target is None:
            continue
        for page in document.pages:
            box = page._page_box
            area = (box.content_box_x(), box.content_box_x() + box.width)
            for child in box.children:
                walk_screen(child, False, None, 1.0, area, (attribute, value, tag), facts, B)
    return facts


@lru_cache(maxsize=16)
def epub_printed(path: str) -> tuple[str, PdfText]:
    """The EPUB's 6-inch layout printed to PDF (beside the EPUB), and its words read back with poppler."""
    # This is where the text really is drawn, transforms included (a box's layout position does
    # not move with `transform`). A one-article EPUB has one page of text; the first is printed.
    pdf = path + ".screen.pdf"
    if not Path(pdf).is_file():
        for _, _, document in epub_documents(path):
            partial = f"{pdf}.{os.getpid()}.part"  # two workers may print the same clean EPUB at once
            document.write_pdf(partial)
            os.replace(partial, pdf)
            break
    return pdf, pdf_text(pdf, "epub")


def walk_screen(box, inside, clip, opacity, area, target, facts: ScreenFacts, B) -> None:
    """Note in `facts` where the target's text boxes below `box` are, and how they are drawn."""
    element = getattr(box, "element", None)
    if element is not None and is_target(element, *target) and not isinstance(box, B.TextBox):
        inside, facts.found = True, True
    style = box.style
    opacity *= float(style["opacity"])
    if inside and isinstance(box, B.TextBox) and box.text.strip() and style["visibility"] == "visible":
        words = tokens(box.text)
        facts.visible.update(words)
        left, top, right, low = box.position_x, box.position_y, box.position_x + box.width, box.position_y + box.height
        if clip is not None and (low > clip[3] + 2 or right > clip[2] + 2 or top < clip[1] - 2 or left < clip[0] - 2):
            facts.clipped.update(words)
        if right > area[1] + 1 or left < area[0] - 1:
            facts.off_screen.update(words)
        if (box.element_tag or "").endswith(("::after", "::before")):
            facts.pseudo += squash(box.text)
        colour = style["color"].to("srgb")
        alpha = colour.alpha * opacity
        pale = min(colour.coordinates) >= 0.9
        if pale or alpha <= 0.2 or style["font_size"] * 0.75 < 5:
            facts.faint.update(words)
    if style["overflow"] != "visible" and not isinstance(box, (B.InlineBox, B.LineBox, B.TextBox)):
        left, top = box.padding_box_x(), box.padding_box_y()
        rect = (left, top, left + box.padding_width(), top + box.padding_height())
        clip = rect if clip is None else (max(clip[0], rect[0]), max(clip[1], rect[1]),
                                          min(clip[2], rect[2]), min(clip[3], rect[3]))
    for child in getattr(box, "children", ()):
        walk_screen(child, inside, clip, opacity, area, target, facts, B)
