"""Everything wrong with an article's source, found in one run before anything is rendered:
what reading finds, the model's lint, and the images it names that the build cannot read,
in file order, so that one pass through the file fixes them all."""

from __future__ import annotations

from pathlib import Path

from handout.check.source import check_source
from handout.errors import Problem, error
from handout.model import Article
from handout.read.article import read_article_and_problems
from handout.read.image_types import image_problem
from handout.read.links import link_problems
from handout.sandbox import Sandbox


def source_problems(path: Path, shown: str, extra: tuple[Path, ...] = (),
                    chapter: bool = False) -> tuple[Article, list[Problem]]:
    """The article (as far as it could be read) and its every source problem, errors and
    warnings, in file order (`extra`: the --css files, which the sandbox also serves;
    `chapter`: a book's, whose links the book judges, knowing its other chapters)."""
    article, problems = read_article_and_problems(path, shown)
    problems += check_source(article) + unreadable_images(article, Sandbox.for_article(path.parent, extra))
    problems += [] if chapter else link_problems(article)
    return article, sorted(problems, key=lambda problem: problem.line or 0)


def unreadable_images(article: Article, sandbox: Sandbox) -> list[Problem]:
    """Each image the build may not or cannot read, at its line: not found (with the file
    probably meant) or refused, and why; a file that is no image by its bytes; an SVG that
    could run a script."""
    base = Path(article.path).parent
    problems = []
    for image in article.images:
        path = sandbox.local_path(image.src, base) if image.src else None
        reason = sandbox.refused[-1].describe() if image.src and path is None else image_problem(path)
        if reason:
            problems.append(error(article.path, image.line, f"image '{image.src}' {reason}", "resource"))
    return problems
