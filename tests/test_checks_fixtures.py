"""The fixture corpus: every good article builds clean and reports complete; every bad one
reports exactly the `file:line: severity: message` lines listed in tests/fixtures/bad/expected.txt."""

from __future__ import annotations

import json
import re
import unicodedata

import pytest
from conftest import ROOT
from pypdf import PdfReader

from handout.cli import main
from handout.model import Cell, ListBlock
from handout.read.article import read_article

GOOD = ROOT / "tests" / "fixtures" / "good"
BAD = ROOT / "tests" / "fixtures" / "bad"
SLOW_GOOD = {"feelings-vocabulary.md"}  # 150 rows: several seconds on the 6-inch EPUB layout
PROBLEM_LINE = re.compile(r"^(?P<file>[^:\s]+\.md):(?P<line>\d+): (?P<severity>error|warning): ")


def good_articles():
    return [pytest.param(path, id=path.stem, marks=[pytest.mark.slow] if path.name in SLOW_GOOD else [])
            for path in sorted(GOOD.glob("*.md"))]


@pytest.mark.parametrize("article", good_articles())
def test_good_article_builds_clean_and_complete(article, tmp_path, capsys):
    report_file = tmp_path / "report.json"
    code = main([str(article), "-o", str(tmp_path / "out"), "--json", str(report_file)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    [report] = json.loads(report_file.read_text(encoding="utf-8"))["articles"]
    notes = [problem for problem in report["problems"] if problem["severity"] == "note"]
    assert captured.err == "".join(f"{problem['text']}\n" for problem in notes)  # not even a warning
    model, _ = read_article(article)
    tables = model.tables
    assert report["ok"] and report["problems"] == notes and report["warnings"] == 0
    assert report["counts"]["tables"] == len(tables)
    assert report["counts"]["rows"] == sum(len(table.rows) for table in tables)
    assert report["counts"]["faq_items"] == len(model.faq.items)
    assert report["counts"]["pages"] == len(PdfReader(tmp_path / "out" / f"{article.stem}.pdf").pages)
    assert captured.out.startswith(f"{article}: ok: ")


def corpus():
    return [read_article(path)[0] for path in sorted(GOOD.glob("*.md"))]


def cells_of(model) -> list[Cell]:
    return [cell for table in model.tables for row in (table.header, *table.rows) for cell in row.cells]


def test_good_corpus_covers_what_the_checks_must_survive():
    """Guards the corpus itself: if a fixture is trimmed, the feature it carried must live elsewhere."""
    models = corpus()
    tables = [table for model in models for table in model.tables]
    cells = [cell for model in models for cell in cells_of(model)]
    scripts = {unicodedata.name(char).split()[0] for model in models for cell in cells_of(model)
               for char in cell.inline.text if char.isalpha()}
    answers = [entry.answer for model in models for entry in model.faq.items]
    assert max(len(table.rows) for table in tables) >= 150
    assert {3, 4} <= {len(table.header.cells) for table in tables}
    assert any("<code>" in cell.inline.html for cell in cells)
    assert any("<a href=" in cell.inline.html for cell in cells)
    assert any("|" in cell.inline.text for cell in cells)  # written as \| in the source
    assert {"GREEK", "CYRILLIC", "LATIN"} <= scripts
    assert {"es", "de"} <= {model.meta.language for model in models}
    assert any(table.caption for table in tables)
    assert any(isinstance(block, ListBlock) and block.ordered for answer in answers for block in answer)
    assert any(isinstance(block, ListBlock) and not block.ordered for answer in answers for block in answer)
    assert any(len(word) > 80 for model in models for block in model.intro + model.body[0].blocks
               for word in getattr(getattr(block, "inline", None), "text", "").split())


def expected_lines() -> dict[str, list[str]]:
    """expected.txt grouped by fixture file."""
    grouped: dict[str, list[str]] = {}
    for line in (BAD / "expected.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            grouped.setdefault(PROBLEM_LINE.match(line)["file"], []).append(line)
    return grouped


def test_every_bad_fixture_has_expectations():
    assert sorted(expected_lines()) == sorted(path.name for path in BAD.glob("*.md"))


@pytest.mark.parametrize("name", sorted(expected_lines()))
def test_bad_fixture_reports_exactly_its_problems(name, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(BAD)  # so messages start with the bare file name, as in expected.txt
    expected = expected_lines()[name]
    code = main([name, "-o", str(tmp_path / "out")])
    err = capsys.readouterr().err
    reported = [line for line in err.splitlines() if PROBLEM_LINE.match(line)]
    assert reported == expected
    assert code == (1 if any(": error: " in line for line in expected) else 0)
    assert "Traceback" not in err


FOUR_MISTAKES = """---
titel: Panic, and What Helps
faq_heading: Questions
---

Panic passes.

![The panic cycle](images/Panic-cycle.png)

## What helps

| Skill | When |
| --- | --- |
| Paced breathing |

## Questions

### How long does it last?
"""


def test_four_ordinary_mistakes_are_all_reported_in_one_run_in_file_order(tmp_path, capsys):
    """A typo in a key, a row missing a cell, a question without an answer and an image in the
    wrong letter case: one run names all four, each at its line."""
    (tmp_path / "images").mkdir()
    picture = ROOT / "tests" / "fixtures" / "regressions" / "images" / "a12-small-steps-when-you-3-square.png"
    (tmp_path / "images" / "panic-cycle.png").write_bytes(picture.read_bytes())
    article = tmp_path / "panic.md"
    article.write_text(FOUR_MISTAKES, encoding="utf-8")
    assert main([str(article), "-o", str(tmp_path / "out"), "-j", "1"]) == 1
    lines = [line for line in capsys.readouterr().err.splitlines() if ": error: " in line]
    assert [line.split(": error: ")[0] for line in lines] == [f"{article}:{n}" for n in (2, 2, 8, 14, 18)]
    assert "front matter needs 'title: ...'" in lines[0]
    assert "unknown front matter key 'titel'; did you mean 'title'?" in lines[1]
    assert f"image 'images/Panic-cycle.png' not found: {tmp_path / 'images/Panic-cycle.png'}; " \
           f"did you mean 'images/panic-cycle.png'?" in lines[2]
    assert "table row has 1 cell but the header has 2" in lines[3]
    assert "FAQ question 'How long does it last?' has no answer" in lines[4]


def test_front_matter_that_is_not_yaml_does_not_hide_the_bodys_problems(tmp_path, capsys):
    article = tmp_path / "broken.md"
    article.write_text("---\ntitle: [unclosed\n---\n\n## Part\n\n| A | B |\n| --- | --- |\n| one |\n",
                       encoding="utf-8")
    assert main([str(article), "-o", str(tmp_path / "out"), "-j", "1"]) == 1
    err = capsys.readouterr().err
    assert f"{article}:2: error: front matter is not valid YAML" in err
    assert f"{article}:9: error: table row has 1 cell but the header has 2" in err
