"""Turn build reports into the terminal summary, the error lines and the --json document."""

from __future__ import annotations

import json
from dataclasses import asdict

from .pipeline import Report


def summary_line(report: Report) -> str:
    counts = report.counts
    if report.ok:
        return (f"{report.path}: ok: {counts.get('tables', 0)} tables, {counts.get('rows', 0)} rows, "
                f"{counts.get('faq_items', 0)} FAQ items, {counts.get('pages', 0)} pages "
                f"-> {', '.join(report.outputs)} ({report.seconds:.1f}s)")
    errors = sum(problem.is_error for problem in report.problems)
    where = f"; failed outputs for inspection: {', '.join(report.failed_outputs)}" if report.failed_outputs else ""
    return f"{report.path}: FAILED: {errors} error{'s' if errors != 1 else ''}{where}; previous outputs kept"


def as_json(reports: list[Report]) -> str:
    return json.dumps({
        "ok": all(report.ok for report in reports),
        "articles": [{
            "path": report.path, "slug": report.slug, "ok": report.ok, "counts": report.counts,
            "outputs": report.outputs, "failed_outputs": report.failed_outputs,
            "seconds": round(report.seconds, 3),
            "problems": [asdict(problem) for problem in report.problems],
        } for report in reports],
    }, indent=2, ensure_ascii=False)
