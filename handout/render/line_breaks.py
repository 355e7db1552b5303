"""Break opportunities (<wbr/>) in words too long for a line, only where a line may break.

The PDF engine's work on an unbreakable word grows with the square of its length (a
4,000-character URL took minutes), and a word wider than its column runs off the page; on
break opportunities both stay in hand. <wbr/> adds no character, so the text a reader copies
or searches is the text written.

A break opportunity cuts the text into pieces the engine shapes one by one, so it is added
only where cutting changes nothing a reader sees (issue 23):
- never inside a grapheme cluster (UAX #29, Indic conjuncts included): a vowel sign cut from
  its letter prints on a dotted circle (Thai ท◌ี, Hindi स◌ा);
- never between two letters of a script whose letters join or combine (Arabic, Hebrew, the
  Indic scripts...): a cut Arabic word prints unjoined. Such words break only after the
  punctuation that joins them (القلق/الأرق, स्वास्थ्य-सम्बन्धी);
- never in a script written without spaces (Thai, Lao, Khmer, Myanmar, Chinese, Japanese,
  Korean): the engine's own line breaker finds the words there (Pango: a dictionary for Thai,
  UAX #14 with kinsoku for CJK);
- never before closing punctuation or after opening punctuation (a line must not start with
  "." or "。").
Latin, Greek and Cyrillic letters, digits and symbols take a break every BREAK_EVERY
characters of a word longer than LONG_WORD_CHARS."""

from __future__ import annotations

import regex
from markupsafe import Markup, escape

LONG_WORD_CHARS = 25
BREAK_EVERY = 16
# A long word, or words joined by "/" before a Hebrew letter (any length: see SLASH_BEFORE_HEBREW).
WORD_IN_TEXT = regex.compile(r"(<[^>]*>)|([^\s<>]{%d,}|[^\s<>]*/\p{lb=HL}[^\s<>]*)" % LONG_WORD_CHARS)
# An entity (one character, never cut) or a grapheme cluster.
CLUSTER = regex.compile(r"&#?\w+;|\X", regex.DOTALL)
# Clusters a break may be put between: letters of scripts whose letters are drawn alone,
# and the characters every script shares (digits, punctuation, symbols). Anything else
# (Arabic, Devanagari, Thai, Han...) is left whole.
SEPARATE_LETTERS = regex.compile(r"[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Script=Armenian}"
                                 r"\p{Script=Georgian}\p{Script=Common}\p{Script=Inherited}&&[^\p{lb=SA}\p{lb=ID}"
                                 r"\p{lb=CJ}\p{lb=H2}\p{lb=H3}\p{lb=JL}\p{lb=JV}\p{lb=JT}]]", regex.V1)
# UAX #14: no break after these (opening punctuation, glue such as NO-BREAK SPACE, quotes)...
NO_BREAK_AFTER = regex.compile(r"[\p{lb=OP}\p{lb=GL}\p{lb=QU}\p{lb=ZWJ}]$")
# ... and none before these (closing punctuation, "!", "?", "." and ",", non-starters, glue).
NO_BREAK_BEFORE = regex.compile(r"^[\p{lb=CL}\p{lb=CP}\p{lb=EX}\p{lb=IS}\p{lb=NS}\p{lb=GL}\p{lb=QU}\p{lb=ZW}]")
# After these the engine breaks by itself (UAX #14 classes BA, HY, SY: hyphens, dashes, "/"),
# so a piece needs no break of ours until BREAK_EVERY characters after them.
BREAKS_AFTER = regex.compile(r"[\p{lb=BA}\p{lb=HY}\p{lb=SY}]$")
# ...except before a Hebrew letter (UAX #14 keeps "/" with Hebrew on both sides): a narrow table
# cell then broke "חרדה/דיכאון/בדידות" inside its last word. A break of ours goes after such a "/".
SLASH_BEFORE_HEBREW = regex.compile(r"^\p{lb=HL}")


def breakable(value) -> Markup:
    """HTML (or text, escaped first) with a <wbr/> every BREAK_EVERY characters of a long word,
    where a line may break there (see the module's docstring)."""
    html = str(value if isinstance(value, Markup) else escape(value))
    return Markup(WORD_IN_TEXT.sub(lambda match: match[1] or with_breaks(match[2]), html))


def with_breaks(word: str) -> str:
    """A word with <wbr/> between clusters that may be set apart, one every BREAK_EVERY characters."""
    pieces: list[str] = []
    count = 0
    for cluster in CLUSTER.findall(word):
        if pieces and (count >= BREAK_EVERY and may_break(pieces[-1], cluster)
                       or pieces[-1] == "/" and SLASH_BEFORE_HEBREW.match(cluster)):
            pieces.append("<wbr/>")
            count = 0
        pieces.append(cluster)
        count = 0 if BREAKS_AFTER.search(cluster) else count + 1
    return "".join(pieces)


def may_break(before: str, after: str) -> bool:
    """Whether a line may break between two clusters without changing how either is drawn."""
    return (separate(before) and separate(after)
            and not NO_BREAK_AFTER.search(before) and not NO_BREAK_BEFORE.match(after))


def separate(cluster: str) -> bool:
    """Whether a cluster (or entity) is drawn the same whatever stands beside it."""
    return cluster.startswith("&") or SEPARATE_LETTERS.match(cluster) is not None
