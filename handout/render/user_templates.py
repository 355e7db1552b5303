"""Templates from a --templates folder are the user's own code: a mistake in one is the user's
error at that template's file and line (`print.html.j2:12: error: 'foo' is undefined`), never an
internal error; and a file there that replaces no built-in template is pointed out."""

from __future__ import annotations

import difflib
import traceback
from pathlib import Path

import jinja2

from handout.errors import BuildError, Problem, error
from handout.resources import TEMPLATES


def render_template(environment: jinja2.Environment, name: str, override_dir: str, **values) -> str:
    """The template `name` rendered with `values`; raises BuildError for a mistake in one of the
    override folder's templates (a mistake in a built-in template stays an internal error)."""
    try:
        return environment.get_template(name).render(**values)
    except Exception as failure:
        place = user_place(failure, override_dir)
        if place is None:
            raise
        message = getattr(failure, "message", None) or f"{type(failure).__name__}: {failure}"
        raise BuildError(error(place[0], place[1], f"template: {message}", "template")) from None


def user_place(failure: Exception, override_dir: str) -> tuple[str, int | None] | None:
    """Where in the override folder the failure happened (file, line), if it did there."""
    if not override_dir:
        return None
    folder = Path(override_dir).resolve()
    if isinstance(failure, jinja2.TemplateSyntaxError) and failure.filename:
        if Path(failure.filename).resolve().is_relative_to(folder):
            return failure.filename, failure.lineno
        return None
    # Jinja rewrites a template's runtime error so that its frames name the template and line.
    frames = [frame for frame in traceback.extract_tb(failure.__traceback__)
              if Path(frame.filename).resolve().is_relative_to(folder)]
    return (frames[-1].filename, frames[-1].lineno) if frames else None


def built_in_names() -> list[str]:
    return sorted(path.relative_to(TEMPLATES).as_posix() for path in TEMPLATES.rglob("*.j2"))


def unused_overrides(override_dir: str) -> list[Problem]:
    """A warning for each template in the override folder that has no built-in one to replace
    (a misspelt name is silently ignored otherwise)."""
    if not override_dir:
        return []
    folder = Path(override_dir)
    known = built_in_names()
    problems = []
    for path in sorted(folder.rglob("*.j2")):
        name = path.relative_to(folder).as_posix()
        if name not in known:
            near = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
            hint = f"did you mean '{near[0]}'?" if near else f"the templates are {', '.join(known)}"
            problems.append(Problem(str(path), None, f"replaces no built-in template; {hint}", "warning", "template"))
    return problems
