"""Characters no output can hold: C0 and C1 control characters (tab and line ends aside), lone
surrogates and Unicode noncharacters. XML refuses them, so the EPUB cannot carry them, and the
PDF would print nothing for them; found in a file's text or a YAML value, each is an error at
its line instead of the XML writer's crash."""

from __future__ import annotations

import re
import unicodedata

FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef"
                       + "".join(f"{chr(plane * 0x10000 + 0xFFFE)}{chr(plane * 0x10000 + 0xFFFF)}"
                                 for plane in range(17)) + "]")
NAMES = {"\x08": "backspace", "\x1b": "escape", "\x0c": "form feed", "\x0b": "vertical tab", "\x7f": "delete"}


def first_forbidden(text: str) -> re.Match | None:
    """The first character of `text` that cannot be printed or stored, if any."""
    return FORBIDDEN.search(text)


def describe(character: str) -> str:
    """'U+0008 (backspace, a control character)': what the character is, in words."""
    code = ord(character)
    if 0xD800 <= code <= 0xDFFF:
        kind = "a lone surrogate, half of a character"
    elif unicodedata.category(character) == "Cc":
        kind = f"{NAMES[character]}, a control character" if character in NAMES else "a control character"
    else:
        kind = "a noncharacter"
    return f"U+{code:04X} ({kind})"


def message(character: str, column: int | None = None) -> str:
    """The error's words: what the character is, where on the line, and what to do."""
    where = f" at column {column}" if column else ""
    return f"character {describe(character)}{where} cannot be printed or stored in the EPUB; delete it"
