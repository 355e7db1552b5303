"""The EPUB on narrow screens: words break at the language's hyphenation points, wide tables
read as records under their column heads, and the EPUB check looks at a phone as well as a
6-inch reader, the media queries of the styles applied as those screens apply them."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, write_article

from handout.check.boxes import walk_boxes
from handout.check.epub import open_epub
from handout.check.epub_screen import SCREENS, EpubFetcher, for_width, lay_out_page, small_screen_layout
from handout.cli import main
from handout.write.engine import boxes as B
from handout.write.engine import weasyprint

PHONE = next(screen for screen in SCREENS if "phone" in screen[0])
GOOD = sorted((ROOT / "tests" / "fixtures" / "good").glob("*.md"))
WIDE = """---
title: Feeling Unreal
---

Dissociation is a way the mind protects itself.

## Kinds of feeling unreal

Table: What each experience is like

| Experience | What it feels like | How common | What helps |
| --- | --- | --- | --- |
| Derealisation | The world looks flat, foggy or dreamlike | Very common under stress | Naming five things you see |
| Depersonalisation | Watching yourself from outside | Common | Cold water on the hands |
| Absorption | Losing track of time in a task | Almost universal | |
"""


def unhyphenated_breaks(document) -> list[str]:
    """Words split between two lines of a block with no hyphen at the split ('derealisati/on');
    words longer than 24 letters (given break points every 16) and URLs may wrap anywhere."""
    splits = []
    for block in walk_boxes(document.pages[0]._page_box):
        lines = [child for child in getattr(block, "children", ()) if isinstance(child, B.LineBox)]
        if len(lines) < 2 or block.element is None:
            continue
        words = set(re.findall(r"\w+", "".join(block.element.itertext())))
        texts = ["".join(box.text for box in walk_boxes(line) if isinstance(box, B.TextBox)) for line in lines]
        for first, second in zip(texts, texts[1:]):
            tail, head = re.search(r"(\w*)$", first.rstrip()).group(1), re.match(r"\w*", second).group()
            # A break at a space leaves two words; inside a word, the two halves make one of its words.
            split = tail and head and any(tail + head in word for word in words)
            if split and not first.endswith(("-", "\u2010", "\u00ad")) and len(tail + head) <= 24:
                splits.append(f"{tail}/{head}")
    return splits


def phone_pages(epub: bytes, css: str = ""):
    content = open_epub(epub)
    fetcher = EpubFetcher(content.files, PHONE[2])
    return [lay_out_page(name, page.replace(b"</head>", f"<style>{css}</style></head>".encode()) if css else page,
                         fetcher, PHONE[1].replace("2000mm", "20000px"))
            for name, page in content.pages if "nav" not in name]


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("narrow")
    write_article(folder, "wide.md", WIDE)
    for article in GOOD:
        (folder / article.name).write_bytes(article.read_bytes())
    shutil.copytree(GOOD[0].parent / "images", folder / "images")  # the figures' pictures
    assert main([str(folder), "-o", str(folder / "out"), "-j", "1"]) == 0
    return folder / "out"


@pytest.mark.slow
def test_no_word_breaks_without_a_hyphen_on_a_phone(built):
    for epub in sorted(built.glob("*.epub")):
        for document in phone_pages(epub.read_bytes()):
            assert unhyphenated_breaks(document) == [], epub.name


@pytest.mark.parametrize("hyphens, bare", [("manual", True), ("auto", False)])
def test_the_break_finder_finds_a_word_split_without_a_hyphen(hyphens, bare):
    """A column too narrow for 'Derealisation' splits it bare unless hyphenation is on."""
    html = (f'<html lang="en"><p style="width: 22mm; font-size: 14pt; hyphens: {hyphens}; '
            'overflow-wrap: break-word">Derealisation and depersonalisation</p></html>')
    found = unhyphenated_breaks(weasyprint.HTML(string=html).render())
    assert bool(found) is bare, found


def test_a_wide_table_reads_as_records_on_narrow_screens_and_as_a_table_on_wide_ones(built):
    views = small_screen_layout(open_epub((built / "wide.epub").read_bytes()))
    assert [view.screen for view in views] == ["6-inch screen", "phone (360 px)"]
    assert all(view.stacked for view in views)
    text = views[1].text()
    assert re.search(r"Experience\s+Derealisation\s+What it feels like\s+The world looks flat", text)
    assert "What helps Naming five things" in text and "What helps Cold water" in text
    assert "Absorption" in text and not re.search(r"Almost universal\s+What helps", text)  # empty cell: no head
    css = (ROOT / "styles" / "epub.css").read_text(encoding="utf-8")
    assert for_width(css, 1200)[1] is False and "table.stack" not in for_width(css, 1200)[0]
    assert for_width(css, 360)[1] is True


def test_a_cell_hidden_only_on_narrow_screens_is_caught(tmp_path, capsys):
    article = write_article(tmp_path, "wide.md", WIDE)
    css = tmp_path / "narrow.css"
    css.write_text("@media (max-width: 36em) { table.stack > tbody > tr > td:nth-child(2) { visibility: hidden; } }\n",
                   encoding="utf-8")
    assert main([str(article), "-o", str(tmp_path / "out"), "--css", str(css), "-j", "1"]) == 1
    err = capsys.readouterr().err
    assert "EPUB on a 6-inch screen: table cell (row 1, column 2) missing" in err


def test_the_phone_is_laid_out_apart_when_a_media_query_sets_it_apart(tmp_path, capsys):
    article = write_article(tmp_path, "wide.md", WIDE)
    css = tmp_path / "narrow.css"
    css.write_text("@media (max-width: 350px) { p { visibility: hidden; } }\n", encoding="utf-8")
    assert main([str(article), "-o", str(tmp_path / "out"), "--css", str(css), "-j", "1"]) == 1
    assert "EPUB on a 6-inch screen: paragraph missing" in capsys.readouterr().err
    reader, phone = small_screen_layout(open_epub((tmp_path / "out" / "wide.failed.epub").read_bytes()))
    assert reader.styles != phone.styles
    assert "Dissociation is a way" not in reader.text() and "Dissociation is a way" in phone.text()
