"""The text of a tagged PDF in structure-tree order: what a screen reader follows.

The tree is walked with pypdf (an independent parser: /K arrays, integer MCIDs, /MCR and
/OBJR references, /Pg inherited from the nearest ancestor). The text of each marked-content
sequence comes from pdfium: while parsing a page it attaches the enclosing BDC marks to
every page object (inline property dicts and /Properties resource names alike, inside form
XObjects too), so FPDFPageObj_GetMarkedContentID is exact, and FPDFTextObj_GetText decodes
through the font's /ToUnicode as the build's own text check does. pypdf's extract_text
visitors were not used: pypdf buffers text and reports it at its own flush points (a text
matrix change, ET), not at the operator, so pairing it with the innermost BDC is guesswork.

A text object inside an /ActualText span (handout/write/actual_text.py: every left-to-right
line) reads as the span's ActualText, once per span, as a screen reader takes it: pdfium's
per-object text splits a span's replacement text across its objects in its own way.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from io import BytesIO

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

MAX_DEPTH = 200  # a loop in a damaged tree must not recurse forever


@dataclass(frozen=True)
class Leaf:
    path: tuple[str, ...]  # structure types from the root down, e.g. ("Document", "Sect", "P", "Span")
    page: int | None  # 0-based; None when no /Pg says which page
    mcid: int
    text: str


def structure_leaves(data: bytes) -> list[Leaf]:
    """Every marked-content reference of the structure tree, depth first in /K order, with its text."""
    reader = PdfReader(BytesIO(data))
    pages = {page.indirect_reference.idnum: index for index, page in enumerate(reader.pages)}
    texts = marked_texts(data)
    leaves: list[Leaf] = []

    def walk(node, path: tuple[str, ...], page: int | None, seen: frozenset[int]) -> None:
        """Visit one /K entry: an MCID, an /MCR or /OBJR dict, a structure element or an array."""
        if isinstance(node, IndirectObject):
            if node.idnum in seen or len(seen) > MAX_DEPTH:
                raise ValueError(f"structure tree loops or is too deep at object {node.idnum}")
            seen = seen | {node.idnum}
        node = node.get_object() if hasattr(node, "get_object") else node
        if isinstance(node, ArrayObject):
            for kid in node:
                walk(kid, path, page, seen)
        elif isinstance(node, int):
            leaves.append(Leaf(path, page, int(node), texts.get((page, int(node)), "")))
        elif isinstance(node, DictionaryObject):
            page = pages[node.raw_get("/Pg").idnum] if "/Pg" in node else page
            kind = node.get("/Type")
            if kind == "/OBJR":  # an annotation (a link's rectangle): it draws no text
                return
            if kind == "/MCR":
                # /Stm (content of a form XObject) is keyed by page too: pdfium reports a form's
                # objects as the page's, and WeasyPrint numbers MCIDs per page across its forms.
                mcid = int(node["/MCID"])
                leaves.append(Leaf(path, page, mcid, texts.get((page, mcid), "")))
                return
            if "/K" in node:
                walk(node["/K"], path + (str(node.get("/S", "/?"))[1:],), page, seen)

    walk(reader.trailer["/Root"]["/StructTreeRoot"].get("/K", ArrayObject()), (), None, frozenset())
    return leaves


def structure_text(data: bytes) -> list[str]:
    """The text of each marked-content reference, in structure-tree order."""
    return [leaf.text for leaf in structure_leaves(data)]


def marked_texts(data: bytes) -> dict[tuple[int, int], str]:
    """(page index, MCID) -> the text drawn inside that marked-content sequence, in stream order."""
    texts: dict[tuple[int, int], str] = {}
    last_span = None  # the ActualText span of the object before (its mark's address, which pdfium reuses later)
    document = pdfium.PdfDocument(data)
    try:
        for index, page in enumerate(document):
            textpage = page.get_textpage()
            # get_objects descends into form XObjects; their objects keep their own marks.
            for obj in page.get_objects():
                if obj.type != pdfium_c.FPDF_PAGEOBJ_TEXT:
                    continue
                mcid = pdfium_c.FPDFPageObj_GetMarkedContentID(obj.raw)
                if mcid < 0:
                    continue
                span, actual = actual_text(obj)
                if span is None:
                    texts[index, mcid] = texts.get((index, mcid), "") + object_text(obj, textpage)
                elif span != last_span:  # a span's objects come one after another: the rest add nothing
                    texts[index, mcid] = texts.get((index, mcid), "") + actual
                last_span = span
    finally:
        document.close()
    return texts


def object_text(obj, textpage) -> str:
    """The Unicode text of one pdfium text object (UTF-16LE, NUL-terminated)."""
    size = pdfium_c.FPDFTextObj_GetText(obj.raw, textpage.raw, None, 0)
    buffer = ctypes.create_string_buffer(size)
    pdfium_c.FPDFTextObj_GetText(obj.raw, textpage.raw, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)), size)
    return buffer.raw[: size - 2].decode("utf-16-le", errors="replace")


def actual_text(obj) -> tuple[int | None, str]:
    """The ActualText span the object is drawn in (its mark's address, the same for every
    object of the span) and its text; (None, "") outside any."""
    for number in range(pdfium_c.FPDFPageObj_CountMarks(obj.raw)):
        mark = pdfium_c.FPDFPageObj_GetMark(obj.raw, number)
        size = ctypes.c_ulong()
        if not pdfium_c.FPDFPageObjMark_GetParamBlobValue(mark, b"ActualText", None, 0, ctypes.byref(size)):
            continue
        buffer = (ctypes.c_ubyte * size.value)()
        pdfium_c.FPDFPageObjMark_GetParamBlobValue(mark, b"ActualText", buffer, size.value, ctypes.byref(size))
        raw = bytes(buffer)[:size.value]  # the PDF string's own bytes: UTF-16BE after its BOM
        text = raw[2:].decode("utf-16-be", errors="replace") if raw[:2] == b"\xfe\xff" else raw.decode("latin-1")
        return ctypes.cast(mark, ctypes.c_void_p).value, text
    return None, ""
