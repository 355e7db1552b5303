"""Generated files that depend only on a key (a digest of everything that makes them), kept
beside the outputs in output/.handout-cache/ so rebuilds, watch mode and forked helpers can
reuse them. Least recently used entries beyond MAX_ENTRIES are dropped."""

from __future__ import annotations

import os
from pathlib import Path

from handout.write.output_files import sweep_temporaries, write_atomic

CACHE_NAME = ".handout-cache"
MAX_ENTRIES = 64


class FileCache:
    def __init__(self, output_dir: Path):
        self.folder = output_dir / CACHE_NAME

    def get(self, key: str, suffix: str) -> bytes | None:
        path = self.folder / f"{key}{suffix}"
        try:
            data = path.read_bytes()
            os.utime(path)  # marks it recently used
        except OSError:
            return None
        return data

    def put(self, key: str, suffix: str, data: bytes) -> None:
        try:
            write_atomic(self.folder / f"{key}{suffix}", data)
            self.prune()
        except OSError:  # a cache that cannot be written only costs time
            pass

    def prune(self) -> None:
        sweep_temporaries(self.folder)  # a killed build's half-written entries
        entries = []
        for path in self.folder.iterdir():
            if path.name.startswith("."):  # another build's temporary, still being written
                continue
            try:
                entries.append((path.stat().st_mtime_ns, path))
            except OSError:  # removed by another build meanwhile
                pass
        for _, path in sorted(entries, reverse=True)[MAX_ENTRIES:]:
            path.unlink(missing_ok=True)
