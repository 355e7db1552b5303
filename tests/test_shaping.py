"""Words printed whole (check/shaping.py), seen in the glyphs drawn: a break injected inside a
Thai, a Hindi and an Arabic word is caught at its line in the PDF and in the EPUB's 6-inch
layout; a dotted circle drawn that the source does not hold is caught; one the source holds is
not; a Japanese line that starts with "。" is caught."""

from __future__ import annotations

import pytest
import regex
from conftest import write_article
from markupsafe import Markup

from handout.check.boxes import placed_boxes
from handout.check.shaping import shaping_findings, stranded
from handout.cli import main
from handout.render import html as render_html
from handout.write.engine import weasyprint

# (language, the word, where the break is injected, what a reader sees)
TORN = {
    "th": ("ร่างกายของคุณต้องการพักผ่อน", "ร่างกายของคุณต้องการพักผ่อน".index("่"), "a tone mark on a dotted circle"),
    "hi": ("सामाजिक", 1, "a vowel sign on a dotted circle"),
    "ar": ("الاكتئاب", 4, "the word unjoined"),
}
ARTICLE = """---
title: {title}
language: {language}
---

{before} {word} {after}
"""
WORDS_AROUND = {"th": ("เมื่อ", "มากขึ้น"), "hi": ("यह", "समस्या है।"), "ar": ("هذا", "شائع جدا.")}
TITLES = {"th": "การนอนหลับ", "hi": "नींद", "ar": "النوم"}


def with_break_in(word: str, at: int):
    """The templates' text filter, with a <wbr/> put inside `word` before its character `at`."""
    set_text = render_html.set_text

    def injected(value):
        pieces = regex.split(r"(<[^>]*>)", str(set_text(value)))  # text only, never inside a tag
        return Markup("".join(piece if index % 2 else piece.replace(word, word[:at] + "<wbr/>" + word[at:])
                              for index, piece in enumerate(pieces)))
    return injected


@pytest.mark.parametrize("language", sorted(TORN))
def test_a_break_injected_inside_a_word_is_caught_in_both_outputs(language, tmp_path, capsys, monkeypatch):
    word, at, _ = TORN[language]
    before, after = WORDS_AROUND[language]
    article = write_article(tmp_path, "torn.md", ARTICLE.format(title=TITLES[language], language=language,
                                                               before=before, word=word, after=after))
    assert main([str(article), "-o", str(tmp_path / "whole"), "-j", "1"]) == 0, capsys.readouterr().err
    capsys.readouterr()
    render_html.environment.cache_clear()
    monkeypatch.setattr(render_html, "set_text", with_break_in(word, at))
    try:
        assert main([str(article), "-o", str(tmp_path / "torn"), "-j", "1"]) == 1
    finally:
        render_html.environment.cache_clear()
    err = capsys.readouterr().err
    for output in ("PDF", "EPUB on a 6-inch screen"):
        assert f"torn.md:6: error: {output}: the word '{word[:at + 3]}" in err, err
        assert f"printed in two pieces on page 1 ('{word[:at]}' | '{word[at:at + 3]}" in err, err
    if language != "ar":  # a mark cut from its letter is drawn on a dotted circle
        assert "torn.md:6: error: PDF: " in err and "printed with a dotted circle (◌)" in err


def laid_out(html: str):
    return placed_boxes(weasyprint.HTML(string=html).render())


def test_a_dotted_circle_the_source_does_not_hold_is_caught_and_one_it_holds_is_not():
    # A vowel sign typed with no letter before it, as a paragraph's first character.
    lone_vowel = '<html lang="th"><body style="font-family: \'Noto Sans Thai\'"><p data-line="3">ี่นี่ คำ</p></body></html>'
    findings = shaping_findings(laid_out(lone_vowel))
    assert [(finding.code, finding.line) for finding in findings] == [("dotted-circle", 3)]
    shown = '<html lang="th"><body style="font-family: \'Noto Sans Thai\'"><p data-line="3">สระ ◌ี อ่านว่า อี</p></body></html>'
    assert shaping_findings(laid_out(shown)) == []


def test_a_japanese_line_starting_with_a_full_stop_is_caught():
    text = "毎朝同じ時間に起きることで体内時計が整います。眠れないときは一度ベッドから出ましょう。"
    broken = text.replace("。", "<wbr/>。", 1)
    for width in range(20, 80):  # find a column where the injected break puts "。" first on a line
        page = f'<html lang="ja"><body style="font-family: \'Noto Sans CJK JP\'; width: {width}mm"><p>{{}}</p></body></html>'
        findings = [finding for finding in shaping_findings(laid_out(page.format(broken))) if finding.code == "line-start"]
        if findings:
            assert "begins with '。'" in findings[0].message
            assert shaping_findings(laid_out(page.format(text))) == []  # kinsoku kept without the break
            return
    pytest.fail("no column width put the full stop at a line's start")


def test_punctuation_that_belongs_to_the_line_before():
    assert stranded("。次の文") and stranded("」と言った") and stranded("、それから") and stranded("！")
    assert not stranded("「次") and not stranded(".org/guides") and not stranded("(see") and not stranded("次の文")


@pytest.mark.parametrize("language, face, word, torn", [
    ("he", "Noto Sans Hebrew", "בדידותבדידותבדידות", False),  # letters drawn alone: a break changes no glyph
    ("ar", "Noto Naskh Arabic", "الاكتئابالاكتئاب", True),  # joined letters: a break unjoins them
])
def test_a_word_broken_at_a_narrow_column_is_torn_only_where_its_letters_change(language, face, word, torn):
    page = (f'<html lang="{language}" dir="rtl"><body style="font-family: \'{face}\'; width: 12mm; '
            f'overflow-wrap: anywhere"><p data-line="4">{word}</p></body></html>')
    codes = {finding.code for finding in shaping_findings(laid_out(page))}
    assert ("torn-word" in codes) is torn


# Generated handouts: a break injected inside a word of each script, on each paper size and
# variant in turn, is caught at a line where the word is, in the PDF and the EPUB alike.
INJECTED = {  # language: (a letter of the script, where in a word the break goes)
    "th": ("[\u0e01-\u0e2e]", r"(?<=[\u0e01-\u0e2e])[\u0e31\u0e34-\u0e3a\u0e47-\u0e4e]"),  # before a vowel sign or tone mark
    "hi": ("[\u0915-\u0939]", r"(?<=[\u0915-\u0939])[\u093e-\u094c]"),  # before a dependent vowel sign
    "bn": ("[\u0995-\u09b9]", r"(?<=[\u0995-\u09b9])[\u09be-\u09cc]"),
    "ar": ("[\u0621-\u064a]", r"(?<=[بتثجحخسشصضطظعغفقكلمنهيئ])(?=[\u0621-\u064a])"),  # after a letter that joins on
    "fa": ("[\u0621-\u06cc]", r"(?<=[بپتثجچحخسشصضطظعغفقکگلمنهیئ])(?=[\u0621-\u06cc])"),
}


def injection_target(markdown: str, language: str) -> tuple[str, int] | None:
    """A word of the article's body in its script, and the index of the break inside it."""
    letter, place = INJECTED[language]
    front, body = markdown.split("\n---\n", 1)
    text = "\n".join(line for line in body.splitlines() if not line.startswith("!["))  # alt text is no printed word
    for word in regex.findall(rf"(?:{letter}|\p{{M}})+", text):
        if len(word) >= 5 and word not in front:  # a folded front matter value reports its key's line
            inside = regex.search(place, word[1:-1])
            if inside:
                return word, inside.start() + 1
    return None


@pytest.mark.slow
@pytest.mark.parametrize("number, language", list(enumerate(sorted(INJECTED))))
def test_a_break_injected_in_a_generated_handout_is_caught(number, language, tmp_path, capsys, monkeypatch):
    from corpus.generate import generate_article
    from soak import COMBINATIONS
    paper, variant = COMBINATIONS[number % len(COMBINATIONS)]
    options = ["--page-size", paper, "--variant", variant, "-j", "1"]
    for seed in range(3):  # a generated handout that builds ok as it is
        article = generate_article(seed, (language,)).write(tmp_path / f"seed-{seed}")
        target = injection_target(article.read_text(encoding="utf-8"), language)
        if target and main([str(article), "-o", str(tmp_path / f"whole-{seed}"), *options]) == 0:
            break
    else:
        pytest.fail(f"no generated {language} handout built ok to inject into")
    word, at = target
    capsys.readouterr()
    render_html.environment.cache_clear()
    monkeypatch.setattr(render_html, "set_text", with_break_in(word, at))
    try:
        assert main([str(article), "-o", str(tmp_path / "torn"), *options]) == 1
    finally:
        render_html.environment.cache_clear()
    lines = {number for number, text in enumerate(article.read_text(encoding="utf-8").splitlines(), 1) if word in text}
    err = capsys.readouterr().err
    found = regex.findall(r":(\d+): error: (PDF|EPUB on a 6-inch screen): the word '[^']*' is printed in two pieces", err)
    assert {output for _, output in found} == {"PDF", "EPUB on a 6-inch screen"}, (word, at, err)
    assert {int(line) for line, _ in found} <= lines, (word, err)
