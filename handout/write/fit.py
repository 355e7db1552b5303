"""Lay out the print handout: its variant's styles, parts moved to new pages where the engine
misplaced them (write/page_breaks.py), and `fit: N` pages.

Fitting tightens the layout one step at a time (spacing, then leading, then heading sizes,
then the top and bottom margins) and keeps the first step that fits. No step ever touches
the body text size, so text stays at 10.5 pt (16 pt in large print); sizes are in rem so
the same steps work for every variant. An article that does not fit even at the tightest
step is an error that says how many pages it needs."""

from __future__ import annotations

from pathlib import Path

from handout.errors import BuildError, Problem, error, note
from handout.model import Article
from handout.render.html import render_print
from handout.render.page_css import language_css
from handout.resources import STYLES
from handout.sandbox import Sandbox
from handout.settings import Settings
from handout.write.page_breaks import repairs

VARIANTS = {"standard": (), "large-print": ("large-print.css",)}

# Cumulative: step k applies STEPS[0..k]. Each stays within readable bounds.
STEPS = (
    # 1. Less space between blocks.
    """p { margin-bottom: 0.3em; }
    .masthead { margin-bottom: 2mm; padding-bottom: 1.5mm; }
    .quick-answer { padding-top: 2mm; padding-bottom: 1.5mm; margin-bottom: 3mm; }
    h2 { margin-top: 3mm; margin-bottom: 1.5mm; padding-top: 1mm; }
    .subsection, .faq-item { margin-top: 1.5mm; }
    .table-wrap { margin-top: 2mm; margin-bottom: 2mm; }
    th, td { padding-top: 0.8mm; padding-bottom: 0.8mm; }
    .reflection-prompts > li { margin-bottom: 2mm; }""",
    # 2. Tighter leading.
    """html { line-height: 1.24; } .quick-answer, table { line-height: 1.22; }""",
    # 3. Smaller headings and quick answer (never below the body size).
    """.title { font-size: 1.6rem; } .subtitle { font-size: 1.05rem; }
    h2 { font-size: 1.2rem; } .quick-answer { font-size: 1rem; }""",
    # 4. Shallower top and bottom margins (the measure stays as designed).
    """@page { margin-top: 9mm; margin-bottom: 14mm; }
    .write-line { height: 7mm; }""",
    # 5. The tightest: leading 1.2, almost no space between paragraphs.
    """html, .quick-answer, table { line-height: 1.2; } p { margin-bottom: 0.15em; }
    li, li > p { margin-bottom: 0.1em; } h2 { margin-top: 2mm; }""",
)


# The fallback when moving parts to new pages does not settle the side heads (or costs a page
# that `fit` cannot spare): headings above their text break like any other block.
STACKED = """
.subsection > h3, .faq-question { float: none; width: auto; margin: 3mm 0 1mm; margin-inline: 0; break-after: avoid; }
.faq-item, h2 + .subsection { break-inside: auto; }
"""
MAX_ROUNDS = 6  # layouts spent mending page breaks before stacking the headings instead


def variant_css(variant: str) -> str:
    """The variant's own stylesheets (after print.css), as one string."""
    return "\n".join((STYLES / name).read_text(encoding="utf-8") for name in VARIANTS[variant])


def settled(render, css: str):
    """The layout of `css` with the CSS that mends what the engine misplaced (page_breaks.repairs)
    added until nothing is; and whether that happened."""
    rules: list[str] = []
    layout = render(css)
    for _ in range(MAX_ROUNDS):
        needed = repairs(layout[0])
        if not needed:
            return layout, True
        if set(needed) <= set(rules):  # mended as far as moving parts can, and still wrong
            return layout, False
        rules += [rule for rule in needed if rule not in rules]
        layout = render(css + "\n" + "\n".join(rules))
    return layout, not repairs(layout[0])


def lay_out_article(article: Article, settings: Settings, sandbox: Sandbox):
    """The article's print handout laid out as its settings ask; (document, engine messages)."""
    html = render_print(article, settings.practice, settings.variant, settings.templates, settings.fillable)
    language = article.meta.language
    return lay_out(html, settings.source.parent.resolve(), settings, sandbox, language_css(language, [language]))


def lay_out(html: str, base: Path, settings: Settings, sandbox: Sandbox, extra_css: str = ""):
    """Lay out print HTML as `settings` ask (variant, paper, `--css`, at most `fit` pages); return
    (document, engine messages)."""
    from handout.write.pdf import (
        render_layout,  # the PDF engine loads only when something is built
    )
    base_css = variant_css(settings.variant) + extra_css

    def render(css: str):
        return render_layout(html, base, sandbox, list(settings.css), settings.page_size, css)

    def attempt(step: int, limit: int = 0):
        tightening = "\n".join(STEPS[:step])
        layout, ok = settled(render, base_css + tightening)
        if ok and (not limit or len(layout[0].pages) <= limit):
            return layout
        stacked, _ = settled(render, base_css + STACKED + tightening)
        stacked[0].headings_stacked = True  # said in the report (stacked_note): the design changed
        return stacked if not ok or len(stacked[0].pages) < len(layout[0].pages) else layout

    return fit_pages(attempt, settings.fit, settings.fit_source, str(settings.source))


def stacked_note(document, settings: Settings) -> list[Problem]:
    """A note when the layout set the side heads above their text (STACKED): the same article or
    book may keep them on other paper, and a reader comparing the two should know why."""
    if not getattr(document, "headings_stacked", False) or settings.variant != "standard":
        return []
    return [note(str(settings.source), None,
                 f"headings are set above their text on {settings.page_size} paper: side heads beside the text "
                 "would not keep whole on its pages (a long subsection or FAQ answer at a page's foot)",
                 "stacked-headings")]


def fit_pages(attempt, target: int, source: str, shown: str):
    """The loosest step whose layout has at most `target` pages (no target: the design as is)."""
    document, messages = attempt(0, target)
    if not target or len(document.pages) <= target:
        return document, messages
    # Try the tightest first: when even that does not fit, say so after two layouts, not six.
    tightest = attempt(len(STEPS), target)
    if len(tightest[0].pages) > target:
        needed = len(tightest[0].pages)
        raise BuildError(error(shown, None, f"needs {needed} pages to fit; {source} asks for {target} "
                                            f"(tightest spacing tried, text kept at full size): shorten the "
                                            f"article or raise the limit"))
    for step in range(1, len(STEPS)):
        document, messages = attempt(step, target)
        if len(document.pages) <= target:
            return document, messages
    return tightest
