"""Copy and search get the words of a right-to-left PDF (write/right_to_left_text.py): "لا تحبس
نفسك" (don't hold your breath) keeps its "don't" in pdfium and in poppler, and a letter keeps
its own character wherever its glyph is used."""

from __future__ import annotations

import subprocess

import pypdfium2 as pdfium
import pytest

from handout.write import actual_text
from handout.write.engine import weasyprint
from handout.write.pdf import write_pdf
from handout.write.right_to_left_text import cluster_map

WORDS = ["لا تحبس نفسك", "ملاحظة", "الأسئلة الشائعة"]
HTML = ('<html><body><p dir="rtl" lang="ar" style="font-family: \'{face}\'">'
        'لا تحبس نفسك. ملاحظة: الأسئلة الشائعة، معًا هادئًا بطيئًا يهدّئ</p></body></html>')


def readings(face: str, mapped: bool, tmp_path) -> dict[str, str]:
    """The page as pdfium and poppler read it back (`mapped`: with the right-to-left map)."""
    document = weasyprint.HTML(string=HTML.format(face=face)).render()
    if mapped:
        data = write_pdf(document, "none")
    else:
        with actual_text.disabled():
            data = write_pdf(document, "none")
    (tmp_path / "page.pdf").write_bytes(data)
    poppler = subprocess.run(["pdftotext", str(tmp_path / "page.pdf"), "-"], capture_output=True, text=True).stdout
    return {"pdfium": pdfium.PdfDocument(data)[0].get_textpage().get_text_range(), "poppler": poppler}


@pytest.mark.parametrize("face", ["Noto Sans Arabic", "Noto Naskh Arabic"])
def test_right_to_left_words_read_back_in_pdfium_and_poppler(face, tmp_path):
    for reader, text in readings(face, True, tmp_path).items():
        assert [word for word in WORDS if word not in text] == [], (reader, text)


def test_without_the_map_the_lam_alef_and_the_hamza_are_lost(tmp_path):
    """What the map fixes (so the test above can fail): WeasyPrint's own map, reversed by readers."""
    for reader, text in readings("Noto Sans Arabic", False, tmp_path).items():
        assert "لا تحبس" not in text and "ملاحظة" not in text, (reader, text)


def test_each_glyph_of_a_cluster_gets_its_own_characters():
    # A letter and its mark, whatever order the font draws them in: letter to base, mark to mark.
    assert cluster_map([11, 22], [True, False], "ئً") == [(22, "ئ"), (11, "ً")]
    assert cluster_map([7], [False], "لا") == [(7, "ال")]  # a ligature: reversed, as readers reverse it
    assert cluster_map([5, 6], [False, False], "ً") == []  # not one to one: left to WeasyPrint
    assert cluster_map([0x0FFFFFFF], [False], "\u200c") == []  # a joiner Pango does not draw
