"""What a clinician's handout reaches for, in both outputs and under the checks: footnotes,
links on paper, callouts, figures with captions, review dates and the practice's colophon.
(Smart punctuation: test_smart_punctuation.py; bad input: tests/fixtures/bad/.)"""

from __future__ import annotations

import io
import shutil
import zipfile

import pytest
from conftest import ROOT, write_article
from pypdf import PdfReader

from handout.cli import main

FIXTURE = ROOT / "tests" / "fixtures" / "good" / "safety-plan.md"


@pytest.fixture(scope="module")
def practice(tmp_path_factory):
    """The fixture in a practice's folder (handout.yaml: name and contact), built once."""
    folder = tmp_path_factory.mktemp("practice")
    shutil.copy(FIXTURE, folder / FIXTURE.name)
    shutil.copytree(FIXTURE.parent / "images", folder / "images")
    (folder / "handout.yaml").write_text("practice: Riverside Counselling\ncontact: 01234 567890\n", encoding="utf-8")
    assert main([str(folder / FIXTURE.name), "-o", str(folder / "out"), "-j", "1"]) == 0
    return folder


def pdf_pages(folder) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(folder / "out" / "safety-plan.pdf").pages]


def epub_files(folder) -> dict[str, str]:
    archive = zipfile.ZipFile(io.BytesIO((folder / "out" / "safety-plan.epub").read_bytes()))
    return {name: archive.read(name).decode("utf-8", "replace") for name in archive.namelist()}


def test_footnotes_sit_at_the_foot_of_the_page_that_calls_them(practice):
    pages = pdf_pages(practice)
    for call, note in (("in the moment.1", "1. Stress narrows attention"),
                       ("move to the next.2", "2. The steps go from what you can do alone"),
                       ("how to help.3", "3. Sharing is your choice")):
        [page] = [index for index, text in enumerate(pages) if note in text]
        assert call in pages[page], (call, page)
        assert pages[page].index(note) > pages[page].index(call)  # under the text, at the page's foot


def test_footnotes_are_pop_up_notes_in_the_epub(practice):
    page = epub_files(practice)["EPUB/safety-plan.xhtml"]
    assert page.count('epub:type="noteref"') == 3 and page.count('epub:type="footnote"') == 3
    assert 'href="#fn-1" id="fnref-1"' in page and 'href="#fnref-1" role="doc-backlink"' in page


def test_links_print_their_address_on_paper_and_stay_live_in_the_epub(practice):
    text = " ".join(pdf_pages(practice))
    assert "Samaritans (116123)" in text and "Find your practice (www.nhs.uk/service-search/find-a-gp)" in text
    assert "Arnsten (2009) (doi.org/10.1038/nrn2648)" in text  # inside a footnote too
    page = epub_files(practice)["EPUB/safety-plan.xhtml"]
    assert 'href="tel:116123"' in page and "(116123)" not in page


def test_callouts_figures_dates_and_colophon_in_both_outputs(practice):
    text = " ".join(pdf_pages(practice))
    for words in ("CAUTION If you might act", "TIP Write the plan", "NOTE Your therapist", "IMPORTANT Go straight",
                  "The plan goes step by step", "Reviewed 14 October 2026 · Review by 14 October 2099"):
        assert words in text, words
    files = epub_files(practice)
    page = files["EPUB/safety-plan.xhtml"]
    assert page.count('role="note"') == 4 and '<p class="callout-label">Caution</p>' in page
    assert "<figcaption>The plan goes step by step: try each one before the next</figcaption>" in page
    assert "Reviewed 14 October 2026" in page and '<footer class="colophon">' in page
    opf = files["EPUB/content.opf"]
    assert "<dc:publisher>Riverside Counselling</dc:publisher>" in opf and "<dc:date>2026-10-14</dc:date>" in opf
    assert PdfReader(practice / "out" / "safety-plan.pdf").metadata["/CreationDate"] == "D:20261014"


FAULTS = {  # CSS that hides one feature -> what the checks must say
    ".footnote { display: none; }": "PDF: footnote 1 missing",
    "aside.footnote { display: none; }": "EPUB on a 6-inch screen: footnote 1 missing",
    ".callout-caution { visibility: hidden; }": "paragraph missing",
    "a[data-print]::after { content: none; }": "PDF: paragraph missing in the text layer",
    "figcaption { display: none; }": "figure caption missing",
    ".colophon { display: none; }": "EPUB on a 6-inch screen: colophon missing",
    ".review-dates { color: white; }": "text 'Reviewed 14 October 2026' is invisible",
}


@pytest.mark.slow
@pytest.mark.parametrize("css, message", FAULTS.items(), ids=list(FAULTS.values()))
def test_a_hidden_feature_is_caught(practice, tmp_path, capsys, css, message):
    sheet = tmp_path / "fault.css"
    sheet.write_text(css + "\n", encoding="utf-8")
    code = main([str(practice / FIXTURE.name), "-o", str(tmp_path / "out"), "--css", str(sheet), "-j", "1"])
    err = capsys.readouterr().err
    assert code == 1 and message in err, err


def test_labels_and_dates_follow_the_language(tmp_path):
    path = write_article(tmp_path, "de.md", "---\ntitle: Schlaf\nlanguage: de\ndate: 2026-10-01\n---\n\n"
                                            "> [!WARNING]\n> Nicht allein bleiben.\n")
    assert main([str(path), "-o", str(tmp_path / "out"), "-j", "1"]) == 0
    text = " ".join(page.extract_text() for page in PdfReader(tmp_path / "out" / "de.pdf").pages)
    assert "Geprüft am 1. Oktober 2026" in text and "WARNUNG" in text


def test_a_chapter_keeps_its_own_language_s_callout_labels_in_a_book(tmp_path):
    """Found by the soak: a German chapter of an English book printed 'NOTE', which its checks
    (in German) rightly called stray text."""
    write_article(tmp_path, "de.md", "---\ntitle: Schlaf\nlanguage: de\n---\n\n> [!NOTE]\n> Nicht allein bleiben.\n")
    write_article(tmp_path, "en.md", "---\ntitle: Sleep\n---\n\n> [!NOTE]\n> Stay with someone.\n")
    (tmp_path / "book.yaml").write_text("title: Two languages\nlanguage: en\narticles:\n  - en.md\n  - de.md\n",
                                        encoding="utf-8")
    assert main([str(tmp_path / "book.yaml"), "-o", str(tmp_path / "out"), "-j", "1"]) == 0
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(tmp_path / "out" / "book.pdf").pages)
    assert "NOTE Stay with someone" in text and "HINWEIS Nicht allein bleiben" in text


@pytest.mark.parametrize("variant, points", [("standard", 10.5), ("large-print", 16)])
def test_every_feature_keeps_the_variant_s_smallest_text_size(tmp_path, variant, points):
    """Found by looking at a large-print page: a figure's caption was printed at 10.5 pt."""
    from conftest import settings_of

    from handout.check.measure_print import smallest_text
    from handout.read.article import read_article
    from handout.sandbox import Sandbox
    from handout.write.fit import lay_out_article
    for source in (FIXTURE, ROOT / "tests" / "fixtures" / "good" / "thought-record.md"):
        article, _ = read_article(source)
        settings = settings_of(source, article.meta, variant=variant)
        document, _ = lay_out_article(article, settings, Sandbox.for_article(source.parent))
        assert smallest_text(document) >= points - 0.005, source.name


def test_a_link_whose_text_shows_its_number_or_address_does_not_print_it_again(tmp_path, capsys):
    """Found by a designer: "Samaritans (116123)" printed its number a second time after it."""
    source = write_article(tmp_path, "links.md", "---\ntitle: Links\n---\n\nCall [Samaritans (116 123)](tel:116123), "
                           "text [85258](tel:85258), visit [www.mind.org.uk](https://www.mind.org.uk/) "
                           "or [the NHS site](https://www.nhs.uk) today.\n")
    assert main([str(source), "-o", str(tmp_path / "out"), "-j", "1"]) == 0, capsys.readouterr().err
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(tmp_path / "out" / "links.pdf").pages)
    assert ("Call Samaritans (116 123), text 85258, visit www.mind.org.uk or the NHS site (www.nhs.uk) today."
            in text), text
