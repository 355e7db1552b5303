"""Reader-safe styling, accessibility metadata and markup, and the cover, on the EPUB itself."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, SEED_ARTICLE, settings_of, write_article

from handout.check.source import check_source
from handout.cli import main
from handout.read.article import read_article
from handout.render.epub import modified_time, render_publication
from handout.sandbox import Sandbox
from handout.write.epub import write_epub

XHTML = "{http://www.w3.org/1999/xhtml}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
OPF = {"opf": "http://www.idpf.org/2007/opf"}
# What Kindle, Kobo and Adobe-based readers drop or mishandle (docs/epub-and-books.md).
FORBIDDEN_PROPERTIES = ("position", "max-width", "max-height", "overflow", "float", "display", "columns",
                        "column-count", "flex", "grid", "color", "background", "background-color", "font-family",
                        "height", "width")
# Safety nets (see epub.css), and a scale's end words kept together as inline blocks: a reader
# that drops it spreads the words along the line instead, hiding nothing.
ALLOWED = {("img", "max-width"), ("img", "height"), ("table", "width"), (".scale-low, .scale-high", "display")}
ABSOLUTE_UNITS = re.compile(r"(?<![\w.-])-?\d*\.?\d+(px|pt|cm|mm|in|pc)\b")

PICTURE = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4"
           b"\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")
WITH_IMAGE = """---
title: Pictures help
language: es
cover: cover.png
---

## Una parte

![Un cuadrado negro](dot.png)

#### Un detalle

Texto.
"""


def declarations(css: str) -> list[tuple[str, str, str]]:
    """(selector, property, value) for every declaration; comments removed."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    found = []
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        for declaration in filter(None, (part.strip() for part in body.split(";"))):
            name, _, value = declaration.partition(":")
            found.append((selector.strip(), name.strip().lower(), value.strip()))
    return found


def epub_files(data: bytes) -> dict[str, bytes]:
    archive = zipfile.ZipFile(io.BytesIO(data))
    return {name: archive.read(name) for name in archive.namelist()}


def publication_for(path: Path):
    article, _ = read_article(path)
    settings = settings_of(article.path, article.meta)
    publication, problems = render_publication(article, Sandbox.for_article(path.parent), settings)
    return article, publication, problems


NARROW = re.compile(r"@media \(max-width: [\d.]+em\) \{((?:[^{}]*\{[^{}]*\})*)\s*\}")


def test_epub_css_uses_no_property_readers_drop_and_no_absolute_units():
    css = (ROOT / "styles" / "epub.css").read_text(encoding="utf-8")
    narrow = "".join(NARROW.findall(css))
    found = declarations(NARROW.sub("", css))
    assert len(found) > 30, "the linter must actually see the declarations"
    bad = [(sel, name) for sel, name, _ in found
           if (name in FORBIDDEN_PROPERTIES or name.startswith("flex")) and (sel, name) not in ALLOWED]
    assert bad == []
    # The narrow-screen block may set display and width, on the stacked tables' parts only: a
    # reader without media queries never sees it, and keeps the plain table.
    stacked = declarations(narrow)
    assert len(stacked) >= 5
    assert [(sel, name) for sel, name, _ in stacked if name in FORBIDDEN_PROPERTIES and name not in ("display", "width")
            or not all(part.strip().startswith("table.stack") for part in sel.split(","))] == []
    found += stacked
    assert [(sel, value) for sel, _, value in found if ABSOLUTE_UNITS.search(value)] == []
    assert "@page" not in css and "@font-face" not in css and "!important" not in css
    assert not [sel for sel, _, _ in found if "#" in sel], "style by class, never by id"


def test_the_css_linter_catches_what_it_forbids():
    bad = declarations(".x { position: absolute; width: 12px } .y{display:flex}")
    assert ("position" in {name for _, name, _ in bad}) and ABSOLUTE_UNITS.search("12px")
    assert not ABSOLUTE_UNITS.search("1.5em 0.06em 100%")


def test_seed_epub_has_no_inline_style_and_lang_on_every_document(seed_build):
    files = epub_files((seed_build / "trust-issues.epub").read_bytes())
    documents = [name for name in files if name.endswith(".xhtml")]
    assert len(documents) == 2
    for name in documents:
        root = ET.fromstring(files[name])
        assert root.get("lang") == root.get(XML_LANG) == "en", name
        assert not [el for el in root.iter() if el.get("style") is not None], name
        assert root.find(f"{XHTML}head/{XHTML}style") is None, name
    opf = ET.fromstring(files["EPUB/content.opf"])
    assert opf.get(XML_LANG) == "en"


def test_seed_tables_are_plain_with_thead_scope_and_no_widths(seed_build):
    page = ET.fromstring(epub_files((seed_build / "trust-issues.epub").read_bytes())["EPUB/trust-issues.xhtml"])
    tables = list(page.iter(f"{XHTML}table"))
    assert tables
    for table in tables:
        assert table.find(f"{XHTML}thead") is not None
        assert all(th.get("scope") == "col" for th in table.iter(f"{XHTML}th"))
        assert not [el for el in table.iter() if el.get("width") or el.get("style")]


def headings(page: bytes) -> list[int]:
    return [int(el.tag[-1]) for el in ET.fromstring(page).iter() if re.fullmatch(rf"{re.escape(XHTML)}h[1-6]", el.tag)]


def test_accessibility_metadata_landmarks_and_cover_in_the_package(seed_build):
    files = epub_files((seed_build / "trust-issues.epub").read_bytes())
    opf = ET.fromstring(files["EPUB/content.opf"])
    meta = {}
    for el in opf.iterfind("opf:metadata/opf:meta", OPF):
        meta.setdefault(el.get("property") or el.get("name"), []).append(el.text or el.get("content"))
    for name in ("schema:accessMode", "schema:accessModeSufficient", "schema:accessibilityHazard",
                 "schema:accessibilitySummary", "dcterms:conformsTo", "dcterms:modified"):
        assert meta.get(name), name
    assert {"tableOfContents", "readingOrder", "structuralNavigation"} <= set(meta["schema:accessibilityFeature"])
    summary = meta["schema:accessibilitySummary"][0]
    assert "table" in summary and "image" not in summary.replace("cover image", "")  # the seed has no images
    assert meta["cover"] == ["cover-image"]
    cover = [item for item in opf.iterfind("opf:manifest/opf:item", OPF) if item.get("properties") == "cover-image"]
    assert len(cover) == 1 and cover[0].get("media-type") == "image/png"
    assert files["EPUB/" + cover[0].get("href")].startswith(b"\x89PNG")
    nav = ET.fromstring(files["EPUB/nav.xhtml"])
    types = [el.get("{http://www.idpf.org/2007/ops}type") for el in nav.iter(f"{XHTML}nav")]
    assert types == ["toc", "landmarks"]
    levels = headings(files["EPUB/trust-issues.xhtml"])
    assert levels[0] == 1 and all(b <= a + 1 for a, b in zip(levels, levels[1:]))


def test_spanish_article_with_images_is_marked_spanish_and_says_so(tmp_path):
    (tmp_path / "dot.png").write_bytes(PICTURE)
    (tmp_path / "cover.png").write_bytes(PICTURE)
    article, publication, problems = publication_for(write_article(tmp_path, "fotos.md", WITH_IMAGE))
    assert problems == []
    page = ET.fromstring(publication.pages[0].data)
    assert page.get("lang") == page.get(XML_LANG) == "es"
    assert publication.language == "es"
    meta = dict(publication.extra_meta)
    assert "Every image has a text alternative" in meta["schema:accessibilitySummary"]
    assert "Spanish" in meta["schema:accessibilitySummary"]
    assert ("schema:accessMode", "visual") in publication.extra_meta
    assert publication.cover.data == PICTURE and "cover-image" in publication.cover.properties
    assert headings(publication.pages[0].data) == [1, 2, 3]  # '####' right under '##' becomes h3


def test_a_cover_outside_the_article_folder_is_an_error_with_its_line(tmp_path):
    folder = tmp_path / "article"
    folder.mkdir()
    (tmp_path / "secret.png").write_bytes(PICTURE)
    text = "---\ntitle: T\ncover: ../secret.png\n---\n\n## A\n\nText.\n"
    _, publication, problems = publication_for(write_article(folder, "a.md", text))
    assert [(problem.line, problem.code) for problem in problems] == [(3, "resource")]
    assert "cover '../secret.png' refused" in problems[0].message
    assert publication.cover is None


def test_missing_alt_text_is_a_content_error_with_its_line(tmp_path):
    (tmp_path / "dot.png").write_bytes(PICTURE)
    path = write_article(tmp_path, "a.md", "---\ntitle: T\n---\n\n## A\n\n![](dot.png)\n")
    article, _ = read_article(path)
    problems = check_source(article)
    assert [(problem.line, problem.is_error) for problem in problems] == [(7, True)]
    assert "no alt text" in problems[0].message
    assert main([str(path), "-o", str(tmp_path / "out")]) == 1


def test_source_date_epoch_wins_over_the_article_date():
    import datetime as dt
    assert modified_time(dt.date(2026, 1, 2), "86400") == dt.datetime(1970, 1, 2)
    assert modified_time(dt.date(2026, 1, 2), None) == dt.datetime(2026, 1, 2)
    assert modified_time(None, None) == dt.datetime(2000, 1, 1)
    from handout.errors import BuildError
    with pytest.raises(BuildError) as failure:
        modified_time(None, "yesterday")
    assert failure.value.problems[0].format().startswith("SOURCE_DATE_EPOCH: error: 'yesterday' is not a whole")


def test_generated_cover_names_the_title_and_is_the_same_bytes_twice():
    from handout.render.cover import CoverText, cover_html, generated_cover
    text = CoverText("A title", "A subtitle", "An author", "Riverside Practice")
    html = cover_html(text)
    assert all(words in html for words in ("A title", "A subtitle", "Riverside Practice"))
    first = generated_cover(text)
    assert first.startswith(b"\x89PNG") and first == generated_cover(text)
    from PIL import Image
    assert Image.open(io.BytesIO(first)).size == (1600, 2400)


def test_epub_written_twice_in_one_process_is_identical():
    _, publication, _ = publication_for(SEED_ARTICLE)
    assert write_epub(publication) == write_epub(publication)


def test_the_cover_names_the_practice_from_handout_yaml(tmp_path):
    from handout.render.cover import CoverText, cover_html
    (tmp_path / "handout.yaml").write_text("practice: Riverside Practice\n", encoding="utf-8")
    path = write_article(tmp_path, "a.md", "---\ntitle: T\n---\n\n## A\n\nText.\n")
    _, publication, _ = publication_for(path)
    from handout.render.cover import generated_cover
    assert publication.cover.data == generated_cover(CoverText("T", practice="Riverside Practice"))
    assert "Riverside Practice" in cover_html(CoverText("T", practice="Riverside Practice"))


def test_image_files_get_names_every_reader_handles_and_pages_point_at_them(tmp_path):
    (tmp_path / "fotos").mkdir()
    (tmp_path / "images").mkdir()
    for name in ("my photo.png", "my-photo.png", "fotos/ñandú.png", "images/cover.png"):
        (tmp_path / name).write_bytes(PICTURE)
    text = ("---\ntitle: Names\n---\n\n## A\n\n![One](<my photo.png>)\n\n![Two](fotos/ñandú.png)\n\n"
            "![Three](images/cover.png)\n\n![Four](my-photo.png)\n")
    _, publication, problems = publication_for(write_article(tmp_path, "names.md", text))
    assert problems == []
    files = epub_files(write_epub(publication))
    images = sorted(name for name in files if name.endswith(".png"))
    assert images == ["EPUB/2-my-photo.png", "EPUB/fotos/nandu.png", "EPUB/images/2-cover.png",
                      "EPUB/images/cover.png", "EPUB/my-photo.png"]
    page = ET.fromstring(files["EPUB/names.xhtml"])
    sources = [img.get("src") for img in page.iter(f"{XHTML}img")]
    assert sources == ["my-photo.png", "fotos/nandu.png", "images/2-cover.png", "2-my-photo.png"]
    assert files["EPUB/images/2-cover.png"] == PICTURE  # the article's image, not the generated cover
