"""Source lint on the model, before anything is rendered: ragged tables, broken or missed FAQs."""

from __future__ import annotations

import re

from handout.errors import Problem, error, warning
from handout.model import Article, Section


def cells(count: int) -> str:
    return f"{count} cell{'' if count == 1 else 's'}"


def table_problems(article: Article) -> list[Problem]:
    """Rows with more cells than the header (cells lost) or fewer (a cell forgotten: an empty
    one is written '| |')."""
    problems = []
    for table in article.tables:
        columns = len(table.header.cells)
        if table.header.written > columns:
            problems.append(error(article.path, table.header.line,
                                  f"table header row has {table.header.written} cells but its delimiter "
                                  f"row has {columns}"))
        for row in table.rows:
            if row.written > columns:
                problems.append(error(article.path, row.line,
                                      f"table row has {row.written} cells but the header has {columns}; "
                                      "the extra cells would be dropped (escape a literal pipe as \\|)"))
            elif row.written < columns:
                problems.append(error(article.path, row.line,
                                      f"table row has {cells(row.written)} but the header has {columns}; "
                                      "write '| |' for a cell that is empty on purpose"))
    return problems


def faq_problems(article: Article) -> list[Problem]:
    """An FAQ without questions, questions without answers (errors), repeated questions (warnings)."""
    faq = article.faq
    if faq is None:
        return faq_near_misses(article)
    if not faq.items:
        return [error(article.path, faq.line,
                      f"the '{faq.title.text}' section has no questions; write each question as a '### ' heading")]
    problems = []
    seen: dict[str, int] = {}
    for entry in faq.items:
        if not entry.answer:
            problems.append(error(article.path, entry.line,
                                  f"FAQ question '{entry.question.text}' has no answer"))
        key = entry.question.text.casefold().strip()
        if key in seen:
            problems.append(warning(article.path, entry.line,
                                    f"FAQ question '{entry.question.text}' repeats the one on line {seen[key]}"))
        seen.setdefault(key, entry.line)
    return problems


# Words of a heading that was meant as the FAQ's ("## FAQs", "## Questions", "## Preguntas").
FAQ_WORDS = re.compile(r"\bfaqs?\b|\bq\s*&\s*a\b|question|pregunta|frage", re.IGNORECASE)


def faq_near_misses(article: Article) -> list[Problem]:
    """A '##' section with '###' headings under a title like an FAQ's, in an article without an
    FAQ: its questions would print as plain subsections, without the FAQ's design and checks."""
    return [warning(article.path, part.line,
                    f"no FAQ found: '## {part.title.text}' is not the FAQ heading "
                    f"'{article.meta.faq_heading}'; set 'faq_heading: {part.title.text}' in the front "
                    f"matter to make it the FAQ")
            for part in article.body
            if isinstance(part, Section) and part.subsections and FAQ_WORDS.search(part.title.text)]


def image_problems(article: Article) -> list[Problem]:
    """Images without alt text."""
    return [error(article.path, image.line,
                  f"image '{image.src}' has no alt text; describe it: ![what it shows]({image.src})")
            for image in article.images if not image.alt.strip()]


def check_source(article: Article) -> list[Problem]:
    """Every source-lint problem of the article, before anything is rendered."""
    return table_problems(article) + faq_problems(article) + image_problems(article)
