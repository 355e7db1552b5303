"""Incremental builds: unchanged articles are skipped; any changed input or damaged output rebuilds."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import ROOT

from handout.cli import main
from handout.incremental import STATE_NAME, Hasher, load
from handout.resources import TEMPLATES

ARTICLE = textwrap.dedent("""\
    ---
    title: Alpha
    quick_answer: A short answer.
    ---

    Some intro text.

    ## First section

    | Term | Meaning |
    | --- | --- |
    | one | first |
    """)


@pytest.fixture
def site(tmp_path) -> Path:
    (tmp_path / "content").mkdir()
    (tmp_path / "content" / "alpha.md").write_text(ARTICLE, encoding="utf-8")
    return tmp_path


def build(site: Path, *extra: str) -> int:
    return main([str(site / "content"), "-o", str(site / "out"), "-j", "1", "--no-check", *extra])


def built(capsys) -> bool:
    """Whether the last run built (rather than skipped) the article."""
    out = capsys.readouterr().out
    assert ": built (not checked):" in out or ": unchanged:" in out, out
    return ": built (not checked):" in out


def test_second_run_skips_and_leaves_outputs_alone(site, capsys):
    assert build(site) == 0 and built(capsys)
    pdf = site / "out" / "alpha.pdf"
    before = pdf.stat().st_mtime_ns
    assert build(site) == 0
    assert not built(capsys)
    assert pdf.stat().st_mtime_ns == before
    state = load(site / "out" / STATE_NAME)
    entry = state["articles"][str(site / "content" / "alpha.md")]
    assert set(entry["outputs"]) == {str(pdf), str(site / "out" / "alpha.epub")}


def test_content_change_rebuilds_and_force_rebuilds(site, capsys):
    assert build(site) == 0 and built(capsys)
    article = site / "content" / "alpha.md"
    article.write_text(ARTICLE.replace("Some intro", "Other intro"), encoding="utf-8")
    assert build(site) == 0 and built(capsys)
    assert build(site) == 0 and not built(capsys)
    assert build(site, "--force") == 0 and built(capsys)


def test_template_stylesheet_and_option_changes_rebuild(site, capsys):
    templates = site / "templates"
    templates.mkdir()
    (templates / "print.html.j2").write_text((TEMPLATES / "print.html.j2").read_text(encoding="utf-8"),
                                             encoding="utf-8")
    css = site / "extra.css"
    css.write_text("p { color: black; }\n", encoding="utf-8")
    options = ("--templates", str(templates), "--css", str(css))
    assert build(site, *options) == 0 and built(capsys)
    with open(templates / "print.html.j2", "a", encoding="utf-8") as handle:
        handle.write("{# a template edit #}\n")
    assert build(site, *options) == 0 and built(capsys)
    css.write_text("p { color: #111; }\n", encoding="utf-8")
    assert build(site, *options) == 0 and built(capsys)
    assert build(site, *options, "--page-size", "Letter") == 0 and built(capsys)
    assert build(site, *options, "--page-size", "Letter") == 0 and not built(capsys)


@pytest.mark.parametrize("damage", ["corrupt", "delete"])
def test_damaged_output_rebuilds(site, capsys, damage):
    assert build(site) == 0 and built(capsys)
    epub = site / "out" / "alpha.epub"
    if damage == "corrupt":
        data = bytearray(epub.read_bytes())
        data[len(data) // 2] ^= 0xFF
        epub.write_bytes(bytes(data))
    else:
        epub.unlink()
    assert build(site) == 0 and built(capsys)
    assert epub.is_file()
    assert build(site) == 0 and not built(capsys)


def test_image_change_rebuilds(site, capsys):
    from PIL import Image  # WeasyPrint's own dependency

    figure = site / "content" / "figure.png"
    Image.new("RGB", (8, 8), "white").save(figure)
    article = site / "content" / "alpha.md"
    article.write_text(ARTICLE + "\n![A white square](figure.png)\n", encoding="utf-8")
    assert build(site) == 0 and built(capsys)
    assert build(site) == 0 and not built(capsys)
    Image.new("RGB", (8, 8), "black").save(figure)
    assert build(site) == 0 and built(capsys)


def test_cover_image_change_rebuilds(site, capsys):
    from PIL import Image

    cover = site / "content" / "cover.png"
    Image.new("RGB", (160, 240), "white").save(cover)
    (site / "content" / "alpha.md").write_text(ARTICLE.replace("title: Alpha", "title: Alpha\ncover: cover.png"),
                                               encoding="utf-8")
    assert build(site) == 0 and built(capsys)
    assert build(site) == 0 and not built(capsys)
    Image.new("RGB", (160, 240), "black").save(cover)
    assert build(site) == 0 and built(capsys)


def test_a_book_is_skipped_until_its_file_an_article_or_its_cover_changes(site, capsys):
    from PIL import Image

    content = site / "content"
    (content / "beta.md").write_text(ARTICLE.replace("Alpha", "Beta"), encoding="utf-8")
    Image.new("RGB", (160, 240), "white").save(content / "cover.png")
    book = content / "book.yaml"
    book.write_text("title: Both\ncover: cover.png\narticles:\n  - alpha.md\n  - beta.md\n", encoding="utf-8")
    def build_book() -> bool:
        assert main([str(book), "-o", str(site / "out"), "-j", "1", "--no-check"]) == 0
        return built(capsys)
    assert build_book() and not build_book()
    (content / "beta.md").write_text(ARTICLE.replace("Alpha", "Beta") + "\nMore.\n", encoding="utf-8")
    assert build_book() and not build_book()
    Image.new("RGB", (160, 240), "black").save(content / "cover.png")
    assert build_book() and not build_book()
    book.write_text(book.read_text(encoding="utf-8").replace("Both", "Both Again"), encoding="utf-8")
    assert build_book() and not build_book()


def test_failed_build_is_not_recorded(site, capsys):
    article = site / "content" / "alpha.md"
    article.write_text(ARTICLE.replace("## First", "# First"), encoding="utf-8")
    assert build(site) == 1
    assert build(site) == 1  # still reported, not skipped as "unchanged"
    assert "alpha.md:8: error:" in capsys.readouterr().err


def test_unreadable_manifest_means_build_everything(site, capsys):
    (site / "out").mkdir()
    (site / "out" / STATE_NAME).write_text("{not json", encoding="utf-8")
    assert build(site) == 0 and built(capsys)
    assert json.loads((site / "out" / STATE_NAME).read_text(encoding="utf-8"))["format"] == 1


def test_noop_run_does_not_import_the_pdf_engine(site):
    assert build(site) == 0
    script = ("import sys; from handout.cli import main; "
              f"code = main([{str(site / 'content')!r}, '-o', {str(site / 'out')!r}, '-j', '1', '--no-check']); "
              "print(code, 'weasyprint' in sys.modules, 'handout.read.article' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.stdout.splitlines()[-1] == "0 False False", result.stdout + result.stderr
    assert ": unchanged:" in result.stdout


def test_hasher_trusts_size_and_time_only_as_recorded(tmp_path):
    path = tmp_path / "file.txt"
    path.write_text("one", encoding="utf-8")
    stat = path.stat()
    stale = Hasher({str(path): [stat.st_size, stat.st_mtime_ns, "recorded-digest"]})
    assert stale(path) == "recorded-digest"
    assert stale(path, trust_stat=False) == "recorded-digest"  # memoised within a run
    assert Hasher({str(path): [stat.st_size, stat.st_mtime_ns, "x"]})(path, trust_stat=False) != "x"
    assert Hasher({str(path): [stat.st_size + 1, stat.st_mtime_ns, "x"]})(path) != "x"
    assert Hasher()(tmp_path / "missing") == "absent"


def test_concurrent_builds_into_one_output_folder_lose_no_record(tmp_path):
    """Four builds at once into one folder (issue 26, item 12): the state is re-read and merged
    under a lock, so each keeps its record and the next run skips all four."""
    content = tmp_path / "content"
    content.mkdir()
    out = tmp_path / "out"
    for index in range(4):
        (content / f"a{index}.md").write_text(f"---\ntitle: A{index}\n---\n\nText {index}.\n", encoding="utf-8")
    command = [sys.executable, "-c", "import sys; from handout.cli import main; sys.exit(main(sys.argv[1:]))"]
    runs = [subprocess.Popen([*command, str(content / f"a{index}.md"), "-o", str(out), "-j", "1"], cwd=ROOT,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for index in range(4)]
    for run in runs:
        _, err = run.communicate(timeout=300)
        assert run.returncode == 0, err
    assert sorted(Path(name).name for name in load(out / STATE_NAME)["articles"]) == [f"a{i}.md" for i in range(4)]
    again = subprocess.run([*command, str(content), "-o", str(out), "-j", "1"], cwd=ROOT, capture_output=True,
                           text=True, timeout=300)
    assert again.stdout.count(": unchanged: ") == 4, again.stdout


def test_saving_merges_into_a_state_another_build_saved_meanwhile(tmp_path):
    """The lost update without processes: two States opened on one folder, saved one after the other."""
    from handout.incremental import State

    class Good:
        ok, outputs, counts, inputs = True, [], {"pages": 1}, []
    first, second = State(tmp_path, "key"), State(tmp_path, "key")
    for state, name in ((first, "one.md"), (second, "two.md")):
        (tmp_path / name.replace(".md", ".pdf")).write_bytes(b"%PDF")
        report = Good()
        report.outputs = [str(tmp_path / name.replace(".md", ".pdf"))]
        state.record(tmp_path / name, {}, report)
        state.save()
    assert sorted(Path(name).name for name in load(tmp_path / STATE_NAME)["articles"]) == ["one.md", "two.md"]
