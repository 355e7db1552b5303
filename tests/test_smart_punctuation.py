"""Smart punctuation: the language's quotation marks, en and em dashes and ellipses in the
body and the plain front matter values, code left as typed, `smart: false` to keep it all;
and the checks compare like with like in both outputs."""

from __future__ import annotations

import html
import io
import zipfile

import pytest
from conftest import write_article
from pypdf import PdfReader

from handout.cli import main
from handout.read.article import read_article

BODY = """Intro with "quotes", it's -- and --- then... and `"code" -- ...`.

## What "helps"

| Step | What "it" does |
| --- | --- |
| Breathe -- slowly | "Calms" you... |
"""


@pytest.mark.parametrize("language, quoted", [
    ("en", "“quotes”"), ("de", "„quotes“"), ("fr", "«\u202fquotes\u202f»"), ("es", "«quotes»")])
def test_quotes_dashes_and_ellipses_follow_the_language(tmp_path, language, quoted):
    front = f'---\ntitle: The "{language}" title...\nlanguage: {language}\n---\n\n'
    path = write_article(tmp_path, "a.md", front + BODY)
    article, _ = read_article(path)
    intro = article.intro[0].inline
    assert quoted in intro.text and "–" in intro.text and "—" in intro.text and "…" in intro.text
    assert '<code>"code" -- ...</code>' in intro.html.replace("&quot;", '"')  # code keeps what was typed
    assert article.meta.title.endswith("title…") and '"' not in article.meta.title
    assert "Breathe – slowly" in article.tables[0].rows[0].cells[0].inline.text


def test_smart_false_keeps_what_was_typed(tmp_path):
    path = write_article(tmp_path, "a.md", f'---\ntitle: The "plain" title...\nsmart: false\n---\n\n{BODY}')
    article, _ = read_article(path)
    assert article.meta.title == 'The "plain" title...'
    assert 'Intro with "quotes", it\'s -- and --- then...' in article.intro[0].inline.text


@pytest.mark.parametrize("smart", ["", "smart: false\n"])
def test_both_outputs_carry_the_model_s_punctuation_and_pass_their_checks(tmp_path, smart):
    path = write_article(tmp_path, "a.md", f'---\ntitle: The "quoted" title\n{smart}---\n\n{BODY}')
    assert main([str(path), "-o", str(tmp_path / "out"), "-j", "1"]) == 0
    pdf = " ".join(page.extract_text() for page in PdfReader(tmp_path / "out" / "a.pdf").pages)
    epub = zipfile.ZipFile(io.BytesIO((tmp_path / "out" / "a.epub").read_bytes()))
    page = html.unescape(next(epub.read(name).decode() for name in epub.namelist() if name.endswith("a.xhtml")))
    if smart:
        assert '"quoted"' in pdf and '"quoted"' in page and "Breathe -- slowly" in page
    else:
        assert "“quoted”" in pdf and "“quoted”" in page and "Breathe – slowly" in page
