"""Bytes on disk -> text: UTF-8 only, BOM and CRLF accepted; NUL, control characters, empty,
oversized and non-regular files (FIFOs, devices) refused."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from handout.errors import BuildError, Problem, error
from handout.read.control_characters import first_forbidden, message

# Limits that keep a build to seconds and bounded memory; a handout is far smaller. A word may
# be as long as a line: the renderer gives long words break opportunities (render.line_breaks.breakable).
MAX_BYTES = 2_000_000
MAX_LINE_CHARS = 20_000


def read_text(path: Path, shown: str) -> str:
    """Return the file's text with `\\n` line ends, or raise BuildError saying what is wrong."""
    data = read_bounded(path, shown)
    text = decode(data, shown)
    problems = size_problems(text, shown)
    if problems:
        raise BuildError(problems)
    return text


def read_bounded(path: Path, shown: str) -> bytes:
    """At most MAX_BYTES + 1 bytes of a regular file: a FIFO would hang the build, and a link to
    /dev/zero would fill memory, so neither is read at all."""
    try:
        # Non-blocking, so opening a FIFO returns at once; fstat then judges what was opened.
        handle = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as exc:
        raise BuildError(error(shown, None, f"cannot read file: {exc.strerror}", "io"))
    with os.fdopen(handle, "rb") as file:
        status = os.fstat(file.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise BuildError(error(shown, None, "not a regular file (a FIFO, a device or a link to one); "
                                                "an article is a text file", "io"))
        try:
            data = file.read(MAX_BYTES + 1)
        except OSError as exc:
            raise BuildError(error(shown, None, f"cannot read file: {exc.strerror}", "io"))
    if len(data) > MAX_BYTES:
        raise BuildError(error(shown, None, f"file is {max(len(data), status.st_size):,} bytes; the limit is "
                                            f"{MAX_BYTES:,} (split it into several articles)"))
    return data


def decode(data: bytes, shown: str) -> str:
    """UTF-8 bytes (an optional BOM) -> text with `\\n` line ends; refuse empty, non-UTF-8 and NUL."""
    bom = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    data = data[bom:]
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise BuildError(error(shown, 1, "file is UTF-16; save it as UTF-8"))
    if not data.strip():
        raise BuildError(error(shown, None, "file is empty; an article needs front matter with a title"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise BuildError(error(
            shown, line,
            f"not valid UTF-8 at byte offset {exc.start + bom} (byte 0x{data[exc.start]:02x}); "
            "save the file as UTF-8"))
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise BuildError(error(shown, line, "file contains a NUL byte; is it a text file?"))
    return text.replace("\r\n", "\n").replace("\r", "\n")


def size_problems(text: str, shown: str) -> list[Problem]:
    """Lines too long to lay out in reasonable time, and characters no output can hold, each
    named by its line."""
    problems: list[Problem] = []
    for number, line in enumerate(text.split("\n"), 1):
        forbidden = first_forbidden(line)
        if forbidden:
            problems.append(error(shown, number, message(forbidden[0], forbidden.start() + 1)))
        if len(line) > MAX_LINE_CHARS:
            problems.append(error(shown, number, f"line is {len(line):,} characters long; the limit is "
                                                 f"{MAX_LINE_CHARS:,} (break it into paragraphs)"))
        if len(problems) >= 10:
            break  # enough to show the pattern; the rest would only be noise
    return problems
