"""One book through every stage: read the book and its articles -> render -> write PDF and
EPUB -> check -> publish, the same stages and report as a single article (pipeline.py)."""

from __future__ import annotations

from pathlib import Path

from handout.errors import Problem
from handout.read.article import local_images
from handout.read.book import load_book
from handout.render.page_css import language_css
from handout.render.user_templates import unused_overrides
from handout.report import Report, counts_for
from handout.resources import STYLES
from handout.sandbox import Sandbox
from handout.settings import BuildOptions, resolve
from handout.write.file_cache import FileCache
from handout.write.output_files import publish


def run_book(path: Path, options: BuildOptions, report: Report) -> None:
    """Build `path` (a book file) into `report`; stages as in pipeline.run_article."""
    from handout.check.book import check_book_epub, check_book_pdf
    from handout.check.epub_screen import small_screen_layout
    from handout.check.reading_grade import book_reading, chapter_warnings
    from handout.render.book import render_book_print, render_book_publication
    from handout.write.epub import write_epub
    from handout.write.fit import lay_out, stacked_note
    from handout.write.pdf import write_pdf

    settings = resolve(options, path)
    book, articles, warnings = load_book(path)
    practice = settings.practice
    report.problems += warnings + unused_overrides(settings.templates)
    report.inputs = [str(article) for article in book.articles]
    report.inputs += [str(path.parent / book.cover)] if book.cover else []
    report.inputs += [image for article in articles for image in local_images(Path(article.path), article)]
    report.inputs += [practice.logo] if practice.logo else []
    publication, problems = render_book_publication(book, articles, settings, FileCache(settings.output_dir))
    epub = write_epub(publication)
    folder = path.parent
    # One document, one base: the book's folder, plus each article's folder for its images.
    sandbox = Sandbox.for_article(folder, tuple(settings.css) + tuple(Path(a.path).parent for a in articles),
                                  practice.logo)
    # A book keeps its chapters' fields: fillable as soon as one chapter is (names are per
    # chapter); a PDF/A book is the archive copy, printed for a pen (PDF/A forbids the fields).
    fillable = (settings.fillable or any(article.meta.fillable for article in articles)) \
        and not settings.pdf_variant.startswith("pdf/a")
    html = render_book_print(book, articles, practice, settings.variant, settings.templates, fillable)
    book_css = language_css(book.language, [book.language] + [article.meta.language for article in articles])
    book_css += "\n" + (STYLES / "book.css").read_text(encoding="utf-8")
    document, engine_messages = lay_out(html, folder.resolve(), settings, sandbox, book_css)
    pdf = write_pdf(document, settings.pdf_variant)
    report.problems += problems + [message if isinstance(message, Problem) else
                                   Problem(str(path), None, f"PDF engine: {message}", "warning", "engine")
                                   for message in engine_messages]
    if settings.check:
        report.problems += check_book_pdf(book, articles, document, pdf, settings.variant)
        report.problems += check_book_epub(book, articles, epub, small_screen_layout)
    # The book's line reads its chapters as one text; each chapter is held to its own target.
    report.reading = book_reading(articles)
    report.problems += chapter_warnings(articles)
    counts = [counts_for(article, 0) for article in articles]
    report.problems += stacked_note(document, settings)  # the whole book's layout, said once
    report.counts = {key: sum(count[key] for count in counts) for key in counts[0]} | {"pages": len(document.pages)}
    publish(report, settings.output_dir / f"{book.slug}.pdf", pdf)
    publish(report, settings.output_dir / f"{book.slug}.epub", epub)
