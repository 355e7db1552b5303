"""A --templates folder is the user's code: its mistakes are the user's errors at the template's
own file and line (exit 1, never 'internal error'), and a file there that replaces nothing is
pointed out."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT, SEED_ARTICLE

from handout.cli import main

PRINT = (ROOT / "templates" / "print.html.j2").read_text(encoding="utf-8")


def override(folder: Path, name: str, text: str) -> Path:
    path = folder / "templates" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, needle: str) -> int:
    return text[:text.index(needle)].count("\n") + 1


@pytest.mark.parametrize("name, broken, needle, message", [
    ("print.html.j2", lambda text: text.replace("{{ meta.title|breakable }}", "{{ foo }}", 1), "{{ foo }}",
     "template: 'foo' is undefined"),
    ("print.html.j2", lambda text: text.replace("{{ meta.title|breakable }}", "{{ meta.title| }}", 1),
     "{{ meta.title| }}", "template: expected token 'name', got 'end of print statement'"),
    ("epub/nav.xhtml.j2", lambda text: text.replace("<title>{{ labels.contents }}", "<title>{{ nope.contents }}", 1),
     "{{ nope.contents }}", "template: 'nope' is undefined"),
])
def test_a_mistake_in_a_users_template_is_an_error_at_its_line(tmp_path, capsys, name, broken, needle, message):
    built_in = (ROOT / "templates" / name).read_text(encoding="utf-8")
    text = broken(built_in)
    path = override(tmp_path, name, text)
    assert main([str(SEED_ARTICLE), "-o", str(tmp_path / "out"), "-j", "1", "--templates",
                 str(tmp_path / "templates")]) == 1
    err = capsys.readouterr().err
    assert f"{path}:{line_of(text, needle)}: error: {message}" in err, err
    assert "internal error" not in err and "Traceback" not in err
    assert not (tmp_path / "out" / "trust-issues.pdf").exists()


def test_a_template_that_replaces_nothing_is_pointed_out(tmp_path, capsys):
    override(tmp_path, "print.html.j2", PRINT)
    stray = override(tmp_path, "prnt.html.j2", PRINT)
    assert main([str(SEED_ARTICLE), "-o", str(tmp_path / "out"), "-j", "1", "--templates",
                 str(tmp_path / "templates")]) == 0
    captured = capsys.readouterr()
    assert f"{stray}: warning: replaces no built-in template; did you mean 'print.html.j2'?" in captured.err
    assert ": ok: " in captured.out and "1 warning" in captured.out
