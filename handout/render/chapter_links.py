"""A book's links between and inside its chapters, made to point where each output puts them
(read/links.py decides which links may stand): `other.md#section` becomes the chapter's
anchor in the one print document (`#c2-section`) and its page in the EPUB
(`../chapter-2/other.xhtml#section`); `#section` in print gets its chapter's prefix."""

from __future__ import annotations

import html
import re
from pathlib import Path

from handout.model import Article
from handout.read.links import NOTE_LINK, chapter_target
from handout.render.epub import epub_name, rebased

HREF = re.compile(r'(<a\s[^>]*?href=")([^"]*)(")')


def chapter_pages(articles: list[Article]) -> dict[Path, tuple[int, str]]:
    """Each chapter's resolved file -> its number and its EPUB page (as render/book.py names them)."""
    return {Path(article.path).resolve(): (index, f"chapter-{index}/{epub_name(article.slug)}.xhtml")
            for index, article in enumerate(articles, 1)}


def linked(article: Article, pages: dict[Path, tuple[int, str]], medium: str) -> Article:
    """The article with its chapter links pointing into the book as `medium` ("print" or "epub") has it."""
    own = pages.get(Path(article.path).resolve(), (0, ""))[0]

    def target(href: str) -> str:
        if href.startswith("#") and not NOTE_LINK.match(href):
            return f"#c{own}-{href[1:]}" if medium == "print" else href
        found = chapter_target(href, article)
        if found is None or found[0] not in pages:
            return href  # a web address; anything else was refused when the book was read
        number, page = pages[found[0]]
        if medium == "print":
            return f"#c{number}-{found[1] or 'title'}"
        return f"../{page}" + (f"#{found[1]}" if found[1] else "")

    def rewrite(text: str) -> str:
        return HREF.sub(lambda match: match[1] + html.escape(target(html.unescape(match[2]))) + match[3], text)
    return rebased(article, "", rewrite)
