"""WeasyPrint loaded without the fontTools parts it may never use (handout/write/engine.py,
issue 27): the instancer and the subsetter load only when a font needs them, and then work."""

from __future__ import annotations

import subprocess
import sys
import types

from conftest import ROOT

from handout.write import engine

# A fresh interpreter: what a cold build has loaded after writing a PDF, then the deferred parts used.
SCRIPT = """
import sys
from handout.write import engine
from weasyprint.pdf import fonts
html = "<p style='font-family: serif'>Trust is built slowly: fi fl 1 2 3.</p>"
engine.weasyprint.HTML(string=html).write_pdf()
print("varLib loaded:", "fontTools.varLib" in sys.modules)
print("subset run:", "fontTools.subset.cff" in sys.modules)
fonts.harfbuzz_subset = None  # as on a system without HarfBuzz's subsetter: fontTools subsets
pdf = engine.weasyprint.HTML(string=html).write_pdf()
print("subset run:", "fontTools.subset.cff" in sys.modules)
import pypdfium2
print("text:", pypdfium2.PdfDocument(pdf)[0].get_textpage().get_text_range().strip())
from fontTools.varLib.instancer import instantiateVariableFont
print("instancer:", instantiateVariableFont.__module__, instantiateVariableFont is not engine.instantiate_variable_font)
"""


def test_font_tools_parts_load_when_used_and_work():
    result = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "varLib loaded: False",
        "subset run: False",
        "subset run: True",
        "text: Trust is built slowly: fi fl 1 2 3.",
        "instancer: fontTools.varLib.instancer True",
    ]


def test_the_instancer_stand_in_calls_the_real_one(monkeypatch):
    calls = []
    real = types.ModuleType("fontTools.varLib.instancer")
    real.instantiateVariableFont = lambda *args, **options: calls.append((args, options)) or "instance"
    monkeypatch.setitem(sys.modules, "fontTools.varLib.instancer", real)
    assert engine.instantiate_variable_font("font", {"wght": 700}, inplace=True) == "instance"
    assert calls == [(("font", {"wght": 700}), {"inplace": True})]
