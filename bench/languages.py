#!/usr/bin/env python3
"""CJK build time and embedded font size against the same article in English (issue 14), and
the faces the EPUBs of other scripts carry (issue 23).

    .venv/bin/python bench/languages.py            # medians of 7 cold builds each; prints the table
    .venv/bin/python bench/languages.py --write    # and writes bench/LANGUAGES.md
    .venv/bin/python bench/languages.py --runs 3

Each CJK fixture (tests/fixtures/languages/{zh-Hans,zh-Hant,ja,ko}.md) is timed against its
English twin (bench/languages/en-<tag>.md: the same text, headings, list, table and FAQ), so the
only difference is the language and the script. Every figure is the median wall time of fresh
`build.py --force` processes into a fresh folder; the two sides run alternately (and which goes
first alternates too), so the machine's drift in speed touches both alike. Arabic, Hindi and Thai
are timed against the English seed, which is another article: for information only.
Goals: a CJK build <= 1.5x its English twin; <= 150 KB (150,000 bytes) embedded per CJK face."""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BUILD = [PYTHON, str(ROOT / "build.py")]
FIXTURES = ROOT / "tests" / "fixtures" / "languages"
TWINS = ROOT / "bench" / "languages"
SEED = ROOT / "content" / "trust-issues.md"
CJK = ["zh-Hans", "zh-Hant", "ja", "ko"]
OTHERS = ["ar", "hi", "th"]  # no English twin: against the seed, no goal
EPUB_FONTS = ["ar", "fa", "ur", "he", "hi", "bn", "th"]  # EPUBs that carry a face (handout/render/epub_fonts.py)
RATIO_GOAL, FACE_GOAL = 1.5, 150_000
NOTES: list[str] = []


def build(article: Path, out: Path) -> float:
    """Wall time of one cold build. A build that fails its checks (exit 1) did all the work and
    still counts, with a note; anything else stops the benchmark (a crash is no figure)."""
    started = time.perf_counter()
    result = subprocess.run(BUILD + [str(article), "-o", str(out), "--force"], cwd=ROOT, check=False,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode == 1:
        NOTES.append(f"{article.name} failed its checks: {result.stderr.strip().splitlines()[0]}")
    elif result.returncode != 0:
        sys.exit(f"bench: building {article} failed ({result.returncode}):\n{result.stderr}")
    return elapsed


def paired(runs: int, work: Path, ours: Path, reference: Path) -> tuple[float, float]:
    """Medians of alternate cold builds of the two articles, each build into a folder of its own.
    Odd rounds start with the reference: neither side always runs on a machine the other warmed."""
    times: dict[Path, list[float]] = {ours: [], reference: []}
    for index in range(runs):
        for article in ((ours, reference) if index % 2 == 0 else (reference, ours)):
            times[article].append(build(article, work / f"{ours.stem}.{article.stem}.{index}"))
    return statistics.median(times[ours]), statistics.median(times[reference])


def embedded_fonts(pdf: Path) -> dict[str, int]:
    """BaseFont -> bytes of its embedded font program as stored (compressed), each face once."""
    from pypdf import PdfReader
    sizes: dict[str, int] = {}
    for page in PdfReader(pdf).pages:
        for font in page["/Resources"].get_object().get("/Font", {}).values():
            font = font.get_object()
            # Type0 (our CID fonts) keep the descriptor in their descendant; simple fonts in themselves.
            inner = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = inner.get("/FontDescriptor")
            for key in ("/FontFile", "/FontFile2", "/FontFile3"):
                if descriptor is not None and key in descriptor.get_object():
                    # pypdf drops /Length once read; _data is the stream as stored, still compressed.
                    sizes[str(font["/BaseFont"])] = len(descriptor.get_object()[key].get_object()._data)
    return sizes


def kb(size: int) -> str:
    return f"{size / 1000:.1f} KB"


def font_rows(work: Path, tag: str) -> list[tuple]:
    """The CJK PDF's size (beside its twin's, no goal) and each face's embedded program."""
    pdf, twin = work / f"{tag}.{tag}.0" / f"{tag}.pdf", work / f"{tag}.en-{tag}.0" / f"en-{tag}.pdf"
    rows = [(f"{tag}: whole PDF vs its English twin's", kb(pdf.stat().st_size), kb(twin.stat().st_size),
             pdf.stat().st_size / twin.stat().st_size, "no goal", None)]
    faces: dict[str, int] = {}
    for name, size in embedded_fonts(pdf).items():  # a face embedded twice (two subset tags) counts twice
        faces[name.split("+", 1)[-1]] = faces.get(name.split("+", 1)[-1], 0) + size
    for face, size in sorted(faces.items()):
        if "CJK" in face:
            rows.append((f"{tag}: embedded face {face}", kb(size), kb(FACE_GOAL), size / FACE_GOAL, "<= 150 KB", 1.0))
        else:
            rows.append((f"{tag}: embedded face {face} (not CJK)", kb(size), "n/a", None, "no goal", None))
    return rows


def epub_font_rows(work: Path) -> list[tuple]:
    """Each embedded EPUB face as stored in the zip (deflated), and the whole EPUB, for information."""
    import zipfile
    rows = []
    for tag in EPUB_FONTS:
        build(FIXTURES / f"{tag}.md", work / f"epub-{tag}")
        epub = work / f"epub-{tag}" / f"{tag}.epub"
        with zipfile.ZipFile(epub) as archive:
            for info in archive.infolist():
                if info.filename.startswith("EPUB/fonts/"):
                    rows.append((f"{tag}: EPUB face {Path(info.filename).stem} (stored; {kb(info.file_size)} raw)",
                                 kb(info.compress_size), "n/a", None, "no goal", None))
        rows.append((f"{tag}: whole EPUB", kb(epub.stat().st_size), "n/a", None, "no goal", None))
    return rows


def measure(work: Path, runs: int) -> list[tuple]:
    """(what, ours, reference, ratio, goal, threshold or None) for every row of the table."""
    rows = []
    for tag in CJK:
        ours, reference = paired(runs, work, FIXTURES / f"{tag}.md", TWINS / f"en-{tag}.md")
        rows.append((f"cold build: {tag} vs its English twin en-{tag}", f"{ours:.2f} s", f"{reference:.2f} s",
                     ours / reference, "<= 1.5x", RATIO_GOAL))
    for tag in CJK:
        rows.extend(font_rows(work, tag))
    for tag in OTHERS:
        ours, reference = paired(runs, work, FIXTURES / f"{tag}.md", SEED)
        rows.append((f"cold build: {tag} vs the English seed trust-issues.md (another article)",
                     f"{ours:.2f} s", f"{reference:.2f} s", ours / reference, "no goal", None))
    return rows + epub_font_rows(work)


def table(rows: list[tuple]) -> str:
    lines = ["| what | ours | reference | ratio | goal | met |", "| --- | --- | --- | --- | --- | --- |"]
    for what, ours, reference, ratio, goal, threshold in rows:
        met = "n/a" if threshold is None else "yes" if ratio <= threshold else "NO"
        shown = "n/a" if ratio is None else f"{ratio:.2f}"
        lines.append(f"| {what} | {ours} | {reference} | {shown} | {goal} | {met} |")
    return "\n".join(lines)


def machine() -> dict:
    """What the figures were measured on."""
    weasyprint = subprocess.run([PYTHON, "-c", "import weasyprint; print(weasyprint.__version__)"],
                                capture_output=True, text=True, check=False).stdout.strip()
    return {"cores": os.cpu_count(), "usable cores": len(os.sched_getaffinity(0)), "python": platform.python_version(),
            "weasyprint": weasyprint, "os": platform.platform(), "load average": os.getloadavg()}


def report(rows: list[tuple], info: dict, command: str) -> str:
    """bench/LANGUAGES.md: the table, the machine, the command."""
    about = "\n".join(f"- {key}: {value}" for key, value in info.items())
    return (f"# Languages benchmark (issues 14 and 23)\n\nLatest run: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
            f"with\n\n```sh\n{command}\n```\n\n## Machine\n\n{about}\n\n## Figures\n\n{table(rows)}\n\n"
            "Times are medians of fresh `build.py --force` processes (PDF + EPUB + checks) into fresh folders, "
            "the two sides alternating. The English twins (bench/languages/en-*.md) are translations of the CJK "
            "fixtures with the same structure. Embedded faces: the stored (compressed) length of each "
            "/FontFile* stream, per BaseFont; EPUB faces: the font file as stored in the zip; KB = 1000 bytes.\n\n"
            + "".join(f"Note: {note}\n\n" for note in dict.fromkeys(NOTES)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7, help="cold builds of each article (median); default 7")
    parser.add_argument("--write", action="store_true", help="also write bench/LANGUAGES.md")
    args = parser.parse_args()
    info = machine()
    # Bytecode as a user's Python leaves it after the first run: compiling is not what a build costs.
    subprocess.run([PYTHON, "-m", "compileall", "-q", str(ROOT / "handout"), str(ROOT / "build.py")], check=True)
    with tempfile.TemporaryDirectory(prefix="handout-languages-") as work:
        rows = measure(Path(work), args.runs)
    info["load average"] = f"{info['load average']} at the start, {os.getloadavg()} at the end"
    print(table(rows))
    for note in dict.fromkeys(NOTES):
        print(f"note: {note}")
    if args.write:
        command = " ".join([".venv/bin/python bench/languages.py"] + sys.argv[1:])
        (ROOT / "bench" / "LANGUAGES.md").write_text(report(rows, info, command), encoding="utf-8")
        print("written: bench/LANGUAGES.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
