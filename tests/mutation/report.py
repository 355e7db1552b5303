"""The campaign's report: the detection table, each miss with how to reproduce it, and the rest."""

from __future__ import annotations

import os
import shutil
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

from soak import combo_name

from .inject import KINDS
from .runner import Outcome, injection_folder

if TYPE_CHECKING:
    from .campaign import Campaign

SIDES = ("pdf", "epub")


def verdict(outcome: Outcome, side: str) -> str:
    """n/a, not manifested, detected or MISSED."""
    manifested = outcome.manifested(side)
    if manifested is None:
        return "n/a"
    if not manifested:
        return "not manifested"
    return "detected" if outcome.detected(side) else "MISSED"


def progress_line(outcome: Outcome) -> str:
    """One line on one injection's outcome."""
    injection = outcome.injection
    epub = f", EPUB {verdict(outcome, 'epub')}" if injection.epub_verify is not None else ""
    trouble = f" [{outcome.error}]" if outcome.error else " [build timed out]" if outcome.timed_out \
        else " [build broke]" if outcome.broken else ""
    return (f"#{injection.number} {injection.kind}/{injection.variant} seed {injection.seed} "
            f"{combo_name(injection.combination)}: "
            f"PDF {verdict(outcome, 'pdf')}{epub} ({outcome.seconds:.1f}s){trouble}")


def table_rows(campaign: Campaign) -> list[tuple]:
    """One row a fault kind and output: injections, manifested, detected, rate."""
    rows = []
    for kind in KINDS:
        mine = [outcome for outcome in campaign.outcomes if outcome.injection.kind == kind.name]
        if not mine:
            continue
        for side in SIDES:
            applies = mine if side == "pdf" else [outcome for outcome in mine
                                                  if outcome.injection.epub_verify is not None]
            if not applies:
                continue
            manifested = [outcome for outcome in applies if outcome.manifested(side)]
            expected = sum(outcome.detected(side) for outcome in manifested)
            anything = sum(outcome.detected_any(side) for outcome in manifested)
            rate = f"{expected / len(manifested):.0%}" if manifested else "-"
            rows.append((kind.title, side.upper(), len(applies), len(manifested), expected, anything, rate))
    return rows


def format_table(rows: list[tuple]) -> str:
    """The rows under their heads, in aligned columns."""
    head = ("fault kind", "output", "injections", "manifested", "detected (expected code)", "detected (any error)",
            "rate")
    widths = [max(len(str(row[index])) for row in [head, *rows]) for index in range(len(head))]
    lines = [" | ".join(str(value).ljust(widths[index]) if index < 2 else str(value).rjust(widths[index])
                        for index, value in enumerate(row)) for row in [head, *rows]]
    lines.insert(1, "-+-".join("-" * width for width in widths))
    return "\n".join(lines)


def relative(text: str, folder: Path) -> str:
    """`text` with the paths in `folder` shown relative to it (the temporary folder is gone)."""
    return text.replace(str(folder) + os.sep, "")


def reproduction(outcome: Outcome) -> list[str]:
    """The commands and files that build the injection again."""
    injection = outcome.injection
    combination = injection.combination
    lines = [f"python tests/corpus/generate.py --seed {injection.seed} --out DIR",
             f".venv/bin/python build.py DIR/{injection.slug}.md --page-size {combination[0]} "
             f"--variant {combination[1]} --force"
             + (" --css fault.css" if injection.css else "") + (" --templates override" if injection.template else "")]
    if injection.css:
        lines += ["fault.css:"] + ["    " + line for line in injection.css.rstrip("\n").split("\n")]
    if injection.template:
        lines += ["override/parts/blocks.j2 = templates/parts/blocks.j2 with:"]
        lines += ["    " + line for line in injection.template_change.split("\n")]
    return lines


def describe_outcome(outcome: Outcome, side: str, max_lines: int) -> list[str]:
    """A miss in full: target, evidence, what the build said, how to reproduce it."""
    injection = outcome.injection
    lines = [f"#{injection.number} {injection.kind}/{injection.variant}, {side.upper()}: seed {injection.seed} "
             f"({injection.slug}), {combo_name(injection.combination)}",
             f"  target: {injection.target}",
             f"  fault happened: {outcome.evidence(side)}",
             f"  expected one of: {', '.join(outcome.codes(side))}; build exit {outcome.exit_code}"]
    said = [relative(problem["text"], Path(injection.source).parent) for problem in outcome.problems]
    if said:
        shown = said if not max_lines else said[:max_lines]
        lines += ["  the build said:"] + ["    " + line for line in shown]
        if len(shown) < len(said):
            lines.append(f"    ... and {len(said) - len(shown)} more")
    else:
        lines.append("  the build said nothing (ok)" if outcome.exit_code == 0 else f"  {outcome.stderr_tail}")
    lines += ["  reproduce:"] + ["    " + line for line in reproduction(outcome)]
    return lines


def keep_outcome(outcome: Outcome, campaign: Campaign, keep: Path, side: str) -> Path:
    """Copy a miss's sources, fault, outputs and clean outputs into a folder of `keep`."""
    injection = outcome.injection
    target = keep / f"{injection.number:04d}-{injection.kind}-{injection.variant}-{side}"
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    info = next(info for info in campaign.infos if info.seed == injection.seed)
    for source in info.files:
        destination = target / source.relative_to(info.path.parent)
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(source, destination)
    folder = injection_folder(campaign.work, injection)
    for name in ("fault.css", "templates"):
        if (folder / name).is_dir():
            shutil.copytree(folder / name, target / "override")
        elif (folder / name).is_file():
            shutil.copy2(folder / name, target / name)
    for output in sorted((folder / "out").glob(f"{injection.slug}*")):
        shutil.copy2(output, target / output.name)
    for output in sorted(info.clean_pdf.parent.glob(f"{injection.slug}.*")) if info.clean_pdf else ():
        shutil.copy2(output, target / f"clean-{output.name}")
    (target / "miss.txt").write_text("\n".join(describe_outcome(outcome, side, 0)) + "\n", encoding="utf-8")
    return target


def report(campaign: Campaign, max_lines: int = 25, keep: Path | None = None) -> str:
    """The whole report: the table, then misses, faults that did not happen, trouble, notes, a summary."""
    misses = campaign.misses()
    lines = ["", format_table(table_rows(campaign))]
    if misses:
        lines += ["", f"MISSES ({len(misses)}): the fault happened and the build did not report it "
                      "with an expected code"]
        for outcome, side in misses:
            lines += [""] + describe_outcome(outcome, side, max_lines)
            if keep:
                lines.append(f"  kept in {keep_outcome(outcome, campaign, keep, side)}")
    lines += quiet_lines(campaign) + trouble_lines(campaign) + note_lines(campaign, max_lines)
    manifested = sum(bool(outcome.manifested(side)) for outcome in campaign.outcomes for side in SIDES)
    lines += ["", f"mutate: {len(campaign.outcomes)} injections, {manifested} manifested (PDF and EPUB counted "
                  f"apart), {len(misses)} missed; {len(campaign.skipped)} articles left out; "
                  f"{campaign.seconds:.0f}s (clean builds {campaign.clean_seconds:.0f}s)"]
    return "\n".join(lines)


def quiet_lines(campaign: Campaign) -> list[str]:
    """The faults that did not happen, one line each."""
    quiet = [(outcome, side) for outcome in campaign.outcomes for side in SIDES if outcome.manifested(side) is False]
    if not quiet:
        return []
    lines = ["", f"not manifested ({len(quiet)}): the fault did not happen, so these count neither way"]
    for outcome, side in quiet:
        injection = outcome.injection
        flagged = " (the build reported an expected code anyway)" if outcome.detected(side) else ""
        lines.append(f"  #{injection.number} {injection.kind}/{injection.variant} {side.upper()} seed "
                     f"{injection.seed} {combo_name(injection.combination)}, {injection.target}: "
                     f"{outcome.evidence(side)}{flagged}")
    return lines


def trouble_lines(campaign: Campaign) -> list[str]:
    """The injections whose build broke or whose verification failed."""
    trouble = [outcome for outcome in campaign.outcomes if outcome.error or outcome.broken]
    if not trouble:
        return []
    lines = ["", "campaign trouble (neither detected nor missed; look into these):"]
    for outcome in trouble:
        lines.append(f"  {progress_line(outcome)}")
        if outcome.broken:
            lines.append(f"    {outcome.stderr_tail}")
    return lines


def note_lines(campaign: Campaign, max_lines: int) -> list[str]:
    """Why the EPUB did not apply, what could not be placed, articles left out, code changes."""
    lines = []
    not_applicable = Counter(outcome.injection.epub_note for outcome in campaign.outcomes
                             if outcome.injection.epub_verify is None and outcome.injection.epub_note)
    if not_applicable:
        lines += ["", "EPUB not applicable:"]
        lines += [f"  {count} injections: {note}" for note, count in not_applicable.items()]
    if campaign.unplaced:
        lines += ["", "not placed:"] + [f"  {text}" for text in campaign.unplaced]
    if campaign.skipped:
        lines += ["", f"clean build not ok, left out of the campaign (soak failures) ({len(campaign.skipped)}):"]
        for info in campaign.skipped:
            lines.append(f"  seed {info.seed} ({info.slug}), {combo_name(info.combination)}")
            lines += [f"    {relative(text, info.path.parent)}" for text in info.clean_problems[:max_lines or None]]
    if campaign.changed:
        lines += ["", "note: build.py, handout/, templates/, styles/ or fonts/ changed during this run, so its "
                      "builds may mix code versions; run it again to be sure"]
    return lines
