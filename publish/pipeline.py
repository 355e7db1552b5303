"""One article through every stage: read -> lint -> render -> write PDF and EPUB -> check -> publish."""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple
from urllib.parse import unquote

from .check_source import all_tables
from .errors import BuildError, Problem, error
from .file_cache import FileCache
from .model import Article
from .output_files import failed_name, write_atomic
from .lint import source_problems
from .render import Practice
from .sandbox import Sandbox, engine_problems
from .user_templates import unused_overrides


@dataclass(frozen=True)
class BuildOptions:
    output_dir: Path = Path("output")
    page_size: str = ""  # "" = the article's page_size, else A4
    css: tuple[Path, ...] = ()
    variant: str = "standard"  # or "large-print" (see fit.VARIANTS)
    fit: int = 0  # pages the PDF must fit on (0: the article's `fit`, or no limit)
    pdf_variant: str = "pdf/ua-1"
    check: bool = True
    practice: Practice = Practice()
    templates: str = ""  # a folder whose templates override the built-in ones
    overlap: bool = False  # make the EPUB (and its 6-inch check layout) in a forked helper during the PDF


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

    @property
    def ok(self) -> bool:
        return not any(problem.is_error for problem in self.problems)

    @property
    def status(self) -> str:
        """'built' or 'failed' (an article skipped as up to date is 'unchanged': incremental.Skipped)."""
        return "built" if self.ok else "failed"


def counts_for(article: Article, pages: int) -> dict[str, int]:
    tables = all_tables(article)
    faq = article.faq
    return {"sections": len(article.body), "tables": len(tables), "rows": sum(len(t.rows) for t in tables),
            "faq_items": len(faq.items) if faq else 0, "pages": pages}


def build(path: Path, options: BuildOptions) -> Report:
    started = time.perf_counter()
    report = Report(str(path), slug=path.stem, checked=options.check)
    try:
        if path.suffix.lower() in (".yaml", ".yml"):  # a book: several articles, one PDF and one EPUB
            from .book_pipeline import run_book
            run_book(path, options, report)
        else:
            run_stages(path, options, report)
    except BuildError as failure:
        report.problems += failure.problems
    report.seconds = time.perf_counter() - started
    return report


def run_stages(path: Path, options: BuildOptions, report: Report) -> None:
    from .check_epub import check_epub  # the PDF engine loads only when something is built
    from .check_pdf import check_pdf
    from .fit import lay_out_article
    from .overlap import Background
    from .settings import practice_of, with_settings
    from .write_pdf import write_pdf

    options = with_settings(options, path)
    article, problems = source_problems(path, str(path), options.css)
    practice = practice_of(options, path)
    report.inputs = local_images(path, article) + ([practice.logo] if practice.logo else [])
    report.problems += problems + unused_overrides(options.templates)
    if not report.ok:
        return
    sandbox = Sandbox.for_article(path.parent, options.css, practice.logo)
    epub_sandbox = Sandbox.for_article(path.parent, options.css)
    page_size = options.page_size or article.meta.page_size or "A4"
    # The EPUB (its cover and its 6-inch layout included) is made on another core while the PDF is laid out.
    with Background(lambda: make_epub(article, epub_sandbox, options), fork=options.overlap) as epub_stage:
        document, engine_messages = lay_out_article(article, path, options, sandbox, page_size, practice)
        pdf = write_pdf(document, options.pdf_variant)
        pdf_findings = check_pdf(article, document, pdf, practice, options.variant) if options.check else []
        epub = epub_stage.result()
    if epub.failure:
        raise BuildError(epub.failure)
    sandbox.refused += epub.refused  # the PDF's refusals first, as before
    report.problems += epub.problems + refusals(article, sandbox)
    report.problems += engine_problems(sandbox, article, engine_messages)
    if options.check:
        report.problems += pdf_findings + check_epub(article, epub.data, epub.screen)
    report.counts = counts_for(article, len(document.pages))
    publish(report, options.output_dir / f"{article.slug}.pdf", pdf)
    publish(report, options.output_dir / f"{article.slug}.epub", epub.data)


class EpubStage(NamedTuple):
    """The EPUB stage's outcome, as it comes back from a forked helper (so: plain, picklable values)."""

    data: bytes = b""
    problems: list[Problem] = []
    refused: list = []
    screen: object = None  # the 6-inch layout (check_epub.ScreenLayout), when checking
    failure: list[Problem] = []  # a BuildError's problems (exceptions with custom arguments do not unpickle)


def make_epub(article: Article, sandbox: Sandbox, options: BuildOptions) -> EpubStage:
    """Render and write the EPUB, and lay it out on a 6-inch screen when checking."""
    from .check_epub import open_epub
    from .epub_screen import small_screen_layout
    from .render_epub import render_publication  # imported here: in the helper, off the PDF's path
    from .write_epub import write_epub
    try:
        publication, problems = render_publication(article, sandbox, list(options.css),
                                                   os.environ.get("SOURCE_DATE_EPOCH"), options.templates,
                                                   cover_cache=FileCache(options.output_dir))
        data = write_epub(publication)
    except BuildError as failure:
        return EpubStage(failure=failure.problems)
    screen = small_screen_layout(open_epub(data)) if options.check else None
    return EpubStage(data, problems, sandbox.refused, screen)


def local_images(path: Path, article: Article) -> list[str]:
    """The image files an article names, its front matter's cover included (URLs are refused
    later, so they are not inputs)."""
    sources = [image.src for image in article.images] + [article.meta.cover]
    return [str(path.parent / unquote(src)) for src in sources if src and ":" not in src.split("/")[0]]


def refusals(article: Article, sandbox: Sandbox) -> list[Problem]:
    """Refused resources other than the article's images (those are reported with their line)."""
    # Compare what each URL names, not its spelling: the PDF engine asks for absolute URLs.
    base = Path(article.path).parent
    images = {sandbox.target(image.src, base) for image in article.images if image.src}
    urls = dict.fromkeys(refusal.url for refusal in sandbox.refused if refusal.target not in images)
    reasons = {refusal.url: refusal.describe() for refusal in sandbox.refused}
    return [error(article.path, None, f"resource '{url}' {reasons[url]}", "resource") for url in urls]


def publish(report: Report, target: Path, data: bytes) -> None:
    """Good outputs replace the previous ones; failed ones go beside them, never over them."""
    if report.ok:
        write_atomic(target, data)
        failed_name(target).unlink(missing_ok=True)
        report.outputs.append(str(target))
    else:
        write_atomic(failed_name(target), data)
        report.failed_outputs.append(str(failed_name(target)))
