"""Front matter: the YAML between the opening `---` lines, validated against a schema.

Scalars are kept as the exact text written (`title: no` is "no", not False), duplicate
keys and YAML aliases are refused, and every message carries the line in the .md file.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
from pathlib import Path

import yaml

from handout.errors import BuildError, Problem, error
from handout.labels import labels_for
from handout.model import Meta, Prompt
from handout.read import schema
from handout.read.control_characters import first_forbidden, message
from handout.read.inline_text import smart_text
from handout.read.prompts import prompts_field

FENCE = "---"
MAX_YAML_DEPTH = 10
BCP47 = r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$"


@dataclasses.dataclass(frozen=True, kw_only=True)
class FrontMatter:
    """The schema; every value arrives as text (or a list of text) and is checked by `schema`."""

    title: str = schema.text(schema.REQUIRED, min_length=1)
    subtitle: str = schema.text()
    author: str = schema.text()
    date: dt.date | None = schema.date()
    review_by: dt.date | None = schema.date()
    language: str = schema.text("en", pattern=BCP47)
    quick_answer: str = schema.text()
    description: str = schema.text()
    keywords: tuple[str, ...] = schema.texts(separator=",")
    faq_heading: str = schema.text("Frequently Asked Questions", min_length=1)
    page_size: str = schema.choice("", "A4", "Letter", default="")
    fit: int = schema.whole(0, ge=0, le=50)
    reflection: tuple[Prompt, ...] = prompts_field()
    fillable: str = schema.choice("", "true", "false", default="")  # the prompts as PDF form fields
    cover: str = schema.text()
    smart: str = schema.choice("", "true", "false", default="")  # smart punctuation; on unless "false"
    reading_grade: int = schema.whole(0, ge=1, le=18)  # the target school grade (check/reading_grade.py)


KNOWN_KEYS = tuple(field.name for field in dataclasses.fields(FrontMatter))


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


def read_front_matter(yaml_text: str, path: str) -> tuple[FrontMatter, dict[str, int], list[Problem]]:
    """Parse and validate; return the values, the file line of each key and every problem, in
    file order. A refused value is replaced by its default (an unreadable block by all the
    defaults), so that the body is still read and one run shows every problem of the article."""
    try:
        values, lines, problems = plain_values(compose(yaml_text, path), path)
    except BuildError as failure:
        return stand_in({}), {}, failure.problems
    front, invalid = schema.validate(FrontMatter, values)
    problems += [schema_problem(item, path, lines) for item in really_invalid(invalid, lines)]
    if front is None:
        refused = {item.key for item in invalid}
        front = stand_in({key: value for key, value in values.items() if key not in refused})
    return front, lines, sorted(problems, key=lambda problem: problem.line or 0)


def stand_in(values: dict) -> FrontMatter:
    """Front matter from the values that passed (a missing title as 'Untitled'): only ever read
    to go on finding problems, never built."""
    front, _ = schema.validate(FrontMatter, {"title": "Untitled", **values})
    return front


MAPPING_ITEMS = ("reflection",)  # a worksheet prompt may be a mapping (read/prompts.py)
SMART_KEYS = ("title", "subtitle", "description", "faq_heading")  # plain values set as the body is


def to_meta(front: FrontMatter, given=(), defaults: dict[str, str] | None = None) -> Meta:
    """The validated values as the content model's frozen Meta (`given`: the keys the front
    matter wrote; the others take the project's `defaults` (handout.yaml), else the built-in
    ones, the FAQ heading its language's)."""
    fields = dict(vars(front))
    del fields["quick_answer"]
    fields |= {key: value for key, value in (defaults or {}).items() if key not in given}
    if "faq_heading" not in given and "faq_heading" not in (defaults or {}):
        fields["faq_heading"] = labels_for(fields["language"])["faq_heading"]
    fields["smart"] = fields["smart"] != "false"
    fields["fillable"] = fields["fillable"] == "true"
    if fields["smart"]:  # the plain values get the body's curly quotes and dashes
        language = fields["language"]
        fields |= {key: smart_text(fields[key], language) for key in SMART_KEYS}
        fields["reflection"] = tuple(smart_prompt(prompt, language) for prompt in fields["reflection"])
    return Meta(**fields)


def smart_prompt(prompt: Prompt, language: str) -> Prompt:
    return dataclasses.replace(prompt, text=smart_text(prompt.text, language),
                               low_label=smart_text(prompt.low_label, language),
                               high_label=smart_text(prompt.high_label, language),
                               options=tuple(smart_text(option, language) for option in prompt.options))


def compose(yaml_text: str, path: str) -> yaml.Node | None:
    """YAML text -> node tree; aliases and syntax errors become problems at file line and column."""
    # Refuse aliases before composing: an alias bomb expands only when walked, but it is
    # never useful in front matter and this keeps the walk linear in the file's size.
    # Nesting is bounded too: composing is recursive, and front matter needs two levels.
    depth = 0
    try:
        for event in yaml.parse(yaml_text, Loader=yaml.SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                raise BuildError(error(path, file_line(event.start_mark),
                                       "YAML aliases (*name) are not allowed in front matter; "
                                       "write the value out again"))
            depth += isinstance(event, yaml.CollectionStartEvent) - isinstance(event, yaml.CollectionEndEvent)
            if depth > MAX_YAML_DEPTH:
                raise BuildError(error(path, file_line(event.start_mark),
                                       f"front matter is nested more than {MAX_YAML_DEPTH} levels deep; "
                                       "values are text or a list of text"))
        return yaml.compose(yaml_text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f" at line {file_line(mark)}, column {mark.column + 1}" if mark else ""
        raise BuildError(error(path, file_line(mark) if mark else 2,
                               f"front matter is not valid YAML{where}: {exc.problem}; {yaml_hint(exc)}"))


def yaml_hint(exc: yaml.MarkedYAMLError) -> str:
    """How to fix the commonest YAML mistakes, in words for people who do not know YAML."""
    problem = str(exc.problem or "")
    if "'\\t'" in problem:
        return "YAML does not allow tabs for indentation; use spaces"
    if "end of stream" in problem and "quoted" in str(exc.context or ""):
        return "a quoted value is not closed; add the closing quote"
    return ("if a value contains ': ' or starts with a special character, "
            "enclose the whole value in 'single quotes'")


def plain_values(root: yaml.Node | None, path: str) -> tuple[dict, dict[str, int], list[Problem]]:
    """The mapping as plain text values, each key's file line, and the problems found."""
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
        if not isinstance(key, str) or first_forbidden(key):
            problems.append(error(path, line, "front matter keys must be plain words"))
        elif key in lines:
            problems.append(error(path, line, f"duplicate key '{key}' on lines {lines[key]} and {line}; "
                                              "keep one of them"))
        else:
            lines[key] = line
            value = plain_value(value_node, key, path, problems)
            if value is not None:
                values[key] = value
    return values, lines, problems


def plain_mapping(node: yaml.MappingNode, key: str, path: str, problems: list[Problem]) -> dict:
    """A list item written as `name: value` lines (a worksheet prompt): text values, or a list of them."""
    values: dict = {}
    for name_node, value_node in node.value:
        name = name_node.value if isinstance(name_node, yaml.ScalarNode) else ""
        if name in values:
            problems.append(error(path, file_line(name_node.start_mark), f"duplicate '{name}' in a '{key}' item"))
        elif isinstance(value_node, yaml.ScalarNode):
            values[name] = value_node.value
        elif isinstance(value_node, yaml.SequenceNode) and all(isinstance(item, yaml.ScalarNode)
                                                                for item in value_node.value):
            values[name] = [item.value for item in value_node.value]
        else:
            problems.append(error(path, file_line(value_node.start_mark),
                                  f"'{name}' in a '{key}' item must be text or a list of text"))
    return values


def plain_value(node: yaml.Node, key: str, path: str, problems: list[Problem]):
    """A scalar's exact text, or a list of them; anything deeper is a problem."""
    if any([unprintable(scalar, path, problems) for scalar in scalars(node)]):  # every one reported
        return None
    if isinstance(node, yaml.ScalarNode):
        return node.value
    if isinstance(node, yaml.SequenceNode):
        items = []
        for item in node.value:
            if isinstance(item, yaml.ScalarNode):
                items.append(item.value)
            elif key in MAPPING_ITEMS and isinstance(item, yaml.MappingNode):
                items.append(plain_mapping(item, key, path, problems))
            else:
                problems.append(error(path, file_line(item.start_mark),
                                      f"'{key}' must be a list of plain text items"))
        return items
    problems.append(error(path, file_line(node.start_mark),
                          f"'{key}' must be text or a list, not a mapping"))
    return None


def scalars(node: yaml.Node) -> list[yaml.ScalarNode]:
    """Every text value in a value: itself, its items, its items' values (compose bounds the depth)."""
    if isinstance(node, yaml.ScalarNode):
        return [node]
    children = node.value if isinstance(node, yaml.SequenceNode) else [value for _, value in node.value]
    return [found for child in children for found in scalars(child)]


def unprintable(node: yaml.ScalarNode, path: str, problems: list[Problem]) -> bool:
    """A value holding a character no output can hold (`"\\x08"`, `"\\ud800"`): a problem at its line."""
    found = first_forbidden(node.value)
    if found:
        problems.append(error(path, file_line(node.start_mark), message(found[0])))
    return found is not None


MESSAGES = {
    "string_type": "must be text, not a list",
    "string_too_short": "must not be empty",
    "int_parsing": "must be a whole number",
    "int_type": "must be a whole number, not a list",
    "date_type": "must be one date (YYYY-MM-DD), not a list",
    "tuple_type": "must be a list of text items",
    "literal_error": "must be {choices}",
    "less_than_equal": "must be at most {le}",
    "greater_than_equal": "must be at least {ge}",
    "too_short": "must list at least {min_length} item",
    "prompt_key": "has an unknown key '{key}'; a prompt knows prompt, kind, from, to, low, high and options",
    "prompt_missing": "needs 'prompt: ...' (the question itself)",
    "prompt_kind": "kind '{input}' is not one of text, scale or checklist",
    "prompt_range": "needs whole numbers 'from' below 'to', at most {most} apart",
    "prompt_options": "is a checklist: it needs 'options', a list of 1 to {most} items",
}
FIELD_MESSAGES = {
    "language": "is not a language tag; use a BCP 47 tag such as 'en', 'en-GB' or 'pt-BR'",
}


def really_invalid(invalid: list[schema.Invalid], lines: dict[str, int]) -> list[schema.Invalid]:
    """A key whose value was already refused (a mapping) is not reported "missing" as well."""
    return [item for item in invalid if not (item.kind == "missing" and item.key in lines)]


def unknown_key_hint(key: str, known_keys: tuple[str, ...]) -> str:
    """The likely intended key, or every key there is."""
    near = difflib.get_close_matches(key, known_keys, n=1, cutoff=0.6)
    return f"did you mean '{near[0]}'?" if near else f"known keys: {', '.join(known_keys)}"


def schema_problem(item: schema.Invalid, path: str, lines: dict[str, int],
                   known_keys: tuple[str, ...] = KNOWN_KEYS) -> Problem:
    """One refused value -> a problem in words a writer understands, at the key's line."""
    key = item.key
    line = lines.get(key, 2)
    if item.kind == "extra_forbidden":
        return error(path, line, f"unknown front matter key '{key}'; {unknown_key_hint(key, known_keys)}")
    if item.kind == "missing":
        return error(path, 2, f"front matter needs '{key}: ...'")
    if item.kind == "string_pattern_mismatch":  # every patterned field has its message
        return error(path, line, f"'{key}': {item.context['input']!r} {FIELD_MESSAGES[key]}")
    if item.kind in MESSAGES:
        where = f"'{key}' item {item.item + 1}" if item.item is not None else f"'{key}'"
        choices = " or ".join(f"'{choice}'" for choice in item.context.get("expected", ()) if choice)
        return error(path, line, f"{where} {MESSAGES[item.kind].format(choices=choices, **item.context)}")
    return error(path, line, f"'{key}': {item.context['message']}")  # a date's own reason


def file_line(mark) -> int:
    """A YAML mark's line, counted in the .md file."""
    # The YAML text starts on the file's second line (after the opening ---).
    return mark.line + 2


def front_matter_line(path: str, key: str) -> int | None:
    """The line of `key:` in an article's front matter, for messages about its value."""
    try:
        lines = Path(path).read_text(encoding="utf-8-sig").split("\n")
    except OSError:
        return None
    return next((number for number, line in enumerate(lines, 1) if line.startswith(f"{key}:")), None)
