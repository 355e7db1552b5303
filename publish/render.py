"""Article model -> HTML for print and XHTML for the EPUB, through Jinja2 templates."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
import jinja2

from . import __version__
from .model import Article
from .project import TEMPLATES

LABELS = {
    "en": {"quick_answer": "Quick answer", "contents": "Contents", "reflection": "For reflection"},
    "es": {"quick_answer": "Respuesta rápida", "contents": "Contenido", "reflection": "Para reflexionar"},
    "fr": {"quick_answer": "En bref", "contents": "Sommaire", "reflection": "Pour réfléchir"},
    "de": {"quick_answer": "Kurz gesagt", "contents": "Inhalt", "reflection": "Zum Nachdenken"},
}


@dataclass(frozen=True)
class Practice:
    """The clinic's branding line from handout.yaml (both fields optional)."""

    name: str = ""
    contact: str = ""


@lru_cache(maxsize=None)
def environment(override_dir: str = "") -> jinja2.Environment:
    """Templates from `override_dir` (if given) first, then the built-in ones."""
    # Autoescape everything and fail on undefined names; article text never passes through
    # the template engine as a template, only as values.
    folders = [override_dir, str(TEMPLATES)] if override_dir else [str(TEMPLATES)]
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(folders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )


def labels_for(language: str) -> dict[str, str]:
    return LABELS.get(language.split("-")[0].lower(), LABELS["en"])


def context(article: Article, practice: Practice, variant: str, **extra) -> dict:
    """The one place that builds what templates see."""
    return {
        "article": article,
        "meta": article.meta,
        "labels": labels_for(article.meta.language),
        "practice": practice,
        "version": __version__,
        "body_classes": ["handout", f"variant-{variant}"],
        **extra,
    }


def render_print(article: Article, practice: Practice = Practice(), variant: str = "standard",
                 override_dir: str = "") -> str:
    template = environment(override_dir).get_template("print.html.j2")
    return template.render(context(article, practice, variant, reflection_lines=4))


def render_epub_page(article: Article, stylesheets: list[str], override_dir: str = "") -> str:
    template = environment(override_dir).get_template("epub/article.xhtml.j2")
    return template.render(context(article, Practice(), "epub", stylesheets=stylesheets))
