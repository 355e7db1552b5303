"""The printed handout held to its numbers: pages, text sizes, measure, furniture, tags, fit."""

from __future__ import annotations

import re
import shutil
from functools import lru_cache
from io import BytesIO
from pathlib import Path

import pytest
from conftest import SEED_ARTICLE, isolated_seed, settings_of, write_article
from pypdf import PdfReader

from handout.check import measure_print as measure
from handout.cli import main
from handout.read.article import read_article
from handout.render.html import render_epub_page, render_print
from handout.sandbox import Sandbox
from handout.write.fit import lay_out_article
from handout.write.page_breaks import repairs
from handout.write.pdf import render_layout, write_pdf

SIZES = ["A4", "Letter"]
PROMPTS = ["When did you last notice the familiar vigilance?",
           "Who in your life now has been reliably honest, present or safe?"]


@pytest.fixture(scope="module")
def seed(tmp_path_factory) -> Path:
    """The seed in a folder of its own (see conftest.isolated_seed)."""
    return isolated_seed(tmp_path_factory, "print")


@lru_cache(maxsize=None)
def laid_out(path: Path, page_size: str = "A4", variant: str = "standard", css: tuple[Path, ...] = ()):
    """The print layout of an article (cached: layouts are the slow part)."""
    article, _ = read_article(path, str(path))
    settings = settings_of(path, article.meta, variant=variant, css=css, page_size=page_size)
    document, _ = lay_out_article(article, settings, Sandbox.for_article(path.parent, css))
    return document


@lru_cache(maxsize=None)
def pdf_of(path: Path, page_size: str = "A4", pdf_variant: str = "pdf/ua-1") -> bytes:
    return write_pdf(laid_out(path, page_size), pdf_variant)


def css_file(folder: Path, text: str) -> Path:
    path = folder / "inject.css"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("size", SIZES)
def test_seed_fits_one_sheet_both_sides(seed, size):
    assert 1 <= len(laid_out(seed, size).pages) <= 2


@pytest.mark.parametrize("size", SIZES)
def test_every_page_numbered_n_of_m(seed, size):
    texts = measure.page_texts(pdf_of(seed, size))
    assert [bool(re.search(rf"Page {number} of {len(texts)}\b", text)) for number, text in enumerate(texts, 1)] \
        == [True] * len(texts)


def test_pdf_is_tagged_with_title_language_and_embedded_fonts(seed):
    facts = measure.pdf_facts(pdf_of(seed))
    assert facts == {"tagged": True, "language": "en", "shows_title": True, "unembedded_fonts": [],
                     "title": "Trust Issues: Where They Come From and What Changes Them"}


def test_untagged_pdf_is_told_apart(seed):
    """The facts above can fail: the same layout written without tags says so."""
    assert measure.pdf_facts(pdf_of(seed, "A4", "none"))["tagged"] is False


@pytest.mark.parametrize("size", SIZES)
def test_text_is_at_least_10_5_pt(seed, size):
    document = laid_out(seed, size)
    assert measure.share_at_least(document, 10.5) >= 0.95
    assert measure.smallest_text(document) >= 10.5  # the design keeps all of it there, not just 95%


def test_small_text_is_caught(seed, tmp_path):
    document = laid_out(seed, "A4", css=(css_file(tmp_path, "p { font-size: 9pt; }"),))
    assert measure.share_at_least(document, 10.5) < 0.95


@pytest.mark.parametrize("size", SIZES)
def test_measure_is_60_to_75_characters(seed, size):
    assert 60 <= measure.median_measure(laid_out(seed, size)) <= 75


def test_full_width_measure_is_caught(seed, tmp_path):
    document = laid_out(seed, "A4", css=(css_file(tmp_path, ".article-body { padding-inline-start: 0; }"),))
    assert measure.median_measure(document) > 75


def test_large_print_is_16_pt(seed):
    document = laid_out(seed, "A4", "large-print")
    assert measure.share_at_least(document, 16) == 1.0  # every letter (test_print_size.py: footers too)
    assert measure.share_at_least(laid_out(seed, "A4"), 16) < 0.1  # the standard design is not


def test_black_and_white_no_colour_fills(seed):
    """Every distinction is weight, rules and space: no coloured text, no tinted backgrounds."""
    colours = set()
    for page in laid_out(seed).pages:
        for box in measure.walk_boxes(page._page_box):
            background = box.style["background_color"].to("srgb")
            if background.alpha > 0:
                colours.add(("background", tuple(round(c, 2) for c in background.coordinates)))
            text = box.style["color"].to("srgb").coordinates
            if len({round(c, 2) for c in text}) > 1:
                colours.add(("text", tuple(round(c, 2) for c in text)))
    assert colours <= {("background", (1.0, 1.0, 1.0))}


def test_outline_follows_the_headings(seed):
    reader = PdfReader(BytesIO(pdf_of(seed)))
    outline = reader.outline
    assert len(outline) == 2 and outline[0].title.startswith("Trust Issues: Where They Come From")
    sections = [entry.title for entry in outline[1] if not isinstance(entry, list)]
    assert sections == ["Where Trust Issues Actually Come From", "What Changes Trust Issues",
                        "Frequently Asked Questions"]
    questions = [entry.title for entry in outline[1][-1]]
    assert questions == ["Can trust issues be healed?", "Is it possible to trust too much?"]


def test_pdf_a_3u_is_archival_and_still_tagged(seed):
    data = pdf_of(seed, "A4", "pdf/a-3u")
    root = PdfReader(BytesIO(data)).trailer["/Root"]
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert 'pdfaid:part="3"' in xmp and 'pdfaid:conformance="U"' in xmp
    assert "/OutputIntents" in root
    facts = measure.pdf_facts(data)
    assert facts["tagged"] and facts["language"] == "en" and facts["unembedded_fonts"] == []


def with_front_matter(folder: Path, extra: str, name: str = "article.md") -> Path:
    """The seed with extra front matter lines."""
    text = SEED_ARTICLE.read_text(encoding="utf-8").replace("\nlanguage: en\n", f"\nlanguage: en\n{extra}", 1)
    return write_article(folder, name, text)


def reflection_lines() -> str:
    return "reflection:\n" + "".join(f"  - {prompt}\n" for prompt in PROMPTS)


def test_reflection_prompts_get_ruled_lines_in_print_and_a_list_in_the_epub(tmp_path):
    article_path = with_front_matter(tmp_path, reflection_lines())
    document = laid_out(article_path)
    ruled = [box for page in document.pages for box in measure.walk_boxes(page._page_box)
             if box.element_tag == "div" and box.element.get("class") == "write-line"]
    assert len(ruled) == 4 * len(PROMPTS)
    assert all(box.style["border_bottom_width"] > 0 for box in ruled)
    text = " ".join(measure.page_texts(write_pdf(document)))
    assert all(prompt in " ".join(text.split()) for prompt in PROMPTS)
    article, _ = read_article(article_path, str(article_path))
    epub_page = render_epub_page(article, [])
    assert all(prompt in epub_page for prompt in PROMPTS) and "write-line" not in epub_page


def test_fit_tightens_until_the_article_fits(tmp_path):
    loose = laid_out(with_front_matter(tmp_path, reflection_lines(), "loose.md"))
    fitted = laid_out(with_front_matter(tmp_path, reflection_lines() + "fit: 2\n", "fitted.md"))
    assert len(loose.pages) == 3 and len(fitted.pages) == 2
    assert measure.smallest_text(fitted) >= 10.5


def test_fit_that_cannot_be_met_says_how_many_pages(tmp_path, capsys):
    article = with_front_matter(tmp_path, "fit: 1\n")
    assert main([str(article), "-o", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert f"{article}: error: needs 2 pages to fit; 'fit: 1' asks for 1" in err
    assert "Traceback" not in err and not (tmp_path / "out" / "article.pdf").exists()


def test_fit_option_wins_over_front_matter(tmp_path, capsys):
    article = with_front_matter(tmp_path, "fit: 5\n")
    assert main([str(article), "-o", str(tmp_path / "out"), "--fit", "1"]) == 1
    assert "--fit 1 asks for 1" in capsys.readouterr().err


@pytest.mark.parametrize("value", ["0", "x", "51"])
def test_fit_option_must_be_a_page_count(value, capsys):
    with pytest.raises(SystemExit) as leaving:
        main([str(SEED_ARTICLE), "--fit", value])
    assert leaving.value.code == 2 and "--fit" in capsys.readouterr().err


def test_practice_line_comes_from_handout_yaml(tmp_path, capsys):
    (tmp_path / "handout.yaml").write_text("practice: Riverside Counselling\ncontact: 01632 960 123\n",
                                           encoding="utf-8")
    article = shutil.copy(SEED_ARTICLE, tmp_path / "seed.md")
    first_page = " ".join(measure.page_texts(write_pdf(laid_out(Path(article))))[0].split())
    assert first_page.startswith("Riverside Counselling · 01632 960 123 Trust Issues")
    # The separator is the design's, not stray text: the checked build passes.
    assert main([str(article), "-o", str(tmp_path / "out"), "-j", "1"]) == 0, capsys.readouterr().err


@pytest.mark.parametrize("settings, message", [
    ("practice: A\npractise: B\n", "handout.yaml:2: error: unknown setting 'practise'; did you mean 'practice'?"),
    ("practice: [a, b]\n", "handout.yaml:1: error: 'practice' must be one line of text, not a list"),
    ("contact: x\ncontact: y\n", "handout.yaml:2: error: duplicate key 'contact' on lines 1 and 2"),
    ("practice: 'open\n", "handout.yaml:2: error: handout.yaml is not valid YAML"),
])
def test_bad_handout_yaml_is_named_at_its_line(tmp_path, capsys, settings, message):
    (tmp_path / "handout.yaml").write_text(settings, encoding="utf-8")
    article = shutil.copy(SEED_ARTICLE, tmp_path / "seed.md")
    assert main([str(article), "-o", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert f"{tmp_path / 'handout.yaml'}:{message.split(':', 1)[1]}" in err and "Traceback" not in err


def test_side_heads_that_cannot_fit_fall_back_to_stacked_headings(seed, tmp_path):
    """A side head taller than the page would be split or run off it: headings go above their text."""
    assert not repairs(laid_out(seed))
    fault = (css_file(tmp_path, ".subsection > h3 { padding-bottom: 300mm; }"),)
    article, _ = read_article(seed, str(seed))
    sandbox = Sandbox.for_article(seed.parent, fault)
    with_floats, _ = render_layout(render_print(article), seed.parent.resolve(), sandbox, list(fault), "A4")
    assert repairs(with_floats)
    fallback = laid_out(seed, "A4", css=fault)
    floated = [box for page in fallback.pages for box in measure.walk_boxes(page._page_box)
               if box.element_tag == "h3" and box.style["float"] != "none"]
    assert floated == []
