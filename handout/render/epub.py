"""Article model -> Publication: the EPUB's pages, navigation, cover, styles, images and metadata."""

from __future__ import annotations

import dataclasses
import datetime as dt
import mimetypes
import posixpath
import re
import unicodedata
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from handout.errors import BuildError, Problem, error
from handout.labels import labels_for
from handout.model import (
    Article,
    Block,
    Faq,
    Heading,
    Inline,
    ListBlock,
    Practice,
    Quote,
)
from handout.read.image_types import image_type
from handout.render.cover import CoverText, cover_resource
from handout.render.epub_fonts import SHEET as FONT_SHEET
from handout.render.epub_fonts import font_resources, font_sheets
from handout.render.html import REFLECTION_ID, render, render_epub_page
from handout.render.user_stylesheets import epub_stylesheet
from handout.resources import STYLES
from handout.sandbox import Sandbox
from handout.settings import Settings
from handout.write.epub import Publication, Resource, TocEntry
from handout.write.file_cache import FileCache

XHTML = "application/xhtml+xml"
IDENTIFIER_NAMESPACE = uuid.UUID("6f1c8d52-4b0e-4b7a-9d3c-2f3e8a9b7c10")
STYLE_NAMES = ("styles/epub.css",)
SOURCE = re.compile(r'src="([^"]*)"')
LANGUAGE_NAMES = {"en": "English", "es": "Spanish", "fr": "French", "de": "German", "it": "Italian",
                  "pt": "Portuguese", "nl": "Dutch"}


def identifier_for(*parts: str) -> str:
    """A stable identifier derived from what the publication is, never random."""
    return f"urn:uuid:{uuid.uuid5(IDENTIFIER_NAMESPACE, chr(31).join(parts))}"


def page_stylesheets(languages: list[str], extra_count: int, prefix: str = "") -> list[str]:
    """A document's stylesheet links: the EPUB's, the fonts' if its languages need a face, then --css ones."""
    return ([prefix + name for name in STYLE_NAMES] + font_sheets(languages, prefix)
            + [f"{prefix}styles/user-{index}.css" for index in range(1, extra_count + 1)])


def toc_languages(toc) -> list[str]:
    """The languages the navigation's entries are marked with (a book's chapters)."""
    return [language for entry in toc for language in (entry.lang, *toc_languages(entry.children)) if language]


def stylesheet_resources(extra_css: list[Path]) -> list[Resource]:
    sheets = [Resource("styles/epub.css", "text/css", (STYLES / "epub.css").read_bytes())]
    sheets += [Resource(f"styles/user-{index}.css", "text/css", epub_stylesheet(path.read_bytes()))
               for index, path in enumerate(extra_css, 1)]
    return sheets


def epub_name(path: str) -> str:
    """A file name every reader handles: ASCII letters, digits, '.', '_' and '-' only.

    Kobo advises against other characters, EPUBCheck warns on spaces, and a percent-encoded
    reference would not match a file stored under its decoded name."""
    parts = []
    for part in unquote(path).split("/"):
        ascii_part = unicodedata.normalize("NFKD", part).encode("ascii", "ignore").decode()
        parts.append(re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_part).strip("-.") or "file")
    return "/".join(parts)


def reserved(name: str) -> bool:
    """Names the package uses for itself (navigation, styles, fonts, cover), which an image must not take."""
    return name in ("nav.xhtml", "toc.ncx") or name.startswith(("styles/", "fonts/", "images/cover.", "META-INF/"))


def image_resources(article: Article, sandbox: Sandbox,
                    folder: str = "") -> tuple[list[Resource], dict[str, str], list[Problem]]:
    """Copy each referenced image into the EPUB beside its page under a safe name; refuse the rest.

    Returns the images, the new name of each `src` (relative to the page) and the problems."""
    base = Path(article.path).parent
    resources: dict[str, Resource] = {}
    renamed: dict[str, str] = {}
    problems: list[Problem] = []
    for image in article.images:
        path = sandbox.local_path(image.src, base)
        relative = Path(unquote(image.src))
        if path is None:
            problems.append(error(article.path, image.line, f"image '{image.src}' {sandbox.refused[-1].describe()}",
                                  "resource"))
        elif relative.is_absolute() or ".." in relative.parts:
            problems.append(error(article.path, image.line,
                                  f"image '{image.src}': use a path inside the article's folder", "resource"))
        elif image.src not in renamed:
            safe = name = epub_name(image.src)
            number = 1
            # Two names that differ only in unsafe characters, or a name the package itself uses.
            while posixpath.join(folder, name) in resources or reserved(posixpath.join(folder, name)):
                number += 1
                name = posixpath.join(posixpath.dirname(safe), f"{number}-{posixpath.basename(safe)}")
            data = path.read_bytes()
            # By its bytes: a PNG named .jpg is declared a PNG (EPUBCheck compares them).
            media_type = image_type(data) or mimetypes.guess_type(path.name)[0] or "application/octet-stream"
            renamed[image.src] = name
            resources[posixpath.join(folder, name)] = Resource(posixpath.join(folder, name), media_type, data)
    return list(resources.values()), renamed, problems


def rebased(value, prefix: str, rewrite):
    """A copy of a model value with every anchor prefixed and every Inline's HTML rewritten."""
    if isinstance(value, tuple):
        return tuple(rebased(item, prefix, rewrite) for item in value)
    if isinstance(value, Inline):
        return dataclasses.replace(value, html=rewrite(value.html))
    if not dataclasses.is_dataclass(value) or isinstance(value, type):
        return value
    changes = {field.name: rebased(getattr(value, field.name), prefix, rewrite)
               for field in dataclasses.fields(value) if field.name not in ("anchor", "meta", "images")}
    if hasattr(value, "anchor"):
        changes["anchor"] = prefix + value.anchor
    return dataclasses.replace(value, **changes)


def attribute(text: str) -> str:
    """Text as markdown-it writes it inside an attribute value."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def with_sources(article: Article, renamed: dict[str, str], prefix: str = "") -> Article:
    """The article with its image references changed to `renamed` and anchors prefixed."""
    names = {attribute(src): attribute(name) for src, name in renamed.items() if src != name}
    if not names and not prefix:
        return article

    def rewrite(text: str) -> str:
        # One pass, so a new name that equals another image's old name is not renamed again.
        return SOURCE.sub(lambda found: f'src="{names.get(found[1], found[1])}"', text) if names else text
    return rebased(article, prefix, rewrite)


def epub_article(article: Article, sandbox: Sandbox, folder: str = "") -> tuple[Article, list[Resource], list[Problem]]:
    """The article as its EPUB page shows it (headings in order, images renamed), with its images."""
    images, renamed, problems = image_resources(article, sandbox, folder)
    return with_sources(headings_in_order(article), renamed), images, problems


def levelled(blocks: tuple[Block, ...], parent: int) -> tuple[Block, ...]:
    """Minor headings renumbered so none skips a level below `parent` (#### under ## becomes h3)."""
    out: list[Block] = []
    last = parent
    for block in blocks:
        if isinstance(block, Heading):
            last = max(parent + 1, min(block.level, last + 1))
            block = dataclasses.replace(block, level=last)
        elif isinstance(block, Quote):
            block = dataclasses.replace(block, blocks=levelled(block.blocks, last))
        elif isinstance(block, ListBlock):
            block = dataclasses.replace(block, items=tuple(levelled(item, last) for item in block.items))
        out.append(block)
    return tuple(out)


def headings_in_order(article: Article) -> Article:
    """The article with every heading one level below its parent at most (WCAG 1.3.1, Ace heading-order)."""
    body = []
    for part in article.body:
        if isinstance(part, Faq):
            items = tuple(dataclasses.replace(item, answer=levelled(item.answer, 3)) for item in part.items)
            body.append(dataclasses.replace(part, intro=levelled(part.intro, 2), items=items))
        else:
            subs = tuple(dataclasses.replace(sub, blocks=levelled(sub.blocks, 3)) for sub in part.subsections)
            body.append(dataclasses.replace(part, blocks=levelled(part.blocks, 2), subsections=subs))
    return dataclasses.replace(article, quick_answer=levelled(article.quick_answer, 1),
                               intro=levelled(article.intro, 1), body=tuple(body))


def toc_for(article: Article, page: str, titled: bool = False) -> tuple[TocEntry, ...]:
    """Sections and subsections; in a book (`titled`), under one entry for the article."""
    lang = article.meta.language
    entries = tuple(
        TocEntry(f"{page}#{part.anchor}", part.title.text,
                 tuple(TocEntry(f"{page}#{sub.anchor}", sub.title.text) for sub in getattr(part, "subsections", ())))
        for part in article.body)
    if article.meta.reflection:  # the prompts close the article as a section of their own
        entries += (TocEntry(f"{page}#{REFLECTION_ID}", labels_for(lang)["reflection"]),)
    if titled or not entries:  # a navigation needs at least one entry, even for an article without sections
        return (TocEntry(page, article.meta.title, entries, lang),)
    return entries


def accessibility_meta(has_images: bool, summary: str) -> tuple[tuple[str, str], ...]:
    modes = [("schema:accessMode", "textual")] + ([("schema:accessMode", "visual")] if has_images else [])
    features = ["tableOfContents", "readingOrder", "structuralNavigation", "displayTransformability"]
    features += ["alternativeText"] if has_images else []
    return tuple(modes + [("schema:accessModeSufficient", "textual")]
                 + [("schema:accessibilityFeature", feature) for feature in features]
                 + [("schema:accessibilityHazard", "none"),
                    ("schema:accessibilitySummary", summary),
                    ("dcterms:conformsTo", "EPUB Accessibility 1.1 - WCAG 2.1 Level AA")])


def language_name(tag: str) -> str:
    return LANGUAGE_NAMES.get(tag.split("-")[0].lower(), tag)


def accessibility_summary(articles: list[Article], generated_cover: bool = True) -> str:
    """Say what this publication actually has: tables, FAQs, images and languages only if present."""
    parts = ["Reflowable text with a navigable table of contents and headings in order"]
    if any(article.tables for article in articles):
        parts.append("tables with captions where given and header cells")
    if any(article.faq for article in articles):
        parts.append("questions and answers marked up as headings")
    languages = list(dict.fromkeys(language_name(article.meta.language) for article in articles))
    parts.append(f"the language of every document declared ({', '.join(languages)})")
    text = ", ".join(parts[:-1]) + " and " + parts[-1] + "."
    if any(article.images for article in articles):
        text += " Every image has a text alternative."
    cover = ("The cover image shows the title, which is also in the metadata." if generated_cover
             else "The cover is a picture; the title is also in the metadata.")
    return f"{text} {cover} No hazards: no flashing, sound or motion."


def nav_page(language: str, toc, landmarks, stylesheets, override_dir: str = "") -> bytes:
    return render("epub/nav.xhtml.j2", override_dir, language=language, labels=labels_for(language), toc=toc,
                  landmarks=landmarks, stylesheets=stylesheets).encode("utf-8")


def modified_time(article_date: dt.date | None, source_date_epoch: str | None) -> dt.datetime:
    """SOURCE_DATE_EPOCH if set; else the article's own date; else a fixed date. Never 'now'."""
    if source_date_epoch:
        if not source_date_epoch.strip().isdigit():
            raise BuildError(error("SOURCE_DATE_EPOCH", None, f"'{source_date_epoch}' is not a whole number of "
                                   "seconds since 1970-01-01 (see reproducible-builds.org); unset it or fix it"))
        return dt.datetime.fromtimestamp(int(source_date_epoch), dt.timezone.utc).replace(tzinfo=None)
    if article_date:
        return dt.datetime.combine(article_date, dt.time())
    return dt.datetime(2000, 1, 1)


def landmarks_for(language: str, first_page: str, title: str) -> list[dict]:
    return [{"type": "toc", "href": "nav.xhtml#toc", "title": labels_for(language)["contents"]},
            {"type": "bodymatter", "href": first_page, "title": title}]


@dataclass(frozen=True)
class Frame:
    """What an article and a book share around their pages: title, cover, navigation, styles."""

    title: str
    language: str
    subtitle: str = ""
    author: str = ""
    cover_src: str = ""  # the front matter's cover image, relative to `source_path`
    source_path: str = ""
    practice: Practice = Practice()
    cache: FileCache | None = None  # where generated covers and font subsets are kept between builds


def framed(frame: Frame, pages: list[Resource], toc, sandbox: Sandbox,
           settings: Settings) -> tuple[dict, list[Problem]]:
    """The Publication fields for the cover, the navigation, the styles and fonts around `pages`."""
    override_dir = settings.templates
    sheets = stylesheet_resources(list(settings.css))
    names = page_stylesheets([frame.language, *toc_languages(toc)], len(settings.css))
    text = CoverText(frame.title, frame.subtitle, frame.author, frame.practice.name, frame.language)
    # A separate sandbox, so a refused cover is reported once (with its line), not again as a stray.
    cover, problems = cover_resource(text, frame.cover_src, frame.source_path, Sandbox(sandbox.roots), override_dir,
                                     frame.cache)
    landmarks = landmarks_for(frame.language, pages[0].name, frame.title)
    nav = Resource("nav.xhtml", XHTML, nav_page(frame.language, toc, landmarks, names, override_dir), ("nav",))
    # The contents list every language a page is in (a book's chapters: each entry in its own), so
    # it links the fonts' sheet whenever a page does: then cut the faces to what all of them set.
    if FONT_SHEET in names:
        sheets[1:1] = font_resources([page.data for page in pages] + [nav.data], frame.cache)
    return {"nav": nav, "cover": cover, "resources": tuple(sheets)}, problems


def render_publication(article: Article, sandbox: Sandbox, settings: Settings,
                       cache: FileCache | None = None) -> tuple[Publication, list[Problem]]:
    """Article -> Publication (`cache`: where a generated cover and font subsets may be kept between builds)."""
    meta = article.meta
    page_name = f"{epub_name(article.slug)}.xhtml"
    stylesheets = page_stylesheets([meta.language], len(settings.css))
    shown, images, image_problems = epub_article(article, sandbox)
    page = Resource(page_name, XHTML,
                    render_epub_page(shown, stylesheets, settings.templates, settings.practice,
                                     settings.fillable).encode("utf-8"))
    toc = toc_for(article, page_name)
    frame = Frame(meta.title, meta.language, meta.subtitle, meta.author, meta.cover, article.path, settings.practice,
                  cache)
    fields, problems = framed(frame, [page], toc, sandbox, settings)
    publication = Publication(
        identifier=identifier_for(article.slug, meta.title, meta.author),
        title=meta.title, language=meta.language,
        modified=modified_time(meta.date, settings.source_date_epoch),
        pages=(page,), toc=toc, nav=fields["nav"], cover=fields["cover"],
        resources=fields["resources"] + tuple(images),
        authors=(meta.author,) if meta.author else (), description=meta.description,
        publisher=settings.practice.name,
        subjects=meta.keywords, date=meta.date.isoformat() if meta.date else "",
        extra_meta=accessibility_meta(bool(images), accessibility_summary([article], not meta.cover)))
    return publication, image_problems + problems
