"""A 2,000-row table in print: its header row on every page, every row printed once."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from conftest import ROOT, write_article

from handout.check import measure_print as measure
from handout.cli import main

FAULTS = ROOT / "tests" / "faults"


def long_table_article(rows: int) -> str:
    body = "".join(f"| R{number:04d} | Item {number} of the long list, on one line |\n"
                   for number in range(1, rows + 1))
    return ("---\ntitle: A Very Long Table\n---\n\nA table that runs over many pages.\n\n"
            "## The list\n\n| Number | Description |\n| --- | --- |\n" + body)


def printed_pages(folder: Path, rows: int, *options: str) -> list[str]:
    """Build a table of `rows` rows and return the text of each PDF page."""
    article = write_article(folder, "long.md", long_table_article(rows))
    # Checked here from the PDF's text alone (the build's own checks are skipped to halve the time).
    assert main([str(article), "-o", str(folder / "out"), "--no-check", *options]) == 0
    return measure.page_texts((folder / "out" / "long.pdf").read_bytes())


def pages_without_header(pages: list[str]) -> list[int]:
    return [page for page, text in enumerate(pages, 1) if not re.search(r"Number\s+Description", text)]


def row_counts(pages: list[str]) -> Counter:
    return Counter(int(label) for text in pages for label in re.findall(r"\bR(\d{4})\b", text))


@pytest.mark.slow
def test_long_table_repeats_its_header_and_keeps_every_row(tmp_path):
    pages = printed_pages(tmp_path, 2000)
    assert len(pages) > 20
    assert pages_without_header(pages) == []
    counts = row_counts(pages)
    assert sorted(counts) == list(range(1, 2001)) and set(counts.values()) == {1}


def test_missing_header_and_lost_row_are_seen(tmp_path):
    """The two measurements above fail when the header stops repeating or a row goes missing."""
    pages = printed_pages(tmp_path, 120, "--css", str(FAULTS / "header-not-repeated.css"),
                          "--css", str(FAULTS / "hide-last-row.css"))
    assert len(pages) > 2 and pages_without_header(pages) == list(range(2, len(pages) + 1))
    assert sorted(row_counts(pages)) == list(range(1, 120))
