"""Project settings from handout.yaml: the practice's branding (name, contact line and logo for
the print masthead) and the defaults a practice sets once for every article: paper, language,
author, FAQ heading, print variant and PDF standard. The command line comes first, then the
article's front matter, then handout.yaml, then the built-in defaults.

Read as strictly as front matter (same YAML helpers: text values only, duplicate keys and
aliases refused, unknown keys named), and every problem points at `handout.yaml:line`."""

from __future__ import annotations

import dataclasses
import functools
import re
from pathlib import Path

from handout.errors import BuildError, Problem, error
from handout.read import schema
from handout.read.front_matter import BCP47, MESSAGES, compose, plain_values, unknown_key_hint
from handout.read.image_types import image_problem
from handout.read.source import read_text
from handout.resources import SETTINGS_FILE, settings_candidates
from handout.sandbox import Sandbox


@dataclasses.dataclass(frozen=True, kw_only=True)
class ProjectSettings:
    """What handout.yaml may say; every key is optional."""

    practice: str = schema.text(max_length=120)
    contact: str = schema.text(max_length=200)
    logo: str = schema.text()  # an image beside handout.yaml (or below it), printed before the practice line
    page_size: str = schema.choice("", "A4", "Letter", default="")
    language: str = schema.text("", pattern=BCP47)
    author: str = schema.text()
    faq_heading: str = schema.text()
    variant: str = schema.choice("", "standard", "large-print", default="")
    pdf_variant: str = schema.choice("", "pdf/ua-1", "pdf/a-3u", "pdf/a-2u", "none", default="")
    reading_grade: int = schema.whole(0, ge=1, le=18)  # the target reading grade; an article's front matter wins


# The front matter keys handout.yaml gives a default for.
FRONT_MATTER_DEFAULTS = ("page_size", "language", "author", "faq_heading", "reading_grade")


KNOWN_KEYS = tuple(field.name for field in dataclasses.fields(ProjectSettings))
# Line numbers inside the helpers' messages ("at line 3", "on lines 2 and 4"), to shift by one.
LINE_NUMBER = re.compile(r"(?<=\bline )\d+|(?<=\blines )\d+|(?<=\d and )\d+")


def front_matter_defaults(article: Path) -> dict[str, str]:
    """The front matter defaults handout.yaml sets for an article (only the keys it writes)."""
    settings = settings_for(article)
    return {key: getattr(settings, key) for key in FRONT_MATTER_DEFAULTS if getattr(settings, key)}


def settings_for(source: Path) -> ProjectSettings:
    """The settings that apply to an article or book file (all empty without a handout.yaml)."""
    path = settings_path(source)
    if path is None:
        return ProjectSettings()
    stat = path.stat()
    return cached_settings(path.resolve(), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=16)
def cached_settings(path: Path, mtime_ns: int, size: int) -> ProjectSettings:
    """read_settings, once per version of the file (a build asks for it several times)."""
    return read_settings(path)


def settings_path(article: Path) -> Path | None:
    """The handout.yaml that applies to an article: in its folder, else in the folder above."""
    return next((candidate for candidate in settings_candidates(article) if candidate.is_file()), None)


def read_settings(path: Path) -> ProjectSettings:
    """Parse and validate handout.yaml, or raise BuildError naming every problem at its line."""
    shown = str(path)
    if not path.read_bytes().strip():
        return ProjectSettings()  # an empty settings file means "no settings"
    text = read_text(path, shown)  # its problems are at the file's own lines already
    try:
        root = compose(text, shown)
        if root is None:  # only comments
            return ProjectSettings()
        values, lines, problems = plain_values(root, shown)
    except BuildError as failure:
        raise BuildError([own_line(problem) for problem in failure.problems]) from None
    problems = [own_line(problem) for problem in problems]
    lines = {key: line - 1 for key, line in lines.items()}
    settings, invalid = schema.validate(ProjectSettings, values)
    problems += [schema_problem(item, shown, lines) for item in invalid]
    if settings is not None and settings.logo:
        logo, problem = logo_file(settings.logo, path, lines.get("logo", 1))
        settings = dataclasses.replace(settings, logo=str(logo or ""))
        problems += [problem] if problem else []
    if problems:
        raise BuildError(sorted(problems, key=lambda problem: problem.line or 0))
    return settings


def logo_file(written: str, settings: Path, line: int) -> tuple[Path | None, Problem | None]:
    """The logo's file, which must be beside handout.yaml or below it (or the problem, at its line)."""
    folder = settings.parent.resolve()
    sandbox = Sandbox((folder,))
    found = sandbox.local_path(written, folder)
    if found is None:
        return None, error(str(settings), line, f"logo '{written}' {sandbox.refused[-1].describe()}")
    wrong = image_problem(found)  # here, at this line, not at every article that prints it
    if wrong:
        return None, error(str(settings), line, f"logo '{written}' {wrong}")
    return found, None


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
    if item.kind == "literal_error":
        choices = ", ".join(f"'{choice}'" for choice in item.context["expected"] if choice)
        return error(path, line, f"'{key}' must be one of {choices}")
    if item.kind in ("int_parsing", "int_type", "less_than_equal", "greater_than_equal"):  # reading_grade
        return error(path, line, f"'{key}' {MESSAGES[item.kind].format(**item.context)}")
    if item.kind == "string_pattern_mismatch":  # the language: the only patterned setting
        return error(path, line, f"'{key}': {item.context['input']!r} is not a language tag; use a BCP 47 tag "
                                 "such as 'en', 'en-GB' or 'pt-BR'")
    # Text with a maximum length can only be too long.
    return error(path, line, f"'{key}' is too long: at most {item.context['max_length']} characters fit the masthead")
