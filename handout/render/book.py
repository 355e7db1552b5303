"""A book: several articles -> one EPUB (a chapter each, one nav, one cover) and one PDF
(each article on a new page, one contents list, running footers per article)."""

from __future__ import annotations

import os
import posixpath
from pathlib import Path

from handout import __version__
from handout.errors import Problem
from handout.labels import labels_for
from handout.model import Article, Practice
from handout.read.book import Book
from handout.render.chapter_links import chapter_pages, linked
from handout.render.dates import review_lines
from handout.render.epub import (
    XHTML,
    Frame,
    accessibility_meta,
    accessibility_summary,
    epub_article,
    epub_name,
    framed,
    headings_in_order,
    identifier_for,
    modified_time,
    page_stylesheets,
    toc_for,
    with_sources,
)
from handout.render.html import (
    finished_print,
    in_print,
    labelled,
    record_columns,
    render,
    render_epub_page,
)
from handout.sandbox import Sandbox
from handout.settings import Settings
from handout.write.epub import Publication, Resource
from handout.write.file_cache import FileCache


def for_one_document(article: Article, prefix: str, book_folder: Path) -> Article:
    """The article as one part of a single HTML document: unique ids, images found from the book's folder."""
    # The whole book is one document with one base URL: the book's folder.
    folder = os.path.relpath(Path(article.path).parent, book_folder).replace(os.sep, "/")
    renamed = {image.src: posixpath.join(folder, image.src) for image in article.images
               if ":" not in image.src and folder != "."}
    return in_print(with_sources(article, renamed, prefix))


def render_book_print(book: Book, articles: list[Article], practice: Practice, variant: str,
                      override_dir: str = "", fillable: bool = False) -> str:
    """The book's print HTML: title page, contents, then each article as a chapter."""
    folder = Path(book.path).parent
    pages = chapter_pages(articles)  # links between chapters (render/chapter_links.py)
    chapters = [{"article": labelled(for_one_document(linked(headings_in_order(article), pages, "print"),
                                                      f"c{index}-", folder)),
                 "meta": article.meta,
                 "labels": labels_for(article.meta.language), "prefix": f"c{index}-",
                 "review_lines": review_lines(article.meta)}
                for index, article in enumerate(articles, 1)]
    html = render("book.html.j2", override_dir, medium="print", record_columns=record_columns(variant), book=book,
                  chapters=chapters, labels=labels_for(book.language), practice=practice, variant=variant,
                  version=__version__, reflection_lines=4, fillable=fillable)
    return finished_print(html, fillable)


def chapters(articles: list[Article], extra_css: list[Path],
             override_dir: str = "") -> tuple[list[Resource], list[Resource], list[Problem]]:
    """One XHTML page per article, each in its own folder (with its images) so names and ids never collide."""
    pages, images, problems = [], [], []
    targets = chapter_pages(articles)  # links between chapters (render/chapter_links.py)
    for index, article in enumerate(articles, 1):
        folder = f"chapter-{index}"
        sheets = page_stylesheets([article.meta.language], len(extra_css), "../")  # each chapter in its language
        shown, found, refused = epub_article(linked(article, targets, "epub"),
                                             Sandbox.for_article(Path(article.path).parent), folder)
        pages.append(Resource(f"{folder}/{epub_name(article.slug)}.xhtml", XHTML,
                              render_epub_page(shown, sheets, override_dir,
                                               fillable=article.meta.fillable).encode("utf-8")))
        images, problems = images + found, problems + refused
    return pages, images, problems


def render_book_publication(book: Book, articles: list[Article], settings: Settings,
                            cache: FileCache | None = None) -> tuple[Publication, list[Problem]]:
    """Book + its articles -> Publication (`cache`: where a cover and font subsets may be kept between builds)."""
    pages, images, problems = chapters(articles, list(settings.css), settings.templates)
    toc = tuple(entry for article, page in zip(articles, pages) for entry in toc_for(article, page.name, True))
    folder = Path(book.path).parent
    frame = Frame(book.title, book.language, book.subtitle, book.author, book.cover, book.path, settings.practice,
                  cache)
    fields, cover_problems = framed(frame, pages, toc, Sandbox.for_article(folder), settings)
    dates = [article.meta.date for article in articles if article.meta.date]
    publication = Publication(
        identifier=identifier_for("book", book.slug, book.title, book.author),
        title=book.title, language=book.language,
        modified=modified_time(max(dates, default=None), settings.source_date_epoch),
        pages=tuple(pages), toc=toc, nav=fields["nav"], cover=fields["cover"],
        resources=fields["resources"] + tuple(images), authors=(book.author,) if book.author else (),
        publisher=settings.practice.name,
        description=book.subtitle, date=max(dates).isoformat() if dates else "",
        extra_meta=accessibility_meta(bool(images), accessibility_summary(articles, not book.cover)))
    return publication, problems + cover_problems
