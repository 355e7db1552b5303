#!/usr/bin/env python3
"""Benchmark handout against the usual pandoc pipeline, on this machine, in one run.

    .venv/bin/python bench/run.py              # medians of 7 runs (3 for the batches); writes bench/RESULTS.md
    .venv/bin/python bench/run.py --runs 3 --no-write

Every figure is the median wall time of fresh processes, as an editor or CI would run them
(the warm one: of builds in one process, as watch mode makes them). The two sides of each
comparison run alternately, so the machine's drift in speed touches both alike.
Goals (issue 6; the cold build's from issue 27): cold build <= 0.9x the pandoc pipeline; no-op <= 1.0x pandoc's EPUB step;
watch save-to-output <= 0.8 s; batch of 24 at the default jobs <= 0.65x of -j 1 (2 cores);
peak memory of a cold build <= 250 MiB; our time over WeasyPrint's bare render <= 15%."""

from __future__ import annotations

import argparse
import json
import os
import platform
import queue
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BUILD = [PYTHON, str(ROOT / "build.py")]
SEED = ROOT / "content" / "trust-issues.md"
BATCH = 24
NOTES: list[str] = []  # what the reader of the figures must know (failed checks during the run)


def timed(command: list[str], cwd: Path) -> float:
    """Wall time of one command. A build whose checks fail (exit 1) did all the work and still
    counts, with a note; anything else stops the benchmark (a crash is no figure)."""
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode == 1 and command[:2] == BUILD:
        first = result.stderr.strip().splitlines()[0]
        note = f"a build failed its checks (exit 1) during the run, so its figure is not a passing build's; first error: {first}"
        NOTES.extend([note] if note not in NOTES else [])
    elif result.returncode != 0:
        sys.exit(f"bench: {' '.join(command)} failed ({result.returncode}):\n{result.stderr}")
    return elapsed


def prepare_code(tree: Path) -> None:
    """The checkout at `tree` as a user's Python leaves it after its first build, whatever this
    shell's PYTHONDONTWRITEBYTECODE says: our modules byte-compiled, and the C declarations and
    templates compiled and kept beside them (handout/ffi_cache.py, handout/render/template_cache.py).
    Compiling our code is not what a build costs."""
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(tree / "handout"), str(tree / "build.py")], check=True)
    environment = {name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"}
    with tempfile.TemporaryDirectory() as out:
        subprocess.run([PYTHON, str(tree / "build.py"), str(tree / "content" / SEED.name), "-o", out, "--force"],
                       cwd=tree, env=environment, check=False, capture_output=True)


def median_of(runs: int, step) -> float:
    """Median of `runs` calls of `step(index)`, each returning seconds."""
    return statistics.median(step(index) for index in range(runs))


def paired(runs: int, ours, reference) -> tuple[float, float | None]:
    """Medians of `ours(index)` and `reference(index)` (None: skipped), run alternately: this
    machine's speed drifts by a third over minutes, and a ratio must compare like with like."""
    times: tuple[list, list] = ([], [])
    for index in range(runs):
        times[0].append(ours(index))
        if reference:
            times[1].append(reference(index))
    return statistics.median(times[0]), statistics.median(times[1]) if reference else None


def cold_build(work: Path, name: str):
    """A fresh process and a fresh output folder: nothing cached anywhere."""
    return lambda i: timed(BUILD + [str(SEED), "-o", str(work / f"{name}-{i}"), "--force"], work)


def edit_rebuild(work: Path, runs: int) -> float:
    """What an editor runs after changing the text: a fresh process, the last build's output
    folder (and so its cached cover) in place."""
    folder = work / "edit"
    folder.mkdir()
    article = folder / SEED.name
    def once(index: int) -> float:
        article.write_text(SEED.read_text(encoding="utf-8") + f"\nEdit number {index}.\n", encoding="utf-8")
        return timed(BUILD + [str(article), "-o", str(folder / "out")], work)
    once(-1)
    return median_of(runs, once)


def pandoc_pipeline(work: Path):
    """pandoc -> standalone HTML5 -> the same WeasyPrint -> PDF, plus pandoc -> EPUB."""
    if shutil.which("pandoc") is None:
        return None
    def once(index: int) -> float:
        html, pdf, epub = (str(work / f"pandoc-{index}.{ext}") for ext in ("html", "pdf", "epub"))
        return (timed(["pandoc", str(SEED), "-s", "-t", "html5", "-o", html], work)
                + timed([PYTHON, "-m", "weasyprint", html, pdf], work)
                + timed(["pandoc", str(SEED), "-o", epub], work))
    return once


# Figures of a few tens of milliseconds move with every hiccup: take more runs of them.
QUICK_RUNS = 4


def noop_build(work: Path):
    timed(BUILD + [str(SEED), "-o", str(work / "noop")], work)
    return lambda i: timed(BUILD + [str(SEED), "-o", str(work / "noop")], work)


def pandoc_epub(work: Path):
    if shutil.which("pandoc") is None:
        return None
    return lambda i: timed(["pandoc", str(SEED), "-o", str(work / "alone.epub")], work)


def batch(work: Path, jobs: list[str]):
    """24 copies of the seed, built from scratch (--force) at the given jobs option."""
    folder = work / "batch"
    if not folder.is_dir():
        folder.mkdir()
        for index in range(1, BATCH + 1):
            shutil.copyfile(SEED, folder / f"article-{index:02}.md")
    return lambda i: timed(BUILD + [str(folder), "-o", str(work / "batch-out"), "--force", *jobs], work)


def peak_memory(work: Path, runs: int) -> float:
    """MiB: the largest resident set of a cold seed build (its own child, so nothing else counts)."""
    probe = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
             "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    def once(index: int) -> float:
        command = [PYTHON, "-c", probe] + BUILD + [str(SEED), "-o", str(work / f"memory-{index}"), "-j", "1"]
        return int(subprocess.run(command, cwd=work, capture_output=True, text=True, check=True).stdout) / 1024
    return median_of(runs, once)


class Watcher:
    """A `build.py --watch` child and its output lines."""

    def __init__(self, folder: Path):
        self.process = subprocess.Popen(BUILD + ["--watch", "content", "-o", "out"], cwd=folder,
                                        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=lambda: [self.lines.put(line) for line in self.process.stdout], daemon=True).start()

    def wait_for(self, text: str, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                if text in self.lines.get(timeout=0.1):
                    return
            except queue.Empty:
                pass
        sys.exit(f"bench: the watcher did not print {text!r} within {timeout}s")

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        self.process.wait(timeout=30)


def modified(paths: list[Path]) -> int:
    """The latest modification time among `paths` (0 for those that do not exist)."""
    return max((path.stat().st_mtime_ns for path in paths if path.exists()), default=0)


def watch_latency(work: Path, runs: int) -> float:
    """From saving the seed to both outputs rewritten, with the watcher already running."""
    folder = work / "watch"
    (folder / "content").mkdir(parents=True)
    article = folder / "content" / SEED.name
    shutil.copyfile(SEED, article)
    # A build whose checks fail writes x.failed.pdf instead of x.pdf: either counts as rewritten.
    outputs = [[folder / "out" / f"{SEED.stem}{kind}.{ext}" for kind in ("", ".failed")] for ext in ("pdf", "epub")]
    watcher = Watcher(folder)
    try:
        watcher.wait_for("watching")
        def once(index: int) -> float:
            time.sleep(0.3)
            before = [modified(paths) for paths in outputs]
            article.write_text(SEED.read_text(encoding="utf-8") + f"\nEdit number {index}.\n", encoding="utf-8")
            saved = time.perf_counter()
            while any(modified(paths) == old for paths, old in zip(outputs, before)):
                time.sleep(0.002)
            latency = time.perf_counter() - saved
            watcher.wait_for(SEED.name)
            return latency
        return median_of(runs, once)
    finally:
        watcher.stop()


def overhead(work: Path, runs: int) -> dict:
    """Our full build against WeasyPrint's bare render of the same HTML, in fresh and warm processes."""
    html = work / "ours.html"
    subprocess.run([PYTHON, __file__, "--dump-html", str(html)], check=True)
    ours_cold, bare_cold = paired(runs, cold_build(work, "ours"),
                                  lambda i: timed([PYTHON, __file__, "--bare-render", str(html)], work))
    warm = json.loads(subprocess.run([PYTHON, __file__, "--warm", str(html), str(runs * QUICK_RUNS)], cwd=work,
                                     capture_output=True, text=True, check=True).stdout)
    return {"bare_cold": bare_cold, "ours_cold": ours_cold, **warm}


def dump_html(target: str) -> None:
    """Our print HTML for the seed, exactly as a build renders it."""
    sys.path.insert(0, str(ROOT))
    from handout.read.article import read_article
    from handout.render.html import render_print
    article, _ = read_article(SEED)
    Path(target).write_text(render_print(article), encoding="utf-8")


def bare_pdf(html: str) -> bytes:
    """WeasyPrint alone: our HTML and print stylesheet, our fonts, the same PDF/UA-1 output."""
    os.environ["FONTCONFIG_FILE"] = str(ROOT / "fonts" / "fonts.conf")
    import weasyprint
    sheets = [weasyprint.CSS(filename=str(ROOT / "styles" / "print.css")), weasyprint.CSS(string="@page { size: A4; }")]
    document = weasyprint.HTML(filename=html, base_url=str(SEED.parent) + "/").render(stylesheets=sheets)
    return document.write_pdf(pdf_variant="pdf/ua-1")


def warm(html: str, runs: int) -> None:
    """In one process with everything imported: our whole build against the bare render."""
    sys.path.insert(0, str(ROOT))
    from handout.parallel import default_jobs
    from handout.pipeline import build
    from handout.settings import BuildOptions
    # As the command line builds one article: the EPUB stage forked beside the PDF's when there are cores.
    options = BuildOptions(output_dir=Path(tempfile.mkdtemp(prefix="bench-warm-")), overlap=default_jobs() > 1)
    bare_pdf(html), build(SEED, options)  # first layouts load fonts: not what a warm build pays
    def clock(step) -> float:
        started = time.perf_counter()
        step()
        return time.perf_counter() - started
    ours, bare = paired(runs, lambda i: clock(lambda: build(SEED, options)), lambda i: clock(lambda: bare_pdf(html)))
    print(json.dumps({"bare_warm": bare, "ours_warm": ours}))


# The stages of a warm build, by the function that does each (module, name).
STAGES = [("read/article.py", "read_article"), ("check/source.py", "check_source"), ("render/html.py", "render_print"),
          ("write/pdf.py", "render_layout"), ("write/pdf.py", "write_pdf"), ("render/epub.py", "render_publication"),
          ("write/epub.py", "write_epub"), ("check/pdf.py", "check_pdf"), ("check/epub.py", "check_epub"),
          ("check/epub_screen.py", "small_screen_layout"), ("pipeline.py", "make_epub"), ("write/fit.py", "lay_out"),
          ("render/cover.py", "generated_cover"), ("write/output_files.py", "publish"), ("pipeline.py", "build")]


def profile(runs: int) -> None:
    """cProfile of warm seed builds, all in this process (no fork): seconds per build in each stage."""
    import cProfile
    import pstats
    sys.path.insert(0, str(ROOT))
    from handout.pipeline import build
    from handout.settings import BuildOptions
    options = BuildOptions(output_dir=Path(tempfile.mkdtemp(prefix="bench-profile-")))
    build(SEED, options)
    profiler = cProfile.Profile()
    profiler.runcall(lambda: [build(SEED, options) for _ in range(runs)])
    stats = pstats.Stats(profiler).stats  # {(file, line, name): (calls, primitive, total, cumulative, callers)}
    seconds = {}
    for (file, _, name), row in stats.items():
        for module, function in STAGES:
            if file.endswith(f"handout/{module}") and name == function:
                seconds[f"{module}:{function}"] = seconds.get(f"{module}:{function}", 0) + row[3] / runs
    print(json.dumps(seconds))


def machine() -> dict:
    """What the figures were measured on."""
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor() or "unknown")
    pandoc = shutil.which("pandoc")
    pandoc_version = subprocess.run([pandoc, "--version"], capture_output=True, text=True).stdout.split("\n")[0] if pandoc else "absent"
    script = "import weasyprint, handout; print(weasyprint.__version__, handout.__version__)"
    versions = subprocess.run([PYTHON, "-c", script],
                              cwd=ROOT, capture_output=True, text=True).stdout.split()
    return {"cores": os.cpu_count(), "usable cores": len(os.sched_getaffinity(0)), "cpu": cpu,
            "python": platform.python_version(), "weasyprint": versions[0], "handout": versions[1],
            "pandoc": pandoc_version, "os": platform.platform(), "load average": os.getloadavg()}


def measure(work: Path, runs: int, batch_runs: int) -> dict:
    """Every figure, each a median of fresh runs."""
    figures = {}
    figures["cold"], figures["pandoc_pipeline"] = paired(runs, cold_build(work, "cold"), pandoc_pipeline(work))
    figures["noop"], figures["pandoc_epub"] = paired(runs * QUICK_RUNS, noop_build(work), pandoc_epub(work))
    figures["batch_default"], figures["batch_j1"] = paired(batch_runs, batch(work, []), batch(work, ["-j", "1"]))
    figures.update(edit=edit_rebuild(work, runs), watch=watch_latency(work, runs), memory=peak_memory(work, runs))
    figures.update(overhead(work, runs))
    return figures


def goals(f: dict) -> list[tuple[str, str, str, float | None, str, bool | None]]:
    """(what, ours, reference, ratio, goal, met) for each goal of the issue, and one figure
    without a goal (an editor's rebuild), shown beside the cold build it differs from."""
    def ratio(ours, reference):
        return ours / reference if reference else None
    pandoc = f"{f['pandoc_pipeline']:.2f} s" if f["pandoc_pipeline"] else "pandoc absent"
    rows = [("cold seed build (PDF+EPUB+checks) vs pandoc pipeline", f"{f['cold']:.2f} s", pandoc,
             ratio(f["cold"], f["pandoc_pipeline"]), "<= 0.9x", 0.9),
            ("rebuild after an edit (fresh process, last output in place) vs pandoc pipeline", f"{f['edit']:.2f} s",
             pandoc, ratio(f["edit"], f["pandoc_pipeline"]), "no goal", None),
            ("no-op rebuild vs pandoc EPUB step alone", f"{f['noop']:.3f} s",
             f"{f['pandoc_epub']:.3f} s" if f["pandoc_epub"] else "pandoc absent", ratio(f["noop"], f["pandoc_epub"]),
             "<= 1.0x", 1.0),
            ("watch: save to both outputs rewritten", f"{f['watch']:.2f} s", "0.8 s", f["watch"] / 0.8, "<= 0.8 s", 1.0),
            (f"batch of {BATCH}: default jobs vs -j 1", f"{f['batch_default']:.1f} s", f"{f['batch_j1']:.1f} s",
             ratio(f["batch_default"], f["batch_j1"]), "<= 0.65x", 0.65),
            ("peak memory of a cold seed build", f"{f['memory']:.0f} MiB", "250 MiB", f["memory"] / 250, "<= 250 MiB", 1.0),
            ("fresh process: our build vs bare WeasyPrint render", f"{f['ours_cold']:.2f} s", f"{f['bare_cold']:.2f} s",
             ratio(f["ours_cold"], f["bare_cold"]), "<= 1.15x", 1.15),
            ("warm process: our build vs bare WeasyPrint render", f"{f['ours_warm']:.2f} s", f"{f['bare_warm']:.2f} s",
             ratio(f["ours_warm"], f["bare_warm"]), "<= 1.15x", 1.15)]
    return [(*row[:5], None if row[3] is None or row[5] is None else row[3] <= row[5]) for row in rows]


def table(rows) -> str:
    lines = ["| what | ours | reference | ratio | goal | met |", "| --- | --- | --- | --- | --- | --- |"]
    for what, ours, reference, ratio, goal, met in rows:
        shown = "n/a" if ratio is None else f"{ratio:.2f}"
        lines.append(f"| {what} | {ours} | {reference} | {shown} | {goal} | {'n/a' if met is None else 'yes' if met else 'NO'} |")
    return "\n".join(lines)


def stage_table(seconds: dict) -> str:
    """Where a warm build's time goes (under cProfile, so slower than the figures above)."""
    total = seconds.get("pipeline.py:build") or 1
    lines = ["| stage (function) | seconds per build | share |", "| --- | --- | --- |"]
    for name, value in sorted(seconds.items(), key=lambda item: -item[1]):
        lines.append(f"| {name} | {value:.3f} | {value / total:.0%} |")
    return "\n".join(lines)


def report(figures: dict, info: dict, stages: dict, command: str) -> str:
    """bench/RESULTS.md: the figures, the command, the machine."""
    about = "\n".join(f"- {key}: {value}" for key, value in info.items())
    raw = "\n".join(f"- {key}: {value:.3f}" for key, value in figures.items() if value is not None)
    return (f"# Benchmark results\n\nLatest run: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, with\n\n"
            f"```sh\n{command}\n```\n\n## Machine\n\n{about}\n\n## Goals\n\n{table(goals(figures))}\n\n"
            "Medians of fresh processes (the warm row: of builds in one process, as watch mode makes them); "
            "the two sides of each comparison run alternately. The pandoc pipeline is `pandoc -s -t html5` then "
            "`python -m weasyprint` (the same WeasyPrint) then `pandoc -o .epub`. 'Bare WeasyPrint' renders our "
            "own print HTML with our print stylesheet and fonts to the same PDF/UA-1, and nothing else.\n\n"
            f"## Where a warm build's time goes (cProfile)\n\n{stage_table(stages)}\n\n"
            f"## All figures (seconds; memory in MiB)\n\n{raw}\n\n"
            + "".join(f"Note: {note}\n\n" for note in NOTES)
            + "What was profiled and tried for the goals that are missed: see bench/PROFILE.md.\n")


def main() -> int:
    made = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    made.add_argument("--runs", type=int, default=7, help="runs per figure (median); default 7")
    made.add_argument("--batch-runs", type=int, default=3, help="runs of each 24-article batch; default 3")
    made.add_argument("--no-write", action="store_true", help="print only; leave bench/RESULTS.md alone")
    made.add_argument("--dump-html", help=argparse.SUPPRESS)
    made.add_argument("--bare-render", help=argparse.SUPPRESS)
    made.add_argument("--warm", nargs=2, help=argparse.SUPPRESS)
    made.add_argument("--profile", type=int, help=argparse.SUPPRESS)
    args = made.parse_args()
    if args.dump_html or args.bare_render or args.warm or args.profile:
        return helper(args)
    # Started in the background (`&`), this process and so its children would ignore SIGINT,
    # and the watcher is stopped with SIGINT (Ctrl-C): give it back its default.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    info = machine()
    prepare_code(ROOT)
    with tempfile.TemporaryDirectory(prefix="handout-bench-") as work:
        figures = measure(Path(work), args.runs, args.batch_runs)
    stages = json.loads(subprocess.run([PYTHON, __file__, "--profile", str(args.runs)], cwd=ROOT,
                                       capture_output=True, text=True, check=True).stdout)
    info["load average"] = f"{info['load average']} at the start, {os.getloadavg()} at the end"
    print(table(goals(figures)))
    for note in NOTES:
        print(f"note: {note}")
    if shutil.which("pandoc") is None:
        print("note: pandoc is not installed; the pandoc comparisons are skipped")
    if not args.no_write:
        command = " ".join(["python bench/run.py"] + sys.argv[1:])
        (ROOT / "bench" / "RESULTS.md").write_text(report(figures, info, stages, command), encoding="utf-8")
        print("written: bench/RESULTS.md")
    return 0


def helper(args) -> int:
    """The benchmark's own child processes."""
    if args.dump_html:
        dump_html(args.dump_html)
    elif args.bare_render:
        bare_pdf(args.bare_render)
    elif args.warm:
        warm(args.warm[0], int(args.warm[1]))
    else:
        profile(args.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
