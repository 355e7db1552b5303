"""Ace by DAISY, the EPUB accessibility checker, reports no violation on our EPUBs.

Runs where Ace is installed (`make ace` puts it in .ace/); skipped, saying why, elsewhere."""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, SEED_ARTICLE, settings_of, write_article

from handout.read.article import read_article
from handout.read.book import load_book
from handout.render.book import render_book_publication
from handout.render.epub import render_publication
from handout.sandbox import Sandbox
from handout.write.epub import Resource, write_epub

BOOK = ROOT / "tests" / "fixtures" / "book" / "book.yaml"
PICTURE = (ROOT / "tests" / "fixtures" / "book" / "images" / "box.png").read_bytes()
CHROMIUM = os.environ.get("PUPPETEER_EXECUTABLE_PATH", "/usr/bin/chromium")


def ace_command() -> str | None:
    local = ROOT / ".ace" / "node_modules" / ".bin" / "ace-puppeteer"
    return str(local) if local.exists() else shutil.which("ace-puppeteer")


pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(ace_command() is None, reason="Ace by DAISY is not installed; run 'make ace' to install it"),
    pytest.mark.skipif(not Path(CHROMIUM).exists(),
                       reason=f"Ace needs Chromium at {CHROMIUM} (apt-get install chromium)"),
]


def violations(epub: Path, out: Path) -> list[str]:
    """Ace's findings as 'document: impact rule: description' lines."""
    env = {**os.environ, "PUPPETEER_EXECUTABLE_PATH": CHROMIUM}
    run = subprocess.run([ace_command(), "--silent", "--force", "--outdir", str(out), str(epub)],
                         capture_output=True, text=True, env=env, timeout=300)
    assert (out / "report.json").exists(), run.stdout + run.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    return [f"{document['earl:testSubject']['url']}: {found['earl:test']['earl:impact']} "
            f"{found['earl:test']['dct:title']}: {found['earl:result'].get('dct:description', '')}"
            for document in report["assertions"] for found in document.get("assertions", [])]


def article_epub(path: Path, folder: Path, broken: bool = False) -> Path:
    article, _ = read_article(path)
    settings = settings_of(article.path, article.meta)
    publication, _ = render_publication(article, Sandbox.for_article(path.parent), settings)
    if broken:  # a page without its language: Ace must say so
        page = publication.pages[0]
        data = re.sub(rb' (xml:)?lang="en"', b"", page.data)
        publication = dataclasses.replace(publication, pages=(Resource(page.name, page.media_type, data),))
    target = folder / f"{article.slug}{'-broken' if broken else ''}.epub"
    target.write_bytes(write_epub(publication))
    return target


def test_ace_finds_no_violation_in_the_seed(tmp_path):
    assert violations(article_epub(SEED_ARTICLE, tmp_path), tmp_path / "ace") == []


def test_ace_finds_no_violation_in_the_handout_with_notes_callouts_and_a_figure(tmp_path):
    features = ROOT / "tests" / "fixtures" / "good" / "safety-plan.md"  # footnotes, callouts, a figure, links
    assert violations(article_epub(features, tmp_path), tmp_path / "ace") == []


def test_ace_finds_no_violation_in_the_book(tmp_path):
    book, articles, _ = load_book(BOOK)
    publication, _ = render_book_publication(book, articles, settings_of(book.path))
    epub = tmp_path / "book.epub"
    epub.write_bytes(write_epub(publication))
    assert violations(epub, tmp_path / "ace") == []


def test_ace_finds_no_violation_in_a_spanish_article_with_an_image(tmp_path):
    (tmp_path / "dot.png").write_bytes(PICTURE)
    text = ("---\ntitle: Con imagen\nlanguage: es\n---\n\n## Parte\n\n![Un cuadro negro](dot.png)\n\n"
            "#### Detalle\n\nTexto.\n")
    path = write_article(tmp_path, "imagen.md", text)
    assert violations(article_epub(path, tmp_path), tmp_path / "ace") == []


def test_ace_reports_a_page_without_language(tmp_path):
    found = violations(article_epub(SEED_ARTICLE, tmp_path, broken=True), tmp_path / "ace")
    assert any("lang" in line for line in found), found


LANGUAGES = ROOT / "tests" / "fixtures" / "languages"


@pytest.mark.slow
@pytest.mark.parametrize("language", [path.stem for path in sorted(LANGUAGES.glob("*.md"))])
def test_ace_finds_no_violation_in_any_language(language, tmp_path):
    assert violations(article_epub(LANGUAGES / f"{language}.md", tmp_path), tmp_path / "ace") == []


def test_ace_finds_no_violation_in_the_book_mixing_directions(tmp_path):
    book, articles, _ = load_book(LANGUAGES / "book.yaml")
    publication, _ = render_book_publication(book, articles, settings_of(book.path))
    epub = tmp_path / "book.epub"
    epub.write_bytes(write_epub(publication))
    assert violations(epub, tmp_path / "ace") == []
