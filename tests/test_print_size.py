"""Large print is large everywhere: every letter of a large-print PDF at 16 pt or more, the
running footer, a book's contents and its title page included (a raised footnote number aside),
and the build fails, naming the text, when something is set smaller."""

from __future__ import annotations

import shutil

import pytest
from conftest import ROOT, SEED_ARTICLE, settings_of, write_article

from handout.check.boxes import placed_boxes
from handout.check.measure_print import PT_PER_PX
from handout.check.print_size import printed_text, raised_call, small_text_findings
from handout.cli import main
from handout.read.article import read_article
from handout.sandbox import Sandbox
from handout.write.fit import lay_out_article

GOOD = ROOT / "tests" / "fixtures" / "good"


def sizes_drawn(document) -> list[tuple[float, str, bool]]:
    """(points, text, is a raised footnote call) of every piece of text on every page, margins included."""
    return [(box.style["font_size"] * PT_PER_PX, box.text, raised_call(box))
            for _, _, box in printed_text(document, placed_boxes(document)) if box.text.strip()]


@pytest.mark.parametrize("source", [SEED_ARTICLE, GOOD / "safety-plan.md", GOOD / "thought-record.md"])
@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_every_letter_of_large_print_is_16_pt_or_more(source, paper):
    article, _ = read_article(source)
    settings = settings_of(source, article.meta, variant="large-print", page_size=paper)
    document, _ = lay_out_article(article, settings, Sandbox.for_article(source.parent))
    sizes = sizes_drawn(document)
    footer = [text for points, text, _ in sizes if text.startswith("Page ")]
    assert footer, "the running footer is among the text measured"
    assert [(points, text) for points, text, call in sizes if points < 16 - 0.005 and not call] == []
    assert small_text_findings(document, placed_boxes(document), "large-print") == []


def large_print_book(folder):
    for name in ("safety-plan.md", "thought-record.md"):
        shutil.copy(GOOD / name, folder / name)
    shutil.copytree(GOOD / "images", folder / "images")
    (folder / "book.yaml").write_text("title: Two handouts\nsubtitle: For the group's second week\n"
                                      "language: en\narticles:\n  - safety-plan.md\n  - thought-record.md\n",
                                      encoding="utf-8")
    return folder / "book.yaml"


def test_a_large_print_book_s_title_page_and_contents_are_large_too(tmp_path, capsys):
    book = large_print_book(tmp_path)
    assert main([str(book), "-o", str(tmp_path / "out"), "--variant", "large-print", "-j", "1"]) == 0
    capsys.readouterr()
    css = write_article(tmp_path, "small.css", "html body .book-titlepage .subtitle { font-size: 14pt; } "
                                               "html body .book-contents li { font-size: 12pt; }")
    assert main([str(book), "-o", str(tmp_path / "out"), "--variant", "large-print", "--css", str(css), "-j", "1"]) == 1
    err = capsys.readouterr().err
    assert "'For the group's second week' is set at 14 pt on page 1" in err
    assert "is set at 12 pt on page 2: large-print sets every letter at 16 pt or more" in err


@pytest.mark.parametrize("css, shown", [
    ("@page { @bottom-left { font-size: 12pt; } }", "is set at 12 pt on pages 1, 2"),
    ("@page { @bottom-right { font-size: 11pt; } }", "'Page 1 of "),
    (".footnote { font-size: 13pt; }", "is set at 13 pt"),
])
def test_a_small_footer_or_note_fails_a_large_print_build(tmp_path, capsys, css, shown):
    source = shutil.copy(GOOD / "safety-plan.md", tmp_path / "safety-plan.md")
    shutil.copytree(GOOD / "images", tmp_path / "images")
    injected = write_article(tmp_path, "inject.css", css)
    code = main([str(source), "-o", str(tmp_path / "out"), "--variant", "large-print", "--css", str(injected), "-j", "1"])
    err = capsys.readouterr().err
    assert code == 1 and shown in err
    assert "large-print sets every letter at 16 pt or more" in err
    # The standard design promises no size for its footer: the same stylesheet builds there.
    assert main([str(source), "-o", str(tmp_path / "std"), "--css", str(injected), "-j", "1"]) == 0
