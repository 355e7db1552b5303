"""Reproducible builds: the same inputs, built by two separate processes, give the same bytes."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import zipfile

import pytest
from conftest import ROOT, SEED_ARTICLE

BOOK = ROOT / "tests" / "fixtures" / "book" / "book.yaml"
EPOCH = "1700000000"  # 2023-11-14T22:13:20Z


def build_in_new_process(out, epoch: str | None) -> dict[str, bytes]:
    env = {key: value for key, value in os.environ.items() if key != "SOURCE_DATE_EPOCH"}
    if epoch:
        env["SOURCE_DATE_EPOCH"] = epoch
    run = subprocess.run([sys.executable, str(ROOT / "build.py"), str(SEED_ARTICLE), str(BOOK), "-o", str(out),
                          "-j", "1", "--force"], capture_output=True, text=True, env=env, timeout=600)
    assert run.returncode == 0, run.stderr
    return {path.name: path.read_bytes() for path in sorted(out.iterdir()) if path.suffix in (".pdf", ".epub")}


def modified(epub: bytes) -> str:
    opf = zipfile.ZipFile(io.BytesIO(epub)).read("EPUB/content.opf").decode()
    return re.search(r'property="dcterms:modified">([^<]+)<', opf)[1]


@pytest.mark.slow
def test_two_processes_build_byte_identical_pdf_and_epub(tmp_path):
    first = build_in_new_process(tmp_path / "one", EPOCH)
    second = build_in_new_process(tmp_path / "two", EPOCH)
    assert sorted(first) == ["book.epub", "book.pdf", "trust-issues.epub", "trust-issues.pdf"]
    assert {name: data == second[name] for name, data in first.items()} == dict.fromkeys(first, True)
    assert modified(first["trust-issues.epub"]) == "2023-11-14T22:13:20Z"  # SOURCE_DATE_EPOCH, not 'now'
    for info in zipfile.ZipFile(io.BytesIO(first["book.epub"])).infolist():
        assert info.date_time == (1980, 1, 1, 0, 0, 0)


@pytest.mark.slow
def test_without_source_date_epoch_the_epub_date_comes_from_the_content(tmp_path):
    built = build_in_new_process(tmp_path / "out", None)
    assert modified(built["trust-issues.epub"]) == "2026-11-26T00:00:00Z"  # the article's date
    assert modified(built["book.epub"]) == "2026-10-22T00:00:00Z"  # the newest article in the book
