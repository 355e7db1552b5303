"""`build.py new`: a complete example article that builds as it stands, never over a file."""

from __future__ import annotations

import re

import pytest

from handout.cli import main
from handout.read.article import read_article
from handout.read.front_matter import KNOWN_KEYS


def test_the_example_builds_ok_with_every_part_and_names_every_key(tmp_path, capsys):
    article = tmp_path / "content" / "sleep-and-worry.md"
    assert main(["new", str(article)]) == 0
    text = article.read_text(encoding="utf-8")
    front = text.split("---\n")[1]
    assert {re.match(r"#? ?(\w+):", line)[1] for line in front.splitlines() if re.match(r"#? ?\w+:", line)} \
        >= set(KNOWN_KEYS)  # every key, written or commented out
    parsed, warnings = read_article(article)
    assert parsed.meta.title == "Sleep and worry" and warnings == []
    assert parsed.quick_answer and parsed.meta.reflection and len(parsed.body) >= 3
    assert parsed.faq is not None and len(parsed.faq.items) >= 2
    assert any(table.caption for table in parsed.tables)
    capsys.readouterr()
    for variant in ("standard", "large-print"):
        assert main([str(article), "-o", str(tmp_path / variant), "-j", "1", "--variant", variant]) == 0
        out = capsys.readouterr()
        assert ": ok: " in out.out and "warning" not in out.out + out.err
        assert "note:" not in out.out + out.err  # no nearly empty last page (the last-page note)


@pytest.mark.parametrize("page_size", ["A4", "Letter"])
@pytest.mark.parametrize("variant, pages", [("standard", 1), ("large-print", 2)])
def test_the_example_never_strands_its_reflection_prompt_on_a_page_of_its_own(tmp_path, page_size, variant, pages,
                                                                              capsys):
    """The example once printed its last reflection prompt alone on page 2: now it prints whole on
    one page, and in large print the reflection shares its page with the FAQ."""
    from pypdf import PdfReader
    article = tmp_path / "content" / "sleep-and-worry.md"
    assert main(["new", str(article)]) == 0
    assert main([str(article), "-o", str(tmp_path / "out"), "-j", "1", "--page-size", page_size,
                 "--variant", variant]) == 0
    printed = PdfReader(tmp_path / "out" / "sleep-and-worry.pdf").pages
    assert len(printed) == pages, capsys.readouterr().out
    last = " ".join(printed[-1].extract_text().split())
    prompt = read_article(article)[0].meta.reflection[-1].text
    assert " ".join(prompt.split()[:4]) in last
    assert last.index("Frequently Asked Questions") < last.index(" ".join(prompt.split()[:4]))


def test_a_title_with_quotes_and_colons_is_kept_exactly(tmp_path):
    article = tmp_path / "anger.md"
    assert main(["new", str(article), "--title", 'Anger: "why" it flares #1']) == 0
    assert read_article(article)[0].meta.title == "Anger: “why” it flares #1"  # smart quotes, all else kept
    plain = article.read_text(encoding="utf-8").replace("# smart: false ", "smart: false ")
    article.write_text(plain, encoding="utf-8")
    assert read_article(article)[0].meta.title == 'Anger: "why" it flares #1'


def test_it_never_writes_over_a_file(tmp_path, capsys):
    article = tmp_path / "mine.md"
    article.write_text("my own words\n", encoding="utf-8")
    assert main(["new", str(article)]) == 1
    assert article.read_text(encoding="utf-8") == "my own words\n"
    assert f"{article}: error: already exists; nothing written" in capsys.readouterr().err


def test_an_article_file_name_ends_in_md(tmp_path, capsys):
    with pytest.raises(SystemExit) as leaving:
        main(["new", str(tmp_path / "notes.txt")])
    assert leaving.value.code == 2 and "ends in .md" in capsys.readouterr().err


@pytest.mark.parametrize("made", [False, True])
def test_a_folder_with_no_article_is_told_how_to_start_one(tmp_path, monkeypatch, capsys, made):
    monkeypatch.chdir(tmp_path)
    if made:
        (tmp_path / "content").mkdir()
    with pytest.raises(SystemExit) as leaving:
        main([])
    assert leaving.value.code == 2
    err = capsys.readouterr().err
    assert err.endswith("error: no articles in content/ here; to start one: handout new content/<slug>.md\n"), err
    assert "usage:" not in err  # the hint, not the whole usage text first
