"""The EPUB's lines break where the language lets a line break, as a reader lays them out:
Chromium at a phone's 360 px breaks a Thai paragraph only between words (its own dictionary,
Intl.Segmenter, says where they are) and starts no Japanese line with "。" or "、". The fault
these once had: the builder's break opportunities every 16 characters (issue 23: "ร่า / งกาย")."""

from __future__ import annotations

import shutil
import zipfile

import pytest
from conftest import write_article

from handout.cli import main
from handout.render import line_breaks

CHROMIUM = shutil.which("chromium")
pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(CHROMIUM is None, reason="needs Debian's chromium (make system-deps installs it)")]
ARTICLES = {
    "th": ("การนอนหลับ", "เมื่อเรากังวลมากเกินไปร่างกายจะตื่นตัวและทำให้นอนไม่หลับตลอดทั้งคืนแม้ว่าจะเหนื่อยมากก็ตาม"
           "การตื่นนอนเวลาเดิมทุกวันช่วยให้ร่างกายของคุณปรับตัวและนอนหลับได้ดีขึ้นภายในสองถึงสามสัปดาห์"),
    "ja": ("不安と睡眠", "毎朝同じ時間に起きることで、体内時計が整い、二、三週間ほどで眠りやすくなることが多いです。"
           "眠れないときは一度ベッドから出ましょう。寝る前の一時間は、スマートフォンを見ないようにしましょう。"),
}
# Where each line of the first paragraph starts, by character offset in its text (a <wbr/>
# splits it into text nodes), and the word boundaries Chromium's own segmenter finds in it.
LINES = """() => {
  const paragraph = document.querySelector("body p");
  const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT);
  const starts = [];
  let top = null, offset = 0, text = "";
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.data.length; i++) {
      const range = document.createRange();
      range.setStart(node, i); range.setEnd(node, i + 1);
      const rect = range.getClientRects()[0];
      if (rect && top !== null && rect.top > top + 4) starts.push(offset + i);
      if (rect) top = rect.top;
    }
    offset += node.data.length; text += node.data;
  }
  const words = [...new Intl.Segmenter(document.documentElement.lang, {granularity: "word"}).segment(text)]
    .map(segment => segment.index);
  return {text, starts, words};
}"""


def old_breaks(word: str) -> str:
    """The fault: a <wbr/> every 16 characters of a long word, whatever the script."""
    return "<wbr/>".join(word[index:index + 16] for index in range(0, len(word), 16))


def epub_lines(tmp_path, language: str, name: str) -> dict:
    title, text = ARTICLES[language]
    article = write_article(tmp_path, f"{name}.md", f"---\ntitle: {title}\nlanguage: {language}\n---\n\n{text}\n")
    assert main([str(article), "-o", str(tmp_path / name), "-j", "1", "--no-check"]) == 0
    unpacked = tmp_path / f"{name}-epub"
    zipfile.ZipFile(tmp_path / name / f"{name}.epub").extractall(unpacked)
    page = unpacked / "EPUB" / f"{name}.xhtml"
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            tab = browser.new_page(viewport={"width": 360, "height": 800})
            tab.goto(page.as_uri())
            return tab.evaluate(LINES)
        finally:
            browser.close()


def test_a_thai_paragraph_breaks_only_between_words_on_a_phone(tmp_path, monkeypatch):
    laid = epub_lines(tmp_path, "th", "whole")
    assert laid["starts"], "the paragraph fits one line: nothing to see"
    assert set(laid["starts"]) <= set(laid["words"]), laid
    monkeypatch.setattr(line_breaks, "with_breaks", old_breaks)
    torn = epub_lines(tmp_path, "th", "torn")
    assert set(torn["starts"]) - set(torn["words"]), torn  # the fault: a line starts inside a word


def test_no_japanese_line_starts_with_closing_punctuation_on_a_phone(tmp_path):
    laid = epub_lines(tmp_path, "ja", "kinsoku")
    assert laid["starts"]
    assert [laid["text"][start] for start in laid["starts"] if laid["text"][start] in "。、」）"] == []
