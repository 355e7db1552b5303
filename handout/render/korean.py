"""Korean on paper breaks between words, as Korean is written, not between any two syllables.

WeasyPrint 70 breaks Hangul anywhere and rejects `word-break: keep-all`; a WORD JOINER (U+2060,
which prints nothing) between the syllables of a word leaves only the spaces as places to break.
Only the print HTML's text gets them: the EPUB's readers know `keep-all` (epub.css), and the
checks ignore the joiner (check/items.py)."""

from __future__ import annotations

import re

SYLLABLE = "\uac00-\ud7a3"
BETWEEN_SYLLABLES = re.compile(f"(?<=[{SYLLABLE}])(?=[{SYLLABLE}])")
HAS_SYLLABLE = re.compile(f"[{SYLLABLE}]")
TAG = re.compile(r"(<[^>]*>)")
WORD_JOINER = "\u2060"


def joined_hangul(html: str) -> str:
    """`html` with a word joiner between adjacent Hangul syllables of the body's text (not in
    tags, attributes or the head, which holds the document's title)."""
    if not HAS_SYLLABLE.search(html):
        return html
    head, body = html.split("<body", 1)
    return head + "<body" + "".join(part if part.startswith("<") else BETWEEN_SYLLABLES.sub(WORD_JOINER, part)
                                    for part in TAG.split(body))
