"""One build.py run, and one injection: its fault written, the article built with it, the outputs verified."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from soak import ROOT, python_for_builds

from .epub_facts import epub_printed
from .inject import Injection
from .model import TableInfo
from .pdf_facts import pdf_text, raster
from .verify import verify_epub, verify_pdf

RETRY_WAIT = 60  # seconds to wait before building again when the project broke under us
BUILD_TIMEOUT = 300  # seconds; a build still running then is stopped and reported, never counted


@dataclass
class BuildResult:
    """What one article's build gave: exit code, report entry, stderr, time."""

    exit_code: int
    entry: dict | None  # the article's entry in the --json report
    stderr: str
    seconds: float
    timed_out: bool = False

    @property
    def broken(self) -> bool:
        """No report, or the project failed with an internal error (it may be mid-edit)."""
        return self.entry is None or any("internal error:" in problem.get("message", "")
                                         for problem in self.entry.get("problems", ()))


def run_build(paths: list[Path], out: Path, combination: tuple[str, str], jobs: int = 1,
              extra: list[str] = (), timeout: float | None = None) -> dict[str, BuildResult]:
    """One build.py run; return each article's result, keyed by its path."""
    out.mkdir(parents=True, exist_ok=True)
    report = out / "report.json"
    report.unlink(missing_ok=True)
    command = [python_for_builds(), str(ROOT / "build.py"), *map(str, paths), "--output", str(out),
               "--page-size", combination[0], "--variant", combination[1], "--force", "--json", str(report),
               "-j", str(jobs), *extra]
    started = time.perf_counter()
    try:
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=dict(os.environ, CI="1"),
                                timeout=timeout)
    except subprocess.TimeoutExpired:
        seconds = time.perf_counter() - started
        return {str(path): BuildResult(-1, None, f"build.py still running after {seconds:.0f}s: stopped",
                                       seconds, True) for path in paths}
    seconds = time.perf_counter() - started
    entries = {}
    if report.is_file():
        try:
            entries = {entry["path"]: entry for entry in json.loads(report.read_text(encoding="utf-8"))["articles"]}
        except (ValueError, KeyError, TypeError):
            entries = {}
    return {str(path): BuildResult(result.returncode, entries.get(str(path)), result.stderr, seconds) for path in paths}


def output_of(entry: dict | None, suffix: str, out: Path, slug: str) -> Path | None:
    """The PDF or EPUB a build wrote (the failed one if the checks failed)."""
    for name in (f"{slug}.failed{suffix}", f"{slug}{suffix}"):
        if (out / name).is_file():
            return out / name
    return None


def output_side(message: str) -> str:
    """Which output a problem is about: 'pdf', 'epub' or '' (both, or neither: glyphs, engine)."""
    return "pdf" if message.startswith("PDF") else "epub" if message.startswith("EPUB") else ""


def injection_folder(work, injection: Injection) -> Path:
    """Where an injection's fault and outputs are written."""
    return Path(work) / "injections" / f"{injection.number:04d}-{injection.kind}-{injection.variant}"


@dataclass
class Outcome:
    """What came of one injection: the build's report, and whether the fault happened in each output."""

    injection: Injection
    exit_code: int = -1
    problems: list[dict] = field(default_factory=list)
    stderr_tail: str = ""
    seconds: float = 0.0
    broken: bool = False  # the build never gave a usable report
    timed_out: bool = False  # the build ran past BUILD_TIMEOUT and was stopped
    pdf_manifested: bool | None = None
    pdf_evidence: str = ""
    epub_manifested: bool | None = None  # None: not applicable
    epub_evidence: str = ""
    error: str = ""  # the campaign's own failure on this injection (verification crashed)

    def manifested(self, side: str) -> bool | None:
        """Whether the fault happened in the 'pdf' or 'epub' output (None: not applicable)."""
        return self.pdf_manifested if side == "pdf" else self.epub_manifested

    def evidence(self, side: str) -> str:
        """What shows whether the fault happened in that output."""
        return self.pdf_evidence if side == "pdf" else self.epub_evidence

    def codes(self, side: str) -> tuple[str, ...]:
        """The problem codes that count as detecting the fault in that output."""
        return self.injection.pdf_codes if side == "pdf" else self.injection.epub_codes or ()

    def errors(self, side: str | None = None) -> list[dict]:
        """The build's errors, about that output (or both) when `side` is given."""
        return [problem for problem in self.problems if problem.get("severity") == "error"
                and (side is None or output_side(problem.get("message", "")) in (side, ""))]

    def detected(self, side: str) -> bool:
        """Whether the build failed with an expected code about that output."""
        return self.exit_code == 1 and any(problem.get("code") in self.codes(side)
                                           and output_side(problem["message"]) == side for problem in self.errors())

    def detected_any(self, side: str) -> bool:
        """Whether the build failed with any error about that output."""
        return self.exit_code == 1 and bool(self.errors(side))


def run_injection(injection: Injection, tables: list[TableInfo], clean_pdf: str, clean_epub: str, work: str,
                  retries: int = 2, wait: float = RETRY_WAIT, timeout: float = BUILD_TIMEOUT) -> Outcome:
    """Write the fault, build the article with it, and verify what came out (in a worker process)."""
    folder = injection_folder(work, injection)
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    outcome = Outcome(injection)
    for attempt, css in enumerate((injection.css, *injection.retry_css), 1):
        injection.css, injection.attempts = css, attempt
        build_and_verify(outcome, folder, tables, clean_pdf, clean_epub, retries, wait, timeout)
        if outcome.pdf_manifested or outcome.timed_out or outcome.broken or outcome.error:
            break
    return outcome


def build_and_verify(outcome: Outcome, folder: Path, tables: list[TableInfo], clean_pdf: str, clean_epub: str,
                     retries: int, wait: float, timeout: float) -> None:
    """One build of the injection's current fault, and its verification, into `outcome`."""
    injection = outcome.injection
    extra = write_fault(injection, folder)
    out = folder / "out"
    if injection.attempts > 1:  # the outputs are written to the same paths again: forget what was read
        pdf_text.cache_clear()
        raster.cache_clear()
        epub_printed.cache_clear()
    for attempt in range(retries + 1):
        if out.exists():
            shutil.rmtree(out)
        result = run_build([Path(injection.source)], out, injection.combination, 1, extra, timeout)[injection.source]
        if not result.broken or result.timed_out or attempt == retries:
            break
        time.sleep(wait)  # the project is being edited: give it a minute
    outcome.exit_code, outcome.seconds, outcome.broken = result.exit_code, result.seconds, result.broken
    outcome.timed_out = result.timed_out
    outcome.pdf_manifested = outcome.epub_manifested = None
    outcome.pdf_evidence = outcome.epub_evidence = ""
    if result.timed_out:
        outcome.stderr_tail, outcome.problems = result.stderr, []
        return
    outcome.stderr_tail = "\n".join(result.stderr.strip().splitlines()[-5:])
    outcome.problems = list((result.entry or {}).get("problems", ()))
    verify_outputs(outcome, result, out, tables, clean_pdf, clean_epub)
    if injection.attempts > 1:
        outcome.pdf_evidence += f" (build {injection.attempts} of {1 + len(injection.retry_css)}: table moved down)"


def write_fault(injection: Injection, folder: Path) -> list[str]:
    """Write the injection's stylesheet or template into `folder`; return the build.py options for it."""
    extra: list[str] = []
    if injection.css:
        (folder / "fault.css").write_text(injection.css, encoding="utf-8")
        extra += ["--css", str(folder / "fault.css")]
    if injection.template:
        (folder / "templates" / "parts").mkdir(parents=True, exist_ok=True)
        (folder / "templates" / "parts" / "blocks.j2").write_text(injection.template, encoding="utf-8")
        extra += ["--templates", str(folder / "templates")]
    return extra


def verify_outputs(outcome: Outcome, result: BuildResult, out: Path, tables: list[TableInfo], clean_pdf: str,
                   clean_epub: str) -> None:
    """Whether the fault happened in the PDF and (where it applies) the EPUB the build wrote."""
    injection = outcome.injection
    try:
        fault_pdf = output_of(result.entry, ".pdf", out, injection.slug)
        fault_epub = output_of(result.entry, ".epub", out, injection.slug)
        if fault_pdf is None:
            outcome.pdf_manifested, outcome.pdf_evidence = False, "no PDF was written"
        else:
            outcome.pdf_manifested, outcome.pdf_evidence = verify_pdf(injection, tables, clean_pdf, str(fault_pdf))
        if injection.epub_verify is not None:
            if fault_epub is None:
                outcome.epub_manifested, outcome.epub_evidence = False, "no EPUB was written"
            else:
                outcome.epub_manifested, outcome.epub_evidence = verify_epub(injection, clean_epub, str(fault_epub))
    except Exception as exc:  # noqa: BLE001 - reported with the injection, never hides a result
        outcome.error = f"verification failed: {exc!r}"
