"""The review dates printed under the title, in the article's language: "Reviewed 26 November
2026", "Review by 26 November 2027" (clinical handout libraries date what they hand out, and
review it by a set date). The dates are written out by Babel, from the Unicode CLDR: month
names and word order for every language, which a table of our own would get wrong."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from handout.labels import knows, labels_for

# English without a region is written the way the first handouts were: day, month, year.
DEFAULT_REGIONS = {"en": "en_GB"}


@lru_cache(maxsize=64)
def babel_locale(language: str):
    """Babel's locale for a language tag, None if Babel has none."""
    from babel import (  # a tenth of a second: only for articles with dates
        Locale,
        UnknownLocaleError,
    )
    tag = DEFAULT_REGIONS.get(language.lower(), language)
    try:
        return Locale.parse(tag, sep="-" if "-" in tag else "_")
    except (UnknownLocaleError, ValueError):
        return None


def long_date(date: dt.date, language: str) -> str:
    """The date as the language writes it out; ISO for a language Babel does not know."""
    from babel.dates import format_date
    locale = babel_locale(language)
    return format_date(date, "long", locale=locale) if locale else date.isoformat()


def review_lines(meta) -> list[str]:
    """What the masthead says of the article's dates: when it was reviewed, when it is due again.
    A language the labels table does not hold gets the English phrase around an ISO date."""
    language = meta.language if knows(meta.language) else "en"
    labels = labels_for(language)
    lines = [labels["reviewed"].format(date=long_date(meta.date, language))] if meta.date else []
    return lines + ([labels["review_by"].format(date=long_date(meta.review_by, language))] if meta.review_by else [])
