"""Page numbers in the language's own digits (render/numbering.py): the numbering system CLDR
gives the language by default, printed by the CSS counter style of its digits, in the running
footer and in the contents of an article and of a book. Read back from the written PDF by
poppler (pdftotext), a reader independent of the builder's own; the contents' numbers are held
to the pages the PDF's bookmarks lead to."""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from functools import cache
from pathlib import Path

import pytest
from conftest import ROOT

from handout.labels import LABELS
from handout.render import page_css
from handout.render.numbering import CSS_STYLES, counter_style, numbering_system

FIXTURES = ROOT / "tests" / "fixtures" / "languages"
DIGIT_NAMES = ("ZERO", "ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE")
LEADER = re.compile(r"(?:\. ){3}")  # a contents entry's dotted leader, as pdftotext -layout reads it
PT_PER_MM = 72 / 25.4


def digits_named(script: str) -> str:
    """The ten digits Unicode names after `script` ('BENGALI' -> '০১২৩৪৫৬৭৮৯'; '' -> ASCII)."""
    return "".join(unicodedata.lookup(f"{script} DIGIT {name}".strip()) for name in DIGIT_NAMES)


ASCII, PERSIAN = digits_named(""), digits_named("EXTENDED ARABIC-INDIC")
ARABIC_INDIC, BENGALI = digits_named("ARABIC-INDIC"), digits_named("BENGALI")


# ---- The language's numbering system, from CLDR, in every form a tag arrives in. ----

def test_tags_in_every_form_find_cldrs_numbering_system():
    assert {numbering_system(tag) for tag in ("fa", "fa-IR", "fa_IR", " fa ", "ps")} == {"arabext"}
    assert numbering_system("bn") == "beng" and numbering_system("bn-IN") == "latn"  # India: ASCII digits
    assert numbering_system("ar") == "latn"  # Arabic by default, and in the Maghreb: ASCII digits
    assert {numbering_system(tag) for tag in ("ar-EG", "ar_EG", "ar-SA")} == {"arab"}
    assert numbering_system("ur") == "latn" and numbering_system("ur_IN") == numbering_system("ur-IN") == "arabext"
    assert {numbering_system(tag) for tag in ("mr", "ne")} == {"deva"}
    assert {numbering_system(tag) for tag in ("en", "hi", "th", "he", "iw", "ja", "ko", "zh-Hant", "zh-Hant-HK",
                                              "zh-Hans", "zh-TW")} == {"latn"}
    # A region Babel lacks: the language's own system. An unknown or broken tag: ASCII digits, no error.
    assert numbering_system("fa-XX") == "arabext" and numbering_system("ar-XX") == "latn"
    for tag in ("qaa", "x\"y", "", "  ", "-", "i-klingon", "en-US-u-nu-arab", "zz_ZZ"):
        assert counter_style(tag) == "decimal", tag


def test_the_print_rules_ask_for_the_pages_language_digits():
    persian = page_css.language_css("fa", ["fa"])
    assert "counter(page, persian)" in persian and "counter(pages, persian)" in persian
    assert "target-counter(attr(href), page, persian)" in persian
    english = page_css.language_css("en", ["en", "fa"])  # a book's numbers are its own language's
    assert ", persian" not in english and "target-counter" not in english  # print.css's own rule holds
    assert '"Page " counter(page) " of " counter(pages)' in english
    assert "counter(page, arabic-indic)" in page_css.language_css("ar-EG", ["ar-EG"])
    assert "counter(page)" in page_css.language_css("ar", ["ar"])


# ---- Each CSS style of the table prints its system's ten digits: rendered by the PDF engine. ----

@cache
def rendered_digits(styles: tuple[str, ...]) -> dict[str, str]:
    """How WeasyPrint prints 1234567890 in each of the counter `styles`."""
    from handout.check.boxes import walk_boxes
    from handout.write.engine import boxes as B
    from handout.write.engine import weasyprint
    html = "".join(f'<p id="{style}"></p>' for style in styles)
    css = "p { counter-reset: n 1234567890; }\n" + "".join(
        f"#{style}::before {{ content: counter(n, {style}); }}\n" for style in styles)
    document = weasyprint.HTML(string=f"<html><body>{html}</body></html>").render(
        stylesheets=[weasyprint.CSS(string=css)])
    printed = {}
    for box in walk_boxes(document.pages[0]._page_box):
        if box.element_tag == "p" and box.element is not None:
            printed[box.element.get("id")] = "".join(child.text for child in walk_boxes(box)
                                                     if isinstance(child, B.TextBox))
    return printed


def digits_of(table: dict[str, str]) -> dict[str, str]:
    """Each numbering system of `table` (system -> CSS counter style) and the digits its style prints."""
    printed = rendered_digits(tuple(sorted(set(table.values()))))
    return {system: printed[style] for system, style in table.items()}


def misprinted(table: dict[str, str]) -> list[str]:
    """The numbering systems whose counter style in `table` does not print the system's digits.

    A CLDR numbering system is named after the script of its digits (ISO 15924: 'beng', 'deva',
    'tamldec'), with 'ext' for a script's extended set (Persian's, Unicode's EXTENDED ARABIC-INDIC
    DIGITs); Unicode (through fontTools) gives each printed digit's script. An unknown style
    name prints ASCII digits."""
    from fontTools.unicodedata import script
    wrong = []
    for system, digits in digits_of(table).items():
        in_order = [unicodedata.decimal(char, None) for char in digits] == [1, 2, 3, 4, 5, 6, 7, 8, 9, 0]
        if system == "latn":
            own = digits == "1234567890"
        else:
            own = ({script(char).lower() for char in digits} == {system[:4]}
                   and {unicodedata.name(char).startswith("EXTENDED ") for char in digits} == {system.endswith("ext")})
        if not (in_order and own):
            wrong.append(system)
    return wrong


def test_every_style_of_the_table_prints_its_systems_digits():
    assert misprinted(CSS_STYLES) == []
    # Faults: another script's digits, Arabic's for Persian's and back, a name the engine does not know.
    assert misprinted(CSS_STYLES | {"beng": "oriya", "deva": "gujarati"}) == ["beng", "deva"]
    assert misprinted(CSS_STYLES | {"arab": "persian", "arabext": "arabic-indic"}) == ["arab", "arabext"]
    assert misprinted(CSS_STYLES | {"arabext": "farsi"}) == ["arabext"]


def test_the_fonts_draw_the_page_numbers_of_every_language_the_builder_knows():
    """No check reads the footer's or the contents' glyphs (margin boxes and the contents are not
    the article's text), so the shipped faces must hold every digit they may print: for each
    language of the labels table, in every region CLDR knows it in."""
    from babel.localedata import locale_identifiers

    from handout.check.glyphs import without_glyph
    languages = {key.split("-")[0] for key in LABELS}
    tags = sorted(tag for tag in locale_identifiers() if tag.split("_")[0] in languages)
    digits = digits_of({tag: counter_style(tag) for tag in tags})
    assert [set(digits[tag]) for tag in ("fa", "ar_EG", "bn")] == [set(PERSIAN), set(ARABIC_INDIC), set(BENGALI)]
    assert without_glyph(set("".join(digits.values()))) == set()


# ---- Built as a practice would, and read back from the PDF. ----

def build(tmp_path: Path, source: Path, out: str = "out") -> Path:
    """Build `source` (an article or a book) with the command line; the folder it wrote."""
    from handout.cli import main
    assert main([str(source), "-o", str(tmp_path / out)]) == 0
    return tmp_path / out


def pdftotext(pdf: Path, page: int, *options: str) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", "-f", str(page), "-l", str(page), *options, str(pdf), "-"],
                          capture_output=True, text=True, check=True).stdout


def bottom_margin_pt() -> float:
    """print.css's bottom page margin, where the running footer is, in points."""
    css = (ROOT / "styles" / "print.css").read_text(encoding="utf-8")
    return float(re.search(r"@page \{[^}]*?margin: \S+ \S+ ([\d.]+)mm", css)[1]) * PT_PER_MM


def footers(pdf: Path) -> list[list[str]]:
    """Each page's running footer (its bottom margin, as pdftotext reads it) as its runs of digits."""
    from pypdf import PdfReader
    found = []
    for number, page in enumerate(PdfReader(pdf).pages, 1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        band = bottom_margin_pt()
        text = pdftotext(pdf, number, "-x", "0", "-y", str(int(height - band)), "-W", str(int(width) + 1),
                         "-H", str(int(band) + 1))
        found.append(re.findall(r"\d+", text))  # \d: any script's decimal digits
    return found


def folios_read(runs: list[list[str]]) -> list[list[int]]:
    """Each footer's numbers as numbers (int reads every script's digits), smallest first."""
    return [sorted(int(run) for run in page) for page in runs]


def digits_used(runs: list[str]) -> set[str]:
    return set("".join(runs))


def assert_footers(pdf: Path, digits: str, first: int = 1):
    """From page `first` on, page N of M says N and M in `digits`; before it, no footer."""
    runs = footers(pdf)
    total = len(runs)
    assert total >= 1 and runs[:first - 1] == [[]] * (first - 1), runs
    assert folios_read(runs[first - 1:]) == [sorted([number, total]) for number in range(first, total + 1)], runs
    used = digits_used([run for page in runs for run in page])
    assert used <= set(digits), (used, digits)


def contents_numbers(pdf: Path, page: int) -> list[str]:
    """The page numbers of the contents entries on `page`: the digits of each line with a dotted leader."""
    return [run for line in pdftotext(pdf, page, "-layout").splitlines() if LEADER.search(line)
            for run in re.findall(r"\d+", line)]


def bookmarked_pages(pdf: Path) -> dict[str, int]:
    """Each bookmark's title and the page it leads to (the engine writes one for each heading)."""
    from pypdf import PdfReader
    reader = PdfReader(pdf)
    pages: dict[str, int] = {}

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                pages.setdefault(item.title, reader.get_destination_page_number(item) + 1)
    walk(reader.outline)
    return pages


def copy_with_language(source: Path, folder: Path, language: str) -> Path:
    """`source` with another language tag in its front matter, in `folder`."""
    text = re.sub(r"^language: .+$", f"language: {language}", source.read_text(encoding="utf-8"), count=1, flags=re.M)
    copy = folder / f"{language}.md"
    copy.write_text(text, encoding="utf-8")
    return copy


@pytest.mark.parametrize("source, digits", [("fa", PERSIAN), ("bn", BENGALI), ("ar", ASCII), ("ar-EG", ARABIC_INDIC)],
                         ids=["fa", "bn", "ar", "ar-EG"])
def test_the_footer_prints_the_languages_own_digits(source, digits, tmp_path):
    path = FIXTURES / f"{source}.md"
    if not path.exists():  # ar-EG: the Arabic fixture, written for Egypt
        path = copy_with_language(FIXTURES / "ar.md", tmp_path, source)
    pdf = build(tmp_path, path) / f"{path.stem}.pdf"
    assert_footers(pdf, digits)


def test_an_english_footer_keeps_ascii_digits(seed_build):
    pdf = next(seed_build.glob("*.pdf"))
    assert_footers(pdf, ASCII)
    assert "Page 1 of" in pdftotext(pdf, 1)


PERSIAN_SECTION = "## منابع بیشتر\n\nبرای آشنایی بیشتر با شفقت به خود، با درمانگرتان صحبت کنید.\n\n"


def persian_with_contents(folder: Path) -> Path:
    """The Persian fixture with a fourth part, so that it prints a contents list (CONTENTS_FROM)."""
    from handout.render.html import CONTENTS_FROM
    text = (FIXTURES / "fa.md").read_text(encoding="utf-8")
    faq = "\n## " + re.search(r"^faq_heading: (.+)$", text, re.M)[1].strip() + "\n"
    path = folder / "fa-contents.md"
    path.write_text(text.replace(faq, "\n" + PERSIAN_SECTION + faq.lstrip("\n"), 1), encoding="utf-8")
    from handout.read.article import read_article
    assert len(read_article(path)[0].body) >= CONTENTS_FROM
    return path


def contents_expected(path: Path, pdf: Path) -> list[int]:
    """The pages the article's parts start on, by the PDF's bookmarks, in the contents' order."""
    from handout.read.article import read_article
    pages = bookmarked_pages(pdf)
    return [pages[part.title.text] for part in read_article(path)[0].body]


def test_a_persian_contents_list_and_footer_print_persian_digits_and_forcing_ascii_is_noticed(tmp_path, monkeypatch):
    path = persian_with_contents(tmp_path)
    pdf = build(tmp_path, path) / "fa-contents.pdf"
    numbers = contents_numbers(pdf, 1)
    assert [int(number) for number in numbers] == contents_expected(path, pdf)
    assert digits_used(numbers) <= set(PERSIAN)
    assert_footers(pdf, PERSIAN)
    # The fault: page numbers forced back to ASCII digits. The same pages, and the checks above notice.
    monkeypatch.setattr(page_css, "counter_style", lambda tag: "decimal")
    fault = build(tmp_path, path, "fault") / "fa-contents.pdf"
    forced = contents_numbers(fault, 1)
    assert [int(number) for number in forced] == [int(number) for number in numbers]
    assert not digits_used(forced) <= set(PERSIAN)
    assert folios_read(footers(fault)) == folios_read(footers(pdf))
    with pytest.raises(AssertionError):
        assert_footers(fault, PERSIAN)


def test_a_books_footer_and_contents_print_the_books_digits_in_every_chapter(tmp_path, monkeypatch):
    """A Persian book with a Spanish and a Bengali chapter: the page numbers are the book's, in
    Persian digits on every chapter's footer and every contents entry, the Bengali chapter's too
    (its entry says the number its pages' footers print)."""
    chapters = ("fa.md", "es.md", "bn.md")
    for name in chapters:
        shutil.copy(FIXTURES / name, tmp_path / name)
    book = tmp_path / "book.yaml"
    book.write_text("title: مهارت‌های مقابله\nlanguage: fa\narticles:\n" + "".join(f"  - {name}\n" for name in chapters),
                    encoding="utf-8")
    from handout.read.article import read_article
    titles = [read_article(tmp_path / name)[0].meta.title for name in chapters]

    def read(pdf: Path) -> list[str]:
        numbers = contents_numbers(pdf, 2)  # the title page, then the contents
        pages = bookmarked_pages(pdf)
        assert [int(number) for number in numbers] == [pages[title] for title in titles]
        return numbers

    pdf = build(tmp_path, book) / "book.pdf"
    assert digits_used(read(pdf)) <= set(PERSIAN)
    assert_footers(pdf, PERSIAN, first=3)  # the title page and the contents carry no footer (book.css)
    monkeypatch.setattr(page_css, "counter_style", lambda tag: "decimal")
    fault = build(tmp_path, book, "fault") / "book.pdf"
    assert not digits_used(read(fault)) <= set(PERSIAN)
    assert folios_read(footers(fault)) == folios_read(footers(pdf))  # the same numbers, only the digits differ
    with pytest.raises(AssertionError):
        assert_footers(fault, PERSIAN, first=3)
