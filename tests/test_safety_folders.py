"""Building a folder: what is not a regular file (a FIFO, a link to a device, a dangling link) is
skipped with a warning, and every article is read with the same size limit (issue 26, item 5)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, write_article

from handout.errors import BuildError
from handout.read.source import MAX_BYTES, read_text

GOOD = "---\ntitle: Good\n---\n\nGood text.\n"


@pytest.fixture
def folder(tmp_path) -> Path:
    content = tmp_path / "content"
    content.mkdir()
    write_article(content, "good.md", GOOD)
    return content


def build(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    # A child process with a memory cap: a build that reads /dev/zero whole dies, never the test run.
    limit = "import resource; resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30)); "
    return subprocess.run([sys.executable, "-c", limit + "import sys; from handout.cli import main; "
                           "sys.exit(main(sys.argv[1:]))", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT)


@pytest.mark.parametrize("make", [
    lambda path: path.symlink_to("/dev/zero"),
    lambda path: os.mkfifo(path),
    lambda path: path.symlink_to("nothing-there.md"),
    lambda path: path.symlink_to("/dev/urandom"),
], ids=["link-to-dev-zero", "fifo", "dangling-link", "link-to-dev-urandom"])
def test_folder_builds_skip_what_is_not_a_regular_file_and_build_the_rest(folder, tmp_path, make):
    make(folder / "hostile.md")
    started = time.perf_counter()
    run = build(str(folder), "-o", str(tmp_path / "out"), "-j", "1")
    assert time.perf_counter() - started < 60
    assert run.returncode == 0, run.stderr
    assert f"{folder / 'hostile.md'}: warning: not a regular file" in run.stderr
    assert "Traceback" not in run.stderr and "MemoryError" not in run.stderr
    assert (tmp_path / "out" / "good.pdf").is_file() and (tmp_path / "out" / "good.epub").is_file()


def test_a_non_regular_file_named_on_the_command_line_is_a_usage_error(folder, tmp_path):
    os.mkfifo(folder / "pipe.md")
    run = build(str(folder / "pipe.md"), "-o", str(tmp_path / "out"), timeout=30)
    assert run.returncode == 2 and "pipe.md: not a regular file" in run.stderr


@pytest.mark.parametrize("make", [lambda path: path.symlink_to("/dev/zero"), lambda path: os.mkfifo(path)],
                         ids=["dev-zero", "fifo"])
def test_reading_a_non_regular_file_is_refused_without_reading_it(tmp_path, make):
    path = tmp_path / "x.md"
    make(path)
    started = time.perf_counter()
    with pytest.raises(BuildError) as failure:
        read_text(path, "x.md")
    assert "not a regular file" in failure.value.problems[0].message
    assert time.perf_counter() - started < 1


def test_reading_is_bounded_by_the_size_limit(tmp_path):
    path = tmp_path / "big.md"
    with open(path, "wb") as handle:  # sparse: large on paper, nothing on disk
        handle.truncate(50 * MAX_BYTES)
    with pytest.raises(BuildError) as failure:
        read_text(path, "big.md")
    assert f"file is {50 * MAX_BYTES:,} bytes; the limit is {MAX_BYTES:,}" in failure.value.problems[0].message
