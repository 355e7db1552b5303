#!/usr/bin/env python3
"""What a change costs a cold build: the seed built in fresh processes by an earlier commit and
by this checkout, alternately (which side goes first alternates too), so the machine's drift
touches both alike.

    .venv/bin/python bench/paired.py 49a8d29            # 11 runs each; prints the medians
    .venv/bin/python bench/paired.py 49a8d29 --runs 21
    .venv/bin/python bench/paired.py 4929fbe^ --later 4929fbe --runs 15   # what one commit changed

The commits are checked out into temporary git worktrees, removed afterwards; both
sides run with this checkout's .venv, each first prepared as a user's first build leaves it
(bench/run.py's prepare_code: bytecode, and the declarations and templates compiled where the
commit keeps them)."""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = Path("content") / "trust-issues.md"
sys.path.insert(0, str(ROOT / "bench"))
from run import prepare_code  # noqa: E402


def build_seconds(tree: Path) -> float:
    """One cold build of the seed by the checkout at `tree` (its own build.py, templates, fonts)."""
    with tempfile.TemporaryDirectory() as out:
        started = time.perf_counter()
        subprocess.run([sys.executable, str(tree / "build.py"), str(tree / SEED), "-o", out, "--force"],
                       check=True, capture_output=True, cwd=tree)
        return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("commit", help="the earlier commit to compare with")
    parser.add_argument("--later", help="a later commit to time instead of this checkout "
                                        "(e.g. `paired.py abc123^ --later abc123`: what abc123 changed)")
    parser.add_argument("--runs", type=int, default=11, help="builds on each side (default 11)")
    args = parser.parse_args()
    later_name = args.later or "this checkout"
    with tempfile.TemporaryDirectory() as folder:
        trees = {args.commit: Path(folder) / "earlier", later_name: Path(folder) / "later" if args.later else ROOT}
        try:
            for commit, tree in ((args.commit, trees[args.commit]), (args.later, trees[later_name])):
                if commit:
                    subprocess.run(["git", "worktree", "add", "--detach", "-q", str(tree), commit], check=True, cwd=ROOT)
                if (ROOT / "fonts" / "cjk").is_dir() and not (tree / "fonts" / "cjk").exists():
                    # made at setup, not committed: both sides hash the same fonts
                    shutil.copytree(ROOT / "fonts" / "cjk", tree / "fonts" / "cjk")
                prepare_code(tree)
            times: dict[str, list[float]] = {name: [] for name in trees}
            for run in range(args.runs):
                sides = list(trees.items())
                for name, tree in sides[::-1] if run % 2 else sides:
                    times[name].append(build_seconds(tree))
        finally:
            for tree in trees.values():
                if tree != ROOT:
                    subprocess.run(["git", "worktree", "remove", "--force", str(tree)], check=False, cwd=ROOT)
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, median in medians.items():
        print(f"{name}: median {median:.3f} s over {args.runs} cold builds of {SEED}")
    print(f"ratio: {medians[later_name] / medians[args.commit]:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
