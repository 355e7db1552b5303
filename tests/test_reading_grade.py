"""The reading grade (docs/plain-language.md): each language's formula against figures worked out
by hand, the prose it counts, the hardest sentences at their lines, the target's warning, the
summary line and --json, and the target's validation in front matter and handout.yaml."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ROOT, SEED_ARTICLE, write_article

from handout.check.prose import Sentence, article_sentences, split
from handout.check.reading_grade import above_target, article_reading, book_reading, chapter_warnings, measure
from handout.check.syllables import syllables
from handout.cli import main
from handout.errors import BuildError
from handout.read.article import read_article
from handout.read.project_settings import read_settings
from handout.report import Report, as_json, summary_line

FIXTURES = ROOT / "tests" / "fixtures" / "reading"
THAI = ROOT / "tests" / "fixtures" / "languages" / "th.md"
JAPANESE = ROOT / "tests" / "fixtures" / "languages" / "ja.md"


def sentences_of(text: str) -> list[Sentence]:
    return split(text, 1)


def test_flesch_kincaid_by_hand():
    # "Therapy helps people understand their feelings." 6 words: ther-a-py 3, helps 1, peo-ple 2,
    # un-der-stand 3, their 1, feel-ings 2 = 12 syllables. "Change takes time." 3 words, 3 syllables.
    # 9 words, 2 sentences, 15 syllables: 0.39 * 9/2 + 11.8 * 15/9 - 15.59 = 1.755 + 19.667 - 15.59 = 5.83
    reading = measure(sentences_of("Therapy helps people understand their feelings. Change takes time."), "en")
    assert (reading["words"], reading["sentences"], reading["grade"]) == (9, 2, 5.8)
    assert reading["formula"] == "Flesch-Kincaid grade level" and "score" not in reading


def test_inflesz_by_hand():
    # "El duelo es una respuesta natural." El 1, due-lo 2, es 1, u-na 2, res-pues-ta 3, na-tu-ral 3:
    # 6 words, 12 syllables. "Tiene altibajos." tie-ne 2, al-ti-ba-jos 4: 2 words, 6 syllables.
    # 8 words, 2 sentences, 18 syllables: 206.835 - 62.3 * 18/8 - 8/2 = 206.835 - 140.175 - 4 = 62.66
    reading = measure(sentences_of("El duelo es una respuesta natural. Tiene altibajos."), "es-MX")
    assert (reading["words"], reading["score"], reading["grade"]) == (8, 62.7, None)
    assert reading["formula"] == "INFLESZ (Szigriszt-Pazos)"


def test_wiener_sachtextformel_by_hand():
    # "Der Hund schläft im Garten." Der 1, Hund 1, schläft 1, im 1, Gar-ten 2. "Die Kinder spielen
    # gemeinsam ununterbrochen." Die 1, Kin-der 2, spie-len 2, ge-mein-sam 3, un-un-ter-bro-chen 5.
    # 10 words, 2 sentences: SL 5; MS (3+ syllables: gemeinsam, ununterbrochen) 20 %; ES (one
    # syllable: Der, Hund, schläft, im, Die) 50 %; IW (over 6 letters: schläft, spielen, gemeinsam,
    # ununterbrochen) 40 %. 0.1935*20 + 0.1672*5 + 0.1297*40 - 0.0327*50 - 0.875
    # = 3.87 + 0.836 + 5.188 - 1.635 - 0.875 = 7.384
    reading = measure(sentences_of("Der Hund schläft im Garten. Die Kinder spielen gemeinsam ununterbrochen."), "de")
    assert (reading["words"], reading["grade"], reading["formula"]) == (10, 7.4, "Wiener Sachtextformel")


def test_kandel_moles_by_hand():
    # "Le sommeil répare le corps." le 1, som-meil 2, ré-pare 2, le 1, corps 1: 5 words, 7 syllables.
    # "Une routine régulière aide beaucoup." une 1, rou-tine 2, ré-gu-lière 3, aide 1, beau-coup 2:
    # 5 words, 9 syllables (a final mute e is no syllable). 10 words, 2 sentences, 16 syllables:
    # 207 - 1.015 * 10/2 - 73.6 * 16/10 = 207 - 5.075 - 117.76 = 84.165
    reading = measure(sentences_of("Le sommeil répare le corps. Une routine régulière aide beaucoup."), "fr")
    assert (reading["words"], reading["score"], reading["formula"]) == (10, 84.2, "Kandel-Moles")


def test_gulpease_by_hand():
    # "Il sonno regolare aiuta la mente a riposare durante la notte." letters: il 2, sonno 5,
    # regolare 8, aiuta 5, la 2, mente 5, a 1, riposare 8, durante 7, la 2, notte 5 = 50; 11 words,
    # 1 sentence: 89 + (300 * 1 - 10 * 50) / 11 = 89 - 18.18 = 70.82
    reading = measure(sentences_of("Il sonno regolare aiuta la mente a riposare durante la notte."), "it")
    assert (reading["words"], reading["score"], reading["formula"]) == (11, 70.8, "Gulpease")


@pytest.mark.parametrize("word, language, count", [
    ("table", "en", 2), ("little", "en", 2), ("closeness", "en", 2), ("media", "en", 3), ("special", "en", 2),
    ("created", "en", 3), ("liked", "en", 1), ("doesn't", "en", 2), ("don't", "en", 1), ("someone", "en", 2),
    ("CBT", "en", 3), ("experience", "en", 4), ("día", "es", 2), ("poeta", "es", 3), ("guerra", "es", 2),
    ("Frühstück", "de", 2), ("Familie", "de", 3), ("tranquille", "fr", 2), ("heure", "fr", 1),
])
def test_syllables_by_the_rules(word, language, count):
    assert syllables(word, language) == count


def test_languages_without_a_formula_are_not_measured_and_never_get_english():
    for path, name in ((THAI, "Thai"), (JAPANESE, "Japanese")):
        article, _ = read_article(path)
        reading = article_reading(article)
        assert reading["grade"] is None and reading["formula"] is None and "score" not in reading
        assert reading["note"] == f"not measured for {name}" and reading["hardest"] == []
    assert measure(sentences_of("Dzień dobry. To jest prosty tekst."), "pl")["note"] == "not measured for Polish"


@pytest.mark.parametrize("language, formula, low, high", [
    ("en", "Flesch-Kincaid grade level", 0, 6), ("de", "Wiener Sachtextformel", 0, 6),
    ("es", "INFLESZ (Szigriszt-Pazos)", 65, 100), ("fr", "Kandel-Moles", 80, 110), ("it", "Gulpease", 80, 100),
])
def test_each_language_fixture_is_measured_by_its_own_formula(language, formula, low, high):
    # Plain sleep handouts, the same text in each language: easy by every formula's own scale
    # (grades low; INFLESZ 65+ "bastante fácil"; Kandel-Moles 80+ "easy"; Gulpease 80+ easy at elementary school).
    article, _ = read_article(FIXTURES / f"{language}.md")
    reading = article_reading(article)
    assert reading["formula"] == formula and reading["language"] == language
    value = reading["grade"] if reading["grade"] is not None else reading["score"]
    assert low <= value <= high, value
    assert 100 < reading["words"] < 200 and reading["sentences"] >= 12


def test_prose_counts_answers_prompts_and_list_items_but_not_headings_tables_code_or_addresses(tmp_path):
    path = write_article(tmp_path, "a.md", """---
title: A Title That Is Not Counted
quick_answer: Quick answer here.
reflection:
  - What will you try?
---

Intro sentence one. See https://example.org/a-very-long-address or write to help@example.org today.

## Heading not counted

| Cell not counted | Nor this |
| --- | --- |
| x | y |

```
code is not counted.
```

- A list item
- Another item

> [!TIP]
> A callout counts.

## Frequently Asked Questions

### Is the question counted?

Yes, the answer too.
""")
    article, _ = read_article(path)
    found = [(sentence.text, sentence.line) for sentence in article_sentences(article)]
    assert found == [("Quick answer here.", 3), ("Intro sentence one.", 8),
                     ("See https://example.org/a-very-long-address or write to help@example.org today.", 8),
                     ("A list item", 20), ("Another item", 21), ("A callout counts.", 23),  # its marker's line
                     ("Is the question counted?", 28), ("Yes, the answer too.", 30), ("What will you try?", 5)]
    see = article_sentences(article)[2]
    assert see.words == ("See", "or", "write", "to", "today")  # the addresses are printed, not counted


def test_a_sentence_in_a_paragraph_finds_its_own_line():
    [first, second, third] = split("One short one. And a second\nthat runs on. Third here.", 40)
    assert (first.line, second.line, third.line) == (40, 40, 41)
    assert second.text == "And a second that runs on."
    # Abbreviations and initials do not end a sentence; a lower-case word after a full stop neither.
    assert [s.text for s in split("Ask Dr. Osei, e.g. by phone. J. Freyd agrees.", 1)] == \
        ["Ask Dr. Osei, e.g. by phone.", "J. Freyd agrees."]


PLAIN = FIXTURES / "en.md"  # reading_grade: 6 in its front matter, at line 4
LONG = ("Notwithstanding considerable methodological heterogeneity, contemporary psychotherapeutic "
        "investigations consistently demonstrate that interpersonal vulnerability, characteristically "
        "originating in developmental relationships, substantially complicates subsequent relational "
        "functioning, particularly regarding communication, reciprocity and emotional availability.")
# 29 words; all but "that", "in" and "and" have 3 syllables or more: 26.


def test_a_plain_article_under_its_target_gives_no_warning(tmp_path, capsys):
    assert main([str(PLAIN), "-o", str(tmp_path), "--json", str(tmp_path / "r.json")]) == 0
    [entry] = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["articles"]
    article, _ = read_article(PLAIN)
    assert entry["reading"] == article_reading(article) and entry["reading"]["target"] == 6
    assert entry["warnings"] == 0 and entry["reading"]["grade"] < 6
    out = capsys.readouterr().out
    assert f", 1 page, reading grade {entry['reading']['grade']} -> " in out


def test_an_injected_long_sentence_raises_the_grade_and_is_named_at_its_line(tmp_path, capsys):
    lines = PLAIN.read_text(encoding="utf-8").split("\n")
    at = lines.index("## What helps") + 2  # the 0-based index of the first paragraph under it
    lines.insert(at, LONG + "\n")
    path = write_article(tmp_path, "long.md", "\n".join(lines))
    assert main([str(path), "-o", str(tmp_path / "out"), "--json", str(tmp_path / "r.json")]) == 0  # a warning only
    [entry] = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["articles"]
    plain, _ = read_article(PLAIN)
    assert entry["reading"]["grade"] > 6 > article_reading(plain)["grade"] + 3
    assert entry["reading"]["hardest"][0] == {"line": at + 1, "sentence": LONG,
                                              "why": "29 words; 26 words of 3+ syllables"}
    [problem] = entry["problems"]
    assert problem["severity"] == "warning" and problem["code"] == "reading"
    assert problem["text"] == (f"{path}:4: warning: reads at grade {entry['reading']['grade']}, above the practice's "
                               f"target 6: hardest sentences: line {at + 1} (29 words; 26 words of 3+ syllables)"
                               + "".join(f", line {h['line']} ({h['why']})" for h in entry["reading"]["hardest"][1:]))
    captured = capsys.readouterr()
    assert problem["text"] in captured.err and ", 1 warning -> " in captured.out
    assert (tmp_path / "out" / "long.pdf").exists()


def test_the_target_comes_from_handout_yaml_unless_the_front_matter_says_otherwise(tmp_path):
    (tmp_path / "handout.yaml").write_text("reading_grade: 6\n", encoding="utf-8")
    body = "We sat and talked about the plan for the week. " * 6 + LONG + "\n"  # grade 14.4
    plain = write_article(tmp_path, "plain.md", "---\ntitle: T\n---\n\n" + body)
    own = write_article(tmp_path, "own.md", "---\ntitle: T\nreading_grade: 18\n---\n\n" + body)
    article, _ = read_article(plain)
    reading = article_reading(article)
    assert reading["target"] == 6
    [problem] = above_target(reading, article.path, None)
    assert problem.line == 1 and "above the practice's target 6" in problem.message  # handout.yaml's: line 1
    overridden, _ = read_article(own)
    assert article_reading(overridden)["target"] == 18 and above_target(article_reading(overridden), own, 3) == []


@pytest.mark.parametrize("value, message", [
    ("0", "'reading_grade' must be at least 1"), ("19", "'reading_grade' must be at most 18"),
    ("six", "'reading_grade' must be a whole number"), ("[6]", "'reading_grade' must be a whole number, not a list"),
])
def test_a_bad_target_is_an_error_at_its_line(tmp_path, value, message):
    path = write_article(tmp_path, "a.md", f"---\ntitle: T\nauthor: A\nreading_grade: {value}\n---\n\nHello.\n")
    with pytest.raises(BuildError) as front:
        read_article(path)
    assert [problem.format() for problem in front.value.problems] == [f"{path}:4: error: {message}"]
    settings = tmp_path / "handout.yaml"
    settings.write_text(f"practice: P\nreading_grade: {value}\n", encoding="utf-8")
    with pytest.raises(BuildError) as yaml_file:
        read_settings(settings)
    assert [problem.format() for problem in yaml_file.value.problems] == [f"{settings}:2: error: {message}"]


def test_summary_line_and_json_carry_the_reading():
    report = Report("a.md", counts={"tables": 0, "rows": 0, "faq_items": 1, "pages": 2}, outputs=["a.pdf"])
    for reading, words in [({"grade": 7.4}, "reading grade 7.4"),
                           ({"grade": None, "score": 68.2, "formula": "INFLESZ (Szigriszt-Pazos)"},
                            "reading ease 68.2 (INFLESZ)"),
                           ({"grade": None, "note": "not measured for Thai"}, "reading not measured (Thai)")]:
        report.reading = reading
        assert summary_line(report) == f"a.md: ok: 0 tables, 0 rows, 1 FAQ item, 2 pages, {words} -> a.pdf (0.0s)"
        assert json.loads(as_json([report]))["articles"][0]["reading"] == reading


def test_a_score_language_is_not_held_to_a_grade_target():
    reading = measure(sentences_of("Tiene altibajos. " + "El duelo es una respuesta natural. " * 3), "es", target=6)
    assert reading["grade"] is None and reading["note"].startswith("INFLESZ gives reading ease")
    assert above_target(reading, "a.md", 1) == []


def test_a_book_reads_its_chapters_as_one_text_and_names_each_sentence_file(tmp_path):
    chapters = [read_article(FIXTURES / "en.md")[0], read_article(SEED_ARTICLE)[0]]
    reading = book_reading(chapters)
    assert reading["words"] == sum(article_reading(chapter)["words"] for chapter in chapters)
    assert {entry["path"] for entry in reading["hardest"]} <= {chapter.path for chapter in chapters}
    mixed = book_reading([chapters[0], read_article(FIXTURES / "de.md")[0]])
    assert mixed["grade"] is None and mixed["note"] == "not measured for a book in several languages"
    # Each chapter is held to its own target, at its own file: the plain one (target 6) passes,
    # the seed (no target) is not held to any, a copy of the seed with target 10 is warned.
    hard = write_article(tmp_path, "hard.md", SEED_ARTICLE.read_text(encoding="utf-8").replace(
        "language: en\n", "language: en\nreading_grade: 10\n"))
    [problem] = chapter_warnings(chapters + [read_article(hard)[0]])
    assert (problem.path, problem.line, problem.code) == (str(hard), 5, "reading")  # the key after language (4)


def test_the_seed_reads_above_the_recommended_grades():
    # Published patient handouts read at grade 10-15 (docs/plain-language.md); the seed is one of them.
    reading = article_reading(read_article(SEED_ARTICLE)[0])
    assert 12 <= reading["grade"] <= 15 and len(reading["hardest"]) == 3
    assert all(Path(SEED_ARTICLE).read_text(encoding="utf-8").split("\n")[entry["line"] - 1].find(
        entry["sentence"][:30]) >= 0 for entry in reading["hardest"])
