"""Reading: front matter, sections, subsections, tables, captions and the FAQ, with source lines."""

from __future__ import annotations

import pytest
from conftest import SEED_ARTICLE, SEED_TEXT, write_article

from handout.check.source import check_source
from handout.errors import BuildError
from handout.model import Faq, ListBlock, Paragraph, Section, Table
from handout.read.article import read_article


def seed_table_rows() -> list[list[str]]:
    rows = [line for line in SEED_TEXT.read_text(encoding="utf-8").splitlines()
            if line.startswith("| ") and "QUICK ANSWER" not in line]
    return [[cell.strip() for cell in row.strip().strip("|").split("|")] for row in rows]


def test_seed_front_matter_and_quick_answer():
    article, warnings = read_article(SEED_ARTICLE)
    assert warnings == []
    assert article.slug == "trust-issues"
    assert article.meta.language == "en"
    quick = SEED_TEXT.read_text(encoding="utf-8").splitlines()[0]
    expected = quick.removeprefix("| QUICK ANSWER ").removesuffix(" |").strip()
    assert [block.inline.text for block in article.quick_answer] == [expected]


def test_seed_sections_subsections_and_faq():
    article, _ = read_article(SEED_ARTICLE)
    assert [part.title.text for part in article.body] == [
        "Where Trust Issues Actually Come From", "What Changes Trust Issues", "Frequently Asked Questions"]
    first = article.body[0]
    assert isinstance(first, Section)
    assert [sub.title.text for sub in first.subsections] == [
        "Repeated betrayal in significant relationships", "Early attachment with inconsistent caregivers",
        "Betrayal trauma"]
    faq = article.faq
    assert isinstance(faq, Faq)
    assert [item.question.text for item in faq.items] == ["Can trust issues be healed?",
                                                          "Is it possible to trust too much?"]
    assert all(len(item.answer) == 1 for item in faq.items)


def test_seed_table_matches_the_seed_cell_for_cell():
    article, _ = read_article(SEED_ARTICLE)
    table = article.body[0].subsections[2].blocks[1]
    assert isinstance(table, Table)
    got = [[cell.inline.text for cell in row.cells] for row in (table.header, *table.rows)]
    assert got == seed_table_rows()


def test_source_lines_point_at_the_file():
    article, _ = read_article(SEED_ARTICLE)
    lines = SEED_ARTICLE.read_text(encoding="utf-8").splitlines()
    table = article.body[0].subsections[2].blocks[1]
    for row in table.rows:
        assert lines[row.line - 1].startswith(f"| {row.cells[0].inline.text} |")
    for item in article.faq.items:
        assert lines[item.line - 1] == f"### {item.question.text}"


ARTICLE = """---
title: Sleep
faq_heading: Questions people ask
---

Intro text.

## Routine

Table: Hours by age

| Age | Hours | Note |
| --- | ---: | --- |
| Teen | 8-10 | `code` and a pipe \\| here |
| Adult | 7-9 | [link](https://example.org) |

## QUESTIONS PEOPLE ASK

### Is napping bad?

- It depends.
- Keep naps short.

### What about coffee?

Not after noon.
"""


def test_caption_alignment_escaped_pipe_and_custom_faq(tmp_path):
    article, _ = read_article(write_article(tmp_path, "sleep.md", ARTICLE))
    table = article.body[0].blocks[0]
    assert isinstance(table, Table)
    assert table.caption.text == "Hours by age"
    assert [cell.align for cell in table.header.cells] == ["", "right", ""]
    assert table.rows[0].cells[2].inline.text == "code and a pipe | here"
    assert "<code>code</code>" in table.rows[0].cells[2].inline.html
    assert not any(isinstance(block, Paragraph) and "Table:" in block.inline.text for block in article.body[0].blocks)
    faq = article.faq
    assert faq is not None and [item.question.text for item in faq.items] == ["Is napping bad?", "What about coffee?"]
    assert isinstance(faq.items[0].answer[0], ListBlock)


@pytest.mark.parametrize("body, line, message", [
    ("# Big title\n", 5, "'# ' headings are not used in the body"),
    ("### Orphan\n\ntext\n", 5, "'### ' subsection before any '## ' section"),
    ("| a | b |\n| c | d |\n", 5, "looks like a table but has no header row"),
])
def test_structure_errors_name_the_line(tmp_path, body, line, message):
    path = write_article(tmp_path, "bad.md", f"---\ntitle: T\n---\n\n{body}")
    with pytest.raises(BuildError) as caught:
        read_article(path)
    problem = caught.value.problems[0]
    assert (problem.line, problem.path) == (line, str(path))
    assert message in problem.message


def test_missing_title_is_an_error(tmp_path):
    path = write_article(tmp_path, "untitled.md", "---\nauthor: Me\n---\n\nText.\n")
    with pytest.raises(BuildError) as caught:
        read_article(path)
    assert "title" in caught.value.problems[0].message


def faq_article(tmp_path, heading: str, front: str = ""):
    text = f"---\ntitle: Questions\n{front}---\n\nIntro.\n\n## {heading}\n\n### Is this the FAQ?\n\nPerhaps.\n"
    article, warnings = read_article(write_article(tmp_path, "faq.md", text))
    return article, warnings + check_source(article)


@pytest.mark.parametrize("heading", ["FAQs", "FAQ", "Questions", "Q&A", "Your questions answered"])
def test_a_near_miss_of_the_faq_heading_warns_and_names_faq_heading(tmp_path, heading):
    article, problems = faq_article(tmp_path, heading)
    assert article.faq is None
    [problem] = problems
    assert problem.severity == "warning" and problem.line == 7
    assert problem.message == (f"no FAQ found: '## {heading}' is not the FAQ heading 'Frequently Asked "
                               f"Questions'; set 'faq_heading: {heading}' in the front matter to make it the FAQ")
    named, problems = faq_article(tmp_path, heading, f"faq_heading: {heading}\n")
    assert named.faq is not None and problems == []


def test_a_section_of_subsections_that_is_no_faq_does_not_warn(tmp_path):
    article, problems = faq_article(tmp_path, "What helps")
    assert article.faq is None and problems == []


@pytest.mark.parametrize("language, heading", [("es", "Preguntas frecuentes"), ("de", "Häufige Fragen"),
                                               ("fr", "Questions fréquentes"), ("en-GB", "Frequently asked questions")])
def test_the_faq_heading_defaults_to_the_articles_language(tmp_path, language, heading):
    article, problems = faq_article(tmp_path, heading, f"language: {language}\n")
    assert article.faq is not None and problems == []
    # Named in the front matter, the English heading holds in any language.
    article, _ = faq_article(tmp_path, "Frequently Asked Questions",
                             f"language: {language}\nfaq_heading: Frequently Asked Questions\n")
    assert article.faq is not None


@pytest.mark.parametrize("written, keywords", [
    ("keywords: sleep, worry ,  rest", ("sleep", "worry", "rest")),
    ("keywords: [sleep, worry]", ("sleep", "worry")),
    ("keywords: sleep", ("sleep",)),
    ("keywords: ['Smith, J.', rest]", ("Smith, J.", "rest")),  # a list item keeps its comma: the writer chose a list
])
def test_keywords_written_on_one_line_are_split_at_commas(tmp_path, written, keywords):
    path = write_article(tmp_path, "a.md", f"---\ntitle: A\n{written}\n---\n\nText.\n")
    article, problems = read_article(path)
    assert article.meta.keywords == keywords and problems == []


def test_reflection_prompts_keep_their_commas(tmp_path):
    path = write_article(tmp_path, "a.md", "---\ntitle: A\nreflection: When, and where, do you rest?\n---\n\nText.\n")
    assert [prompt.text for prompt in read_article(path)[0].meta.reflection] == ["When, and where, do you rest?"]
