"""The mutation campaign (tests/mutation/): its fault builders, and a small slice of the campaign.

Fast: each injection builder writes the stylesheet or template it claims, aimed at the element
it names, and the template edits render (through the project's own templates) the HTML they
promise. Slow: one injection of every fault kind, built with the project's command line; every
fault that manifested must be detected with an expected problem code.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from corpus.generate import generate_article
from mutation.campaign import run_campaign
from mutation.edits import (
    TemplateChanged,
    by_id,
    by_line,
    css_string,
    drop_list_item,
    duplicate_paragraph,
    reorder_faq,
    rule,
)
from mutation.inject import FLEX_ITEMS, INJECTORS, KIND, KINDS, PUSHES, inject
from mutation.model import ArticleInfo, describe_article, read_model
from mutation.report import report
from mutation.words import tokens

from handout.render.html import render_epub_page, render_print

ROOT = Path(__file__).resolve().parent.parent
BLOCKS = (ROOT / "templates" / "parts" / "blocks.j2").read_text(encoding="utf-8")
COMBINATION = ("A4", "standard")
LARGE = ("A4", "large-print")


def article_info(tmp_path: Path, seed: int, combination=COMBINATION) -> ArticleInfo:
    made = generate_article(seed)
    path = made.write(tmp_path / f"seed-{seed}")
    info = ArticleInfo(seed, made.slug, path, [path], combination)
    return describe_article(info, read_model(path))


def info_with(tmp_path: Path, combination, wanted) -> ArticleInfo:
    """The first generated article (seeds 1...) for which `wanted(info)` holds."""
    for seed in range(1, 300):
        info = article_info(tmp_path, seed, combination)
        if wanted(info):
            return info
    raise AssertionError("no generated article fits")


def override(tmp_path: Path, text: str) -> str:
    folder = tmp_path / "override"
    (folder / "parts").mkdir(parents=True, exist_ok=True)
    (folder / "parts" / "blocks.j2").write_text(text, encoding="utf-8")
    return str(folder)


def body_of(html: str) -> str:
    return html.split("<main", 1)[-1] if "<main" in html else html


# ---- small pieces ---------------------------------------------------------------------------


def test_tokens_leave_out_numbers_long_words_and_case():
    assert tokens("Week 2: Naming the FEAR out-loud https://www.example.org/" + "x" * 30) == \
        ["week", "naming", "the", "fear", "out", "loud"]


def test_rules_make_every_declaration_important_even_with_semicolons_in_strings():
    assert rule("p::after", 'content: " a; b";') == 'p::after { content: " a; b" !important; }\n'
    assert rule("p", "max-height: 1.2em; overflow: hidden;") == \
        "p { max-height: 1.2em !important; overflow: hidden !important; }\n"


def test_css_strings_and_selectors_are_escaped():
    assert css_string('say "no" \\ twice') == '"say \\"no\\" \\\\ twice"'
    assert by_line(14) == '[data-line="14"]'
    assert by_id('odd"id') == '[id="odd\\"id"]'


def test_every_kind_has_an_injector_and_runs_on_its_combinations():
    assert set(KIND) == set(INJECTORS)
    assert len(KINDS) >= 9
    assert all(combination[1] == "large-print" for combination in KIND["split-record"].combinations)


def test_describe_article_lines_match_the_model(tmp_path):
    info = article_info(tmp_path, 5)
    source = info.path.read_text(encoding="utf-8").split("\n")
    for part in info.parts:
        line = source[part.line - 1]
        if part.role == "row":
            assert line.startswith("|"), part
        elif part.role == "section-heading":
            assert line.startswith("## "), part
        elif part.role == "subsection-heading" or part.role == "question":
            assert line.startswith("### "), part
        elif part.role == "paragraph" and part.context == "body" and part.text:
            assert part.text.split()[0] in line, part


# ---- CSS builders: the rule aims at the element the injection names ----------------------------


def test_hidden_row_hides_the_row_it_names(tmp_path):
    info = info_with(tmp_path, COMBINATION, lambda info: info.tables)
    for variant in KIND["hidden-row"].variants:
        made = inject("hidden-row", variant, info, random.Random(1), BLOCKS)
        row = made.line
        assert f'[data-line="{row}"]' in made.css
        assert ("display: none !important" if variant == "display" else "visibility: hidden !important") in made.css
        assert made.pdf_codes == ("pdf-text",) and "epub-hidden" in made.epub_codes
        cells = next(cells for table in info.tables for line, cells in table.rows if line == row)
        assert made.pdf_verify == ("lost", [cell for cell in cells if cell], 0.9)


def test_clipped_paragraph_is_long_enough_to_be_cut(tmp_path):
    info = info_with(tmp_path, COMBINATION, lambda info: any(len(part.text) >= 240 for part in info.parts
                                                             if part.role == "paragraph"))
    made = inject("clipped", "paragraph", info, random.Random(2), BLOCKS)
    assert made.css == f'[data-line="{made.line}"] {{ max-height: 1.2em !important; overflow: hidden !important; }}\n'
    paragraph = next(part for part in info.parts if part.line == made.line and part.role == "paragraph")
    assert len(paragraph.text) >= 240


def test_clipped_cell_fixes_the_table_layout(tmp_path):
    info = info_with(tmp_path, COMBINATION, lambda info: inject("clipped", "cell", info, random.Random(0), BLOCKS))
    made = inject("clipped", "cell", info, random.Random(0), BLOCKS)
    assert "> * { overflow: hidden !important; white-space: nowrap !important; }" in made.css
    assert "table-layout: fixed !important" in made.css


@pytest.mark.parametrize("variant", KIND["pushed-off"].variants)
def test_pushes_move_the_target_off_every_page(tmp_path, variant):
    info = article_info(tmp_path, 5)
    made = inject("pushed-off", variant, info, random.Random(3), BLOCKS)
    assert made.css == rule(f'[data-line="{made.line}"]', PUSHES[variant])
    # Vertical pushes are checked on paper only: the 6-inch screen is one long page.
    assert (made.epub_verify is None) == (variant == "top")


@pytest.mark.parametrize("variant", ["after", "before"])
def test_duplicated_text_is_a_fragment_of_the_article(tmp_path, variant):
    info = article_info(tmp_path, 8)
    made = inject("duplicated", variant, info, random.Random(4), BLOCKS)
    fragment = re.search(r'content: "(.*)" !important;', made.css)[1].strip()
    assert f"::{variant} {{ content:" in made.css
    assert 3 <= len(fragment.split()) <= 6
    assert any(fragment in part.text for part in info.parts)
    assert made.pdf_verify == ("gained", [fragment])


def test_split_row_prefers_a_table_that_crosses_a_page(tmp_path):
    info = info_with(tmp_path, COMBINATION, lambda info: len([t for t in info.tables if len(t.rows) >= 3]) >= 2
                     and inject("split-row", "scoped", info, random.Random(0), BLOCKS))
    eligible = [table.anchor for table in info.tables
                if len(table.rows) >= 3 and sum(max(map(len, cells)) >= 60 for _, cells in table.rows) >= 2]
    for anchor in eligible:
        made = inject("split-row", "scoped", info, random.Random(5), BLOCKS, {"crossing": {anchor}})
        assert made.css.startswith(f'[id="{anchor}"] tr {{ break-inside: auto !important; }}')
        assert "orphans: 1 !important; widows: 1 !important; line-height: 2.2 !important;" in made.css
        assert made.epub_verify is None


def test_split_record_and_record_targets_only_in_large_print(tmp_path):
    wide = lambda info: any(table.columns >= 3 and len(table.rows) >= 2 for table in info.tables)  # noqa: E731
    info = info_with(tmp_path, LARGE, wide)
    made = inject("split-record", "record", info, random.Random(6), BLOCKS)
    assert ".record { break-inside: auto !important; }" in made.css
    standard = article_info(tmp_path, info.seed, COMBINATION)
    assert inject("split-record", "record", standard, random.Random(6), BLOCKS) is None


@pytest.mark.parametrize("variant", ["section", "subsection", "question"])
def test_stranding_breaks_the_page_after_the_heading(tmp_path, variant):
    info = info_with(tmp_path, COMBINATION, lambda info: info.faq and any(
        part.role == "subsection-heading" for part in info.parts))
    made = inject("stranded", variant, info, random.Random(7), BLOCKS)
    line = re.match(r'\[data-line="(\d+)"\]', made.css)[1]
    assert made.css == (f'[data-line="{line}"] {{ break-after: auto !important; }}\n'
                        f'[data-line="{line}"] + * {{ break-before: page !important; }}\n')
    heading = next(part for part in info.parts if part.line == int(line))
    assert made.pdf_verify[1] == tokens(heading.text) and heading.next_block


@pytest.mark.parametrize("variant,declaration", [("white", "color: #fff !important;"),
                                                 ("opacity", "opacity: 0.05 !important;"),
                                                 ("tiny", "font-size: 3pt !important;")])
def test_invisible_text_rules(tmp_path, variant, declaration):
    made = inject("invisible", variant, article_info(tmp_path, 5), random.Random(8), BLOCKS)
    assert made.css == f'[data-line="{made.line}"] {{ {declaration} }}\n'
    assert made.pdf_verify[2] == ("tiny" if variant == "tiny" else "light")


def test_css_reordering_of_the_faq(tmp_path):
    info = info_with(tmp_path, COMBINATION, lambda info: 2 <= len(info.faq) <= FLEX_ITEMS)
    made = inject("reordered-faq", "css-order", info, random.Random(9), BLOCKS)
    assert made.css == (".faq { display: flex !important; flex-direction: column !important; }\n"
                        f'[id="{info.faq[-1].anchor}"] {{ order: -1 !important; }}\n')
    assert made.epub_verify is None  # not claimed for the EPUB
    reverse = inject("reordered-faq", "css-reverse", info, random.Random(9), BLOCKS)
    assert reverse.css == ".faq { display: flex !important; flex-direction: column-reverse !important; }\n"
    big = info_with(tmp_path, COMBINATION, lambda info: len(info.faq) > FLEX_ITEMS)
    assert inject("reordered-faq", "css-order", big, random.Random(9), BLOCKS) is None  # too slow to lay out


def test_css_dropping_a_list_item_hides_its_paragraph(tmp_path):
    info = info_with(tmp_path, COMBINATION, lambda info: info.entries)
    made = inject("dropped-item", "css-display", info, random.Random(10), BLOCKS)
    assert made.css == f'li > p[data-line="{made.line}"] {{ display: none !important; }}\n'
    assert any(entry.first_line == made.line for entry in info.entries)


# ---- template builders: rendered through the project's templates --------------------------------


def test_template_drops_exactly_one_list_item(tmp_path):
    info = info_with(tmp_path, COMBINATION, lambda info: any(len(entry.own_text) > 20 for entry in info.entries))
    entry = next(entry for entry in info.entries if len(entry.own_text) > 20 and entry.first_line)
    article = read_model(info.path)
    edited = drop_list_item(BLOCKS, entry.list_line, entry.index)
    before = body_of(render_print(article))
    after = body_of(render_print(article, override_dir=override(tmp_path, edited)))
    assert f'<p data-line="{entry.first_line}"' in before and f'<p data-line="{entry.first_line}"' not in after
    assert before.count("<li>") > after.count("<li>")  # the item (and any list nested in it) is gone
    start = entry.own_text[:20]  # generated sentences repeat: one fewer occurrence, not none
    assert before.replace("<wbr/>", "").count(start) == after.replace("<wbr/>", "").count(start) + 1
    epub = render_epub_page(article, [], override(tmp_path, edited))
    assert f'<p data-line="{entry.first_line}"' not in epub


def test_template_prints_one_paragraph_twice(tmp_path):
    info = article_info(tmp_path, 5)
    paragraph = next(part for part in info.parts if part.role == "paragraph" and len(part.text) > 40)
    article = read_model(info.path)
    edited = duplicate_paragraph(BLOCKS, paragraph.line)
    html = render_print(article, override_dir=override(tmp_path, edited))
    assert html.count(f'data-line="{paragraph.line}"') == 2
    assert render_print(article).count(f'data-line="{paragraph.line}"') == 1


@pytest.mark.parametrize("order", ["reverse", "swap"])
def test_template_reorders_the_faq(tmp_path, order):
    info = info_with(tmp_path, COMBINATION, lambda info: len(info.faq) >= 3)
    article = read_model(info.path)
    edited = reorder_faq(BLOCKS, order, swap=1)
    html = render_print(article, override_dir=override(tmp_path, edited))
    lines = [int(line) for line in re.findall(r'class="faq-question"[^>]*data-line="(\d+)"', html)]
    written = [entry.line for entry in info.faq]
    if order == "reverse":
        assert lines == written[::-1]
    else:
        assert lines == written[:1] + [written[2], written[1]] + written[3:]


def test_template_edits_refuse_markup_they_do_not_know():
    with pytest.raises(TemplateChanged):
        drop_list_item("<ul>{% for x in y %}<li></li>{% endfor %}</ul>", 3, 0)
    with pytest.raises(TemplateChanged):
        duplicate_paragraph("{% macro block(item) %}{% endmacro %}", 3)
    with pytest.raises(TemplateChanged):
        reorder_faq("nothing here", "reverse")


# ---- the campaign itself ------------------------------------------------------------------------


@pytest.mark.slow
def test_one_injection_of_every_kind_is_detected_when_it_manifests():
    campaign = run_campaign(injections_wanted=len(KINDS), seed=7, jobs=2, articles=8, progress=lambda text: None)
    text = report(campaign, max_lines=10)
    assert len(campaign.outcomes) == len(KINDS), text
    assert {outcome.injection.kind for outcome in campaign.outcomes} == set(KIND), text
    assert not [outcome for outcome in campaign.outcomes if outcome.error or outcome.broken], text
    assert not campaign.misses(), text
