"""The adversarial corpus (tests/adversarial/): every hostile or broken input with its expected outcome."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_end_to_end import epub_text, pdf_text

from handout.cli import main

CORPUS = Path(__file__).parent / "adversarial"

# file: (exit status, line of the first expected message or None, message substring or
#        text that must appear in both outputs when the build succeeds)
EXPECTED = {
    "alias.md": (1, 4, "YAML aliases (*name) are not allowed in front matter"),
    "bad-date.md": (1, 3, "'date': '2026-02-30' is not a real date"),
    "bad-language.md": (1, 3, "'language': 'english' is not a language tag"),
    "bom.md": (0, None, ["Byte order mark", "bom-text survives."]),
    "broken-image.md": (1, 7, "image 'broken-image.png' could not be read as an image"),
    "control-escape.md": (1, 7, "character U+001B (escape, a control character) at column 5"),
    "control-in-title.md": (1, 2, "character U+0008 (backspace, a control character) cannot be printed"),
    "crlf.md": (0, None, ["Windows line endings", "crlf-cell"]),
    "deep-list-ok.md": (0, None, [f"level{i}" for i in range(12)]),
    # At the nesting limit every word is still there, in both outputs.
    "deep-fifteen.md": (0, None, ["quote-depth-15"] + [f"L{i}" for i in range(15)]),
    "deep-quote.md": (1, 7, "quotes and lists are nested more than 15 levels deep"),
    "duplicate-key.md": (1, 4, "duplicate key 'title' on lines 2 and 4"),
    "empty-cells.md": (0, None, ["only-middle", "last-only"]),
    "empty.md": (1, None, "file is empty"),
    "faq-empty-answer.md": (1, 7, "FAQ question 'Is this answered?' has no answer"),
    "html-injection.md": (0, None, ["<script>alert('script-tag')</script>", '<div onclick="evil()">div-text</div>',
                                    "<b>bold-tag</b>", "<style>body { display: none }</style>",
                                    '<iframe src="http://127.0.0.1:9/"></iframe>']),
    # A row taller than half a page may split over pages (kept whole, it would leave the page
    # before it half empty); every word is still printed, once.
    "huge-cell.md": (0, None, ["huge-cell-word0 ", "huge-cell-word200 ", "huge-cell-word399"]),
    "image-escape.md": (1, 7, "image '/etc/passwd' refused: outside the article's folder"),
    "inline-nesting.md": (0, None, ["star-core", "bracket-core", "tick-core"]),
    "launch-link.md": (1, 5, "link 'launch:/bin/sh' is refused"),
    "latin1.md": (1, 2, "not valid UTF-8 at byte offset 14 (byte 0xe9)"),
    "list-for-text.md": (1, 3, "'author' must be text, not a list"),
    "nul.md": (1, 5, "file contains a NUL byte"),
    "only-front-matter.md": (0, None, ["Only front matter"]),
    "ragged-table.md": (1, 9, "table row has 3 cells but the header has 2"),
    # Hebrew with Arabic and English in its lines, and a right-to-left override in a cell: it
    # builds (its own faces, right to left), every letter found in the text layer.
    "relative-link.md": (1, 7, "link '../../../etc/passwd' is a link to a file"),
    "rtl.md": (0, None, ["mixed with English", "Right to left"]),
    "scripted-svg.md": (1, 5, "image 'scripted.svg' refused: the SVG has an event handler (onload=...)"),
    "tabs-in-yaml.md": (1, 3, "YAML does not allow tabs for indentation"),
    "template-injection.md": (0, None, ["{{ 7*7 }} title", "{{ article.meta }}",
                                        "{% for x in range(3) %}loop{% endfor %}", "${7*7}",
                                        "#{7*7}", "{%- if true %}yes{% endif %}", "{% raw %}quick {{ config }}"]),
    "title-1984.md": (0, None, ["1984", "Orwell-text."]),
    "title-no.md": (0, None, ["no", "Norway-text."]),
    "unclosed-front-matter.md": (1, 1, "front matter is not closed"),
    "unknown-key.md": (1, 3, "unknown front matter key 'titel'; did you mean 'title'?"),
    "unsafe-links.md": (0, None, ["[js-link](javascript:alert(1))", "[vb-link](vbscript:msgbox(1))",
                                  "[data-link](data:text/html;base64,PHNjcmlwdD4=)",
                                  "[mixed-case](JaVaScRiPt:alert(1))", "[file-link](file:///etc/passwd)",
                                  "<javascript:alert(2)>"]),
    "zero-width.md": (0, None, ["zero", "joiner", "bom-inside"]),
}


def squash(text: str) -> str:
    """Text without whitespace and invisible format characters, as a reader would compare it."""
    return re.sub(r"[\s\u00ad\u200b-\u200d\u2060\ufeff]+", "", text)


def test_every_corpus_file_has_an_expectation():
    assert sorted(path.name for path in CORPUS.glob("*.md")) == sorted(EXPECTED)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_corpus_file_has_its_expected_outcome(name, tmp_path, capsys):
    status, line, expected = EXPECTED[name]
    source = CORPUS / name
    assert main([str(source), "-o", str(tmp_path), "-j", "1"]) == status
    err = capsys.readouterr().err
    assert "Traceback" not in err and "internal error" not in err
    if status:
        where = f"{source}:{line}" if line else str(source)
        assert f"{where}: error: " in err and expected in err, err
        assert not (tmp_path / f"{source.stem}.pdf").exists()
        return
    pdf, epub = squash(pdf_text(tmp_path / f"{source.stem}.pdf")), squash(epub_text(tmp_path / f"{source.stem}.epub"))
    for text in expected:
        assert squash(text) in pdf, f"{text!r} missing from the PDF"
        assert squash(text) in epub, f"{text!r} missing from the EPUB"


def test_unsafe_links_are_not_links(tmp_path):
    assert main([str(CORPUS / "unsafe-links.md"), "-o", str(tmp_path), "-j", "1", "--no-check"]) == 0
    page = epub_page(tmp_path / "unsafe-links.epub")
    assert "<a " not in page.split("<body", 1)[1]
    assert "<script" not in page


def test_raw_html_is_escaped_not_passed_through(tmp_path):
    assert main([str(CORPUS / "html-injection.md"), "-o", str(tmp_path), "-j", "1", "--no-check"]) == 0
    body = epub_page(tmp_path / "html-injection.epub").split("<body", 1)[1]
    assert "&lt;script&gt;" in body
    for tag in ("<script", "<div onclick", "<iframe", "<style", "<img src=\"x\""):
        assert tag not in body


def epub_page(path: Path) -> str:
    import zipfile
    with zipfile.ZipFile(path) as archive:
        name = next(n for n in archive.namelist() if n.endswith(".xhtml") and "nav" not in n and "cover" not in n)
        return archive.read(name).decode("utf-8")
