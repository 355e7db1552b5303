"""One article or book through every stage: read -> lint -> render -> write PDF and EPUB ->
check -> publish. The stages read one Settings object, resolved once (handout/settings.py)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import NamedTuple

from handout.book_pipeline import run_book
from handout.errors import BuildError, Problem, error
from handout.languages import intended_faces, plain_font_name
from handout.model import Article
from handout.read.article import local_images
from handout.read.book import is_book
from handout.read.front_matter import front_matter_line
from handout.read.lint import source_problems
from handout.render.user_templates import unused_overrides
from handout.report import Report, counts_for
from handout.resources import CJK_SETUP, missing_cjk_fonts
from handout.sandbox import Sandbox, engine_problems, refusals
from handout.settings import BuildOptions, Settings, resolve
from handout.write.file_cache import FileCache
from handout.write.output_files import publish


def build(path: Path, options: BuildOptions) -> Report:
    """Build one article or book file as the command line asks; everything that went wrong is in the report."""
    started = time.perf_counter()
    report = Report(str(path), slug=path.stem, checked=options.check)
    try:
        (run_book if is_book(path) else run_article)(path, options, report)
    except BuildError as failure:
        report.problems += failure.problems
    report.seconds = time.perf_counter() - started
    return report


def run_article(path: Path, options: BuildOptions, report: Report) -> None:
    from handout.check.epub import (
        check_epub,  # the PDF engine loads only when something is built
    )
    from handout.check.last_page import last_page_note
    from handout.check.pdf import check_pdf
    from handout.check.reading_grade import above_target, article_reading
    from handout.overlap import Background
    from handout.write.fit import lay_out_article, stacked_note
    from handout.write.pdf import write_pdf

    article, problems = source_problems(path, str(path), options.css)
    settings = resolve(options, path, article.meta)
    practice = settings.practice
    report.inputs = local_images(path, article) + ([practice.logo] if practice.logo else [])
    report.problems += problems + unused_overrides(settings.templates) + form_problems(settings)
    report.problems += face_problems(article)
    if not report.ok:
        return
    sandbox = Sandbox.for_article(path.parent, settings.css, practice.logo)
    epub_sandbox = Sandbox.for_article(path.parent, settings.css)
    # The EPUB (its cover and its 6-inch layout included) is made on another core while the PDF is laid out.
    with Background(lambda: make_epub(article, epub_sandbox, settings), fork=settings.overlap) as epub_stage:
        document, engine_messages = lay_out_article(article, settings, sandbox)
        pdf = write_pdf(document, settings.pdf_variant)
        pdf_findings = check_pdf(article, document, pdf, practice, settings.variant) if settings.check else []
        epub = epub_stage.result()
    if epub.failure:
        raise BuildError(epub.failure)
    sandbox.refused += epub.refused  # the PDF's refusals first, as before
    report.problems += epub.problems + refusals(article, sandbox)
    report.problems += engine_problems(sandbox, article, engine_messages)
    if settings.check:
        report.problems += pdf_findings + check_epub(article, epub.data, epub.screen, practice=practice)
    report.problems += last_page_note(document, settings) + stacked_note(document, settings)
    report.reading = article_reading(article)  # whether checking or not: it reads the model only
    report.problems += above_target(report.reading, article.path, front_matter_line(article.path, "reading_grade"))
    report.counts = counts_for(article, len(document.pages))
    publish(report, settings.output_dir / f"{article.slug}.pdf", pdf)
    publish(report, settings.output_dir / f"{article.slug}.epub", epub.data)


def form_problems(settings: Settings) -> list[Problem]:
    """Fillable worksheets and PDF/A do not go together: say so before anything is laid out."""
    if not (settings.fillable and settings.pdf_variant.startswith("pdf/a")):
        return []
    return [error(settings.source, None, f"a fillable worksheet cannot be {settings.pdf_variant.upper()}: PDF/A "
                                         "forbids form fields without appearance streams; build it as PDF/UA-1 "
                                         "(the default) or leave 'fillable' off for the archive copy")]


def face_problems(article: Article) -> list[Problem]:
    """An article in Chinese, Japanese or Korean needs its face, made at setup (docs/fonts.md):
    without it, say how to make it, before the glyph check lists every character."""
    own = tuple(plain_font_name(face) for face in intended_faces(article.meta.language)[1])
    missing = [name for name in missing_cjk_fonts() if own and plain_font_name(name).startswith(own)]
    if not missing:
        return []
    return [error(article.path, front_matter_line(article.path, "language"),
                  f"{CJK_SETUP}; language '{article.meta.language}' is printed in {', '.join(missing)}")]


class EpubStage(NamedTuple):
    """The EPUB stage's outcome, as it comes back from a forked helper (so: plain, picklable values)."""

    data: bytes = b""
    problems: list[Problem] = []
    refused: list = []
    screen: object = None  # the EPUB laid out on a 6-inch reader and a phone (check/epub.ScreenView), when checking
    failure: list[Problem] = []  # a BuildError's problems (exceptions with custom arguments do not unpickle)


def make_epub(article: Article, sandbox: Sandbox, settings: Settings) -> EpubStage:
    """Render and write the EPUB, and lay it out on a 6-inch screen when checking."""
    from handout.check.epub import open_epub
    from handout.check.epub_screen import small_screen_layout
    from handout.render.epub import (
        render_publication,  # imported here: in the helper, off the PDF's path
    )
    from handout.write.epub import write_epub
    try:
        publication, problems = render_publication(article, sandbox, settings, FileCache(settings.output_dir))
        data = write_epub(publication)
    except BuildError as failure:
        return EpubStage(failure=failure.problems)
    screen = small_screen_layout(open_epub(data)) if settings.check else None
    return EpubStage(data, problems, sandbox.refused, screen)
