#!/usr/bin/env python3
"""Where one cold build's time goes: the seed built in a fresh process and a fresh output
folder, with timers on the pipeline's stage functions, in both processes (this one and the
forked helpers), as offsets from the moment the process was started.

    .venv/bin/python bench/timeline.py            # 3 builds
    .venv/bin/python bench/timeline.py --runs 5

The timers are put in as each module loads (a `sys.meta_path` hook wrapping its
`exec_module`), so every import stays where the build does it; they add about 20 ms."""

from __future__ import annotations

import argparse
import functools
import importlib.abc
import importlib.machinery
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "content" / "trust-issues.md"
# module -> the functions timed in it; the engine's module is timed as a whole (WeasyPrint's import)
STAGES = {
    "handout.write.engine": [],
    "handout.incremental": ["open_state"],
    "handout.pipeline": ["run_article", "make_epub"],
    "handout.write.fit": ["lay_out_article"],
    "handout.write.pdf": ["write_pdf"],
    "handout.check.pdf": ["check_pdf"],
    "handout.render.epub": ["render_publication"],
    "handout.render.cover": ["generated_cover"],
    "handout.write.epub": ["write_epub"],
    "handout.check.epub_screen": ["small_screen_layout"],
    "handout.check.epub": ["check_epub"],
}


def stamp(started: float, name: str, begin: float, end: float) -> None:
    sys.stderr.write(f"{os.getpid()} {begin - started:6.3f} {end - started:6.3f} {end - begin:6.3f} {name}\n")


class TimedStages(importlib.abc.MetaPathFinder):
    def __init__(self, started: float):
        self.started = started

    def find_spec(self, name, path, target=None):
        if name not in STAGES:
            return None
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        load = spec.loader.exec_module

        def exec_module(module):
            begin = time.time()
            load(module)
            if not STAGES[name]:
                stamp(self.started, f"import {name} (WeasyPrint)", begin, time.time())
            for function in STAGES[name]:
                setattr(module, function, self.timed(module, function))
        spec.loader.exec_module = exec_module
        return spec

    def timed(self, module, name: str):
        function = getattr(module, name)

        @functools.wraps(function)
        def wrapper(*args, **options):
            begin = time.time()
            try:
                return function(*args, **options)
            finally:
                stamp(self.started, f"{module.__name__}.{name}", begin, time.time())
        return wrapper


def child(started: float, arguments: list[str]) -> None:
    """In the build's process: install the timers, then run the build as build.py does."""
    stamp(started, "interpreter up", started, time.time())
    sys.path.insert(0, str(ROOT))
    sys.meta_path.insert(0, TimedStages(started))
    sys.argv = ["build.py"] + arguments
    from handout.cli import run
    run()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", type=float, help=argparse.SUPPRESS)
    args, rest = parser.parse_known_args()
    if args.child:
        child(args.child, rest)
        return 0
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as out:
            started = time.time()
            result = subprocess.run([sys.executable, __file__, "--child", repr(started), str(SEED), "-o", out,
                                     "--force"], capture_output=True, text=True, cwd=ROOT)
        lines = sorted((line for line in result.stderr.splitlines() if line[:1].isdigit()),
                       key=lambda line: float(line.split()[1]))
        print("pid      from     to   took  what")
        print("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
