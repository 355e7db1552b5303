"""The seed, end to end: every sentence, table cell and FAQ item of the seed text, found by
parsers independent of the build (poppler's pdftotext or pypdf; zipfile + html.parser)."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from html.parser import HTMLParser
from io import BytesIO

import pytest
from conftest import SEED_TEXT
from pypdf import PdfReader


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def seed_pieces() -> list[str]:
    """Sentences of prose lines and cells of table lines, straight from the seed text."""
    pieces = []
    for line in SEED_TEXT.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line == "Table of Contents":  # the placeholder for the generated contents
            continue
        if line.startswith("|"):
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            pieces += [cell.removeprefix("QUICK ANSWER ").strip() for cell in cells if cell]
        else:
            pieces += re.split(r"(?<=[.?!])\s+", line)
    return [piece for piece in pieces if piece]


def pdf_text(path) -> str:
    if shutil.which("pdftotext"):
        return subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True,
                              check=True).stdout
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


class TextCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)


def epub_text(path) -> str:
    collector = TextCollector()
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if name.endswith(".xhtml") and not name.endswith("nav.xhtml"):
                collector.feed(archive.read(name).decode("utf-8"))
    return "".join(collector.parts)


def test_seed_has_pieces_to_find():
    pieces = seed_pieces()
    assert len(pieces) > 40 and "Pattern is consistent across multiple relationships" in pieces


@pytest.mark.parametrize("reader, suffix", [(pdf_text, "pdf"), (epub_text, "epub")])
def test_every_seed_sentence_and_cell_is_in_the_output(seed_build, reader, suffix):
    text = squash(reader(seed_build / f"trust-issues.{suffix}"))
    missing = [piece for piece in seed_pieces() if squash(piece) not in text]
    assert missing == []


def test_pypdf_agrees_on_the_table_cells(seed_build):
    # A second PDF parser, so a quirk of one cannot hide a missing cell.
    text = squash("".join(page.extract_text() for page in PdfReader(seed_build / "trust-issues.pdf").pages))
    cells = [piece for piece in seed_pieces() if len(piece) < 80]
    assert [cell for cell in cells if squash(cell) not in text] == []


def test_outputs_exist_and_are_what_they_claim(seed_build):
    pdf = (seed_build / "trust-issues.pdf").read_bytes()
    assert pdf.startswith(b"%PDF-")
    reader = PdfReader(BytesIO(pdf))
    assert reader.metadata.title.startswith("Trust Issues")
    with zipfile.ZipFile(seed_build / "trust-issues.epub") as archive:
        first = archive.infolist()[0]
        assert (first.filename, first.compress_type) == ("mimetype", zipfile.ZIP_STORED)
        assert archive.read("mimetype") == b"application/epub+zip"
