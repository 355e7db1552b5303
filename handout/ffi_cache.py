"""C declarations for cffi, parsed once and kept beside the code, as Python keeps its .pyc files.

cffi parses a `cdef` with pycparser, in pure Python: WeasyPrint's ~450 lines of Pango,
HarfBuzz and fontconfig declarations cost ~40 ms at every import, and every C type named later
(`ffi.new("PangoRectangle *")`) is parsed the same slow way, again in the EPUB helper. cffi's
out-of-line ABI mode stores the parsed declarations as a small generated module whose FFI
parses type names in C. We write that module the first time a declaration is seen, to this
folder's `__pycache__/` (never when PYTHONDONTWRITEBYTECODE asks not to), keyed by the
declarations' text and cffi's version, so an edit or an upgrade simply makes a new one.
A missing or unwritable cache only costs the parsing, as before."""

from __future__ import annotations

import contextlib
import hashlib
import os
import sys
import tempfile
from pathlib import Path

import _cffi_backend
import cffi

CACHE = Path(__file__).resolve().parent / "__pycache__"
GENERATED_CALL = "_cffi_backend.FFI("  # how cffi's generated module builds its FFI


class CompiledFFI(_cffi_backend.FFI):
    """An FFI built from stored declarations. `cdef` accepts only the text it was built from:
    the caller's own declarations, which are already in."""

    declarations_digest = ""

    def cdef(self, source: str, **_options) -> None:
        if digest_of(source) != self.declarations_digest:
            raise StaleDeclarations("cdef() given other declarations than the stored ones")


class StaleDeclarations(ImportError):
    pass


def digest_of(declarations: str) -> str:
    return hashlib.sha256(f"{cffi.__version__}\n{declarations}".encode()).hexdigest()[:20]


def cache_path(name: str, digest: str) -> Path:
    return CACHE / f"cffi-{name}-{digest}.ffi"  # not .py: no tool should take it for a module


def compiled_ffi(declarations: str, name: str) -> CompiledFFI:
    """An FFI for `declarations`: from the stored module if there is a good one, else parsed now (and stored)."""
    digest = digest_of(declarations)
    path = cache_path(name, digest)
    try:
        return load(path.read_text(encoding="utf-8"), digest)
    except Exception:  # none yet, or damaged: a cache never stops a build
        source = generated_module(declarations, name)
        store(path, source)
        return load(source, digest)


def declared_ffi(declarations: str, name: str):
    """`compiled_ffi`, or cffi's own parsed FFI where its generated module is not what we know."""
    try:
        return compiled_ffi(declarations, name)
    except StaleDeclarations:
        parsed = cffi.FFI()
        parsed.cdef(declarations)
        return parsed


def generated_module(declarations: str, name: str) -> str:
    """cffi's out-of-line ABI module for the declarations (its `set_source(name, None)` output)."""
    from cffi import recompiler
    parsed = cffi.FFI()
    parsed.cdef(declarations)
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / f"{name}.py"
        recompiler.make_py_source(parsed, name, str(target))
        return target.read_text(encoding="utf-8")


def load(source: str, digest: str) -> CompiledFFI:
    if source.count(GENERATED_CALL) != 1:  # not a module cffi wrote as we know it: parse instead
        raise StaleDeclarations(f"unexpected generated module (cffi {cffi.__version__})")
    namespace: dict = {}
    exec(compile(source.replace(GENERATED_CALL, "CompiledFFI("), "<cffi declarations>", "exec"),
         {"CompiledFFI": CompiledFFI, "__name__": "handout.ffi_cache.generated"}, namespace)
    ffi = namespace["ffi"]
    ffi.declarations_digest = digest
    return ffi


def store(path: Path, source: str) -> None:
    """Write the module atomically; quietly not at all where the code is read-only or the user said so."""
    if sys.dont_write_bytecode:
        return
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(exist_ok=True)
        temporary.write_text(source, encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink()
