"""Article model -> Publication: the EPUB's pages, navigation, styles, images and metadata."""

from __future__ import annotations

import datetime as dt
import mimetypes
import uuid
from pathlib import Path

from .errors import Problem, error
from .model import Article
from .project import STYLES
from .render import environment, labels_for, render_epub_page
from .sandbox import Sandbox
from .write_epub import Publication, Resource, TocEntry

XHTML = "application/xhtml+xml"
IDENTIFIER_NAMESPACE = uuid.UUID("6f1c8d52-4b0e-4b7a-9d3c-2f3e8a9b7c10")
STYLE_NAMES = ("styles/epub.css",)


def identifier_for(*parts: str) -> str:
    """A stable identifier derived from what the publication is, never random."""
    return f"urn:uuid:{uuid.uuid5(IDENTIFIER_NAMESPACE, chr(31).join(parts))}"


def stylesheet_resources(extra_css: list[Path]) -> list[Resource]:
    sheets = [Resource("styles/epub.css", "text/css", (STYLES / "epub.css").read_bytes())]
    sheets += [Resource(f"styles/user-{index}.css", "text/css", path.read_bytes())
               for index, path in enumerate(extra_css, 1)]
    return sheets


def image_resources(article: Article, sandbox: Sandbox) -> tuple[list[Resource], list[Problem]]:
    """Copy each referenced image into the EPUB at the same relative path; refuse the rest."""
    base = Path(article.path).parent
    resources: dict[str, Resource] = {}
    problems: list[Problem] = []
    for image in article.images:
        path = sandbox.local_path(image.src, base)
        relative = Path(image.src)
        if path is None:
            reason = sandbox.refused[-1].reason
            problems.append(error(article.path, image.line, f"image '{image.src}' refused: {reason}", "resource"))
        elif relative.is_absolute() or ".." in relative.parts:
            problems.append(error(article.path, image.line,
                                  f"image '{image.src}': use a path inside the article's folder", "resource"))
        else:
            media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            resources[relative.as_posix()] = Resource(relative.as_posix(), media_type, path.read_bytes())
    return list(resources.values()), problems


def toc_for(article: Article, page: str) -> tuple[TocEntry, ...]:
    return tuple(
        TocEntry(f"{page}#{part.anchor}", part.title.text,
                 tuple(TocEntry(f"{page}#{sub.anchor}", sub.title.text) for sub in getattr(part, "subsections", ())))
        for part in article.body)


def accessibility_meta(has_images: bool, summary: str) -> tuple[tuple[str, str], ...]:
    modes = [("schema:accessMode", "textual")] + ([("schema:accessMode", "visual")] if has_images else [])
    features = ["tableOfContents", "readingOrder", "structuralNavigation", "displayTransformability"]
    features += ["alternativeText"] if has_images else []
    return tuple(modes + [("schema:accessModeSufficient", "textual")]
                 + [("schema:accessibilityFeature", feature) for feature in features]
                 + [("schema:accessibilityHazard", "none"),
                    ("schema:accessibilitySummary", summary),
                    ("dcterms:conformsTo", "EPUB Accessibility 1.1 - WCAG 2.1 Level AA")])


ACCESSIBILITY_SUMMARY = (
    "Reflowable text with a navigable table of contents, headings in order, tables with header "
    "cells, question-and-answer sections marked up as headings, and the language declared on "
    "every document. Images carry text alternatives. No hazards.")


def nav_page(title_label_lang: str, toc, landmarks, stylesheets, override_dir: str = "") -> bytes:
    template = environment(override_dir).get_template("epub/nav.xhtml.j2")
    return template.render(language=title_label_lang, labels=labels_for(title_label_lang), toc=toc,
                           landmarks=landmarks, stylesheets=stylesheets).encode("utf-8")


def modified_time(article_date: dt.date | None, source_date_epoch: str | None) -> dt.datetime:
    """SOURCE_DATE_EPOCH if set; else the article's own date; else a fixed date. Never 'now'."""
    if source_date_epoch:
        return dt.datetime.fromtimestamp(int(source_date_epoch), dt.timezone.utc).replace(tzinfo=None)
    if article_date:
        return dt.datetime.combine(article_date, dt.time())
    return dt.datetime(2000, 1, 1)


def render_publication(article: Article, sandbox: Sandbox, extra_css: list[Path],
                       source_date_epoch: str | None = None,
                       override_dir: str = "") -> tuple[Publication, list[Problem]]:
    sheets = stylesheet_resources(extra_css)
    sheet_names = [sheet.name for sheet in sheets]
    page_name = f"{article.slug}.xhtml"
    page = Resource(page_name, XHTML, render_epub_page(article, sheet_names, override_dir).encode("utf-8"))
    toc = toc_for(article, page_name)
    landmarks = [{"type": "toc", "href": "nav.xhtml#toc", "title": labels_for(article.meta.language)["contents"]},
                 {"type": "bodymatter", "href": page_name, "title": article.meta.title}]
    nav = Resource("nav.xhtml", XHTML, nav_page(article.meta.language, toc, landmarks, sheet_names, override_dir), ("nav",))
    images, problems = image_resources(article, sandbox)
    meta = article.meta
    publication = Publication(
        identifier=identifier_for(article.slug, meta.title, meta.author),
        title=meta.title, language=meta.language,
        modified=modified_time(meta.date, source_date_epoch),
        pages=(page,), nav=nav, toc=toc, resources=tuple(sheets + images),
        authors=(meta.author,) if meta.author else (), description=meta.description,
        subjects=meta.keywords, date=meta.date.isoformat() if meta.date else "",
        extra_meta=accessibility_meta(bool(images), ACCESSIBILITY_SUMMARY))
    return publication, problems
