"""--watch: which changes rebuild what, and a real watcher rebuilding on save and stopping on Ctrl-C."""

from __future__ import annotations

import json
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from conftest import ROOT
from watchfiles import Change

from handout.cli import parser
from handout.errors import Problem, error
from handout.incremental import FORMAT, STATE_NAME
from handout.report import Report
from handout.resources import STYLES
from handout.watch import Watcher, show_line

ARTICLE = "---\ntitle: Article {name}\nquick_answer: Answer {name}.\n---\n\nText of {name}.\n\n## Part\n\nMore text.\n"


@pytest.fixture
def site(tmp_path) -> Path:
    content = tmp_path / "content"
    content.mkdir()
    for name in ("a", "b"):
        (content / f"{name}.md").write_text(ARTICLE.format(name=name), encoding="utf-8")
    return tmp_path


def watcher_for(site: Path, *extra: str) -> Watcher:
    args = parser().parse_args([str(site / "content"), "-o", str(site / "out"), *extra])
    return Watcher(sorted((site / "content").glob("*.md")), args, options=None)


def test_an_article_change_rebuilds_that_article_only(site):
    watcher = watcher_for(site)
    assert watcher.affected({(Change.modified, str(site / "content" / "b.md"))}) == [site / "content" / "b.md"]


@pytest.mark.parametrize("shared", ["styles", "templates", "css", "settings"])
def test_a_shared_input_change_rebuilds_every_article(site, shared):
    (site / "tpl").mkdir()
    (site / "extra.css").write_text("p {}\n", encoding="utf-8")
    changed = {"styles": STYLES / "print.css", "templates": site / "tpl" / "print.html.j2",
               "css": site / "extra.css", "settings": site / "content" / "handout.yaml"}[shared]
    watcher = watcher_for(site, "--templates", str(site / "tpl"), "--css", str(site / "extra.css"))
    assert watcher.affected({(Change.modified, str(changed))}) == watcher.targets
    assert len(watcher.targets) == 2


def test_new_and_deleted_articles_are_followed(site, capsys):
    watcher = watcher_for(site)
    new = site / "content" / "c.md"
    new.write_text(ARTICLE.format(name="c"), encoding="utf-8")
    assert watcher.affected({(Change.added, str(new))}) == [new]
    (site / "content" / "a.md").unlink()
    assert watcher.affected({(Change.deleted, str(site / "content" / "a.md"))}) == []
    assert watcher.targets == [site / "content" / "b.md", new]
    assert "a.md: deleted; no longer built" in capsys.readouterr().err


def test_a_recorded_image_change_rebuilds_the_articles_that_use_it(site):
    image = site / "content" / "figure.png"
    manifest = {"format": FORMAT, "files": {}, "articles": {
        str(site / "content" / "a.md"): {"key": "", "inputs": {str(image): "x"}, "outputs": {}}}}
    (site / "out").mkdir()
    (site / "out" / STATE_NAME).write_text(json.dumps(manifest), encoding="utf-8")
    watcher = watcher_for(site)
    assert watcher.affected({(Change.modified, str(image))}) == [site / "content" / "a.md"]
    assert watcher.affected({(Change.modified, str(site / "content" / "notes.txt"))}) == []


def test_outputs_and_temporaries_are_not_changes(site):
    watcher = watcher_for(site)
    assert not watcher.relevant(Change.modified, str(site / "out" / "a.pdf"))
    assert not watcher.relevant(Change.added, str(site / "content" / ".handout-a.pdf.1234.tmp"))
    assert watcher.relevant(Change.modified, str(site / "content" / "a.md"))
    assert site / "content" in watcher.roots() and STYLES in watcher.roots()


class Lines:
    """A subprocess's output lines, read in a thread so waiting for one can time out."""

    def __init__(self, process: subprocess.Popen):
        self.queue: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=lambda: [self.queue.put(line) for line in process.stdout], daemon=True).start()

    def wait_for(self, text: str, timeout: float = 90) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.queue.get(timeout=0.2)
            except queue.Empty:
                continue
            self.seen.append(line)
            if text in line:
                return line
        raise AssertionError(f"no line with {text!r} within {timeout}s; got:\n{''.join(self.seen)}")


@pytest.mark.slow
def test_watcher_rebuilds_on_save_keeps_going_on_errors_and_stops_on_ctrl_c(site):
    article = site / "content" / "a.md"
    (site / "content" / "b.md").unlink()
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--watch", "content", "-o", "out"],
                               cwd=site, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    lines = Lines(process)
    try:
        lines.wait_for("watching")
        pdf = site / "out" / "a.pdf"
        before = pdf.stat().st_mtime_ns
        article.write_text(ARTICLE.format(name="a") + "\nA new paragraph.\n", encoding="utf-8")
        assert "content/a.md: ok:" in lines.wait_for("a.md: ok")
        assert pdf.stat().st_mtime_ns > before
        article.write_text(ARTICLE.format(name="a").replace("## Part", "# Part"), encoding="utf-8")
        lines.wait_for("a.md:8: error: '# ' headings")
        assert "FAILED" in lines.wait_for("a.md: FAILED")
        assert process.poll() is None  # a content error does not stop the watcher
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=30) == 0
        lines.wait_for("stopped watching")
    finally:
        process.kill()
        process.wait()
    assert not any("Traceback" in line for line in lines.seen)


def test_a_rebuilds_problems_go_to_standard_error_as_in_a_single_build(capsys):
    failed = Report("content/a.md", "a", [error("content/a.md", 8, "'# ' headings are not used")])
    show_line(failed)
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.splitlines()[0] == "content/a.md:8: error: '# ' headings are not used"
    assert "content/a.md: FAILED" in captured.err.splitlines()[1]
    show_line(Report("content/a.md", "a", [Problem("content/a.md", 3, "a warning", "warning")]))
    captured = capsys.readouterr()
    assert captured.err == "content/a.md:3: warning: a warning\n" and "content/a.md: ok:" in captured.out


def test_a_full_disk_while_saving_the_state_is_said_and_the_watch_goes_on(site, capsys, monkeypatch):
    """Issue 26: --watch and --serve save the build state after each rebuild; a full disk there
    is an error line naming the state file, not a traceback that ends the watch."""
    import errno

    from handout.settings import BuildOptions
    from handout.write import output_files
    real = output_files.write_atomic

    def full(target, data):
        if Path(target).name == STATE_NAME:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target))
        real(target, data)
    monkeypatch.setattr(output_files, "write_atomic", full)
    args = parser().parse_args([str(site / "content"), "-o", str(site / "out"), "-j", "1"])
    (site / "out").mkdir()
    watcher = Watcher(sorted((site / "content").glob("*.md")), args, options=BuildOptions(output_dir=site / "out"))
    watcher.rebuild([site / "content" / "a.md"])  # no exception: the watch goes on
    err = capsys.readouterr().err
    assert f"{site / 'out' / STATE_NAME}: error: cannot save the build state: No space left on device" in err
    assert (site / "out" / "a.pdf").is_file()
