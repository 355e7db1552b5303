"""The documentation keeps up with the code: the README stays short, and the guides name every
command-line option, every front matter key, every handout.yaml setting and every book key."""

from __future__ import annotations

import dataclasses
import re

from conftest import ROOT

from handout.cli import parser
from handout.read.book import BOOK_KEYS
from handout.read.front_matter import KNOWN_KEYS as FRONT_MATTER_KEYS
from handout.read.project_settings import ProjectSettings as Settings

DOCS = ROOT / "docs"


def text_of(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def test_the_readme_is_short_and_its_links_lead_somewhere():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 200
    for target in re.findall(r"\]\(([^)#]+)\)", readme):
        if not target.startswith("http"):
            assert (ROOT / target).exists(), target


def prose(markdown: str) -> str:
    """A guide without its code (fenced blocks and `spans`): examples there are not links."""
    return re.sub(r"`[^`\n]+`", "", re.sub(r"```.*?```", "", markdown, flags=re.S))


def test_every_guide_link_leads_somewhere():
    for page in DOCS.glob("*.md"):
        for target in re.findall(r"\]\(([^)#]+)\)", prose(page.read_text(encoding="utf-8"))):
            if not target.startswith(("http", "mailto:")):
                assert (page.parent / target).exists(), f"{page.name}: {target}"


def test_every_option_is_documented():
    documented = text_of("command-line.md")
    options = [flag for action in parser()._actions for flag in action.option_strings if flag != "-h"]
    assert [flag for flag in options if f"`{flag}" not in documented] == []
    assert "build.py new" in documented


def test_every_key_is_documented():
    assert [key for key in FRONT_MATTER_KEYS if f"`{key}`" not in text_of("writing.md")] == []
    settings = [field.name for field in dataclasses.fields(Settings)]
    assert [key for key in settings if not re.search(rf"^{key}:", text_of("printing.md"), re.M)] == []
    assert [key for key in BOOK_KEYS if not re.search(rf"^{key}:", text_of("epub-and-books.md"), re.M)] == []
