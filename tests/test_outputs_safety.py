"""Outputs survive: atomic writes, failed builds keep what was there, killed builds leave no debris."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, SEED_ARTICLE, write_article
from pypdf import PdfReader

from handout.cli import main
from handout.write import output_files
from handout.write.output_files import sweep_temporaries, write_atomic

GOOD = "---\ntitle: Kept\n---\n\n## Part\n\n| A | B |\n| --- | --- |\n| one | two |\n"


def visible(folder: Path) -> set[str]:
    return {path.name for path in folder.iterdir() if not path.name.startswith(".")}


def snapshot(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in visible(folder)}


def test_write_atomic_replaces_whole_and_leaves_no_temporary(tmp_path):
    target = tmp_path / "out" / "a.pdf"
    write_atomic(target, b"old")
    write_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert os.listdir(target.parent) == ["a.pdf"]


def test_write_atomic_failure_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "a.pdf"
    target.write_bytes(b"old")

    def broken_replace(source, destination):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(output_files.os, "replace", broken_replace)
    with pytest.raises(OSError):
        write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert os.listdir(tmp_path) == ["a.pdf"]


def test_sweep_removes_dead_builds_temporaries_only(tmp_path):
    dead = tmp_path / ".handout-a.pdf.999999999-ab12.tmp"  # no such process
    old_style = tmp_path / ".handout-a.epub.ab12.tmp"
    live = tmp_path / f".handout-a.pdf.{os.getppid()}-cd34.tmp"  # our parent still runs
    others = [tmp_path / ".keep", tmp_path / "a.pdf", tmp_path / ".handout-state.json"]
    for path in (dead, old_style, live, *others):
        path.write_bytes(b"x")
    assert sorted(sweep_temporaries(tmp_path)) == sorted([dead, old_style])
    assert live.exists() and all(path.exists() for path in others)


@pytest.mark.slow
def test_a_failed_build_leaves_earlier_outputs_byte_identical(tmp_path):
    out = tmp_path / "out"
    article = write_article(tmp_path, "a.md", GOOD)
    assert main([str(article), "-o", str(out)]) == 0
    before = snapshot(out)
    assert set(before) == {"a.pdf", "a.epub"}
    # A content error stops before anything is written.
    write_article(tmp_path, "a.md", GOOD.replace("title: Kept", "title: Kept\ntitle: Twice"))
    assert main([str(article), "-o", str(out)]) == 1
    assert snapshot(out) == before
    # So does a refused resource: it is found before anything is rendered.
    write_article(tmp_path, "a.md", GOOD + "\n![gone](/etc/hostname)\n")
    assert main([str(article), "-o", str(out), "--force"]) == 1
    assert snapshot(out) == before
    # A failed check is found after rendering: failed outputs go beside, never over.
    write_article(tmp_path, "a.md", GOOD)
    hidden = tmp_path / "hide.css"
    hidden.write_text("tbody { display: none; }\n", encoding="utf-8")
    assert main([str(article), "-o", str(out), "--force", "--css", str(hidden)]) == 1
    after = snapshot(out)
    assert {name: after[name] for name in before} == before
    assert set(after) == {"a.pdf", "a.epub", "a.failed.pdf", "a.failed.epub"}


@pytest.mark.slow
def test_temporaries_left_by_a_killed_build_are_swept_by_the_next(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    leftovers = [out / ".handout-a.pdf.999999999-0000.tmp", out / ".handout-a.epub.999999999-0001.tmp"]
    for path in leftovers:
        path.write_bytes(b"%PDF-half")
    article = write_article(tmp_path, "a.md", GOOD)
    assert main([str(article), "-o", str(out)]) == 0
    assert not any(path.exists() for path in leftovers)
    assert not [path for path in out.iterdir() if path.name.endswith(".tmp")]


def complete_pdf(data: bytes) -> bool:
    from io import BytesIO
    try:
        whole = data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
        return whole and len(PdfReader(BytesIO(data)).pages) > 0
    except Exception:
        return False


def complete_epub(path: Path) -> bool:
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.testzip() is None and archive.read("mimetype") == b"application/epub+zip"
    except (zipfile.BadZipFile, KeyError):
        return False


def wait_for_moment(process: subprocess.Popen, out: Path, delay: float | None) -> None:
    """Sleep `delay` seconds, or (None) until the build has a temporary output open (at most 30 s)."""
    if delay is not None:
        time.sleep(delay)
        return
    before = set(os.listdir(out))  # a killed build's leftovers are not this build's writing
    deadline = time.monotonic() + 30
    while process.poll() is None and time.monotonic() < deadline:
        if any(name.endswith(".tmp") for name in set(os.listdir(out)) - before):
            return
        time.sleep(0.001)


@pytest.mark.slow
def test_a_build_killed_at_any_moment_leaves_old_or_complete_outputs(tmp_path):
    out = tmp_path / "out"
    content = tmp_path / "content"
    content.mkdir()
    article = content / "trust-issues.md"
    seed = SEED_ARTICLE.read_text(encoding="utf-8")
    article.write_text(seed.replace('title: "', 'title: "Old ', 1), encoding="utf-8")
    assert main([str(article), "-o", str(out), "-j", "1"]) == 0
    old = snapshot(out)
    article.write_text(seed, encoding="utf-8")
    command = [sys.executable, str(ROOT / "build.py"), str(article), "-o", str(out), "--force", "-j", "1"]
    started = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    duration = time.perf_counter() - started
    article.write_text(seed.replace('title: "', 'title: "Newer ', 1), encoding="utf-8")
    old = snapshot(out)
    killed = 0
    # Moments spread through a build as long as the one just timed, then "the instant a
    # temporary output exists" (None).
    for delay in [duration * share for share in (0.1, 0.25, 0.4, 0.55, 0.7, 0.85)] + [None, None]:
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                   start_new_session=True)
        wait_for_moment(process, out, delay)
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)  # the build and any helper it started
            killed += 1
        process.wait(timeout=30)
        assert visible(out) == {"trust-issues.pdf", "trust-issues.epub"}
        pdf, epub = out / "trust-issues.pdf", out / "trust-issues.epub"
        for path, complete in ((pdf, complete_pdf(pdf.read_bytes())), (epub, complete_epub(epub))):
            is_old = path.read_bytes() == old[path.name]
            assert is_old or complete, f"{path.name} after a kill at {delay}s is neither old nor complete"
    assert killed >= 4, "the builds finished before they could be killed; nothing was tested"
    assert main([str(article), "-o", str(out), "--force", "-j", "1"]) == 0  # the next build sweeps up
    assert [path.name for path in out.iterdir() if path.name.endswith(".tmp")] == []
    assert complete_pdf((out / "trust-issues.pdf").read_bytes()) and complete_epub(out / "trust-issues.epub")
