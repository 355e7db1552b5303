"""Each footnote at the foot of the page that calls it, as docs/writing.md promises.

The text check finds each note once, anywhere; this one reads the laid-out pages: the page
of a note's first call (`::footnote-call`, drawn where the note was written) and the page
whose footnote area holds the note must be the same. A note too tall to share its call's
page, or moved by the engine to make room for a later line (write/footnote_policy.py stops
that), fails at the call's source line."""

from __future__ import annotations

from handout.check.boxes import LayoutFinding, Placed
from handout.write.engine import boxes as B


def note_pages(placed: list[Placed]) -> tuple[dict[int, Placed], dict[int, int]]:
    """(the first call of each note, the first page of each note), keyed by the note's element."""
    calls: dict[int, Placed] = {}
    notes: dict[int, int] = {}
    for item in placed:
        box = item.box
        if isinstance(box, B.FootnoteAreaBox):
            for note in box.children:
                if note.element is not None:
                    notes.setdefault(id(note.element), item.page)
        elif isinstance(box, B.InlineBox) and (box.element_tag or "").endswith("::footnote-call"):
            calls.setdefault(id(box.element), item)
    return calls, notes


def footnote_page_findings(placed: list[Placed]) -> list[LayoutFinding]:
    """A finding at each call whose note prints on another page, or not at all."""
    calls, notes = note_pages(placed)
    findings = []
    for key, call in calls.items():
        number = "".join(box.text for box in getattr(call.box, "children", ()) if isinstance(box, B.TextBox)).strip()
        page = notes.get(key)
        if page == call.page:
            continue
        where = f"on page {page}" if page else "on no page"
        findings.append(LayoutFinding(
            "note-page", call.page, call.line,
            f"footnote {number} prints {where}, but its call is on page {call.page}: a note sits at the "
            "foot of the page that calls it (shorten the note, or the text around its call)"))
    return findings
