"""--serve in a real browser (Chromium driven by Playwright): the pages appear, a save that
grows the article shows one more page without a reload and keeps the scroll position, a broken
front matter shows the problem over the last good pages until the next good build, and a busy
port falls back to a free one."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import socket
import subprocess
import sys
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
def browser_page():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            yield browser.new_page(viewport={"width": 1200, "height": 700})
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
        page.evaluate("window.scrollTo(0, 250); window.stillThisPage = true")
        save(article, article_text(14))
        page.wait_for_selector('img[alt="Page 2 of 2"]', timeout=WAIT_MS)
        assert page.evaluate("window.stillThisPage") is True  # updated in place, not reloaded
        assert page.evaluate("window.scrollY") == 250
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
