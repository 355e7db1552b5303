"""A large-print table printed as records:
- repeats its caption at the top of every page it continues onto, as a table's caption row
  does, exactly once a page, and no further: generated articles move the table down the pages a
  paragraph at a time, so that its caption also lands at the top of a page, and a long text
  after it runs on past the table's last page;
- leaves no page a third empty: a record taller than a quarter of a page parts between its
  fields (never inside one, never after its first), where kept whole it was pushed on whole."""

from __future__ import annotations

import random

import pypdfium2 as pdfium
import pytest
from conftest import write_article

from handout.check.boxes import content_area, placed_boxes
from handout.check.breaks import split_fields
from handout.cli import main
from handout.read.article import read_article
from handout.sandbox import Sandbox
from handout.settings import BuildOptions, resolve
from handout.write.engine import boxes as B
from handout.write.fit import lay_out_article

WORDS = "the client notices breath slowly when worry rises and names what is happening now before acting".split()
CAPTION = "Ways to cope compared over time"


def words(rng: random.Random, count: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(count)).capitalize()


def article(before: int, seed: int = 3) -> str:
    rng = random.Random(seed)
    rows = "\n".join(f"| {words(rng, 3)} | {words(rng, 12)} | {words(rng, 10)} |" for _ in range(12))
    opening = "\n\n".join(words(rng, 40) + "." for _ in range(before))
    after = "\n\n".join(words(rng, 60) + "." for _ in range(14))
    return (f"---\ntitle: Records\ndate: 2026-11-26\n---\n\n## Section\n\n{opening}\n\nTable: {CAPTION}\n\n"
            f"| Strategy | What it does | When to use it |\n| --- | --- | --- |\n{rows}\n\n## After\n\n{after}\n")


def captions_a_page(pdf_path) -> list[int]:
    pages = pdfium.PdfDocument(pdf_path)
    return [" ".join(page.get_textpage().get_text_range().split()).count(CAPTION) for page in pages]


def record_pages(pdf_path) -> list[int]:
    """The pages holding a record's label ("Strategy" heads each record)."""
    return [number for number, page in enumerate(pdfium.PdfDocument(pdf_path), 1)
            if "Strategy" in page.get_textpage().get_text_range()]


def test_records_repeat_their_caption_once_on_each_page_they_continue_onto(tmp_path, capsys):
    for before in range(0, 9):
        source = write_article(tmp_path, f"records-{before}.md", article(before))
        assert main([str(source), "-o", str(tmp_path / "out"), "--variant", "large-print", "-j", "1"]) == 0
        pdf = tmp_path / "out" / f"records-{before}.pdf"
        pages = record_pages(pdf)
        counts = captions_a_page(pdf)
        assert len(pages) >= 2 and len(counts) > pages[-1], (before, pages, counts)  # text runs on past the table
        expected = [1 if pages[0] <= number <= pages[-1] else 0 for number in range(1, len(counts) + 1)]
        assert counts == expected, (before, pages, counts)
    capsys.readouterr()


def test_without_the_running_caption_a_continued_page_has_none(tmp_path, capsys):
    """The fault this guards against, as it was: the caption printed once, on the first page only."""
    source = write_article(tmp_path, "records.md", article(2))
    css = write_article(tmp_path, "none.css", "@page { @top-left { content: none; } }")
    assert main([str(source), "-o", str(tmp_path / "out"), "--variant", "large-print", "--css", str(css), "-j", "1"]) == 0
    pages = record_pages(tmp_path / "out" / "records.pdf")
    assert captions_a_page(tmp_path / "out" / "records.pdf")[pages[-1] - 1] == 0
    capsys.readouterr()


LONG_CAPTION = ("What people often do when worry rises at work, what tends to happen next, and a more "
                "helpful alternative to try instead")
MM = 72 / 25.4


def top_margin_ink(page, scale: float = 2.0) -> tuple[int, int, int, int] | None:
    """The box (left, top, right, bottom, in mm) of what is drawn in large print's 14 mm top
    margin, where the continued caption is printed, as the page renders: clipped text is not ink."""
    image = page.render(scale=scale, grayscale=True).to_pil()
    per_mm = scale * MM
    margin = image.crop((0, 0, image.width, int(13.5 * per_mm)))
    box = margin.point(lambda value: 255 if value < 128 else 0).getbbox()
    return None if box is None else tuple(round(edge / per_mm, 1) for edge in box)


ARABIC_CAPTION = ("ما يفعله الناس غالبا عندما يزداد القلق في العمل وما يحدث بعد ذلك وبديل أكثر فائدة "
                  "للتجربة بدلا من ذلك")


@pytest.mark.parametrize("paper, language", [("A4", "en"), ("Letter", "en"), ("A4", "ar")])
def test_a_long_caption_continues_on_one_line_inside_the_sheet(tmp_path, capsys, paper, language):
    """A caption too long for one line, as a reader meets it at the top of a continued page:
    every glyph on the sheet and inside the text's width, on one line (shortened, with an
    ellipsis in left-to-right text), never a first line cut off by the paper's edge."""
    caption = LONG_CAPTION if language == "en" else ARABIC_CAPTION
    text = article(2).replace(CAPTION, caption).replace("date: 2026-11-26\n", f"date: 2026-11-26\nlanguage: {language}\n")
    source = write_article(tmp_path, "long.md", text)
    assert main([str(source), "-o", str(tmp_path / "out"), "--variant", "large-print", "--page-size", paper,
                 "-j", "1"]) == 0
    pdf = pdfium.PdfDocument(tmp_path / "out" / "long.pdf")
    pages = record_pages(tmp_path / "out" / "long.pdf")
    assert len(pages) >= 2
    for number in pages[1:]:
        page = pdf[number - 1]
        ink = top_margin_ink(page)
        assert ink, (number, "no caption on a continued page")
        left, top, right, bottom = ink
        if language == "en":
            head = page.get_textpage().get_text_bounded(0, page.get_height() - 14 * MM, page.get_width(),
                                                        page.get_height())
            assert " ".join(head.split()).startswith(LONG_CAPTION[:30]), (number, head)
        assert top >= 1, (number, ink, "a line cut off by the top of the sheet")
        assert left >= 14.5 and right <= page.get_width() / MM - 14.5, (number, ink, "outside the text's width")
        assert bottom - top < 8, (number, ink, "more than one line")
    capsys.readouterr()


def long_records(seed: int) -> str:
    """Records of two long fields each: about a third of a large-print page apiece."""
    rng = random.Random(seed)
    rows = "\n".join(f"| {words(rng, 3)} | {words(rng, rng.randint(20, 45))} | {words(rng, rng.randint(15, 40))} |"
                     for _ in range(8))
    return (f"---\ntitle: Records\ndate: 2026-11-26\n---\n\n## Section\n\n{words(rng, 30)}.\n\nTable: {CAPTION}\n\n"
            f"| Strategy | What it does | When to use it |\n| --- | --- | --- |\n{rows}\n\n{words(rng, 40)}.\n")


def laid_out(path, css=()):
    article, _ = read_article(path)
    settings = resolve(BuildOptions(variant="large-print", css=tuple(css)), path, article.meta)
    return lay_out_article(article, settings, Sandbox.for_article(path.parent, tuple(css)))[0]


def empty_at_foot(document) -> list[float]:
    """The share of each page but the last left empty under its last line."""
    shares = []
    placed = placed_boxes(document)
    for number, page in enumerate(document.pages[:-1], 1):
        area = content_area(page)
        bottom = max([item.box.position_y + item.box.height for item in placed
                      if item.page == number and isinstance(item.box, B.LineBox)], default=area[1])
        shares.append((area[3] - bottom) / (area[3] - area[1]))
    return shares


def test_tall_records_part_between_fields_and_leave_no_page_a_third_empty(tmp_path):
    for seed in range(1, 6):
        document = laid_out(write_article(tmp_path, f"long-{seed}.md", long_records(seed)))
        assert max(empty_at_foot(document)) < 0.25, (seed, empty_at_foot(document))
        assert split_fields(document, placed_boxes(document)) == []


def test_records_kept_whole_leave_the_gaps_and_a_split_field_is_caught(tmp_path, capsys):
    source = write_article(tmp_path, "long.md", long_records(1))
    whole = write_article(tmp_path, "whole.css", ".record { break-inside: avoid !important; }")
    assert max(empty_at_foot(laid_out(source, [whole]))) > 0.25  # as it was: a third of a page left empty
    torn = write_article(tmp_path, "torn.css", ".record-field { break-inside: auto !important; orphans: 1; widows: 1; }")
    assert main([str(source), "-o", str(tmp_path / "out"), "--variant", "large-print", "--css", str(torn), "-j", "1"]) == 1
    assert "record field '" in capsys.readouterr().err
