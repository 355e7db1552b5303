"""Characters no output can hold (control characters, lone surrogates, noncharacters) are errors
at their line, in the body, in front matter values (as YAML escapes), in handout.yaml and in a
book file, never an internal error (issue 26, item 6)."""

from __future__ import annotations

import pytest
from conftest import write_article

from handout.cli import main
from handout.read.control_characters import FORBIDDEN

BODY = "---\ntitle: T\n---\n\nHello {} world.\n"


@pytest.mark.parametrize("character", ["\x08", "\x1b", "\x01", "\x0b", "\x0c", "\x7f", "\x85", "\x9f",
                                       "\ufffe", "\uffff", "\ufdd0", "\U0001fffe"])
def test_control_characters_in_the_body_are_errors_at_their_line_and_column(tmp_path, capsys, character):
    path = write_article(tmp_path, "a.md", BODY.format(character))
    assert main([str(path), "-o", str(tmp_path / "out"), "-j", "1"]) == 1
    err = capsys.readouterr().err
    assert f"{path}:5: error: character U+{ord(character):04X} " in err and "at column 7" in err
    assert "internal error" not in err and not (tmp_path / "out" / "a.pdf").exists()


def test_an_escape_sequence_is_one_error_at_its_line(tmp_path, capsys):
    path = write_article(tmp_path, "a.md", BODY.format("\x1b[31mred\x1b[0m") + "\nFine line.\n")
    assert main([str(path), "-o", str(tmp_path / "out"), "-j", "1"]) == 1
    err = capsys.readouterr().err
    assert err.count("error: character U+001B (escape, a control character)") == 1


@pytest.mark.parametrize("key, value, line", [
    ("title", r'"Ctrl \x08"', 2), ("title", r'"\ud800"', 2), ("author", r'"a\0b"', 3),
    ("subtitle", r'"\uFFFE"', 3), ("keywords", r'["ok", "bad \x1b"]', 3), ("quick_answer", r'"\x7f"', 3),
])
def test_control_characters_in_front_matter_values_are_errors_at_their_line(tmp_path, capsys, key, value, line):
    extra = f"{key}: {value}\n"
    text = f"---\n{extra}---\n\nBody.\n" if key == "title" else f"---\ntitle: T\n{extra}---\n\nBody.\n"
    path = write_article(tmp_path, "a.md", text)
    assert main([str(path), "-o", str(tmp_path / "out"), "-j", "1"]) == 1
    err = capsys.readouterr().err
    assert f"{path}:{line}: error: character U+" in err, err
    assert "internal error" not in err and "Traceback" not in err


def test_control_characters_in_a_reflection_prompt_are_errors_at_their_line(tmp_path, capsys):
    path = write_article(tmp_path, "a.md", '---\ntitle: T\nreflection:\n  - prompt: "Rate \\x08"\n'
                                           '    kind: scale\n---\n\nBody.\n')
    assert main([str(path), "-o", str(tmp_path / "out"), "-j", "1"]) == 1
    assert f"{path}:4: error: character U+0008" in capsys.readouterr().err


@pytest.mark.parametrize("text, line", [('practice: "a\\0b"\n', 1), ('contact: ok\npractice: "\\x1b"\n', 2),
                                        ("practice: a\x08b\n", 1)])
def test_control_characters_in_handout_yaml_are_errors_at_its_line(tmp_path, capsys, text, line):
    (tmp_path / "handout.yaml").write_text(text, encoding="utf-8")
    path = write_article(tmp_path, "a.md", BODY.format("fine"))
    assert main([str(path), "-o", str(tmp_path / "out"), "-j", "1"]) == 1
    err = capsys.readouterr().err
    assert f"{tmp_path / 'handout.yaml'}:{line}: error: character U+" in err, err
    assert "internal error" not in err


def test_control_characters_in_a_book_file_are_errors_at_its_line(tmp_path, capsys):
    write_article(tmp_path, "a.md", BODY.format("fine"))
    book = tmp_path / "book.yaml"
    book.write_text('title: "Book \\x08"\narticles: [a.md]\n', encoding="utf-8")
    assert main([str(book), "-o", str(tmp_path / "out"), "-j", "1"]) == 1
    err = capsys.readouterr().err
    assert f"{book}:1: error: character U+0008" in err and "internal error" not in err


def test_a_key_made_of_a_surrogate_is_refused_without_crashing_the_report(tmp_path, capsys):
    path = write_article(tmp_path, "a.md", '---\ntitle: T\n"\\ud800": x\n---\n\nBody.\n')
    assert main([str(path), "-o", str(tmp_path / "out"), "-j", "1"]) == 1
    assert f"{path}:3: error: front matter keys must be plain words" in capsys.readouterr().err


@pytest.mark.parametrize("character", ["\t", "\u200b", "\u200d", "\ufeff", "\u00a0", "\U0001f600", "\ue000"])
def test_ordinary_invisible_and_private_characters_are_not_refused(character):
    assert FORBIDDEN.search(f"a{character}b") is None


def test_a_raw_nul_in_handout_yaml_is_an_error_at_its_own_line(tmp_path, capsys):
    (tmp_path / "handout.yaml").write_text("contact: x\npractice: a\x00b\n", encoding="utf-8")
    path = write_article(tmp_path, "a.md", BODY.format("fine"))
    assert main([str(path), "-o", str(tmp_path / "out"), "-j", "1"]) == 1
    assert f"{tmp_path / 'handout.yaml'}:2: error: file contains a NUL byte" in capsys.readouterr().err


def test_a_raw_control_character_in_a_book_file_is_an_error_at_its_own_line(tmp_path, capsys):
    write_article(tmp_path, "a.md", BODY.format("fine"))
    book = tmp_path / "book.yaml"
    book.write_text("articles: [a.md]\ntitle: Book\x08\n", encoding="utf-8")
    assert main([str(book), "-o", str(tmp_path / "out"), "-j", "1"]) == 1
    assert f"{book}:2: error: character U+0008" in capsys.readouterr().err
