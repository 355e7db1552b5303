"""Book file (YAML) -> Book: a title, its metadata and the articles it bundles, in order.

The same strict YAML as front matter (exact text values, no duplicate keys or aliases), and
every message names the line in the .yaml file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from pathlib import Path

import yaml

from handout.errors import BuildError, Problem, error
from handout.model import Article
from handout.read import schema
from handout.read.chapter_paths import ChapterRefused, chapter_path
from handout.read.front_matter import (
    BCP47,
    compose,
    plain_values,
    really_invalid,
    schema_problem,
)
from handout.read.links import link_problems
from handout.read.lint import source_problems
from handout.read.source import read_text

BOOK_SUFFIXES = (".yaml", ".yml")
LINE_NUMBERS = re.compile(r"\blines? \d+(?: and \d+)?")  # line numbers inside messages


@dataclass(frozen=True, kw_only=True)
class BookFile:
    """The schema of a book file."""

    title: str = schema.text(schema.REQUIRED, min_length=1)
    subtitle: str = schema.text()
    author: str = schema.text()
    language: str = schema.text("en", pattern=BCP47)
    cover: str = schema.text()
    articles: tuple[str, ...] = schema.texts(schema.REQUIRED, min_length=1)


BOOK_KEYS = tuple(field.name for field in fields(BookFile))


@dataclass(frozen=True)
class Book:
    path: str  # as given on the command line; used in every message
    slug: str
    title: str
    language: str
    articles: tuple[Path, ...]
    subtitle: str = ""
    author: str = ""
    cover: str = ""  # relative to the book file


def is_book(path: Path) -> bool:
    return path.suffix.lower() in BOOK_SUFFIXES


def shifted(problems: list[Problem]) -> list[Problem]:
    """Front-matter helpers count from the line after an opening '---'; a book file has none."""
    def earlier(match: re.Match) -> str:
        return re.sub(r"\d+", lambda number: str(int(number[0]) - 1), match[0])
    return [problem._replace(line=problem.line - 1 if problem.line else None,
                    message=LINE_NUMBERS.sub(earlier, problem.message.replace("front matter", "book file")))
            for problem in problems]


def article_lines(root: yaml.Node) -> list[int]:
    """The file line of each item under `articles:`."""
    for key, value in root.value:
        if key.value == "articles" and isinstance(value, yaml.SequenceNode):
            return [item.start_mark.line + 1 for item in value.value]
    return []


def read_book(path: Path, shown: str | None = None) -> Book:
    """Read and validate a book file; raise BuildError with every problem found."""
    shown = shown or str(path)
    text = read_text(path, shown)  # its problems are at the file's own lines already
    try:
        root = compose(text, shown)
        values, lines, problems = plain_values(root, shown)
    except BuildError as failure:
        raise BuildError(shifted(failure.problems)) from None
    lines = {key: line - 1 for key, line in lines.items()}
    front, invalid = schema.validate(BookFile, values)  # `articles: a.md` is a one-item list
    if invalid:
        problems = shifted(problems + [schema_problem(item, shown, {k: v + 1 for k, v in lines.items()}, BOOK_KEYS)
                                       for item in really_invalid(invalid, lines)])
        raise BuildError(sorted(problems, key=lambda problem: problem.line or 0))
    if problems:
        raise BuildError(shifted(problems))
    articles = resolve_articles(front.articles, article_lines(root), path, shown)
    return Book(shown, path.stem, front.title, front.language, articles, front.subtitle, front.author, front.cover)


def resolve_articles(names: tuple[str, ...], lines: list[int], path: Path, shown: str) -> tuple[Path, ...]:
    """Each article's file, resolved once and checked as resolved (read/chapter_paths.py); the
    same file under two names (`sub/../a.md`, a symlink) is listed twice."""
    found: dict[Path, str] = {}
    problems: list[Problem] = []
    for index, name in enumerate(names):
        line = lines[index] if index < len(lines) else None
        try:
            chapter = chapter_path(name, path.parent)
        except ChapterRefused as refusal:
            problems.append(error(shown, line, f"article '{name}' {refusal}"))
            continue
        if chapter in found:
            also = f" (as '{found[chapter]}')" if found[chapter] != name else ""
            problems.append(error(shown, line, f"article '{name}' is listed twice{also}"))
        else:
            found[chapter] = name
    if problems:
        raise BuildError(problems)
    return tuple(found)


def load_book(path: Path) -> tuple[Book, list[Article], list[Problem]]:
    """The book file and its articles; raises BuildError when any of them has an error."""
    book = read_book(path, str(path))
    articles, problems = read_articles(book)
    if any(problem.is_error for problem in problems):
        raise BuildError(problems)
    return book, articles, problems


def read_articles(book: Book) -> tuple[list[Article], list[Problem]]:
    """Every article of the book, read and linted; all their problems, not just the first one's."""
    chapters: dict[Path, Article] = {}
    problems: list[Problem] = []
    for path in book.articles:
        try:
            article, found = source_problems(path, str(path), chapter=True)
        except BuildError as failure:
            problems += failure.problems
            continue
        problems += found
        chapters[path.resolve()] = article
    # A link to another chapter is judged knowing them all: `other.md#section` must name one.
    for article in chapters.values():
        problems += link_problems(article, chapters)
    return list(chapters.values()), problems
