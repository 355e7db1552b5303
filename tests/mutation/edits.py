"""The two ways a fault goes in: a stylesheet of `!important` rules, or an edited blocks.j2."""

from __future__ import annotations

import difflib
import re


class TemplateChanged(Exception):
    """The built-in template no longer has the markup an injection edits."""


DECLARATION = re.compile(r'(?:[^;"]|"(?:\\.|[^"\\])*")+')
LIST_LOOP = re.compile(r"(\{%-?\s*for entry in item\.items\s*-?%\})(\s*<li>.*?</li>\s*)(\{%-?\s*endfor\s*-?%\})",
                       re.DOTALL)
PARAGRAPH_BRANCH = re.compile(r'(\{%-?\s*if item\.kind == "paragraph"\s*-?%\})(.*?)(\{%-?\s*elif\b)', re.DOTALL)
FAQ_LOOP = re.compile(r'(\{%-?\s*for entry in )item\.items(\s*-?%\}\s*<section class="faq-item")')


def css_string(text: str) -> str:
    """A CSS string literal holding `text`."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\A ") + '"'


def by_line(line: int) -> str:
    """A selector for the elements rendered from model line `line`."""
    return f'[data-line="{line}"]'


def by_id(anchor: str) -> str:
    """A selector for the element with id `anchor`."""
    return '[id=%s]' % css_string(anchor)


def rule(selector: str, declarations: str) -> str:
    """A CSS rule whose every declaration is `!important`."""
    # The fault must apply whatever the built-in styles say (a variant's `.subsection > h3`
    # outranks a bare `[data-line]`).
    made = [f"{text.strip()} !important;" for text in DECLARATION.findall(declarations) if text.strip()]
    return f"{selector} {{ {' '.join(made)} }}\n"


def drop_list_item(source: str, list_line: int, index: int) -> str:
    """blocks.j2 leaving out entry `index` (0-based) of the list whose model line is `list_line`."""
    edited, count = LIST_LOOP.subn(
        lambda m: f"{m[1]}{{% if not (item.line == {list_line} and loop.index0 == {index}) %}}{m[2]}"
                  f"{{% endif %}}{m[3]}", source)
    if count != 2:  # the ordered and the bullet list
        raise TemplateChanged(f"expected 2 list loops in parts/blocks.j2, found {count}")
    return edited


def duplicate_paragraph(source: str, line: int) -> str:
    """blocks.j2 printing the paragraph of model line `line` twice."""
    edited, count = PARAGRAPH_BRANCH.subn(
        lambda m: f"{m[1]}{m[2]}{{% if item.line == {line} %}}{m[2]}{{% endif %}}{m[3]}", source, count=1)
    if count != 1:
        raise TemplateChanged("no paragraph branch in parts/blocks.j2's block macro")
    return edited


def reorder_faq(source: str, order: str, swap: int = 0) -> str:
    """blocks.j2 printing the FAQ items reversed ('reverse') or items `swap`, `swap`+1 exchanged."""
    if order == "reverse":
        expression = "(item.items|reverse|list)"
    else:
        expression = (f"((item.items|list)[:{swap}] + [item.items[{swap + 1}], item.items[{swap}]] + "
                      f"(item.items|list)[{swap + 2}:])")
    edited, count = FAQ_LOOP.subn(lambda m: f"{m[1]}{expression}{m[2]}", source)
    if count != 1:
        raise TemplateChanged(f"expected 1 FAQ item loop in parts/blocks.j2, found {count}")
    return edited


def template_diff(before: str, after: str) -> str:
    """The changed lines of a template, as a short unified diff."""
    return "\n".join(difflib.unified_diff(before.splitlines(), after.splitlines(), "templates/parts/blocks.j2",
                                          "override/parts/blocks.j2", n=0, lineterm=""))
