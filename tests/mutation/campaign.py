"""The campaign: generate articles, build them clean, plan the injections, run them in parallel, report."""

from __future__ import annotations

import argparse
import json
import random
import shutil
import tempfile
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass
from pathlib import Path

from corpus.generate import generate_article
from soak import COMBINATIONS, ROOT, code_fingerprint, combo_name, default_jobs

from . import __doc__ as GUIDE
from .edits import TemplateChanged
from .inject import KIND, KINDS, Injection, Kind, inject
from .model import ArticleInfo, describe_article, read_model
from .pdf_objects import crossing_tables
from .report import SIDES, progress_line, report
from .runner import RETRY_WAIT, Outcome, output_of, run_build, run_injection

BLOCKS_TEMPLATE = ROOT / "templates" / "parts" / "blocks.j2"


def pool_articles(folder: Path, seed: int, count: int, kinds: list[Kind], blocks_source: str,
                  limit: int) -> list[ArticleInfo]:
    """`count` articles dealt over the combinations, more (up to `limit`) until every kind has targets everywhere."""
    infos: list[ArticleInfo] = []
    wanted = {(kind.name, combination) for kind in kinds for combination in kind.combinations}
    have: Counter = Counter()
    index = 0
    while index < count or (index < limit and any(have[key] < 1 for key in wanted)):
        made = generate_article(seed + index)
        path = made.write(folder)
        info = ArticleInfo(seed + index, made.slug, path, [path] + [folder / name for name in made.files],
                           COMBINATIONS[index % len(COMBINATIONS)])
        describe_article(info, read_model(path))
        infos.append(info)
        for kind in kinds:
            if info.combination in kind.combinations and any(
                    inject(kind.name, variant, info, random.Random(0), blocks_source,
                           {"crossing": set()}) is not None for variant in kind.variants):
                have[kind.name, info.combination] += 1
        index += 1
    return infos


def clean_builds(infos: list[ArticleInfo], work: Path, jobs: int, wait: float = RETRY_WAIT) -> float:
    """Build every article once without a fault (one build.py run per combination)."""
    started = time.perf_counter()
    for combination in COMBINATIONS:
        chosen = [info for info in infos if info.combination == combination]
        if not chosen:
            continue
        out = work / "clean" / combo_name(combination)
        for attempt in range(3):
            results = run_build([info.path for info in chosen], out, combination, jobs)
            if not any(result.broken for result in results.values()) or attempt == 2:
                break
            print(f"  clean build {combo_name(combination)} broke (project mid-edit?); again in {wait:.0f}s",
                  flush=True)
            time.sleep(wait)
        for info in chosen:
            result = results[str(info.path)]
            entry = result.entry or {}
            info.clean_problems = [problem["text"] for problem in entry.get("problems", ())  # notes are advice
                                   if problem.get("severity") != "note"] \
                or ([] if result.entry else [f"no report (exit {result.exit_code}): {result.stderr.strip()[-300:]}"])
            info.clean_ok = bool(entry.get("ok")) and not info.clean_problems
            info.clean_pdf = output_of(entry, ".pdf", out, info.slug)
            info.clean_epub = output_of(entry, ".epub", out, info.slug)
    return time.perf_counter() - started


def plan(infos: list[ArticleInfo], total: int, kinds: list[Kind], rng: random.Random,
         blocks_source: str) -> tuple[list[Injection], list[str]]:
    """`total` injections spread evenly over the kinds and, within a kind, over its combinations."""
    injections, unplaced = [], []
    facts_cache: dict[int, dict] = {}
    used: Counter = Counter()  # (kind, seed): injections of a kind go to as many articles as they can
    for number in range(total):
        kind = kinds[number % len(kinds)]
        combination = kind.combinations[(number // len(kinds)) % len(kind.combinations)]
        candidates = [info for info in infos if info.clean_ok and info.combination == combination]
        rng.shuffle(candidates)
        candidates.sort(key=lambda info: used[kind.name, info.seed])
        made = place(kind, candidates, rng, blocks_source, facts_cache, unplaced)
        if made is None:
            unplaced.append(f"{kind.name} on {combo_name(combination)}: no article of the pool has a target")
            continue
        made.number = len(injections) + 1
        used[kind.name, made.seed] += 1
        injections.append(made)
    return injections, unplaced


def place(kind: Kind, candidates: list[ArticleInfo], rng: random.Random, blocks_source: str,
          facts_cache: dict[int, dict], unplaced: list[str]) -> Injection | None:
    """The first injection of `kind` (its variants in random order) that one of the candidates has a target for."""
    variants = list(kind.variants)
    rng.shuffle(variants)
    for variant in variants:
        for info in candidates:
            facts = {}
            if kind.name == "split-row":
                if info.seed not in facts_cache:
                    facts_cache[info.seed] = {"crossing": crossing_tables(str(info.clean_pdf), info)}
                facts = facts_cache[info.seed]
            try:
                made = inject(kind.name, variant, info, rng, blocks_source, facts)
            except TemplateChanged as exc:
                unplaced.append(f"{kind.name}/{variant}: {exc}")
                made = None
            if made is not None:
                return made
    return None


@dataclass
class Campaign:
    """The articles, the outcomes, and what could not be placed or built."""

    infos: list[ArticleInfo]
    outcomes: list[Outcome]
    unplaced: list[str]
    seconds: float
    clean_seconds: float
    changed: bool  # the project's code changed during the run
    work: Path | None = None  # where the sources, faults and outputs are (while it exists)

    @property
    def skipped(self) -> list[ArticleInfo]:
        """The articles whose clean build was not ok."""
        return [info for info in self.infos if not info.clean_ok]

    def misses(self) -> list[tuple[Outcome, str]]:
        """(outcome, side) of every fault that happened and was not detected with an expected code."""
        return [(outcome, side) for outcome in self.outcomes for side in SIDES
                if outcome.manifested(side) and not outcome.detected(side)]

    @property
    def ok(self) -> bool:
        """No miss, no broken build, no failed verification."""
        return not self.misses() and not any(outcome.error or outcome.broken for outcome in self.outcomes)


def run_campaign(injections_wanted: int = 200, seed: int = 1, jobs: int | None = None, articles: int | None = None,
                 kinds: list[str] | None = None, work: Path | None = None, progress=print,
                 wait: float = RETRY_WAIT) -> Campaign:
    """Generate the articles, build them clean, then build and verify every injection."""
    jobs = jobs or default_jobs()
    chosen = [KIND[name] for name in kinds] if kinds else list(KINDS)
    started = time.perf_counter()
    before = code_fingerprint()
    blocks_source = BLOCKS_TEMPLATE.read_text(encoding="utf-8")
    owned = work is None
    work = Path(tempfile.mkdtemp(prefix="handout-mutate-")) if owned else Path(work)
    try:
        count = articles or max(8, -(-injections_wanted // 4))
        infos = pool_articles(work / "src", seed, count, chosen, blocks_source, limit=count * 2)
        progress(f"mutate: {len(infos)} articles from seed {seed}; clean builds with -j {jobs}")
        clean_seconds = clean_builds(infos, work, jobs, wait)
        bad = [info for info in infos if not info.clean_ok]
        progress(f"  clean builds: {len(infos) - len(bad)} ok, {len(bad)} not ok ({clean_seconds:.1f}s)")
        rng = random.Random(f"handout-mutate-{seed}")
        injections, unplaced = plan(infos, injections_wanted, chosen, rng, blocks_source)
        (work / "plan.json").write_text(json.dumps([asdict(injection) for injection in injections], indent=1,
                                                   default=str), encoding="utf-8")
        progress(f"  {len(injections)} injections over {len(chosen)} fault kinds; building with {jobs} workers")
        outcomes = run_injections(injections, infos, jobs, work, wait, progress)
        return Campaign(infos, outcomes, unplaced, time.perf_counter() - started, clean_seconds,
                        code_fingerprint() != before, work)
    finally:
        if owned:
            shutil.rmtree(work, ignore_errors=True)


def run_injections(injections: list[Injection], infos: list[ArticleInfo], jobs: int, work: Path, wait: float,
                   progress) -> list[Outcome]:
    """Build and verify the injections, `jobs` at once; their outcomes in injection order."""
    by_seed = {info.seed: info for info in infos}
    outcomes: list[Outcome] = []
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(run_injection, injection, by_seed[injection.seed].tables,
                               str(by_seed[injection.seed].clean_pdf), str(by_seed[injection.seed].clean_epub),
                               str(work), 2, wait): injection for injection in injections}
        for done, future in enumerate(as_completed(futures), 1):
            outcome = future.result()
            outcomes.append(outcome)
            progress(f"  [{done}/{len(injections)}] {progress_line(outcome)}")
    outcomes.sort(key=lambda outcome: outcome.injection.number)
    return outcomes


def parser() -> argparse.ArgumentParser:
    """The command line of tests/mutate.py."""
    made = argparse.ArgumentParser(prog="mutate.py", description=GUIDE.split("\n\n")[0],
                                   formatter_class=argparse.RawDescriptionHelpFormatter)
    made.add_argument("--injections", type=int, default=200, metavar="N", help="faults to inject (default 200)")
    made.add_argument("--seed", type=int, default=1, metavar="S",
                      help="first article seed, and the campaign's (default 1)")
    made.add_argument("--jobs", "-j", type=int, default=default_jobs(), metavar="J",
                      help=f"builds at once (default: the usable cores, here {default_jobs()})")
    made.add_argument("--keep", type=Path, metavar="DIR", help="copy each miss's sources, fault and outputs here")
    made.add_argument("--articles", type=int, metavar="P", help="articles to generate (default: injections / 4, "
                                                                 "more when a fault kind finds no target)")
    made.add_argument("--kinds", metavar="K,K", help="only these fault kinds: " + ", ".join(KIND))
    made.add_argument("--max-lines", type=int, default=25, metavar="L", help="problem lines shown per miss (0: all)")
    made.add_argument("--json", type=Path, metavar="FILE", help="also write every injection's outcome as JSON")
    made.add_argument("--work", type=Path, metavar="DIR", help="work in DIR and keep it: every source, fault and "
                                                              "output (default: a temporary folder, removed)")
    return made


def main(argv: list[str] | None = None) -> int:
    """Run the campaign from the command line; 0 when every manifested fault was detected."""
    args = parser().parse_args(argv)
    kinds = [name.strip() for name in args.kinds.split(",")] if args.kinds else None
    if kinds and not set(kinds) <= set(KIND):
        parser().error(f"unknown fault kind in --kinds; known: {', '.join(KIND)}")
    if args.injections < 1 or args.jobs < 1:
        parser().error("--injections and --jobs must be 1 or more")
    missing = [tool for tool in ("pdftotext", "pdftoppm") if shutil.which(tool) is None]
    if missing:
        parser().error(f"{' and '.join(missing)} not found: install poppler-utils (make system-deps)")
    work = args.work or Path(tempfile.mkdtemp(prefix="handout-mutate-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        campaign = run_campaign(args.injections, args.seed, args.jobs, args.articles, kinds, work,
                                lambda text: print(text, flush=True))
        print(report(campaign, args.max_lines, args.keep))
        if args.json:
            args.json.write_text(json.dumps([asdict(outcome) for outcome in campaign.outcomes], indent=1,
                                            default=str), encoding="utf-8")
    finally:
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    return 0 if campaign.ok else 1
