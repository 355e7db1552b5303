"""The preview server under concurrent clients (issue 26): page images, state, event streams,
EPUB files and HEAD requests from several threads at once, while saves rebuild the article
(the build calls pdfium in the server's own process): no crash, no dropped connection, every
later request answered, memory bounded. Before pdfium's calls were moved to one worker, six
clients for 15 s wedged the server (every later request timed out); with the worker called
directly from the threads again (the fault injected), one run in six here crashed the server
(160,595 refused connections). Which thread calls pdfium is held exactly by
test_preview_server.py::test_unserialised_pdfium_no_thread_of_the_server_calls_it.

Run as a script for the figures in docs/benchmark.md:
    .venv/bin/python tests/test_preview_load.py --seconds 30 --clients 6"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PARAGRAPH = "Worry keeps the body on alert long after the moment has passed, and sleep waits for it to settle. " * 4
SECONDS = 10
CLIENTS = 6
MEMORY_LIMIT_MIB = 400  # the server and its page worker together, after the load


def article_text(version: int) -> str:
    return (f"---\ntitle: Sleep and Worry {version}\n---\n\nA short opening.\n\n## What helps\n\n"
            + "\n\n".join([PARAGRAPH] * 12) + "\n")


def start_server(folder: Path) -> tuple[subprocess.Popen, int]:
    (folder / "content").mkdir(exist_ok=True)
    (folder / "content" / "sleep.md").write_text(article_text(0), encoding="utf-8")
    process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "--serve", "--port", "0", "-j", "1"],
                               cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               env=dict(os.environ, PYTHONUNBUFFERED="1"))
    line = process.stdout.readline()
    address = re.fullmatch(r"Preview at http://127\.0\.0\.1:(\d+)/\n", line)
    assert address, (line, process.stderr.read() if process.poll() is not None else "")
    return process, int(address.group(1))


def request(port: int, path: str, method: str = "GET", timeout: float = 60) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.request(method, path)
        response = connection.getresponse()
        if path == "/events":  # read the greeting, then leave as a closed tab does
            return response.status, response.fp.readline()
        return response.status, response.read()
    finally:
        connection.close()


def answered(port: int, path: str):
    """The status of a request, or the name of the failure when none came."""
    try:
        return request(port, path, timeout=30)[0]
    except (OSError, http.client.HTTPException) as failure:
        return type(failure).__name__


def wait_for_pages(port: int, count: int, limit_s: float = 120) -> None:
    import json
    deadline = time.monotonic() + limit_s
    while time.monotonic() < deadline:
        status, body = request(port, "/a/sleep/state.json")
        if status == 200 and len(json.loads(body)["pages"]) >= count and json.loads(body)["epub_page"]:
            return
        time.sleep(0.2)
    raise AssertionError("the first build never showed its pages")


def resident_mib(pid: int) -> float:
    """The process's and its children's resident memory (the page worker is a child)."""
    total = 0
    for one in [pid, *children(pid)]:
        try:
            status = Path(f"/proc/{one}/status").read_text()
        except OSError:
            continue
        total += int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) if "VmRSS" in status else 0
    return total / 1024


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found.append(int(entry.name))
            except (OSError, IndexError, ValueError):
                continue
    return found


def hammer(port: int, folder: Path, seconds: float, clients: int) -> dict:
    """Concurrent clients for `seconds`, and a save every second; what came back, counted."""
    import json
    epub_page = json.loads(request(port, "/a/sleep/state.json")[1])["epub_page"]
    paths = [("GET", "/a/sleep/page-1.png"), ("GET", "/a/sleep/page-2.png"), ("GET", "/a/sleep/state.json"),
             ("GET", "/events"), ("GET", f"/a/sleep/epub/{epub_page}"), ("HEAD", "/a/sleep/page-1.png"),
             ("GET", "/a/sleep/")]
    statuses: Counter = Counter()
    failures: Counter = Counter()
    stop = time.monotonic() + seconds
    lock = threading.Lock()

    def client(seed: int) -> None:
        chosen = random.Random(seed)
        while time.monotonic() < stop:
            method, path = chosen.choice(paths)
            try:
                status, _ = request(port, path, method, timeout=30)
                with lock:
                    statuses[status] += 1
            except (OSError, http.client.HTTPException) as failure:
                with lock:
                    failures[type(failure).__name__] += 1

    def saver() -> None:
        version = 1
        while time.monotonic() < stop:
            temporary = folder / "content" / "sleep.md.tmp~"
            temporary.write_text(article_text(version), encoding="utf-8")
            os.replace(temporary, folder / "content" / "sleep.md")
            version += 1
            time.sleep(1.0)

    threads = [threading.Thread(target=client, args=(seed,)) for seed in range(clients)]
    threads.append(threading.Thread(target=saver))
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return {"requests": sum(statuses.values()), "statuses": dict(statuses), "failures": dict(failures),
            "per_second": sum(statuses.values()) / elapsed}


def run_load(folder: Path, seconds: float, clients: int) -> dict:
    """Start the server, load it, ask again one by one, stop it; every figure, and its error lines."""
    process, port = start_server(folder)
    try:
        wait_for_pages(port, 2)
        before = resident_mib(process.pid)
        figures = hammer(port, folder, seconds, clients)
        figures["alive"] = process.poll() is None
        # Afterwards, every request is answered, one by one.
        figures["later"] = Counter(answered(port, path) for path in
                                   ["/a/sleep/state.json", "/a/sleep/page-1.png", "/a/sleep/page-2.png"] * 5)
        time.sleep(2)  # let the event streams of the closed clients notice and end
        figures["memory_mib"] = (round(before), round(resident_mib(process.pid)))
    finally:
        process.terminate()
        try:
            errors = process.communicate(timeout=30)[1]
        except subprocess.TimeoutExpired:
            process.kill()
            errors = process.communicate()[1]
    figures["server_errors"] = [line for line in errors.splitlines() if "internal error" in line or "Traceback" in line]
    return figures


@pytest.mark.slow
def test_concurrent_clients_neither_crash_nor_break_the_preview(tmp_path):
    figures = run_load(tmp_path, SECONDS, CLIENTS)
    assert figures["alive"], figures
    assert figures["failures"] == {}, figures  # no dropped or refused connection
    assert set(figures["statuses"]) == {200}, figures
    assert figures["later"] == Counter({200: 15}), figures
    assert figures["server_errors"] == [], figures  # no build broken by a preview thread, no traceback
    assert figures["memory_mib"][1] < MEMORY_LIMIT_MIB, figures


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="the preview under load; prints the figures")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--clients", type=int, default=6)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        print(run_load(Path(folder), options.seconds, options.clients))
