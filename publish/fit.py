"""Lay out the print handout: its variant's styles, the practice line, and `fit: N` pages.

Fitting tightens the layout one step at a time (spacing, then leading, then heading sizes,
then the top and bottom margins) and keeps the first step that fits. No step ever touches
the body text size, so text stays at 10.5 pt (16 pt in large print); sizes are in rem so
the same steps work for every variant. An article that does not fit even at the tightest
step is an error that says how many pages it needs."""

from __future__ import annotations

from pathlib import Path

from .errors import BuildError, error
from .measure_print import walk_boxes
from .model import Article
from .project import STYLES
from .render import Practice, render_print
from .sandbox import Sandbox
from .settings import practice_for

HEADINGS = ("h3", "h4", "h5", "h6")
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


# The fallback when a side head does not fit beside its text at a page's foot (a long heading
# beside a short paragraph): the layout engine would split the float over two pages or let
# it run past the page. Set above their text instead, headings break like any other block.
STACKED = """
.subsection > h3, .faq-question { float: none; width: auto; margin: 3mm 0 1mm; break-after: avoid; }
.faq-item, h2 + .subsection { break-inside: auto; }
"""


def side_heads_broken(document) -> bool:
    """Whether a side head is split over two pages, runs past its page's foot or strands a heading."""
    from .check_boxes import placed_boxes
    from .check_breaks import stranded_findings
    return floats_broken(document) or bool(stranded_findings(document, placed_boxes(document)))


def floats_broken(document) -> bool:
    """Whether a floated heading is split over two pages or runs past its page's foot."""
    pages_of: dict[int, set[int]] = {}
    for number, page in enumerate(document.pages):
        foot = page._page_box.content_box_y() + page._page_box.height
        for box in walk_boxes(page._page_box):
            if box.element_tag in HEADINGS and box.style["float"] != "none":
                pages_of.setdefault(id(box.element), set()).add(number)
                if box.position_y + box.margin_height() > foot + 0.5:  # CSS px; the engine rounds
                    return True
    return any(len(pages) > 1 for pages in pages_of.values())


def variant_css(variant: str) -> str:
    """The variant's own stylesheets (after print.css), as one string."""
    return "\n".join((STYLES / name).read_text(encoding="utf-8") for name in VARIANTS[variant])


def lay_out(article: Article, path: Path, options, sandbox: Sandbox, page_size: str):
    """Render and lay out the print handout as `options` ask; return (document, engine messages)."""
    from .write_pdf import render_layout  # the PDF engine loads only when something is built
    practice = options.practice if options.practice != Practice() else practice_for(path)
    html = render_print(article, practice, options.variant, options.templates)
    base = variant_css(options.variant)
    target = getattr(options, "fit", 0) or article.meta.fit

    def attempt(step: int):
        layout = render_layout(html, path.parent.resolve(), sandbox, list(options.css), page_size,
                               base + "\n".join(STEPS[:step]))
        if not side_heads_broken(layout[0]):
            return layout
        return render_layout(html, path.parent.resolve(), sandbox, list(options.css), page_size,
                             base + STACKED + "\n".join(STEPS[:step]))

    return fit_pages(attempt, target, fit_source(options, article), str(path))


def fit_pages(attempt, target: int, source: str, shown: str):
    """The loosest step whose layout has at most `target` pages (no target: the design as is)."""
    document, messages = attempt(0)
    if not target or len(document.pages) <= target:
        return document, messages
    # Try the tightest first: when even that does not fit, say so after two layouts, not six.
    tightest = attempt(len(STEPS))
    if len(tightest[0].pages) > target:
        needed = len(tightest[0].pages)
        raise BuildError(error(shown, None, f"needs {needed} pages to fit; {source} asks for {target} "
                                            f"(tightest spacing tried, text kept at full size): shorten the "
                                            f"article or raise the limit"))
    for step in range(1, len(STEPS)):
        document, messages = attempt(step)
        if len(document.pages) <= target:
            return document, messages
    return tightest


def fit_source(options, article: Article) -> str:
    """Where the page limit came from, in the words the writer used."""
    if getattr(options, "fit", 0):
        return f"--fit {options.fit}"
    return f"'fit: {article.meta.fit}'"
