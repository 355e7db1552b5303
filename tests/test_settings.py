"""handout.yaml: the defaults a practice sets once (paper, language, author, FAQ heading, print
variant, PDF standard) and its logo. The command line comes first, then the front matter, then
handout.yaml, then the built-in defaults."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, SEED_ARTICLE, write_article
from pypdf import PdfReader

from handout.cli import main
from handout.model import Practice
from handout.read.article import read_article
from handout.settings import BuildOptions, resolve

LETTER = (612, 792)
A4 = (595, 842)
PICTURE = ROOT / "tests" / "fixtures" / "regressions" / "images" / "a12-small-steps-when-you-3-square.png"


def practice(folder: Path, settings: str) -> Path:
    """A practice's folder: handout.yaml and a copy of the seed article."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "handout.yaml").write_text(settings, encoding="utf-8")
    return shutil.copy(SEED_ARTICLE, folder / "seed.md")


def built(article: Path, out: Path, *options: str) -> PdfReader:
    assert main([str(article), "-o", str(out), "-j", "1", "--no-check", *options]) == 0
    return PdfReader(out / f"{article.stem}.pdf")


def page_size(reader: PdfReader) -> tuple[int, int]:
    box = reader.pages[0].mediabox
    return round(float(box.width)), round(float(box.height))


@pytest.mark.slow
def test_a_us_practice_writes_letter_once_and_the_front_matter_and_command_line_still_win(tmp_path):
    article = practice(tmp_path / "us", "practice: Riverside Counselling\npage_size: Letter\n")
    assert page_size(built(article, tmp_path / "1")) == LETTER
    assert page_size(built(article, tmp_path / "2", "--page-size", "A4")) == A4
    text = article.read_text(encoding="utf-8").replace("---\n", "---\npage_size: A4\n", 1)
    article.write_text(text, encoding="utf-8")
    assert page_size(built(article, tmp_path / "3")) == A4


def test_language_author_and_faq_heading_default_from_handout_yaml(tmp_path):
    folder = tmp_path / "es"
    folder.mkdir()
    (folder / "handout.yaml").write_text("language: es\nauthor: Dra. Ruiz\nfaq_heading: Dudas\n", encoding="utf-8")
    body = "Texto.\n\n## Dudas\n\n### ¿Cuánto dura?\n\nUnas semanas.\n"
    plain = write_article(folder, "a.md", f"---\ntitle: Hoja\n---\n\n{body}")
    article, _ = read_article(plain)
    assert (article.meta.language, article.meta.author, article.meta.faq_heading) == ("es", "Dra. Ruiz", "Dudas")
    assert article.faq is not None
    own = write_article(folder, "b.md", f"---\ntitle: Sheet\nlanguage: en\nauthor: Dr. Lee\n---\n\n{body}")
    article, _ = read_article(own)
    assert (article.meta.language, article.meta.author, article.meta.faq_heading) == ("en", "Dr. Lee", "Dudas")


def test_without_a_faq_heading_in_handout_yaml_its_language_names_the_faq(tmp_path):
    folder = tmp_path / "de"
    folder.mkdir()
    (folder / "handout.yaml").write_text("language: de\n", encoding="utf-8")
    article, _ = read_article(write_article(folder, "a.md", "---\ntitle: Blatt\n---\n\n## Häufige Fragen\n\n"
                                                            "### Wie lange?\n\nWochen.\n"))
    assert article.meta.language == "de" and article.faq is not None


@pytest.mark.slow
def test_variant_and_pdf_standard_come_from_handout_yaml_unless_the_command_line_says(tmp_path):
    article = practice(tmp_path / "p", "variant: large-print\npdf_variant: pdf/a-3u\n")
    large = built(article, tmp_path / "1")
    standard = built(article, tmp_path / "2", "--variant", "standard", "--pdf-variant", "pdf/ua-1")
    assert len(large.pages) > len(standard.pages)  # 16 pt text takes more pages than 10.5 pt
    metadata = {reader: reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode()
                for reader in (large, standard)}
    assert 'pdfaid:part="3"' in metadata[large] and 'pdfaid:part="3"' not in metadata[standard]


def image_pages(pdf: Path) -> list[int]:
    """The page of each image drawn (poppler's pdfimages: independent of the build's own reading)."""
    listing = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True, check=True).stdout
    return [int(line.split()[0]) for line in listing.splitlines()[2:]]


def test_the_logo_prints_before_the_practice_line(tmp_path, capsys):
    folder = tmp_path / "logo"
    article = practice(folder, "practice: Riverside Counselling\nlogo: brand/logo.png\n")
    (folder / "brand").mkdir()
    shutil.copy(PICTURE, folder / "brand" / "logo.png")
    assert main([str(article), "-o", str(tmp_path / "out"), "-j", "1"]) == 0, capsys.readouterr().err
    assert image_pages(tmp_path / "out" / "seed.pdf") == [1]
    # PDF/UA: a figure needs its alternative text; the logo's is the practice's name.
    assert figure_alts(PdfReader(tmp_path / "out" / "seed.pdf")) == ["Riverside Counselling"]


def figure_alts(reader: PdfReader) -> list:
    """The /Alt of every Figure in the PDF's structure tree."""
    found = []

    def walk(node):
        node = node.get_object()
        if not isinstance(node, dict):
            return
        if node.get("/S") == "/Figure":
            found.append(node.get("/Alt"))
        kids = node.get("/K", [])
        for kid in kids if isinstance(kids, list) else [kids]:
            walk(kid)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    return found


@pytest.mark.parametrize("logo, message", [
    ("brand/Logo.png", "logo 'brand/Logo.png' not found: {folder}/brand/Logo.png; did you mean 'brand/logo.png'?"),
    ("../outside.png", "logo '../outside.png' refused: outside"),
])
def test_a_logo_that_cannot_be_read_is_an_error_at_its_line(tmp_path, capsys, logo, message):
    folder = tmp_path / "logo"
    article = practice(folder, f"practice: Riverside Counselling\nlogo: {logo}\n")
    (folder / "brand").mkdir()
    shutil.copy(PICTURE, folder / "brand" / "logo.png")
    shutil.copy(PICTURE, tmp_path / "outside.png")
    assert main([str(article), "-o", str(tmp_path / "out"), "-j", "1"]) == 1
    err = capsys.readouterr().err
    assert f"{folder / 'handout.yaml'}:2: error: {message.format(folder=folder.resolve())}" in err, err


@pytest.mark.parametrize("settings, message", [
    ("page_size: A5\n", "handout.yaml:1: error: 'page_size' must be one of 'A4', 'Letter'"),
    ("variant: huge\n", "handout.yaml:1: error: 'variant' must be one of 'standard', 'large-print'"),
    ("language: english\n", "handout.yaml:1: error: 'language': 'english' is not a language tag"),
])
def test_a_bad_default_is_named_at_its_line(tmp_path, capsys, settings, message):
    article = practice(tmp_path / "p", settings)
    assert main([str(article), "-o", str(tmp_path / "out"), "-j", "1"]) == 1
    assert f"{tmp_path / 'p'}/{message}" in capsys.readouterr().err


@pytest.mark.slow
def test_a_book_takes_its_paper_from_handout_yaml(tmp_path):
    folder = tmp_path / "book"
    article = practice(folder, "page_size: Letter\n")
    book = write_article(folder, "book.yaml", f"title: Handouts\narticles: [{article.name}]\n")
    assert page_size(built(book, tmp_path / "out")) == LETTER


def resolved(settings) -> tuple:
    return (settings.page_size, settings.variant, settings.pdf_variant, settings.fit, settings.fit_source,
            settings.practice.name)


def test_settings_resolve_once_command_line_then_front_matter_then_handout_yaml_then_defaults(tmp_path):
    folder = tmp_path / "practice"
    practice(folder, "practice: Riverside\npage_size: Letter\nvariant: large-print\npdf_variant: pdf/a-2u\n")
    article = write_article(folder, "a.md", "---\ntitle: A\npage_size: A4\nfit: 2\n---\n\nText.\n")
    meta = read_article(article)[0].meta
    assert resolved(resolve(BuildOptions(), article, meta)) == ("A4", "large-print", "pdf/a-2u", 2, "'fit: 2'",
                                                                 "Riverside")
    given = BuildOptions(page_size="Letter", variant="standard", pdf_variant="none", fit=3, practice=Practice("Other"))
    assert resolved(resolve(given, article, meta)) == ("Letter", "standard", "none", 3, "--fit 3", "Other")
    # A book has no front matter: its paper comes from handout.yaml.
    assert resolved(resolve(BuildOptions(), folder / "book.yaml")) == ("Letter", "large-print", "pdf/a-2u", 0, "",
                                                                          "Riverside")
    (tmp_path / "elsewhere").mkdir()
    alone = write_article(tmp_path / "elsewhere", "b.md", "---\ntitle: B\n---\n\nText.\n")
    assert resolved(resolve(BuildOptions(), alone, read_article(alone)[0].meta)) == ("A4", "standard", "pdf/ua-1", 0,
                                                                                      "", "")


LONG_PRACTICE = ("practice: Riverside Counselling and Psychotherapy Practice for Families\n"
                 "contact: 01632 960 123 · riversidecounselling.example · hello@riversidecounselling.example\n"
                 "logo: brand/logo.png\n")


def practice_line_layout(folder: Path, variant: str, css: tuple[Path, ...] = ()):
    """(the logo's right edge, the left edge of each line of the practice line's text), in px."""
    from handout.check.boxes import placed_boxes, walk_boxes
    from handout.sandbox import Sandbox
    from handout.write.engine import boxes as B
    from handout.write.fit import lay_out_article
    article_path = folder / "seed.md"
    article, _ = read_article(article_path)
    settings = resolve(BuildOptions(variant=variant, css=css), article_path, article.meta)
    document, _ = lay_out_article(article, settings, Sandbox.for_article(folder, css, settings.practice.logo))
    placed = [item for item in placed_boxes(document) if item.page == 1]
    logo = next(item.box for item in placed if item.box.element_tag == "img")
    lines = [item.box for item in placed if isinstance(item.box, B.LineBox) and item.block is not None
             and {"practice", "practice-text"} & set((item.block.get("class") or "").split())
             and any(isinstance(child, B.TextBox) for child in walk_boxes(item.box))]
    return logo.position_x + logo.margin_width(), [line.position_x for line in lines]


@pytest.mark.parametrize("variant", ["standard", "large-print"])
def test_a_long_practice_line_wraps_beside_its_logo_not_under_it(tmp_path, variant):
    """Found by a designer: the contact line wrapped flush left under the logo."""
    folder = tmp_path / "long"
    practice(folder, LONG_PRACTICE)
    (folder / "brand").mkdir()
    shutil.copy(PICTURE, folder / "brand" / "logo.png")
    logo_right, starts = practice_line_layout(folder, variant)
    assert len(starts) >= 2 and min(starts) >= logo_right - 0.5, (logo_right, starts)
    # The fault it guards against: the practice line as a plain paragraph again.
    css = write_article(tmp_path, "block.css", ".masthead .practice { display: block; }")
    logo_right, starts = practice_line_layout(folder, variant, (css,))
    assert min(starts) < logo_right - 0.5
