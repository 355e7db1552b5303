"""The PDF engine, WeasyPrint, loaded once for every module that uses it: with only the
project's fonts, with its C declarations parsed once and kept (handout/ffi_cache.py), with the
parts of fontTools it may never use loaded when used, and without paying for its search of the
system's libraries: 0.16 s against 0.41 s for a plain `import weasyprint` (issue 27,
bench/PROFILE.md).

Import WeasyPrint (and its submodules) through here, never directly, so that both hold
whichever module happens to load it first."""

from __future__ import annotations

import contextlib
import ctypes.util
import functools
import os
import re
import subprocess
import sys

import cffi

from handout.ffi_cache import StaleDeclarations, compiled_ffi
from handout.resources import FONTS

ORIGINAL_FFI = cffi.FFI
CDEF_OPENING = "ffi.cdef('''"

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
    """WeasyPrint, imported with its C declarations from the cache (handout/ffi_cache.py) and,
    on Linux, its library search answered from one `ldconfig -p` listing."""
    originals = ctypes.util.find_library, cffi.FFI
    if sys.platform.startswith("linux"):
        ctypes.util.find_library = find_library_once
    cffi.FFI = weasyprint_ffi
    stand_ins = deferred_font_tools()
    try:
        import weasyprint
    except StaleDeclarations:  # its declarations are not the file's literal text: parse them, as WeasyPrint does
        for name in [name for name in sys.modules if name == "weasyprint" or name.startswith("weasyprint.")]:
            del sys.modules[name]
        cffi.FFI = originals[1]
        import weasyprint
    finally:
        ctypes.util.find_library, cffi.FFI = originals
        for name in stand_ins:  # whoever imports it from now on gets the real module
            sys.modules.pop(name, None)
    return weasyprint


def deferred_font_tools() -> list[str]:
    """WeasyPrint's PDF writer imports fontTools' subsetter and variable-font instancer (~50 ms,
    a tenth of a cold build) for fonts that HarfBuzz subsets and static fonts never need. The
    subsetter is loaded lazily (importlib's LazyLoader: on first use); the instancer's one
    function is a stand-in that imports it when called. Returns the stand-ins to remove."""
    import importlib.util
    import types

    if "fontTools.subset" not in sys.modules:
        spec = importlib.util.find_spec("fontTools.subset")
        spec.loader = importlib.util.LazyLoader(spec.loader)
        module = importlib.util.module_from_spec(spec)
        sys.modules["fontTools.subset"] = module
        spec.loader.exec_module(module)
        import fontTools
        fontTools.subset = module  # `from fontTools import subset` then takes it untouched (any look inside loads it)
    if "fontTools.varLib.instancer" in sys.modules:
        return []
    stand_in = types.ModuleType("fontTools.varLib.instancer")
    stand_in.instantiateVariableFont = instantiate_variable_font
    sys.modules["fontTools.varLib.instancer"] = stand_in
    return ["fontTools.varLib.instancer"]


def instantiate_variable_font(*args, **options):
    from fontTools.varLib.instancer import instantiateVariableFont
    return instantiateVariableFont(*args, **options)


def weasyprint_ffi(*args, **options):
    """cffi.FFI() while WeasyPrint loads: for its text module, the FFI built from that module's
    own declarations (read from its file); for anyone else, cffi's own."""
    caller = sys._getframe(1).f_globals
    declarations = cdef_literal(caller.get("__file__", "")) if caller.get("__name__") == "weasyprint.text.ffi" else None
    if declarations is not None and not (args or options):
        with contextlib.suppress(StaleDeclarations):
            return compiled_ffi(declarations, "weasyprint")
    return ORIGINAL_FFI(*args, **options)


def cdef_literal(path: str) -> str | None:
    """The text of the module's one `ffi.cdef('''...''')`, or None if it is not written that way."""
    try:
        source = open(path, encoding="utf-8").read()
    except OSError:
        return None
    start = source.find(CDEF_OPENING)
    end = source.find("''')", start)
    if start < 0 or end < 0 or source.count(CDEF_OPENING) != 1:
        return None
    return source[start + len(CDEF_OPENING):end]


weasyprint = load_weasyprint()
from weasyprint.formatting_structure import boxes  # noqa: E402
from weasyprint.urls import URLFetcher, URLFetcherResponse  # noqa: E402

from handout.write import actual_text, footnote_policy  # noqa: E402

actual_text.install()  # every left-to-right line with its characters, so Indic and Thai text reads back
footnote_policy.install()  # a note stays on its call's page (footnote-policy: line)

__all__ = ["weasyprint", "boxes", "URLFetcher", "URLFetcherResponse"]
