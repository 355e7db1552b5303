#!/usr/bin/env python3
"""What the reading grade costs a build of the seed: the time from the content model to the
reading dict and its warning (check/reading_grade.py, its modules imported fresh), medians of
fresh processes, and the same work repeated in one warm process (syllable cache cleared).

    .venv/bin/python bench/reading_grade.py            # 31 fresh processes, 201 warm runs
    .venv/bin/python bench/reading_grade.py --runs 61

The goal (issue 28): under 20 ms on the seed."""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "content" / "trust-issues.md"

# One fresh process: the article is read first (a build has done that already), then the
# grade's own modules are imported and the grade is computed, as pipeline.run_article does.
COLD = f"""
import sys, time
sys.path.insert(0, {str(ROOT)!r})
from pathlib import Path
from handout.read.article import read_article
from handout.read.front_matter import front_matter_line
article, _ = read_article(Path({str(SEED)!r}))
started = time.perf_counter()
from handout.check.reading_grade import above_target, article_reading
reading = article_reading(article)
above_target(reading, article.path, front_matter_line(article.path, "reading_grade"))
print(time.perf_counter() - started)
"""


def warm_seconds(runs: int) -> list[float]:
    sys.path.insert(0, str(ROOT))
    from handout.check.reading_grade import above_target, article_reading
    from handout.check.syllables import _syllables
    from handout.read.article import read_article
    from handout.read.front_matter import front_matter_line
    article, _ = read_article(SEED)
    times = []
    for _ in range(runs):
        _syllables.cache_clear()  # each run counts every word again
        started = time.perf_counter()
        reading = article_reading(article)
        above_target(reading, article.path, front_matter_line(article.path, "reading_grade"))
        times.append(time.perf_counter() - started)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=31, help="fresh processes (default 31; warm runs: 6x + 15)")
    args = parser.parse_args()
    cold = [float(subprocess.run([sys.executable, "-c", COLD], check=True, capture_output=True, text=True).stdout)
            for _ in range(args.runs)]
    warm = warm_seconds(6 * args.runs + 15)
    print(f"fresh process (imports included): median {statistics.median(cold) * 1000:.1f} ms, "
          f"max {max(cold) * 1000:.1f} ms over {len(cold)} runs")
    print(f"warm process: median {statistics.median(warm) * 1000:.2f} ms over {len(warm)} runs")
    print(f"goal < 20 ms: {'met' if statistics.median(cold) < 0.020 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
