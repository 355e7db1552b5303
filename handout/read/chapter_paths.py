"""A book's chapter entry -> the one file it names, resolved once.

An entry is a plain path relative to the book's folder, not a URL: no `%xx` decoding and no
`#fragment`, so the name checked is the name read. The path is resolved (symlinks and `..`)
and judged as resolved: inside the book's folder, not hidden, a regular Markdown file. The
chapter is then read from that resolved place, and two entries naming one file are one."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from handout.near_names import meant_file


class ChapterRefused(Exception):
    """Why an entry names no readable chapter, in words to follow `article '<name>' `."""


def chapter_path(name: str, folder: Path) -> Path:
    """The chapter file `name` names, as `folder` (given as the user wrote it) / its real path
    inside the folder; raises ChapterRefused saying why there is none."""
    root = folder.resolve()
    try:
        resolved = (root / name).resolve()
    except (OSError, RuntimeError, ValueError):  # a symlink loop, a name too long for the system
        raise ChapterRefused("refused: not a path to a file") from None
    if not resolved.is_relative_to(root):
        # Judged before existence, so a refusal never tells whether a file outside exists.
        raise ChapterRefused("refused: outside the book's folder; a book's articles are files in its folder "
                             "or below it")
    inside = resolved.relative_to(root)
    if any(part.startswith(".") for part in inside.parts):
        raise ChapterRefused("refused: hidden files and folders are not read")
    try:
        mode = os.stat(resolved).st_mode
    except OSError:
        meant = meant_file(resolved, root)
        hint = f"; did you mean '{os.path.relpath(meant, root)}'?" if meant else ""
        raise ChapterRefused(f"not found: {resolved}{hint}") from None
    if not stat.S_ISREG(mode):
        raise ChapterRefused("refused: not a regular file")
    if resolved.suffix.lower() != ".md" or Path(name).suffix.lower() != ".md":
        raise ChapterRefused("is not a Markdown (.md) file")
    return folder / inside
