#!/usr/bin/env python3
"""What one CI shard of a large library costs: a library of generated articles (the soak's
seeded generator, tests/corpus/generate.py, half of them with a practice's branding) built one
shard at a time as a CI job builds it (`build.py --shard I/N -o output --json report.json` in a
fresh output folder, default -j, checks on), timed from outside the process.

    .venv/bin/python bench/shards.py                              # 1,000 articles, shard 1/8 (docs/ci.md's figure)
    .venv/bin/python bench/shards.py --articles 200 --shard 2/4
    .venv/bin/python bench/shards.py --all-shards --shard-count 8 # every shard in turn, and their union checked
    .venv/bin/python bench/shards.py --keep /tmp/library          # keep the library and the outputs (a new folder)

Prints the articles in the shard, its wall time, the time per article (wall / articles: process
start and the pool's set-up included, as a runner pays them) and what the whole library would
take on N runners like this machine. `--all-shards` builds every shard one after another,
reports each and the total, and checks that the shards' outputs together are every article's,
none missing and none twice. Exit status 1 when an article fails or the union is wrong."""

from __future__ import annotations

import argparse
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]  # the generator and the soak's helpers live with the tests

from handout.parallel import select_shard, shard_value  # noqa: E402
from soak import python_for_builds, write_corpus  # noqa: E402

PROJECTED_RUNNERS = (1, 2, 4, 8, 16)


def generate_library(folder: Path, articles: int, seed: int = 1) -> list[Path]:
    """Write `articles` generated articles into folder/content/ (as `make soak` does, no books);
    return their paths relative to `folder`, as a CI job in that checkout names them."""
    items = write_corpus(folder / "content", articles, 0, seed)
    return [item.path.relative_to(folder) for item in items]


def build_shard(folder: Path, index: int, count: int) -> dict:
    """One CI job: `build.py --shard index/count` in `folder` (its content/), fresh output folder.
    Returns the shard's wall time, exit status and its JSON report's articles."""
    output, report = f"output-{index}", f"report-{index}.json"
    shutil.rmtree(folder / output, ignore_errors=True)
    (folder / report).unlink(missing_ok=True)
    command = [python_for_builds(), str(ROOT / "build.py"), "--shard", f"{index}/{count}",
               "-o", output, "--json", report]
    started = time.perf_counter()
    result = subprocess.run(command, cwd=folder, capture_output=True, text=True, env=dict(os.environ, CI="1"))
    seconds = time.perf_counter() - started
    try:
        articles = json.loads((folder / report).read_text(encoding="utf-8"))["articles"]
    except (OSError, ValueError, KeyError):
        sys.exit(f"shard {index}/{count}: no JSON report (exit status {result.returncode}):\n"
                 + "\n".join(result.stderr.strip().splitlines()[-10:]))
    return {"index": index, "count": count, "seconds": seconds, "code": result.returncode,
            "articles": articles, "log": result.stderr}


def shard_line(shard: dict) -> str:
    articles = shard["articles"]
    failed = [entry for entry in articles if not entry["ok"]]
    per_article = shard["seconds"] / max(1, len(articles))
    return (f"shard {shard['index']}/{shard['count']}: {len(articles)} articles, {shard['seconds']:.1f} s wall, "
            f"{per_article:.3f} s per article, {len(failed)} failed")


def failures(shard: dict) -> list[str]:
    """The failed articles' first problem lines, for the end of the run."""
    lines = []
    for entry in shard["articles"]:
        if not entry["ok"]:
            first = next((problem["text"] for problem in entry["problems"] if problem["severity"] == "error"),
                         f"{entry['path']}: FAILED")
            lines.append(f"  {first}")
    return lines


def projection(total: int, per_article: float) -> list[str]:
    """The whole library on N runners like this one: the largest shard's articles x the time per article."""
    lines = [f"projected for {total} articles at {per_article:.3f} s per article (build only, set-up not included):",
             "| runners (2 cores each) | articles per shard | minutes per shard |", "| --- | --- | --- |"]
    for runners in PROJECTED_RUNNERS:
        largest = math.ceil(total / runners)
        lines.append(f"| {runners} | {largest} | {largest * per_article / 60:.1f} |")
    return lines


def union_problems(expected: list[Path], shards: list[dict]) -> list[str]:
    """Whether the shards' outputs together are every article's outputs, each from one shard:
    the slugs missing, the slugs written by two shards (or twice in one), the slugs not expected."""
    written: dict[str, list[int]] = {}
    for shard in shards:
        for entry in shard["articles"]:
            for output in entry["outputs"]:
                if output.endswith(".pdf"):
                    written.setdefault(Path(output).stem, []).append(shard["index"])
    slugs = {path.stem for path in expected}
    problems = [f"{slug}: no shard wrote it" for slug in sorted(slugs - set(written))]
    problems += [f"{slug}: written by shards {', '.join(map(str, where))}"
                 for slug, where in sorted(written.items()) if len(where) > 1]
    problems += [f"{slug}: written but not an article of the library" for slug in sorted(set(written) - slugs)]
    return problems


def slice_problems(expected: list[Path], shard: dict) -> list[str]:
    """The shard built exactly the articles select_shard deals it (as the report names them)."""
    dealt = {path.as_posix() for path in select_shard(expected, shard["index"], shard["count"])}
    built = {Path(entry["path"]).as_posix() for entry in shard["articles"]}
    return ([f"{path}: dealt to shard {shard['index']} but not in its report" for path in sorted(dealt - built)]
            + [f"{path}: in shard {shard['index']}'s report but not dealt to it" for path in sorted(built - dealt)])


def run(folder: Path, articles: int, seed: int, index: int, count: int, every: bool) -> int:
    started = time.perf_counter()
    expected = generate_library(folder, articles, seed)
    print(f"library: {len(expected)} generated articles (seeds {seed}-{seed + articles - 1}) in {folder / 'content'}"
          f" ({time.perf_counter() - started:.1f} s to write)", flush=True)
    shards, problems = [], []
    for shard_index in range(1, count + 1) if every else [index]:
        shard = build_shard(folder, shard_index, count)
        print(shard_line(shard), flush=True)
        shards.append(shard)
        problems += failures(shard) + slice_problems(expected, shard)
        if shard["code"] not in (0, 1):
            problems.append(f"shard {shard_index}/{count}: build.py exit status {shard['code']}")
    built = sum(len(shard["articles"]) for shard in shards)
    seconds = sum(shard["seconds"] for shard in shards)
    per_article = seconds / max(1, built)
    if every:
        print(f"all {count} shards: {built} articles, {seconds:.1f} s wall one after another, "
              f"{per_article:.3f} s per article; the slowest shard {max(s['seconds'] for s in shards):.1f} s")
        union = union_problems(expected, shards)
        print("union of the shards' outputs: " + ("every article once" if not union else f"{len(union)} problems"))
        problems += [f"  {line}" for line in union]
    largest = math.ceil(len(expected) / count)
    print(f"whole library on {count} runners like this machine: about {largest * per_article:.0f} s each "
          f"({largest} articles in the largest shard), plus set-up")
    print("\n".join(projection(len(expected), per_article)))
    if problems:
        print("problems:\n" + "\n".join(problems), file=sys.stderr)
    return 1 if problems else 0


def arguments() -> argparse.ArgumentParser:
    made = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    made.add_argument("--articles", type=int, default=1000, metavar="N", help="articles to generate (default 1000)")
    made.add_argument("--seed", type=int, default=1, metavar="S", help="first seed, as the soak's (default 1)")
    made.add_argument("--shard", type=shard_value, default=(1, 8), metavar="I/N", help="the shard to build (default 1/8)")
    made.add_argument("--all-shards", action="store_true", help="build every shard one after another, check the union")
    made.add_argument("--shard-count", type=int, metavar="N",
                      help="with --all-shards: how many shards (default: the N of --shard)")
    made.add_argument("--keep", type=Path, metavar="DIR",
                      help="generate and build in DIR (a new or empty folder) and keep it; default: a temporary folder")
    return made


def main(argv: list[str] | None = None) -> int:
    made = arguments()
    args = made.parse_args(argv)
    if args.articles < 1:
        made.error("--articles: at least 1")
    index, count = args.shard
    if args.shard_count is not None:
        if not args.all_shards:
            made.error("--shard-count goes with --all-shards (one shard: --shard I/N)")
        if args.shard_count < 1:
            made.error("--shard-count: at least 1")
        count = args.shard_count
    if args.keep:
        if args.keep.exists() and (not args.keep.is_dir() or any(args.keep.iterdir())):
            made.error(f"--keep {args.keep}: not a new or empty folder")
        args.keep.mkdir(parents=True, exist_ok=True)
        return run(args.keep.resolve(), args.articles, args.seed, index, count, args.all_shards)
    with tempfile.TemporaryDirectory(prefix="handout-shards-") as folder:
        return run(Path(folder), args.articles, args.seed, index, count, args.all_shards)


if __name__ == "__main__":
    sys.exit(main())
