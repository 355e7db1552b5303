"""Page numbers in the language's own digits: the numbering system the Unicode CLDR gives a
language by default (through Babel), as the CSS counter style that prints its digits.

CLDR, not a table of our own, says which digits a language prints, and a region can change it:
Persian, Pashto and Bengali print their own digits (but Bengali in India, bn-IN, ASCII ones);
Arabic prints ASCII digits by default and in the Maghreb, Arabic-Indic ones in Egypt, the
Levant, Iraq and most of the Gulf (ar-EG, ar-SA); Urdu prints ASCII digits, and Persian-style
ones in India (ur-IN); Hindi and Thai print ASCII digits, CLDR listing their own only as a
'native' alternative."""

from __future__ import annotations

from functools import lru_cache

from handout.render.dates import babel_locale

# CLDR's numbering systems (numberingSystems.xml) whose ten digits CSS Counter Styles Level 3
# predefines as a numeric counter style, under the style's name; WeasyPrint ships each of them
# (tests/test_numbering.py renders them all). A system not here (e.g. Adlam, Ol Chiki, which
# CSS does not predefine) is printed in ASCII digits, which every face draws.
CSS_STYLES = {
    "latn": "decimal", "arab": "arabic-indic", "arabext": "persian", "beng": "bengali", "deva": "devanagari",
    "gujr": "gujarati", "guru": "gurmukhi", "khmr": "khmer", "knda": "kannada", "laoo": "lao",
    "mlym": "malayalam", "mong": "mongolian", "mymr": "myanmar", "orya": "oriya", "tamldec": "tamil",
    "telu": "telugu", "thai": "thai", "tibt": "tibetan",
}


@lru_cache(maxsize=64)
def numbering_system(tag: str) -> str:
    """CLDR's default numbering system for a language tag ('fa' -> 'arabext'); 'latn' for a tag
    Babel does not know. A region Babel lacks ('ar-XX') falls back to the language's own."""
    primary = tag.strip().replace("_", "-").split("-")[0]
    locale = babel_locale(tag.strip()) or (babel_locale(primary) if primary else None)
    return locale.default_numbering_system if locale else "latn"


def counter_style(tag: str) -> str:
    """The CSS counter style that prints `tag`'s page numbers: 'persian' for 'fa', 'decimal' for 'en'."""
    return CSS_STYLES.get(numbering_system(tag), "decimal")
