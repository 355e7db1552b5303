"""One article through every stage: read -> lint -> render -> write PDF and EPUB -> check -> publish."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from .check_source import all_tables, check_source
from .errors import BuildError, Problem, error
from .model import Article
from .output_files import failed_name, write_atomic
from .read import read_article
from .render import Practice, render_print
from .render_epub import render_publication
from .sandbox import Sandbox


@dataclass(frozen=True)
class BuildOptions:
    output_dir: Path = Path("output")
    page_size: str = ""  # "" = the article's page_size, else A4
    css: tuple[Path, ...] = ()
    variant: str = "standard"
    pdf_variant: str = "pdf/ua-1"
    check: bool = True
    practice: Practice = Practice()
    templates: str = ""  # a folder whose templates override the built-in ones


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

    @property
    def ok(self) -> bool:
        return not any(problem.is_error for problem in self.problems)


def counts_for(article: Article, pages: int) -> dict[str, int]:
    tables = all_tables(article)
    faq = article.faq
    return {"sections": len(article.body), "tables": len(tables), "rows": sum(len(t.rows) for t in tables),
            "faq_items": len(faq.items) if faq else 0, "pages": pages}


def build(path: Path, options: BuildOptions) -> Report:
    started = time.perf_counter()
    report = Report(str(path), slug=path.stem)
    try:
        run_stages(path, options, report)
    except BuildError as failure:
        report.problems += failure.problems
    report.seconds = time.perf_counter() - started
    return report


def run_stages(path: Path, options: BuildOptions, report: Report) -> None:
    from .check_epub import check_epub  # the PDF engine loads only when something is built
    from .check_pdf import check_pdf
    from .epub_screen import small_screen_findings
    from .write_epub import write_epub
    from .write_pdf import render_layout, write_pdf

    article, warnings = read_article(path, str(path))
    report.problems += warnings + check_source(article)
    if not report.ok:
        return
    sandbox = Sandbox.for_article(path.parent, tuple(css.parent for css in options.css))
    page_size = options.page_size or article.meta.page_size or "A4"
    document, engine_messages = render_layout(render_print(article, options.practice, options.variant, options.templates),
                                              path.parent.resolve(), sandbox, list(options.css), page_size)
    pdf = write_pdf(document, options.pdf_variant)
    publication, resource_problems = render_publication(article, sandbox, list(options.css),
                                                        os.environ.get("SOURCE_DATE_EPOCH"), options.templates)
    epub = write_epub(publication)
    report.problems += resource_problems + refusals(article, sandbox)
    report.problems += [Problem(str(path), None, f"PDF engine: {message}", "warning", "engine")
                        for message in engine_messages]
    if options.check:
        report.problems += check_pdf(article, document, pdf)
        report.problems += check_epub(article, epub, small_screen_findings)
    report.counts = counts_for(article, len(document.pages))
    publish(report, options.output_dir / f"{article.slug}.pdf", pdf)
    publish(report, options.output_dir / f"{article.slug}.epub", epub)


def refusals(article: Article, sandbox: Sandbox) -> list[Problem]:
    """Refused resources other than the article's images (those are reported with their line)."""
    sources = [image.src for image in article.images if image.src]
    urls = dict.fromkeys(refusal.url for refusal in sandbox.refused
                         if not any(refusal.url.endswith(src) for src in sources))
    reasons = {refusal.url: refusal.reason for refusal in sandbox.refused}
    return [error(article.path, None, f"resource '{url}' refused: {reasons[url]}", "resource") for url in urls]


def publish(report: Report, target: Path, data: bytes) -> None:
    """Good outputs replace the previous ones; failed ones go beside them, never over them."""
    if report.ok:
        write_atomic(target, data)
        failed_name(target).unlink(missing_ok=True)
        report.outputs.append(str(target))
    else:
        write_atomic(failed_name(target), data)
        report.failed_outputs.append(str(failed_name(target)))
