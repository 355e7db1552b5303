#!/usr/bin/env python3
"""The preview's latency and memory, measured through a real browser (issue: live preview).

Starts `build.py --serve` on a copy of the seed, opens the preview in Chromium (Playwright,
Debian's chromium), then saves the article N times (alternating two versions of one sentence)
and measures, for each save, the time from the save to the moment every page image of the new
build has loaded in the browser. Then lets the server idle and reads its resident memory.

    .venv/bin/python bench/preview.py [--saves 10]

Goals: median save -> new page images <= 1.0 s on 2 cores; idle server <= 150 MiB."""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "content" / "trust-issues.md"
SENTENCE = "You want to trust people."
WAIT_FOR_NEW_PAGES = """(version) => new Promise((done) => {
  const check = () => {
    const images = [...document.querySelectorAll('#pages img')];
    if (images.length && images.every((image) => image.src.endsWith('v=' + version) && image.complete
                                       && image.naturalWidth > 0)) {
      done(performance.timeOrigin + performance.now());
    } else { requestAnimationFrame(check); }
  };
  check();
})"""


def resident_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=10)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright
    folder = Path(tempfile.mkdtemp(prefix="bench-preview-"))
    (folder / "content").mkdir()
    article = folder / "content" / SEED.name
    text = SEED.read_text(encoding="utf-8")
    article.write_text(text, encoding="utf-8")
    server = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--serve", "--port", "0"], cwd=folder,
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
                              env=dict(os.environ, PYTHONUNBUFFERED="1"))
    try:
        address = re.search(r"http://\S+", server.stdout.readline()).group()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            page.goto(address)
            page.wait_for_selector("#pages img", timeout=60_000)
            page.wait_for_function("document.body.dataset.version === '1'", timeout=60_000)
            latencies = []
            for save in range(1, args.saves + 1):
                changed = text.replace(SENTENCE, SENTENCE[:-1] + (" today." if save % 2 else " again."))
                time.sleep(1.0)  # let the last build's helpers settle, as between an editor's saves
                started = time.time()
                temporary = article.with_suffix(".tmp~")
                temporary.write_text(changed, encoding="utf-8")
                os.replace(temporary, article)
                shown = page.evaluate(WAIT_FOR_NEW_PAGES, str(save + 1))
                latencies.append(shown / 1000 - started)
            browser.close()
        time.sleep(5)  # idle
        memory = resident_mib(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
        shutil.rmtree(folder, ignore_errors=True)
    median = statistics.median(latencies)
    print(f"saves: {len(latencies)}; save -> new page images in the browser: median {median:.2f} s, "
          f"max {max(latencies):.2f} s (goal <= 1.0 s)")
    print(f"idle server resident memory: {memory:.0f} MiB (goal <= 150 MiB)")
    print(f"machine: {os.cpu_count()} cores")
    return 0 if median <= 1.0 and memory <= 150 else 1


if __name__ == "__main__":
    sys.exit(main())
