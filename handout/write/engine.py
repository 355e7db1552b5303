"""The PDF engine, WeasyPrint, loaded once for every module that uses it: with only the
project's fonts, and without paying for its search of the system's libraries.

Import WeasyPrint (and its submodules) through here, never directly, so that both hold
whichever module happens to load it first."""

from __future__ import annotations

import ctypes.util
import functools
import os
import re
import subprocess
import sys

from handout.resources import FONTS

# Only the project's fonts exist for the PDF engine (see fonts/fonts.conf). Set before
# WeasyPrint (and so fontconfig) is first imported.
os.environ["FONTCONFIG_FILE"] = str(FONTS / "fonts.conf")


@functools.cache
def ldconfig_listing() -> bytes:
    try:
        return subprocess.run(["/sbin/ldconfig", "-p"], capture_output=True, env={"LC_ALL": "C"}, check=False).stdout
    except OSError:
        return b""


def find_library_once(name: str) -> str | None:
    """ctypes.util.find_library's first answer on Linux, from one `ldconfig -p` listing.

    WeasyPrint tries up to six spellings of each C library it loads, and for every spelling
    that is not a file name cffi calls find_library, which starts `ldconfig -p`, then gcc,
    then ld: 22 calls, about 0.25 s of every cold build (more than laying out the article).
    The linker fallbacks only find libraries the loader could not open anyway; WeasyPrint's
    list also holds each library's plain soname, which the loader resolves by itself."""
    found = re.search(rb"\s+(lib%s\.[^\s]+)\s+\(" % re.escape(name.encode()), ldconfig_listing())
    return found.group(1).decode() if found else None


def load_weasyprint():
    if not sys.platform.startswith("linux"):
        import weasyprint
        return weasyprint
    original = ctypes.util.find_library
    ctypes.util.find_library = find_library_once
    try:
        import weasyprint
    finally:
        ctypes.util.find_library = original
    return weasyprint


weasyprint = load_weasyprint()
from weasyprint.formatting_structure import boxes  # noqa: E402
from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: E402

from handout.write import actual_text, footnote_policy  # noqa: E402

actual_text.install()  # every left-to-right line with its characters, so Indic and Thai text reads back
footnote_policy.install()  # a note stays on its call's page (footnote-policy: line)

__all__ = ["weasyprint", "boxes", "URLFetcher", "URLFetcherResponse"]
