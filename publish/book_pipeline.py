"""One book through every stage: read the book and its articles -> render -> write PDF and
EPUB -> check -> publish, the same stages and report as a single article."""

from __future__ import annotations

import os
from pathlib import Path

from .book import load_book, render_book_print, render_book_publication
from .errors import Problem
from .file_cache import FileCache
from .project import STYLES
from .sandbox import Sandbox
from .user_templates import unused_overrides


def run_book(path: Path, options, report) -> None:
    """Build `path` (a book file) as `report` describes; stages as in pipeline.run_stages."""
    from .book_check import check_book_epub, check_book_pdf
    from .epub_screen import small_screen_layout
    from .fit import lay_out
    from .pipeline import counts_for, local_images, publish
    from .settings import practice_of, with_settings
    from .write_epub import write_epub
    from .write_pdf import write_pdf

    options = with_settings(options, path, book=True)
    book, articles, warnings = load_book(path)
    report.problems += warnings + unused_overrides(options.templates)
    report.inputs = [str(article) for article in book.articles]
    report.inputs += [str(path.parent / book.cover)] if book.cover else []
    report.inputs += [image for article in articles for image in local_images(Path(article.path), article)]
    practice = practice_of(options, path)
    report.inputs += [practice.logo] if practice.logo else []
    publication, problems = render_book_publication(book, articles, list(options.css),
                                                    os.environ.get("SOURCE_DATE_EPOCH"), options.templates, practice,
                                                    FileCache(options.output_dir))
    epub = write_epub(publication)
    folder = path.parent
    # One document, one base: the book's folder, plus each article's folder for its images.
    sandbox = Sandbox.for_article(folder, tuple(options.css) + tuple(Path(a.path).parent for a in articles),
                                  practice.logo)
    page_size = options.page_size or "A4"
    html = render_book_print(book, articles, practice, options.variant, options.templates)
    book_css = "\n" + (STYLES / "book.css").read_text(encoding="utf-8")
    document, engine_messages = lay_out(html, folder.resolve(), options, sandbox, page_size, book_css,
                                        target=options.fit, source=f"--fit {options.fit}", shown=str(path))
    pdf = write_pdf(document, options.pdf_variant)
    report.problems += problems + [message if isinstance(message, Problem) else
                                   Problem(str(path), None, f"PDF engine: {message}", "warning", "engine")
                                   for message in engine_messages]
    if options.check:
        report.problems += check_book_pdf(book, articles, document, pdf, options.variant)
        report.problems += check_book_epub(book, articles, epub, small_screen_layout)
    counts = [counts_for(article, 0) for article in articles]
    report.counts = {key: sum(count[key] for count in counts) for key in counts[0]} | {"pages": len(document.pages)}
    publish(report, options.output_dir / f"{book.slug}.pdf", pdf)
    publish(report, options.output_dir / f"{book.slug}.epub", epub)
