"""Long words: a pre-signed or tracking URL far longer than a line is valid content. It wraps in
every place an article can hold it, every character is printed, and the text a reader copies
is the text written (the break opportunities are <wbr/> elements, never characters)."""

from __future__ import annotations

import html
import re
import subprocess

import pytest
from conftest import write_article
from markupsafe import Markup
from pypdf import PdfReader
from structure_tree import structure_text
from test_end_to_end import epub_text

from handout.check.items import normalise
from handout.cli import main
from handout.read.source import MAX_LINE_CHARS
from handout.render.html import BREAK_EVERY, LONG_WORD_CHARS, breakable

URL = "https://files.example.org/handouts/panic.pdf?X-Amz-Signature=" + "a1b2c3d4e5f6" * 130  # 1,621 characters


def article_with(word: str, headings: bool = True) -> str:
    """An article holding `word` in a paragraph, a four-column table and a list (and, with
    `headings`, in a side head and an FAQ question too)."""
    head = f"### {word}\n\nA side head that long wraps in its rail.\n\n" if headings else ""
    question = f"Where is {word}?" if headings else "Where are they?"
    return f"""---
title: Links to the worksheets
---

The worksheet is at {word} and a copy is on the desk.

## Where to find them

| Sheet | Link | Format | Notes |
| --- | --- | --- | --- |
| Panic diary | {word} | PDF | print it |

- Also at {word}

{head}## Frequently Asked Questions

### {question}

On the shared drive.
"""


# Large print sets headings at 18 pt: a 1,600-character heading would fill a page by itself.
@pytest.mark.slow
@pytest.mark.parametrize("options, places", [(["--page-size", "A4"], 5), (["--page-size", "Letter"], 5),
                                             (["--variant", "large-print"], 3)])
def test_a_long_url_wraps_everywhere_and_every_character_is_printed(tmp_path, options, places, capsys):
    article = write_article(tmp_path, "links.md", article_with(URL, headings=places == 5))
    assert main([str(article), "-o", str(tmp_path), "-j", "1", *options]) == 0, capsys.readouterr().err
    # Read by the tags, in reading order. The table's row is taller than half a page, so it may
    # split: the tags then hold it as two rows, the second after the repeated header row.
    tagged = normalise("".join(structure_text((tmp_path / "links.pdf").read_bytes())))
    assert tagged.replace(normalise("PDF print it Sheet Link Format Notes"), "").count(normalise(URL)) == places
    pdf = "".join(page.extract_text() for page in PdfReader(tmp_path / "links.pdf").pages)
    assert epub_text(tmp_path / "links.epub").count(URL) == places  # no character added inside the word
    copied = subprocess.run(["pdftotext", str(tmp_path / "links.pdf"), "-"], capture_output=True, text=True).stdout
    assert "\u200b" not in copied and "\u200b" not in pdf  # what a reader copies has no invisible breaks


@pytest.mark.slow
def test_a_word_as_long_as_the_longest_line_builds(tmp_path, capsys):
    word = ("Vertrauensbildungsmaßnahmen" * 800)[:MAX_LINE_CHARS - 100]
    article = write_article(tmp_path, "word.md", f"---\ntitle: Word\n---\n\n{word}\n")
    assert main([str(article), "-o", str(tmp_path), "-j", "1"]) == 0, capsys.readouterr().err
    assert normalise(word) in normalise("".join(structure_text((tmp_path / "word.pdf").read_bytes())))


def chunks(marked: str) -> list[str]:
    """The runs of text between break opportunities, tags other than <wbr/> removed."""
    return [html.unescape(re.sub(r"<[^>]*>", "", part)) for part in marked.split("<wbr/>")]


def test_long_words_get_a_break_opportunity_every_few_characters():
    marked = str(breakable(URL))
    assert max(len(chunk) for chunk in chunks(marked)) == BREAK_EVERY  # the engine's work stays linear
    assert "".join(chunks(marked)) == URL  # and the text is the text written


def test_only_long_words_in_text_are_broken_never_tags_entities_or_marks():
    short = "a" * (LONG_WORD_CHARS - 1)
    assert str(breakable(short)) == short
    link = f'<a href="{URL}">{URL}</a> &amp; more'
    marked = str(breakable(Markup(link)))
    assert marked.startswith(f'<a href="{URL}">')  # the address itself is untouched
    assert html.unescape(re.sub(r"<[^>]*>", "", marked)) == f"{URL} & more"
    pieces = str(breakable(Markup("&amp;" * 40))).split("<wbr/>")
    assert len(pieces) > 1 and all(re.fullmatch("(&amp;)+", piece) for piece in pieces)  # never cut in two
    accented = "e\u0301" * 40  # each base letter with a combining accent
    assert all(not piece.startswith("\u0301") for piece in str(breakable(accented)).split("<wbr/>"))


def test_text_is_escaped_before_breaking():
    assert str(breakable("<b>" + "x" * 30)).startswith("&lt;b&gt;")
