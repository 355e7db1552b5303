"""Soak run: build hundreds of generated articles and books on every paper size and variant.

    python tests/soak.py [--articles N] [--books M] [--seed S] [--jobs J] [--keep DIR] [--languages LIST]

Generates N articles (seeds S, S+1, ...) and M books (book seeds S, S+1, ...) with
`tests/corpus/generate.py`, writes them into a temporary folder and builds them with the
project's command line, one `build.py` run per combination of A4/Letter and
standard/large-print (the articles and books dealt round-robin over the four), each run with
`-j J`. The per-article results come from `--json`.

`--languages LIST` makes it a targeted soak: every article, and every chapter of a book, in one
of these languages (comma-separated tags, or groups: `scripts` for the eleven written in the
shapes that break printed words, `rtl`, `cjk`, `indic`), e.g.

    python tests/soak.py --articles 60 --books 6 --languages scripts
    python tests/soak.py --articles 60 --books 0 --languages th,zh-Hans,ja

Every article and book must build `ok` with no problem at all: a warning counts as a failure
too, since the generator is meant to write only content that builds cleanly (a warning is a
bug in the generator or in the build); notes are advice (a nearly empty last page), not
problems. And the PDF's structure tree (what a screen reader follows) must hold every item of the model in source order, read independently of the build's
own checks (tests/structure_tree.py). Exit status 0 only when every one is ok.

`--keep DIR` copies each failure's sources (Markdown, images, a book's file) and its failed
PDF and EPUB into DIR/<combination>/<name>/, with a problems.txt, ready to turn into a fixture.
Reproduce one with `python tests/corpus/generate.py --seed N --out DIR [--book] [--languages LIST]`.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(HERE) not in sys.path:  # importable as `soak` from the tests, and runnable as a script
    sys.path.insert(0, str(HERE))

from corpus.generate import generate_article, generate_book, language_option, png_bytes  # noqa: E402

COMBINATIONS = (("A4", "standard"), ("Letter", "standard"), ("A4", "large-print"), ("Letter", "large-print"))


@dataclass
class Item:
    """One generated article or book, where it was written and how its build went."""

    kind: str  # "article" or "book"
    seed: int
    combination: tuple[str, str]
    path: Path  # the .md or the book's .yaml
    sources: list[Path]  # every file it consists of (for --keep)
    ok: bool = False
    problems: list[str] = field(default_factory=list)
    codes: list[str] = field(default_factory=list)  # each problem's `code` (pdf-text, stranded-heading, ...)
    failed_outputs: list[str] = field(default_factory=list)
    pages: int | None = None
    languages: tuple[str, ...] = ()  # a targeted soak's (generate.py --languages)

    @property
    def name(self) -> str:
        return self.path.stem

    @property
    def label(self) -> str:
        return f"{self.combination[0]}/{self.combination[1]}"

    def lines(self) -> list[str]:
        """The problem lines, paths shown relative to the item's folder (the temporary folder is gone)."""
        return [line.replace(str(self.path.parent) + os.sep, "") for line in self.problems]


def combo_name(combination: tuple[str, str]) -> str:
    return f"{combination[0]}-{combination[1]}"


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def python_for_builds() -> str:
    """The project's venv interpreter when there is one (the generator itself needs only the stdlib)."""
    venv = ROOT / ".venv" / "bin" / "python"
    return str(venv) if venv.exists() else sys.executable


# A practice's settings: every other article and every third book is printed with its
# branding (a long name, a contact line and a logo) at the top of the first page.
BRANDING = ("practice: Riverside Counselling and Family Therapy Practice\n"
            "contact: 01632 960 123 · riversidecounselling.example · Mon–Fri 9–5\nlogo: brand/logo.png\n")


def brand(folder: Path, seed: int) -> list[Path]:
    """Write handout.yaml and its logo into `folder`; return both paths."""
    from random import Random
    (folder / "brand").mkdir(parents=True, exist_ok=True)
    (folder / "handout.yaml").write_text(BRANDING, encoding="utf-8")
    (folder / "brand" / "logo.png").write_bytes(png_bytes(240, 120, Random(seed)))
    return [folder / "handout.yaml", folder / "brand" / "logo.png"]


def write_corpus(folder: Path, articles: int, books: int, seed: int, languages: tuple[str, ...] = ()) -> list[Item]:
    """Generate and write every article (two shared folders, one with the practice's branding)
    and book (a folder each); `languages`: only in these."""
    items: list[Item] = []
    branded = brand(folder / "branded", seed)
    for index in range(articles):
        article = generate_article(seed + index, languages)
        article_folder = folder / ("branded" if index % 8 >= 4 else "articles")  # each combination, both ways
        path = article.write(article_folder)
        settings = branded if article_folder.name == "branded" else []
        items.append(Item("article", seed + index, COMBINATIONS[index % len(COMBINATIONS)], path,
                          [path] + [article_folder / name for name in article.files] + settings,
                          languages=languages))
    for index in range(books):
        book = generate_book(seed + index, languages)
        book_folder = folder / "books" / book.slug
        path = book.write(book_folder)
        sources = [path] + (brand(book_folder, seed + index) if index % 3 == 2 else [])
        for article in book.articles:
            sources += [book_folder / f"{article.slug}.md"] + [book_folder / name for name in article.files]
        items.append(Item("book", seed + index, COMBINATIONS[index % len(COMBINATIONS)], path, sources,
                          languages=languages))
    return items


def build_combination(combination: tuple[str, str], items: list[Item], work: Path, jobs: int) -> float:
    """One build.py run for every item of this combination; fill in each item's result. Returns seconds."""
    name = combo_name(combination)
    out = work / "out" / name
    report = work / "reports" / f"{name}.json"
    report.parent.mkdir(parents=True, exist_ok=True)
    command = [python_for_builds(), str(ROOT / "build.py"), *(str(item.path) for item in items),
               "--output", str(out), "--page-size", combination[0], "--variant", combination[1],
               "--force", "--json", str(report), "-j", str(jobs)]
    started = time.perf_counter()
    env = dict(os.environ, CI="1")  # plain lines, no progress bar
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - started
    (work / "reports" / f"{name}.log").write_text(result.stdout + result.stderr, encoding="utf-8")
    entries, reason = {}, "no JSON report"
    if report.is_file():
        try:
            entries = {entry["path"]: entry for entry in json.loads(report.read_text(encoding="utf-8"))["articles"]}
        except (ValueError, KeyError, TypeError) as exc:
            reason = f"unreadable JSON report: {exc!r}"
    for item in items:
        entry = entries.get(str(item.path))
        if entry is None:
            item.problems = ([f"{reason} for it (build.py exit status {result.returncode}); its last lines:"]
                             + result.stderr.strip().splitlines()[-5:])
            item.codes = ["no-report"]
            continue
        problems = [problem for problem in entry["problems"] if problem["severity"] != "note"]
        item.problems = [problem["text"] for problem in problems]
        item.codes = ["internal" if "internal error:" in problem["message"] else problem.get("code") or "?"
                      for problem in problems]
        item.ok = bool(entry["ok"]) and not item.problems  # a warning is a failure too
        item.failed_outputs = list(entry.get("failed_outputs") or [])
        item.pages = (entry.get("counts") or {}).get("pages")
        if item.ok:
            item.problems = tag_order_problems(item, out / f"{item.name}.pdf", combination[1])
            item.codes = ["tags"] * len(item.problems)
            item.ok = not item.problems
    return seconds


def tag_order_problems(item: Item, pdf: Path, variant: str) -> list[str]:
    """What a screen reader would miss: the model's items not found, in order, in the PDF's
    structure tree (an independent reading: pypdf walks the tags, the build's checks do not)."""
    from structure_tree import structure_text

    from handout.check.items import (
        find_in_order,
        masthead_items,
        normalise,
        printed_items,
    )
    from handout.languages import direction
    from handout.read.article import read_article
    from handout.read.book import read_book
    from handout.render.html import record_columns
    paths = list(read_book(item.path).articles) if item.kind == "book" else [item.path]
    items, notes = [], []
    for path in paths:
        article = read_article(path)[0]
        printed, footnotes = printed_items(article, masthead_items(article.meta, byline=False), record_columns(variant))
        items, notes = items + printed, notes + footnotes
    raw = "".join(structure_text(pdf.read_bytes()))
    if any(direction(read_article(path)[0].meta.language) == "rtl" for path in paths):
        # Right to left, the tags hold each line's glyphs in drawing order, as the build's
        # own check reads them (check/pdf_text.py): compare their letters, not their order.
        # The tags hold the design's labels too; letters of the article's may be missing only
        # where a glyph reads back as a stand-in (two each, at most).
        want, got = Counter(letters(" ".join(item.text for item in items + notes))), Counter(letters(raw))
        missing = want - got
        stand_ins = sum(count for char, count in got.items() if char not in want)
        return [] if sum(missing.values()) <= 2 * stand_ins else [
            f"{item.path.name}:None: tags: letters missing from the structure tree: {''.join(sorted(missing))[:60]}"]
    text = normalise(raw)
    for note in notes:  # a footnote is tagged where the engine laid it out, inside its page's last block
        text = without_note(text, normalise(note.text), items, find_in_order)
    found = find_in_order(items, text)
    return [f"{item.path.name}:{finding.item.line}: tags: {finding.item.label} {finding.problem} in the structure "
            f"tree: '{finding.item.text[:60]}'" for finding in found]


MIRRORED = str.maketrans(")]}>»›”’", "([{<«‹“‘")


def letters(text: str) -> list[str]:
    """The letters of `text`, sorted: no spaces, combining marks, bidi controls or zero-width
    characters, compatibility forms unfolded, a bracket the same as its mirror image (the soak's
    own reading, apart from the build's checks)."""
    return sorted(char for char in unicodedata.normalize("NFKD", text).translate(MIRRORED)
                  if unicodedata.category(char)[0] in "LNPS")


def without_note(text: str, note: str, items: list, find_in_order) -> str:
    """The structure text without a footnote's text: of its occurrences (a generated note may
    repeat a sentence of the article), the one whose removal leaves the items in order."""
    starts, at = [], text.find(note)
    while at >= 0:
        starts.append(at)
        at = text.find(note, at + 1)
    candidates = [text[:start] + text[start + len(note):] for start in starts] or [text]
    return min(candidates, key=lambda candidate: len(find_in_order(items, candidate)))


def code_fingerprint() -> str:
    """Names, sizes and times of the files a build runs on: a change during the run mixes versions."""
    files = [ROOT / "build.py"] + [path for folder in ("handout", "templates", "styles", "fonts")
                                   for path in sorted((ROOT / folder).rglob("*")) if path.is_file()]
    return "\n".join(f"{path}:{path.stat().st_size}:{path.stat().st_mtime_ns}" for path in files)


def keep_failure(item: Item, keep: Path) -> Path:
    """Copy a failure's sources and failed outputs into keep/<combination>/<name>/."""
    target = keep / combo_name(item.combination) / item.name
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    base = item.path.parent
    for source in item.sources:
        destination = target / source.relative_to(base)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, destination)
    for output in item.failed_outputs:
        output_path = Path(output) if Path(output).is_absolute() else ROOT / output
        if output_path.is_file():
            shutil.copy2(output_path, target / output_path.name)
    book = (" --book" if item.kind == "book" else "") + (f" --languages {','.join(item.languages)}"
                                                         if item.languages else "")
    lines = [f"{item.kind} seed {item.seed}, --page-size {item.combination[0]} --variant {item.combination[1]}",
             f"regenerate: python tests/corpus/generate.py --seed {item.seed} --out DIR{book}",
             f"rebuild:    .venv/bin/python build.py DIR/{item.path.name} --page-size {item.combination[0]} "
             f"--variant {item.combination[1]} --force", ""] + item.lines()
    (target / "problems.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return target


def parser() -> argparse.ArgumentParser:
    made = argparse.ArgumentParser(prog="soak.py", description=__doc__.split("\n\n")[0],
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    made.add_argument("--articles", type=int, default=400, metavar="N", help="articles to generate (default 400)")
    made.add_argument("--books", type=int, default=40, metavar="M", help="books to generate (default 40)")
    made.add_argument("--seed", type=int, default=1, metavar="S", help="first seed (default 1)")
    made.add_argument("--jobs", "-j", type=int, default=default_jobs(), metavar="J",
                      help=f"build.py -j J (default: the usable cores, here {default_jobs()})")
    made.add_argument("--keep", type=Path, metavar="DIR", help="copy each failure's sources and failed PDF here")
    made.add_argument("--max-lines", type=int, default=25, metavar="L",
                      help="problem lines printed per failure (default 25; 0: all)")
    made.add_argument("--languages", type=language_option, default=(), metavar="LIST",
                      help="a targeted soak: every article and chapter in one of these languages, comma-separated "
                           "tags or groups (scripts, rtl, cjk, indic), e.g. th,hi,ar or scripts")
    return made


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.articles < 0 or args.books < 0 or args.jobs < 1:
        parser().error("--articles and --books must be 0 or more, --jobs 1 or more")
    started = time.perf_counter()
    code_before = code_fingerprint()
    with tempfile.TemporaryDirectory(prefix="handout-soak-") as temporary:
        work = Path(temporary)
        items = write_corpus(work / "src", args.articles, args.books, args.seed, args.languages)
        generated = time.perf_counter() - started
        only = f" in {','.join(args.languages)}" if args.languages else ""
        print(f"soak: generated {args.articles} articles and {args.books} books{only} from seed {args.seed} "
              f"in {generated:.1f}s; building with -j {args.jobs}", flush=True)
        timings = {}
        for combination in COMBINATIONS:
            chosen = [item for item in items if item.combination == combination]
            if chosen:
                timings[combination] = build_combination(combination, chosen, work, args.jobs)
                bad = sum(not item.ok for item in chosen)
                pages = sorted(item.pages for item in chosen if item.kind == "article" and item.pages)
                spread = f", article pages median {pages[len(pages) // 2]} max {pages[-1]}" if pages else ""
                articles = sum(item.kind == "article" for item in chosen)
                print(f"  {combination[0]:<6} {combination[1]:<11} {articles:>4} articles "
                      f"{len(chosen) - articles:>3} books: {len(chosen) - bad:>4} ok {bad:>3} not ok "
                      f"({timings[combination]:.1f}s{spread})", flush=True)
        failures = [item for item in items if not item.ok]
        for item in failures:
            print(f"\nNOT OK: {item.kind} seed {item.seed} ({item.name}), {item.label}")
            lines = item.lines() or ["(no problem lines)"]
            shown = lines if not args.max_lines else lines[:args.max_lines]
            for line in shown:
                print(f"  {line}")
            if len(shown) < len(lines):
                print(f"  ... and {len(lines) - len(shown)} more lines (--max-lines 0 shows all; --keep writes all)")
            if args.keep:
                print(f"  kept in {keep_failure(item, args.keep)}")
        seconds = time.perf_counter() - started
        if failures:
            codes = Counter(code for item in failures for code in dict.fromkeys(item.codes))
            print("\nfailures by problem code (items with at least one): "
                  + ", ".join(f"{code} {count}" for code, count in codes.most_common()))
        articles_ok = sum(item.ok for item in items if item.kind == "article")
        books_ok = sum(item.ok for item in items if item.kind == "book")
        if code_fingerprint() != code_before:
            print("\nsoak: note: build.py, handout/, templates/, styles/ or fonts/ changed during this run, "
                  "so its builds may mix code versions; run it again to be sure")
        print(f"\nsoak: {articles_ok} of {args.articles} articles and {books_ok} of {args.books} books ok; "
              f"{len(failures)} not ok; {seconds:.1f}s")
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())
