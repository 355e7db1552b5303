"""Outputs appear whole or not at all: write a hidden temporary file, then rename it into place."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

TEMP_PREFIX = ".handout-"
TEMP_SUFFIX = ".tmp"


def write_atomic(target: Path, data: bytes) -> None:
    """Write `data` to `target` so that readers see either the old file or the complete new one."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.parent / f"{TEMP_PREFIX}{target.name}.{secrets.token_hex(4)}{TEMP_SUFFIX}"
    try:
        with open(temp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def sweep_temporaries(folder: Path) -> list[Path]:
    """Remove temporaries that a killed build left behind; return what was removed."""
    if not folder.is_dir():
        return []
    leftovers = [path for path in folder.iterdir()
                 if path.name.startswith(TEMP_PREFIX) and path.name.endswith(TEMP_SUFFIX)]
    for path in leftovers:
        path.unlink(missing_ok=True)
    return leftovers


def failed_name(target: Path) -> Path:
    """Where a build whose checks failed puts its output for inspection."""
    return target.with_name(f"{target.stem}.failed{target.suffix}")
