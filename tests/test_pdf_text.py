"""Reading the PDF's text layer line by line where the layout put each line: a block's lines
together, blocks in the order they start; list markers, repeated header rows and the contents
list left out; characters outside every line (off the page, in the footer) in none."""

from __future__ import annotations

import pypdfium2 as pdfium

from handout.check.boxes import placed_boxes
from handout.check.items import normalise
from handout.check.pdf_text import laid_out_text
from handout.write.engine import weasyprint

PAGE = "@page { size: 120mm 80mm; margin: 10mm; } body { font: 10pt/1.3 'Noto Serif'; margin: 0; }"


def read(html: str, css: str = "") -> str:
    """Lay `html` out, write it as PDF and read its text back line by line, normalised."""
    document = weasyprint.HTML(string=html).render(stylesheets=[weasyprint.CSS(string=PAGE + css)])
    pages = list(pdfium.PdfDocument(document.write_pdf()))
    return normalise(laid_out_text(pages, document, placed_boxes(document)))


def test_a_row_split_over_two_pages_reads_cell_by_cell():
    cells = ["first " * 40, "second " * 40]
    html = f"<table><tr><td>{cells[0]}</td><td>{cells[1]}</td></tr></table>"
    text = read(html, "tr { break-inside: auto; } td { width: 50%; vertical-align: top; }")
    assert text == normalise(cells[0] + cells[1])  # drawn as: start of each cell, then the rest of each


def test_list_markers_are_left_out_even_where_an_item_goes_on_over_a_page():
    items = ["An item that is long enough to wrap over several lines of this small page. " * 3, "Two"]
    text = read("<ol>" + "".join(f"<li>{item}</li>" for item in items) + "</ol>")
    assert text == normalise("".join(items))


def test_a_float_is_read_with_its_own_block_where_it_starts():
    html = "<h3 style='float: left; width: 30mm'>Side head of three lines or so</h3><p>Text beside it.</p>"
    assert read(html) == normalise("Side head of three lines or so" + "Text beside it.")


def test_repeated_header_rows_and_the_contents_list_are_read_once():
    rows = "".join(f"<tr><td>row {number}</td></tr>" for number in range(30))
    html = f"<nav><p>Contents</p></nav><table><thead><tr><th>Head</th></tr></thead><tbody>{rows}</tbody></table>"
    text = read(html)
    assert text.count("Head") == 1 and "Contents" not in text
    assert text == normalise("Head" + "".join(f"row {number}" for number in range(30)))


def test_text_pushed_off_the_page_is_in_no_line():
    html = "<p>Kept.</p><p style='position: relative; left: 150mm'>Gone.</p>"
    assert read(html) == normalise("Kept.")
