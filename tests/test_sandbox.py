"""The resource sandbox: only the article's folder and the project's own files are read; no network."""

from __future__ import annotations

import sys
import threading
import zipfile
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import write_article
from pypdf import PdfReader

from handout.cli import main
from handout.resources import FONTS, STYLES
from handout.sandbox import Sandbox

SECRET = b"TOPSECRET-7f3a"
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")

# Every file Python opens, while `OPENED` is a list (audit hooks cannot be removed, only muted).
OPENED: list[str] | None = None


def record_open(event, args):
    if event == "open" and OPENED is not None and isinstance(args[0], (str, bytes, Path)):
        OPENED.append(str(Path(args[0] if not isinstance(args[0], bytes) else args[0].decode()).resolve()))


sys.addaudithook(record_open)


@contextmanager
def files_opened():
    """Record the paths Python opens inside the block."""
    global OPENED
    OPENED = []
    try:
        yield OPENED
    finally:
        OPENED = None


@contextmanager
def loopback_server():
    """A 127.0.0.1 HTTP server on a free port that records every request; stops itself."""
    requests: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's naming)
            requests.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "image/png")
            self.end_headers()
            self.wfile.write(PNG)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.timeout = 1
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", requests
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def tree(tmp_path):
    """An article folder with a good image, a secret beside it, and a symlink pointing at the secret."""
    folder = tmp_path / "article"
    folder.mkdir()
    (folder / "ok.png").write_bytes(PNG)
    (tmp_path / "secret.png").write_bytes(SECRET)
    (folder / "inside.png").symlink_to(tmp_path / "secret.png")
    (folder / ".hidden").mkdir()
    (folder / ".hidden" / "key.png").write_bytes(SECRET)
    return folder


@pytest.mark.parametrize("url, reason", [
    ("/etc/passwd", "outside the article's folder"),
    ("../secret.png", "outside the article's folder"),
    ("%2e%2e/secret.png", "outside the article's folder"),
    ("sub/../../secret.png", "outside the article's folder"),
    ("file:///etc/hostname", "outside the article's folder"),
    ("inside.png", "outside the article's folder"),  # a symlink is judged by where it points
    ("../secret-that-does-not-exist.png", "outside the article's folder"),  # no existence oracle
    (".hidden/key.png", "hidden files and folders are not read"),
    ("http://127.0.0.1:9/x.png", "resources on the network are not fetched"),
    ("HTTPS://example.org/x.png", "resources on the network are not fetched"),
    ("//127.0.0.1:9/x.png", "resources on the network are not fetched"),
    ("ftp://127.0.0.1/x.png", "resources on the network are not fetched"),
    ("file://otherhost/etc/hostname", "file URLs on other hosts are not read"),
    ("javascript:alert(1)", "'javascript:' URLs are not read"),
    ("data:text/html,<b>x</b>", "'data:' URLs are not read"),
    ("missing.png", "not found: "),
    (".", "not a regular file"),
])
def test_sandbox_refuses_with_a_reason(tree, url, reason):
    sandbox = Sandbox.for_article(tree)
    assert sandbox.local_path(url, tree) is None
    assert sandbox.refused[-1].url == url
    assert reason in sandbox.refused[-1].reason


def test_sandbox_serves_the_article_folder_and_project_files(tree):
    sandbox = Sandbox.for_article(tree)
    assert sandbox.local_path("ok.png", tree) == (tree / "ok.png").resolve()
    assert sandbox.local_path(f"file://{tree}/ok.png?x#y", tree) == (tree / "ok.png").resolve()
    assert sandbox.local_path((STYLES / "print.css").as_uri(), tree) == (STYLES / "print.css").resolve()
    font = next(FONTS.glob("*.ttf"))
    assert sandbox.local_path(font.as_uri(), tree) == font.resolve()
    assert sandbox.refused == []


def test_the_pdf_fetcher_refuses_what_the_sandbox_refuses(tree):
    from handout.write.pdf import SandboxedFetcher
    fetcher = SandboxedFetcher(Sandbox.for_article(tree), tree)
    assert fetcher.fetch((tree / "ok.png").as_uri()).read() == PNG
    for url in ("file:///etc/passwd", (tree / "inside.png").as_uri(), "http://127.0.0.1:9/x.png"):
        with pytest.raises(ValueError, match="refused by the build's sandbox"):
            fetcher.fetch(url)


def hostile_article(folder: Path, base: str, secret: Path, refused_images: bool = True) -> Path:
    """An article naming files it may not read; without `refused_images` only those a renderer
    meets (its cover, SVGs whose own references point out, raw HTML), at the same lines."""
    text = f"""---
title: Sandbox
cover: {secret}
---

![remote]({base}/image.png)

![protocol relative](//{base.removeprefix("http://")}/pr.png)

![absolute]({secret})

![up](../{secret.name})

![file url]({secret.as_uri()})

![symlink](inside.png)

![hidden](.hidden/key.png)

![fine](ok.png) [a link is only a link]({base}/page) <{base}/autolink>

![svg pointing out](out.svg) ![svg with an external entity](xxe.svg)

<img src="{base}/raw.png"> <link rel="attachment" href="{secret}"> <base href="file:///etc/">
"""
    if not refused_images:  # refused at their lines before anything is rendered (handout/read/lint.py)
        text = "\n".join("Text." if line.startswith("![") and "(ok.png)" not in line and ".svg)" not in line
                          else line for line in text.split("\n"))
    return write_article(folder, "a.md", text)


def write_svgs(folder: Path, base: str, secret: Path) -> None:
    """SVG images inside the article's folder whose own references point out of it."""
    (folder / "out.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="40" height="20">'
        f'<image href="{base}/svg.png" width="10" height="10"/>'
        f'<image xlink:href="{secret.as_uri()}" x="10" width="10" height="10"/></svg>', encoding="utf-8")
    (folder / "xxe.svg").write_text(
        f'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY x SYSTEM "{secret.as_uri()}">]>'
        '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20"><text y="10">&x;</text></svg>',
        encoding="utf-8")


def read_everything(out: Path) -> bytes:
    """All bytes the build wrote: every file, EPUB members unzipped, PDF attachments listed."""
    data = b""
    for path in sorted(found for found in out.rglob("*") if found.is_file()):
        data += path.read_bytes()
        if path.suffix == ".epub":
            with zipfile.ZipFile(path) as archive:
                data += b"".join(archive.read(name) for name in archive.namelist())
        if path.suffix == ".pdf":
            reader = PdfReader(path)
            assert not reader.attachments
            data += b"".join(page.extract_text().encode() for page in reader.pages)
    return data


@pytest.mark.slow
def test_hostile_images_are_refused_at_their_lines_before_anything_is_read(tree, tmp_path, capsys):
    secret = tmp_path / "secret.png"
    with loopback_server() as (base, requests):
        article = hostile_article(tree, base, secret)
        with files_opened() as opened:
            status = main([str(article), "-o", str(tmp_path / "out"), "-j", "1"])
        assert requests == []
    err = capsys.readouterr().err
    assert status == 1 and not (tmp_path / "out" / "a.pdf").exists()
    assert str(secret) not in opened and str(tree / ".hidden" / "key.png") not in opened
    for line, url in ((6, f"{base}/image.png"), (8, f"//{base[7:]}/pr.png"), (10, str(secret)),
                      (12, f"../{secret.name}"), (16, "inside.png"), (18, ".hidden/key.png")):
        assert f"{article}:{line}: error: image '{url}' refused: " in err
    assert "Traceback" not in err and "ok.png" not in err


@pytest.mark.slow
def test_hostile_resources_are_refused_named_and_never_read_or_fetched(tree, tmp_path, capsys):
    secret = tmp_path / "secret.png"
    css = tmp_path / "brand.css"
    (tmp_path / "logo.png").write_bytes(PNG)
    with loopback_server() as (base, requests):
        css.write_text(f"@import url({base}/import.css);\n"
                       f"body {{ background: url({base}/bg.png); }}\n"
                       "h1 { background: url(logo.png); font-family: X, serif; }\n"  # logo: named, served
                       f"@font-face {{ font-family: X; src: url({base}/font.ttf); }}\n", encoding="utf-8")
        article = hostile_article(tree, base, secret, refused_images=False)
        write_svgs(tree, base, secret)
        with files_opened() as opened:
            # -j 1: no forked helper, so every file the build opens passes the audit hook here.
            status = main([str(article), "-o", str(tmp_path / "out"), "--css", str(css), "-j", "1"])
        assert requests == []  # checked while the server still listens
    err = capsys.readouterr().err
    assert status == 1
    assert str(secret) not in opened and str(tree / ".hidden" / "key.png") not in opened
    assert f"{article}:3: error: cover '{secret}' refused: " in err
    assert str(tmp_path / "logo.png") in opened and "logo.png" not in err
    assert f"{article}:22: error: image 'xxe.svg' could not be read as an image" in err
    # (@font-face is not loaded at all; the SVG's file: reference is the secret, reported at line 10.)
    for url in (f"{base}/import.css", f"{base}/bg.png", f"{base}/svg.png"):
        assert f"{article}: error: resource '{url}' refused: " in err
    assert "Traceback" not in err and "ok.png" not in err
    assert SECRET not in read_everything(tmp_path / "out")


@pytest.mark.slow
def test_raw_html_and_links_cannot_reach_files(tree, tmp_path):
    """Links are never fetched or attached, and raw HTML arrives as text, in both outputs (a
    relative link to a file is an error at its line: tests/test_safety_links.py)."""
    with loopback_server() as (base, requests):
        article = write_article(tree, "a.md", f"""---
title: Links
smart: false
---

[page]({base}/page) <{base}/auto>

<a rel="attachment" href="../secret.png">attach</a> <base href="{base}/">
""")
        status = main([str(article), "-o", str(tmp_path / "out"), "-j", "1"])
        assert requests == []
    assert status == 0
    written = read_everything(tmp_path / "out")
    assert SECRET not in written
    assert b'<a rel="attachment" href="../secret.png">' in written  # shown as text in the PDF


@pytest.fixture
def pictures(tmp_path):
    """An article folder with images/panic-cycle.png, and two names one letter apart."""
    folder = tmp_path / "article"
    (folder / "images").mkdir(parents=True)
    for name in ("panic-cycle.png", "worry-a.png", "worry-b.png"):
        (folder / "images" / name).write_bytes(PNG)
    return folder


@pytest.mark.parametrize("url, meant", [
    ("images/Panic-Cycle.png", "images/panic-cycle.png"),  # letter case
    ("Images/panic-cycle.png", "images/panic-cycle.png"),  # the folder's case
    ("images/panic-cyle.png", "images/panic-cycle.png"),  # one letter left out
    ("images/panic-cycles.png", "images/panic-cycle.png"),  # one added
    ("images/worry-c.png", None),  # two files one letter away: no guess
    ("images/anxiety.png", None),
    ("pictures/panic-cycle.png", None),
])
def test_a_missing_file_is_not_found_where_it_was_looked_for_with_the_likely_name(pictures, url, meant):
    sandbox = Sandbox.for_article(pictures)
    assert sandbox.local_path(url, pictures) is None
    refusal = sandbox.refused[-1]
    assert refusal.missing and refusal.describe().startswith(f"not found: {pictures / url}")
    assert refusal.describe().endswith(f"; did you mean '{meant}'?" if meant else str(pictures / url))


def test_a_missing_image_is_reported_at_its_line_as_not_found(pictures, capsys):
    article = write_article(pictures, "a.md", "---\ntitle: T\n---\n\nText.\n\n![The cycle](images/Panic-cycle.png)\n")
    assert main([str(article), "-o", str(pictures / "out"), "-j", "1"]) == 1
    assert (f"{article}:7: error: image 'images/Panic-cycle.png' not found: {pictures / 'images/Panic-cycle.png'}; "
            f"did you mean 'images/panic-cycle.png'?") in capsys.readouterr().err
