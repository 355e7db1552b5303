"""Compiled templates kept beside the code (handout/render/template_cache.py, issue 27): a
template is compiled once, not in every process; an edited template, built-in or a --templates
override, is never served from its old compiled code; nothing is written when
PYTHONDONTWRITEBYTECODE says so, and a cache that cannot be written or is damaged costs only
the compiling."""

from __future__ import annotations

import os
import sys

import jinja2
import pytest

from handout.render import html, template_cache
from handout.render.template_cache import TemplateCache


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "pycache"
    monkeypatch.setattr(template_cache, "CACHE", folder)
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    return folder


def environment(folder) -> tuple[jinja2.Environment, list[str]]:
    """A fresh environment (as a new process has) over `folder`, counting what it compiles."""
    made = jinja2.Environment(loader=jinja2.FileSystemLoader(str(folder)), bytecode_cache=TemplateCache())
    compiled: list[str] = []
    original = made.compile
    made.compile = lambda source, name=None, filename=None, *rest: compiled.append(name) or original(
        source, name, filename, *rest)
    return made, compiled


def test_a_template_is_compiled_once_then_read_back(cache, tmp_path):
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "a.j2").write_text("Hello {{ name }}!")
    first, compiled = environment(tmp_path / "t")
    assert first.get_template("a.j2").render(name="Ana") == "Hello Ana!" and compiled == ["a.j2"]
    assert len(list(cache.glob("jinja2-*.cache"))) == 1
    second, compiled = environment(tmp_path / "t")
    assert second.get_template("a.j2").render(name="Ben") == "Hello Ben!" and compiled == []


def test_an_edited_template_is_compiled_afresh(cache, tmp_path):
    (tmp_path / "t").mkdir()
    template = tmp_path / "t" / "a.j2"
    template.write_text("Version one")
    environment(tmp_path / "t")[0].get_template("a.j2")
    stat = template.stat()
    template.write_text("Version two")  # same length, and the same time stamp below: only the text differs
    os.utime(template, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    again, compiled = environment(tmp_path / "t")
    assert again.get_template("a.j2").render() == "Version two" and compiled == ["a.j2"]


def test_an_override_folder_s_edit_reaches_the_page(cache, tmp_path):
    """The real environment: a --templates override of the cover, edited between two builds."""
    override = tmp_path / "override"
    override.mkdir()
    cover = override / "cover.html.j2"
    cover.write_text("<p>{{ title }} (one)</p>")
    html.environment.cache_clear()
    try:
        assert html.render("cover.html.j2", str(override), title="T") == "<p>T (one)</p>"
        cover.write_text("<p>{{ title }} (two)</p>")
        html.environment.cache_clear()  # as in a new process
        assert html.render("cover.html.j2", str(override), title="T") == "<p>T (two)</p>"
        assert not list(override.glob("*.cache")) and list(cache.glob("jinja2-*.cache"))
    finally:
        html.environment.cache_clear()


def test_nothing_is_written_when_bytecode_is_not_to_be_written(cache, tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "a.j2").write_text("x")
    assert environment(tmp_path / "t")[0].get_template("a.j2").render() == "x"
    assert not cache.exists()


def test_an_unwritable_cache_costs_only_the_compiling(cache, tmp_path):
    cache.write_text("a file where the folder should be")
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "a.j2").write_text("still {{ 1 + 1 }}")
    assert environment(tmp_path / "t")[0].get_template("a.j2").render() == "still 2"


def test_a_damaged_cache_file_is_compiled_afresh(cache, tmp_path):
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "a.j2").write_text("intact {{ 2 * 3 }}")
    environment(tmp_path / "t")[0].get_template("a.j2")
    stored = next(cache.glob("jinja2-*.cache"))
    stored.write_bytes(stored.read_bytes()[:40])
    again, compiled = environment(tmp_path / "t")
    assert again.get_template("a.j2").render() == "intact 6" and compiled == ["a.j2"]
