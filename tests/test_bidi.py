"""Left-to-right runs inside right-to-left text read as written (render/bidi.py): a phone
number, a URL, grouped digits and a Latin phrase in brackets, in an Arabic and a Hebrew handout,
as drawn on the PDF page and as Chromium lays out the EPUB's page. Each is read the way a client
retyping it reads it: its characters left to right across the page, line by line."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path
from xml.etree import ElementTree

import pypdfium2 as pdfium
import pytest
from conftest import write_article
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup

from handout.cli import main
from handout.render import bidi
from handout.render.html import set_text

CHROMIUM = shutil.which("chromium")
RUNS = ["+972-3-555-1234", "0800 123 456", "https://example.org/guides/sleep-and-worry-at-night/print",
        "help@example.org", "(cognitive behavioural therapy)"]  # as a client must read them, left to right
# Each run in its own handout, among words of the script only, so that its characters are the
# only ones of their kind on the page; the URL's sentence is long enough to wrap it.
SENTENCES = {
    "ar": ("اتصل على {run} أو اكتب لنا في أي وقت",
           "يمكنك دائمًا قراءة الدليل الكامل عن النوم والقلق وكيفية التعامل معهما في البيت والعمل على {run} مجانًا"),
    "he": ("התקשרו אל {run} או כתבו לנו בכל עת",
           "אפשר תמיד לקרוא את המדריך המלא על שינה וחרדה ואיך להתמודד איתן בבית ובעבודה בכתובת {run} בחינם"),
}


LINE_GAP = 5  # points: characters whose middles are closer belong to one line (faces differ in height)


def article(language: str, run: str) -> str:
    short, long = SENTENCES[language]
    title = "القلق والنوم" if language == "ar" else "חרדה ושינה"
    return f"---\ntitle: {title}\nlanguage: {language}\n---\n\n{(long if '://' in run else short).format(run=run)}\n"


def build_all(folder: Path, language: str, *options: str) -> list[Path]:
    """One handout per run, built in one go; their PDFs, in the order of RUNS."""
    sources = folder / "content"
    sources.mkdir(parents=True, exist_ok=True)
    for number, run in enumerate(RUNS):
        write_article(sources, f"{language}-{number}.md", article(language, run))
    assert main([str(sources), "-o", str(folder / "out"), "-j", "1", *options]) == 0
    return [folder / "out" / f"{language}-{number}.pdf" for number in range(len(RUNS))]


def test_addresses_numbers_and_latin_runs_are_isolated_and_nothing_else():
    text = str(set_text("اتصل على +972-3-555-1234 أو زر https://example.org/a?b=1 (Kristin Neff) و CBT."))
    assert '<bdi dir="ltr">+972-3-555-1234</bdi>' in text
    assert '<bdi dir="ltr">https://example.org/a?b=1</bdi>' in text
    assert '<bdi dir="ltr">(Kristin Neff)</bdi>' in text and '<bdi dir="ltr">CBT</bdi>.' in text
    assert str(set_text("Plain English, CBT and a 10 mg dose.")) == "Plain English, CBT and a 10 mg dose."
    assert bidi.isolated('<a href="https://x.org/a b">ب</a> &amp; &#1234;') == '<a href="https://x.org/a b">ب</a> &amp; &#1234;'
    assert str(set_text(Markup("شفقت A &amp; B"))) == 'شفقت <bdi dir="ltr">A &amp; B</bdi>'  # entities stay whole


def drawn_left_to_right(pdf: Path, wanted: str) -> str:
    """The characters of `wanted` found on the first page, line by line (top down), each line
    read left to right by where its characters are drawn."""
    textpage = pdfium.PdfDocument(pdf)[0].get_textpage()
    chars = []
    for index in range(textpage.count_chars()):
        char = textpage.get_text_range(index, 1)
        if char and char in wanted:
            left, bottom, right, top = textpage.get_charbox(index, loose=True)
            chars.append(((top + bottom) / 2, (left + right) / 2, char))
    lines: list[list] = []
    for middle, centre, char in sorted(chars, reverse=True):  # top down
        if not lines or lines[-1][0][0] - middle > LINE_GAP:
            lines.append([])
        lines[-1].append((middle, centre, char))
    return "".join(char for line in lines for _, _, char in sorted(line, key=lambda each: each[1]))


def read_in_pdf(pdf: Path, run: str) -> bool:
    """Whether `run` is drawn in order, left to right, line by line. A bracket is read as either bracket: one glyph draws ")" left to right and "(" right
    to left (mirrored), and the text layer maps each glyph to one character for the whole PDF."""
    return in_order(drawn_left_to_right(pdf, run).replace(")", "("), run.replace(")", "("))


def in_order(drawn: str, run: str) -> bool:
    """Whether `run`'s characters follow one another in `drawn` (spaces aside)."""
    return run.replace(" ", "") in drawn.replace(" ", "")


@pytest.mark.slow
@pytest.mark.parametrize("language", sorted(SENTENCES))
def test_left_to_right_runs_are_drawn_in_order_in_the_pdf(language, tmp_path, capsys, monkeypatch):
    for run, pdf in zip(RUNS, build_all(tmp_path / "isolated", language)):
        assert read_in_pdf(pdf, run), (run, drawn_left_to_right(pdf, run))
    # The fault: nothing isolated. The phone number's "+" and the grouped digits move.
    monkeypatch.setattr("handout.render.html.isolated", lambda html: html)
    bare = build_all(tmp_path / "bare", language, "--no-check")
    assert not read_in_pdf(bare[0], RUNS[0]) and not read_in_pdf(bare[1], RUNS[1])


VISUAL_ORDER = """(wanted) => {
  // The characters of the first text that holds `wanted`, read left to right, line by line.
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const boxes = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.data.length; i++) {
      if (!wanted.includes(node.data[i])) continue;
      const range = document.createRange();
      range.setStart(node, i); range.setEnd(node, i + 1);
      const rect = range.getBoundingClientRect();
      if (rect.width > 0) boxes.push([Math.round(rect.top / 6), rect.left + rect.width / 2, node.data[i]]);
    }
  }
  boxes.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return boxes.map(b => b[2]).join("");
}"""


def read_in_browser(page, run: str) -> bool:
    return in_order(page.evaluate(VISUAL_ORDER, run), run)


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (make system-deps installs it)")
@pytest.mark.parametrize("language", sorted(SENTENCES))
def test_left_to_right_runs_read_in_order_in_the_epub_on_a_phone(language, tmp_path):
    from playwright.sync_api import sync_playwright
    pages = []
    for number, pdf in enumerate(build_all(tmp_path, language)):
        unpacked = tmp_path / f"epub-{number}"
        zipfile.ZipFile(pdf.with_suffix(".epub")).extractall(unpacked)
        page = unpacked / "EPUB" / f"{pdf.stem}.xhtml"
        bare = page.with_name("bare.xhtml")  # the fault: the same page without its isolation
        bare.write_text(page.read_text(encoding="utf-8").replace('<bdi dir="ltr">', "").replace("</bdi>", ""),
                        encoding="utf-8")
        pages.append((page, bare))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            tab = browser.new_page(viewport={"width": 360, "height": 800})
            for run, (page, bare) in zip(RUNS, pages):
                tab.goto(page.as_uri())
                assert read_in_browser(tab, run), (run, tab.evaluate(VISUAL_ORDER, run))
            for run, (page, bare) in list(zip(RUNS, pages))[:2]:
                tab.goto(bare.as_uri())
                assert not read_in_browser(tab, run), run
        finally:
            browser.close()


@given(st.lists(st.sampled_from(list("ab ק ش/:.&;<>\"'#1+-()@w") + ["https://", "&amp;", "www.", "+972-3-555-1234 "]),
                max_size=30).map("".join))
def test_isolated_text_is_well_formed_and_says_what_it_said(text):
    marked = str(set_text(text))
    root = ElementTree.fromstring(f"<p>{marked.replace('<wbr/>', '')}</p>")  # an entity cut in two would not parse
    assert "".join(root.itertext()) == text
