"""Incremental builds: skip an article whose inputs and outputs are unchanged since its last
good build. The record is a small manifest beside the outputs (output/.handout-state.json).

This module must stay cheap to import: a no-op run decides everything here and never loads
the PDF engine (or even the Markdown reader)."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import stat as stat_module
import sys
import time
from pathlib import Path

from handout import __version__
from handout.resources import FONTS, STYLES, TEMPLATES, settings_candidates

STATE_NAME = ".handout-state.json"
LOCK_NAME = ".handout-state.lock"  # held while the manifest is read, merged and written
FORMAT = 1
ABSENT = "absent"
RACY_NS = 3_000_000_000
# Command-line options that do not change what a build writes.
NOT_BUILD_OPTIONS = frozenset({"paths", "output", "json", "debug", "watch", "jobs", "shard", "force"})
# Third-party code whose version changes the outputs (found without importing it).
ENGINES = ("weasyprint", "pydyf", "ebooklib")
# Environment that reaches the outputs (EPUB dates are pinned by SOURCE_DATE_EPOCH).
ENVIRONMENT = ("SOURCE_DATE_EPOCH",)


class Hasher:
    """File contents -> sha256, each file read at most once per run.

    Like git's index, a file whose size and modification time match the manifest's record is
    not read again (the fonts alone are megabytes); outputs are always read (`trust_stat=False`)."""

    def __init__(self, recorded: dict[str, list] | None = None):
        self.known: dict[str, str] = {}
        self.recorded = recorded or {}
        self.stats: dict[str, list] = {}

    def __call__(self, path: Path | str, trust_stat: bool = True) -> str:
        key = os.path.abspath(path)
        if key not in self.known:
            self.known[key] = self.digest(key, trust_stat)
        return self.known[key]

    def digest(self, key: str, trust_stat: bool) -> str:
        try:
            stat = os.stat(key)
            recorded = self.recorded.get(key)
            if trust_stat and recorded and recorded[:2] == [stat.st_size, stat.st_mtime_ns]:
                digest = recorded[2]
            elif not stat_module.S_ISREG(stat.st_mode):
                return ABSENT  # a FIFO or a device: never read (the build refuses it too)
            else:
                digest = file_digest(key)
        except OSError:  # missing or unreadable: recorded as such, so appearing counts as a change
            return ABSENT
        # A file changed within the last seconds may change again within the same clock tick
        # on a coarse file system, so its size and time are not trusted next run.
        if time.time_ns() - stat.st_mtime_ns > RACY_NS:
            self.stats[key] = [stat.st_size, stat.st_mtime_ns, digest]
        return digest

    def forget(self, path: Path | str) -> None:
        self.known.pop(os.path.abspath(path), None)


def file_digest(path: str) -> str:
    """A file's sha256, read in pieces: memory stays small whatever the file's size."""
    with open(path, "rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def files_under(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return [folder]
    return sorted(path for path in folder.rglob("*") if path.is_file() and "__pycache__" not in path.parts)


def tool_files() -> list[Path]:
    """Our own code and the engines' version files: a new release or a local edit rebuilds."""
    files = files_under(Path(__file__).resolve().parent)
    for name in ENGINES:
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.origin:
            files.append(Path(spec.origin))
    return files


def shared_inputs(override_templates: str = "", css: tuple[str, ...] = ()) -> list[Path]:
    """Files every article depends on: templates, styles, fonts, extra CSS, our code."""
    folders = [TEMPLATES, STYLES, FONTS] + ([Path(override_templates)] if override_templates else [])
    files = [path for folder in folders for path in files_under(folder)]
    return files + [Path(name) for name in css] + tool_files()




def run_key(options: dict, files: list[Path], hasher: Hasher) -> str:
    """One digest of the build options, tool versions and shared input files."""
    digest = hashlib.sha256()
    settings = {key: value for key, value in sorted(options.items()) if key not in NOT_BUILD_OPTIONS}
    context = {"format": FORMAT, "version": __version__, "python": sys.version,
               "options": settings, "env": {name: os.environ.get(name, "") for name in ENVIRONMENT}}
    digest.update(json.dumps(context, sort_keys=True, default=str).encode())
    for path in files:
        digest.update(f"\n{os.path.abspath(path)}={hasher(path)}".encode())
    return digest.hexdigest()


class State:
    """The manifest: per article, the run key, input hashes, output hashes and counts."""

    def __init__(self, output_dir: Path, key: str, hasher: Hasher | None = None, data: dict | None = None):
        self.path = output_dir / STATE_NAME
        self.key = key
        data = load(self.path) if data is None else data
        self.articles: dict[str, dict] = data.get("articles", {})
        self.hasher = hasher or Hasher(data.get("files"))
        self.changes: dict[str, dict | None] = {}  # what this run recorded (None: forgotten), for save()

    def entry(self, article: Path) -> dict | None:
        """The recorded entry if the article can be skipped, else None."""
        entry = self.articles.get(os.path.abspath(article))
        if not entry or entry.get("key") != self.key or not entry.get("outputs"):
            return None
        if any(self.hasher(path) != digest for path, digest in entry.get("inputs", {}).items()):
            return None
        if any(self.hasher(path, trust_stat=False) != digest for path, digest in entry["outputs"].items()):
            return None
        return entry

    def before_build(self, article: Path) -> dict[str, str]:
        """Hash the article and its settings now, so an edit made during the build is not missed."""
        files = [article] + settings_candidates(article)
        for path in files:
            self.hasher.forget(path)
        return {os.path.abspath(path): self.hasher(path) for path in files}

    def record(self, article: Path, inputs: dict[str, str], report) -> None:
        """Remember a good build; forget a failed one so that it is built (and reported) again."""
        name = os.path.abspath(article)
        if not report.ok or not report.outputs:
            self.articles.pop(name, None)
            self.changes[name] = None
            return
        extra = [path for path in getattr(report, "inputs", []) if os.path.abspath(path) not in inputs]
        for path in extra + report.outputs:
            self.hasher.forget(path)
        self.articles[name] = {
            "key": self.key,
            "inputs": {**inputs, **{os.path.abspath(path): self.hasher(path) for path in extra}},
            "outputs": {os.path.abspath(path): self.hasher(path, trust_stat=False) for path in report.outputs},
            "counts": report.counts,
        }
        self.changes[name] = self.articles[name]

    def save(self) -> None:
        """Write this run's records into the manifest. Builds into one folder may run at once:
        under a lock, the manifest is read again and only this run's changes are applied to it,
        so no build's record is lost. An OSError (a full disk) is raised as StateNotSaved."""
        import fcntl

        from handout.write.output_files import (
            write_atomic,  # loaded only when there is something to record
        )
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            with open(self.path.with_name(LOCK_NAME), "a") as lock:
                fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
                data = load(self.path)
                articles = data.get("articles", {})
                for name, entry in self.changes.items():
                    if entry is None:
                        articles.pop(name, None)
                    else:
                        articles[name] = entry
                # Another build's newer file records win over what this run read at its start.
                files = {**self.hasher.recorded, **data.get("files", {}), **self.hasher.stats}
                text = json.dumps({"format": FORMAT, "articles": articles, "files": files}, indent=1)
                write_atomic(self.path, text.encode("utf-8") + b"\n")
        except OSError as exc:
            raise StateNotSaved(self.path, exc) from exc
        self.articles = articles


class StateNotSaved(Exception):
    """The manifest could not be written: the outputs are there, but the next run rebuilds them."""

    def __init__(self, path: Path, cause: OSError):
        super().__init__(f"{path}: error: cannot save the build state: {cause.strerror or cause}; the outputs "
                         "were written, but the next run rebuilds them")


def load(path: Path) -> dict:
    """The manifest; an unreadable or foreign one just means 'build everything'."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("articles"), dict):
        return {}
    if not isinstance(data.get("files"), dict):
        data["files"] = {}
    return data


def open_state(args) -> State:
    """The manifest of the command line's output folder, keyed by its build options and shared inputs."""
    data = load(Path(args.output) / STATE_NAME)
    hasher = Hasher(data.get("files"))
    files = shared_inputs(args.templates, tuple(args.css))
    return State(Path(args.output), run_key(vars(args), files, hasher), hasher, data)


class Skipped:
    """A report for an article that was up to date: its last good build's outputs and counts.
    (A plain class: importing `dataclasses` is a sixth of a no-op run.)"""

    seconds = 0.0
    ok = True
    status = "unchanged"
    checked = None  # not built in this run

    def __init__(self, path: str, slug: str, counts: dict, outputs: list[str]):
        self.path, self.slug, self.counts, self.outputs = path, slug, counts, outputs
        self.failed_outputs: list[str] = []
        self.problems: list = []


def skipped_report(path: Path, state: State) -> Skipped:
    entry = state.articles.get(os.path.abspath(path), {})
    outputs = [str(state.path.parent / Path(name).name) for name in entry.get("outputs", {})]
    return Skipped(str(path), path.stem, entry.get("counts", {}), outputs)


def skipped_line(path: Path, state: State) -> str:
    report = skipped_report(path, state)
    return f"{path}: unchanged: {', '.join(report.outputs)} up to date (--force rebuilds)"
