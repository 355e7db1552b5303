"""Generated hostile input for the article reader and the book reader (issue 26): paths with
`..`, `#`, `%2E`, symlinks out of the folder and to devices, chapter names, control characters
(raw and as YAML escapes, lone surrogates included) and front matter of every shape. Whatever
comes, reading ends in a result or a BuildError whose messages can be printed, and no file
outside the folder is opened."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_sandbox import files_opened

from handout.errors import BuildError
from handout.read.book import load_book
from handout.read.front_matter import KNOWN_KEYS
from handout.read.lint import source_problems

FOREIGN = ("/dev/zero", "/etc/passwd", "/etc/hostname", "/proc/self/environ")
FRAGMENTS = ["..", ".", "a.md", "a.md#", "a.md#x", "%2E%2E", "a%2Emd", "outside", "secret.md", "up.md",
             "zero.md", "pipe.md", "loop.md", "", "#", "?", "%00", "\\", ".hidden", "sub", "~", "file:", "http:",
             "launch:", "javascript:", "A.MD", "a.md/..", "%2F", "C:", "x" * 300, "%2E" * 100]
CONTROL = st.sampled_from(["\x00", "\x08", "\x1b", "\x7f", "\x85", "\ufffe", "\uffff", "\ud800", "\udfff",
                           "\u202e", "\u200b", "\ufeff", "\t", "\r", "\x0c"])
RAW = st.text(st.characters(blacklist_categories=("Cs",)), max_size=30)
WORDS = st.one_of(RAW, st.lists(st.one_of(RAW, CONTROL), max_size=5).map("".join))
HOSTILE_PATH = st.one_of(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=5).map("/".join),
                         st.sampled_from(FOREIGN), WORDS)


def quoted(value: str) -> str:
    """A YAML double-quoted scalar: JSON's escapes are YAML's (\\u0008, \\ud800)."""
    return json.dumps(value)


def front_matter_line(key: str, value) -> str:
    if isinstance(value, list):
        return f"{key}:\n" + "".join(f"  - {quoted(item)}\n" for item in value)
    return f"{key}: {quoted(value)}\n" if isinstance(value, str) else f"{key}: {value}\n"


FRONT_MATTER = st.lists(st.tuples(st.one_of(st.sampled_from(KNOWN_KEYS), RAW.filter(lambda key: key.isidentifier())),
                                  st.one_of(WORDS, st.lists(WORDS, max_size=3), st.integers(-5, 99))), max_size=6)
BODY_LINE = st.one_of(WORDS, HOSTILE_PATH.map(lambda path: f"![x]({path})"),
                      HOSTILE_PATH.map(lambda path: f"[x]({path})"), HOSTILE_PATH.map(lambda path: f"<{path}>"),
                      st.just("## Heading"), st.just("| a | b |\n| --- | --- |\n| 1 | 2 |"))


def folder_with_traps(root: Path) -> Path:
    """content/ with a good article, and ways out of it: links to outside/, devices, a FIFO, a loop."""
    content, outside = root / "content", root / "outside"
    for folder in (content / "a.md#", content / "sub", content / ".hidden", outside):
        folder.mkdir(parents=True, exist_ok=True)
    (outside / "secret.md").write_text("---\ntitle: Secret\n---\n\nSECRET\n", encoding="utf-8")
    (content / "a.md").write_text("---\ntitle: A\n---\n\nText.\n", encoding="utf-8")
    (content / ".hidden" / "h.md").write_text("---\ntitle: H\n---\n\nHidden.\n", encoding="utf-8")
    links = {"up.md": outside / "secret.md", "a%2Emd": outside / "secret.md", "a.md#x": outside / "secret.md",
             "zero.md": Path("/dev/zero"), "loop.md": content / "loop.md", "outside": outside}
    for name, target in links.items():
        os.symlink(target, content / name)
    os.mkfifo(content / "pipe.md")
    return content


def assert_never_outside(opened: list[str], root: Path) -> None:
    outside = str((root / "outside").resolve())
    strays = [path for path in opened if path.startswith(outside) or path in FOREIGN]
    assert not strays, strays


def assert_printable(failure: BuildError) -> None:
    for problem in failure.problems:
        problem.format().encode("utf-8")  # a lone surrogate in a message would crash the report


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(front=FRONT_MATTER, body=st.lists(BODY_LINE, max_size=8))
def test_the_article_reader_never_crashes_or_leaves_its_folder(front, body):
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        content = folder_with_traps(root)
        text = "---\n" + "".join(front_matter_line(key, value) for key, value in front) + "---\n\n"
        article = content / "hostile.md"
        # A lone surrogate in the body is written as its bytes: a file that is not UTF-8.
        article.write_text(text + "\n\n".join(body) + "\n", encoding="utf-8", errors="surrogatepass")
        with files_opened() as opened:
            try:
                _, problems = source_problems(article, str(article))
                assert_printable(BuildError(problems))
            except BuildError as failure:
                assert_printable(failure)
        assert_never_outside(opened, root)


@SETTINGS
@given(names=st.lists(HOSTILE_PATH, min_size=1, max_size=4), title=WORDS)
def test_the_book_reader_never_crashes_or_reads_a_chapter_outside_its_folder(names, title):
    with tempfile.TemporaryDirectory() as temporary:
        root = Path(temporary)
        content = folder_with_traps(root)
        book = content / "book.yaml"
        book.write_text(f"title: {quoted(title or 'T')}\narticles:\n" + "".join(f"  - {quoted(name)}\n" for name in names),
                        encoding="utf-8")
        with files_opened() as opened:
            try:
                read, articles, _ = load_book(book)
            except BuildError as failure:
                assert_printable(failure)
            else:
                inside = content.resolve()
                assert all(path.resolve().is_relative_to(inside) for path in read.articles)
                assert len({path.resolve() for path in read.articles}) == len(read.articles)  # each once
                assert all("SECRET" not in str(article) for article in articles)
        assert_never_outside(opened, root)
