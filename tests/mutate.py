"""Mutation campaign: inject the faults the checks claim to catch into generated articles and
count how many the build catches.

    python tests/mutate.py [--injections 200] [--seed S] [--jobs J] [--keep DIR]
                           [--articles P] [--kinds K,K...] [--max-lines L]

The campaign lives in the package tests/mutation/ (its __init__ says how it works, fault kind by
fault kind); this file only runs it.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for folder in (HERE, ROOT):  # `mutation`, `soak` and `corpus` are in tests/, `handout` at the root
    if str(folder) not in sys.path:
        sys.path.insert(0, str(folder))

from mutation.campaign import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
