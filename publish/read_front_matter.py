"""Front matter: the YAML between the opening `---` lines, validated against a schema.

Scalars are kept as the exact text written (`title: no` is "no", not False), duplicate
keys and YAML aliases are refused, and every message carries the line in the .md file.
"""

from __future__ import annotations

import datetime as dt
import difflib
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .errors import BuildError, Problem, error
from .model import Meta

FENCE = "---"
BCP47 = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$"


class FrontMatter(BaseModel):
    """The schema; every value arrives as text (or a list of text) and is checked here."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)

    title: str = Field(min_length=1)
    subtitle: str = ""
    author: str = ""
    date: dt.date | None = None
    language: str = Field(default="en", pattern=BCP47)
    quick_answer: str = ""
    description: str = ""
    keywords: tuple[str, ...] = ()
    faq_heading: str = Field(default="Frequently Asked Questions", min_length=1)
    page_size: Literal["", "A4", "Letter"] = ""
    fit: int = Field(default=0, ge=0, le=50)
    reflection: tuple[str, ...] = ()
    cover: str = ""

    @field_validator("date", mode="before")
    @classmethod
    def iso_date(cls, value):
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                raise ValueError(f"{value!r} is not an ISO date (YYYY-MM-DD)") from None
        return value

    @field_validator("keywords", "reflection", mode="before")
    @classmethod
    def one_item_list(cls, value):
        return (value,) if isinstance(value, str) else value

    @field_validator("page_size", mode="before")
    @classmethod
    def page_size_case(cls, value):
        names = {"a4": "A4", "letter": "Letter"}
        return names.get(value.lower(), value) if isinstance(value, str) else value


KNOWN_KEYS = tuple(FrontMatter.model_fields)


def split_front_matter(text: str, path: str) -> tuple[str, int]:
    """Return (yaml text, 1-based line where the body starts)."""
    lines = text.split("\n")
    if lines[0].rstrip() != FENCE:
        raise BuildError(error(path, 1, "missing front matter: the file must start with a '---' line, "
                                        "then 'title: ...', then another '---' line"))
    for index in range(1, len(lines)):
        if lines[index].rstrip() in (FENCE, "..."):
            return "\n".join(lines[1:index]), index + 2
    raise BuildError(error(path, 1, "front matter is not closed: add a '---' line after it"))


def read_front_matter(yaml_text: str, path: str) -> tuple[FrontMatter, dict[str, int]]:
    """Parse and validate; return the values and the file line of each key."""
    root = compose(yaml_text, path)
    values, lines = plain_values(root, path)
    try:
        return FrontMatter(**values), lines
    except ValidationError as exc:
        raise BuildError([schema_problem(item, path, lines) for item in exc.errors()])


def to_meta(front: FrontMatter) -> Meta:
    fields = front.model_dump(exclude={"quick_answer"})
    return Meta(**fields)


def compose(yaml_text: str, path: str) -> yaml.Node | None:
    # Refuse aliases before composing: an alias bomb expands only when walked, but it is
    # never useful in front matter and this keeps the walk linear in the file's size.
    try:
        for event in yaml.parse(yaml_text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                raise BuildError(error(path, file_line(event.start_mark),
                                       "YAML aliases (*name) are not allowed in front matter"))
        return yaml.compose(yaml_text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        hint = ("; if a value contains ': ' or starts with a special character, "
                "enclose the whole value in 'single quotes'")
        where = f" (column {mark.column + 1})" if mark else ""
        raise BuildError(error(path, file_line(mark) if mark else 2,
                               f"front matter is not valid YAML: {exc.problem}{where}{hint}"))


def plain_values(root: yaml.Node | None, path: str) -> tuple[dict, dict[str, int]]:
    if root is None:
        raise BuildError(error(path, 2, "front matter is empty: it needs at least 'title: ...'"))
    if not isinstance(root, yaml.MappingNode):
        raise BuildError(error(path, file_line(root.start_mark),
                               "front matter must be 'key: value' lines"))
    values: dict = {}
    lines: dict[str, int] = {}
    problems: list[Problem] = []
    for key_node, value_node in root.value:
        line = file_line(key_node.start_mark)
        key = key_node.value if isinstance(key_node, yaml.ScalarNode) else None
        if not isinstance(key, str):
            problems.append(error(path, line, "front matter keys must be plain words"))
        elif key in lines:
            problems.append(error(path, line, f"duplicate key '{key}' (first on line {lines[key]}); "
                                              "keep one of them"))
        else:
            lines[key] = line
            values[key] = plain_value(value_node, key, path, problems)
    if problems:
        raise BuildError(problems)
    return values, lines


def plain_value(node: yaml.Node, key: str, path: str, problems: list[Problem]):
    if isinstance(node, yaml.ScalarNode):
        return node.value
    if isinstance(node, yaml.SequenceNode):
        items = []
        for item in node.value:
            if isinstance(item, yaml.ScalarNode):
                items.append(item.value)
            else:
                problems.append(error(path, file_line(item.start_mark),
                                      f"'{key}' must be a list of plain text items"))
        return items
    problems.append(error(path, file_line(node.start_mark),
                          f"'{key}' must be text or a list, not a mapping"))
    return None


def schema_problem(item: dict, path: str, lines: dict[str, int]) -> Problem:
    key = str(item["loc"][0]) if item["loc"] else ""
    line = lines.get(key, 2)
    if item["type"] == "extra_forbidden":
        near = difflib.get_close_matches(key, KNOWN_KEYS, n=1, cutoff=0.6)
        hint = f"; did you mean '{near[0]}'?" if near else f"; known keys: {', '.join(KNOWN_KEYS)}"
        return error(path, line, f"unknown front matter key '{key}'{hint}")
    if item["type"] == "missing":
        return error(path, 2, f"front matter needs '{key}: ...'")
    message = item["msg"].removeprefix("Value error, ")
    return error(path, line, f"'{key}': {message}")


def file_line(mark) -> int:
    # The YAML text starts on the file's second line (after the opening ---).
    return mark.line + 2
