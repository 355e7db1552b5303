"""Words as the campaign compares them: tokens to count, squashed text to look for whole."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

LONG_WORD = 24  # a longer word (a URL) may be broken anywhere on paper: its pieces are not compared
TOKEN = re.compile(r"[^\W_]+")
SQUASHED = re.compile(r"[\s\u00ad\u200b\u200c\u200d\u2060\ufeff\-\u2010\u2011]+")
# A list's marker is painted after the text beside it, so it may come in the middle of an item's
# words in drawing order. Words that look like one are left out of both sides of a comparison.
MARKER = re.compile(r"(?:\d{1,3}[.)]|[\u2022\u25e6\u25aa\u2023\u2043\u2013\u2014*-])")


def tokens(text: str) -> list[str]:
    """The casefolded words of `text`, less numbers and words longer than LONG_WORD."""
    # Page numbers change, and a long URL breaks differently in each layout.
    out = []
    for word in unicodedata.normalize("NFKC", text).casefold().split():
        if len(word) <= LONG_WORD:
            out += [token for token in TOKEN.findall(word) if not token.isdigit()]
    return out


def squash(text: str) -> str:
    """Text as a run of casefolded characters, with no spaces or hyphens and ligatures spelt out."""
    # A line may end anywhere in a word, and a long word is broken between lines.
    return SQUASHED.sub("", unicodedata.normalize("NFKC", text).casefold())


def squash_text(text: str) -> str:
    """`text` squashed with its marker-like words ('2.', '•') left out, like the printed text."""
    return "".join(squash(word) for word in text.split() if not MARKER.fullmatch(word))


def covered(part: Counter, whole: Counter) -> int:
    """How many of `part`'s tokens (with repeats) `whole` holds."""
    return sum(min(count, whole[token]) for token, count in part.items())


def has_words(text: str, least: int = 2) -> bool:
    """Whether `text` has at least `least` tokens."""
    return len(tokens(text)) >= least
