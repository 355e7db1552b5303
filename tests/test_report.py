"""Reporting: the one summary line, --json with the same content, and failed builds that keep
the previous good outputs and put theirs beside them."""

from __future__ import annotations

import json
import re
import shutil

from conftest import ROOT, SEED_ARTICLE
from pypdf import PdfReader

from handout.check.reading_grade import article_reading
from handout.cli import main
from handout.read.article import read_article

HIDE_LAST_ROW = ROOT / "tests" / "faults" / "hide-last-row.css"
DUPLICATE = ROOT / "tests" / "fixtures" / "bad" / "duplicate-question.md"
RAGGED = ROOT / "tests" / "fixtures" / "bad" / "ragged-row.md"
SUMMARY = re.compile(r"^(?P<path>\S+): ok: (?P<tables>\d+) tables?, (?P<rows>\d+) rows?, (?P<faq>\d+) FAQ "
                     r"items?, (?P<pages>\d+) pages?(?:, reading (?P<reading>grade [\d.]+|ease [\d.]+ \(\S+\)|"
                     r"not measured \(.+\)))?(?:, (?P<warnings>\d+) warnings?)? -> (?P<outputs>.+) "
                     r"\(\d+\.\ds\)$")


def test_success_line_counts_what_was_built(tmp_path, capsys):
    assert main([str(SEED_ARTICLE), "-o", str(tmp_path)]) == 0
    [line] = capsys.readouterr().out.splitlines()
    found = SUMMARY.match(line)
    model, _ = read_article(SEED_ARTICLE)
    tables = model.tables
    assert found, line
    assert found["path"] == str(SEED_ARTICLE)
    assert int(found["tables"]) == len(tables)
    assert int(found["rows"]) == sum(len(table.rows) for table in tables)
    assert int(found["faq"]) == len(model.faq.items)
    assert int(found["pages"]) == len(PdfReader(tmp_path / "trust-issues.pdf").pages)
    assert found["reading"] == f"grade {article_reading(model)['grade']}"
    assert found["outputs"].split(", ") == [str(tmp_path / "trust-issues.pdf"), str(tmp_path / "trust-issues.epub")]


def test_json_on_stdout_is_the_whole_stdout_and_matches_the_file(tmp_path, capsys):
    code = main([str(SEED_ARTICLE), "-o", str(tmp_path / "a"), "--json", str(tmp_path / "report.json")])
    from_file = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    human = capsys.readouterr().out
    assert main([str(SEED_ARTICLE), "-o", str(tmp_path / "b"), "--json", "-"]) == code == 0
    streamed = capsys.readouterr()
    from_stdout = json.loads(streamed.out)  # nothing but the JSON document on stdout
    assert human.startswith(f"{SEED_ARTICLE}: ok: ")
    assert "ok:" in streamed.err  # the human line moved to stderr, not lost
    for report in (from_file, from_stdout):
        [article] = report["articles"]
        assert report["ok"] is True and article["ok"] is True
        assert article["problems"] == [] and article["errors"] == article["warnings"] == 0
    assert from_file["articles"][0]["counts"] == from_stdout["articles"][0]["counts"]


def test_failed_build_keeps_good_outputs_and_writes_failed_ones_beside_them(seed_build, tmp_path, capsys):
    for name in ("trust-issues.pdf", "trust-issues.epub"):
        shutil.copy(seed_build / name, tmp_path / name)
    before = {name: (tmp_path / name).read_bytes() for name in ("trust-issues.pdf", "trust-issues.epub")}
    code = main([str(SEED_ARTICLE), "-o", str(tmp_path), "--css", str(HIDE_LAST_ROW), "--json", "-"])
    captured = capsys.readouterr()
    report = json.loads(captured.out)["articles"][0]
    failed = [tmp_path / "trust-issues.failed.pdf", tmp_path / "trust-issues.failed.epub"]
    assert code == 1 and report["ok"] is False
    assert {name: (tmp_path / name).read_bytes() for name in before} == before
    assert all(path.stat().st_size > 0 for path in failed)
    assert report["failed_outputs"] == [str(path) for path in failed] and report["outputs"] == []
    last = captured.err.splitlines()[-1]
    assert last.startswith(f"{SEED_ARTICLE}: FAILED: {report['errors']} errors")
    assert all(str(path) in last for path in failed) and "previous outputs kept" in last
    for problem in report["problems"]:  # each error line in the JSON, as printed
        assert problem["text"] in captured.err and problem["line"] and problem["severity"] == "error"


def test_good_build_after_a_failed_one_clears_the_failed_outputs(tmp_path, capsys):
    assert main([str(SEED_ARTICLE), "-o", str(tmp_path), "--css", str(HIDE_LAST_ROW)]) == 1
    assert (tmp_path / "trust-issues.failed.pdf").exists()
    assert main([str(SEED_ARTICLE), "-o", str(tmp_path)]) == 0
    assert sorted(path.name for path in tmp_path.glob("trust-issues*")) == ["trust-issues.epub", "trust-issues.pdf"]


def test_source_errors_write_nothing_and_say_so(tmp_path, capsys):
    assert main([str(RAGGED), "-o", str(tmp_path), "--json", str(tmp_path / "r.json")]) == 1
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["articles"][0]
    assert list(tmp_path.glob("ragged-row*")) == []
    assert report["failed_outputs"] == [] and report["errors"] == 2 and report["warnings"] == 0
    assert capsys.readouterr().err.splitlines()[-1] == \
        f"{RAGGED}: FAILED: 2 errors; nothing written; previous outputs kept"


def test_warnings_are_counted_on_the_success_line(tmp_path, capsys):
    assert main([str(DUPLICATE), "-o", str(tmp_path), "--json", str(tmp_path / "r.json")]) == 0
    report = json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["articles"][0]
    found = SUMMARY.match(capsys.readouterr().out.strip())
    assert report["ok"] and report["warnings"] == len(report["problems"]) == 1
    assert found and int(found["warnings"]) == 1


def test_json_status_says_built_unchanged_or_failed_and_no_check_is_not_ok(tmp_path, capsys):
    out = tmp_path / "out"
    assert main([str(SEED_ARTICLE), "-o", str(out), "--no-check", "--json", str(tmp_path / "1.json")]) == 0
    assert capsys.readouterr().out.startswith(f"{SEED_ARTICLE}: built (not checked): ")
    [first] = json.loads((tmp_path / "1.json").read_text(encoding="utf-8"))["articles"]
    assert (first["status"], first["checked"]) == ("built", False)
    assert main([str(SEED_ARTICLE), "-o", str(out), "--no-check", "--json", str(tmp_path / "2.json")]) == 0
    [again] = json.loads((tmp_path / "2.json").read_text(encoding="utf-8"))["articles"]
    assert (again["status"], again["checked"]) == ("unchanged", None)
    assert main([str(RAGGED), "-o", str(out), "--json", str(tmp_path / "3.json")]) == 1
    [failed] = json.loads((tmp_path / "3.json").read_text(encoding="utf-8"))["articles"]
    assert (failed["status"], failed["checked"]) == ("failed", True)
    capsys.readouterr()
    assert main([str(SEED_ARTICLE), "-o", str(out), "--json", str(tmp_path / "4.json")]) == 0  # checks on: rebuilt
    assert capsys.readouterr().out.startswith(f"{SEED_ARTICLE}: ok: ")
    [checked] = json.loads((tmp_path / "4.json").read_text(encoding="utf-8"))["articles"]
    assert (checked["status"], checked["checked"]) == ("built", True)
