"""Property tests: generated articles build with every check passing, or fail with a clear message."""

from __future__ import annotations

import contextlib
import io
import os
import re
import tempfile
import unicodedata
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from test_end_to_end import epub_text, pdf_text

from handout.check.glyphs import font_characters
from soak import letters
from handout.cli import main
from handout.languages import has_right_to_left
from handout.resources import FONTS

CLEAR = re.compile(r"^\S.*?(:\d+)?: (error|warning): \S|^\S.*: (ok|FAILED|unchanged)\b")
COVERED = sorted(chr(code) for code in frozenset().union(*map(font_characters, FONTS.glob("*.ttf")))
                 if unicodedata.category(chr(code))[0] in "LNPS" and code > 32)
EXAMPLES = int(os.environ.get("HANDOUT_PROPERTY_EXAMPLES", "15"))  # builds cost about a second each
SETTINGS = settings(max_examples=EXAMPLES, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

NOT_TEXT = ("Cs", "Cc", "Zl", "Zp", "Co", "Cn")
# Most articles use characters the shipped fonts draw (so they build and are checked cell by
# cell); some use any Unicode, some the astral planes (a clear glyph error is a fine outcome).
ALPHABETS = {
    "covered": st.sampled_from(COVERED),
    "any": st.characters(blacklist_categories=NOT_TEXT),
    "astral": st.one_of(st.sampled_from(COVERED), st.characters(min_codepoint=0x10000, blacklist_categories=NOT_TEXT)),
}
KINDS = st.sampled_from(["covered"] * 6 + ["any", "astral"])


def texts(kind: str):
    words = st.text(ALPHABETS[kind], min_size=1, max_size=8).filter(lambda word: word.strip() == word and word)
    return st.lists(words, min_size=1, max_size=4).map(" ".join)


def escaped(text: str) -> str:
    """Markdown for exactly this text: ASCII punctuation backslash-escaped, as CommonMark allows."""
    return re.sub(r"([!-/:-@\[-`{-~])", r"\\\1", text)


def visible(text: str) -> str:
    """What a reader compares: compatibility-normalised, no whitespace or invisible format characters."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(char for char in text if not char.isspace() and unicodedata.category(char) != "Cf")


@st.composite
def tables(draw, kind: str = "covered"):
    columns = draw(st.integers(1, 5))
    header = draw(st.lists(texts(kind), min_size=columns, max_size=columns))
    rows = draw(st.lists(st.lists(st.one_of(texts(kind), st.just("")), min_size=columns, max_size=columns),
                         min_size=1, max_size=6))
    return header, rows


@st.composite
def table_articles(draw):
    kind = draw(KINDS)
    return draw(texts(kind)), draw(tables(kind)), draw(texts(kind))


@st.composite
def faq_articles(draw):
    kind = draw(KINDS)
    items = draw(st.lists(st.tuples(texts(kind), texts(kind), st.booleans()), min_size=1, max_size=5))
    return items, draw(tables(kind))


def table_markdown(header, rows) -> str:
    lines = ["| " + " | ".join(escaped(cell) for cell in header) + " |",
             "|" + " --- |" * len(header)]
    lines += ["| " + " | ".join(escaped(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def faq_markdown(items) -> str:
    parts = ["## Frequently Asked Questions"]
    for question, answer, as_list in items:
        parts += [f"### {escaped(question)}", f"- {escaped(answer)}" if as_list else escaped(answer)]
    return "\n\n".join(parts)


def build(markdown: str) -> tuple[int, str, str, str]:
    """Build one article in a fresh folder; return (status, stderr, PDF text, EPUB text)."""
    with tempfile.TemporaryDirectory() as folder:
        article = Path(folder) / "generated.md"
        article.write_text(markdown, encoding="utf-8")
        err = io.StringIO()
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
            status = main([str(article), "-o", folder, "-j", "1"])
        if status:
            return status, err.getvalue(), "", ""
        written = Path(folder) / "generated"
        return status, err.getvalue(), pdf_text(written.with_suffix(".pdf")), epub_text(written.with_suffix(".epub"))


def assert_clear(status: int, err: str) -> None:
    """Exit 0 or 1 only, and every line of stderr in the `path:line: error: message` form."""
    assert status in (0, 1), err
    assert "Traceback" not in err and "internal error" not in err, err
    for line in err.splitlines():
        assert CLEAR.match(line), f"unclear message: {line!r}"


def assert_found(pieces: list[str], pdf: str, epub: str) -> None:
    pdf, epub = visible(pdf), visible(epub)
    for piece in pieces:
        if visible(piece):
            if has_right_to_left(piece):  # a reader gives a right-to-left run in drawing order: its letters
                assert not Counter(letters(piece)) - Counter(letters(pdf)), f"{piece!r} missing from the PDF"
            else:
                assert visible(piece) in pdf, f"{piece!r} missing from the PDF"
            assert visible(piece) in epub, f"{piece!r} missing from the EPUB"


def built_clearly_with(expected: list[str], markdown: str) -> None:
    """The article builds with every expected text in both outputs, or fails with a clear message."""
    status, err, pdf, epub = build(markdown)
    event("built" if status == 0 else "refused with a message")
    assert_clear(status, err)
    if status == 0:
        assert_found(expected, pdf, epub)


@pytest.mark.slow
@SETTINGS
@given(generated=table_articles())
def test_generated_tables_build_and_every_cell_is_found_or_fail_clearly(generated):
    title, (header, rows), intro = generated
    markdown = (f"---\ntitle: '{title.replace(chr(39), chr(39) * 2)}'\n---\n\n{escaped(intro)}\n\n"
                f"## Table\n\n{table_markdown(header, rows)}\n")
    built_clearly_with([*header, *(cell for row in rows for cell in row), intro], markdown)


@pytest.mark.slow
@SETTINGS
@given(generated=faq_articles())
def test_generated_faqs_build_and_every_question_and_answer_is_found_or_fail_clearly(generated):
    items, table = generated
    markdown = (f"---\ntitle: Generated FAQ\n---\n\n## Data\n\n{table_markdown(*table)}\n\n"
                f"{faq_markdown(items)}\n")
    built_clearly_with([text for question, answer, _ in items for text in (question, answer)], markdown)


def test_the_property_notices_a_missing_piece():
    assert_found(["kept"], "kept here", "and kept")
    with pytest.raises(AssertionError, match="missing from the EPUB"):
        assert_found(["lost cell"], "lost cell", "only the rest")
    with pytest.raises(AssertionError, match="unclear message"):
        assert_clear(1, "some words that are not a problem line")
