"""Everything wrong with an article's source, found in one run before anything is rendered:
what reading finds, the model's lint, and the images it names that the build cannot read,
in file order, so that one pass through the file fixes them all."""

from __future__ import annotations

from pathlib import Path

from handout.check.source import check_source
from handout.errors import Problem, error
from handout.model import Article
from handout.read.article import read_article_and_problems
from handout.sandbox import Sandbox


def source_problems(path: Path, shown: str, extra: tuple[Path, ...] = ()) -> tuple[Article, list[Problem]]:
    """The article (as far as it could be read) and its every source problem, errors and
    warnings, in file order (`extra`: the --css files, which the sandbox also serves)."""
    article, problems = read_article_and_problems(path, shown)
    problems += check_source(article) + unreadable_images(article, Sandbox.for_article(path.parent, extra))
    return article, sorted(problems, key=lambda problem: problem.line or 0)


def unreadable_images(article: Article, sandbox: Sandbox) -> list[Problem]:
    """Each image the build may not or cannot read, at its line: not found (with the file
    probably meant) or refused, and why."""
    base = Path(article.path).parent
    problems = []
    for image in article.images:
        if image.src and sandbox.local_path(image.src, base) is None:
            problems.append(error(article.path, image.line, f"image '{image.src}' {sandbox.refused[-1].describe()}",
                                  "resource"))
    return problems
