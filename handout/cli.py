"""The command line: arguments -> builds -> report -> exit code."""

from __future__ import annotations

import argparse
import contextlib
import os
import stat
import sys
from pathlib import Path

from handout import __version__
from handout.errors import EXIT_CONTENT, EXIT_INSTALL, EXIT_OK, EXIT_USAGE
from handout.parallel import (
    build_many,
    default_jobs,
    jobs_value,
    select_shard,
    shard_value,
)
from handout.resources import SETTINGS_FILE, installation_problem

DESCRIPTION = """\
Build print-ready PDF handouts and EPUB 3 ebooks from Markdown articles, then check that
every table cell, FAQ question and answer made it into both outputs.

With no PATH, builds every article (*.md) and book file (*.yaml) in content/ and its
subfolders. Each article <slug>.md writes output/<slug>.pdf and output/<slug>.epub. A
build whose checks fail keeps the previous outputs and writes output/<slug>.failed.pdf /
.failed.epub for inspection.
A book file (book.yaml: title, author, language, articles) writes output/book.pdf and
output/book.epub with every listed article as a chapter.

To start an article: %(prog)s new content/<slug>.md [--title "..."] writes a complete
example that builds as it stands (never over an existing file).
For Chinese, Japanese or Korean: %(prog)s fonts, once (a few minutes), makes their fonts."""

EPILOG = """\
exit status: 0 every article built and passed its checks; 1 content errors or failed
checks; 2 usage errors; 3 the builder's own files are missing (reinstall it). Errors
are printed as 'path:line: error: message'."""


def parser() -> argparse.ArgumentParser:
    made = argparse.ArgumentParser(prog=program(), description=DESCRIPTION, epilog=EPILOG,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    made.add_argument("paths", nargs="*", metavar="PATH",
                      help="article files (.md), book files (.yaml) or folders (searched with their subfolders); "
                           "default: content/")
    made.add_argument("--output", "-o", metavar="DIR", default="output", help="where outputs go (default: output)")
    made.add_argument("--page-size", choices=("A4", "Letter"), default="",
                      help="paper size of the PDF; overrides front matter and handout.yaml page_size (default: A4)")
    made.add_argument("--css", metavar="FILE", action="append", default=[],
                      help="extra stylesheet applied after the built-in styles, to both outputs; repeatable")
    made.add_argument("--templates", metavar="DIR", default="",
                      help="folder of templates that override the built-in ones of the same name")
    made.add_argument("--pdf-variant", default="", choices=("pdf/ua-1", "pdf/a-3u", "pdf/a-2u", "none"),
                      help="PDF standard to follow: tagged, accessible PDF/UA-1 (default) or PDF/A for archiving; "
                           "overrides handout.yaml pdf_variant")
    made.add_argument("--variant", default="", choices=("standard", "large-print"),
                      help="print design: standard (black-and-white, 10.5 pt text; the default) or large-print "
                           "(16 pt text); overrides handout.yaml variant")
    made.add_argument("--fit", type=pages_value, default=0, metavar="N",
                      help="tighten spacing (never the text size) until the PDF fits N pages, or fail saying "
                           "how many it needs; overrides front matter 'fit'")
    made.add_argument("--fillable", action="store_true",
                      help="worksheet prompts, scales, checklists and write-in table cells as PDF form fields "
                           "(as front matter 'fillable: true')")
    made.add_argument("--no-check", action="store_true", help="skip the completeness and layout checks")
    made.add_argument("--json", metavar="FILE", help="also write the report as JSON to FILE ('-' for stdout)")
    made.add_argument("--debug", action="store_true", help="show Python tracebacks for internal errors")
    made.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    speed = made.add_argument_group("fast rebuilds")
    speed.add_argument("--watch", action="store_true",
                       help="build, then rebuild whatever a saved change affects, until Ctrl-C")
    speed.add_argument("--serve", action="store_true",
                       help="as --watch, and show the pages, the EPUB and the checks in the browser, "
                            "updated on every save (prints the address to open)")
    speed.add_argument("--port", type=port_value, default=8000, metavar="N",
                       help="--serve's port (default 8000; a busy port falls back to a free one)")
    speed.add_argument("--host", type=host_value, default="127.0.0.1", metavar="HOST",
                       help="--serve's address (default 127.0.0.1: this machine only; 0.0.0.0 opens it to the network)")
    speed.add_argument("--force", action="store_true",
                       help="rebuild every article, even those whose inputs and outputs are unchanged")
    speed.add_argument("-j", "--jobs", type=jobs_value, default=default_jobs(), metavar="N",
                       help=f"build N articles at once (default: the number of cores, here {default_jobs()})")
    speed.add_argument("--shard", type=shard_value, metavar="I/N",
                       help="build only slice I of N (1 <= I <= N) of the articles, e.g. one per CI runner")
    return made


def program() -> str:
    """The command as the user typed it: `build.py` in a checkout, `handout` when installed."""
    name = Path(sys.argv[0]).name
    return "handout" if name in ("", "__main__.py", "-c") else name


def port_value(text: str) -> int:
    """--port N: 0 (any free port) to 65535."""
    if not text.isdigit() or not 0 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port number (0 to 65535)")
    return int(text)


def host_value(text: str) -> str:
    """--host: an IP address (256.1.1.1 is none) or a host name; whether this machine can listen
    there is found when the server starts."""
    import ipaddress
    import re
    looks_numeric = re.fullmatch(r"[0-9.]+|\[?[0-9a-fA-F:.]*:[0-9a-fA-F:.]*\]?", text)
    try:
        if looks_numeric:
            return str(ipaddress.ip_address(text.removeprefix("[").removesuffix("]")))
    except ValueError:
        pass
    else:
        if re.fullmatch(r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)(\.(?!-)[A-Za-z0-9-]{1,63}(?<!-))*\.?", text):
            return text
    raise argparse.ArgumentTypeError(f"'{text}' is not an IP address or a host name")


def pages_value(text: str) -> int:
    """--fit N: a whole number of pages, 1 to 50 (as front matter 'fit' allows)."""
    if not text.isdigit() or not 1 <= int(text) <= 50:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of pages from 1 to 50")
    return int(text)


def collect(paths: list[str], made: argparse.ArgumentParser, output: str = "output") -> list[Path]:
    defaulted = not paths
    if defaulted and not Path("content").is_dir():
        start_hint(made)
    if not paths:
        paths = ["content"]
    found: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found += sources_in(path, Path(output))
        elif path.is_file():
            found.append(path)
        elif path.exists():
            made.error(f"{name}: not a regular file (a FIFO or a device); an article is a text file")
        else:
            made.error(f"{name}: no such file or folder")
    if not found:
        if defaulted:
            start_hint(made)
        made.error(f"no articles (*.md) or book files (*.yaml) found in {', '.join(paths)}")
    return found


def start_hint(made: argparse.ArgumentParser) -> None:
    """A folder with nothing to build yet: say how to start, not the whole usage text."""
    from handout.scaffold import start_hint as hint
    made.exit(EXIT_USAGE, f"{made.prog}: error: no articles in content/ here; {hint(made.prog)}\n")


def sources_in(folder: Path, output: Path) -> list[Path]:
    """The articles (*.md) and book files (*.yaml, *.yml; not handout.yaml) in a folder and its
    subfolders, in path order; hidden folders and the output folder are not looked into."""
    skipped = output.resolve()
    found = []
    for root, folders, files in os.walk(folder):
        folders[:] = sorted(name for name in folders
                            if not name.startswith(".") and (Path(root) / name).resolve() != skipped)
        found += [Path(root) / name for name in sorted(files) if is_source(name) and regular(Path(root) / name)]
    return found


def regular(path: Path) -> bool:
    """Whether a file found in a folder can be read as one: a FIFO would hang the build and a
    link to /dev/zero fill its memory, so anything else is skipped, saying so."""
    try:
        if stat.S_ISREG(os.stat(path).st_mode):
            return True
    except OSError:  # a dangling symlink, a loop
        pass
    print(f"{path}: warning: not a regular file (a FIFO, a device, or a link to one or to nothing); skipped",
          file=sys.stderr)
    return False


def is_source(name: str) -> bool:
    suffix = Path(name).suffix.lower()
    return suffix == ".md" or (suffix in (".yaml", ".yml") and name != SETTINGS_FILE)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    broken = installation_problem()
    if broken:
        print(f"{program()}: error: {broken}", file=sys.stderr)
        return EXIT_INSTALL
    if argv[:1] == ["new"]:  # `build.py new PATH`; a folder named "new" is built as ./new
        from handout.scaffold import new_article
        return new_article(argv[1:], program())
    if argv[:1] == ["fonts"]:  # set-up, once: the Chinese, Japanese and Korean faces (handout/cjk_fonts.py)
        from handout.cjk_fonts import main as make_fonts
        return make_fonts(argv[1:], f"{program()} fonts")
    made = parser()
    args = made.parse_args(argv)
    for css in args.css:
        if not Path(css).is_file():
            made.error(f"--css {css}: no such file")
    if args.templates and not Path(args.templates).is_dir():
        made.error(f"--templates {args.templates}: no such folder")
    targets = collect(args.paths, made, args.output)
    usage_problem = destination_problem(args)
    if usage_problem:
        made.error(usage_problem)
    collection = None
    if args.shard:  # the clash check still sees every article: a/x.md and b/x.md may fall in two shards
        collection = unique_files(targets)
        targets = select_shard(collection, *args.shard)
    if args.serve:
        from handout.serve import ServeError, serve
        try:
            return serve(targets, args, build_options)
        except ServeError as problem:  # an address this machine cannot listen on: no traceback
            made.exit(EXIT_USAGE, f"{made.prog}: error: {problem}\n")
    if args.watch:
        from handout.watch import watch
        return watch(targets, args, build_options)
    # With '--json -' stdout carries only the JSON document; the human lines go to stderr.
    from handout.incremental import StateNotSaved
    try:
        with contextlib.redirect_stdout(sys.stderr) if args.json == "-" else contextlib.nullcontext():
            reports = build_changed(targets, args, collection)
        if args.json:
            from handout.report import as_json
            write_json(args.json, as_json(reports))
    except (StateNotSaved, JsonNotWritten) as failure:  # a full disk: said with its path, no traceback
        print(failure, file=sys.stderr)
        return EXIT_CONTENT
    return EXIT_OK if all(report.ok for report in reports) else EXIT_CONTENT


def build_options(args: argparse.Namespace):
    """The build options the command line gives (handout/settings.py resolves the rest per article)."""
    from handout.settings import BuildOptions
    return BuildOptions(output_dir=Path(args.output), page_size=args.page_size,
                        css=tuple(Path(css).resolve() for css in args.css),
                        pdf_variant=args.pdf_variant, check=not args.no_check,
                        variant=args.variant, fit=args.fit,
                        templates=str(Path(args.templates).resolve()) if args.templates else "",
                        overlap=args.jobs > 1,  # '-j 1' keeps a build on one core, helper process included
                        fillable=args.fillable)


def build_changed(targets: list[Path], args: argparse.Namespace, collection: list[Path] | None = None) -> list:
    """Build the articles whose inputs or outputs changed since their last good build (all with --force).
    `collection`: every article, when `targets` is one --shard of them (for same_outputs)."""
    from handout.incremental import skipped_line, skipped_report
    targets = unique_files(targets)
    state = build_state(args)
    clashes = same_outputs(targets, Path(args.output), collection)
    for report in clashes.values():
        show_report(report)
    inputs = {path: state.before_build(path) for path in targets if path not in clashes}
    stale = [path for path in inputs if args.force or state.entry(path) is None]
    for path in inputs:
        if path not in stale:
            print(skipped_line(path, state))
    built = dict(clashes)
    if stale:
        from handout.write.output_files import sweep_temporaries
        sweep_temporaries(Path(args.output))
        fresh = dict(zip(stale, build_many(stale, build_options(args), args.jobs, show_report, args.debug)))
        for path, report in fresh.items():
            state.record(path, inputs[path], report)
        built.update(fresh)
        state.save()
    return [built[path] if path in built else skipped_report(path, state) for path in targets]


def build_state(args: argparse.Namespace):
    """The output folder's build state. Its shared inputs (fonts, templates, our code: some 40 MB)
    are hashed before anything is built. When this run surely builds (--force, or no state yet),
    a forked helper hashes them on the second core while this process loads the PDF engine."""
    from handout.incremental import STATE_NAME, open_state
    if not args.force and (Path(args.output) / STATE_NAME).is_file():  # perhaps a no-op: hash, and no more
        return open_state(args)
    from handout.overlap import Background
    with Background(lambda: open_state(args), fork=args.jobs > 1) as hashing:
        import handout.write.engine  # noqa: F401  (the PDF engine: about 0.2 s of imports)
        return hashing.result()


def unique_files(paths: list[Path]) -> list[Path]:
    """Each file once, as first named (`content/x.md` and `./content/x.md` are one article)."""
    seen: dict[Path, Path] = {}
    for path in paths:
        seen.setdefault(path.resolve(), path)
    return list(seen.values())


def same_outputs(targets: list[Path], output: Path, collection: list[Path] | None = None) -> dict:
    """A failed report for each article or book whose outputs another one of this run would
    write too (`a/x.md` and `b/x.md` both write x.pdf): neither is built, so neither is lost.
    With `collection` (all the articles, `targets` being one shard of them) a clash with an
    article of another shard counts too, so gathering the shards' outputs overwrites none."""
    by_name: dict[str, list[Path]] = {}
    for path in unique_files([*targets, *collection]) if collection else targets:
        by_name.setdefault(path.stem.casefold(), []).append(path)  # some file systems ignore case
    reports = {}
    for paths in (paths for paths in by_name.values() if len(paths) > 1):
        from handout.errors import error
        from handout.report import Report  # not on a no-op run's path
        for path in (path for path in paths if not collection or path in targets):  # this shard's only
            others = " and ".join(f"'{other}'" for other in paths if other != path)
            reports[path] = Report(str(path), path.stem, [error(
                path, None, f"{others} would write the same {output / path.stem}.pdf and .epub; rename one "
                            "of them (a file's name is the name of its outputs)")])
    return reports


def show_report(report) -> None:
    """A report's problems on stderr, then its one summary line."""
    from handout.report import summary_line
    for problem in report.problems:
        print(problem.format(), file=sys.stderr)
    print(summary_line(report), file=sys.stdout if report.ok else sys.stderr)


def destination_problem(args: argparse.Namespace) -> str:
    """Why the outputs or the --json report could not be written, found before anything is built."""
    from handout.write.output_files import output_folder_problem
    problem = output_folder_problem(Path(args.output))
    if problem:
        return f"-o {args.output}: {problem}"
    json_folder = Path(args.json).parent if args.json and args.json != "-" else None
    if json_folder and not json_folder.is_dir():
        return f"--json {args.json}: no such folder {json_folder}"
    return ""


class JsonNotWritten(Exception):
    """The --json report could not be written (a full disk, a read-only folder)."""


def write_json(destination: str, text: str) -> None:
    if destination == "-":
        print(text)
        return
    try:
        Path(destination).write_text(text + "\n", encoding="utf-8")
    except OSError as exc:
        raise JsonNotWritten(f"{destination}: error: cannot write the --json report: {exc.strerror or exc}") from exc


def run() -> None:
    try:
        code = main()
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        code = 130
    except BrokenPipeError:  # the reader of our report went away (`| head`): stop quietly
        code = 1
    # Every output is written, synced and closed, and every helper process reaped: skip the
    # interpreter's teardown, which frees the PDF engine's objects one by one (~0.1 s, a
    # tenth of a cold build).
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except OSError:  # a closed pipe (`| head`) has nothing left to say
        pass
    os._exit(code)


if __name__ == "__main__":
    run()
