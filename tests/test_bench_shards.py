"""bench/shards.py: the generated library, the shards' union check, and a tiny run of every shard."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
from conftest import ROOT

from handout.parallel import select_shard

spec = importlib.util.spec_from_file_location("bench_shards", ROOT / "bench" / "shards.py")
shards = importlib.util.module_from_spec(spec)
spec.loader.exec_module(shards)


def reports(expected: list[Path], count: int) -> list[dict]:
    """What `build.py --shard I/count --json` reports when every article builds."""
    return [{"index": index, "count": count, "seconds": 1.0, "code": 0, "articles": [
        {"path": path.as_posix(), "ok": True, "problems": [],
         "outputs": [f"output-{index}/{path.stem}.pdf", f"output-{index}/{path.stem}.epub"]}
        for path in select_shard(expected, index, count)]} for index in range(1, count + 1)]


def test_the_library_is_the_soaks_articles_named_as_a_ci_job_names_them(tmp_path):
    expected = shards.generate_library(tmp_path, 6, seed=3)
    assert len(expected) == len({path.stem for path in expected}) == 6
    assert all(not path.is_absolute() and path.parts[0] == "content" for path in expected)
    assert all((tmp_path / path).is_file() for path in expected)
    again = shards.generate_library(tmp_path / "again", 6, seed=3)  # seeded: the same library every time
    assert [(tmp_path / path).read_bytes() for path in expected] == \
        [(tmp_path / "again" / path).read_bytes() for path in again]


def test_the_union_check_finds_a_missing_and_a_doubled_article(tmp_path):
    expected = shards.generate_library(tmp_path, 7)
    built = reports(expected, 3)
    assert shards.union_problems(expected, built) == []
    assert all(shards.slice_problems(expected, shard) == [] for shard in built)
    lost = built[0]["articles"].pop()
    built[1]["articles"].append(dict(built[2]["articles"][0]))
    problems = shards.union_problems(expected, built)
    assert problems == [f"{Path(lost['path']).stem}: no shard wrote it",
                        f"{Path(built[2]['articles'][0]['path']).stem}: written by shards 2, 3"]
    assert shards.slice_problems(expected, built[0]) == [f"{lost['path']}: dealt to shard 1 but not in its report"]


def test_a_projection_uses_the_largest_shard():
    lines = shards.projection(1000, 0.6)
    assert "| 8 | 125 | 1.2 |" in lines and "| 16 | 63 | 0.6 |" in lines


@pytest.mark.slow
def test_every_shard_of_a_tiny_library_builds_and_together_they_are_the_library(tmp_path, capsys):
    assert shards.main(["--articles", "6", "--all-shards", "--shard-count", "3", "--keep", str(tmp_path / "lib")]) == 0
    printed = capsys.readouterr().out
    assert "union of the shards' outputs: every article once" in printed
    for index in (1, 2, 3):
        assert f"shard {index}/3: 2 articles" in printed
    pdfs = [path.name for index in (1, 2, 3) for path in (tmp_path / "lib" / f"output-{index}").glob("*.pdf")]
    assert len(pdfs) == len(set(pdfs)) == 6
