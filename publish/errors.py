"""Problems found while building, the one way they are printed, and the exit codes."""

from __future__ import annotations

from dataclasses import dataclass

EXIT_OK = 0
EXIT_CONTENT = 1  # content errors or failed checks
EXIT_USAGE = 2  # bad command line


@dataclass(frozen=True)
class Problem:
    """One finding, pinned to a source line where there is one."""

    path: str
    line: int | None
    message: str
    severity: str = "error"  # "error" or "warning"
    code: str = "content"  # a stable short name for --json consumers

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
