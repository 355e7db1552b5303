"""Each footnote prints at the foot of the page that calls it (docs/writing.md), on both papers
and in both variants, wherever the call is: a callout kept on one page, a list item, an FAQ
answer, a plain paragraph. Generated articles move the call down the page a sentence at a
time, so that some call falls near each page's foot; the PDF's own text says which page holds the
call and which the note. Without write/footnote_policy.py the engine moves a note to the next
page to fit a later line, and the check (check/footnote_pages.py) then fails the build at the
call's line."""

from __future__ import annotations

import random

import pypdfium2 as pdfium
import pytest
from conftest import settings_of, write_article

from handout.check.footnote_pages import footnote_page_findings
from handout.check.layout import placed_boxes
from handout.read.article import read_article
from handout.sandbox import Sandbox
from handout.write.engine import weasyprint  # noqa: F401  (loads the engine and its edits)
from handout.write.fit import lay_out_article
from handout.write.pdf import write_pdf

WORDS = ("the client notices breath slowly when worry rises and names what is happening now before "
         "acting sleep settles body alert moment passes plan together with support").split()

SHAPES = {
    "callout": "> [!CAUTION]\n> Do not stop the medicine suddenly CALLWORD.[^a] Talk to your prescriber first "
               "and plan the change together over several weeks.\n",
    "list": "- Keep a short diary of each night's sleep.\n- Note the medicine and its dose CALLWORD.[^a]\n"
            "- Bring the diary to the next session.\n",
    "paragraph": "Most people find it hard to think clearly in a crisis, and a plan written down in advance "
                 "helps CALLWORD.[^a] It names who to call and what to do first.\n",
}


def sentence(rng: random.Random, length: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(length)).capitalize() + "."


def article_text(shape: str, filler: int, seed: int) -> str:
    rng = random.Random(seed)
    sentences = [sentence(rng, rng.randint(8, 16)) for _ in range(filler)]
    before = "\n\n".join(" ".join(sentences[start:start + 3]) for start in range(0, filler, 3))
    after = "\n\n".join(" ".join(sentence(rng, rng.randint(8, 16)) for _ in range(4)) for _ in range(3))
    note = "[^a]: NOTETEXT stopping abruptly can bring withdrawal symptoms such as dizziness and poor sleep.\n"
    if shape == "faq":
        return (f"---\ntitle: Footnote pages\ndate: 2026-11-26\n---\n\n## Background\n\n{before}\n\n"
                f"## Frequently Asked Questions\n\n### Can I stop on my own?\n\nPlease ask first CALLWORD.[^a] "
                f"{sentence(rng, 20)}\n\n### What helps?\n\n{after}\n\n{note}")
    return f"---\ntitle: Footnote pages\ndate: 2026-11-26\n---\n\n## Background\n\n{before}\n\n{SHAPES[shape]}\n{after}\n\n{note}"


def laid_out(folder, text: str, **options):
    path = write_article(folder, "notes.md", text)
    article, problems = read_article(path)
    assert not [problem for problem in problems if problem.is_error]
    settings = settings_of(path, article.meta, **options)
    return lay_out_article(article, settings, Sandbox.for_article(path.parent))[0]


def pages_holding(document) -> tuple[list[int], list[int]]:
    """The pages whose text (as a reader's PDF engine extracts it) holds the call, and the note."""
    pdf = pdfium.PdfDocument(write_pdf(document, "none"))
    texts = [page.get_textpage().get_text_range() for page in pdf]
    return ([number for number, text in enumerate(texts, 1) if "CALLWORD" in text],
            [number for number, text in enumerate(texts, 1) if "NOTETEXT" in text])


def sweep(folder, shape: str, fillers: range, seed: int = 7, **options):
    """(filler, document) for each count of sentences before the call: the call moves down the pages."""
    for filler in fillers:
        yield filler, laid_out(folder, article_text(shape, filler, seed), **options)


def assert_notes_with_calls(folder, shape: str, fillers: range, **options) -> None:
    for filler, document in sweep(folder, shape, fillers, **options):
        calls, notes = pages_holding(document)
        assert len(calls) == 1 and calls == notes, (shape, filler, options, calls, notes)
        assert footnote_page_findings(placed_boxes(document)) == []


def test_a_callout_s_note_stays_on_its_page_as_the_call_moves_down_the_page(tmp_path):
    assert_notes_with_calls(tmp_path, "callout", range(12, 40))


@pytest.mark.slow
@pytest.mark.parametrize("shape", ["callout", "list", "paragraph", "faq"])
@pytest.mark.parametrize("paper,variant", [("A4", "standard"), ("Letter", "standard"),
                                           ("A4", "large-print"), ("Letter", "large-print")])
def test_every_note_stays_with_its_call_on_both_papers_and_in_large_print(tmp_path, shape, paper, variant):
    fillers = range(1, 90, 2) if variant == "standard" else range(1, 45)
    assert_notes_with_calls(tmp_path, shape, fillers, page_size=paper, variant=variant)


def test_a_note_moved_a_page_on_is_caught_at_its_call_s_line(tmp_path, monkeypatch):
    """The fault the engine made before write/footnote_policy.py: put WeasyPrint's own loop back."""
    from weasyprint.layout import block
    monkeypatch.setattr(block, "_linebox_layout", block._linebox_layout.original)
    for filler, document in sweep(tmp_path, "callout", range(12, 40)):
        calls, notes = pages_holding(document)
        if calls != notes:
            break
    else:
        pytest.fail("the engine's own footnote loop kept every note with its call: this test no longer shows the fault")
    findings = footnote_page_findings(placed_boxes(document))
    text = (tmp_path / "notes.md").read_text(encoding="utf-8").splitlines()
    assert [finding.code for finding in findings] == ["note-page"]
    assert "CALLWORD" in text[findings[0].line]  # the callout's first line, the call's own block
    assert f"prints on page {notes[0]}, but its call is on page {calls[0]}" in findings[0].message
