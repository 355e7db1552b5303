"""The preview server's promises, each against the class of fault it closes (issues 26 and 29):
DNS rebinding (a Host header not ours), responses a browser could run as script (an EPUB's SVG),
numbers too long to parse in a path, idle connections that hold a thread for ever, an address
it cannot listen on, HEAD unanswered; and what the page is told about a build (its warnings and
notes, its reading grade). The server runs in this process, on 127.0.0.1, over one real build."""

from __future__ import annotations

import contextlib
import http.client
import socket
import threading
import time
import zipfile
from pathlib import Path

import pytest
from conftest import write_article

from handout.cli import main
from handout.errors import error, note, warning
from handout.page_images import WorkerFailed
from handout.preview import Preview
from handout.report import Report
from handout.serve import PreviewHandler, ServeError, allowed_hosts, bind, host_allowed

SCRIPTED_SVG = (b'<svg xmlns="http://www.w3.org/2000/svg" onload="document.documentElement.dataset.ran=1">'
                b'<script>document.documentElement.dataset.ran = 1</script><rect width="10" height="10"/></svg>')
READING = {"language": "en", "formula": "Flesch-Kincaid grade level", "grade": 9.7, "note": "", "target": 8,
           "words": 412, "sentences": 30,
           "hardest": [{"line": 14, "sentence": "Anxious attachment, developed in response to care that came "
                                                 "and went, produces adults who want closeness.", "why": "31 words"},
                       {"line": 22, "sentence": "Generalisation applies the update everywhere.", "why": "long words"}]}


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A folder with one article built (PDF and EPUB), and a scripted SVG put into its EPUB."""
    folder = tmp_path_factory.mktemp("preview")
    (folder / "content").mkdir()
    write_article(folder / "content", "sleep.md", "---\ntitle: Sleep and Worry\n---\n\nA short opening.\n\n"
                  "## What helps\n\nGetting up at the same time every day.\n")
    assert main([str(folder / "content" / "sleep.md"), "-o", str(folder / "output"), "-j", "1"]) == 0
    with zipfile.ZipFile(folder / "output" / "sleep.epub", "a") as epub:
        epub.writestr("EPUB/images/scripted.svg", SCRIPTED_SVG)
    return folder


@contextlib.contextmanager
def running(folder: Path, host: str = "127.0.0.1"):
    """The preview server on a free port in a thread of this process; yields (server, preview)."""
    preview = Preview([folder / "content" / "sleep.md"], folder / "output")
    server = bind(host, 0, preview)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server, preview
    finally:
        server.shutdown()
        server.server_close()
        preview.close()


def ask(port: int, path: str, method: str = "GET", host: str | None = None) -> tuple[int, dict, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.putrequest(method, path, skip_host=True)
        if host is not None:
            connection.putheader("Host", host)
        connection.endheaders()
        response = connection.getresponse()
        headers = {name.lower(): value for name, value in response.getheaders()}
        if headers.get("content-type") == "text/event-stream" and method == "GET":
            return response.status, headers, response.fp.readline()  # the stream goes on: its first line
        return response.status, headers, response.read()
    finally:
        connection.close()


@pytest.fixture(scope="module")
def server(built):
    with running(built) as (server, preview):
        yield server.server_address[1], preview


def test_dns_rebinding_a_host_header_not_ours_is_refused(server):
    port, _ = server
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}", f"LOCALHOST:{port}"):
        assert ask(port, "/a/sleep/state.json", host=host)[0] == 200, host
    for host in (f"evil.example:{port}", f"127.0.0.1.evil.example:{port}", f"localhost:{port + 1}", "localhost",
                 f"10.0.0.7:{port}", None, ""):
        status, _, body = ask(port, "/a/sleep/state.json", host=host)
        assert status == 421, host
        assert b"Sleep and Worry" not in body and f"http://127.0.0.1:{port}/".encode() in body


def test_dns_rebinding_open_to_the_network_still_refuses_names_not_ours():
    hosts = allowed_hosts("0.0.0.0", 8000)
    assert host_allowed("192.168.1.20:8000", hosts, any_address=True)  # a colleague typing the address
    assert host_allowed(f"{socket.gethostname()}:8000", hosts, any_address=True)
    assert host_allowed("[fe80::1]:8000", hosts, any_address=True)
    assert not host_allowed("192.168.1.20:8001", hosts, any_address=True)
    assert not host_allowed("evil.example:8000", hosts, any_address=True)
    assert not host_allowed("192.168.1.20:8000", allowed_hosts("127.0.0.1", 8000), any_address=False)
    assert host_allowed("preview.lan:8000", allowed_hosts("preview.lan", 8000), any_address=False)


def test_script_in_served_files_every_response_has_a_policy_and_nosniff(server):
    port, preview = server
    epub_page = preview.state("sleep")["epub_page"]
    policies = {}
    for path in ("/a/sleep/", "/", f"/a/sleep/epub/{epub_page}", "/a/sleep/epub/EPUB/images/scripted.svg",
                 "/a/sleep/page-1.png", "/a/sleep/state.json", "/a/sleep/sleep.pdf", "/_preview/preview.js",
                 "/no/such/thing"):
        status, headers, _ = ask(port, path, host=f"127.0.0.1:{port}")
        assert headers["x-content-type-options"] == "nosniff", path
        policies[path] = headers["content-security-policy"]
    assert script_sources(policies["/a/sleep/"]) == "'self'"  # the preview page runs its own script only
    assert all(script_sources(policy) == "'none'" for path, policy in policies.items() if path != "/a/sleep/")
    svg = policies["/a/sleep/epub/EPUB/images/scripted.svg"]
    assert "default-src 'none'" in svg and "sandbox" in svg
    assert ask(port, "/a/sleep/epub/EPUB/images/scripted.svg", host=f"127.0.0.1:{port}")[1]["content-type"] \
        == "image/svg+xml"
    refused = ask(port, "/a/sleep/", host="evil.example")[1]
    assert "sandbox" in refused["content-security-policy"] and refused["x-content-type-options"] == "nosniff"


def script_sources(policy: str) -> str:
    """Where a Content-Security-Policy lets scripts come from (script-src, else default-src)."""
    directives = dict((part.strip().split(" ", 1) + [""])[:2] for part in policy.split(";"))
    return directives.get("script-src", directives.get("default-src", "*"))


def raw_head(port: int, path: str) -> bytes:
    """What comes after the headers of a HEAD response (http.client would not read it)."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as connection:
        connection.sendall(f"HEAD {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n".encode())
        received = b""
        while chunk := connection.recv(65536):
            received += chunk
    return received.split(b"\r\n\r\n", 1)[1]


def test_head_is_answered_as_get_without_a_body(server):
    port, preview = server
    for path in ("/a/sleep/", "/a/sleep/state.json", "/a/sleep/page-1.png", "/a/sleep/sleep.epub",
                 "/_preview/preview.css", "/a/sleep/page-9.png", "/events"):
        got = ask(port, path, host=f"127.0.0.1:{port}")
        head = ask(port, path, "HEAD", host=f"127.0.0.1:{port}")
        assert head[0] == got[0] and raw_head(port, path) == b"", path
        assert head[1].get("content-type") == got[1].get("content-type"), path
        if path != "/events":  # the event stream has no length: it goes on
            assert head[1]["content-length"] == got[1]["content-length"], path


def test_numbers_too_long_to_parse_are_not_found_not_a_traceback(server, capsys):
    port, _ = server
    for path in (f"/a/sleep/page-{'9' * 5000}.png", "/a/sleep/page-0.png", "/a/sleep/page-99999.png",
                 "/a/sleep/page-01.png", f"/a/{'x' * 5000}/page-1.png", "/a/sleep/page-1.png.png"):
        assert ask(port, path, host=f"127.0.0.1:{port}")[0] == 404, path[:40]
    assert ask(port, "/a/sleep/page-1.png", host=f"127.0.0.1:{port}")[0] == 200  # and it still answers
    assert "Traceback" not in capsys.readouterr().err


def test_idle_connections_are_closed(built, monkeypatch):
    assert 0 < PreviewHandler.timeout <= 60  # the server's own setting; shortened here to wait less
    monkeypatch.setattr(PreviewHandler, "timeout", 0.5)
    with running(built) as (server, _):
        with socket.create_connection(server.server_address[:2], timeout=10) as idle:
            started = time.monotonic()
            assert idle.recv(100) == b""  # closed by the server, after its timeout
            assert time.monotonic() - started < 5
        with socket.create_connection(server.server_address[:2], timeout=10) as slow:
            slow.sendall(b"GET /a/sleep/state.json HTTP/1.1\r\n")  # and never the rest
            assert slow.recv(100) == b""


def test_an_address_it_cannot_listen_on_is_one_line_not_a_traceback(built, tmp_path, monkeypatch, capsys):
    preview = Preview([built / "content" / "sleep.md"], built / "output")
    for host in ("10.255.255.1", "no-such-host.invalid"):
        with pytest.raises(ServeError, match=f"--host {host} --port 0: cannot listen there"):
            bind(host, 0, preview)
    monkeypatch.chdir(built)
    with pytest.raises(SystemExit) as leaving:
        main(["--serve", "--host", "10.255.255.1", "-o", str(tmp_path)])
    assert leaving.value.code == 2
    err = capsys.readouterr().err
    assert "error: --host 10.255.255.1 --port 8000: cannot listen there" in err and "Traceback" not in err
    with pytest.raises(SystemExit) as leaving:
        main(["--serve", "--host", "256.1.1.1"])
    assert leaving.value.code == 2
    assert "'256.1.1.1' is not an IP address or a host name" in capsys.readouterr().err


def test_the_page_is_told_each_warning_and_note_with_its_line_and_the_reading_grade(built):
    preview = Preview([built / "content" / "sleep.md"], built / "output")
    report = Report("content/sleep.md", "sleep", problems=[
        warning("content/sleep.md", 3, "review_by 2020-01-31 has passed"),
        note("content/sleep.md", None, "the last page holds only 2 lines")],
        counts={"pages": 1}, outputs=["output/sleep.pdf"], reading=READING)
    preview.update(Path("content/sleep.md"), report)
    state = preview.state("sleep")
    assert state["notes"] == [
        {"where": "content/sleep.md:3", "severity": "warning", "message": "review_by 2020-01-31 has passed"},
        {"where": "content/sleep.md", "severity": "note", "message": "the last page holds only 2 lines"}]
    assert state["reading"] == READING and "1 warning" in state["summary"]
    failed = Report("content/sleep.md", "sleep", problems=[error("content/sleep.md", 2, "front matter needs a title")])
    preview.update(Path("content/sleep.md"), failed)
    state = preview.state("sleep")
    assert state["notes"] == [] and state["reading"] is None and state["ok"] is False
    assert state["problems"] == ["content/sleep.md:2: error: front matter needs a title"]
    preview.close()


def test_a_dead_page_worker_is_replaced(built):
    """The pdfium worker is a process: if it dies (a crash in pdfium), the next request starts another."""
    preview = Preview([built / "content" / "sleep.md"], built / "output")
    try:
        assert preview.page_image("sleep", 1)[:8] == b"\x89PNG\r\n\x1a\n"
        first = preview.worker.process
        first.kill()
        first.wait()
        preview.images.clear()
        assert preview.page_image("sleep", 1)[:8] == b"\x89PNG\r\n\x1a\n"
        assert preview.worker.process.pid != first.pid
        preview.worker.process.stdout.close()  # a worker that cannot answer: this request fails...
        preview.measured.clear()
        with pytest.raises(WorkerFailed):
            preview.state("sleep")
        assert preview.page_image("sleep", 1)[:8] == b"\x89PNG\r\n\x1a\n"  # ...the next has a new worker
    finally:
        preview.close()


def test_unserialised_pdfium_no_thread_of_the_server_calls_it(built, monkeypatch):
    """pdfium is not thread-safe, and the build calls it in the server's main thread: the
    preview's threads must reach it only through the one worker process. Eight threads ask for
    page images and sizes of fresh versions of the PDF at once; none may call pdfium here."""
    import os

    import pypdfium2
    calls = []

    def recorded(*args, **kwargs):
        calls.append(threading.current_thread().name)
        raise AssertionError("pdfium called in the server's process")
    monkeypatch.setattr(pypdfium2, "PdfDocument", recorded)
    preview = Preview([built / "content" / "sleep.md"], built / "output")
    pdf = built / "output" / "sleep.pdf"
    results = []
    try:
        for version in range(3):
            os.utime(pdf, ns=(time.time_ns(), time.time_ns() + version))  # a new version: nothing cached
            threads = [threading.Thread(target=lambda: results.append(
                (preview.page_image("sleep", 1), preview.state("sleep")["pages"]))) for _ in range(8)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
    finally:
        preview.close()
    assert calls == []
    assert len(results) == 24 and all(image[:4] == b"\x89PNG" and len(pages) == 1 for image, pages in results)
