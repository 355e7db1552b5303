"""Article model -> HTML for print and XHTML for the EPUB, through Jinja2 templates."""

from __future__ import annotations

import dataclasses
import re
from functools import lru_cache
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from handout import __version__
from handout.labels import labels_for
from handout.languages import direction
from handout.model import Article, Callout, Practice, mapped, with_inlines
from handout.render.dates import review_lines
from handout.render.fields import with_field_font
from handout.render.korean import joined_hangul
from handout.render.bidi import as_controls, isolated
from handout.render.line_breaks import breakable
from handout.render.template_cache import TemplateCache
from handout.render.user_templates import render_template
from handout.render.worksheet_columns import column_widths
from handout.resources import TEMPLATES

# The print handout lists its parts only from this many on: a shorter article is read whole on
# its sheet, where a contents list costs lines and tells nothing (the EPUB keeps its navigation).
CONTENTS_FROM = 4
# In the EPUB, a table of this many columns or more reads as records on a narrow screen
# (styles/epub.css): a phone's 360 px leave a third of that to each of three columns.
STACK_COLUMNS = 3
NOTE_CALL = re.compile(r'<a epub:type="noteref"[^>]*href="#fn-(\d+)"[^>]*>\d+</a>')  # read/markdown.py writes it
REFLECTION_ID = "reflection"  # the reflection section's id (templates/parts/blocks.j2), after any chapter prefix
# Large print sets a table of this many columns or more as records, row by row, each cell under
# its column's head: at 16 pt a column of a wider table holds a word or two a line.
RECORD_COLUMNS = 3


def set_text(value) -> Markup:
    """Text (or HTML) as both outputs set it: left-to-right runs isolated from right-to-left text
    around them (render/bidi.py), long words given break opportunities (render/line_breaks.py).
    The templates' filter keeps its first name, `breakable`, which user templates use."""
    return breakable(Markup(isolated(str(value if isinstance(value, Markup) else escape(value)))))


@lru_cache(maxsize=None)
def environment(override_dir: str = "") -> jinja2.Environment:
    """Templates from `override_dir` (if given) first, then the built-in ones."""
    # Autoescape everything and fail on undefined names; article text never passes through
    # the template engine as a template, only as values.
    folders = [override_dir, str(TEMPLATES)] if override_dir else [str(TEMPLATES)]
    made = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        bytecode_cache=TemplateCache(),  # compiled once, not in every process
    )
    made.filters["breakable"] = set_text
    made.filters["logo_url"] = lambda path: Path(path).as_uri()  # an absolute file, checked when read
    made.filters["direction"] = direction  # a language tag's writing direction: dir="{{ tag|direction }}"
    made.globals["worksheet_columns"] = column_widths  # a worksheet table's columns by what is written in them
    return made


def record_columns(variant: str) -> int:
    """From how many columns on a table is printed as records (0: never)."""
    return RECORD_COLUMNS if variant == "large-print" else 0


def labelled(article: Article) -> Article:
    """The article with each callout's label in the article's own language (a chapter of a book
    in another language than the book's keeps its own)."""
    labels = labels_for(article.meta.language)

    def label(part):
        if isinstance(part, Callout):
            return dataclasses.replace(part, label=labels[part.alert], blocks=mapped(part.blocks, label))
        return None
    return mapped(article, label)


def context(article: Article, practice: Practice, variant: str, **extra) -> dict:
    """The one place that builds what templates see."""
    return {
        "medium": "epub" if variant == "epub" else "print",
        "record_columns": record_columns(variant),
        "article": labelled(article),
        "meta": article.meta,
        "labels": labels_for(article.meta.language),
        "practice": practice,
        "version": __version__,
        "contents_from": CONTENTS_FROM,
        "review_lines": review_lines(article.meta),
        "stack_columns": STACK_COLUMNS,
        "body_classes": ["handout", f"variant-{variant}"],
        "fillable": False,
        **extra,
    }


def render(name: str, override_dir: str = "", **values) -> str:
    """The template `name` (from `override_dir` first) rendered with `values`."""
    return render_template(environment(override_dir), name, override_dir, **values)


def render_print(article: Article, practice: Practice = Practice(), variant: str = "standard",
                 override_dir: str = "", fillable: bool = False) -> str:
    """The print handout's HTML; `fillable`: its worksheet parts as form fields, in a font of their own."""
    html = render("print.html.j2", override_dir,
                  **context(in_print(article), practice, variant, reflection_lines=4, fillable=fillable))
    return finished_print(html, fillable)


def finished_print(html: str, fillable: bool) -> str:
    """Print HTML as the engine gets it: Korean words joined, short isolates as Unicode's
    controls (render/bidi.py), the fields' font if it has fields."""
    html = as_controls(joined_hangul(html))
    return with_field_font(html) if fillable else html


def in_print(article: Article) -> Article:
    """The article as printed: each footnote in place of its first call (print.css floats it to
    the foot of the page, leaving the call's number); a later call to the same note prints the
    number alone."""
    notes = {note.number: note.inline.html for note in article.footnotes}
    placed: set[int] = set()

    def place(call: re.Match) -> str:
        number = int(call.group(1))
        if number in placed or number not in notes:
            return f'<span class="footnote-again">{number}</span>'
        placed.add(number)
        return f'<span class="footnote">{notes[number]}</span>'
    return with_inlines(article, lambda inline: dataclasses.replace(inline, html=NOTE_CALL.sub(place, inline.html)))


def render_epub_page(article: Article, stylesheets: list[str], override_dir: str = "",
                     practice: Practice = Practice(), fillable: bool = False) -> str:
    """The EPUB's page of the article; the practice (if any) signs it off in a colophon, and a
    worksheet filled in the PDF (`fillable`) says so."""
    return render("epub/article.xhtml.j2", override_dir,
                  **context(article, practice, "epub", stylesheets=stylesheets, fillable=fillable))
