"""-j N: a process pool gives the same reports, in the same order, and the same files as -j 1."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from handout import pipeline
from handout.cli import main
from handout.parallel import build_many, default_jobs
from handout.report import Report
from handout.settings import BuildOptions

ARTICLE = "---\ntitle: Article {name}\nquick_answer: Answer {name}.\n---\n\nText of {name}.\n\n## Part\n\n| A | B |\n| --- | --- |\n| {name} | x |\n"


def slow_fake_build(path: Path, options) -> Report:
    """Later articles finish first, so a pool that reported as results arrive would be caught."""
    time.sleep(0.05 * (5 - int(path.stem)))
    if path.stem == "3":
        raise RuntimeError("a bug of ours")
    return Report(str(path), slug=path.stem, outputs=[f"out/{path.stem}.pdf"])


def test_pool_reports_in_target_order_and_survives_a_crash(monkeypatch):
    monkeypatch.setattr(pipeline, "build", slow_fake_build)  # forked workers inherit the patch
    targets = [Path(f"{index}.md") for index in range(5)]
    shown = []
    reports = build_many(targets, BuildOptions(), 3, lambda report: shown.append(report.path))
    assert shown == [report.path for report in reports] == [str(path) for path in targets]
    assert [report.ok for report in reports] == [True, True, True, False, True]
    assert "internal error: RuntimeError('a bug of ours')" in reports[3].problems[0].message
    sequential = build_many(targets, BuildOptions(), 1, lambda report: None)
    assert [(r.path, r.outputs, r.ok) for r in sequential] == [(r.path, r.outputs, r.ok) for r in reports]


def test_default_jobs_is_the_usable_core_count():
    assert 1 <= default_jobs() <= 4096


def without_times(report_json: str, out: Path) -> dict:
    data = json.loads(report_json.replace(str(out), "OUT"))
    for article in data["articles"]:
        article["seconds"] = 0
    return data


@pytest.mark.slow
def test_jobs_give_the_same_reports_and_files_as_one_job(tmp_path, capsys):
    content = tmp_path / "content"
    content.mkdir()
    for name in ("gamma", "alpha", "beta"):
        (content / f"{name}.md").write_text(ARTICLE.format(name=name), encoding="utf-8")
    results = {}
    for jobs in ("1", "2"):
        out = tmp_path / f"out{jobs}"
        assert main([str(content), "-o", str(out), "-j", jobs, "--json", str(tmp_path / f"{jobs}.json")]) == 0
        lines = [line.split(":")[0] for line in capsys.readouterr().out.splitlines()]
        results[jobs] = (lines, without_times((tmp_path / f"{jobs}.json").read_text(encoding="utf-8"), out),
                         {path.name: path.read_bytes() for path in out.iterdir() if not path.name.startswith(".")})
    assert results["1"] == results["2"]
    assert results["1"][0] == [str(content / f"{name}.md") for name in ("alpha", "beta", "gamma")]
    assert len(results["1"][2]) == 6
