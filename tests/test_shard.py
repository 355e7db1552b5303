"""--shard I/N: slices partition the articles, are balanced, and do not depend on input order."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handout.cli import main, same_outputs
from handout.parallel import select_shard, shard_value

names = st.lists(st.from_regex(r"[a-z]{1,6}(/[a-z]{1,6})?\.md", fullmatch=True), max_size=30, unique=True)


@given(names, st.integers(1, 8), st.randoms())
def test_shards_partition_the_articles_whatever_the_order(paths, count, random):
    targets = [Path(name) for name in paths]
    slices = [select_shard(targets, index, count) for index in range(1, count + 1)]
    assert sorted(path for part in slices for path in part) == sorted(targets)  # each in exactly one
    assert max(map(len, slices)) - min(map(len, slices)) <= 1
    shuffled = list(targets)
    random.shuffle(shuffled)
    assert [select_shard(shuffled, index, count) for index in range(1, count + 1)] == slices


def test_slices_do_not_depend_on_where_the_checkout_is():
    here = [Path("/ci/a/content") / name for name in ("c.md", "a.md", "b.md")]
    there = [Path("/home/me/work/content") / name for name in ("b.md", "c.md", "a.md")]
    assert [p.name for p in select_shard(here, 1, 2)] == [p.name for p in select_shard(there, 1, 2)] == ["a.md", "c.md"]


@pytest.mark.parametrize("text", ["1/1", "2/3", " 4/4 "])
def test_good_shard_values(text):
    index, count = shard_value(text)
    assert 1 <= index <= count


@pytest.mark.parametrize("text", ["0/2", "3/2", "1/0", "a/b", "1", "1/2/3", "-1/2", ""])
def test_bad_shard_values_are_usage_errors(text, tmp_path, capsys):
    with pytest.raises(argparse.ArgumentTypeError):
        shard_value(text)
    (tmp_path / "a.md").write_text("---\ntitle: A\n---\n", encoding="utf-8")
    with pytest.raises(SystemExit) as stopped:
        main([str(tmp_path), "--shard", text, "-o", str(tmp_path / "out")])
    assert stopped.value.code == 2
    assert "--shard" in capsys.readouterr().err


@pytest.mark.parametrize("text", ["0", "-1", "two", "1.5"])
def test_bad_job_counts_are_usage_errors(text, tmp_path, capsys):
    (tmp_path / "a.md").write_text("---\ntitle: A\n---\n", encoding="utf-8")
    with pytest.raises(SystemExit) as stopped:
        main([str(tmp_path), "-j", text, "-o", str(tmp_path / "out")])
    assert stopped.value.code == 2
    assert "number of jobs" in capsys.readouterr().err


def test_shard_builds_only_its_slice(tmp_path, capsys):
    content = tmp_path / "content"
    content.mkdir()
    for name in ("c", "a", "b"):
        (content / f"{name}.md").write_text(f"---\ntitle: Article {name}\n---\n\nText of {name}.\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main([str(content), "--shard", "2/2", "-o", str(out), "-j", "1", "--no-check"]) == 0
    assert sorted(path.name for path in out.glob("*.pdf")) == ["b.pdf"]
    assert main([str(content), "--shard", "3/3", "-o", str(out), "-j", "1", "--no-check"]) == 0
    assert sorted(path.name for path in out.glob("*.pdf")) == ["b.pdf", "c.pdf"]


def test_a_clash_across_shards_fails_in_each_shard_and_builds_neither(tmp_path, capsys):
    """a/x.md and b/x.md both write x.pdf; dealt into two shards, each shard alone sees no clash,
    so checking only the shard would build both, and gathering the outputs would lose one."""
    content = tmp_path / "content"
    for folder in ("a", "b"):
        (content / folder).mkdir(parents=True)
        (content / folder / "x.md").write_text(f"---\ntitle: X of {folder}\n---\n\nText.\n", encoding="utf-8")
    (content / "w.md").write_text("---\ntitle: W\n---\n\nText of w.\n", encoding="utf-8")
    a, b, w = content / "a" / "x.md", content / "b" / "x.md", content / "w.md"
    collection = [a, b, w]
    shards = {index: select_shard(collection, index, 2) for index in (1, 2)}
    assert shards == {1: [w, b], 2: [a]}  # sorted by name (w.md, x.md, x.md), dealt round-robin
    out = tmp_path / "out"
    assert same_outputs(shards[1], out) == same_outputs(shards[2], out) == {}  # the shard alone: no clash
    assert set(same_outputs(shards[1], out, collection)) == {b}
    assert set(same_outputs(shards[2], out, collection)) == {a}

    expected = {a: f"{a}: error: '{b}' would write the same {out / 'x'}.pdf and .epub",
                b: f"{b}: error: '{a}' would write the same {out / 'x'}.pdf and .epub"}
    for index, mine in ((1, b), (2, a)):
        assert main([str(content), "--shard", f"{index}/2", "-o", str(out), "-j", "1", "--no-check"]) == 1
        err = capsys.readouterr().err
        assert expected[mine] in err and f"{mine}: FAILED" in err
        assert str(a if mine == b else b) + ": error:" not in err  # the other shard's article is not reported here
    assert sorted(path.name for path in out.iterdir() if not path.name.startswith(".")) == ["w.epub", "w.pdf"]


def test_the_clash_message_is_the_same_sharded_or_not(tmp_path, capsys):
    content = tmp_path / "content"
    for folder in ("a", "b", "c"):
        (content / folder).mkdir(parents=True)
        (content / folder / "x.md").write_text("---\ntitle: X\n---\n\nText.\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main([str(content), "-o", str(out), "-j", "1", "--no-check"]) == 1
    whole = {line for line in capsys.readouterr().err.splitlines() if "would write the same" in line}
    sharded = set()
    for index in (1, 2, 3):
        assert main([str(content), "--shard", f"{index}/3", "-o", str(out), "-j", "1", "--no-check"]) == 1
        sharded |= {line for line in capsys.readouterr().err.splitlines() if "would write the same" in line}
    assert len(whole) == 3 and sharded == whole
    assert not list(out.glob("x*"))


def test_the_same_file_named_twice_lands_in_one_shard_only(tmp_path, capsys):
    content = tmp_path / "content"
    content.mkdir()
    (content / "a.md").write_text("---\ntitle: A\n---\n\nText.\n", encoding="utf-8")
    (content / "b.md").write_text("---\ntitle: B\n---\n\nText.\n", encoding="utf-8")
    again = content / ".." / "content" / "a.md"  # content/a.md spelled otherwise: one article, not a clash
    out = tmp_path / "out"
    built = []
    for index in (1, 2):
        assert main([str(content), str(again), "--shard", f"{index}/2", "-o", str(out), "-j", "1", "--no-check"]) == 0
        built += [line.split(": ")[0] for line in capsys.readouterr().out.splitlines()]
    assert sorted(Path(path).name for path in built) == ["a.md", "b.md"]  # each built by one shard only
