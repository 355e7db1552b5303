"""What poppler sees on the PDF's pages: the words printed where, and the ink under them."""

from __future__ import annotations

import html
import re
import subprocess
import tempfile
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .words import MARKER, covered, squash, squash_text, tokens

MM = 72 / 25.4  # PDF points per millimetre
# The print design's top and bottom page margins (styles/print.css, styles/large-print.css), in mm:
# the running footer lives in the bottom margin, and a row's height is measured against the rest.
MARGINS = {"standard": (13, 17), "large-print": (14, 22), "epub": (4, 0)}  # epub: the campaign's own 6-inch print
WORD_TAG = re.compile(r'<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)">(.*?)</word>')
PAGE_TAG = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">')


@dataclass(frozen=True)
class Word:
    """One word poppler found on a page, and where."""

    page: int  # 0-based
    x0: float  # PDF points, y down from the page's top (pdftotext -bbox)
    y0: float
    x1: float
    y1: float
    text: str
    toks: tuple[str, ...]


@dataclass
class PdfText:
    """The pages' sizes and the words printed on them."""

    sizes: list[tuple[float, float]]  # (width, height) of each page
    words: list[Word]  # words printed inside the page, running footer left out, in drawing order

    def counts(self) -> Counter:
        """How often each token is printed."""
        return Counter(token for word in self.words for token in word.toks)

    @property
    def squashed(self) -> str:
        """All the printed text, squashed, in the order it is drawn."""
        # A cell's or a paragraph's lines come one after another: a word broken between two lines comes out whole.
        if not hasattr(self, "_squashed"):
            self._squashed = "".join(squash(word.text) for word in self.words if not MARKER.fullmatch(word.text))
        return self._squashed

    def page_words(self, page: int) -> list[Word]:
        """The words printed on page `page` (0-based)."""
        return [word for word in self.words if word.page == page]


@lru_cache(maxsize=64)
def pdf_text(path: str, variant: str) -> PdfText:
    """The words poppler finds on the pages in drawing order (-raw), less the running footer's
    and a large-print table's caption repeated in the top margin."""
    out = subprocess.run(["pdftotext", "-raw", "-bbox", path, "-"], capture_output=True, text=True, check=True).stdout
    sizes, words = [], []
    top, bottom = (side * MM for side in MARGINS[variant])
    for index, chunk in enumerate(out.split("<page ")[1:]):
        size = PAGE_TAG.match("<page " + chunk)
        width, height = float(size[1]), float(size[2])
        sizes.append((width, height))
        for match in WORD_TAG.finditer(chunk):
            x0, y0, x1, y1 = (float(match[n]) for n in range(1, 5))
            text = html.unescape(match[5])
            centre_x, centre_y = (x0 + x1) / 2, (y0 + y1) / 2
            if 0 <= centre_x <= width and top <= centre_y <= height - bottom:
                words.append(Word(index, x0, y0, x1, y1, text, tuple(tokens(text))))
    return PdfText(sizes, words)


def count_pieces(pieces: list[str], clean: str, fault: str) -> tuple[int, int, int]:
    """(characters of `pieces` printed fewer times in `fault` than in `clean`, more times, in all)."""
    # Each piece (a cell, a paragraph, a fragment) is looked for whole, squashed.
    fewer = more = total = 0
    for piece, times in Counter(squash_text(piece) for piece in pieces if squash_text(piece)).items():
        before, after = clean.count(piece), fault.count(piece)
        fewer += len(piece) * min(times, max(0, before - after))
        more += len(piece) * min(times, max(0, after - before))
        total += len(piece) * times
    return fewer, more, total


def lost(pieces: list[str], clean: PdfText, fault: PdfText, share: float) -> tuple[bool, str]:
    """Whether the target's texts are gone from the printed pages (compared with the clean build)."""
    fewer, _, total = count_pieces(pieces, clean.squashed, fault.squashed)
    return total > 0 and fewer >= share * total, \
        f"{fewer} of the target's {total} characters ({len(pieces)} texts) no longer printed whole on any page"


def gained(pieces: list[str], clean: PdfText, fault: PdfText) -> tuple[bool, str]:
    """Whether the texts are printed once more than in the clean build."""
    _, more, total = count_pieces(pieces, clean.squashed, fault.squashed)
    return total > 0 and more >= 0.9 * total, f"{more} of the {total} repeated characters printed once more"


@lru_cache(maxsize=16)
def raster(path: str, pages: int):
    """Each page as a 72 dpi greyscale image (one pixel per point), rendered by poppler."""
    from PIL import Image
    with tempfile.TemporaryDirectory(prefix="mutate-raster-") as folder:
        subprocess.run(["pdftoppm", "-r", "72", "-gray", path, f"{folder}/p"], check=True, capture_output=True)
        files = sorted(Path(folder).glob("p-*.pgm"), key=lambda name: int(name.stem.split("-")[-1]))
        return [Image.open(name).copy() for name in files[:pages]]


def faint_words(path: str, text: PdfText, mode: str) -> Counter:
    """Words printed with (nearly) no ink ('light'), on an ink-dark ground ('dark') or under 5 pt ('tiny')."""
    # light: no pixel darker than 200 of 255 in the word's box; dark: no pixel lighter than 60 in
    # the middle of its box; tiny: a box under 6.5 pt tall, 1.36 times the font size.
    found: Counter = Counter()
    if mode == "tiny":
        for word in text.words:
            if word.y1 - word.y0 < 6.5:
                found.update(word.toks)
        return found
    images = raster(path, len(text.sizes))
    for word in text.words:
        image = images[word.page]
        top, bottom = word.y0, word.y1
        if mode == "dark":  # the box of a line's glyphs may reach past a paragraph's background
            top, bottom = top + (bottom - top) * 0.3, bottom - (bottom - top) * 0.3
        box = (int(word.x0), int(top), max(int(word.x0) + 1, int(round(word.x1))),
               max(int(top) + 1, int(round(bottom))))
        darkest, lightest = image.crop(box).getextrema()
        if (mode == "light" and darkest >= 200) or (mode == "dark" and lightest <= 60):
            found.update(word.toks)
    return found


def unreadable(wanted: Counter, clean: PdfText, fault: PdfText, clean_pdf: str, fault_pdf: str, mode: str) -> int:
    """How many of the wanted words the fault made faint (or tiny), or left out of the text."""
    # Text drawn fully transparent may be left out of the text altogether.
    faint = faint_words(fault_pdf, fault, mode) - faint_words(clean_pdf, clean, mode)
    return covered(wanted, faint + (clean.counts() - fault.counts()))


def lines_of(words: list[Word]) -> list[list[Word]]:
    """Words grouped into printed lines (tops within 2 pt), top to bottom."""
    lines: list[list[Word]] = []
    for word in sorted(words, key=lambda word: (word.y0, word.x0)):
        if lines and abs(lines[-1][0].y0 - word.y0) < 2:
            lines[-1].append(word)
        else:
            lines.append([word])
    return lines


def stranded_at(text: PdfText, lead: list[str], extra: list[str]) -> tuple[bool, str]:
    """Whether the lead-in's words are the last thing printed on a page that is not the last."""
    allowed = set(lead) | set(extra)
    wanted = Counter(lead)
    for page in range(len(text.sizes) - 1):
        bottom: Counter = Counter()
        for line in reversed(lines_of(text.page_words(page))):
            words = [token for word in line for token in word.toks]
            if not set(words) <= allowed:
                break
            bottom.update(words)
        if wanted and covered(wanted, bottom) == sum(wanted.values()):
            return True, f"the lead-in's words are the last lines of page {page + 1}"
    return False, "no page ends with the lead-in's words"


def positions(text: PdfText, sequences: list[str]) -> list[tuple[int, float] | None]:
    """(page, top) where each text is printed whole (None: nowhere), looked for squashed."""
    # Longer texts pick first, so a question that begins another ("Why do I push people away?")
    # is not found inside it.
    squashed, owners = "", []
    for word in text.words:
        piece = "" if MARKER.fullmatch(word.text) else squash(word.text)
        squashed += piece
        owners += [word] * len(piece)
    claimed: set[int] = set()
    found: list[tuple[int, float] | None] = [None] * len(sequences)
    for index in sorted(range(len(sequences)), key=lambda index: -len(squash_text(sequences[index]))):
        needle = squash_text(sequences[index])
        start = squashed.find(needle)
        while start >= 0 and start in claimed:
            start = squashed.find(needle, start + 1)
        if needle and start >= 0:
            claimed.add(start)
            found[index] = (owners[start].page, owners[start].y0)
    return found


def reordered(clean: PdfText, fault: PdfText, questions: list[str]) -> tuple[bool, str]:
    """Whether the questions are printed in another order than written, or some not at all."""
    # A question no longer printed counts too: the reordering lost it, which the same checks must report.
    before = positions(clean, questions)
    if any(place is None for place in before) or sorted(before) != before:
        return False, "the clean build's questions could not be placed in order (cannot compare)"
    found = positions(fault, questions)
    gone = [index + 1 for index, place in enumerate(found) if place is None]
    placed = [index for index, place in enumerate(found) if place is not None]
    order = sorted(placed, key=lambda index: found[index])
    said = f"questions printed in the order {[index + 1 for index in order]}"
    if gone:
        said += f"; questions {gone} not printed at all"
    return bool(gone) or order != placed, said


def split_records(text: PdfText, sequences: list[list[str]], lines: list[int]) -> list[tuple[int, int, float]]:
    """(line, page, height) of each record that runs from the foot of a page onto the next."""
    # height: the record's share of the printable page height, as for table rows.
    pages = [[(token, word) for word in text.page_words(page) for token in word.toks]
             for page in range(len(text.sizes))]
    top, bottom = MARGINS["large-print"]
    found = []
    for sequence, line in zip(sequences, lines):
        size = len(sequence)
        for page in range(len(pages) - 1):
            here, there = pages[page], pages[page + 1]
            split = next((k for k in range(1, size) if [t for t, _ in here[-k:]] == sequence[:k]
                          and [t for t, _ in there[:size - k]] == sequence[k:]), 0)
            if split:
                parts = [[word for _, word in here[-split:]], [word for _, word in there[:size - split]]]
                height = sum(max(w.y1 for w in part) - min(w.y0 for w in part) for part in parts) + 3 * MM
                found.append((line, page + 1, height / (text.sizes[page][1] - (top + bottom) * MM)))
                break
    return found
