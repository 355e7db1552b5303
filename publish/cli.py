"""The command line: arguments -> builds -> report -> exit code."""

from __future__ import annotations

import argparse
import sys
import traceback
from pathlib import Path

from .errors import EXIT_CONTENT, EXIT_OK, EXIT_USAGE, Problem
from .output_files import sweep_temporaries

DESCRIPTION = """\
Build print-ready PDF handouts and EPUB 3 ebooks from Markdown articles, then check that
every table cell, FAQ question and answer made it into both outputs.

With no PATH, builds every article (*.md) in content/. Each article content/<slug>.md
writes output/<slug>.pdf and output/<slug>.epub. A build whose checks fail keeps the
previous outputs and writes output/<slug>.failed.pdf / .failed.epub for inspection."""

EPILOG = """\
exit status: 0 every article built and passed its checks; 1 content errors or failed
checks; 2 usage errors. Errors are printed as 'path:line: error: message'."""


def parser() -> argparse.ArgumentParser:
    made = argparse.ArgumentParser(prog="build.py", description=DESCRIPTION, epilog=EPILOG,
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    made.add_argument("paths", nargs="*", metavar="PATH",
                      help="article files (.md) or folders of them; default: content/")
    made.add_argument("--output", "-o", metavar="DIR", default="output", help="where outputs go (default: output)")
    made.add_argument("--page-size", choices=("A4", "Letter"), default="",
                      help="paper size of the PDF; overrides front matter page_size (default: A4)")
    made.add_argument("--css", metavar="FILE", action="append", default=[],
                      help="extra stylesheet applied after the built-in styles, to both outputs; repeatable")
    made.add_argument("--templates", metavar="DIR", default="",
                      help="folder of templates that override the built-in ones of the same name")
    made.add_argument("--pdf-variant", default="pdf/ua-1", choices=("pdf/ua-1", "pdf/a-3u", "pdf/a-2u", "none"),
                      help="PDF standard to follow: tagged, accessible PDF/UA-1 (default) or PDF/A for archiving")
    made.add_argument("--no-check", action="store_true", help="skip the completeness and layout checks")
    made.add_argument("--json", metavar="FILE", help="also write the report as JSON to FILE ('-' for stdout)")
    made.add_argument("--debug", action="store_true", help="show Python tracebacks for internal errors")
    return made


def collect(paths: list[str], made: argparse.ArgumentParser) -> list[Path]:
    if not paths:
        paths = ["content"]
    found: list[Path] = []
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found += sorted(path.glob("*.md"))
        elif path.is_file():
            found.append(path)
        else:
            made.error(f"{name}: no such file or folder")
    if not found:
        made.error(f"no articles (*.md) found in {', '.join(paths)}")
    return found


def main(argv: list[str] | None = None) -> int:
    made = parser()
    args = made.parse_args(argv)
    for css in args.css:
        if not Path(css).is_file():
            made.error(f"--css {css}: no such file")
    if args.templates and not Path(args.templates).is_dir():
        made.error(f"--templates {args.templates}: no such folder")
    targets = collect(args.paths, made)
    from .pipeline import BuildOptions, Report, build
    from .report import as_json, summary_line
    options = BuildOptions(output_dir=Path(args.output), page_size=args.page_size,
                           css=tuple(Path(css).resolve() for css in args.css),
                           pdf_variant=args.pdf_variant, check=not args.no_check,
                           templates=str(Path(args.templates).resolve()) if args.templates else "")
    sweep_temporaries(options.output_dir)
    reports: list[Report] = []
    for path in targets:
        try:
            report = build(path, options)
        except Exception as exc:  # a bug of ours: say so plainly, keep going with the rest
            if args.debug:
                traceback.print_exc()
            report = Report(str(path), problems=[Problem(str(path), None, f"internal error: {exc!r} "
                                                         "(rerun with --debug for details)")])
        for problem in report.problems:
            print(problem.format(), file=sys.stderr)
        print(summary_line(report), file=sys.stdout if report.ok else sys.stderr)
        reports.append(report)
    if args.json:
        write_json(args.json, as_json(reports))
    return EXIT_OK if all(report.ok for report in reports) else EXIT_CONTENT


def write_json(destination: str, text: str) -> None:
    if destination == "-":
        print(text)
    else:
        Path(destination).write_text(text + "\n", encoding="utf-8")


def run() -> None:
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(130)


if __name__ == "__main__":
    run()
