"""The CJK fonts made at setup (handout/cjk_fonts.py): pinned lists, refused tampering, the eight
faces with their regions' names and characters, byte-identical subsets, and small PDFs."""

from __future__ import annotations

import io
import json
import shutil

import pytest
from fontTools.ttLib import TTFont
from pypdf import PdfReader

from handout import cjk_fonts
from handout.check.glyphs import without_glyph
from handout.resources import CJK_FILES, CJK_FONTS, CJK_SETUP, missing_cjk_fonts

PINS = json.loads(cjk_fonts.PINS.read_text(encoding="utf-8"))
# A character each region's face must draw (and its language tag, for the PDF test).
SAMPLES = {"sc": ("zh-Hans", "简体中文"), "tc": ("zh-Hant", "繁體中文"), "jp": ("ja", "ひらがなと漢字"),
           "kr": ("ko", "한국어")}


@pytest.fixture(scope="module")
def made():
    """The faces in fonts/cjk/: `make test` makes them first (the `fonts` target)."""
    if missing_cjk_fonts():
        pytest.fail(CJK_SETUP)
    return CJK_FONTS


def test_the_pins_match_the_committed_lists_and_the_lists_are_the_codecs_characters():
    cjk_fonts.check_lists(PINS)
    assert sorted(PINS) == sorted(CJK_FILES) == sorted(cjk_fonts.OUTPUTS)
    for region in cjk_fonts.FAMILIES:
        committed = (cjk_fonts.LISTS / f"{region}.txt").read_text(encoding="utf-8")
        assert committed == "".join(map(cjk_fonts.list_line, sorted(cjk_fonts.standard_characters(region)))), region


def test_the_lists_hold_each_standard_and_the_shared_punctuation():
    sizes = {region: len(cjk_fonts.read_list(cjk_fonts.LISTS / f"{region}.txt")) for region in cjk_fonts.FAMILIES}
    assert sizes["tc"] > 13000 and sizes["sc"] > 7000 and sizes["kr"] > 8000 and sizes["jp"] > 6800
    jp = cjk_fonts.read_list(cjk_fonts.LISTS / "jp.txt")
    assert {ord(char) for char in "漢ひカｶ。「」、ー０A é\u2014"} <= jp


def test_a_tampered_character_list_is_refused_with_its_name(tmp_path, monkeypatch, capsys):
    shutil.copytree(cjk_fonts.LISTS, tmp_path / "lists")
    with open(tmp_path / "lists" / "kr.txt", "a", encoding="utf-8") as file:
        file.write("U+1F600\n")
    monkeypatch.setattr(cjk_fonts, "LISTS", tmp_path / "lists")
    monkeypatch.setattr(cjk_fonts, "PINS", tmp_path / "lists" / "pins.json")
    with pytest.raises(SystemExit) as exit:
        cjk_fonts.main([])
    assert exit.value.code != 0  # sys.exit(message): status 1, the message on stderr
    message = str(exit.value.code)
    assert message.count("\n") == 0 and str(tmp_path / "lists" / "kr.txt") in message
    assert "does not match its pin" in message and "--repin" in message


def test_a_different_debian_collection_is_refused_until_re_pinned():
    pins = {name: pin | {"source_sha256": "0" * 64} for name, pin in PINS.items()}
    with pytest.raises(cjk_fonts.SetupError, match="not the pinned file.*byte-identical.*--repin"):
        cjk_fonts.check_sources(pins)


def test_the_eight_faces_are_made_and_up_to_date(made):
    assert sorted(path.name for path in made.glob("*.otf")) == sorted(CJK_FILES)
    assert cjk_fonts.set_up(check_only=True) == "CJK fonts are up to date"


@pytest.mark.parametrize("name", CJK_FILES)
def test_each_face_has_its_region_s_family_and_characters(made, name):
    region, style = cjk_fonts.OUTPUTS[name]
    font = TTFont(made / name, lazy=True)
    assert font["name"].getDebugName(1) == cjk_fonts.FAMILIES[region]
    assert font["name"].getDebugName(2) == style
    assert {"GSUB", "GPOS", "vmtx"} <= set(font.keys())  # layout features and vertical metrics kept
    features = {record.FeatureTag for record in font["GSUB"].table.FeatureList.FeatureRecord}
    assert {"vert", "locl"} <= features
    cmap = font.getBestCmap()
    assert all(ord(char) in cmap for char in SAMPLES[region][1] if not char.isspace())


def test_the_glyph_check_sees_the_cjk_faces(made):
    assert without_glyph(set("简繁ひ漢한、。")) == set()


def test_the_subset_is_byte_identical_from_run_to_run(tmp_path):
    points = set(map(ord, "ひらがな漢字、。abc"))
    for name in ("one.otf", "two.otf"):
        cjk_fonts.subset(cjk_fonts.SOURCES["Regular"], "Noto Sans CJK JP", points, tmp_path / name)
    assert (tmp_path / "one.otf").read_bytes() == (tmp_path / "two.otf").read_bytes()
    assert TTFont(tmp_path / "one.otf")["name"].getDebugName(1) == "Noto Sans CJK JP"


@pytest.mark.parametrize("region", list(SAMPLES))
def test_a_pdf_embeds_the_small_face_of_the_region(made, region):
    # The engine sees only the project's fonts (it sets FONTCONFIG_FILE).
    from handout.write.engine import weasyprint
    language, text = SAMPLES[region]
    family = cjk_fonts.FAMILIES[region]
    pdf = weasyprint.HTML(string=f"<html lang='{language}'><p style=\"font-family: '{family}'\">{text}</p>"
                          "</html>").write_pdf()
    assert len(pdf) < 150_000
    fonts = [font.get_object() for font in PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]["/Font"].values()]
    assert len(fonts) == 1
    descriptor = fonts[0]["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
    embedded = TTFont(io.BytesIO(descriptor["/FontFile3"].get_object().get_data()))
    assert f"NotoSansCJK{region}" in embedded["name"].getDebugName(6)  # PostScript name: NotoSansCJKsc-Regular
    # Only the text's glyphs are drawn (HarfBuzz keeps the glyph numbers: the others are left empty).
    charstrings = embedded["CFF "].cff.topDictIndex[0].CharStrings
    drawn = [glyph for glyph in embedded.getGlyphOrder() if len(charstrings[glyph].bytecode) > 1]
    assert len(drawn) <= len(set(text)) + 1  # and .notdef


def test_the_command_makes_or_checks_the_fonts_and_the_error_names_it(made, capsys):
    """`handout fonts` is the installed tool's way to set up CJK (`make` needs a checkout)."""
    from handout.cli import main
    assert main(["fonts", "--check"]) == 0
    assert capsys.readouterr().out == "CJK fonts are up to date\n"
    assert "`handout fonts`" in CJK_SETUP


def test_a_japanese_article_without_its_faces_names_the_fonts_command(tmp_path, monkeypatch):
    from handout import pipeline
    from handout.read.article import read_article
    article = tmp_path / "ja.md"
    article.write_text("---\ntitle: 睡眠と不安\nlanguage: ja\n---\n\n本文です。\n", encoding="utf-8")
    monkeypatch.setattr(pipeline, "missing_cjk_fonts", lambda: list(CJK_FILES))
    problems = pipeline.face_problems(read_article(article)[0])
    assert len(problems) == 1 and problems[0].line == 3
    assert "run `handout fonts` once" in problems[0].message and "NotoSansCJKjp-Regular.otf" in problems[0].message


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_is_a_bar_on_a_terminal_and_a_line_per_face_in_a_log(monkeypatch):
    monkeypatch.setattr("sys.stderr", Terminal())
    tell, close = cjk_fonts.progress(8)
    tell("NotoSansCJKsc-Regular.otf")
    close()
    import sys
    assert "1/8" in sys.stderr.getvalue() and "face" in sys.stderr.getvalue()
    monkeypatch.setattr("sys.stderr", io.StringIO())
    tell, close = cjk_fonts.progress(8)
    tell("NotoSansCJKsc-Regular.otf")
    close()
    assert sys.stderr.getvalue() == "NotoSansCJKsc-Regular.otf: made (1 of 8)\n"
