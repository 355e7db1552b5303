"""The generator's articles in the scripts that break printed words (tests/corpus/fixture_banks.py,
SCRIPT_SHAPES) and the targeted soak over them (`tests/soak.py --languages scripts`).

Fast, no builds: the text is in the promised shapes, the generator is deterministic with
`--languages` too, and over a range of seeds restricted to these languages every shape occurs
where it is promised (read back with the project's reader), every article reads without a
problem, and every character is one the shipped fonts draw.
"""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest
import soak
import yaml
from corpus.fixture_banks import SCRIPT_LANGUAGES, SCRIPT_SHAPES
from corpus.generate import chosen_languages, generate_article, generate_book

from handout.check.source import check_source
from handout.languages import direction
from handout.model import ListBlock, Paragraph, Quote, Table
from handout.read.article import read_article

ROOT = Path(__file__).resolve().parent.parent
GENERATE = ROOT / "tests" / "corpus" / "generate.py"
SEEDS = range(200)

# Letters (and their marks) of each script; CJK with its punctuation, which sets no space either.
SCRIPT = {
    "ar": "\u0600-\u06ff\u200c", "fa": "\u0600-\u06ff\u200c", "ur": "\u0600-\u06ff\u200c", "he": "\u0590-\u05ff",
    "hi": "\u0900-\u097f", "bn": "\u0980-\u09ff", "th": "\u0e00-\u0e7f",
    "zh-Hans": "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef", "zh-Hant": "\u3000-\u303f\u4e00-\u9fff\uff00-\uffef",
    "ja": "\u3000-\u30ff\u4e00-\u9fff\uff00-\uffef", "ko": "\uac00-\ud7af",
}
UNSPACED = ("th", "zh-Hans", "zh-Hant", "ja")
NATIVE_DIGITS = {language: shapes.digits for language, shapes in SCRIPT_SHAPES.items() if shapes.digits}
RTL_LETTER = "[\u0590-\u05ff\u0600-\u06ff]"
PHONE = re.compile(r"\+\d{1,3}[ -]\d{1,4}[ -]\d{3,4}[ -]\d{4}")
URL = re.compile(r"https://\S+")
EMAIL = re.compile(r"[\w.]+@[\w.]+\.[a-z]{2,}")
LATIN_IN_RTL = re.compile(RTL_LETTER + r"[\s\u05be]*\(?[A-Za-z]{3,}(?: [A-Za-z]+)*\)?[\s،,.]*" + RTL_LETTER)


def digest(folder: Path) -> dict[str, str]:
    return {str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def texts(blocks, place: str):
    """(place, Inline) of every paragraph, list item and table cell in `blocks`, depth first."""
    for block in blocks:
        if isinstance(block, Paragraph):
            yield place, block.inline
        elif isinstance(block, ListBlock):
            for entry in block.items:
                yield from texts(entry, "list item")
        elif isinstance(block, Quote):
            yield from texts(block.blocks, place)
        elif isinstance(block, Table):
            for row in (block.header,) + block.rows:
                for cell in row.cells:
                    yield "table cell", cell.inline


def article_texts(article):
    """(place, Inline) over the whole article: quick answer, paragraphs, list items, cells, FAQ answers."""
    yield from texts(article.quick_answer, "quick answer")
    yield from texts(article.intro, "paragraph")
    for part in article.body:
        if hasattr(part, "items"):
            for entry in part.items:
                for place, text in texts(entry.answer, "FAQ answer"):
                    yield ("FAQ answer" if place == "paragraph" else place), text
        else:
            for section in (part,) + part.subsections:
                yield from texts(section.blocks, "paragraph")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """200 articles in the SCRIPT_LANGUAGES, written and read back: [(seed, generated, Article, problems)]."""
    folder = tmp_path_factory.mktemp("scripts")
    read = []
    for seed in SEEDS:
        generated = generate_article(seed, SCRIPT_LANGUAGES)
        path = generated.write(folder / f"s{seed}")
        article, warnings = read_article(path)
        read.append((seed, generated, article, warnings + check_source(article)))
    return read


# ---- the hand-written text -------------------------------------------------------------------


def test_the_shapes_are_written_as_promised():
    for language, shapes in SCRIPT_SHAPES.items():
        letters = f"[{SCRIPT[language]}]"
        for run in shapes.runs:
            assert language in UNSPACED and 40 <= len(run) <= 120 and not re.search(r"\s", run), (language, run)
            assert len(re.findall(letters, run)) >= 0.8 * len(run), (language, run)
        for joined in shapes.joined:
            assert re.fullmatch(rf"{letters}+(?:[/\-\u05be]{letters}+)+", joined), (language, joined)
        assert any(joined.count("/") >= 2 for joined in shapes.joined), language
        for template in shapes.contacts:
            assert re.search(r"\{(link|url|email|phone|tel)\}", template), (language, template)
            template.format(link="", url="", email="", phone="", tel="")
        slots = set(re.findall(r"\{\w+\}", "".join(shapes.contacts)))
        assert {"{link}", "{url}", "{email}", "{phone}", "{tel}"} <= slots, language
        assert len(set(shapes.digits)) in (0, 10) and "{n}" in shapes.day
        assert shapes.scale[0] and len(shapes.checklist) >= 4
    assert set(UNSPACED) == {language for language, shapes in SCRIPT_SHAPES.items() if shapes.runs}


def test_language_choice():
    assert chosen_languages("scripts") == SCRIPT_LANGUAGES
    assert chosen_languages("th, RTL,ar,zh-hans") == ("th", "ar", "fa", "he", "ur", "zh-Hans")
    with pytest.raises(ValueError, match="unknown language 'xx'.*scripts"):
        chosen_languages("th,xx")


# ---- determinism ---------------------------------------------------------------------------


def test_same_seed_same_bytes_in_these_languages():
    for seed in (0, 9, -4):
        assert generate_article(seed, SCRIPT_LANGUAGES) == generate_article(seed, SCRIPT_LANGUAGES)
    assert generate_book(3, ("th", "ar")) == generate_book(3, ("th", "ar"))
    assert generate_article(5, ("th",)).markdown != generate_article(5, ("ar",)).markdown


def test_same_bytes_across_processes_in_these_languages(tmp_path):
    digests = []
    for hash_seed in ("1", "2"):
        out = tmp_path / hash_seed
        for book in ([], ["--book"]):
            subprocess.run([sys.executable, str(GENERATE), "--seed", "12", "--out", str(out), "--languages", "scripts",
                            *book], check=True, capture_output=True, env=dict(os.environ, PYTHONHASHSEED=hash_seed))
        digests.append(digest(out))
    assert digests[0] == digests[1] and digests[0]


# ---- every article is valid content, in these languages only ---------------------------------


def test_every_article_reads_without_a_problem(corpus):
    troubled = {seed: [problem.format() for problem in problems] for seed, _, _, problems in corpus if problems}
    assert not troubled


def test_every_image_is_read_as_an_image(corpus):
    """A title with quotation marks (a fixture's list item as a caption) is escaped, not cut short."""
    for seed, generated, article, _ in corpus:
        assert {image.src for image in article.images} == set(generated.files), seed


def test_front_matter_parses(corpus):
    for seed, generated, article, _ in corpus:
        front = yaml.safe_load(generated.markdown.split("---\n", 2)[1])
        assert isinstance(front["title"], str) and front["language"] == article.meta.language, seed
        assert front.get("quick_answer") is None or article.quick_answer, seed  # as typed; smart quotes apart


def test_only_these_languages_and_every_one(corpus):
    assert {article.meta.language for _, _, article, _ in corpus} == set(SCRIPT_LANGUAGES)
    book = generate_book(2, ("he", "ja"))
    assert {re.search(r"^language: (.+)$", chapter.markdown, re.M)[1] for chapter in book.articles} <= {"he", "ja"}


def test_only_covered_scripts(corpus):
    from handout.check.glyphs import without_glyph
    written = {char for _, generated, _, _ in corpus for char in generated.markdown if char.isprintable()
               and not char.isspace()}
    assert without_glyph(written) == set()


# ---- every shape occurs where it is promised ------------------------------------------------


def test_every_shape_occurs(corpus):
    seen = defaultdict(set)  # shape -> languages (or places) it occurred in
    for _, _, article, _ in corpus:
        language = article.meta.language
        letters = f"[{SCRIPT[language]}]"
        rtl = direction(language) == "rtl"
        for place, inline in article_texts(article):
            text = inline.print_text or inline.text  # on paper: a link's address after its text
            if rtl and 'href="https://' in inline.html:
                seen["Markdown link in a right-to-left article"].add(language)
            if rtl and 'href="tel:+' in inline.html:
                seen["tel: link in a right-to-left article"].add(language)
            if language in UNSPACED and any(len(re.findall(letters, run)) >= 40 for run in text.split()):
                seen[f"unspaced run in a {place}"].add(language)
            if re.search(rf"{letters}+/{letters}+/{letters}+", text):
                seen["slash-joined words"].add(language)
            if re.search(rf"{letters}+[-\u05be]{letters}+", text):
                seen["hyphen-joined words"].add(language)
            digits = NATIVE_DIGITS.get(language)
            if digits and re.search(rf"[{digits}]+(?:-[{digits}]+)? ?(?:{letters}|٪|%)", text):
                seen["number with a unit in the script's digits"].add(language)
            if re.search(rf"\d+ ?(?:mg|%)", text):
                seen["number with a unit in Western digits"].add(language)
            if not rtl:
                continue
            for found, pattern in (("phone", PHONE), ("URL", URL), ("email", EMAIL)):
                for match in pattern.finditer(text):
                    before, after = text[:match.start()], text[match.end():]
                    if re.search(RTL_LETTER, before) and re.search(RTL_LETTER, after):
                        seen[f"{found} inside a right-to-left sentence"].add(language)
            if LATIN_IN_RTL.search(text):
                seen["Latin run inside a right-to-left sentence"].add(language)
    rtl, unspaced = {"ar", "fa", "he", "ur"}, set(UNSPACED)
    for place in ("quick answer", "paragraph", "list item", "table cell", "FAQ answer"):
        assert seen[f"unspaced run in a {place}"] == unspaced, (place, seen[f"unspaced run in a {place}"])
    assert seen["slash-joined words"] == set(SCRIPT_LANGUAGES)
    assert seen["hyphen-joined words"] >= {"hi", "bn", "fa", "he", "ar"}
    assert seen["number with a unit in the script's digits"] == set(NATIVE_DIGITS)
    assert seen["number with a unit in Western digits"] == set(SCRIPT_LANGUAGES)
    for shape in ("phone inside a right-to-left sentence", "URL inside a right-to-left sentence",
                  "email inside a right-to-left sentence", "Latin run inside a right-to-left sentence",
                  "Markdown link in a right-to-left article", "tel: link in a right-to-left article"):
        assert seen[shape] == rtl, (shape, seen[shape])


def test_phone_numbers_named_in_the_brief_occur(corpus):
    markdown = "".join(generated.markdown for _, generated, _, _ in corpus)
    for number in ("+972-3-555-1234", "+44 20 7946 0958"):
        assert number in markdown
    assert "(cognitive behavioural therapy)" in markdown and "WhatsApp" in markdown


def test_worksheets_tables_and_quotes_speak_the_articles_language(corpus):
    """A worksheet's day labels, a table's caption and a quote's attribution are the article's own."""
    english = re.compile(r"^(?:\| Day \d|Table: (?:Überblick|Was wann hilft|Wochenprotokoll)$|> — A client)", re.M)
    for seed, generated, _, _ in corpus:
        assert not english.search(generated.markdown), seed
        assert "How strong was the feeling" not in generated.markdown, seed


# ---- the targeted soak -----------------------------------------------------------------------


def test_a_targeted_soak_writes_only_these_languages(tmp_path):
    items = soak.write_corpus(tmp_path, 8, 2, 40, ("th", "ar"))
    for item in items:
        paths = [item.path] if item.kind == "article" else [source for source in item.sources if source.suffix == ".md"]
        for path in paths:
            assert re.search(r"^language: (th|ar)$", path.read_text(encoding="utf-8"), re.M), path
    assert {item.combination for item in items if item.kind == "article"} == set(soak.COMBINATIONS)
    kept = soak.keep_failure(items[0], tmp_path / "kept")
    assert "--languages th,ar" in (kept / "problems.txt").read_text(encoding="utf-8")


def test_the_soak_takes_the_languages_option():
    assert soak.parser().parse_args(["--languages", "scripts"]).languages == SCRIPT_LANGUAGES
    assert soak.parser().parse_args([]).languages == ()
    with pytest.raises(SystemExit):
        soak.parser().parse_args(["--languages", "klingon"])
