"""What happened to each article or book, and how it is told: the terminal's summary line and
the --json document."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from handout.errors import Problem
from handout.model import Article


@dataclass
class Report:
    """What happened to one article: the problems, the counts, where the outputs went."""

    path: str
    slug: str = ""
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    outputs: list[str] = field(default_factory=list)
    failed_outputs: list[str] = field(default_factory=list)
    seconds: float = 0.0
    inputs: list[str] = field(default_factory=list)  # files read besides the article (images), for incremental builds
    checked: bool = True  # False under --no-check: written, not compared with the model
    reading: dict | None = None  # the prose's reading grade (check/reading_grade.py measure), once built

    @property
    def ok(self) -> bool:
        return not any(problem.is_error for problem in self.problems)

    @property
    def status(self) -> str:
        """'built' or 'failed' (an article skipped as up to date is 'unchanged': incremental.Skipped)."""
        return "built" if self.ok else "failed"


def counts_for(article: Article, pages: int) -> dict[str, int]:
    """What the summary line counts in an article."""
    tables = article.tables
    faq = article.faq
    return {"sections": len(article.body), "tables": len(tables), "rows": sum(len(t.rows) for t in tables),
            "faq_items": len(faq.items) if faq else 0, "pages": pages}


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def tally(report: Report) -> tuple[int, int]:
    """(errors, warnings) in a report."""
    errors = sum(problem.is_error for problem in report.problems)
    return errors, sum(problem.severity == "warning" for problem in report.problems)


def summary_line(report: Report) -> str:
    """The one line per article: what was checked and where it went, or why it failed."""
    counts = report.counts
    errors, warnings = tally(report)
    noted = f", {plural(warnings, 'warning')}" if warnings else ""
    reading = getattr(report, "reading", None)  # an article skipped as unchanged has none
    read = f", {reading_words(reading)}" if reading else ""
    if report.ok:
        verdict = "ok" if report.checked else "built (not checked)"
        return (f"{report.path}: {verdict}: {plural(counts.get('tables', 0), 'table')}, "
                f"{plural(counts.get('rows', 0), 'row')}, {counts.get('faq_items', 0)} FAQ "
                f"item{'' if counts.get('faq_items', 0) == 1 else 's'}, {plural(counts.get('pages', 0), 'page')}"
                f"{read}{noted} -> {', '.join(report.outputs)} ({report.seconds:.1f}s)")
    where = (f"failed outputs for inspection: {', '.join(report.failed_outputs)}" if report.failed_outputs
             else "nothing written")
    return f"{report.path}: FAILED: {plural(errors, 'error')}{noted}; {where}; previous outputs kept"


def reading_words(reading: dict) -> str:
    """'reading grade 7.4', 'reading ease 68.2 (INFLESZ)' or 'reading not measured (Thai)'."""
    if reading.get("grade") is not None:
        return f"reading grade {reading['grade']}"
    if reading.get("score") is not None:
        return f"reading ease {reading['score']} ({reading['formula'].split()[0]})"
    return f"reading not measured ({reading['note'].removeprefix('not measured for ')})"


def as_json(reports: list[Report]) -> str:
    """The same report as the terminal's, machine-readable."""
    return json.dumps({
        "ok": all(report.ok for report in reports),
        "articles": [{
            "path": report.path, "slug": report.slug, "ok": report.ok, "status": report.status,
            "checked": report.checked,
            "errors": tally(report)[0], "warnings": tally(report)[1], "counts": report.counts,
            "outputs": report.outputs, "failed_outputs": report.failed_outputs,
            "seconds": round(report.seconds, 3),
            "reading": getattr(report, "reading", None),  # None for an article skipped as unchanged
            "problems": [dict(problem._asdict(), text=problem.format()) for problem in report.problems],
        } for report in reports],
    }, indent=2, ensure_ascii=False)
