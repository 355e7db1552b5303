"""The file a writer probably meant when the one named is not there: the same path but for
letter case, or for one character in a name ("images/Panic-cycle.png", "panic-cyle.png")."""

from __future__ import annotations

from pathlib import Path


def meant_file(missing: Path, root: Path) -> Path | None:
    """The one existing file below `root` whose path differs from `missing` only in letter case or
    by one character in each of its names; None if there is no such file, or more than one."""
    try:
        parts = missing.relative_to(root).parts
    except ValueError:
        return None
    here = root
    for part in parts:
        if len(part.encode("utf-8", "surrogatepass")) > 255:  # no file system has such a name
            return None
        if (here / part).exists():
            here = here / part
            continue
        try:
            names = [child.name for child in here.iterdir() if not child.name.startswith(".")]
        except OSError:
            return None
        close = ([name for name in names if name.casefold() == part.casefold()]
                 or [name for name in names if one_edit(name.casefold(), part.casefold())])
        if len(close) != 1:
            return None
        here = here / close[0]
    return here if here.is_file() and here != missing else None


def one_edit(first: str, second: str) -> bool:
    """Whether two names differ by exactly one character replaced, added or left out."""
    if abs(len(first) - len(second)) > 1 or first == second:
        return False
    if len(first) == len(second):
        return sum(a != b for a, b in zip(first, second)) == 1
    short, long = sorted((first, second), key=len)
    return any(long[:index] + long[index + 1:] == short for index in range(len(long)))
