"""Project settings from handout.yaml: the practice's name and contact line for the print masthead.

Read as strictly as front matter (same YAML helpers: text values only, duplicate keys and
aliases refused, unknown keys named), and every problem points at `handout.yaml:line`."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

from . import schema
from .errors import BuildError, Problem, error
from .project import SETTINGS_FILE
from .read_front_matter import compose, plain_values, unknown_key_hint
from .read_source import read_text
from .render import Practice


@dataclasses.dataclass(frozen=True, kw_only=True)
class Settings:
    """What handout.yaml may say; every key is optional."""

    practice: str = schema.text(max_length=120)
    contact: str = schema.text(max_length=200)


KNOWN_KEYS = tuple(field.name for field in dataclasses.fields(Settings))
# Line numbers inside the helpers' messages ("at line 3", "on lines 2 and 4"), to shift by one.
LINE_NUMBER = re.compile(r"(?<=\bline )\d+|(?<=\blines )\d+|(?<=\d and )\d+")


def practice_of(options, article: Path) -> Practice:
    """The practice line a build shows: the one given in `options`, else the article's handout.yaml."""
    return options.practice if options.practice != Practice() else practice_for(article)


def settings_path(article: Path) -> Path | None:
    """The handout.yaml that applies to an article: in its folder, else in the folder above."""
    for folder in (article.parent, article.parent.parent):
        candidate = folder / SETTINGS_FILE
        if candidate.is_file():
            return candidate
    return None


def practice_for(article: Path) -> Practice:
    """The practice line for an article's handout (empty when there is no handout.yaml)."""
    path = settings_path(article)
    if path is None:
        return Practice()
    settings = read_settings(path)
    return Practice(settings.practice, settings.contact)


def read_settings(path: Path) -> Settings:
    """Parse and validate handout.yaml, or raise BuildError naming every problem at its line."""
    shown = str(path)
    if not path.read_bytes().strip():
        return Settings()  # an empty settings file means "no settings"
    try:
        root = compose(read_text(path, shown), shown)
        if root is None:  # only comments
            return Settings()
        values, lines, problems = plain_values(root, shown)
    except BuildError as failure:
        raise BuildError([own_line(problem) for problem in failure.problems]) from None
    problems = [own_line(problem) for problem in problems]
    lines = {key: line - 1 for key, line in lines.items()}
    settings, invalid = schema.validate(Settings, values)
    problems += [schema_problem(item, shown, lines) for item in invalid]
    if problems:
        raise BuildError(sorted(problems, key=lambda problem: problem.line or 0))
    return settings


def own_line(problem: Problem) -> Problem:
    """The YAML helpers count lines from after a front matter fence; handout.yaml starts at line 1."""
    message = LINE_NUMBER.sub(lambda match: str(int(match.group()) - 1), problem.message)
    message = message.replace("front matter", SETTINGS_FILE)
    return problem._replace(line=problem.line - 1 if problem.line else None, message=message)


def schema_problem(item: schema.Invalid, path: str, lines: dict[str, int]) -> Problem:
    """One refused value -> a problem at the key's line, in plain words."""
    key = item.key
    line = lines.get(key, 1)
    if item.kind == "extra_forbidden":
        return error(path, line, f"unknown setting '{key}'; {unknown_key_hint(key, KNOWN_KEYS)}")
    if item.kind == "string_type":
        return error(path, line, f"'{key}' must be one line of text, not a list")
    # Text with a maximum length can only be too long.
    return error(path, line, f"'{key}' is too long: at most {item.context['max_length']} characters fit the masthead")
