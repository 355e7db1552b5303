"""The command line contract: targets, options, exit codes and error format."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest
from conftest import ROOT, SEED_ARTICLE, write_article
from pypdf import PdfReader

from handout.cli import main

GOOD = "---\ntitle: Small\n---\n\n## Part\n\nSome text.\n"


def test_help_explains_every_option(capsys):
    with pytest.raises(SystemExit) as leaving:
        main(["--help"])
    assert leaving.value.code == 0
    text = capsys.readouterr().out
    for option in ("--output", "--page-size", "--css", "--json", "--templates", "--pdf-variant", "exit status"):
        assert option in text


@pytest.mark.parametrize("argv", [["--page-size", "A5"], ["--no-such-option"], ["missing.md"],
                                  ["--css", "missing.css"]])
def test_usage_errors_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as leaving:
        main(argv)
    assert leaving.value.code == 2
    assert "error" in capsys.readouterr().err


def test_content_error_exits_1_with_path_line_and_no_traceback(tmp_path):
    bad = write_article(tmp_path, "bad.md", "---\ntitle: T\ntitel: typo\n---\n\nText.\n")
    run = subprocess.run([sys.executable, str(ROOT / "build.py"), str(bad), "-o", str(tmp_path / "out")],
                         capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 1
    assert f"{bad}:3: error: unknown front matter key 'titel'; did you mean 'title'?" in run.stderr
    assert "Traceback" not in run.stderr


def test_the_command_exits_with_its_report_written_whole(tmp_path):
    """build.py leaves without the interpreter's teardown: its report must still be complete."""
    good = write_article(tmp_path, "good.md", GOOD)
    json_report = tmp_path / "report.json"
    run = subprocess.run([sys.executable, str(ROOT / "build.py"), str(good), "-o", str(tmp_path / "out"),
                          "--json", str(json_report)], capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith(f"{good}: ok:") and run.stdout.endswith("\n")
    assert '"ok": true' in json_report.read_text(encoding="utf-8")
    assert (tmp_path / "out" / "good.pdf").stat().st_size > 0


def test_a_reader_that_goes_away_gets_no_traceback(tmp_path):
    good = write_article(tmp_path, "good.md", GOOD)
    command = [sys.executable, str(ROOT / "build.py"), str(good), "-o", str(tmp_path / "out")]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path) as process:
        process.stdout.close()  # like `| head -0`
        error_output = process.stderr.read().decode()
    assert process.returncode == 1
    assert "Traceback" not in error_output


def test_builds_only_the_named_articles_into_output_dir(tmp_path):
    one = write_article(tmp_path, "one.md", GOOD)
    write_article(tmp_path, "two.md", GOOD)
    out = tmp_path / "out"
    assert main([str(one), "--output", str(out)]) == 0
    assert sorted(path.name for path in out.iterdir() if not path.name.startswith("."))  # not the build manifest == ["one.epub", "one.pdf"]


def test_folder_argument_builds_every_article(tmp_path):
    for name in ("a.md", "b.md"):
        write_article(tmp_path, name, GOOD)
    out = tmp_path / "out"
    assert main([str(tmp_path), "-o", str(out)]) == 0
    assert sorted(path.name for path in out.iterdir() if not path.name.startswith("."))  # not the build manifest == ["a.epub", "a.pdf", "b.epub", "b.pdf"]


def page_size_mm(path) -> tuple[int, int]:
    box = PdfReader(path).pages[0].mediabox
    return round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)


def test_page_size_from_option_and_front_matter(tmp_path):
    letter = write_article(tmp_path, "letter.md", GOOD.replace("title: Small", "title: Small\npage_size: Letter"))
    plain = write_article(tmp_path, "plain.md", GOOD)
    out = tmp_path / "out"
    assert main([str(letter), str(plain), "-o", str(out)]) == 0
    assert page_size_mm(out / "letter.pdf") == (216, 279)
    assert page_size_mm(out / "plain.pdf") == (210, 297)
    assert main([str(plain), "-o", str(out), "--page-size", "Letter"]) == 0
    assert page_size_mm(out / "plain.pdf") == (216, 279)


def test_user_css_reaches_both_outputs(tmp_path):
    css = tmp_path / "brand.css"
    css.write_text(".title { letter-spacing: 0.2em; }\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main([str(SEED_ARTICLE), "-o", str(out), "--css", str(css), "--no-check"]) == 0
    with zipfile.ZipFile(out / "trust-issues.epub") as archive:
        assert archive.read("EPUB/styles/user-1.css") == css.read_bytes()
        assert b'href="styles/user-1.css"' in archive.read("EPUB/trust-issues.xhtml")


def test_a_css_mistake_is_a_warning_at_the_stylesheets_line(tmp_path, capsys):
    css = tmp_path / "brand.css"
    css.write_text("p { colr: red; }\nh2 { font-weight: bold }\nh3 { color: ; }\n", encoding="utf-8")
    assert main([str(SEED_ARTICLE), "-o", str(tmp_path / "out"), "-j", "1", "--css", str(css)]) == 0
    captured = capsys.readouterr()
    assert f"{css}:1: warning: CSS: Ignored `colr: red` at 1:5, unknown property." in captured.err
    assert f"{css}:3: warning: CSS: Ignored `color: ` at 3:6, no value." in captured.err
    assert "PDF engine" not in captured.err and ", 2 warnings ->" in captured.out


def test_a_folder_is_searched_with_its_subfolders_for_articles_and_books(tmp_path, capsys):
    content = tmp_path / "content"
    for folder in ("anxiety", "sleep/nights", ".drafts"):
        (content / folder).mkdir(parents=True)
    write_article(content / "anxiety", "worry.md", "---\ntitle: Worry\n---\n\nText.\n")
    write_article(content / "sleep" / "nights", "rest.md", "---\ntitle: Rest\n---\n\nText.\n")
    write_article(content / ".drafts", "draft.md", "---\ntitle: Draft\n---\n\nText.\n")
    (content / "sleep" / "pack.yaml").write_text("title: Pack\narticles:\n  - nights/rest.md\n", encoding="utf-8")
    (tmp_path / "handout.yaml").write_text("practice: Riverside\n", encoding="utf-8")
    (content / "handout.yaml").write_text("practice: Riverside Topic Clinic\n", encoding="utf-8")
    code = main([str(content), "-o", str(tmp_path / "out"), "--no-check", "-j", "1"])
    assert code == 0, capsys.readouterr().err
    assert sorted(path.name for path in (tmp_path / "out").glob("*.pdf")) == ["pack.pdf", "rest.pdf", "worry.pdf"]


def test_the_same_name_in_two_topic_folders_is_an_error_naming_both(tmp_path, capsys):
    for folder in ("anxiety", "sleep"):
        (tmp_path / "content" / folder).mkdir(parents=True)
        write_article(tmp_path / "content" / folder, "coping.md", "---\ntitle: Coping\n---\n\nText.\n")
    assert main([str(tmp_path / "content"), "-o", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert all(str(tmp_path / "content" / folder / "coping.md") in err for folder in ("anxiety", "sleep"))
    assert not (tmp_path / "out" / "coping.pdf").exists()


def test_the_nearest_handout_yaml_above_a_topic_folder_applies(tmp_path):
    from handout.read.project_settings import settings_for
    (tmp_path / "content" / "anxiety").mkdir(parents=True)
    (tmp_path / "handout.yaml").write_text("practice: Riverside\n", encoding="utf-8")
    article = write_article(tmp_path / "content" / "anxiety", "worry.md", "---\ntitle: Worry\n---\n\nText.\n")
    assert settings_for(article).practice == "Riverside"
    (tmp_path / "content" / "handout.yaml").write_text("practice: Nearer\n", encoding="utf-8")
    assert settings_for(article).practice == "Nearer"
