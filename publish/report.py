"""Turn build reports into the terminal summary, the error lines and the --json document."""

from __future__ import annotations

import json

from .pipeline import Report


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def tally(report: Report) -> tuple[int, int]:
    """(errors, warnings) in a report."""
    errors = sum(problem.is_error for problem in report.problems)
    return errors, len(report.problems) - errors


def summary_line(report: Report) -> str:
    """The one line per article: what was checked and where it went, or why it failed."""
    counts = report.counts
    errors, warnings = tally(report)
    noted = f", {plural(warnings, 'warning')}" if warnings else ""
    if report.ok:
        verdict = "ok" if report.checked else "built (not checked)"
        return (f"{report.path}: {verdict}: {plural(counts.get('tables', 0), 'table')}, "
                f"{plural(counts.get('rows', 0), 'row')}, {counts.get('faq_items', 0)} FAQ "
                f"item{'' if counts.get('faq_items', 0) == 1 else 's'}, {plural(counts.get('pages', 0), 'page')}"
                f"{noted} -> {', '.join(report.outputs)} ({report.seconds:.1f}s)")
    where = (f"failed outputs for inspection: {', '.join(report.failed_outputs)}" if report.failed_outputs
             else "nothing written")
    return f"{report.path}: FAILED: {plural(errors, 'error')}{noted}; {where}; previous outputs kept"


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
            "problems": [dict(problem._asdict(), text=problem.format()) for problem in report.problems],
        } for report in reports],
    }, indent=2, ensure_ascii=False)
