"""Bytes on disk -> text: UTF-8 only, BOM and CRLF accepted, NUL and empty files refused."""

from __future__ import annotations

from pathlib import Path

from .errors import BuildError, error


def read_text(path: Path, shown: str) -> str:
    """Return the file's text with `\\n` line ends, or raise BuildError saying what is wrong."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise BuildError(error(shown, None, f"cannot read file: {exc.strerror}", "io"))
    return decode(data, shown)


def decode(data: bytes, shown: str) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if not data.strip():
        raise BuildError(error(shown, None, "file is empty; an article needs front matter with a title"))
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise BuildError(error(
            shown, line,
            f"not valid UTF-8 at byte offset {exc.start} (byte 0x{data[exc.start]:02x}); "
            "save the file as UTF-8"))
    if "\x00" in text:
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise BuildError(error(shown, line, "file contains a NUL byte; is it a text file?"))
    return text.replace("\r\n", "\n").replace("\r", "\n")
