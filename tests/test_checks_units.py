"""The check helpers on their own: text matching, colour contrast, edges and the report line."""

from __future__ import annotations

from handout.check.breaks import page_list
from handout.check.items import Item, find_exactly_once, find_in_order, furniture_for, normalise
from handout.check.layout import contrast, overshoot
from handout.errors import error, warning
from handout.report import Report, as_json, summary_line


def items(*texts: str) -> list[Item]:
    return [Item("paragraph", text, number) for number, text in enumerate(texts, 10)]


def test_normalise_ignores_line_breaks_hyphens_and_pdfium_hyphen_markers():
    # pdfium reports a hyphen that ends a line as U+FFFE and drops the line break after it.
    assert normalise("cognitivo\ufffeconductual") == normalise("cognitivo-\r\nconductual") \
        == normalise("cognitivo- conductual")
    assert normalise("ﬁne") == normalise("fine")  # ligatures (NFKC)


def test_find_in_order_tells_missing_from_out_of_order():
    wanted = items("first point", "second point", "third point")
    found = find_in_order(wanted, normalise("third point ... first point"))
    assert [(finding.item.text, finding.problem) for finding in found] == [
        ("second point", "missing"), ("third point", "out of order")]
    assert find_in_order(wanted, normalise("first point second point third point")) == []


def test_repeated_text_must_appear_as_often_as_written():
    wanted = items("Yes | No", "Yes | No", "Yes | No")
    [finding] = find_in_order(wanted, normalise("Yes | No Yes | No"))
    assert (finding.item.line, finding.problem) == (12, "missing")


def test_contrast_of_white_on_white_and_black_on_white():
    assert contrast((1, 1, 1), (1, 1, 1)) == 1.0
    assert round(contrast((0, 0, 0), (1, 1, 1))) == 21


def test_overshoot_names_the_edge_crossed_furthest():
    area = (0, 0, 100, 200)
    assert overshoot((10, 10, 130, 50), area) == ("right", 30)
    assert overshoot((-5, 10, 90, 50), area) == ("left", 5)
    assert overshoot((10, 150, 90, 260), area) == ("bottom", 60)
    assert overshoot((10, 150, 90, 260), area, bottom=False)[1] < 0


def test_page_list_reads_naturally():
    assert page_list({3}) == "page 3"
    assert page_list({4, 2, 3}) == "pages 2, 3, 4"


def test_failed_summary_counts_errors_and_warnings_and_says_where():
    report = Report("a.md", "a", [error("a.md", 3, "x"), error("a.md", 4, "y"), warning("a.md", 5, "z")],
                    failed_outputs=["out/a.failed.pdf", "out/a.failed.epub"])
    line = summary_line(report)
    assert line == ("a.md: FAILED: 2 errors, 1 warning; failed outputs for inspection: out/a.failed.pdf, "
                    "out/a.failed.epub; previous outputs kept")
    assert '"text": "a.md:3: error: x"' in as_json([report])


def test_exactly_once_finds_a_repeated_fragment_and_quotes_it_as_printed():
    wanted = items("How long does a panic attack last?", "Most attacks peak within ten minutes.")
    [found] = find_exactly_once(wanted, "Q How long does a panic attack last?\npanic attack\nlast? "
                                        "Most attacks peak within ten minutes.", furniture_for("en"))
    assert (found.item.line, found.problem, found.stray) == (11, "text before", "panic attack last?")
    assert "(repeated or stray): 'panic attack last?'" in found.describe("in the text layer")


def test_exactly_once_allows_the_designs_labels_in_any_case_and_nothing_else():
    wanted = items("Trust issues are learned.", "Can trust issues be healed?")
    printed = "QUICK ANSWER Trust issues are learned. Q Can trust issues be healed?"
    assert find_exactly_once(wanted, printed, furniture_for("en")) == []
    [found] = find_exactly_once(wanted, printed + " Yes", furniture_for("en"))
    assert (found.item.line, found.problem, found.stray) == (11, "text after", "Yes")
    spanish = printed.replace("QUICK ANSWER", "RESPUESTA RÁPIDA").replace(" Q ", " P ")
    assert find_exactly_once(wanted, spanish, furniture_for("es")) == []


def test_exactly_once_reports_missing_before_stray():
    wanted = items("first point", "second point")
    assert [(f.item.text, f.problem) for f in find_exactly_once(wanted, "first point extra", furniture_for("en"))] \
        == [("second point", "missing")]
