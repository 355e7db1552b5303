"""The generated EPUB cover is composed for what the article has: balanced on its page, no rule
over nothing, every word on the one page, and a title large enough for a 160 px thumbnail."""

from __future__ import annotations

import pytest

from handout.check.boxes import walk_boxes
from handout.render.cover import CoverText, composed
from handout.write.engine import boxes as B

WORDS = ("worry", "sleep", "the", "night", "and", "what", "helps", "when", "you", "cannot", "rest")


def words(count: int) -> str:
    return " ".join(WORDS[index % len(WORDS)] for index in range(count)).capitalize()


def text_lines(document) -> list[tuple[float, float, str]]:
    """(top, bottom, class of its paragraph) of every line of text on the cover's page."""
    lines = []
    for box in walk_boxes(document.pages[0]._page_box):
        if isinstance(box, B.LineBox) and any(isinstance(child, B.TextBox) for child in walk_boxes(box)):
            lines.append((box.position_y, box.position_y + box.height, box.element.get("class", "")))
    return lines


def rules(document) -> list:
    return [box for box in walk_boxes(document.pages[0]._page_box)
            if box.element is not None and box.element.get("class") == "rule"]


CASES = [CoverText(words(2)), CoverText(words(8), words(7)), CoverText(words(3), "", "Dr. Amara Osei"),
         CoverText(words(6), words(9), "Dr. Amara Osei", "Riverside Counselling"),
         CoverText(words(3), "", "", "Riverside Counselling and Family Therapy Practice"),
         CoverText(words(20), words(12), "Dr. Amara Osei, Clinical Psychologist", "Riverside Counselling"),
         CoverText(words(45), words(30), "Dr. Amara Osei", "Riverside Counselling")]


@pytest.mark.parametrize("text", CASES, ids=lambda text: f"{len(text.title)}-{bool(text.author)}-{bool(text.practice)}")
def test_the_cover_is_balanced_fits_its_page_and_draws_no_rule_over_nothing(text):
    document = composed(text)
    assert len(document.pages) == 1, "every word of the cover on its one page"
    height = document.pages[0].height
    lines = text_lines(document)
    top_gap, bottom_gap = lines[0][0], height - lines[-1][1]
    assert abs(top_gap - bottom_gap) <= 0.25 * height, (top_gap / height, bottom_gap / height)
    assert bool(rules(document)) == bool(text.author or text.practice)
    title_size = next(box.style["font_size"] for box in walk_boxes(document.pages[0]._page_box)
                      if isinstance(box, B.TextBox) and box.element.get("class") == "title")
    if len(text.title) <= 150:  # at 160 px wide (40 px an inch) 15 pt is a 8 px line: still legible
        assert title_size >= 15 * 96 / 72
