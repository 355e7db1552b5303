"""--watch: build, then rebuild whatever each saved file affects, in one process kept warm.

An article's change rebuilds that article; a change to a template, style, font, extra
stylesheet or settings file rebuilds every article. WeasyPrint is imported once, before the
first build, so a rebuild pays only for the work itself."""

from __future__ import annotations

import importlib
import os
import sys
import time
from pathlib import Path

from handout.errors import EXIT_OK
from handout.incremental import StateNotSaved, open_state, skipped_line
from handout.parallel import build_many
from handout.resources import (
    FONTS,
    SETTINGS_FILE,
    STYLES,
    TEMPLATES,
    settings_candidates,
)

# Wait this long for more changes in the same save (editors write a file in several steps).
STEP_MS = 30
# The watcher wakes up this often without changes; the first wake-up says it is ready.
IDLE_MS = 500


def warm_up() -> None:
    """Import every stage now (WeasyPrint included), so that no rebuild pays for it."""
    for stage in ("handout.pipeline", "handout.render.epub", "handout.write.pdf", "handout.write.epub",
                  "handout.check.pdf", "handout.check.epub", "handout.check.epub_screen"):
        importlib.import_module(stage)


def watch(targets: list[Path], args, make_options, stop_event=None, on_report=None) -> int:
    """Build `targets`, then rebuild on every change until Ctrl-C (or `stop_event` is set);
    `on_report(path, report)` hears of every build (the preview server's way in)."""
    import watchfiles
    watcher = Watcher(targets, args, make_options(args), on_report)
    warm_up()
    try:
        watcher.rebuild(watcher.targets)
        ready = False
        for changes in watchfiles.watch(*watcher.roots(), watch_filter=watcher.relevant, step=STEP_MS,
                                        rust_timeout=IDLE_MS, yield_on_timeout=True, stop_event=stop_event):
            if not ready:  # now that changes are seen, catch up with saves made while starting
                watcher.rebuild(watcher.targets, quiet=True)
                print(f"watching {len(watcher.targets)} article(s) and the templates, styles and fonts; "
                      "Ctrl-C stops", file=sys.stderr, flush=True)
                ready = True
            watcher.rebuild(watcher.affected(changes))
    except KeyboardInterrupt:  # Ctrl-C is how one leaves watch mode: not an error
        pass
    print("stopped watching", file=sys.stderr, flush=True)
    return EXIT_OK


class Watcher:
    """What is watched, what a change affects, and the rebuilds themselves."""

    def __init__(self, targets: list[Path], args, options, on_report=None):
        import watchfiles
        self.args = args
        self.options = options
        self.on_report = on_report
        self.targets = [Path(os.path.abspath(path)) for path in dict.fromkeys(targets)]
        self.shown = {target: path for target, path in zip(self.targets, dict.fromkeys(targets))}
        self.folders = {Path(os.path.abspath(name)) for name in (args.paths or ["content"]) if Path(name).is_dir()}
        self.shared = [TEMPLATES, STYLES, FONTS] + [Path(os.path.abspath(css)) for css in args.css]
        self.shared += [Path(os.path.abspath(args.templates))] if args.templates else []
        output = Path(os.path.abspath(args.output))
        self.relevant = watchfiles.DefaultFilter(
            ignore_paths=[output], ignore_entity_patterns=(*watchfiles.DefaultFilter.ignore_entity_patterns,
                                                           r"^\.handout-"))

    def roots(self) -> list[Path]:
        """Folders to watch: the articles', the shared inputs', and settings files that exist now."""
        folders = self.folders | {target.parent for target in self.targets}
        folders |= {path if path.is_dir() else path.parent for path in self.shared}
        settings = {path for target in self.targets for path in settings_candidates(target) if path.is_file()}
        return sorted(folders | {path for path in settings if not any(path.is_relative_to(f) for f in folders)})

    def affected(self, changes) -> list[Path]:
        """The articles that a batch of changes calls for rebuilding, in a stable order."""
        import watchfiles
        if not changes:
            return []
        paths = {Path(os.path.abspath(path)): change for change, path in changes}
        if any(self.is_shared(path) for path in paths):
            return list(self.targets)
        state = open_state(self.args)
        wanted = []
        for path, change in sorted(paths.items()):
            if path.suffix == ".md" and (path in self.targets or path.parent in self.folders):
                self.follow(path, change == watchfiles.Change.deleted)
                wanted += [path] if path in self.targets else []
            wanted += [target for target in self.targets
                       if str(path) in state.articles.get(str(target), {}).get("inputs", {})]
        return [target for target in self.targets if target in wanted]

    def is_shared(self, path: Path) -> bool:
        return path.name == SETTINGS_FILE or any(path == root or path.is_relative_to(root) for root in self.shared)

    def follow(self, path: Path, deleted: bool) -> None:
        """Start building an article that appeared in a watched folder; stop for a deleted one."""
        if deleted and path in self.targets:
            self.targets.remove(path)
            print(f"{self.shown.pop(path, path)}: deleted; no longer built", file=sys.stderr, flush=True)
        elif not deleted and path not in self.targets and path.is_file():
            self.targets = sorted(self.targets + [path])
            self.shown[path] = Path(os.path.relpath(path))

    def rebuild(self, paths: list[Path], quiet: bool = False) -> None:
        """Build those of `paths` whose inputs or outputs changed; one line each (none if `quiet` and unchanged)."""
        if not paths:
            return
        state = open_state(self.args)
        inputs = {path: state.before_build(path) for path in paths}
        stale = [path for path in paths if (self.args.force and not quiet) or state.entry(path) is None]
        if not stale and quiet:
            return
        for path in paths:
            if path not in stale and not quiet:
                print(stamp(skipped_line(self.shown.get(path, path), state)), flush=True)
        shown = [self.shown.get(path, path) for path in stale]
        for path, report in zip(stale, build_many(shown, self.options, self.args.jobs, show_line, self.args.debug)):
            state.record(path, inputs[path], report)
            if self.on_report:
                self.on_report(path, report)
        try:
            state.save()
        except StateNotSaved as failure:  # a full disk: said with its path, and the watch goes on
            print(stamp(str(failure)), file=sys.stderr, flush=True)


def stamp(line: str) -> str:
    return f"[{time.strftime('%H:%M:%S')}] {line}"


def show_line(report) -> None:
    """A rebuild's problems on standard error, as a single build prints them, then one line:
    clock time, check result, build time, outputs (on standard error too if it failed)."""
    from handout.report import summary_line
    for problem in report.problems:
        print(problem.format(), file=sys.stderr, flush=True)
    print(stamp(summary_line(report)), file=sys.stdout if report.ok else sys.stderr, flush=True)
