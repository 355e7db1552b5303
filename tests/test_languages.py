"""Languages beyond Latin: the labels table, writing direction, faces by language, the footer's
words and sides, Korean word joining, and the right-to-left reading of the text layer."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from conftest import ROOT

from handout.check.pdf_text import same_letters
from handout.labels import LABELS, labels_for
from handout.languages import direction, intended_faces, table_key
from handout.render.korean import WORD_JOINER, joined_hangul
from handout.render.page_css import folio_content, language_css

# Every language the builder promises (issue 14), and the first four.
PROMISED = ("en", "es", "fr", "de", "pl", "tr", "vi", "uk", "ar", "fa", "he", "ur", "zh-Hans", "zh-Hant", "ja", "ko",
            "hi", "bn", "th")
FIXTURES = ROOT / "tests" / "fixtures" / "languages"


def test_the_labels_table_holds_every_promised_language_with_every_key():
    keys = set(LABELS["en"])
    assert {"quick_answer", "contents", "reflection", "question", "page_of", "faq_heading", "note", "caution",
            "reviewed", "review_by"} <= keys
    for language in PROMISED:
        labels = LABELS[table_key(language, LABELS)]
        assert set(labels) == keys, language
        assert "{page}" in labels["page_of"] and "{pages}" in labels["page_of"], language
        assert "{date}" in labels["reviewed"] and "{date}" in labels["review_by"], language
        assert all(str(value).strip() for value in labels.values()), language
        if language != "en":  # really translated, not English copied in
            assert labels["quick_answer"] != LABELS["en"]["quick_answer"] or language == "en", language


def test_tags_find_their_entry_by_script_and_region():
    assert labels_for("zh-TW") is LABELS[table_key("zh-Hant", LABELS)]
    assert labels_for("zh") is labels_for("zh-Hans") is labels_for("zh-CN")
    assert labels_for("zh-Hant-HK") is labels_for("zh-Hant")
    assert labels_for("pt-BR") is LABELS["en"]  # a language the table lacks: English, never an error
    assert intended_faces("zh-HK") == intended_faces("zh-Hant") != intended_faces("ja")
    assert intended_faces("ko-KR")[1] == ("NotoSansCJKKR",)
    assert intended_faces("en") == ("", ())


def test_direction_comes_from_the_language():
    assert [direction(tag) for tag in ("ar", "fa-IR", "he", "ur", "iw")] == ["rtl"] * 5
    assert [direction(tag) for tag in ("en", "ja", "hi", "th", "zh-Hant", "arn")] == ["ltr"] * 6


def test_the_footer_is_in_the_page_language_and_mirrored_right_to_left():
    assert folio_content("Page {page} of {pages}") == '"Page " counter(page) " of " counter(pages)'
    assert folio_content("{page} / {pages}") == 'counter(page) " / " counter(pages)'
    english = language_css("en", ["en"])
    assert re.search(r"@bottom-left \{ content: string\(doc-title\)", english)
    assert re.search(r"@bottom-right \{ content: \"Page \" counter\(page\)", english)
    arabic = language_css("ar", ["ar", "en"])
    assert re.search(r"@bottom-right \{ content: string\(doc-title\)", arabic)
    assert re.search(r"@bottom-left \{ content: [^;]*counter\(page\)", arabic)
    # The page's own marker as a plain rule (a --css stylesheet may override it), a chapter's by its language.
    assert f'.faq-question::before {{ content: "{labels_for("ar")["question"]} "; }}' in arabic
    assert '.faq-question:lang(en)::before { content: "Q "; }' in arabic
    assert ":lang(" not in language_css("en", ["en", "en-GB", "fr"])  # the same marker needs no rule of its own
    assert 'x"y' not in language_css("de", ['x"y'])  # never a broken selector


def test_korean_words_are_joined_in_the_body_text_only():
    html = '<html><head><title>수면 위생</title></head><body><p title="수면">수면 위생 A1</p></body></html>'
    joined = joined_hangul(html)
    assert "<title>수면 위생</title>" in joined and 'title="수면"' in joined
    assert f">수{WORD_JOINER}면 위{WORD_JOINER}생 A1<" in joined
    assert joined_hangul("<html><body>English only</body></html>") == "<html><body>English only</body></html>"


def drawn(text: str, order=None) -> tuple[list[str], list[float]]:
    """A right-to-left line as pdfium may return it: its characters in any order (`order`: the
    indices), each with where it is drawn (right to left: the first character furthest right)."""
    order = list(order or reversed(range(len(text))))
    return [text[index] for index in order], [1000.0 - 10 * index for index in order]


def test_a_right_to_left_line_reads_as_its_letters_in_their_places():
    line = "قد تساعد لفترة قصيرة، لكن العلاج المعرفي السلوكي (CBT-I) أكثر فائدة"
    half = len(line) // 2
    assert same_letters(line, *drawn(line))  # in whatever order pdfium returns them
    assert same_letters(line, *drawn(line, [*range(half, len(line)), *range(half)]))  # its halves swapped
    assert not same_letters(line, [], [])  # a hidden line
    assert not same_letters(line, *drawn(line[:half]))  # a clipped one
    assert not same_letters(line, *drawn(line + " لكن"))  # a repeated fragment
    words = line.split(" ")
    swapped = " ".join([words[1], words[0], *words[2:]])
    assert not same_letters(line, *drawn(swapped))  # two words drawn in each other's places
    assert not same_letters(line, *drawn(line.replace("ق", "ف", 1)))  # a letter drawn as another
    assert not same_letters(line, *drawn(line.replace("CBT", "CBTT")))  # an extra Latin letter


@pytest.mark.parametrize("language", [path.stem for path in sorted(FIXTURES.glob("*.md"))])
def test_every_language_fixture_is_in_its_language(language):
    text = (FIXTURES / f"{language}.md").read_text(encoding="utf-8")
    assert re.search(rf"^language: {re.escape(language)}$", text, re.M)
    script, _ = intended_faces(language)
    if script:  # most letters of the body are of the language's own script
        body = text.split("\n---\n", 1)[1]
        scripts = Counter(script_of_letter(char) for char in body if char.isalpha())
        assert scripts.most_common(1)[0][0] == script, scripts


def script_of_letter(char: str) -> str:
    from handout.check.faces import scripts_in
    return next(iter(scripts_in(char)), "other")


# ---- The fixtures, built as a practice would: every language on A4 and Letter and in large print. ----

LANGUAGE_SOURCES = sorted(FIXTURES.glob("*.md"))
PAPERS = [("A4", "standard"), ("Letter", "standard"), ("A4", "large-print")]


def build(capsys, *argv) -> tuple[int, str, list[str]]:
    from handout.cli import main
    code = main([str(arg) for arg in argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err.splitlines()


def embedded_font_names(pdf: Path) -> set[str]:
    """The fonts the PDF embeds, read with pypdf (not the builder's own pdfium reading)."""
    from pypdf import PdfReader
    names = set()
    for page in PdfReader(pdf).pages:
        for font in page["/Resources"]["/Font"].values():
            names.add(re.sub(r"^[A-Z]{6}\+|[^A-Za-z]", "", str(font.get_object()["/BaseFont"]).lstrip("/")).lower())
    return names


@pytest.mark.slow
@pytest.mark.parametrize("paper,variant", PAPERS, ids=["A4", "Letter", "large-print"])
@pytest.mark.parametrize("source", LANGUAGE_SOURCES, ids=[path.stem for path in LANGUAGE_SOURCES])
def test_every_language_builds_ok_in_its_own_face_and_direction(source, paper, variant, tmp_path, capsys):
    code, out, err = build(capsys, source, "-o", tmp_path, "--page-size", paper, "--variant", variant)
    assert code == 0 and f"{source}: ok:" in out, "\n".join(err)
    assert [line for line in err if ": warning:" in line or ": error:" in line] == []
    pdf = tmp_path / f"{source.stem}.pdf"
    script, faces = intended_faces(source.stem)
    names = embedded_font_names(pdf)
    if script:
        assert any(name.startswith(face.lower()) for name in names for face in faces), names
    if script == "cjk":  # the other regions' forms of the same characters never come in
        others = {"notosanscjk" + region for region in ("sc", "tc", "jp", "kr")} - {faces[0].lower()}
        assert not [name for name in names if name.startswith(tuple(others))], names
    from pypdf import PdfReader
    reader = PdfReader(pdf)
    assert reader.trailer["/Root"]["/Lang"] == source.stem
    # pdftotext (poppler), a reader independent of the builder's pdfium, finds the FAQ heading.
    heading = re.search(r"^faq_heading: (.+)$", source.read_text(encoding="utf-8"), re.M)[1].strip()
    assert_text_found(pdf, heading)


def assert_text_found(pdf: Path, text: str):
    import subprocess
    import unicodedata
    layer = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True).stdout
    def squeeze(value: str) -> str:  # no spaces, and none of the bidi and zero-width controls poppler adds or drops
        return "".join(char for char in unicodedata.normalize("NFKC", value)
                       if not char.isspace() and unicodedata.category(char) != "Cf")
    if direction(pdf.stem) == "rtl":  # poppler may give a right-to-left line in visual order
        assert Counter(squeeze(text)) <= Counter(squeeze(layer)), text
    else:
        assert squeeze(text) in squeeze(layer), text


# ---- Faults injected into each script family, each caught. ----

FAMILIES = {"arabic": "ar", "hebrew": "he", "cjk": "zh-Hans", "devanagari": "hi", "bengali": "bn", "thai": "th"}


def source_line(path: Path, pattern: str, nth: int = 0) -> int:
    """The line number of the nth line of `path` matching `pattern`."""
    lines = path.read_text(encoding="utf-8").split("\n")
    return [number for number, text in enumerate(lines, 1) if re.match(pattern, text)][nth]


@pytest.mark.slow
@pytest.mark.parametrize("family", FAMILIES)
def test_a_dropped_cell_and_a_dropped_list_item_are_caught_in_every_script(family, tmp_path, capsys):
    source = FIXTURES / f"{FAMILIES[family]}.md"
    fault = tmp_path / "fault.css"
    fault.write_text("tbody tr:nth-child(2) td:last-child { visibility: hidden; }\n"
                     "ul > li:nth-child(2) { visibility: hidden; }\n", encoding="utf-8")
    code, _, err = build(capsys, source, "-o", tmp_path, "--css", fault)
    assert code == 1
    row = source_line(source, r"\|", 0) + 3  # header, delimiter, first row, then the second
    item = source_line(source, r"[-*] ", 1)  # the first bulleted list's second item
    missing = [line for line in err if "missing in the text layer" in line]
    assert any(line.startswith(f"{source}:{row}: error: PDF: table cell (row 2,") for line in missing), err
    assert any(line.startswith(f"{source}:{item}: error: PDF:") for line in missing), err


MISSING_FONT = """\
import sys
from pathlib import Path
import handout.resources as resources
resources.FONTS = Path(sys.argv[1])  # before anything reads it: the engine sees only these fonts
from handout.cli import main
sys.exit(main(sys.argv[2:]))
"""


@pytest.mark.slow
@pytest.mark.parametrize("family", FAMILIES)
def test_a_missing_face_is_caught_in_every_script(family, tmp_path):
    """The fonts folder without the family's own faces: the other faces (for CJK, the other
    regions' forms) draw what they can, and the build fails naming the language."""
    import shutil
    import subprocess
    import sys

    from handout.languages import plain_font_name as plain
    from handout.resources import FONTS
    language = FAMILIES[family]
    own = tuple(plain(face) for face in intended_faces(language)[1])
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    for font in FONTS.rglob("*"):
        if font.is_file() and font.suffix in (".ttf", ".otf", ".ttc") and not plain(font.stem).startswith(own):
            (fonts / font.name).symlink_to(font)
    # A copy, not a link: fontconfig finds the fonts beside the file it was given, after links.
    shutil.copy(FONTS / "fonts.conf", fonts / "fonts.conf")
    (tmp_path / "run.py").write_text(MISSING_FONT, encoding="utf-8")
    source = FIXTURES / f"{language}.md"
    run = subprocess.run([sys.executable, str(tmp_path / "run.py"), str(fonts), str(source), "-o", str(tmp_path)],
                         capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert run.returncode == 1, run.stderr
    caught = [line for line in run.stderr.splitlines()
              if "no embedded font has a glyph" in line or f"letters of '{language}'" in line]
    assert caught and "Traceback" not in run.stderr, run.stderr
    assert not (tmp_path / f"{language}.pdf").exists()
    # The fault happened: the failed PDF (kept for inspection) has none of the family's faces.
    names = embedded_font_names(tmp_path / f"{language}.failed.pdf")
    assert not [name for name in names if name.startswith(own)], names
    if family == "cjk":  # the other regions' faces drew what they could: the face check says so
        assert any(f"letters of '{language}' are printed in Noto-Sans-CJK" in line for line in caught), caught


# ---- The print design mirrored right to left, proven on the layout. ----

def layout_of(source: Path, variant: str = "standard"):
    from conftest import settings_of

    from handout.read.article import read_article
    from handout.sandbox import Sandbox
    from handout.write.fit import lay_out_article
    article, _ = read_article(source, str(source))
    document, _ = lay_out_article(article, settings_of(source, article.meta, variant=variant), Sandbox.for_article(
        source.parent))
    return document


def boxes_of(document, css_class: str, page: int | None = 1):
    from handout.check.boxes import placed_boxes
    return [item for item in placed_boxes(document) if page in (None, item.page) and item.box.element is not None
            and css_class in (item.box.element.get("class") or "").split() and item.box.element_tag != "html"
            and type(item.box).__name__ == "BlockBox"]


@pytest.mark.parametrize("language", ["he", "ar", "en"])
def test_the_rail_and_the_quick_answer_bar_are_at_the_start_side(language):
    source = FIXTURES / f"{language}.md" if language != "en" else ROOT / "content" / "trust-issues.md"
    document = layout_of(source)
    [label], [box] = boxes_of(document, "quick-answer-label"), boxes_of(document, "quick-answer")
    left, _, right, _ = box.rect
    middle = (left + right) / 2
    heads = boxes_of(document, "faq-question", page=None)
    assert heads
    if language == "en":  # the rail, the heavy bar and the side heads at the left
        assert label.rect[2] < middle and box.box.border_left_width > box.box.border_right_width
        assert all(head.rect[2] < middle for head in heads)
    else:  # mirrored: at the right
        assert label.rect[0] > middle and box.box.border_right_width > box.box.border_left_width
        assert all(head.rect[0] > middle for head in heads)


def test_labels_printed_in_turkish_capitals_are_furniture():
    """text-transform: uppercase with lang="tr" dots the i (İÇİNDEKİLER) and not the ı (KISACA)."""
    from handout.check.items import Item, find_exactly_once, furniture_for
    wanted = [Item("paragraph", "Uyku düzeni önemlidir.", 9)]
    printed = "KISACA Uyku düzeni önemlidir. İÇİNDEKİLER"
    assert find_exactly_once(wanted, printed, furniture_for("tr")) == []
    assert find_exactly_once(wanted, printed + " FAZLA", furniture_for("tr"))  # other capitals are not


@pytest.mark.slow
def test_chapters_in_other_scripts_are_printed_in_their_own_faces_footer_included(tmp_path, capsys):
    """An English book with Chinese (both scripts) and Hebrew chapters. A font stack declared on
    the page is resolved in the book's language and inherited as resolved, so each chapter
    declares its own; the footer (in the book's language: a margin box takes no chapter's
    lang) prints each title in its chapter's faces. Before, both fell back to whichever CJK
    face came first (the soak's book seeds 32 and 36)."""
    import shutil
    for name in ("zh-Hans.md", "zh-Hant.md", "he.md"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    book = tmp_path / "book.yaml"
    book.write_text("title: Three Chapters\nlanguage: en\narticles:\n  - zh-Hans.md\n  - zh-Hant.md\n  - he.md\n",
                    encoding="utf-8")
    code, out, err = build(capsys, book, "-o", tmp_path / "out")
    assert code == 0, err  # the face check, chapter by chapter: no SC in the TC chapter, nor TC in the SC one
    names = embedded_font_names(tmp_path / "out" / "book.pdf")
    assert any(name.startswith("notosanscjksc") for name in names) and any(name.startswith("notosanscjktc")
                                                                            for name in names)
    assert not [name for name in names if name.startswith(("notosanscjkjp", "notosanscjkkr"))], names


@pytest.mark.slow
@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_a_long_scale_wraps_inside_the_page_right_to_left(paper, tmp_path, capsys):
    """Fifteen marks to circle in large print wrap onto two lines; right to left, one-sided
    margins on them ran 1 mm past the page's edge (the soak's book seed 36, Letter)."""
    source = tmp_path / "scale.md"
    source.write_text("---\ntitle: דף עבודה\nlanguage: he\nreflection:\n  - prompt: עד כמה הרגשת בודד השבוע?\n"
                      "    kind: scale\n    from: 0\n    to: 14\n    low: בכלל לא\n    high: מאוד\n---\n\n"
                      "פסקה קצרה על בדידות.\n", encoding="utf-8")
    code, out, err = build(capsys, source, "-o", tmp_path, "--variant", "large-print", "--page-size", paper)
    assert code == 0, err


def test_the_right_to_left_test_knows_every_right_to_left_character():
    """The PDF writer and the checks find right-to-left lines by a regex (languages.py); it must
    know every character Unicode writes right to left."""
    import sys
    import unicodedata

    from handout.languages import has_right_to_left
    missed = [hex(code) for code in range(sys.maxunicode + 1)
              if unicodedata.bidirectional(chr(code)) in ("R", "AL") and not has_right_to_left(chr(code))]
    assert missed == []
    assert not has_right_to_left("Latin, Ελληνικά, кириллица, 中文, हिन्दी, ไทย 123")
