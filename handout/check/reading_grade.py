"""The reading grade of an article's prose, by a formula made for its language, the sentences
that raise it most, and the warning when it is above the practice's target (docs/plain-language.md).

English: Flesch-Kincaid grade level. German: the first Wiener Sachtextformel (a German school
grade). Spanish: INFLESZ (Szigriszt-Pazos), French: Kandel-Moles, Italian: Gulpease; these three
give reading ease on their own 0-100 scale (higher is easier) with no validated conversion to
school grades, so they are reported on that scale, beside no grade, and a grade target is not
compared with them. Other languages: "not measured", never the English formula.
"""

from __future__ import annotations

from typing import Callable, NamedTuple

from handout.check.prose import Sentence, article_sentences
from handout.check.syllables import syllables
from handout.errors import Problem, warning
from handout.model import Article
from handout.read.front_matter import front_matter_line


class Counts(NamedTuple):
    """What the formulas count, for a text or one sentence of it."""

    sentences: int = 0
    words: int = 0
    syllables: int = 0
    polysyllables: int = 0  # words of 3 syllables or more
    monosyllables: int = 0
    letters: int = 0
    long_words: int = 0  # words of more than 6 letters

    def __add__(self, other):
        return Counts(*(a + b for a, b in zip(self, other)))

    def __sub__(self, other):
        return Counts(*(a - b for a, b in zip(self, other)))


class Formula(NamedTuple):
    name: str  # its first word is its name on the summary line (report.py)
    grade: bool  # True: a school grade (higher is harder); False: reading ease (higher is easier)
    compute: Callable[[Counts], float]
    syllables: bool = True  # whether "why" speaks of syllables (else of long words)


def flesch_kincaid(c: Counts) -> float:
    return 0.39 * c.words / c.sentences + 11.8 * c.syllables / c.words - 15.59


def wiener_sachtextformel(c: Counts) -> float:
    """The first Wiener Sachtextformel (Bamberger and Vanecek 1984): percentages of words of 3+
    syllables (MS), of more than 6 letters (IW) and of one syllable (ES), and words per sentence (SL)."""
    ms, iw, es = (100 * n / c.words for n in (c.polysyllables, c.long_words, c.monosyllables))
    return 0.1935 * ms + 0.1672 * c.words / c.sentences + 0.1297 * iw - 0.0327 * es - 0.875


def inflesz(c: Counts) -> float:
    """Szigriszt-Pazos perspicuity, read on the INFLESZ scale (Barrio-Cantalejo et al. 2008)."""
    return 206.835 - 62.3 * c.syllables / c.words - c.words / c.sentences


def kandel_moles(c: Counts) -> float:
    return 207 - 1.015 * c.words / c.sentences - 73.6 * c.syllables / c.words


def gulpease(c: Counts) -> float:
    return 89 + (300 * c.sentences - 10 * c.letters) / c.words


FORMULAS = {
    "en": Formula("Flesch-Kincaid grade level", True, flesch_kincaid),
    "de": Formula("Wiener Sachtextformel", True, wiener_sachtextformel),
    "es": Formula("INFLESZ (Szigriszt-Pazos)", False, inflesz),
    "fr": Formula("Kandel-Moles", False, kandel_moles),
    "it": Formula("Gulpease", False, gulpease, syllables=False),
}
HARDEST = 3


def measure(sentences: list[Sentence], language: str, target: int = 0, paths: bool = False) -> dict:
    """The reading dict of the report and --json (docs/checks.md): grade or score, counts, the hardest
    sentences (with each one's file, for a book: `paths`)."""
    code = language.strip().lower().replace("_", "-").split("-")[0]
    formula = FORMULAS.get(code)
    reading = {"language": language, "formula": None, "grade": None, "note": "", "target": target or None,
               "words": sum(len(sentence.words) for sentence in sentences), "sentences": len(sentences),
               "hardest": []}
    if formula is None:  # nor counted: words are not what spaces part in Thai or Japanese
        return reading | {"note": f"not measured for {language_name(language)}", "words": None, "sentences": None}
    if not reading["words"]:
        return reading | {"formula": formula.name, "note": "no prose to measure"}
    each = [counts(sentence, code if formula.syllables else "") for sentence in sentences]
    total = sum(each, Counts())
    value = round(formula.compute(total), 1)
    reading |= {"formula": formula.name, "hardest": hardest(sentences, each, total, formula, paths)}
    if formula.grade:
        return reading | {"grade": value}
    note = f"{formula.name.split()[0]} gives reading ease, not a grade: the target is not compared" if target else ""
    return reading | {"score": value, "note": note}


def counts(sentence: Sentence, language: str) -> Counts:
    """A sentence's counts; syllables by `language`'s rules (none for "": Gulpease counts letters)."""
    each = [syllables(word, language) if language and not word[0].isdigit() else 1 for word in sentence.words]
    letters = [len(word) for word in sentence.words]
    return Counts(1, len(each), sum(each), sum(n >= 3 for n in each), sum(n == 1 for n in each),
                  sum(letters), sum(n > 6 for n in letters))


def hardest(sentences: list[Sentence], each: list[Counts], total: Counts, formula: Formula,
            paths: bool = False) -> list[dict]:
    """The sentences whose removal would lower the grade (or raise the ease) most, hardest first."""
    if len(sentences) < 2:
        return []
    whole = formula.compute(total)
    sign = 1 if formula.grade else -1
    gains = [(sign * (whole - formula.compute(total - own)), index) for index, own in enumerate(each)
             if (total - own).words]
    chosen = sorted((pair for pair in gains if pair[0] > 0), key=lambda pair: (-pair[0], pair[1]))[:HARDEST]
    return [{"line": sentences[index].line, "sentence": sentences[index].text,
             "why": why(each[index], formula)} | ({"path": sentences[index].path} if paths else {})
            for _, index in chosen]


def why(own: Counts, formula: Formula) -> str:
    said = f"{own.words} word{'s' if own.words != 1 else ''}"
    if formula.syllables and own.polysyllables:
        said += f"; {own.polysyllables} word{'s' if own.polysyllables != 1 else ''} of 3+ syllables"
    elif not formula.syllables and own.long_words:
        said += f"; {own.long_words} word{'s' if own.long_words != 1 else ''} of 7+ letters"
    return said


def language_name(tag: str) -> str:
    """'Thai' for 'th', in English; the tag itself when Babel does not know it."""
    from babel import Locale, UnknownLocaleError  # loaded only for a language not measured
    try:
        return Locale.parse(tag.replace("-", "_")).english_name or tag
    except (ValueError, UnknownLocaleError):
        return tag


def article_reading(article: Article) -> dict:
    """The reading dict of one article, against its target (front matter, else handout.yaml)."""
    return measure(article_sentences(article), article.meta.language, article.meta.reading_grade)


def book_reading(articles: list[Article]) -> dict:
    """A book's reading dict: its chapters' prose as one text when they share a language (each
    chapter is also measured alone, against its own target, for its warning)."""
    languages = {article.meta.language.lower().replace("_", "-").split("-")[0] for article in articles}
    targets = {article.meta.reading_grade for article in articles}
    target = targets.pop() if len(targets) == 1 else 0
    if len(languages) > 1:
        return {"language": None, "formula": None, "grade": None, "target": target or None, "words": None,
                "sentences": None, "hardest": [], "note": "not measured for a book in several languages"}
    sentences = [sentence for article in articles for sentence in article_sentences(article)]
    return measure(sentences, articles[0].meta.language, target, paths=True)


def chapter_warnings(articles: list[Article]) -> list[Problem]:
    """Each chapter above its target, at its own file."""
    return [problem for article in articles
            for problem in above_target(article_reading(article), article.path,
                                        front_matter_line(article.path, "reading_grade"))]


def above_target(reading: dict, path: str, line: int | None) -> list[Problem]:
    """A warning (not an error: the build still writes) when the grade is above the target."""
    grade, target = reading.get("grade"), reading.get("target")
    if grade is None or not target or grade <= target:
        return []
    named = ", ".join(f"line {entry['line']} ({entry['why']})" for entry in reading["hardest"])
    return [warning(path, line or 1, f"reads at grade {grade}, above the practice's target {target}"
                                     + (f": hardest sentences: {named}" if named else ""), "reading")]
