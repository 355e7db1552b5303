"""Proof that the checks can fail: inject one fault at a time (a stylesheet, a template, a
source edit) and assert the build exits 1 naming the lost or broken item and its source line.

Expected lines and texts are found in the source files themselves, never copied from a run."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT, SEED_ARTICLE, write_article
from pypdf import PdfReader

from handout.cli import main

FAULTS = ROOT / "tests" / "faults"
SEED = str(SEED_ARTICLE)
TALL_TABLE = FAULTS / "thinking-traps.md"  # a two-column table of tall rows across a page break


def build(capsys, *argv) -> tuple[int, list[str]]:
    """Run the command line in-process; return the exit code and the stderr lines."""
    code = main([str(arg) for arg in argv])
    return code, capsys.readouterr().err.splitlines()


def line_of(path: str | Path, start: str, after: int = 0) -> int:
    """The 1-based number of the first line (after line `after`) that starts with `start`."""
    lines = Path(path).read_text(encoding="utf-8").split("\n")
    return next(number for number, text in enumerate(lines, 1) if number > after and text.startswith(start))


def table_lines(path: str | Path) -> list[tuple[int, list[str]]]:
    """(line, cells) of the first table's rows in the source: header first, delimiter row left out."""
    lines = Path(path).read_text(encoding="utf-8").split("\n")
    first = line_of(path, "|")
    rows = []
    for number in range(first, len(lines) + 1):
        text = lines[number - 1].strip()
        if not text.startswith("|"):
            break
        cells = [cell.strip() for cell in text.strip("|").split("|")]
        if not all(set(cell) <= set(":- ") for cell in cells):
            rows.append((number, cells))
    return rows


def first_heading(path: str | Path, marks: str, after: int = 0) -> tuple[int, str]:
    number = line_of(path, marks + " ", after)
    return number, Path(path).read_text(encoding="utf-8").split("\n")[number - 1][len(marks) + 1:].strip()


def matching(lines: list[str], prefix: str, *parts: str) -> list[str]:
    return [line for line in lines if line.startswith(prefix) and all(part in line for part in parts)]


def test_hiding_the_last_row_is_caught_in_both_outputs(tmp_path, capsys):
    code, err = build(capsys, SEED, "-o", tmp_path, "--css", FAULTS / "hide-last-row.css")
    rows = table_lines(SEED)
    line, cells = rows[-1]
    number = len(rows) - 1  # body rows are counted from 1, after the header
    assert code == 1
    for column, text in enumerate(cells, 1):
        assert matching(err, f"{SEED}:{line}: error: PDF: table cell (row {number}, column {column}) missing in "
                             "the text layer", text[:40]), err
        assert matching(err, f"{SEED}:{line}: error: EPUB on a 6-inch screen: table cell (row {number}, "
                             f"column {column}) missing", text[:40]), err


def test_table_wider_than_the_page_is_named_with_its_line(tmp_path, capsys):
    code, err = build(capsys, SEED, "-o", tmp_path, "--css", FAULTS / "wide-table.css")
    line, header = table_lines(SEED)[0]
    assert code == 1
    [pdf] = matching(err, f"{SEED}:{line}: error: PDF: table '{header[0][:20]}", "past the right edge")
    assert int(re.search(r"runs (\d+) mm", pdf)[1]) > 200  # 400 mm asked, 162 mm available on A4
    assert matching(err, f"{SEED}:{line}: error: EPUB on a 6-inch screen: table '{header[0][:20]}", "past the right")


def test_template_dropping_an_faq_answer_is_caught(tmp_path, capsys):
    shared = (ROOT / "templates" / "parts" / "blocks.j2").read_text(encoding="utf-8")
    answer = "{{ blocks(entry.answer) }}"
    assert shared.count(answer) == 1, "the FAQ macro changed; update this fault to drop the answer again"
    override = tmp_path / "templates" / "parts"
    override.mkdir(parents=True)
    (override / "blocks.j2").write_text(shared.replace(answer, ""), encoding="utf-8")
    code, err = build(capsys, SEED, "-o", tmp_path / "out", "--templates", tmp_path / "templates")
    faq = line_of(SEED, "## Frequently Asked Questions")
    question_line, question = first_heading(SEED, "###", after=faq)
    answer_line = next(number for number in range(question_line + 1, question_line + 5)
                       if Path(SEED).read_text(encoding="utf-8").split("\n")[number - 1].strip())
    assert code == 1
    assert matching(err, f"{SEED}:{answer_line}: error: PDF: FAQ answer to '{question}' missing in the text layer")
    assert matching(err, f"{SEED}:{answer_line}: error: EPUB: FAQ answer to '{question}' missing in the content")


def test_ragged_row_in_the_seed_names_its_line_and_both_counts(tmp_path, capsys):
    line, cells = table_lines(SEED)[-1]
    lines = Path(SEED).read_text(encoding="utf-8").split("\n")
    lines[line - 1] += " an extra cell |"
    article = write_article(tmp_path, "ragged.md", "\n".join(lines))
    code, err = build(capsys, article, "-o", tmp_path / "out")
    assert code == 1
    assert f"{article}:{line}: error: table row has {len(cells) + 1} cells but the header has {len(cells)}; " \
           "the extra cells would be dropped (escape a literal pipe as \\|)" in err
    assert not (tmp_path / "out" / "ragged.pdf").exists()


def seed_with_paragraph(folder: Path, name: str, paragraph: str) -> tuple[Path, int]:
    """The seed with one paragraph added before its first section; return the file and the line."""
    lines = Path(SEED).read_text(encoding="utf-8").split("\n")
    at = line_of(SEED, "## ") - 1
    lines[at:at] = [paragraph, ""]
    return write_article(folder, name, "\n".join(lines)), at + 1


# A tracking URL as users paste them: far longer than any line, and valid content.
LONG_WORD = ("Vertrauensbildungsmaßnahmen" * 200)[:1600]


@pytest.mark.slow
def test_unbreakable_word_overflows_when_wrapping_is_off(tmp_path, capsys):
    article, line = seed_with_paragraph(tmp_path, "word.md", f"Before the word: {LONG_WORD} after it.")
    code, err = build(capsys, article, "-o", tmp_path / "out", "--css", FAULTS / "no-wrap.css")
    assert code == 1
    assert matching(err, f"{article}:{line}: error: PDF: text '", "past the right edge")
    assert matching(err, f"{article}:{line}: error: PDF: paragraph missing in the text layer: 'Before the word")
    assert matching(err, f"{article}:{line}: error: EPUB on a 6-inch screen: text '", "past the")


def test_character_no_font_covers_is_named(tmp_path, capsys):
    emoji = "\U0001F642"
    article, line = seed_with_paragraph(tmp_path, "emoji.md", f"Some feelings are easier to draw {emoji} than to name.")
    code, err = build(capsys, article, "-o", tmp_path / "out")
    assert code == 1
    assert matching(err, f"{article}:{line}: error: no embedded font has a glyph for '{emoji}' "
                         f"(U+{ord(emoji):04X} SLIGHTLY SMILING FACE)")


@pytest.mark.slow
def test_tall_table_passes_as_designed(tmp_path, capsys):
    """The control for the two faults below: same article, default styles, no problem."""
    code, err = build(capsys, TALL_TABLE, "-o", tmp_path)
    assert code == 0, err
    assert len(PdfReader(tmp_path / "thinking-traps.pdf").pages) >= 2


@pytest.mark.slow
def test_header_row_not_repeated_is_caught(tmp_path, capsys):
    code, err = build(capsys, TALL_TABLE, "-o", tmp_path, "--css", FAULTS / "header-not-repeated.css")
    line, header = table_lines(TALL_TABLE)[0]
    pages = len(PdfReader(tmp_path / "thinking-traps.failed.pdf").pages)
    continued = ", ".join(str(page) for page in range(2, pages + 1))
    assert code == 1 and pages >= 2
    assert matching(err, f"{TALL_TABLE}:{line}: error: PDF: table '{header[0]}",
                    f"continues on page{'s' if pages > 2 else ''} {continued} without its header row"), err


@pytest.mark.slow
def test_row_split_across_pages_is_caught(tmp_path, capsys):
    code, err = build(capsys, TALL_TABLE, "-o", tmp_path, "--css", FAULTS / "split-row.css")
    rows = {line: cells for line, cells in table_lines(TALL_TABLE)[1:]}
    split = [re.match(rf"{re.escape(str(TALL_TABLE))}:(\d+): error: PDF: table row '(.*?) \| .*' is split "
                      r"across pages (\d+)-(\d+)$", line) for line in err]
    split = [found for found in split if found]
    assert code == 1 and split, err
    for found in split:
        assert found[2] == rows[int(found[1])][0]  # the named row is the one on the reported line
        assert int(found[4]) == int(found[3]) + 1


def test_heading_stranded_at_a_page_foot_is_caught(tmp_path, capsys):
    code, err = build(capsys, SEED, "-o", tmp_path, "--css", FAULTS / "stranded-heading.css")
    line, title = first_heading(SEED, "##")
    assert code == 1
    assert matching(err, f"{SEED}:{line}: error: PDF: heading '{title}' is the last line on page")


def test_faq_question_stranded_at_a_page_foot_is_caught(tmp_path, capsys):
    code, err = build(capsys, SEED, "-o", tmp_path, "--css", FAULTS / "stranded-question.css")
    line, question = first_heading(SEED, "###", after=line_of(SEED, "## Frequently Asked Questions"))
    assert code == 1
    assert matching(err, f"{SEED}:{line}: error: PDF: FAQ question '{question}' is the last line on page",
                    "its answer starts on page")


def test_blank_page_is_caught_and_really_blank(tmp_path, capsys):
    code, err = build(capsys, SEED, "-o", tmp_path, "--css", FAULTS / "blank-page.css")
    line, _ = first_heading(SEED, "##")
    found = [re.match(rf"{re.escape(SEED)}:{line}: error: PDF: page (\d+) is blank; the text of line {line} "
                      r"follows it$", text) for text in err]
    [page] = [int(match[1]) for match in found if match]
    assert code == 1
    # An independent parser agrees: the page holds only what every page holds (running footers).
    pages = [set(re.sub(r"\d+", "#", page.extract_text()).split("\n"))
             for page in PdfReader(tmp_path / "trust-issues.failed.pdf").pages]
    assert pages[page - 1] <= set.intersection(*pages)
    assert any(len(other) > len(pages[page - 1]) for other in pages)


def test_table_too_wide_for_a_small_screen_fails_the_epub_only(tmp_path, capsys):
    code, err = build(capsys, SEED, "-o", tmp_path, "--css", FAULTS / "epub-wide-table.css")
    line, header = table_lines(SEED)[0]
    assert code == 1
    assert matching(err, f"{SEED}:{line}: error: EPUB on a 6-inch screen: table '{header[0][:20]}",
                    "past the right edge")
    assert not [text for text in err if ": error: PDF" in text]


def test_rows_cut_off_by_a_clipping_box_are_caught(tmp_path, capsys):
    code, err = build(capsys, SEED, "-o", tmp_path, "--css", FAULTS / "clipped-table.css")
    last_line, _ = table_lines(SEED)[-1]
    assert code == 1
    assert matching(err, f"{SEED}:{last_line}: error: PDF: text ", "is cut off on page", "hides its overflow")


def test_text_printed_white_on_white_is_caught(tmp_path, capsys):
    code, err = build(capsys, SEED, "-o", tmp_path, "--css", FAULTS / "invisible-row.css")
    line, cells = table_lines(SEED)[-1]
    assert code == 1
    assert matching(err, f"{SEED}:{line}: error: PDF: text '{cells[0][:15]}", "is invisible on page")
    assert matching(err, f"{SEED}:{line}: error: EPUB on a 6-inch screen: text '", "is invisible")


def test_text_printed_too_small_to_read_is_caught(tmp_path, capsys):
    code, err = build(capsys, SEED, "-o", tmp_path, "--css", FAULTS / "tiny-row.css")
    line, cells = table_lines(SEED)[-1]
    assert code == 1
    assert matching(err, f"{SEED}:{line}: error: PDF: text '{cells[0][:15]}", "is too small to read on page",
                    ": 1.0 pt")


@pytest.mark.slow  # WeasyPrint's flex layout is slow
def test_faq_drawn_in_reverse_order_is_caught(tmp_path, capsys):
    code, err = build(capsys, SEED, "-o", tmp_path, "--css", FAULTS / "reversed-faq.css")
    faq = line_of(SEED, "## Frequently Asked Questions")
    first_line, _ = first_heading(SEED, "###", after=faq)
    last_line, last = first_heading(SEED, "###", after=first_line)
    assert code == 1
    assert matching(err, f"{SEED}:{last_line}: error: PDF: FAQ question out of order in the text layer: '{last}'")


def test_heading_hidden_in_the_body_is_not_found_in_the_contents_list(tmp_path, capsys):
    """Without an intro the contents list is the only text before the first heading. (A fourth
    part makes the seed long enough to print one: render/html.py CONTENTS_FROM.)"""
    lines = Path(SEED).read_text(encoding="utf-8").split("\n")
    body = lines.index("---", 1) + 1
    first = line_of(SEED, "## ")
    extra = ["", "## A closing word", "", "Come back to this handout when you need it.", ""]
    article = write_article(tmp_path, "no-intro.md", "\n".join(lines[:body] + [""] + lines[first - 1:] + extra))
    code, err = build(capsys, article, "-o", tmp_path / "out", "--css", FAULTS / "hidden-headings.css")
    line, title = first_heading(article, "##")
    assert code == 1
    assert f"{article}:{line}: error: PDF: heading missing in the text layer: '{title}'" in err


def nav_override(folder: Path, old: str, new: str) -> Path:
    """A --templates folder whose EPUB navigation template has `old` replaced by `new`."""
    shared = (ROOT / "templates" / "epub" / "nav.xhtml.j2").read_text(encoding="utf-8")
    assert shared.count(old) == 1, "the navigation template changed; update this fault"
    (folder / "templates" / "epub").mkdir(parents=True)
    (folder / "templates" / "epub" / "nav.xhtml.j2").write_text(shared.replace(old, new), encoding="utf-8")
    return folder / "templates"


def test_section_left_out_of_the_epub_navigation_is_named(tmp_path, capsys):
    templates = nav_override(tmp_path, "{{ entries_list(toc) }}", "{{ entries_list(toc[:-1]) }}")
    code, err = build(capsys, SEED, "-o", tmp_path / "out", "--templates", templates)
    lines = Path(SEED).read_text(encoding="utf-8").split("\n")
    line = max(number for number, text in enumerate(lines, 1) if text.startswith("## "))
    title = lines[line - 1][3:].strip()
    assert code == 1
    assert f"{SEED}:{line}: error: EPUB: section '{title}' is not in the navigation" in err


def test_navigation_link_to_no_id_is_named(tmp_path, capsys):
    templates = nav_override(tmp_path, '<a href="{{ entry.href }}">', '<a href="{{ entry.href }}-gone">')
    code, err = build(capsys, SEED, "-o", tmp_path / "out", "--templates", templates)
    line, title = first_heading(SEED, "##")
    anchor = re.sub(r"[^\w]+", "-", title.casefold()).strip("-")
    assert code == 1
    assert matching(err, f"{SEED}: error: EPUB: the navigation links to '", f"#{anchor}-gone', which is not an id")


@pytest.mark.parametrize("transform, pdf_says, epub_says", [
    ("scale(0.2)", "is too small to read", "is too small to read"),  # drawn at 2 pt from a 10.5 pt font
    ("translateX(250mm)", "past the right edge", "past the right edge"),  # moved, its layout position unchanged
])
def test_transformed_text_is_seen_where_it_is_drawn(tmp_path, capsys, transform, pdf_says, epub_says):
    """Found by the mutation campaign: the checks read positions and sizes before CSS transforms."""
    article, line = seed_with_paragraph(tmp_path, "moved.md", "This paragraph is drawn elsewhere.")
    fault = tmp_path / "transform.css"
    fault.write_text(f'[data-line="{line}"] {{ transform: {transform}; }}\n', encoding="utf-8")
    code, err = build(capsys, article, "-o", tmp_path / "out", "--css", fault)
    assert code == 1
    assert matching(err, f"{article}:{line}: error: PDF: text 'This paragraph", pdf_says)
    assert matching(err, f"{article}:{line}: error: EPUB on a 6-inch screen: text 'This paragraph", epub_says)
