"""A --css stylesheet as the EPUB carries it: the rules every CSS parser drops (a stray `}`, a
declaration outside any rule, a rule whose selector cannot be read) left out, so that EPUBCheck,
which refuses a sheet holding them (CSS-008), passes the book. The PDF engine reads the file as
written and warns at each such line (write/pdf.py), so the writer still hears of them."""

from __future__ import annotations

import re

import cssselect2.parser
import tinycss2

KEPT_PSEUDO = "Expected a supported pseudo-element"  # a vendor's ::-webkit-... is readable, only not ours


def readable_selector(prelude) -> bool:
    """Whether a qualified rule's prelude is a selector list a CSS parser can read."""
    try:
        list(cssselect2.parser.parse(prelude))
    except cssselect2.parser.SelectorError as failure:
        return KEPT_PSEUDO in str(failure)
    return True


def epub_stylesheet(data: bytes) -> bytes:
    """The stylesheet without the top-level rules a CSS parser would drop; comments and spacing kept."""
    rules = tinycss2.parse_stylesheet(data.decode("utf-8", errors="replace"), skip_comments=False,
                                      skip_whitespace=False)
    kept = [rule for rule in rules if rule.type != "error"
            and (rule.type != "qualified-rule" or readable_selector(rule.prelude))]
    return tinycss2.serialize(kept).encode("utf-8")


QUOTED = re.compile(r"selector, '(.+)'", re.S)


def quoted_line(css: str, message: str) -> int | None:
    """The line of the selector a PDF engine message quotes without a place ("Invalid or
    unsupported selector, 'color: blue;\\nh2 '"), found in the stylesheet's text."""
    quoted = QUOTED.search(message)
    offset = css.find(quoted[1]) if quoted else -1
    return css.count("\n", 0, offset) + 1 if offset >= 0 else None
