"""The tagged PDF's structure tree, what a screen reader follows, lists every item in source order."""

from __future__ import annotations

import re
import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from conftest import ROOT, SEED_ARTICLE, write_article
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject
from structure_tree import marked_texts, structure_leaves, structure_text

from handout.check.items import expected_items, find_in_order, normalise
from handout.cli import main
from handout.read.article import read_article

# Side heads (FAQ questions, floated into the rail) of three to five lines beside answers with
# bullet and nested lists: the layout poppler reads out of order (see the last test).
FAQ_ARTICLE = """\
---
title: Sleep After Loss
page_size: A4
quick_answer: Grief disturbs sleep for weeks or months; most of what helps is ordinary routine, kept up gently.
---

Grief changes sleep. This handout collects the questions people ask most often.

## What Happens To Sleep

Table: Common changes and what they usually mean

| Change | What it usually means |
| --- | --- |
| Waking at three in the morning | The body's alarm system is still on watch |
| Vivid dreams of the person | Memory is sorting what happened |
| Sleeping far more than usual | Exhaustion from carrying the loss all day |

## Frequently Asked Questions

### Is it normal that I cannot fall asleep for hours even though I am exhausted every single evening?

Yes. Exhaustion and alertness can exist together:

- the body is tired from carrying grief all day
- the mind keeps replaying the loss when it is quiet
- the alarm system stays switched on at night

### What should I do when I wake in the middle of the night and the thoughts about the person start racing again?

Try a short routine that you repeat every time:

1. sit up and turn on a dim lamp
2. write the thought down on paper
   - one line is enough
   - you can read it again in the morning
3. go back to bed when you feel sleepy

### Should I avoid the bedroom we shared, or sleep somewhere else in the house for a while after the funeral?

Either is fine. Some people find comfort in the shared room; others need distance for a time.

### When should I talk to a doctor about my sleep, and what will they usually ask me about at the appointment?

See a doctor if any of these last more than a few weeks:

- sleeping less than four hours a night
- thoughts of harming yourself
  - tell someone the same day
  - call a crisis line if you are alone
- using alcohol to fall asleep

They will ask how long it has lasted and what you have tried.
"""


def build(article: Path, out: Path, *options: str) -> Path:
    """Build one article in one process; return its PDF (the failed one if the checks fail)."""
    code = main([str(article), "-o", str(out), "-j", "1", *options])
    return out / f"{article.stem}{'' if code == 0 else '.failed'}.pdf"


def items_of(article: Path):
    """The model's text items, from an article that reads without problems."""
    model, problems = read_article(article, str(article))
    assert not problems
    return expected_items(model)


def tree_findings(article: Path, data: bytes):
    """What find_in_order reports for the article's items in the structure tree's text."""
    return find_in_order(items_of(article), normalise("".join(structure_text(data))))


@pytest.fixture(scope="module")
def faq(tmp_path_factory) -> tuple[Path, bytes]:
    """The FAQ article with lists, its source and PDF."""
    folder = tmp_path_factory.mktemp("structure-faq")
    article = write_article(folder, "faq-lists.md", FAQ_ARTICLE)
    pdf = build(article, folder / "out")
    assert pdf.name == "faq-lists.pdf"
    return article, pdf.read_bytes()


def test_seed_structure_tree_is_in_source_order(seed_build):
    data = (seed_build / "trust-issues.pdf").read_bytes()
    assert tree_findings(SEED_ARTICLE, data) == []
    assert {leaf.page for leaf in structure_leaves(data)} == {0, 1}  # both pages walked


def test_faq_with_lists_structure_tree_is_in_source_order(faq):
    article, data = faq
    assert tree_findings(article, data) == []
    paths = {leaf.path for leaf in structure_leaves(data)}
    # Nested lists: WeasyPrint hangs the inner list on the outer one (L/L), as PDF wants.
    assert any(path[-5:] == ("L", "L", "LI", "P", "Span") for path in paths)


def test_only_the_running_footer_is_drawn_outside_the_tree(faq):
    """Marked text no structure element points to would never be read out: here only the
    footer (WeasyPrint tags margin boxes but leaves them out of the tree)."""
    article, data = faq
    in_tree = {(leaf.page, leaf.mcid) for leaf in structure_leaves(data)}
    outside = [normalise(text) for key, text in marked_texts(data).items() if key not in in_tree]
    title = normalise(read_article(article, str(article))[0].meta.title)
    assert outside and all(text == title or re.fullmatch(r"Page\d+of\d+", text) for text in outside)


def rewritten_tree(data: bytes, swap_faq: bool) -> bytes:
    """The PDF with every integer MCID in the tree written as an /MCR dict and, if asked, the
    first two FAQ items swapped in the tree (the pages' content is left as it was)."""
    writer = PdfWriter(clone_from=PdfReader(BytesIO(data)))
    elements = [writer._root_object["/StructTreeRoot"]]
    while elements:
        element = elements.pop().get_object()
        kids = element.get("/K")
        kids = kids if isinstance(kids, ArrayObject) else ArrayObject([] if kids is None else [kids])
        for index, kid in enumerate(kids):
            if isinstance(kid, int):  # exercises the walker's /MCR branch on the same text
                kids[index] = DictionaryObject({NameObject("/Type"): NameObject("/MCR"),
                                                NameObject("/Pg"): element.raw_get("/Pg"),
                                                NameObject("/MCID"): NumberObject(kid)})
            elif "/S" in kid.get_object():  # a structure element, not an /OBJR
                elements.append(kid)
        # Only the FAQ has sections inside a section in this article: its questions.
        sections = [index for index, kid in enumerate(kids)
                    if not isinstance(kid, int) and kid.get_object().get("/S") == "/Sect"]
        if swap_faq and element.get("/S") == "/Sect" and len(sections) >= 2:
            kids[sections[0]], kids[sections[1]] = kids[sections[1]], kids[sections[0]]
        element[NameObject("/K")] = kids
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def test_items_swapped_in_the_tree_are_reported(faq):
    """A check that cannot fail proves nothing: with the first two FAQ items swapped in the
    tree (drawn as before), the second item's question and answer are out of order."""
    article, data = faq
    # /MCR dicts in place of integer MCIDs read the same: the walker's other branch.
    assert structure_text(rewritten_tree(data, swap_faq=False)) == structure_text(data)
    swapped = rewritten_tree(data, swap_faq=True)
    lines = FAQ_ARTICLE.split("\n")
    second, third = [number for number, line in enumerate(lines, 1) if line.startswith("### ")][1:3]
    findings = tree_findings(article, swapped)
    assert findings and {found.problem for found in findings} == {"out of order"}
    assert {found.item.line for found in findings} == {
        line for line in range(second, third) if lines[line - 1].strip()}


@pytest.mark.slow  # WeasyPrint's flex layout is slow
def test_faq_reversed_by_css_is_reported(faq, tmp_path):
    """A real rendering fault: WeasyPrint tags boxes in laid-out order, so the FAQ drawn in
    reverse (tests/faults/reversed-faq.css) is reversed in the tree too."""
    article, _ = faq
    pdf = build(article, tmp_path, "--css", str(ROOT / "tests" / "faults" / "reversed-faq.css"))
    findings = tree_findings(article, pdf.read_bytes())
    assert {found.item.label for found in findings} >= {"FAQ question"}


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils (pdftotext) is not installed")
def test_content_stream_and_structure_tree_are_in_reading_order(faq):
    """What other readers can follow: the tags and the order text is drawn in. Recorded finding,
    not our bug: poppler (pdftotext, Evince, Okular) ignores the tags and
    guesses reading order from positions. With a side head taller than its answer's first
    block, it reads the rest of that answer after the next question: here the first answer's
    list comes after 'What should I do ...' and 'Try a short routine ...' (poppler 22.12).
    An answer of two plain paragraphs beside a five-line question does the same, so lists are
    not the cause; and the seed's contents rail interleaves with its intro paragraphs. The
    content stream order (pdftotext -raw) and the structure tree are right, as asserted here."""
    article, data = faq
    items = items_of(article)

    def poppler(*mode: str) -> str:
        return subprocess.run(["pdftotext", *mode, "-", "-"], input=data, capture_output=True,
                              check=True).stdout.decode("utf-8")

    assert find_in_order(items, normalise(poppler("-raw"))) == []
    assert tree_findings(article, data) == []
