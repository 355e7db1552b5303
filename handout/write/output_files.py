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
    # The writer's process id in the name lets a sweep tell a live build's file from a dead one's.
    temp = target.parent / f"{TEMP_PREFIX}{target.name}.{os.getpid()}-{secrets.token_hex(4)}{TEMP_SUFFIX}"
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
                 if path.name.startswith(TEMP_PREFIX) and path.name.endswith(TEMP_SUFFIX)
                 and not writer_alive(path.name)]
    for path in leftovers:
        path.unlink(missing_ok=True)
    return leftovers


def failed_name(target: Path) -> Path:
    """Where a build whose checks failed puts its output for inspection."""
    return target.with_name(f"{target.stem}.failed{target.suffix}")


def writer_alive(name: str) -> bool:
    """Whether the process that named this temporary still runs (another build writing now)."""
    pid = name.removesuffix(TEMP_SUFFIX).rsplit(".", 1)[-1].split("-")[0]
    if not pid.isdigit() or int(pid) == os.getpid():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it exists but belongs to someone else
    return True


def publish(report, target: Path, data: bytes) -> None:
    """Good outputs replace the previous ones; failed ones go beside them, never over them.
    A file that cannot be written (a full disk, a read-only folder) is an error naming it."""
    from handout.errors import BuildError, error
    written = target if report.ok else failed_name(target)
    try:
        write_atomic(written, data)
        if report.ok:
            failed_name(target).unlink(missing_ok=True)
    except OSError as exc:
        raise BuildError(error(report.path, None, f"cannot write {written}: {exc.strerror or exc}; "
                                                  "previous outputs kept", "io")) from exc
    (report.outputs if report.ok else report.failed_outputs).append(str(written))


def output_folder_problem(folder: Path) -> str:
    """Why outputs cannot go into `folder` (made here when missing), or "" when they can."""
    if folder.exists() and not folder.is_dir():
        return "not a folder; name a folder for the outputs"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        return f"cannot make the folder: {exc.strerror or exc}"
    if not os.access(folder, os.W_OK | os.X_OK):
        return "the folder is not writable"
    return ""
