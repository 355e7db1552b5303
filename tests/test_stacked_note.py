"""When the layout gives up its side heads (write/fit.py STACKED: headings set above their text,
because parts moved to new pages still left a side head split or stranded), the report says so:
the same article or book may keep side heads on the other paper, and nothing changes silently."""

from __future__ import annotations

import shutil

import pytest
from conftest import SEED_ARTICLE

from handout.cli import main
from handout.write import fit


def never_settles(document):
    """A repair that is needed again after every layout: what the engine does to a side head it
    cannot keep whole, which makes the layout fall back to headings above their text."""
    return ["/* still broken */"]


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_headings_set_above_their_text_are_noted(tmp_path, capsys, monkeypatch, paper):
    source = shutil.copy(SEED_ARTICLE, tmp_path / "seed.md")
    assert main([str(source), "-o", str(tmp_path / "kept"), "--page-size", paper, "-j", "1"]) == 0
    assert "stacked" not in capsys.readouterr().err  # the seed keeps its side heads
    monkeypatch.setattr(fit, "repairs", never_settles)
    assert main([str(source), "-o", str(tmp_path / "out"), "--page-size", paper, "-j", "1"]) == 0
    err = capsys.readouterr().err
    assert f"{source}: note: headings are set above their text on {paper} paper" in err
    # Large print always sets headings above their text: there is nothing to tell.
    assert main([str(source), "-o", str(tmp_path / "lp"), "--variant", "large-print", "-j", "1"]) == 0
    assert "headings are set above" not in capsys.readouterr().err


def test_a_book_notes_it_once_for_all_its_chapters(tmp_path, capsys, monkeypatch):
    shutil.copy(SEED_ARTICLE, tmp_path / "one.md")
    shutil.copy(SEED_ARTICLE, tmp_path / "two.md")
    (tmp_path / "book.yaml").write_text("title: Two\nlanguage: en\narticles:\n  - one.md\n  - two.md\n",
                                        encoding="utf-8")
    monkeypatch.setattr(fit, "repairs", never_settles)
    main([str(tmp_path / "book.yaml"), "-o", str(tmp_path / "out"), "-j", "1", "--no-check"])
    assert capsys.readouterr().err.count("headings are set above their text on A4 paper") == 1
