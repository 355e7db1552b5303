"""Generated covers are kept in output/.handout-cache and reused only when nothing that makes
them has changed; the cache can never break or change a build."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

from conftest import write_article

from handout.cli import main
from handout.render import cover as render_cover
from handout.write import file_cache
from handout.write.file_cache import CACHE_NAME, FileCache

ARTICLE = "---\ntitle: {title}\n---\n\nSome text.\n"


def cover_of(epub: Path) -> bytes:
    with zipfile.ZipFile(epub) as package:
        return package.read("EPUB/images/cover.png")


def build(folder: Path, out: Path, title: str = "Cached Cover") -> Path:
    article = write_article(folder, "a.md", ARTICLE.format(title=title))
    assert main([str(article), "-o", str(out), "--force", "-j", "1"]) == 0
    return out / "a.epub"


def never_rendered(*args, **kwargs):
    raise AssertionError("the cover was rendered again instead of taken from the cache")


def test_a_rebuild_takes_the_cover_from_the_cache_byte_for_byte(tmp_path, monkeypatch):
    out = tmp_path / "out"
    first = cover_of(build(tmp_path, out))
    assert len(list((out / CACHE_NAME).glob("cover-*.png"))) == 1
    monkeypatch.setattr(render_cover, "rasterised", never_rendered)
    assert cover_of(build(tmp_path, out)) == first


def test_a_new_title_makes_a_new_cover(tmp_path):
    out = tmp_path / "out"
    first = cover_of(build(tmp_path, out, "First Title"))
    second = cover_of(build(tmp_path, out, "Second Title"))
    assert first != second
    assert len(list((out / CACHE_NAME).glob("cover-*.png"))) == 2


def test_the_key_follows_the_fonts(monkeypatch, tmp_path):
    before = render_cover.cover_key("<p>same page</p>")
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    (fonts / "Other.ttf").write_bytes(b"not the same fonts")
    monkeypatch.setattr(render_cover, "FONTS", fonts)
    assert render_cover.cover_key("<p>same page</p>") != before
    assert render_cover.cover_key("<p>another page</p>") != render_cover.cover_key("<p>same page</p>")


def test_a_cache_that_cannot_be_written_only_costs_time(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / CACHE_NAME).write_text("a file where the cache folder would go")
    uncached = cover_of(build(tmp_path, out))
    assert uncached == cover_of(build(tmp_path, tmp_path / "elsewhere"))


def test_the_cache_keeps_the_most_recently_used_entries(tmp_path, monkeypatch):
    monkeypatch.setattr(file_cache, "MAX_ENTRIES", 3)
    cache = FileCache(tmp_path)
    for index in range(3):
        cache.put(f"k{index}", ".bin", b"x")
        os.utime(cache.folder / f"k{index}.bin", ns=(index * 10**9, index * 10**9))
    assert cache.get("k0", ".bin") == b"x"  # now the most recently used
    cache.put("k3", ".bin", b"y")
    assert sorted(path.name for path in cache.folder.iterdir()) == ["k0.bin", "k2.bin", "k3.bin"]
    assert cache.get("k1", ".bin") is None


def test_a_killed_builds_half_written_entry_is_swept(tmp_path):
    cache = FileCache(tmp_path)
    cache.put("k0", ".bin", b"x")
    dead = cache.folder / ".handout-k1.bin.999999999-abcd.tmp"  # no process has this id
    dead.write_bytes(b"half")
    cache.put("k2", ".bin", b"y")
    assert not dead.exists()
    assert sorted(path.name for path in cache.folder.iterdir()) == ["k0.bin", "k2.bin"]
