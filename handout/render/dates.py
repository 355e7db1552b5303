"""The review dates printed under the title, in the article's language: "Reviewed 26 November
2026", "Review by 26 November 2027" (clinical handout libraries date what they hand out, and
review it by a set date)."""

from __future__ import annotations

import datetime as dt

MONTHS = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"),
    "de": ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
           "November", "Dezember"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
           "noviembre", "diciembre"),
}
# (reviewed, review by), each with {date}.
PHRASES = {
    "en": ("Reviewed {date}", "Review by {date}"),
    "de": ("Geprüft am {date}", "Nächste Prüfung bis {date}"),
    "fr": ("Revu le {date}", "À revoir avant le {date}"),
    "es": ("Revisado el {date}", "Revisar antes del {date}"),
}


def long_date(date: dt.date, language: str) -> str:
    """The date as the language writes it out; ISO for a language without a table here."""
    primary = language.split("-")[0].lower()
    months = MONTHS.get(primary)
    if months is None:
        return date.isoformat()
    month = months[date.month - 1]
    if primary == "de":
        return f"{date.day}. {month} {date.year}"
    if primary == "es":
        return f"{date.day} de {month} de {date.year}"
    if primary == "fr" and date.day == 1:
        return f"1er {month} {date.year}"
    return f"{date.day} {month} {date.year}"


def review_lines(meta) -> list[str]:
    """What the masthead says of the article's dates: when it was reviewed, when it is due again."""
    primary = meta.language.split("-")[0].lower()
    reviewed, due = PHRASES.get(primary, PHRASES["en"]) if primary in MONTHS else PHRASES["en"]
    lines = [reviewed.format(date=long_date(meta.date, meta.language))] if meta.date else []
    return lines + ([due.format(date=long_date(meta.review_by, meta.language))] if meta.review_by else [])
