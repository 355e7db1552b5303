"""Batches: build many articles in a process pool, report in a fixed order, and split a
collection into deterministic shards for CI runners."""

from __future__ import annotations

import argparse
import os
import re
import sys
from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path

from handout.errors import Problem


def default_jobs() -> int:
    """The cores this process may run on (a CI container may see fewer than the machine has)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def jobs_value(text: str) -> int:
    """argparse type for -j: a whole number of at least 1."""
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of jobs (a whole number, 1 or more)")
    return int(text)


def shard_value(text: str) -> tuple[int, int]:
    """argparse type for --shard I/N: 1 <= I <= N."""
    match = re.fullmatch(r"(\d+)/(\d+)", text.strip())
    if not match or not 1 <= int(match[1]) <= int(match[2]):
        raise argparse.ArgumentTypeError(f"'{text}' is not a shard: write I/N with 1 <= I <= N, e.g. 1/4")
    return int(match[1]), int(match[2])


def select_shard(targets: list[Path], index: int, count: int) -> list[Path]:
    """Slice `index` of `count`: articles sorted by file name (then path), dealt round-robin.

    Sorting by name keeps the slices the same on every runner whatever the checkout's absolute
    path; dealing round-robin keeps them within one article of each other in size."""
    ordered = sorted(dict.fromkeys(targets), key=lambda path: (path.name, path.as_posix()))
    return ordered[index - 1::count]


def safe_build(path: Path, options, debug: bool = False):
    """Build one article; an exception (a bug of ours) becomes a reported problem, not a crash."""
    import traceback

    from handout.pipeline import build
    from handout.report import Report
    try:
        return build(path, options)
    except Exception as exc:
        if debug:
            traceback.print_exc()
        return Report(str(path), slug=path.stem, problems=[Problem(
            str(path), None, f"internal error: {exc!r} (rerun with --debug for details)")])


def build_many(targets: list[Path], options, jobs: int, show: Callable, debug: bool = False) -> list:
    """Build every target; call `show(report)` in target order; return reports in target order."""
    jobs = min(jobs, len(targets))
    with progress_bar(len(targets)) as bar:
        if jobs <= 1:
            reports = []
            for path in targets:
                reports.append(safe_build(path, options, debug))
                emit(bar, show, reports[-1])
            return reports
        # The pool keeps every core busy already: no forked helper per article on top.
        import dataclasses
        options = dataclasses.replace(options, overlap=False)
        return build_in_pool(targets, options, jobs, debug, lambda report: emit(bar, show, report))


def build_in_pool(targets: list[Path], options, jobs: int, debug: bool, show: Callable) -> list:
    """Run builds in `jobs` worker processes; show each result as soon as all before it are in."""
    from concurrent.futures import (  # not needed by a no-op run
        FIRST_COMPLETED,
        ProcessPoolExecutor,
        wait,
    )
    results: dict[int, object] = {}
    shown = 0
    with ProcessPoolExecutor(jobs, mp_context=pool_context(), initializer=leave_ctrl_c_to_the_parent) as pool:
        pending = {pool.submit(safe_build, path, options, debug): index for index, path in enumerate(targets)}
        try:
            while pending:
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                for future in done:
                    results[pending.pop(future)] = future.result()
                while shown in results:  # keep the printed order the same on every run
                    show(results[shown])
                    shown += 1
        except BaseException:  # Ctrl-C: stop now; outputs are renamed into place whole, so none is half-written
            for process in getattr(pool, "_processes", {}).values():  # no public API before Python 3.14
                process.terminate()
            pool.shutdown(wait=False, cancel_futures=True)
            raise
    return [results[index] for index in range(len(targets))]


def leave_ctrl_c_to_the_parent() -> None:
    """In a worker: Ctrl-C reaches the whole process group, but only the parent should answer it
    (it cancels what has not started); a worker would print a traceback instead."""
    import signal
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def pool_context():
    """Fork where it exists: workers start without re-importing the interpreter's modules."""
    import multiprocessing
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def progress_bar(total: int):
    """A progress bar on a terminal for batches; nothing in CI logs or pipes (plain lines only)."""
    if total < 2 or not sys.stderr.isatty() or os.environ.get("CI"):
        return nullcontext(None)
    from tqdm import tqdm
    return tqdm(total=total, unit="article", file=sys.stderr, leave=False, dynamic_ncols=True)


def emit(bar, show: Callable, report) -> None:
    """Show a report's lines above the bar (tqdm clears and redraws it around them)."""
    if bar is None:
        show(report)
        return
    with bar.external_write_mode(file=sys.stderr):
        show(report)
    bar.update(1)
