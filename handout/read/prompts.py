"""Reflection prompts in front matter: a line of text (lines to write on), or a mapping for a
scale to circle or a checklist to tick (a worksheet; `fillable: true` makes them PDF fields).

    reflection:
      - What went through your mind?
      - prompt: How strong was the feeling?
        kind: scale
        from: 0
        to: 10
        low: not at all
        high: the strongest ever
      - prompt: What did you do afterwards?
        kind: checklist
        options: [Went for a walk, Called someone, Wrote it down]
"""

from __future__ import annotations

from handout.model import Prompt
from handout.read import schema

KEYS = ("prompt", "kind", "from", "to", "low", "high", "options")
KINDS = ("text", "scale", "checklist")
MOST_MARKS = 21  # 0 to 20 fits a line at 16 pt; more could not be circled by hand
MOST_OPTIONS = 12


def prompts_field():
    """The `reflection` key: each item a prompt's text or a mapping (see the module's text)."""
    def check(value):
        items = [value] if isinstance(value, str) else value
        if not isinstance(items, list):
            raise schema.refuse("tuple_type")
        prompts, reasons = [], []
        for index, item in enumerate(items):
            try:
                prompts.append(prompt(item))
            except schema.Refused as refused:
                reasons += [(index, kind, context) for _, kind, context in refused.reasons]
        if reasons:
            raise schema.Refused(*reasons)
        return tuple(prompts)
    return schema.declared(check, ())


def prompt(item) -> Prompt:
    """One item: plain text, or a mapping with its kind's keys."""
    if isinstance(item, str):
        return Prompt(schema.stripped_text(item, min_length=1))
    unknown = [key for key in item if key not in KEYS]
    if unknown:
        raise schema.refuse("prompt_key", key=unknown[0])
    if "prompt" not in item:
        raise schema.refuse("prompt_missing")
    kind = item.get("kind", "text")
    if kind not in KINDS:
        raise schema.refuse("prompt_kind", input=kind)
    text = schema.stripped_text(item["prompt"], min_length=1)
    if kind == "scale":
        low, high = whole(item.get("from", "0")), whole(item.get("to", "10"))
        if low is None or high is None or not 0 < high - low < MOST_MARKS:
            raise schema.refuse("prompt_range", most=MOST_MARKS - 1)
        return Prompt(text, kind, low, high, schema.stripped_text(item.get("low", "")),
                      schema.stripped_text(item.get("high", "")))
    if kind == "checklist":
        options = item.get("options")
        if not isinstance(options, list) or not 1 <= len(options) <= MOST_OPTIONS:
            raise schema.refuse("prompt_options", most=MOST_OPTIONS)
        return Prompt(text, kind, options=tuple(schema.stripped_text(option, min_length=1) for option in options))
    return Prompt(text)


def whole(text) -> int | None:
    """A scale's end as written (`from: 0`), or None when it is not a whole number."""
    return int(text) if isinstance(text, str) and text.strip().lstrip("-").isdigit() else None
