"""Layout time of one long word (a tracking URL) against its length, in a paragraph and in a
table cell, with the break opportunities the templates give long words and without them.

    .venv/bin/python bench/long_words.py [--lengths 1000,2000,4000,8000,16000] [--runs 3]

Prints a Markdown table of median seconds per layout (fresh documents in one warm process).
Without break opportunities only the shorter lengths are timed: the engine's work grows with
the square of the word's length, and the longest take minutes."""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from handout.render.line_breaks import breakable  # noqa: E402
from handout.resources import STYLES  # noqa: E402
from handout.write.engine import weasyprint  # noqa: E402

UNBROKEN_UP_TO = 2000  # beyond this the plain word takes minutes a layout


def word(length: int) -> str:
    return ("https://files.example.org/handouts/panic.pdf?X-Amz-Signature=" + "a1b2c3d4e5f6" * 2000)[:length]


def seconds(html: str, sheets, runs: int) -> float:
    """The median time of `runs` layouts of `html`."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        weasyprint.HTML(string=html).render(stylesheets=sheets)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    made = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    made.add_argument("--lengths", default="1000,2000,4000,8000,16000")
    made.add_argument("--runs", type=int, default=3)
    args = made.parse_args()
    sheets = [weasyprint.CSS(filename=str(STYLES / "print.css"))]
    weasyprint.HTML(string="<p>warm up</p>").render(stylesheets=sheets)
    print("| characters | paragraph | table cell | paragraph, no break opportunities | table cell, none |")
    print("| --- | --- | --- | --- | --- |")
    for length in map(int, args.lengths.split(",")):
        cells = []
        for marked in (str(breakable(word(length))), word(length) if length <= UNBROKEN_UP_TO else None):
            for template in ('<p>{}</p>', '<table><tr><td>Sheet</td><td class="long-words">{}</td></tr></table>'):
                cells.append(f"{seconds(template.format(marked), sheets, args.runs):.2f} s" if marked else "(minutes)")
        print(f"| {length:,} | " + " | ".join(cells) + " |", flush=True)


if __name__ == "__main__":
    main()
