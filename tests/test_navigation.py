"""Every section the article has, the reflection prompts included, is in the EPUB's navigation
and in the PDF's bookmarks; the EPUB check catches a navigation that leaves one out."""

from __future__ import annotations

import dataclasses
import io
import re
from string import Template

import pytest
from conftest import ROOT, write_article
from pypdf import PdfReader

from handout.check.epub import nav_problems, open_epub
from handout.cli import main
from handout.read.article import read_article
from handout.labels import labels_for

EXAMPLE = Template((ROOT / "templates" / "new" / "article.md").read_text(encoding="utf-8"))


def example(language: str = "en") -> str:
    """The example `new` writes: every part, reflection prompts included."""
    text = EXAMPLE.substitute(title='"Sleep"', date="2026-01-05")
    return text.replace("# language: en ", f"language: {language} ")


def outline_titles(pdf: bytes) -> list[str]:
    titles = []

    def walk(items):
        for item in items:
            walk(item) if isinstance(item, list) else titles.append(item.title)
    walk(PdfReader(io.BytesIO(pdf)).outline)
    return titles


def nav_titles(epub: bytes) -> list[str]:
    toc = open_epub(epub).nav.decode()
    toc = toc[toc.index('epub:type="toc"'):]
    return [re.sub(r"<[^>]+>", "", title) for title in re.findall(r"<a [^>]*>(.*?)</a>", toc[:toc.index("</nav>")])]


@pytest.mark.parametrize("language", ["en", "de"])
def test_every_section_and_the_reflection_are_in_the_nav_and_the_bookmarks(tmp_path, language):
    path = write_article(tmp_path, "sleep.md", example(language))
    article, _ = read_article(path)
    assert article.meta.reflection, "the example article should hold reflection prompts"
    assert main([str(path), "-o", str(tmp_path / "out"), "-j", "1"]) == 0
    sections = [part.title.text for part in article.body] + [labels_for(language)["reflection"]]
    for titles in (nav_titles((tmp_path / "out" / "sleep.epub").read_bytes()),
                   outline_titles((tmp_path / "out" / "sleep.pdf").read_bytes())):
        assert [title for title in sections if title not in titles] == []


def test_a_navigation_without_the_reflection_is_caught(tmp_path):
    path = write_article(tmp_path, "sleep.md", example())
    assert main([str(path), "-o", str(tmp_path / "out"), "-j", "1"]) == 0
    content = open_epub((tmp_path / "out" / "sleep.epub").read_bytes())
    article, _ = read_article(path)
    assert nav_problems(article, content, "EPUB") == []
    cut = re.sub(rb'<li><a href="[^"]*#reflection">[^<]*</a></li>', b"", content.nav)
    assert cut != content.nav
    problems = nav_problems(article, dataclasses.replace(content, nav=cut), "EPUB")
    assert [problem.code for problem in problems] == ["epub-nav"] and "For reflection" in problems[0].message
