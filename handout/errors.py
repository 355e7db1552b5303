"""Problems found while building, the one way they are printed, and the exit codes."""

from __future__ import annotations

from collections import namedtuple

EXIT_OK = 0
EXIT_CONTENT = 1  # content errors or failed checks
EXIT_USAGE = 2  # bad command line
EXIT_INSTALL = 3  # the builder's own templates, styles or fonts are missing

# A named tuple, not a dataclass: every run, the no-op one included, imports this module, and
# `dataclasses` (with `inspect`) is a sixth of a no-op run's import time.
Fields = namedtuple("Fields", "path line message severity code", defaults=("error", "content"))


class Problem(Fields):
    """One finding, pinned to a source line where there is one: path, line (or None), message,
    severity ("error", "warning" or "note") and code (a stable short name for --json consumers)."""

    __slots__ = ()

    def format(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.severity}: {self.message}"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"


class BuildError(Exception):
    """Raised to stop one article's build; carries every problem found so far."""

    def __init__(self, problems: list[Problem] | Problem):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("\n".join(p.format() for p in self.problems))


def error(path, line, message, code="content") -> Problem:
    return Problem(str(path), line, message, "error", code)


def warning(path, line, message, code="content") -> Problem:
    return Problem(str(path), line, message, "warning", code)


def note(path, line, message, code="content") -> Problem:
    """Advice, not a fault: printed with the report, counted as neither error nor warning."""
    return Problem(str(path), line, message, "note", code)
