"""The print design's rules that depend on the language: the running footer's words ("Page 1
of 2" in the page's language) and its sides (mirrored for right to left: the title at the
right, the folio at the left), the page numbers of the footer and the contents in the page's
language's own digits (render/numbering.py: "صفحهٔ ۱ از ۲"), and the FAQ's marker before each
question in each language a publication holds (a book's chapters may differ). Applied after
print.css.

In a book, the page numbers are the book's: in its language's digits on every page, and in
every contents entry, a chapter's in another language too (the entry says the number that
chapter's footers print). The running footer prints each chapter's title in the page's (the
book's) language: a margin box cannot take a chapter's `lang`. A chapter in a script with faces
of its own gets a named page whose footer is set in those faces, or a Chinese title in an
English book would print in whichever CJK face font fallback finds first (the Japanese forms)."""

from __future__ import annotations

import re

from handout.labels import labels_for
from handout.languages import direction, family_name, intended_faces
from handout.render.numbering import counter_style

PLACEHOLDER = re.compile(r"\{(page|pages)\}")
LANGUAGE_TAG = re.compile(r"[A-Za-z0-9-]+")


def css_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def folio_content(template: str, style: str = "decimal") -> str:
    """'Page {page} of {pages}' as CSS content: "Page " counter(page) " of " counter(pages), the
    numbers in counter style `style`."""
    parts = PLACEHOLDER.split(template)  # words and placeholder names, alternating
    content = [counter(part, style) if index % 2 else css_string(part) for index, part in enumerate(parts) if part]
    return " ".join(content) or '""'


def counter(name: str, style: str) -> str:
    return f"counter({name})" if style == "decimal" else f"counter({name}, {style})"


def contents_numbers(style: str) -> list[str]:
    """The contents entries' page numbers in `style`: print.css's own rule, which prints ASCII
    digits, with the counter style added (none needed for those)."""
    if style == "decimal":
        return []
    return [f'.contents a::after {{ content: leader(". ") target-counter(attr(href), page, {style}); }}']


def marker(language: str) -> str:
    return css_string(labels_for(language)["question"] + " ")


def language_css(page_language: str, languages) -> str:
    """The footer in `page_language`, page numbers in its digits, and the FAQ marker of each of `languages`."""
    title_side, folio_side = ("right", "left") if direction(page_language) == "rtl" else ("left", "right")
    style = counter_style(page_language)
    rules = ["@page { "
             f"@bottom-{title_side} {{ content: string(doc-title); font-weight: normal; text-align: {title_side}; }} "
             f"@bottom-{folio_side} {{ content: {folio_content(labels_for(page_language)['page_of'], style)}; "
             f"font-weight: bold; text-align: {folio_side}; }} }}"]
    rules += contents_numbers(style)
    # The page's language as a plain rule, which a --css stylesheet's own `.faq-question::before`
    # overrides; a chapter in another language by its :lang().
    rules.append(f".faq-question::before {{ content: {marker(page_language)}; }}")
    for language in dict.fromkeys(languages):
        # (The schema allows only such tags: never a broken selector.)
        if LANGUAGE_TAG.fullmatch(language) and marker(language) != marker(page_language):
            rules.append(f".faq-question:lang({language})::before {{ content: {marker(language)}; }}")
    return "\n".join(rules + chapter_footers(page_language, languages)) + "\n"


def chapter_footers(page_language: str, languages) -> list[str]:
    """A named page for each chapter language with faces of its own, unless the page's language
    has the same ones, its footer set in them."""
    rules = []
    for language in dict.fromkeys(languages):
        script, faces = intended_faces(language)
        if script and faces != intended_faces(page_language)[1] and LANGUAGE_TAG.fullmatch(language):
            stack = ", ".join(f'"{family_name(face)}"' for face in faces) + ', "Noto Sans", sans-serif'
            rules += [f".chapter:lang({language}) {{ page: chapter-{language}; }}",
                      f"@page chapter-{language} {{ @bottom-left {{ font-family: {stack}; }} "
                      f"@bottom-right {{ font-family: {stack}; }} }}"]
    return rules

