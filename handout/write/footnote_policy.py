"""`footnote-policy: line` as CSS GCPM defines it: a note stays on the page of its call.

WeasyPrint 70, when a later line does not fit at a page's foot, first moves the page's last
footnotes to the next page to make room for that line (`layout/block.py`, `_linebox_layout`),
whatever their policy: a callout's note then prints a page after its call (issue 24). The
specification allows that only for `footnote-policy: auto`. This module edits that one loop
to move only `auto` notes, so a line that does not fit goes to the next page instead; a note
too tall for its call's page is still moved, and check/footnote_pages.py then fails the build.

The edit is made to the function's source once, at engine load; if WeasyPrint's source no
longer holds the loop word for word, loading fails loudly rather than silently losing it."""

from __future__ import annotations

import inspect

LOOP = "while report and context.current_page_footnotes:"
ONLY_AUTO = ("while report and context.current_page_footnotes and "
             "context.current_page_footnotes[-1].style['footnote_policy'] == 'auto':")


def install() -> None:
    """Replace weasyprint.layout.block._linebox_layout with the edited one (once)."""
    import weasyprint
    from weasyprint.layout import block as module  # engine.py has loaded WeasyPrint by now
    if getattr(module._linebox_layout, "keeps_notes_with_calls", False):
        return
    lines, first = inspect.getsourcelines(module._linebox_layout)
    source = "".join(lines)
    if source.count(LOOP) != 1:
        raise RuntimeError(f"handout.write.footnote_policy edits `{LOOP}` in weasyprint.layout.block."
                           f"_linebox_layout, which WeasyPrint {weasyprint.__version__} no longer has: "
                           "update the edit")
    # Compiled under WeasyPrint's own file name and line numbers: tracebacks still point into block.py.
    code = compile("\n" * (first - 1) + source.replace(LOOP, ONLY_AUTO), module.__file__, "exec")
    original = module._linebox_layout
    exec(code, module.__dict__)  # noqa: S102  (WeasyPrint's own source, one loop condition changed)
    module._linebox_layout.keeps_notes_with_calls = True
    module._linebox_layout.original = original  # for the test that shows the fault it mends
