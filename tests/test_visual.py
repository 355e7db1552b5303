"""Visual checks: the seed's pages rendered to small greyscale images and compared with approved ones.

A style change that moves the layout shows up as a difference larger than the tolerance. After
a deliberate design change, look at the new pages, then re-approve them:

    UPDATE_VISUAL=1 .venv/bin/pytest tests/test_visual.py

which rewrites tests/visual/approved/*.png (50 dpi greyscale, a few kilobytes each)."""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from conftest import ROOT, isolated_seed, settings_of
from PIL import Image, ImageChops, ImageStat

from handout.read.article import read_article
from handout.sandbox import Sandbox
from handout.write.fit import lay_out_article
from handout.write.pdf import write_pdf

APPROVED = ROOT / "tests" / "visual" / "approved"
DPI = 50
# Mean absolute difference per pixel, in grey levels (0-255). Re-rendering the same PDF gives
# 0; moving one heading by a line gives about 2; losing the side-head grid gives over 5.
TOLERANCE = 1.0
CASES = {  # name: (page size, variant, pages compared)
    "seed-a4": ("A4", "standard", 2),
    "seed-letter": ("Letter", "standard", 2),
    "seed-large-print-a4": ("A4", "large-print", 1),
}
UPDATE = os.environ.get("UPDATE_VISUAL") == "1"


@pytest.fixture(scope="module")
def seed(tmp_path_factory) -> Path:
    """The seed in a folder of its own (see conftest.isolated_seed)."""
    return isolated_seed(tmp_path_factory, "visual")


@lru_cache(maxsize=None)
def page_images(path: Path, page_size: str, variant: str, css: tuple[Path, ...] = ()) -> list[Image.Image]:
    """The article's print pages as greyscale images at DPI."""
    article, _ = read_article(path, str(path))
    settings = settings_of(path, article.meta, variant=variant, css=css, page_size=page_size)
    document, _ = lay_out_article(article, settings, Sandbox.for_article(path.parent, css))
    pdf = pdfium.PdfDocument(write_pdf(document, "none"))
    return [page.render(scale=DPI / 72, grayscale=True).to_pil().convert("L") for page in pdf]


def difference(first: Image.Image, second: Image.Image) -> float:
    """Mean absolute difference per pixel in grey levels; pages of another size differ by 255."""
    if first.size != second.size:
        return 255.0
    return ImageStat.Stat(ImageChops.difference(first, second)).mean[0]


def approved(name: str, number: int) -> Path:
    return APPROVED / f"{name}-{number}.png"


@pytest.mark.parametrize("name", CASES)
def test_pages_look_as_approved(seed, name, tmp_path):
    page_size, variant, count = CASES[name]
    images = page_images(seed, page_size, variant)
    for number, image in enumerate(images[:count], 1):
        if UPDATE:
            APPROVED.mkdir(parents=True, exist_ok=True)
            image.save(approved(name, number), optimize=True)
            continue
        assert approved(name, number).is_file(), f"no approved image; run UPDATE_VISUAL=1 pytest {__file__}"
        reference = Image.open(approved(name, number)).convert("L")
        change = difference(image, reference)
        if change > TOLERANCE:  # keep what was seen, for a person to look at
            image.save(tmp_path / f"{name}-{number}.png")
            ImageChops.difference(image, reference).save(tmp_path / f"{name}-{number}-diff.png")
        assert change <= TOLERANCE, f"page {number} of {name} differs by {change:.2f} (see {tmp_path})"


@pytest.mark.parametrize("fault, least", [
    (".subsection > h3, .faq-question { float: none; margin-left: 0; }", 3.0),  # side heads lost
    ("h2 { margin-top: 12mm; }", TOLERANCE),  # sections pushed down the page
    (".quick-answer { border: none; }", TOLERANCE),  # the boxed summary loses its box
])
def test_style_change_breaks_the_comparison(seed, tmp_path, fault, least):
    css = tmp_path / "fault.css"
    css.write_text(fault, encoding="utf-8")
    image = page_images(seed, "A4", "standard", (css,))[0]
    assert difference(image, Image.open(approved("seed-a4", 1)).convert("L")) > least
