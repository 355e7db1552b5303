"""Front matter and source bytes from careless or hostile hands: exact text, or an error at the line."""

from __future__ import annotations

import time

import pytest

from handout.errors import BuildError
from handout.read.article import read_article
from handout.read.source import MAX_LINE_CHARS


def read_bytes_article(tmp_path, data: bytes):
    path = tmp_path / "a.md"
    path.write_bytes(data)
    return read_article(path, "a.md")


def errors_of(tmp_path, data: bytes | str) -> list[str]:
    """The formatted problems reading `data` raises (fails the test if it reads cleanly)."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    with pytest.raises(BuildError) as caught:
        read_bytes_article(tmp_path, raw)
    return [problem.format() for problem in caught.value.problems]


def article(front: str, body: str = "Text.\n") -> str:
    return f"---\n{front}---\n\n{body}"


@pytest.mark.parametrize("written, expected", [
    ("no", "no"), ("yes", "yes"), ("off", "off"), ("1984", "1984"), ("1.50", "1.50"), ("0x1F", "0x1F"),
    ("null", "null"), ("~", "~"), ("2026-01-01", "2026-01-01"), ("'quoted: colon'", "quoted: colon"),
    ("!!int 12", "12"), ("  padded  ", "padded"),
])
def test_text_values_stay_the_exact_text_written(tmp_path, written, expected):
    read, _ = read_bytes_article(tmp_path, article(f"title: {written}\nauthor: {written}\n").encode())
    assert read.meta.title == expected
    assert read.meta.author == expected


def test_dates_are_validated(tmp_path):
    read, _ = read_bytes_article(tmp_path, article("title: T\ndate: 2026-11-26\n").encode())
    assert read.meta.date.isoformat() == "2026-11-26"
    assert errors_of(tmp_path, article("title: T\ndate: 2026-02-30\n")) == [
        "a.md:3: error: 'date': '2026-02-30' is not a real date (day is out of range for month)"]
    assert errors_of(tmp_path, article("title: T\ndate: 26/11/2026\n")) == [
        "a.md:3: error: 'date': '26/11/2026' is not an ISO date; write it as YYYY-MM-DD"]


def test_unknown_key_suggests_the_nearest_known_key(tmp_path):
    assert errors_of(tmp_path, article("title: T\nsubtitel: S\n")) == [
        "a.md:3: error: unknown front matter key 'subtitel'; did you mean 'subtitle'?"]
    message = errors_of(tmp_path, article("title: T\nzzz: S\n"))[0]
    assert message.startswith("a.md:3: error: unknown front matter key 'zzz'; known keys: title, subtitle")


def test_duplicate_keys_name_both_lines(tmp_path):
    assert errors_of(tmp_path, article("title: A\nauthor: x\ntitle: B\n")) == [
        "a.md:4: error: duplicate key 'title' on lines 2 and 4; keep one of them"]


@pytest.mark.parametrize("front, line, column, hint", [
    ("title: a: b\n", 2, 9, "enclose the whole value in 'single quotes'"),
    ("title: T\nauthor: 'unclosed\n", 3, 18, "a quoted value is not closed"),
    ("title: T\n\tauthor: x\n", 3, 1, "YAML does not allow tabs for indentation"),
    ("title: T\nkeywords: [a, b\n", 3, 16, ""),
])
def test_yaml_errors_name_line_and_column_in_the_md_file(tmp_path, front, line, column, hint):
    # A BOM and CRLF line ends must not shift either number.
    for data in (article(front).encode(), b"\xef\xbb\xbf" + article(front).replace("\n", "\r\n").encode()):
        [message] = errors_of(tmp_path, data)
        assert message.startswith(f"a.md:{line}: error: front matter is not valid YAML at line {line}, "
                                  f"column {column}: ")
        assert hint in message


def test_yaml_column_points_at_the_character_in_the_file(tmp_path):
    text = article("title: T\nauthor: x: y\n")
    [message] = errors_of(tmp_path, text)
    column = int(message.split("column ")[1].split(":")[0])
    assert text.splitlines()[2][column - 1] == ":"


def test_alias_bomb_is_refused_quickly(tmp_path):
    levels = "".join(f"l{i}: &l{i} [*l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}, *l{i - 1}]\n"
                     for i in range(1, 20))
    started = time.perf_counter()
    [message] = errors_of(tmp_path, article("title: T\nl0: &l0 [x, x]\n" + levels))
    assert time.perf_counter() - started < 2
    assert message.startswith("a.md:4: error: YAML aliases (*name) are not allowed")


def test_schema_errors_are_all_reported_in_file_order_in_plain_words(tmp_path):
    front = ("title: [a, b]\nlanguage: english!\nfit: lots\npage_size: A5\nkeywords: {a: b}\n"
             "tittle: x\nreflection: [[nested]]\n")
    assert errors_of(tmp_path, article(front)) == [
        "a.md:2: error: 'title' must be text, not a list",
        "a.md:3: error: 'language': 'english!' is not a language tag; use a BCP 47 tag such as 'en', "
        "'en-GB' or 'pt-BR'",
        "a.md:4: error: 'fit' must be a whole number",
        "a.md:5: error: 'page_size' must be 'A4' or 'Letter'",
        "a.md:6: error: 'keywords' must be text or a list, not a mapping",
        "a.md:7: error: unknown front matter key 'tittle'; did you mean 'title'?",
        "a.md:8: error: 'reflection' must be a list of plain text items",
    ]


@pytest.mark.parametrize("text, expected", [
    ("title: ''\n", "a.md:2: error: 'title' must not be empty"),
    ("author: A\n", "a.md:2: error: front matter needs 'title: ...'"),
    ("", "a.md:2: error: front matter is empty: it needs at least 'title: ...'"),
    ("- a\n- b\n", "a.md:2: error: front matter must be 'key: value' lines"),
    ("title: T\n? [a]\n: b\n", "a.md:3: error: front matter keys must be plain words"),
    ("title: T\nfit: 99\n", "a.md:3: error: 'fit' must be at most 50"),
    ("title: {a: b}\n", "a.md:2: error: 'title' must be text or a list, not a mapping"),
])
def test_malformed_front_matter_is_one_clear_error(tmp_path, text, expected):
    assert errors_of(tmp_path, article(text)) == [expected]


@pytest.mark.parametrize("data, expected", [
    (b"", "a.md: error: file is empty"),
    (b" \n\r\n\t", "a.md: error: file is empty"),
    (b"\xef\xbb\xbf", "a.md: error: file is empty"),
    (b"---\ntitle: caf\xe9\n---\n", "a.md:2: error: not valid UTF-8 at byte offset 14 (byte 0xe9)"),
    (b"\xef\xbb\xbf---\ntitle: caf\xe9\n---\n", "a.md:2: error: not valid UTF-8 at byte offset 17 (byte 0xe9)"),
    ("---\ntitle: T\n---\n".encode("utf-16"), "a.md:1: error: file is UTF-16; save it as UTF-8"),
    (b"---\ntitle: T\n---\n\nNUL\x00here\n", "a.md:5: error: file contains a NUL byte"),
    (b"Just text, no front matter.\n", "a.md:1: error: missing front matter"),
    (b"---\ntitle: T\n\nbody without a closing fence\n", "a.md:1: error: front matter is not closed"),
])
def test_unreadable_sources_fail_clearly(tmp_path, data, expected):
    [message] = errors_of(tmp_path, data)
    assert message.startswith(expected)


def test_bom_and_crlf_are_fine(tmp_path):
    data = "\ufeff---\r\ntitle: BOM\r\n---\r\n\r\n## Part\r\n\r\nText.\r\n"
    read, warnings = read_bytes_article(tmp_path, data.encode("utf-8"))
    assert (read.meta.title, warnings) == ("BOM", [])
    assert read.body[0].line == 5  # lines still count in the file


def test_only_front_matter_builds_an_empty_article(tmp_path):
    read, _ = read_bytes_article(tmp_path, b"---\ntitle: Only\n---\n")
    assert read.meta.title == "Only" and read.body == () and read.intro == ()


def test_over_long_lines_fail_at_their_line_and_a_word_may_fill_a_line(tmp_path):
    line = "word " * (MAX_LINE_CHARS // 5 + 1)
    assert errors_of(tmp_path, article("title: T\n", f"ok\n\n{line}\n"))[0].startswith(
        f"a.md:7: error: line is {len(line):,} characters long; the limit is {MAX_LINE_CHARS:,}")
    word = "x" * (MAX_LINE_CHARS - 10)  # a long URL is content: the renderer gives it break opportunities
    read, _ = read_bytes_article(tmp_path, article("title: T\n", f"| a |\n| - |\n| {word} |\n").encode())
    assert read.intro[0].rows[0].cells[0].inline.text == word


@pytest.mark.parametrize("nested", [
    "keywords:\n" + "".join(" " * i + "a:\n" for i in range(1500)),  # block mappings
    "keywords: " + "[ " * 3000 + "] " * 3000 + "\n",  # flow lists
])
def test_deeply_nested_yaml_fails_clearly_not_with_a_recursion_error(tmp_path, nested):
    started = time.perf_counter()
    [message] = errors_of(tmp_path, article("title: T\n" + nested))
    assert "front matter is nested more than 10 levels deep" in message
    assert message.startswith("a.md:")
    assert time.perf_counter() - started < 5
