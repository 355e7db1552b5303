"""Compiled templates kept beside the code, as Python keeps its .pyc files.

Jinja compiles a template's source to Python on first use in every process: ~60 ms of a cold
build for the print and EPUB templates, paid on both cores. Its bytecode cache stores the
compiled code keyed by the template's file and checked against its source, so an edited
template (a built-in one or a --templates override) is compiled afresh. The cache lives in
this folder's `__pycache__/`, never in a user's folder, and is not written when
PYTHONDONTWRITEBYTECODE asks not to or where the code is read-only; a damaged cache file is
compiled afresh."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

import jinja2

CACHE = Path(__file__).resolve().parent / "__pycache__"


class TemplateCache(jinja2.FileSystemBytecodeCache):
    def __init__(self) -> None:
        super().__init__(str(CACHE), "jinja2-%s.cache")

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # unreadable or damaged (Jinja checks only the header): compile afresh
            bucket.reset()

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if sys.dont_write_bytecode:
            return
        with contextlib.suppress(OSError):  # a read-only install compiles each time, as before
            os.makedirs(self.directory, exist_ok=True)
            super().dump_bytecode(bucket)
