"""An image too tall for the rest of its page is scaled down (never under its minimum) to fit
the gap it would leave, so the text after it moves up too; large print meets this most."""

from __future__ import annotations

import pytest
from conftest import settings_of, write_article
from PIL import Image, ImageDraw

from handout.check.boxes import content_area, placed_boxes
from handout.read.article import read_article
from handout.render.html import render_print
from handout.sandbox import Sandbox
from handout.write.engine import boxes as B
from handout.write.fit import lay_out_article, variant_css
from handout.write.image_fit import MIN_HEIGHT_PX, content_bottom, image_fit_rules
from handout.write.pdf import render_layout

SENTENCE = "Slow breathing works best when you sit comfortably, both feet on the floor, hands in your lap. "


def article_with_image(folder, sentences: int):
    image = Image.new("RGB", (600, 1000), "white")
    ImageDraw.Draw(image).rectangle([8, 8, 592, 992], outline="black", width=8)
    image.save(folder / "tall.png")
    return write_article(folder, "calm.md", "---\ntitle: Calming the Body\n---\n\nBreathing slowly tells the body "
                         "it is safe.\n\n## The breathing square\n\n" + SENTENCE * sentences +
                         "\n\n![A square to follow with the eyes while breathing](tall.png)\n\n"
                         "Breathe in for four, hold for four, out for four, hold for four.\n\n## When to use it\n\n"
                         "Before a hard conversation, or when you wake at night.\n")


def raw_layout(path, settings):
    """The layout the engine makes on its own, with none of the build's repairs."""
    article, _ = read_article(path)
    html = render_print(article, settings.practice, settings.variant)
    return render_layout(html, path.parent.resolve(), Sandbox.for_article(path.parent), [], settings.page_size,
                         variant_css(settings.variant))[0]


def image_box(document):
    return next(item for item in placed_boxes(document) if isinstance(item.box, B.ReplacedBox))


def gap_before(document, page: int) -> float:
    """The blank share at the foot of page `page - 1`."""
    area = content_area(document.pages[page - 2])
    return (area[3] - content_bottom(placed_boxes(document), page - 1, area[1])) / (area[3] - area[1])


@pytest.mark.parametrize("page_size", ["A4", "Letter"])
def test_a_tall_image_moves_up_into_the_gap_it_would_leave(tmp_path, page_size):
    moved = 0
    for sentences in (2, 4, 6, 8):
        folder = tmp_path / str(sentences)
        folder.mkdir()
        path = article_with_image(folder, sentences)
        article, _ = read_article(path)
        settings = settings_of(path, article.meta, variant="large-print", page_size=page_size)
        raw = raw_layout(path, settings)
        raw_image = image_box(raw)
        if raw_image.page == 1 or gap_before(raw, raw_image.page) < 0.25:
            continue  # the engine left no gap worth filling here
        assert image_fit_rules(placed_boxes(raw), raw, lambda element: "img"), "the gap is found"
        document, _ = lay_out_article(article, settings, Sandbox.for_article(path.parent))
        image = image_box(document)
        assert image.page == raw_image.page - 1 or image.box.height < MIN_HEIGHT_PX * 1.01
        assert image.box.height >= MIN_HEIGHT_PX and image.box.height >= 0.5 * raw_image.box.height
        assert image_fit_rules(placed_boxes(document), document, lambda element: "img") == []
        assert len(document.pages) <= len(raw.pages)
        moved += 1
    assert moved >= 1, "some text length must leave the engine's gap"


def article_with_figure_and_notes(folder, sentences: int):
    """A captioned figure after text whose footnotes sit at the page's foot: the room left for
    the figure ends where the notes begin, and its caption needs room too (found by a medication
    sheet whose figure left page 1 a third empty above two notes)."""
    image = Image.new("RGB", (900, 900), "white")
    ImageDraw.Draw(image).rectangle([8, 8, 892, 892], outline="black", width=8)
    image.save(folder / "square.png")
    return write_article(folder, "notes.md", "---\ntitle: Starting a Medicine\n---\n\n## How it works\n\n"
                         + SENTENCE * sentences + "It changes slowly.[^1]\n\n> [!CAUTION]\n> Never stop suddenly.[^2]\n\n"
                         "![Three steps to a dose](square.png \"The dose is reviewed step by step\")\n\n"
                         "## Side effects\n\n" + SENTENCE * 12 + "\n\n[^1]: The brain adapts over weeks; see the "
                         "leaflet.\n[^2]: Stopping abruptly can cause dizziness and irritability for some days.\n")


@pytest.mark.parametrize("variant", ["standard", "large-print"])
def test_a_captioned_figure_moves_up_above_the_page_s_footnotes(tmp_path, variant):
    from handout.write.image_fit import MIN_SHARE, SLACK_PX, caption_height, room_bottom
    moved = 0
    for sentences in range(2, 24, 2):
        folder = tmp_path / str(sentences)
        folder.mkdir()
        path = article_with_figure_and_notes(folder, sentences)
        article, _ = read_article(path)
        settings = settings_of(path, article.meta, variant=variant)
        raw = raw_layout(path, settings)
        raw_image = image_box(raw)
        placed = placed_boxes(raw)
        if raw_image.page == 1:
            continue
        area = content_area(raw.pages[raw_image.page - 2])
        room = room_bottom(placed, raw_image.page - 1, area[3]) - content_bottom(placed, raw_image.page - 1, area[1])
        fits = room - SLACK_PX - caption_height(placed, raw_image)
        if room < 0.25 * (area[3] - area[1]) or fits < max(MIN_HEIGHT_PX, MIN_SHARE * raw_image.box.height):
            continue  # no gap worth filling, or the image would have to shrink past its minimum
        document, _ = lay_out_article(article, settings, Sandbox.for_article(path.parent))
        image = image_box(document)
        assert image.page == raw_image.page - 1, (sentences, room)
        assert not getattr(document, "headings_stacked", False)  # mended, not given up
        assert image_fit_rules(placed_boxes(document), document, lambda element: "img") == []
        moved += 1
    assert moved >= 1, "some text length must leave a gap above the notes"
