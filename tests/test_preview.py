"""--serve in a real browser (Chromium driven by Playwright): the pages appear, a save that
grows the article shows one more page without a reload and keeps the scroll position, a broken
front matter shows the problem over the last good pages until the next good build, a busy
port falls back to a free one; a build's warnings are listed under the summary at their lines,
the reading grade beside it; at laptop sizes the e-reader is on the first screen; an SVG from
the EPUB runs no script."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT, write_article

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (make system-deps installs it)")]
PARAGRAPH = "Worry keeps the body on alert long after the moment has passed, and sleep waits for it to settle. " * 4
WAIT_MS = 60_000


def article_text(paragraphs: int, title_key: str = "title") -> str:
    return (f"---\n{title_key}: Sleep and Worry\n---\n\nA short opening.\n\n## What helps\n\n"
            + "\n\n".join([PARAGRAPH] * paragraphs) + "\n")


@contextlib.contextmanager
def serving(folder: Path, port: int = 0):
    """`build.py --serve` on the folder's content/; yields (address, the process)."""
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--serve", "--port", str(port), "-j", "1"],
                               cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env=dict(os.environ, PYTHONUNBUFFERED="1"))
    try:
        line = process.stdout.readline()
        address = re.fullmatch(r"Preview at (http://127\.0\.0\.1:\d+/)\n", line)
        assert address, (line, process.stderr.read() if process.poll() is not None else "")
        yield address.group(1), process
    finally:
        process.terminate()
        process.wait(timeout=30)


@contextlib.contextmanager
def browser_page(width: int = 1200, height: int = 700):
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            yield browser.new_page(viewport={"width": width, "height": height})
        finally:
            browser.close()


def save(path: Path, text: str) -> None:
    """Write as an editor does: a new file renamed over the old one."""
    temporary = path.with_suffix(".tmp~")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def test_the_preview_follows_every_save(tmp_path):
    (tmp_path / "content").mkdir()
    article = write_article(tmp_path / "content", "sleep.md", article_text(2))
    with serving(tmp_path) as (address, _), browser_page() as page:
        page.goto(address)
        page.wait_for_selector('img[alt="Page 1 of 1"]', timeout=WAIT_MS)
        assert page.locator("#summary").inner_text().startswith("content/sleep.md: ok:")
        page.frame_locator("#phone").locator("h1").wait_for(timeout=WAIT_MS)
        assert page.frame_locator("#reader").locator("h1").inner_text() == "Sleep and Worry"
        assert page.locator("a[download]").count() == 2
        # A one-page preview scrolls only a little at this size: as far as it goes, up to 100 px.
        scrolled = page.evaluate("window.scrollTo(0, 100); window.stillThisPage = true; window.scrollY")
        assert scrolled > 0
        save(article, article_text(14))
        page.wait_for_selector('img[alt="Page 2 of 2"]', timeout=WAIT_MS)
        assert page.evaluate("window.stillThisPage") is True  # updated in place, not reloaded
        # Kept: the browser's scroll anchoring may move it by the height the bar above gained (a
        # summary line that now wraps), so that what was on the screen stays there.
        assert abs(page.evaluate("window.scrollY") - scrolled) <= 60
        assert "sleep rebuilt" in page.locator("#changed").inner_text()
        save(article, article_text(14, title_key="titel"))
        page.wait_for_selector("#overlay:not([hidden])", timeout=WAIT_MS)
        problems = page.locator("#problems").inner_text()
        assert re.search(r"content/sleep\.md:2: error: .*'titel'", problems), problems
        assert page.locator('img[alt="Page 2 of 2"]').count() == 1  # the last good pages stay
        save(article, article_text(14))
        page.wait_for_selector("#overlay", state="hidden", timeout=WAIT_MS)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_a_second_server_on_a_busy_port_takes_a_free_one(tmp_path):
    (tmp_path / "content").mkdir()
    write_article(tmp_path / "content", "sleep.md", article_text(1))
    port = free_port()
    with serving(tmp_path, port) as (first, _), serving(tmp_path, port) as (second, process):
        assert first == f"http://127.0.0.1:{port}/" and second != first
        process.terminate()
        assert f"port {port} is busy; using {second.rsplit(':', 1)[1].rstrip('/')}" in process.stderr.read()


def test_several_articles_get_an_index_and_unknown_paths_nothing(tmp_path):
    (tmp_path / "content").mkdir()
    for name in ("sleep", "worry"):
        write_article(tmp_path / "content", f"{name}.md", article_text(1))
    with serving(tmp_path) as (address, _):
        index = urllib.request.urlopen(address, timeout=30).read().decode()
        assert 'href="/a/sleep/"' in index and 'href="/a/worry/"' in index
        for path in ("a/other/", "a/sleep/epub/../../../etc/passwd", "a/sleep/page-99.png", "_preview/x.js"):
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(address + path, timeout=30)
            assert refused.value.code == 404


def test_a_build_s_warnings_are_listed_under_the_summary_and_the_e_reader_is_on_the_first_screen(tmp_path):
    (tmp_path / "content").mkdir()
    text = article_text(14).replace("title: Sleep", "review_by: 2020-01-31\ntitle: Sleep")
    write_article(tmp_path / "content", "sleep.md", text)
    with serving(tmp_path) as (address, _):
        for width, height in ((1280, 800), (1440, 900)):
            with browser_page(width, height) as page:
                page.goto(address)
                page.wait_for_selector('img[alt="Page 1 of 2"]', timeout=WAIT_MS)
                page.frame_locator("#reader").locator("h1").wait_for(timeout=WAIT_MS)
                assert "1 warning" in page.locator("#summary").inner_text()
                notes = page.locator("#notes")
                assert notes.is_visible() and notes.get_attribute("open") is not None  # one: shown open
                assert page.locator("#notes-count").inner_text() == "1 warning"
                listed = page.locator("#notes-list li").inner_text()
                assert re.fullmatch(r"content/sleep\.md:2: warning: review_by 2020-01-31 has passed.*", listed), listed
                below_summary = page.locator("#summary").bounding_box()
                assert notes.bounding_box()["y"] > below_summary["y"]
                reader = page.locator("#reader").bounding_box()  # the whole frame, unscrolled
                assert reader["x"] >= 0 and reader["x"] + reader["width"] <= width, (width, reader)
                assert reader["y"] >= 0 and reader["y"] + reader["height"] <= height, (width, reader)
                assert reader["width"] == 600 + 2 * (10 + 14)  # the 6-inch reader's width, border and margins
                assert page.evaluate("window.scrollY") == 0
                # Scrolled down the pages, the e-reader stays in view.
                page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
                page.wait_for_timeout(200)
                assert page.evaluate("window.scrollY") > 500
                reader = page.locator("#reader").bounding_box()
                assert 0 <= reader["y"] and reader["y"] + reader["height"] <= height, (width, reader)


@contextlib.contextmanager
def in_process_server(folder: Path):
    """The preview server in this process over a built article (for reports made by the test)."""
    from handout.preview import Preview
    from handout.serve import bind
    preview = Preview([Path("content/sleep.md")], Path("output"))  # as the command line names them
    server = bind("127.0.0.1", 0, preview)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", preview
    finally:
        server.shutdown()
        server.server_close()
        preview.close()


def built_folder(folder: Path) -> Path:
    from handout.cli import main
    (folder / "content").mkdir()
    write_article(folder / "content", "sleep.md", article_text(1))
    assert main([str(folder / "content" / "sleep.md"), "-o", str(folder / "output"), "-j", "1"]) == 0
    return folder


def test_the_reading_grade_is_shown_beside_the_summary_and_many_notes_collapse(tmp_path, monkeypatch):
    from handout.errors import note, warning
    from handout.report import Report
    folder = built_folder(tmp_path)
    monkeypatch.chdir(folder)
    hardest = [{"line": 9, "sentence": "Worry keeps the body on alert long after the moment has passed.",
                "why": "31 words"}, {"line": 11, "sentence": "Sleep waits.", "why": "long words"}]
    reading = {"language": "en", "formula": "Flesch-Kincaid grade level", "grade": 9.7, "note": "", "target": 8,
               "words": 412, "sentences": 30, "hardest": hardest}
    problems = [warning("content/sleep.md", line, f"problem {line}") for line in (3, 4, 5)]
    problems.append(note("content/sleep.md", None, "the last page holds only 2 lines"))
    with in_process_server(folder) as (address, preview), browser_page(1280, 800) as page:
        preview.update(Path("content/sleep.md"), Report("content/sleep.md", "sleep", problems=problems,
                                                        counts={"pages": 1}, reading=reading))
        page.goto(address + "a/sleep/")
        page.wait_for_selector("#reading:not([hidden])", timeout=WAIT_MS)
        assert page.locator("#reading").inner_text() == "Reading grade 9.7 (Flesch-Kincaid grade level; target 8)"
        assert page.locator("#notes-count").inner_text() == "3 warnings, 1 note"
        assert page.locator("#notes").get_attribute("open") is None  # four: collapsed to their count
        assert not page.locator("#notes-list li").first.is_visible()
        page.locator("#notes-count").click()
        assert page.locator("#notes-list li").all_inner_texts() == [
            "content/sleep.md:3: warning: problem 3", "content/sleep.md:4: warning: problem 4",
            "content/sleep.md:5: warning: problem 5", "content/sleep.md: note: the last page holds only 2 lines"]
        assert page.locator("#hardest-count").inner_text() == "2 hardest sentences to read"
        page.locator("#hardest-count").click()
        assert page.locator("#hardest-list li").all_inner_texts() == [
            "content/sleep.md:9: Worry keeps the body on alert long after the moment has passed. (31 words)",
            "content/sleep.md:11: Sleep waits. (long words)"]
        # Thai: no grade, the note says so; a build that did not measure hides the line.
        thai = dict(reading, language="th", formula=None, grade=None, note="not measured for Thai", hardest=[])
        preview.update(Path("content/sleep.md"), Report("content/sleep.md", "sleep", reading=thai))
        page.wait_for_selector("#reading:has-text('Thai')", timeout=WAIT_MS)
        assert page.locator("#reading").inner_text() == "Reading grade: not measured for Thai (target 8)"
        assert page.locator("#hardest").is_hidden() and page.locator("#notes").is_hidden()
        preview.update(Path("content/sleep.md"), Report("content/sleep.md", "sleep"))
        page.wait_for_selector("#reading", state="hidden", timeout=WAIT_MS)


def test_a_scripted_svg_from_the_epub_runs_no_script(tmp_path, monkeypatch):
    import zipfile
    folder = built_folder(tmp_path)
    monkeypatch.chdir(folder)
    svg = ('<svg xmlns="http://www.w3.org/2000/svg" onload="document.title=\'ran\'">'
           "<script>document.title = 'ran'</script><rect width='10' height='10'/></svg>")
    with zipfile.ZipFile(folder / "output" / "sleep.epub", "a") as epub:
        epub.writestr("EPUB/images/scripted.svg", svg)
    with in_process_server(folder) as (address, _), browser_page() as page:
        page.goto(address + "a/sleep/epub/EPUB/images/scripted.svg")
        page.wait_for_timeout(500)
        assert page.title() != "ran"
        page.goto(address + "a/sleep/")
        page.wait_for_selector('img[alt="Page 1 of 1"]', timeout=WAIT_MS)  # the page's own script runs
