"""A book's chapter list reads only files inside the book's folder, each once (issue 26, items 1
and 11): a chapter path is resolved once, judged as resolved, and read from there."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from conftest import write_article

from handout.cli import main
from handout.errors import BuildError
from handout.read.book import load_book, read_book

SECRET = "SECRET-OUTSIDE-THE-BOOK"
ARTICLE = "---\ntitle: {title}\n---\n\n## Part\n\n{text}\n"


@pytest.fixture
def shelf(tmp_path) -> Path:
    """book/ with a.md, and a secret article beside the book's folder."""
    book = tmp_path / "book"
    book.mkdir()
    write_article(book, "a.md", ARTICLE.format(title="A", text="Chapter text."))
    (tmp_path / "outside").mkdir()
    write_article(tmp_path / "outside", "secret.md", ARTICLE.format(title="Secret", text=SECRET))
    return book


def book_file(folder: Path, *entries: str) -> Path:
    listed = "".join(f"  - '{entry}'\n" for entry in entries)
    path = folder / "book.yaml"
    path.write_text(f"title: B\narticles:\n{listed}", encoding="utf-8")
    return path


def refusal(path: Path) -> list[str]:
    with pytest.raises(BuildError) as failure:
        load_book(path)
    return [problem.format() for problem in failure.value.problems]


def test_chapter_paths_that_name_a_file_outside_by_url_spelling_are_refused(shelf):
    # The reported input: a folder literally named 'a.md#' makes the raw path climb out while the
    # checked name (fragment dropped) was a.md.
    (shelf / "a.md#").mkdir()
    (shelf / "a%2Emd").symlink_to(shelf.parent / "outside" / "secret.md")
    (shelf / "a.md#x").symlink_to(shelf.parent / "outside" / "secret.md")
    for entry in ("a.md#/../../outside/secret.md", "a%2Emd", "a.md#x", "a.md?/../../outside/secret.md",
                  "./a.md#/../../outside/secret.md", "%2E%2E/outside/secret.md"):
        messages = refusal(book_file(shelf, entry))
        assert len(messages) == 1 and f"article '{entry}' " in messages[0], (entry, messages)
        assert "refused: outside the book's folder" in messages[0] or "not found" in messages[0], messages


def test_chapter_paths_are_read_where_they_were_judged_and_a_build_never_prints_outside_text(shelf, capsys):
    (shelf / "a.md#").mkdir()
    status = main([str(book_file(shelf, "a.md#/../../outside/secret.md")), "-o", str(shelf / "out"), "-j", "1"])
    assert status == 1 and not (shelf / "out" / "book.pdf").exists()
    assert SECRET not in capsys.readouterr().err


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/null", "/proc/self/environ"])
def test_chapter_paths_to_devices_and_system_files_are_refused_without_reading(shelf, target):
    (shelf / "dev.md").symlink_to(target)
    started = time.perf_counter()
    messages = refusal(book_file(shelf, "dev.md"))
    assert "article 'dev.md' refused: outside the book's folder" in messages[0]
    assert time.perf_counter() - started < 2


def test_chapter_paths_that_are_not_regular_files_are_refused(shelf):
    os.mkfifo(shelf / "pipe.md")
    (shelf / "folder.md").mkdir()
    for entry in ("pipe.md", "folder.md"):
        assert "refused: not a regular file" in refusal(book_file(shelf, entry))[0]


def test_chapter_paths_to_hidden_files_and_loops_are_refused(shelf):
    (shelf / ".hidden").mkdir()
    write_article(shelf / ".hidden", "h.md", ARTICLE.format(title="H", text="x"))
    (shelf / "loop.md").symlink_to(shelf / "loop.md")
    assert "hidden files and folders are not read" in refusal(book_file(shelf, ".hidden/h.md"))[0]
    assert "article 'loop.md' " in refusal(book_file(shelf, "loop.md"))[0]


def test_a_symlink_inside_the_book_folder_to_a_chapter_inside_it_is_read(shelf):
    (shelf / "sub").mkdir()
    write_article(shelf / "sub", "b.md", ARTICLE.format(title="B", text="Inside."))
    (shelf / "link.md").symlink_to(shelf / "sub" / "b.md")
    book = read_book(book_file(shelf, "a.md", "link.md"))
    assert book.articles == (shelf / "a.md", shelf / "sub" / "b.md")  # the resolved file, shown from the folder


@pytest.mark.parametrize("alias", ["sub/../a.md", "./a.md", "alias.md", "sub//../a.md", "A.md/../a.md"])
def test_one_chapter_under_two_names_is_listed_twice(shelf, alias):
    (shelf / "sub").mkdir()
    (shelf / "alias.md").symlink_to(shelf / "a.md")
    messages = refusal(book_file(shelf, "a.md", alias))
    assert any(f"article '{alias}' is listed twice (as 'a.md')" in message for message in messages), messages


def test_a_book_built_from_aliases_prints_its_chapter_once(shelf, capsys):
    (shelf / "alias.md").symlink_to(shelf / "a.md")
    status = main([str(book_file(shelf, "a.md", "sub/../a.md", "alias.md")), "-o", str(shelf / "out"), "-j", "1"])
    err = capsys.readouterr().err
    assert status == 1 and err.count("is listed twice") == 2 and not (shelf / "out" / "book.pdf").exists()
