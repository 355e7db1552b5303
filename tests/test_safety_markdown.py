"""Markdown safety without a build: nesting never drops text silently, templates never run content."""

from __future__ import annotations

import jinja2
import pytest

from handout.read.inline_text import markdown_parser
from handout.read.markdown import MAX_BLOCKS, MAX_COLUMNS, MAX_DEPTH, BlockReader
from handout.render.html import environment

NESTINGS = {
    "quotes": lambda n: "> " * n + "deep-word",
    "bullets": lambda n: "- " * n + "deep-word",
    "numbers": lambda n: "1. " * n + "deep-word",
    "mixed": lambda n: "> - " * n + "deep-word",
    "indented": lambda n: "".join("  " * i + f"- level{i}\n" for i in range(n)) + "  " * n + "- deep-word",
}


def shown_text(reader: BlockReader) -> str:
    return "".join(token.content for token in reader.tokens)


@pytest.mark.parametrize("kind", sorted(NESTINGS))
@pytest.mark.parametrize("depth", [1, MAX_DEPTH - 1, MAX_DEPTH, MAX_DEPTH + 1, 19, 20, 21, 25, 40, 200])
def test_nesting_keeps_every_word_or_says_why_not(kind, depth):
    reader = BlockReader(NESTINGS[kind](depth), 5, "a.md")
    reader.read_all()
    if reader.problems:
        [problem] = reader.problems
        assert problem.is_error and problem.line >= 5
        assert f"nested more than {MAX_DEPTH} levels deep" in problem.message
    else:
        assert "deep-word" in shown_text(reader)


def test_the_nesting_limit_guards_a_real_loss():
    # Without the check, markdown-it drops this text without a word: the fault the check exists for.
    tokens = markdown_parser().parse("- " * 25 + "deep-word")
    assert "deep-word" not in "".join(token.content for token in tokens)
    reader = BlockReader("- " * 25 + "deep-word", 1, "a.md")
    assert reader.problems and reader.problems[0].line == 1


def test_the_nesting_limit_is_within_reach_of_lists_and_quotes():
    reader = BlockReader("> " * MAX_DEPTH + "quote-word\n\n" + "- " * MAX_DEPTH + "list-word", 1, "a.md")
    reader.read_all()
    assert reader.problems == []
    assert "quote-word" in shown_text(reader) and "list-word" in shown_text(reader)


def test_inline_nesting_beyond_the_limit_stays_text():
    for source in ("*" * 100 + "star-core" + "*" * 100, "[" * 300 + "bracket-core" + "]" * 300):
        reader = BlockReader(source, 1, "a.md")
        [paragraph] = reader.read_all()
        assert reader.problems == []
        assert paragraph.inline.text.replace("*", "").replace("[", "").replace("]", "") in (
            "star-core", "bracket-core")


def test_raw_html_and_unsafe_links_become_text():
    source = '<script>alert(1)</script>\n\n[x](javascript:alert(1)) <b onclick="y">b</b>'
    reader = BlockReader(source, 1, "a.md", smart=False)
    first, second = reader.read_all()
    assert first.inline.html == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert "<a" not in second.inline.html and "&lt;b onclick=&quot;y&quot;&gt;" in second.inline.html


def test_templates_autoescape_and_fail_on_undefined_names():
    env = environment()
    assert env.from_string("{{ value }}").render(value="<b>{{ 7*7 }}</b>") == "&lt;b&gt;{{ 7*7 }}&lt;/b&gt;"
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ missing }}").render()


def test_tables_up_to_the_column_limit_are_read_wider_ones_refused_at_their_line():
    def table(columns: int) -> str:
        return "|" + " h |" * columns + "\n|" + " - |" * columns + "\n|" + " c |" * columns + "\n"
    assert BlockReader(table(MAX_COLUMNS), 5, "a.md").problems == []
    [problem] = BlockReader("Text.\n\n" + table(MAX_COLUMNS + 1), 5, "a.md").problems
    assert (problem.line, problem.message) == (7, f"table has more than {MAX_COLUMNS} columns; "
                                                  "no page or screen can show them")


def test_the_block_limit_counts_paragraphs_rows_items_and_headings():
    assert BlockReader("Word.\n\n" * MAX_BLOCKS, 1, "a.md").problems == []
    rows = "| a |\n| - |\n" + "| r |\n" * (MAX_BLOCKS - 3)
    assert BlockReader("## H\n\n- item\n\n" + rows, 1, "a.md").problems == []  # 1 + 1 + header + rows
    [problem] = BlockReader("## H\n\n- item\n\n" + rows + "\nOne more.\n", 1, "a.md").problems
    assert f"the limit is {MAX_BLOCKS:,}" in problem.message and problem.line == 5 + MAX_BLOCKS
