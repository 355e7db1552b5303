"""Tables wider than the page, found on the laid-out pages, and the CSS that narrows them.

A table's columns are never narrower than their longest words, so six columns of German
compounds ("Einschlafschwierigkeiten") can add up to more than the page. The repair is what a
typesetter does: hyphenate that table's words (`hyphens: auto`, with the article's language),
and only if that is not enough, let them break anywhere."""

from __future__ import annotations

from handout.check.boxes import TOLERANCE, Placed, content_area
from handout.write.engine import boxes as B

STEPS = ("hyphens: auto;", "overflow-wrap: anywhere;")


def narrowing_rules(placed: list[Placed], document, select) -> list[str]:
    """A rule for each table that runs past the page's right edge: the next step for its cells
    (`select`: an element id -> its CSS selector)."""
    wide = {}
    for item in placed:
        if isinstance(item.box, B.TableBox) and item.table is not None and item.table.get("id"):
            if item.rect[2] - content_area(document.pages[item.page - 1])[2] > TOLERANCE:
                wide.setdefault(id(item.table), item.table)
    styles = {id(item.table): item.box.style for item in placed
              if isinstance(item.box, B.TableCellBox) and id(item.table) in wide}
    rules = []
    for key, table in wide.items():
        style = styles.get(key)
        taken = 0 if style is None else (style["hyphens"] == "auto") + (style["overflow_wrap"] == "anywhere")
        if taken < len(STEPS):
            cells = "%s th, %s td" % (select(table.get("id")), select(table.get("id")))
            rules.append("%s { %s }" % (cells, " ".join(STEPS[:taken + 1])))
    return rules
