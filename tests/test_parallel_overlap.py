"""The forked helper that lays the EPUB out while the PDF is laid out: same results, no zombies."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from handout.overlap import Background
from handout.pipeline import build
from handout.settings import BuildOptions


def test_result_comes_from_the_child():
    with Background(lambda: os.getpid()) as helper:
        assert helper.result() != os.getpid()


def test_an_exception_in_the_child_is_raised_here():
    def fails():
        raise ValueError("from the helper")
    with Background(fails) as helper:
        with pytest.raises(ValueError, match="from the helper"):
            helper.result()


def test_a_helper_that_dies_is_replaced_by_doing_the_work_here():
    parent = os.getpid()
    def dies_in_the_child():
        if os.getpid() != parent:
            os._exit(3)
        return "done here"
    with Background(dies_in_the_child) as helper:
        assert helper.result() == "done here"


def test_an_unwanted_helper_is_stopped_and_reaped():
    with pytest.raises(RuntimeError):
        with Background(lambda: __import__("time").sleep(30)) as helper:
            pid = helper.pid
            raise RuntimeError("the parent's own stage failed")
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)  # already reaped: no zombie left


def test_a_helper_that_answered_is_reaped_without_waiting_here():
    with Background(lambda: "answer") as helper:
        pid = helper.pid
        assert helper.result() == "answer"
    deadline = time.monotonic() + 10
    while Path(f"/proc/{pid}").exists():  # a zombie keeps its /proc entry until it is reaped
        assert time.monotonic() < deadline, "the helper was never reaped"
        time.sleep(0.01)


@pytest.mark.slow
def test_overlap_gives_the_same_report_and_files(tmp_path):
    article = tmp_path / "wide.md"
    article.write_text("---\ntitle: Wide\n---\n\nIntro.\n\n## Table\n\n| A | B |\n| --- | --- |\n| one | two |\n",
                       encoding="utf-8")
    wide = tmp_path / "wide.css"
    wide.write_text("table { width: 120mm; }\n", encoding="utf-8")  # fits A4, not a 6-inch screen
    reports = {}
    for overlap in (False, True):
        out = tmp_path / f"out-{overlap}"
        report = build(article, BuildOptions(output_dir=out, overlap=overlap, css=(wide,)))
        files = {path.name: path.read_bytes() for path in out.iterdir() if path.is_file()}
        reports[overlap] = ([problem.format() for problem in report.problems], report.counts, files)
    assert reports[False] == reports[True]
    assert any("EPUB on a 6-inch screen" in line for line in reports[True][0])  # the helper's findings arrived
