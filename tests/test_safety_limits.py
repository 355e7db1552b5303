"""Limits: big tables build in time; pathological inputs finish or fail clearly within seconds."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

TIMEOUT = 60  # wall seconds, generous for a loaded machine; CPU time is what is asserted


# Linux hands a child, at exec, the peak memory of the process it was forked from: a build
# started from a test worker that has grown to 600 MB "peaks" at 600 MB whatever it does. So the
# build is started by a small launcher process, which waits for it and reports its own figures.
LAUNCHER = """
import json, os, subprocess, sys, time
timeout = float(sys.argv[1])
started = time.perf_counter()
with open(sys.argv[2], "w") as err_file:
    process = subprocess.Popen(sys.argv[3:], stdout=subprocess.DEVNULL, stderr=err_file)
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            code = os.waitstatus_to_exitcode(status)
            break
        if time.perf_counter() - started > timeout:
            process.kill()
            pid, status, usage = os.wait4(process.pid, 0)
            code = None
            break
        time.sleep(0.05)
print(json.dumps([code, usage.ru_utime + usage.ru_stime, usage.ru_maxrss // 1024]))
"""


def run_build(article: Path, out: Path, timeout: float = TIMEOUT) -> tuple[int, str, float, int]:
    """Build in a child process; return (exit status, stderr, CPU seconds, peak memory in MB)."""
    err_path = article.with_suffix(".stderr")
    report = subprocess.run([sys.executable, "-c", LAUNCHER, str(timeout), str(err_path), sys.executable,
                             str(ROOT / "build.py"), str(article), "-o", str(out), "-j", "1"],
                            capture_output=True, text=True, check=True)
    code, cpu, peak = json.loads(report.stdout)
    if code is None:
        pytest.fail(f"{article.name}: still running after {timeout} s")
    # CPU seconds, not wall time: other jobs share the machine and must not make this flaky.
    return code, err_path.read_text(), cpu, peak


def front(extra: str = "") -> str:
    return f"---\ntitle: Limits\n{extra}---\n\n"


def alias_bomb() -> str:
    levels = "".join(f"l{i}: &l{i} [*l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}, "
                     f"*l{i - 1}, *l{i - 1}, *l{i - 1}]\n" for i in range(1, 12))
    return front("l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + levels) + "Text.\n"


PATHOLOGICAL = {
    "alias-bomb": (alias_bomb, 4, "YAML aliases (*name) are not allowed"),
    "one-megabyte-line": (lambda: front() + "word " * 210_000 + "\n", 5, "characters long; the limit is 20,000"),
    "ten-thousand-headings": (lambda: front() + "".join(f"## H{i}\n\nText {i}.\n\n" for i in range(10_000)),
                              1205, "10,000 headings; the limit is 300 and this is heading 301"),
    "ten-thousand-quotes": (lambda: front() + "> " * 9_000 + "deep\n", 5, "nested more than 15 levels deep"),
    "ten-thousand-lists": (lambda: front() + "- " * 5_000 + "deep\n", 5, "nested more than 15 levels deep"),
    "indented-lists": (lambda: front() + "".join(" " * (2 * i) + f"- item{i}\n" for i in range(400)), 20,
                       "nested more than 15 levels deep"),
    "ten-thousand-paragraphs": (lambda: front() + "Word.\n\n" * 10_000, 8_005,
                                "10,000 paragraphs, rows, items and headings; the limit is 4,000"),
    "thousand-columns": (lambda: front() + "|" + " h |" * 1000 + "\n|" + " - |" * 1000 + "\n|" + " c |" * 1000 + "\n",
                         5, "table has more than 20 columns"),
    "three-megabytes": (lambda: front() + ("Short line of text.\n\n" * 150_000), None,
                        "bytes; the limit is 2,000,000"),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_input_fails_clearly_within_seconds(name, tmp_path):
    make, line, message = PATHOLOGICAL[name]
    article = tmp_path / f"{name}.md"
    article.write_text(make(), encoding="utf-8")
    status, err, seconds, peak = run_build(article, tmp_path / "out")
    where = f"{article}:{line}: error: " if line else f"{article}: error: "
    assert status == 1 and where in err and message in err, err[:2000]
    assert "Traceback" not in err
    assert seconds < 5, f"{name} took {seconds:.1f} s of CPU"
    assert peak < 600, f"{name} peaked at {peak} MB"
    assert not (tmp_path / "out" / f"{name}.pdf").exists()


@pytest.mark.slow
def test_a_two_thousand_row_table_builds_and_passes_its_checks_well_under_a_minute(tmp_path):
    rows = "".join(f"| row {i} | value {i * 7} | note-{i}-end |\n" for i in range(2000))
    article = tmp_path / "big.md"
    article.write_text(front() + "## Big\n\n| Row | Value | Note |\n| --- | --- | --- |\n" + rows, encoding="utf-8")
    status, err, seconds, peak = run_build(article, tmp_path / "out", timeout=120)
    assert status == 0, err[-3000:]
    assert (tmp_path / "out" / "big.pdf").exists() and (tmp_path / "out" / "big.epub").exists()
    assert "error" not in err and "warning" not in err, err[-3000:]  # every check passed, quietly
    assert seconds < 45, f"2,000 rows took {seconds:.1f} s of CPU"
    assert peak < 1500, f"2,000 rows peaked at {peak} MB"
    print(f"2,000-row table: {seconds:.1f} s of CPU, peak {peak} MB")


@pytest.mark.slow
def test_a_five_thousand_character_word_in_a_table_cell_builds_in_seconds(tmp_path):
    """Without break opportunities the engine's work grows with the square of a word's length
    (minutes at 5,000 characters in a cell); the templates keep it linear."""
    article = tmp_path / "word.md"
    article.write_text(front() + "| a |\n| - |\n| " + "x" * 5_000 + " |\n", encoding="utf-8")
    status, err, seconds, peak = run_build(article, tmp_path / "out")
    assert status == 0 and "warning" not in err, err[-3000:]
    assert seconds < 20, f"a 5,000-character word took {seconds:.1f} s of CPU"
