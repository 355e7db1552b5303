"""Page-break decisions on small laid-out documents: what counts as a stranded lead-in, which
rows may split, and which part the repairs move to a new page."""

from __future__ import annotations

from handout.check.boxes import placed_boxes
from handout.check.breaks import row_findings, stranded_findings
from handout.write.engine import weasyprint
from handout.write.page_breaks import repairs, selector

PAGE = "@page { size: 120mm 90mm; margin: 10mm; } body { font: 10pt/1.3 'Noto Serif'; margin: 0; }"
FILL = "<p>" + "Filler text for the page. " * 20 + "</p>"


def laid_out(html: str, css: str = ""):
    return weasyprint.HTML(string=html).render(stylesheets=[weasyprint.CSS(string=PAGE + css)])


def test_a_caption_alone_at_a_page_foot_is_stranded():
    html = FILL + "<table><caption>Feelings and what helps</caption><tbody><tr><td>Calm</td></tr></tbody></table>"
    document = laid_out(html, "tbody { break-before: page; }")
    [finding] = stranded_findings(document, placed_boxes(document))
    page = finding.page
    assert finding.message == (f"caption 'Feelings and what helps' is the last line on page {page}; "
                               f"its table starts on page {page + 1}")


def test_a_heading_that_ends_its_part_introduces_nothing_on_the_next_page():
    """A book's title page: the title is its last line, and the contents start a new page."""
    html = "<header><h1>Coping Skills</h1></header><nav style='break-before: page'><p>Contents</p></nav>"
    document = laid_out(html)
    assert stranded_findings(document, placed_boxes(document)) == []
    heading_then_text = laid_out("<section><h2>Coping Skills</h2><p style='break-before: page'>Text</p></section>")
    assert stranded_findings(heading_then_text, placed_boxes(heading_then_text))  # but its own text counts


def test_only_rows_taller_than_half_a_page_may_split():
    cell = "A long cell. " * 60
    html = FILL + f"<table><thead><tr><th>Head</th></tr></thead><tr data-line='9'><td>{cell}</td></tr></table>"
    tall = laid_out(html, "tr { break-inside: auto; }")
    assert row_findings(tall, placed_boxes(tall)) == []
    # 60 of the page's 70 mm taken: a six-line row (under half a page) meets the page's foot.
    short = laid_out("<div style='height: 50mm'></div><table><thead><tr><th>Head</th></tr></thead>"
                     "<tr><td>One line.</td></tr><tr><td>" + "Short row. " * 22 + "</td></tr></table>",
                     "tr { break-inside: auto; } td { orphans: 1; widows: 1; }")
    assert [finding.code for finding in row_findings(short, placed_boxes(short))] == ["split-row"]


def test_repairs_let_a_tall_row_split_first():
    html = (f"<h2>Heading</h2><table id='t1'><tr data-line='8'><td>Short.</td></tr>"
            f"<tr data-line='9'><td>{'A long cell. ' * 90}</td></tr></table>")
    kept_whole = "tr { break-inside: avoid; }"  # as print.css has it
    [rule] = repairs(laid_out(html, kept_whole))
    assert rule == '[id="t1"] > :nth-child(1) > :nth-child(2) { break-inside: auto; }'  # table > tbody > tr
    mended = laid_out(html, kept_whole + rule)
    [short, tall] = [item for item in placed_boxes(mended) if item.box.element_tag == "tr"][:2]
    assert short.page == 1 and tall.page == 1  # the tall row starts under the short one, and splits
    assert len(mended.pages) == 2


def test_repairs_let_a_short_tables_rows_part_before_moving_its_part():
    """Three rows, the first kept with the second and the last with the one before (print.css):
    no break is allowed between them, so the engine moves the whole table on and strands its
    heading. Letting its rows part comes first; moving the part, only if that did not help."""
    rows = "".join(f"<tr><td>Row {n}</td></tr>" for n in range(3))
    html = (FILL + "<section class='section' id='where'><h2>Where it starts</h2><p>Text.</p>"
            "<section class='subsection' id='early'><h3>Early years</h3>"
            f"<div><table id='t1'><thead><tr><th>Head</th></tr></thead><tbody>{rows}</tbody></table></div>"
            "</section></section>")
    pairing = "tbody tr:first-child { break-after: avoid; } tbody tr:last-child { break-before: avoid; }"
    forced = "div { break-before: page; }"  # strands the heading whatever the rows allow
    [rule] = repairs(laid_out(html, pairing + forced))
    assert rule == '[id="t1"] tbody tr:nth-child(n) { break-before: auto; break-after: auto; }'
    assert repairs(laid_out(html, pairing + forced + rule)) == ['[id="early"] { break-before: page; }']


def test_repairs_move_a_stranded_sections_whole_section():
    html = (FILL + "<section class='section' id='where'><h2>Where it starts</h2>"
            "<section class='subsection' id='early'><h3>Early years</h3><p>Text.</p></section></section>")
    document = laid_out(html, "h2 + * { break-before: page; }")
    assert repairs(document) == ['[id="where"] { break-before: page; }']


def test_selectors_survive_any_id():
    assert selector('a"b\\c') == '[id="a\\"b\\\\c"]'


def test_a_table_whose_header_the_engine_dropped_is_found_and_its_rows_may_part():
    """Header and three rows kept together do not fit on a page: WeasyPrint drops the header."""
    cell = "A row about a third of the page tall. " * 9
    rows = "".join(f"<tr data-line='{n}'><td>Row {n}</td><td>{cell}</td></tr>" for n in range(3))
    html = (f"<table id='t1'><thead><tr><th>Head</th><th>Text</th></tr></thead><tbody>{rows}</tbody></table>")
    pairing = ("tr { break-inside: avoid; } thead { display: table-header-group; }"
               "tbody tr:first-child { break-after: avoid; } tbody tr:last-child { break-before: avoid; }")
    dropped = laid_out(html, pairing)
    assert "header-missing" in [finding.code for finding in row_findings(dropped, placed_boxes(dropped))]
    [rule] = repairs(dropped)
    assert rule == '[id="t1"] tbody tr:nth-child(n) { break-before: auto; break-after: auto; }'
    mended = laid_out(html, pairing + rule)
    assert [finding.code for finding in row_findings(mended, placed_boxes(mended))] == []


def test_a_table_wider_than_the_page_hyphenates_then_breaks_anywhere():
    words = ["Einschlafschwierigkeiten", "Verhaltenstherapie", "Grübelschleifen", "Entspannungsübungen"]
    row = "".join(f"<td>{word}</td>" for word in words)
    html = f"<html lang='de'><table id='t1'><tr>{row}</tr></table></html>"
    cells = '[id="t1"] th, [id="t1"] td'
    wide = laid_out(html, "body { font-size: 14pt; }")
    assert repairs(wide) == [f"{cells} {{ hyphens: auto; }}"]
    hyphenated = laid_out(html, f"body {{ font-size: 14pt; }} {cells} {{ hyphens: auto; }}")
    assert repairs(hyphenated) == []  # four German compounds fit once hyphenated
    # Words no dictionary can split: the last step lets them break anywhere.
    tokens = "".join(f"<td>{'x7' * 14}</td>" for _ in range(4))
    unsplittable = f"<table id='t1'><tr>{tokens}</tr></table>"
    assert repairs(laid_out(unsplittable, f"{cells} {{ hyphens: auto; }}")) == [
        f"{cells} {{ hyphens: auto; overflow-wrap: anywhere; }}"]
    assert repairs(laid_out(unsplittable, f"{cells} {{ hyphens: auto; overflow-wrap: anywhere; }}")) == []
