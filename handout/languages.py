"""What the builder knows of a language beyond its words: which way it is written and which
of the project's faces print it. The words (labels, phrases) are in labels.py.

A language tag finds its entry by its script or region first, then by its primary subtag:
zh-Hant and zh-TW are Traditional Chinese, zh, zh-Hans and zh-CN Simplified."""

from __future__ import annotations

import re

RIGHT_TO_LEFT_LANGUAGES = {"ar", "fa", "he", "iw", "ur", "yi", "ps", "sd", "ckb", "dv"}
# Characters written right to left (Unicode's R and AL classes: Hebrew, Arabic, Syriac, Thaana, N'Ko,
# Samaritan, Mandaic and their presentation forms) and the controls that start right-to-left runs
# (RLM, RLE, RLO, RLI); a regex, since the PDF writer and the checks test every line with it.
RIGHT_TO_LEFT_TEXT = re.compile("[\u200f\u202b\u202e\u2067\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe"
                                "\U00010800-\U00010fff\U0001e800-\U0001efff]")

# Tags written with a script or region that decides which table entry applies.
ALIASES = {"zh-tw": "zh-hant", "zh-hk": "zh-hant", "zh-mo": "zh-hant", "zh-cn": "zh-hans", "zh-sg": "zh-hans",
           "zh": "zh-hans", "iw": "he"}

# The faces each language's own letters must be printed in (one of them at least), by script,
# as the PDF names them (subset tag, spaces and hyphens aside): check/faces.py proves that a
# Chinese handout did not fall back to the Japanese forms of the same characters.
ARABIC = ("arabic", ("NotoNaskhArabic", "NotoSansArabic"))
DEVANAGARI = ("devanagari", ("NotoSerifDevanagari", "NotoSansDevanagari"))
FACES = {
    "ar": ARABIC, "fa": ARABIC, "ur": ARABIC,
    "he": ("hebrew", ("NotoSerifHebrew", "NotoSansHebrew")),
    "hi": DEVANAGARI, "mr": DEVANAGARI, "ne": DEVANAGARI,
    "bn": ("bengali", ("NotoSerifBengali", "NotoSansBengali")),
    "th": ("thai", ("NotoSerifThai", "NotoSansThai")),
    "zh-hans": ("cjk", ("NotoSansCJKSC",)), "zh-hant": ("cjk", ("NotoSansCJKTC",)),
    "ja": ("cjk", ("NotoSansCJKJP",)), "ko": ("cjk", ("NotoSansCJKKR",)),
}
# Which script a character's Unicode name puts it in, for the scripts above.
SCRIPT_OF_NAME = {"ARABIC": "arabic", "HEBREW": "hebrew", "DEVANAGARI": "devanagari", "BENGALI": "bengali",
                  "THAI": "thai", "CJK": "cjk", "HIRAGANA": "cjk", "KATAKANA": "cjk", "HANGUL": "cjk"}


def table_key(tag: str, table) -> str:
    """The key of `table` that holds what applies to `tag` ('' if none does)."""
    lowered = tag.strip().lower().replace("_", "-")
    parts = lowered.split("-")
    for key in (lowered, "-".join(parts[:2]), ALIASES.get(lowered), ALIASES.get("-".join(parts[:2])),
                ALIASES.get(parts[0]), parts[0]):
        if key and key in table:
            return key
    return ""


def direction(tag: str) -> str:
    """'rtl' for a language written right to left, else 'ltr'."""
    return "rtl" if tag.strip().lower().replace("_", "-").split("-")[0] in RIGHT_TO_LEFT_LANGUAGES else "ltr"


def has_right_to_left(text: str) -> bool:
    return RIGHT_TO_LEFT_TEXT.search(text) is not None


def plain_font_name(name: str) -> str:
    """A font or file name without a PDF subset tag, spaces and hyphens, in lower case: 'notosanscjksc'."""
    return re.sub(r"[^a-z0-9]", "", re.sub(r"^[A-Z]{6}\+", "", name).lower())


def intended_faces(tag: str) -> tuple[str, tuple[str, ...]]:
    """The script of `tag`'s own letters and the faces they must be printed in; ("", ()) for
    Latin, Greek and Cyrillic, which the base faces print."""
    return FACES.get(table_key(tag, FACES), ("", ()))


def family_name(face: str) -> str:
    """A face's family as CSS names it: 'NotoSansCJKSC' -> 'Noto Sans CJK SC'."""
    return re.sub(r"CJK(?=[A-Z]{2}$)", "CJK ", re.sub(r"(?<=[a-z])(?=[A-Z])", " ", face))
