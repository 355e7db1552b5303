"""Fillable worksheets: prompts, scales, checklists and write-in table cells become PDF form
fields (fillable: true / --fillable), tagged and named after their prompts; they can be filled
and the values show; the EPUB shows the same parts as text; PDF/A refuses them."""

from __future__ import annotations

import io
import zipfile

import pytest
from conftest import SEED_ARTICLE, write_article
from pypdf import PdfReader, PdfWriter

from handout.cli import main

THOUGHT_RECORD = """---
title: Thought Record
fillable: true
reflection:
  - What went through your mind?
  - prompt: How strong was the feeling?
    kind: scale
    from: 0
    to: 10
    low: not at all
    high: the strongest ever
  - prompt: What did you do afterwards?
    kind: checklist
    options: [Went for a walk, Called someone, Wrote it down]
---

Use this sheet when a feeling catches you off guard.

## This week

| Situation | Thought | Feeling (0-10) |
| --- | --- | --- |
| | | |
| | | |
"""


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    folder = tmp_path_factory.mktemp("worksheet")
    write_article(folder, "record.md", THOUGHT_RECORD)
    write_article(folder, "plain.md", THOUGHT_RECORD.replace("fillable: true\n", ""))
    assert main([str(folder / "record.md"), str(folder / "plain.md"), "-o", str(folder / "out"), "-j", "1"]) == 0
    return folder / "out"


def fields(pdf) -> dict:
    return PdfReader(pdf).get_fields() or {}


def test_one_field_per_prompt_scale_option_and_empty_cell_named_after_its_prompt(built):
    found = fields(built / "record.pdf")
    names = {name: (str(field.get("/FT")), str(field.get("/TU"))) for name, field in found.items()}
    assert names["prompt-1"] == ("/Tx", "What went through your mind?")
    assert names["prompt-2"] == ("/Btn", "How strong was the feeling?")  # a radio group: tests/test_form_filling.py
    assert [names[f"prompt-3-{n}"] for n in (1, 2, 3)] == [
        ("/Btn", "Went for a walk"), ("/Btn", "Called someone"), ("/Btn", "Wrote it down")]
    assert names["table-1-2-3"] == ("/Tx", "Row 2: Feeling (0-10)")
    assert len(found) == 1 + 1 + 3 + 2 * 3
    assert int(found["prompt-1"]["/Ff"]) & 4096  # multi-line: the lines a pen would use


def test_every_widget_is_tagged_printable_and_a_form_element(built):
    reader = PdfReader(built / "record.pdf")
    widgets = [annotation.get_object() for page in reader.pages for annotation in page.get("/Annots", [])
               if annotation.get_object().get("/Subtype") == "/Widget"]
    assert len(widgets) == 21  # 11 of them the scale's marks
    assert all(int(widget["/F"]) & 4 for widget in widgets)  # printed, not only shown
    assert all("/StructParent" in widget for widget in widgets)

    def forms(node) -> int:
        node = node.get_object() if hasattr(node, "get_object") else node
        if not isinstance(node, dict):
            return 0  # a marked-content id
        kids = node.get("/K")
        kids = kids if isinstance(kids, list) else [kids] if kids is not None else []
        return (node.get("/S") == "/Form") + sum(forms(kid) for kid in kids)
    assert forms(reader.trailer["/Root"]["/StructTreeRoot"]) == 21


def test_values_a_program_fills_in_show_when_the_page_is_drawn(built):
    """pypdf filling the form, readers asked to draw it anew (/NeedAppearances): the value shows.
    Filling by hand, in pdfium and poppler, is tests/test_form_filling.py."""
    from form_filling import crop, ink, pdfium_images, widgets
    source = (built / "record.pdf").read_bytes()
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(source)))
    writer.update_page_form_field_values(writer.pages[0], {"table-1-1-1": "Meeting at work"}, auto_regenerate=False)
    writer.set_need_appearances_writer(True)
    out = io.BytesIO()
    writer.write(out)
    cell = next(widget for widget in widgets(source) if widget.name == "table-1-1-1")
    assert ink(crop(pdfium_images(out.getvalue())[0], cell.rect)) > ink(crop(pdfium_images(source)[0], cell.rect)) + 200


def test_without_fillable_the_same_sheet_has_no_fields_and_prints_the_parts_for_a_pen(built):
    assert "/AcroForm" not in PdfReader(built / "plain.pdf").trailer["/Root"]
    text = " ".join(PdfReader(built / "plain.pdf").pages[0].extract_text().split())
    assert "0 1 2 3 4 5 6 7 8 9 10" in text and "not at all" in text and "Called someone" in text
    assert "Your number" not in text


def test_the_epub_shows_the_parts_as_text_and_says_where_to_fill_them(built):
    archive = zipfile.ZipFile(built / "record.epub")
    page = next(archive.read(name).decode() for name in archive.namelist() if name.endswith("record.xhtml"))
    assert "<input" not in page and "<textarea" not in page
    assert "the strongest ever" in page and "Wrote it down" in page
    assert "You can fill in this worksheet on screen in its PDF." in page


def test_a_fillable_seed_with_three_prompts_stays_small(tmp_path):
    text = SEED_ARTICLE.read_text(encoding="utf-8").replace(
        "---\n", "---\nfillable: true\nreflection:\n  - One?\n  - Two?\n  - Three?\n", 1)
    path = write_article(tmp_path, "seed.md", text)
    assert main([str(path), "-o", str(tmp_path / "out"), "-j", "1"]) == 0
    assert len(fields(tmp_path / "out" / "seed.pdf")) == 3
    assert (tmp_path / "out" / "seed.pdf").stat().st_size < 150_000


def test_fillable_and_pdf_a_fail_clearly(tmp_path, capsys):
    path = write_article(tmp_path, "record.md", THOUGHT_RECORD)
    assert main([str(path), "-o", str(tmp_path / "out"), "--pdf-variant", "pdf/a-3u", "-j", "1"]) == 1
    assert "a fillable worksheet cannot be PDF/A-3U: PDF/A forbids form fields without appearance streams" \
        in capsys.readouterr().err
    assert not (tmp_path / "out" / "record.pdf").exists()


@pytest.mark.parametrize("reflection, message", [
    ("  - prompt: Rate it\n    kind: scale\n    from: 5\n    to: 2\n", "'reflection' item 1 needs whole numbers"),
    ("  - prompt: Tick\n    kind: checklist\n", "'reflection' item 1 is a checklist: it needs 'options'"),
    ("  - prompt: Hm\n    kind: slider\n", "'reflection' item 1 kind 'slider' is not one of text, scale or checklist"),
    ("  - kind: scale\n", "'reflection' item 1 needs 'prompt: ...'"),
    ("  - prompt: Hm\n    colour: red\n", "'reflection' item 1 has an unknown key 'colour'"),
])
def test_a_malformed_prompt_is_named_at_its_line(tmp_path, capsys, reflection, message):
    path = write_article(tmp_path, "bad.md", f"---\ntitle: Bad\nreflection:\n{reflection}---\n\nText.\n")
    assert main([str(path), "-o", str(tmp_path / "out"), "-j", "1"]) == 1
    assert f"{path}:3: error: {message}" in capsys.readouterr().err


def test_fillable_on_the_command_line(tmp_path):
    path = write_article(tmp_path, "record.md", THOUGHT_RECORD.replace("fillable: true\n", ""))
    assert main([str(path), "-o", str(tmp_path / "out"), "--fillable", "-j", "1"]) == 0
    assert len(fields(tmp_path / "out" / "record.pdf")) == 11


def test_a_worksheet_table_on_a_phone_keeps_its_heads_over_the_room_to_write(built):
    from handout.check.epub import open_epub
    from handout.check.epub_screen import small_screen_layout
    reader, _ = small_screen_layout(open_epub((built / "record.epub").read_bytes()))
    assert reader.stacked
    assert " ".join(reader.text().split()).count("Situation Thought Feeling (0-10)") == 2  # one record a row
