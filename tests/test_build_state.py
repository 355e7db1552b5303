"""The build state's shared inputs hashed on the second core while the PDF engine loads
(handout/cli.py build_state, issue 27): only when the run surely builds, and with the very
state, run key and file records an unforked run computes."""

from __future__ import annotations

import json
import os
import signal
import textwrap

import pytest

from handout import overlap
from handout.cli import main
from handout.incremental import STATE_NAME

ARTICLE = textwrap.dedent("""\
    ---
    title: Alpha
    quick_answer: A short answer.
    ---

    Some intro text.
    """)


@pytest.fixture
def forks(monkeypatch) -> list[bool]:
    """Whether each build_state asked for a forked helper."""
    asked: list[bool] = []
    real = overlap.Background

    def recording(work, fork=True):
        if work.__qualname__.startswith("build_state."):  # not the EPUB stage's helper
            asked.append(fork)
        return real(work, fork)
    monkeypatch.setattr(overlap, "Background", recording)
    return asked


def state_of(folder) -> dict:
    state = json.loads((folder / STATE_NAME).read_text(encoding="utf-8"))
    return {"key": {entry["key"] for entry in state["articles"].values()}, "files": state["files"]}


def test_hashed_in_a_helper_only_when_the_run_surely_builds(tmp_path, forks, capsys):
    article = tmp_path / "alpha.md"
    article.write_text(ARTICLE, encoding="utf-8")
    out = str(tmp_path / "out")
    assert main([str(article), "-o", out]) == 0  # no state yet: builds
    assert forks == [True]
    assert main([str(article), "-o", out]) == 0  # a state: may be a no-op, so hashed here first, no helper
    assert forks == [True]
    assert main([str(article), "-o", out, "--force"]) == 0
    assert main([str(article), "-o", out, "--force", "-j", "1"]) == 0  # -j 1: one process
    assert forks == [True, True, False]
    assert "unchanged" in capsys.readouterr().out


def test_the_helper_s_state_is_the_unforked_one(tmp_path, capsys):
    article = tmp_path / "alpha.md"
    article.write_text(ARTICLE, encoding="utf-8")
    assert main([str(article), "-o", str(tmp_path / "forked"), "--force"]) == 0
    assert main([str(article), "-o", str(tmp_path / "here"), "--force", "-j", "1"]) == 0
    forked, here = state_of(tmp_path / "forked"), state_of(tmp_path / "here")
    assert len(forked["files"]) > 50 and forked == here  # the fonts, templates, styles and our code
    assert main([str(article), "-o", str(tmp_path / "forked")]) == 0
    assert "unchanged" in capsys.readouterr().out


def test_a_helper_that_dies_leaves_the_work_to_this_process(tmp_path, monkeypatch, capsys):
    """The helper is killed before it answers: the state is hashed here instead, the build goes on."""
    real_child = overlap.run_child
    monkeypatch.setattr(overlap, "run_child", lambda work, write: os.kill(os.getpid(), signal.SIGKILL))
    article = tmp_path / "alpha.md"
    article.write_text(ARTICLE, encoding="utf-8")
    assert main([str(article), "-o", str(tmp_path / "out"), "--force"]) == 0
    monkeypatch.setattr(overlap, "run_child", real_child)
    assert main([str(article), "-o", str(tmp_path / "here"), "--force", "-j", "1"]) == 0
    assert state_of(tmp_path / "out") == state_of(tmp_path / "here")
