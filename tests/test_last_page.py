"""A last page with a few lines on it is reported with what would save the sheet, and the advice
holds: the suggested `fit` does print one page fewer."""

from __future__ import annotations

from conftest import SEED_ARTICLE, settings_of, write_article

from handout.check.boxes import walk_boxes
from handout.check.last_page import last_page_note, used_height
from handout.cli import main
from handout.read.article import read_article
from handout.sandbox import Sandbox
from handout.write.fit import lay_out_article

PARAGRAPH = "Worry keeps the body on alert long after the moment has passed, and sleep waits for it to settle. " * 3


def laid_out(path):
    article, _ = read_article(path)
    settings = settings_of(path, article.meta)
    return lay_out_article(article, settings, Sandbox.for_article(path.parent))[0], settings


def first_spill(folder):
    """The shortest article of repeated paragraphs that runs onto a second page, laid out."""
    for count in range(6, 40):
        path = write_article(folder, "spill.md", "---\ntitle: A short handout\n---\n\n" +
                             "\n\n".join([PARAGRAPH] * count) + "\n")
        document, settings = laid_out(path)
        if len(document.pages) == 2:
            return path, document, settings
    raise AssertionError("no article of up to 40 paragraphs ran onto a second page")


def test_a_few_lines_on_the_last_page_are_noted_and_the_suggested_fit_saves_the_page(tmp_path, capsys):
    path, document, settings = first_spill(tmp_path)
    notes = last_page_note(document, settings)
    assert [problem.code for problem in notes] == ["last-page"] and notes[0].severity == "note"
    used, lines, _ = used_height(document.pages[-1])
    assert f"holds only {lines} line" in notes[0].message and "'fit: 1'" in notes[0].message
    assert 1 <= lines <= 12
    assert main([str(path), "-o", str(tmp_path / "out"), "--fit", "1", "-j", "1"]) == 0
    out = capsys.readouterr()
    assert ", 1 page" in out.out and "last page" not in out.err


def test_a_full_last_page_and_a_single_page_have_no_note(tmp_path):
    document, settings = laid_out(SEED_ARTICLE)
    assert len(document.pages) == 2 and last_page_note(document, settings) == []
    short = write_article(tmp_path, "short.md", "---\ntitle: Short\n---\n\n" + PARAGRAPH + "\n")
    assert last_page_note(*laid_out(short)) == []


def test_the_note_is_printed_but_counts_as_no_warning(tmp_path, capsys):
    path, _, _ = first_spill(tmp_path)
    assert main([str(path), "-o", str(tmp_path / "out"), "-j", "1"]) == 0
    out = capsys.readouterr()
    assert f"{path}: note: the last page (2 of 2)" in out.err
    assert "warning" not in out.out


def test_ruled_lines_on_the_last_page_are_counted_as_what_it_holds(tmp_path):
    """Found by a user: a last page holding a prompt and its four ruled lines (about 38 mm) was
    reported as "1 line (2%) ... 5 mm": only lines of text were measured."""
    for count in range(4, 40):
        path = write_article(tmp_path, "prompt.md", "---\ntitle: A short handout\nreflection:\n"
                             "  - What did you notice this week?\n---\n\n" + "\n\n".join([PARAGRAPH] * count) + "\n")
        document, settings = laid_out(path)
        if len(document.pages) == 2 and "this week" in " ".join(
                box.text for box in walk_boxes(document.pages[1]._page_box) if hasattr(box, "text")) \
                and PARAGRAPH.split()[0] not in " ".join(box.text for box in walk_boxes(document.pages[1]._page_box)
                                                         if hasattr(box, "text") and box.element_tag == "p"):
            break
    else:
        raise AssertionError("no article put its reflection prompt alone on the second page")
    used, lines, rules = used_height(document.pages[-1])
    assert rules == 4 and lines >= 2  # "For reflection" and the prompt, then the ruled lines
    assert used * 25.4 / 96 > 40  # the heading, the prompt and four 8.5 mm lines reach well down the page
    notes = last_page_note(document, settings)
    assert notes and "and 4 ruled lines" in notes[0].message
    cut = int(notes[0].message.split("cut about ")[1].split(" mm")[0])
    assert cut > 40
    # A note is for a page under a quarter full, and says so: its share is rounded down.
    assert int(notes[0].message.split("% of a page")[0].rsplit("(", 1)[1]) < 25

