"""The contents list has the room it needs: on generated articles (both papers, both variants,
short and long lists) every entry's dotted leader has at least three dots, the page numbers of
a column end at one right edge, and a book's title page carries no running footer."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, settings_of, write_article
from corpus.generate import generate_article

from handout.check.boxes import content_area, walk_boxes
from handout.read.article import read_article
from handout.read.book import load_book
from handout.render.book import render_book_print
from handout.render.html import CONTENTS_FROM
from handout.resources import STYLES
from handout.sandbox import Sandbox
from handout.write.engine import boxes as B
from handout.write.fit import lay_out, lay_out_article

MM = 96 / 25.4
SEEDS = (3, 11, 29, 41, 57, 73)


def entries(document) -> list[tuple[int, int, float, float]]:
    """(page, dots, right edge of the page number, right edge of the printable area) per entry."""
    found = []
    for number, page in enumerate(document.pages, 1):
        right = content_area(page)[2]
        for box in walk_boxes(page._page_box):
            leader = next((child for child in walk_boxes(box) if getattr(child, "is_leader", False)), None)
            if box.element_tag == "a::after" and leader is not None and not getattr(box, "is_leader", False):
                dots = sum(isinstance(child, B.TextBox) for child in walk_boxes(leader))
                digits = [child for child in walk_boxes(box) if isinstance(child, B.TextBox)][-1]
                found.append((number, dots, digits.position_x + digits.width, right))
    return found


def laid_out(path, **options):
    article, _ = read_article(path)
    settings = settings_of(path, article.meta, **options)
    return article, lay_out_article(article, settings, Sandbox.for_article(path.parent))[0]



@pytest.mark.slow
@pytest.mark.parametrize("page_size, variant", [("A4", "standard"), ("Letter", "standard"), ("A4", "large-print")])
def test_generated_contents_have_leaders_of_three_dots_and_aligned_numbers(tmp_path, page_size, variant):
    listing, short = 0, 0
    for seed in range(1, 60):
        path = generate_article(seed).write(tmp_path / str(seed))
        parts = len(read_article(path)[0].body)
        if (parts >= CONTENTS_FROM and listing == 5) or (parts < CONTENTS_FROM and short == 2):
            continue
        article, document = laid_out(path, page_size=page_size, variant=variant)
        listed = entries(document)
        if parts < CONTENTS_FROM:
            assert listed == [], "a short article spends no lines on a contents list"
            short += 1
            continue
        assert len(listed) == parts
        assert min(dots for _, dots, _, _ in listed) >= 3, (seed, listed)
        edges = {round(edge) for _, _, edge, _ in listed}
        assert len(edges) <= (2 if parts > 6 and variant == "standard" else 1), (seed, edges)
        listing += 1
        if listing == 5 and short == 2:
            break
    assert (listing, short) == (5, 2)


def test_long_titles_and_a_long_list_keep_three_dots_and_one_edge_per_column(tmp_path):
    long_title = "What to do when the worry about sleep keeps you awake and the night feels endless and lonely"
    sections = [long_title] + [f"Part {index} of the plan for the week" for index in range(2, 10)]
    body = "".join(f"## {title}\n\nA paragraph of text.\n\n" for title in sections)
    path = write_article(tmp_path, "long.md", f"---\ntitle: Long contents\n---\n\nOpening.\n\n{body}")
    _, document = laid_out(path)
    listed = entries(document)
    assert len(listed) == 9 and min(dots for _, dots, _, _ in listed) >= 3
    edges = sorted({round(edge) for _, _, edge, _ in listed})
    assert len(edges) == 2  # two columns, each with its numbers aligned
    assert abs(edges[-1] - listed[0][3]) < 0.5 * MM
    short = write_article(tmp_path, "short.md", f"---\ntitle: Short\n---\n\nOpening.\n\n## {long_title}\n\nText.\n\n"
                                                "## Two\n\nText.\n\n## Three\n\nText.\n\n## Four\n\nText.\n")
    _, document = laid_out(short)
    listed = entries(document)
    assert min(dots for _, dots, _, _ in listed) >= 3 and len({round(edge) for _, _, edge, _ in listed}) == 1


def margin_text(page) -> str:
    return "".join(box.text for child in page._page_box.children if isinstance(child, B.MarginBox)
                   for box in walk_boxes(child) if isinstance(box, B.TextBox))


def test_a_books_title_and_contents_pages_carry_no_footer_and_its_contents_take_the_measure():
    book, articles, _ = load_book(ROOT / "tests" / "fixtures" / "book" / "book.yaml")
    settings = settings_of(book.path)
    html = render_book_print(book, articles, settings.practice, settings.variant)
    css = "\n" + (STYLES / "book.css").read_text(encoding="utf-8")
    sandbox = Sandbox.for_article(ROOT / "tests" / "fixtures" / "book", tuple(Path(a.path).parent for a in articles))
    document, _ = lay_out(html, (ROOT / "tests" / "fixtures" / "book").resolve(), settings, sandbox, css)
    assert margin_text(document.pages[0]) == "" and margin_text(document.pages[1]) == ""
    assert "Page 3 of" in margin_text(document.pages[2])
    listed = entries(document)
    assert len(listed) == len(articles) and all(page == 2 for page, *_ in listed)
    assert min(dots for _, dots, _, _ in listed) >= 3
    right = listed[0][3]
    assert all(abs(edge - right) < 0.5 * MM for _, _, edge, _ in listed)  # the full measure, numbers aligned
