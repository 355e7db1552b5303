"""C declarations parsed once and kept (handout/ffi_cache.py), and WeasyPrint loaded through them
(handout/write/engine.py, issue 27). The promises: the stored FFI is the one the declarations
give (same types, same calls); a stored module is used instead of parsing; it is never written
when PYTHONDONTWRITEBYTECODE says so or where it cannot be; a damaged one is replaced, never
fatal; WeasyPrint really takes the fast path, and when its declarations are not what its file
says, it loads the slow way and draws the same bytes."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import ROOT

from handout import ffi_cache
from handout.write import engine

DECLARATIONS = """
typedef struct { int x; int y; } point_t;
typedef enum { RED = 1, GREEN = 2 } colour_t;
size_t strlen (const char *s);
"""


@pytest.fixture
def cache(tmp_path, monkeypatch):
    folder = tmp_path / "pycache"
    monkeypatch.setattr(ffi_cache, "CACHE", folder)
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    return folder


def test_the_stored_ffi_declares_what_the_text_declares(cache):
    ffi = ffi_cache.compiled_ffi(DECLARATIONS, "test")
    point = ffi.new("point_t *", {"x": 3, "y": 4})
    assert (point.x, point.y) == (3, 4) and ffi.sizeof("point_t") == 8
    libc = ffi.dlopen(None)
    assert libc.strlen(b"seven!!") == 7 and libc.RED == 1 and libc.GREEN == 2
    assert isinstance(ffi, ffi_cache.CompiledFFI)


def test_a_stored_module_is_used_instead_of_parsing(cache, monkeypatch):
    ffi_cache.compiled_ffi(DECLARATIONS, "test")
    stored = list(cache.glob("cffi-test-*.ffi"))
    assert len(stored) == 1
    monkeypatch.setattr(ffi_cache, "generated_module", lambda *args: pytest.fail("parsed again"))
    assert ffi_cache.compiled_ffi(DECLARATIONS, "test").sizeof("point_t") == 8
    # Other declarations are another module, never the stored one.
    monkeypatch.undo()
    monkeypatch.setattr(ffi_cache, "CACHE", cache)
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    other = ffi_cache.compiled_ffi(DECLARATIONS + "typedef struct { char c[3]; } three_t;\n", "test")
    assert other.sizeof("three_t") == 3 and len(list(cache.glob("cffi-test-*.ffi"))) == 2


def test_nothing_is_written_when_bytecode_is_not_to_be_written(cache, monkeypatch):
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    assert ffi_cache.compiled_ffi(DECLARATIONS, "test").sizeof("point_t") == 8
    assert not cache.exists()


def test_an_unwritable_place_costs_only_the_parsing(cache):
    cache.write_text("a file where the folder should be")  # (as root, chmod would not stop a write)
    assert ffi_cache.compiled_ffi(DECLARATIONS, "test").sizeof("point_t") == 8


@pytest.mark.parametrize("damage", ["", "ffi = None\n", "import os; raise SystemError('bad')\n", "\x00garbage("])
def test_a_damaged_module_is_replaced_not_fatal(cache, damage):
    ffi_cache.compiled_ffi(DECLARATIONS, "test")
    stored = next(cache.glob("cffi-test-*.ffi"))
    good = stored.read_text()
    stored.write_text(damage)
    assert ffi_cache.compiled_ffi(DECLARATIONS, "test").sizeof("point_t") == 8
    assert stored.read_text() == good


def test_cdef_refuses_declarations_it_was_not_built_from(cache):
    ffi = ffi_cache.compiled_ffi(DECLARATIONS, "test")
    ffi.cdef(DECLARATIONS)  # its own: already in
    with pytest.raises(ffi_cache.StaleDeclarations):
        ffi.cdef(DECLARATIONS + "int abs (int);")


def test_an_unknown_generated_form_falls_back_to_cffi_s_parser(cache, monkeypatch):
    monkeypatch.setattr(ffi_cache, "GENERATED_CALL", "something cffi never writes(")
    with pytest.raises(ffi_cache.StaleDeclarations):
        ffi_cache.compiled_ffi(DECLARATIONS, "test")
    parsed = ffi_cache.declared_ffi(DECLARATIONS, "test")
    assert not isinstance(parsed, ffi_cache.CompiledFFI) and parsed.sizeof("point_t") == 8


def test_weasyprint_takes_the_fast_path():
    """If WeasyPrint's text module stops writing its declarations as one literal, the build still
    works, but every cold build parses them again: this says so."""
    from weasyprint.text import ffi as text_ffi

    from handout import harfbuzz
    assert engine.cdef_literal(text_ffi.__file__) is not None
    assert isinstance(text_ffi.ffi, ffi_cache.CompiledFFI)
    assert isinstance(harfbuzz.HB, ffi_cache.CompiledFFI)


# Renders a page in a fresh interpreter, with the cache in a folder of the test's own. With
# HANDOUT_TEST_STALE the stored module is built from altered text, so WeasyPrint's own cdef()
# call gives other declarations, as a module that builds its declarations at run time would.
RENDER = """
import os, sys, pathlib
import handout.ffi_cache as fc
fc.CACHE = pathlib.Path(sys.argv[1])
sys.dont_write_bytecode = False
if os.environ.get("HANDOUT_TEST_STALE"):
    real = fc.compiled_ffi
    fc.compiled_ffi = lambda text, name: real(text + "\\ntypedef int extra_t;\\n", name)
from handout.write import engine
from weasyprint.text import ffi as text_ffi
print(type(text_ffi.ffi).__name__)
html = "<p lang=en style='font-family: serif'>Trust is built <b>slowly</b>, 1 2 3 &#x2014; fi fl.</p>"
open(sys.argv[2], "wb").write(engine.weasyprint.HTML(string=html).write_pdf())
"""


def render(tmp_path, name: str, stale: bool) -> tuple[str, bytes]:
    output = tmp_path / f"{name}.pdf"
    env = {**os.environ, "HANDOUT_TEST_STALE": "1" if stale else ""}
    result = subprocess.run([sys.executable, "-c", RENDER, str(tmp_path / "cache"), str(output)],
                            capture_output=True, text=True, cwd=ROOT, env=env)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip(), output.read_bytes()


@pytest.mark.slow
def test_other_declarations_load_the_slow_way_and_draw_the_same_bytes(tmp_path):
    fast_type, fast = render(tmp_path, "fast", stale=False)
    slow_type, slow = render(tmp_path, "slow", stale=True)
    assert fast_type == "CompiledFFI" and slow_type == "FFI"
    assert fast == slow and fast.startswith(b"%PDF")
