"""What a link in an article may be, decided once for both outputs.

- `#section`: a place in the same article (in a book, in the same chapter);
- `https:`, `http:`, `mailto:`, `tel:`: an address for the reader, kept as written;
- `other.md` or `other.md#section`, relative to the article: another article of the same
  book, which becomes a link to that chapter (an in-book link in the PDF and the EPUB).

Anything else is an error at its line: a handout travels alone, so a relative link to a file
(`notes.pdf`, `../../etc/passwd`) would become the author's `file:///home/...` path in the PDF
and a broken link in the EPUB, and other schemes (`launch:`, `ftp:`, `smb:`) ask the reader's
viewer to open something. markdown-it already leaves `javascript:`, `vbscript:`, `file:` and
`data:` links as text."""

from __future__ import annotations

import dataclasses
import html
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

from handout.errors import Problem, error
from handout.model import Article, Inline

KEPT_SCHEMES = ("http", "https", "mailto", "tel")
HREF = re.compile(r'<a\s[^>]*?href="([^"]*)"')
NOTE_LINK = re.compile(r"^#fn(?:ref)?-\d+(?:-\d+)?$")  # a footnote's call and back link, made by the reader


def links_in(value, line: int | None = None):
    """(href, line) of every link an article's model holds, with the line of its block."""
    if isinstance(value, Inline):
        for found in HREF.finditer(value.html):
            yield html.unescape(found[1]), line
    elif isinstance(value, tuple | list):
        for item in value:
            yield from links_in(item, line)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        line = getattr(value, "line", None) or line
        for field in dataclasses.fields(value):
            if field.name not in ("meta", "images"):
                yield from links_in(getattr(value, field.name), line)


def anchors_of(value) -> set[str]:
    """Every anchor (id) an article's model gives its sections, questions and tables."""
    if isinstance(value, tuple | list):
        return {anchor for item in value for anchor in anchors_of(item)}
    if not dataclasses.is_dataclass(value) or isinstance(value, type) or isinstance(value, Inline):
        return set()
    found = {value.anchor} if isinstance(getattr(value, "anchor", None), str) and value.anchor else set()
    return found.union(*(anchors_of(getattr(value, field.name)) for field in dataclasses.fields(value)
                         if field.name not in ("meta", "images")))


def chapter_target(href: str, article: Article) -> tuple[Path, str] | None:
    """The file (resolved) and the section a relative `other.md#section` link names; None if
    the link is not a relative link to a Markdown file."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path.lower().endswith(".md"):
        return None
    try:
        return (Path(article.path).parent / unquote(parts.path)).resolve(), parts.fragment
    except (OSError, RuntimeError, ValueError):
        return None


def link_problems(article: Article, chapters: dict[Path, Article] | None = None) -> list[Problem]:
    """An error at its line for each link that is none of the kinds above (`chapters`: a book's
    articles by resolved path, when the article is one of them)."""
    problems = []
    for href, line in links_in((article.quick_answer, article.intro, article.body, article.footnotes)):
        reason = link_reason(href, article, chapters)
        if reason:
            problems.append(error(article.path, line, f"link '{href[:80]}' {reason}", "link"))
    return problems


def link_reason(href: str, article: Article, chapters: dict[Path, Article] | None) -> str:
    """Why a link cannot stay a link ("" when it can)."""
    if not href or href.startswith("#") or NOTE_LINK.match(href):  # "": this place, as the link's text shows
        return ""
    scheme = urlsplit(href).scheme.lower() if ":" in href else ""
    if scheme in KEPT_SCHEMES:
        return ""
    if scheme:
        return (f"is refused: '{scheme}:' links ask the reader's viewer to open something; a handout keeps "
                "web (https:), mail (mailto:) and phone (tel:) links and links to its own sections (#...)")
    target = chapter_target(href, article)
    if target is None:
        return ("is a link to a file, which the handout's readers do not have (the PDF would show your own "
                "folders); link to a web address (https://...) or to a section (#...)")
    path, section = target
    if chapters is None or path not in chapters:
        where = "this book" if chapters is not None else "a book"
        return (f"names another article, which a handout built on its own cannot link to; list both in {where} "
                "(docs/epub-and-books.md) to link between them, or link to its web address")
    if section and section not in anchors_of(chapters[path]):
        return f"names no section '#{section}' of '{chapters[path].path}' (a heading's link is its words in lowercase, joined by '-')"
    return ""
