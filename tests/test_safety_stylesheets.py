"""A broken --css stylesheet (a stray `}`, a declaration outside a rule, a rule with an unreadable
selector) is a warning at the stylesheet's line, as docs/command-line.md promises, never an
internal error; the EPUB carries the sheet without what every CSS parser drops, so EPUBCheck
passes it (issue 26, item 8)."""

from __future__ import annotations

import subprocess
import zipfile

import pytest
from conftest import epubcheck_jar, write_article

from handout.cli import main
from handout.render.user_stylesheets import epub_stylesheet

BROKEN = {
    "stray-brace": ("p { color: red }\n}\n", 2),
    "declaration-outside-a-rule": ("color: blue;\n", 1),
    "declaration-before-a-rule": ("color: blue;\nh2 { color: green }\n", 1),
    "brace-first": ("}\np { color: red }\n", 1),
    "media-then-brace": ("@media print { p { color: red } } }\n", 1),
    "unclosed-rule": ("p { color: red\n", None),
}


@pytest.mark.parametrize("name", BROKEN)
def test_broken_stylesheets_are_warnings_at_their_line_never_internal_errors(tmp_path, capsys, name):
    css, line = BROKEN[name]
    sheet = tmp_path / "brand.css"
    sheet.write_text(css, encoding="utf-8")
    article = write_article(tmp_path, "a.md", "---\ntitle: T\n---\n\nText.\n")
    status = main([str(article), "-o", str(tmp_path / "out"), "--css", str(sheet), "-j", "1"])
    err = capsys.readouterr().err
    assert "internal error" not in err and "Traceback" not in err, err
    assert status == 0 and (tmp_path / "out" / "a.epub").is_file()
    if line is not None:
        assert f"{sheet}:{line}: warning: CSS: " in err, err


def test_the_epub_copy_of_a_stylesheet_keeps_every_readable_rule():
    css = b"/* brand */\n}\ncolor: blue;\nh2 { color: green }\na:hover, p::first-line { color: red }\n" \
          b"@media (max-width: 30em) { p { margin: 0 } }\np::-webkit-scrollbar { width: 0 }\n"
    kept = epub_stylesheet(css).decode()
    assert "/* brand */" in kept and "a:hover, p::first-line { color: red }" in kept
    assert "@media (max-width: 30em) { p { margin: 0 } }" in kept and "::-webkit-scrollbar" in kept
    assert "color: blue" not in kept and "h2 { color: green }" not in kept  # one rule, unreadable as CSS reads it


@pytest.mark.slow
def test_epubs_made_with_broken_stylesheets_pass_epubcheck(tmp_path):
    jar = epubcheck_jar()
    if jar is None:
        pytest.skip("EPUBCheck needs Java and the epubcheck package")
    article = write_article(tmp_path, "a.md", "---\ntitle: T\n---\n\nText.\n")
    sheets = []
    for index, (css, _) in enumerate(BROKEN.values()):
        sheets += ["--css", str(tmp_path / f"s{index}.css")]
        (tmp_path / f"s{index}.css").write_text(css, encoding="utf-8")
    assert main([str(article), "-o", str(tmp_path / "out"), *sheets, "-j", "1"]) == 0
    with zipfile.ZipFile(tmp_path / "out" / "a.epub") as epub:
        assert sum(name.startswith("EPUB/styles/user-") for name in epub.namelist()) == len(BROKEN)
    run = subprocess.run(["java", "-jar", str(jar), str(tmp_path / "out" / "a.epub")], capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
