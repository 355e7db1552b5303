"""The written EPUB against the model: every item in its pages in order, every section in
the navigation, and tables that fit a 6-inch e-reader screen."""

from __future__ import annotations

import io
import posixpath
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import dataclass

from .check_items import expected_items, find_in_order, normalise, short
from .errors import Problem, error
from .model import Article

OPF_NS = {"opf": "http://www.idpf.org/2007/opf"}
XHTML_NS = "{http://www.w3.org/1999/xhtml}"
SMALL_SCREEN_CSS = "@page { size: 90mm 120mm; margin: 4mm; }"


@dataclass
class EpubContent:
    pages: list[tuple[str, bytes]]  # (name inside the zip, bytes), in spine order
    nav: bytes
    files: dict[str, bytes]


def open_epub(data: bytes) -> EpubContent:
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
    return EpubContent(pages, files[posixpath.join(folder, nav_item.get("href"))], files)


def body_text(page: bytes) -> str:
    root = ET.fromstring(page)
    body = root.find(f"{XHTML_NS}body")
    return " ".join(body.itertext()) if body is not None else ""


def nav_targets(nav: bytes) -> set[str]:
    root = ET.fromstring(nav)
    return {anchor.get("href", "").split("#")[-1] for anchor in root.iter(f"{XHTML_NS}a")}


def check_epub(article: Article, data: bytes, screen_layout=None, label: str = "EPUB") -> list[Problem]:
    """Compare the EPUB with the model; `screen_layout(content)` returns 6-inch layout findings."""
    path = article.path
    content = open_epub(data)
    text = normalise(" ".join(body_text(page) for _, page in content.pages))
    problems = [error(path, found.item.line,
                      f"{label}: {found.item.label} {found.problem} in the content documents: "
                      f"'{short(found.item.text)}'", "epub-text")
                for found in find_in_order(expected_items(article), text)]
    targets = nav_targets(content.nav)
    problems += [error(path, part.line, f"{label}: section '{short(part.title.text)}' is not in the navigation",
                       "epub-nav")
                 for part in article.body if part.anchor not in targets]
    if screen_layout is not None:
        problems += [error(path, finding.line, f"{label} on a 6-inch screen: {finding.message}", finding.code)
                     for finding in screen_layout(content) if finding.code == "overflow"]
    return problems
