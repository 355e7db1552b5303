"""Long words: a pre-signed or tracking URL far longer than a line is valid content. It wraps in
every place an article can hold it, every character is printed, and the text a reader copies
is the text written (the break opportunities are <wbr/> elements, never characters)."""

from __future__ import annotations

import html
import itertools
import re
import subprocess

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st
from conftest import write_article
from markupsafe import Markup
from pypdf import PdfReader
from structure_tree import structure_text
from test_end_to_end import epub_text

from handout.check.items import normalise
from handout.cli import main
from handout.read.source import MAX_LINE_CHARS
from handout.render.line_breaks import BREAK_EVERY, LONG_WORD_CHARS, breakable

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
    """The runs of text between <wbr/> break opportunities, other tags removed."""
    return [html.unescape(re.sub(r"<[^>]*>", "", part)) for part in marked.split("<wbr/>")]


def test_long_words_get_a_break_opportunity_every_few_characters():
    marked = str(breakable(URL))
    # Between ours and the engine's own (after "/" and "-"), no piece is longer than BREAK_EVERY:
    # the engine's work stays linear.
    pieces = [piece for chunk in chunks(marked) for piece in re.split(r"(?<=[/-])", chunk)]
    assert max(len(piece) for piece in pieces) == BREAK_EVERY
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


# Words of scripts whose letters join, combine or stand without spaces: a break inside them
# prints a vowel on a dotted circle (Thai, Hindi), an Arabic word unjoined, or a line that
# starts with "。" (issue 23). Each is longer than LONG_WORD_CHARS.
WHOLE_WORDS = {
    "th": "การตื่นนอนเวลาเดิมทุกวันช่วยให้ร่างกายของคุณปรับตัวได้ดีขึ้น",
    "ja": "毎朝同じ時間に起きることで、体内時計が整い、眠りやすくなります。",
    "zh": "每天在同一时间起床可以帮助身体调整生物钟，让睡眠更好。",
    "ko": "불안이높을때는호흡이빨라지고얕아지며근육이긴장됩니다",
    "hi": "मानसिक/शारीरिक/सामाजिक/आर्थिक/स्वास्थ्य-सम्बन्धी",
    "ar": "القلق/الأرق/الاكتئاب/الإرهاق/الاكتئاب",
    "fa": "پرسش‌های/می‌کنید/نمی‌کند/پژوهش‌ها/همان‌طور",
    "bn": "মানসিক/শারীরিক/সামাজিক/অর্থনৈতিক",
}
# Scripts no break of ours may touch (their letters join, combine or stand without spaces).
KEPT_WHOLE = regex.compile(r"[\p{Script=Thai}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}"
                           r"\p{Script=Hangul}\p{Script=Devanagari}\p{Script=Bengali}\p{Script=Arabic}"
                           r"\p{Script=Hebrew}\u200c\u200d]")


@pytest.mark.parametrize("language", sorted(WHOLE_WORDS))
def test_words_of_scripts_that_join_combine_or_have_no_spaces_get_no_break_of_ours(language):
    word = WHOLE_WORDS[language]
    assert len(word) >= LONG_WORD_CHARS
    assert str(breakable(word)) == word  # the engine breaks after "/" and "-", and by dictionary, itself


def test_hebrew_words_joined_by_slashes_may_break_after_each_slash():
    # UAX #14 keeps "/" with Hebrew letters on both sides: without these breaks a narrow table
    # cell broke the list inside its last word (found by the soak).
    assert str(breakable("חרדה/דיכאון/בדידות")) == "חרדה/<wbr/>דיכאון/<wbr/>בדידות"
    assert str(breakable("בדידות")) == "בדידות"


@given(st.lists(st.sampled_from([*WHOLE_WORDS.values(), "בדידות/חרדה/דיכאון/עייפות/מתח", URL[:40], "e\u0301" * 9, "Вертрауэнс", "x/y-z",
                                 "(note)", "”.", "+972-3-555-1234", "&", "«»", "٣٠٪"]), min_size=1, max_size=8))
def test_a_break_is_only_ever_put_between_separately_drawn_characters(parts):
    text = "".join(parts)
    marked = str(breakable(text))
    assert html.unescape(marked.replace("<wbr/>", "")) == text  # nothing added but the breaks
    plain = html.unescape(re.sub(r"<(?!wbr/>)[^>]*>", "", marked))
    clusters = regex.findall(r"\X", text)
    starts = dict(zip(itertools.accumulate(len(cluster) for cluster in clusters), clusters[1:]))
    position = 0
    for piece in plain.split("<wbr/>")[:-1]:
        position += len(piece)
        assert position in starts  # never inside a grapheme cluster
        before, after = regex.findall(r"\X", text[:position])[-1], starts[position]
        assert not KEPT_WHOLE.match(before) and (not KEPT_WHOLE.match(after) or before == "/"), (before, after)
        assert after not in ".,:;!?)]}”»%" and before not in "([{“«"  # no line starts with closing punctuation
