"""A small declarative validator for the YAML files' plain values (text, or a list of text).

A schema is a frozen, keyword-only dataclass whose fields are declared with `text`, `texts`,
`date`, `whole` or `choice`. `validate` checks a dict of values against it and returns the
instance, or every refusal at once so the caller can word each one at its key's line.
Refusal kinds ("string_type", "less_than_equal", ...) keep the names of the validation library
this replaced (too slow to import for a cold build), so the callers' message tables stand.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from typing import Any, NamedTuple, TypeVar

Schema = TypeVar("Schema")
REQUIRED = dataclasses.MISSING  # the default of a key that must be written

# Unicode White_Space, what was stripped before: unlike str.strip() it keeps \x1c-\x1f,
# which a double-quoted YAML escape can produce.
WHITESPACE = "\t\n\v\f\r \x85\xa0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u2028\u2029\u202f\u205f\u3000"
# The whole numbers read from text before: "+3", "007", "3_000" and "3.0" but not "3.5", "1e3",
# "0x10" or non-ASCII digits. Deliberately not kept: "0-3" was read as -3, and past 4300 digits
# ("exceeded maximum size" before) Python's int() refuses; both are now "not a whole number".
WHOLE = re.compile(r"[+-]?[0-9]+(?:_[0-9]+)*(?:\.0+)?")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


class Invalid(NamedTuple):
    """One refusal: the key, the list item (0-based) or None for the whole value, why, and details."""

    key: str
    item: int | None
    kind: str
    context: dict[str, Any]


class Refused(Exception):
    """Raised by a field's check, with one (item, kind, context) reason per refused part of the value."""

    def __init__(self, *reasons: tuple[int | None, str, dict[str, Any]]):
        super().__init__(*reasons)
        self.reasons = list(reasons)


def refuse(kind: str, **context) -> Refused:
    """The whole value is refused for one reason."""
    return Refused((None, kind, context))


def validate(schema: type[Schema], values: dict[str, Any]) -> tuple[Schema | None, list[Invalid]]:
    """The schema's instance (defaults filled in) and no refusals, or None and every refusal.

    Refusals come in field order, then unknown keys in the order written."""
    fields = dataclasses.fields(schema)
    found: dict[str, Any] = {}
    invalid: list[Invalid] = []
    for field in fields:
        if field.name not in values:
            if field.default is REQUIRED:
                invalid.append(Invalid(field.name, None, "missing", {}))
            continue
        try:
            found[field.name] = field.metadata["check"](values[field.name])
        except Refused as refused:
            invalid += [Invalid(field.name, *reason) for reason in refused.reasons]
    names = {field.name for field in fields}
    invalid += [Invalid(key, None, "extra_forbidden", {}) for key in values if key not in names]
    return (None if invalid else schema(**found)), invalid


def declared(check, default) -> Any:
    """A dataclass field carrying its check; no default means the key is required."""
    if default is REQUIRED:
        return dataclasses.field(metadata={"check": check})
    return dataclasses.field(default=default, metadata={"check": check})


def text(default: Any = "", *, min_length: int = 0, max_length: int | None = None,
         pattern: str | None = None) -> Any:
    """One line of text, stripped; lengths and the pattern apply to the stripped text."""
    return declared(lambda value: stripped_text(value, min_length, max_length, pattern), default)


def stripped_text(value, min_length: int = 0, max_length: int | None = None, pattern: str | None = None) -> str:
    """The check behind `text`, and behind each item of `texts`."""
    if not isinstance(value, str):
        raise refuse("string_type")
    stripped = value.strip(WHITESPACE)
    if len(stripped) < min_length:
        raise refuse("string_too_short", min_length=min_length)
    if max_length is not None and len(stripped) > max_length:
        raise refuse("string_too_long", max_length=max_length)
    if pattern and not re.fullmatch(pattern, stripped):
        raise refuse("string_pattern_mismatch", input=value)
    return stripped


def texts(default: Any = (), *, min_length: int = 0, separator: str = "") -> Any:
    """A list of text items, each stripped, as a tuple; a lone text is a one-item list, or with a
    `separator`, the list of its parts (`keywords: a, b, c` means three keywords)."""
    def check(value):
        if isinstance(value, str):
            value = [part for part in value.split(separator) if part.strip()] if separator else [value]
        if not isinstance(value, list):
            raise refuse("tuple_type")
        items, reasons = [], []
        for index, item in enumerate(value):
            try:
                items.append(stripped_text(item))
            except Refused as refused:
                reasons += [(index, kind, context) for _, kind, context in refused.reasons]
        if len(items) < min_length:
            reasons.append((None, "too_short", {"min_length": min_length, "actual_length": len(items)}))
        if reasons:
            raise Refused(*reasons)
        return tuple(items)
    return declared(check, default)


def date(default: Any = None) -> Any:
    """A real calendar date written exactly as YYYY-MM-DD (not stripped)."""
    def check(value):
        if not isinstance(value, str):
            raise refuse("date_type")
        if not ISO_DATE.fullmatch(value):
            raise refuse("value_error", message=f"{value!r} is not an ISO date; write it as YYYY-MM-DD")
        try:
            return dt.date.fromisoformat(value)
        except ValueError as exc:
            raise refuse("value_error", message=f"{value!r} is not a real date ({exc})") from None
    return declared(check, default)


def whole(default: Any = REQUIRED, *, ge: int, le: int) -> Any:
    """A whole number from ge to le, written as text."""
    def check(value):
        if not isinstance(value, str):
            raise refuse("int_type")
        written = value.strip(WHITESPACE)
        if not WHOLE.fullmatch(written):
            raise refuse("int_parsing")
        try:
            number = int(written.partition(".")[0])
        except ValueError:  # more than 4300 digits
            raise refuse("int_parsing") from None
        if number < ge:
            raise refuse("greater_than_equal", ge=ge)
        if number > le:
            raise refuse("less_than_equal", le=le)
        return number
    return declared(check, default)


def choice(*choices: str, default: Any = REQUIRED) -> Any:
    """One of the choices, matched regardless of case, given back as declared (not stripped)."""
    names = {name.lower(): name for name in choices}

    def check(value):
        if not isinstance(value, str) or value.lower() not in names:
            raise refuse("literal_error", expected=choices)
        return names[value.lower()]
    return declared(check, default)
