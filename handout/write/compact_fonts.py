"""Compact CJK faces in the PDF: only the glyphs drawn, numbered afresh, as a bare CFF font.

WeasyPrint subsets each face keeping every glyph's number (HarfBuzz's retain-GIDs), since its
text is written as glyph numbers. A cut Chinese face has some 29,000 glyph slots, so an
embedded face costs about 70 KB before its first character, and a one-page Traditional Chinese
handout weighs over 150 KB (issue 27). Here, as WeasyPrint finishes the PDF, each CID-keyed
CFF face (the CJK faces; the others are TrueType) keeps only the glyphs its pages draw, renamed
so that each glyph's CID is the number the text uses, and is embedded as `/CIDFontType0C`: a
reader maps a CID to its glyph through the font's own charset, so the page content, the widths
and the text layer stay as they were, byte for byte."""

from __future__ import annotations

import io

import pydyf
from fontTools.ttLib import TTFont

LARGE = 2000  # glyph slots: a face with fewer is small enough as it is (every Latin, Arabic, Indic face)


def compact_cjk_faces(document, pdf: pydyf.PDF) -> None:
    """WeasyPrint's `finisher`: rewrite each large CID-keyed OpenType face of `pdf` in place."""
    objects = {obj.number: obj for obj in pdf.objects if isinstance(obj, pydyf.Object) and obj.number is not None}
    used: dict[int, set[int]] = {}  # font file object -> the glyph numbers its fonts draw
    for obj in objects.values():
        if isinstance(obj, pydyf.Dictionary) and obj.get("Subtype") == "/CIDFontType0":
            descriptor = objects.get(number(obj.get("FontDescriptor")))
            font_file = number(descriptor.get("FontFile3")) if descriptor is not None else None
            if font_file is not None:
                used.setdefault(font_file, set()).update(drawn_glyphs(obj.get("W", ())))
    for font_file, glyphs in used.items():
        stream = objects.get(font_file)
        if isinstance(stream, pydyf.Stream) and stream.extra.get("Subtype") == "/OpenType":
            compacted = compact(b"".join(pydyf._to_bytes(part) for part in stream.stream), glyphs)
            if compacted is not None:
                stream.stream = [compacted]
                stream.extra["Subtype"] = "/CIDFontType0C"


def number(reference) -> int | None:
    """The object number of a pydyf reference (b'12 0 R')."""
    text = reference.decode() if isinstance(reference, bytes) else reference
    return int(text.split()[0]) if isinstance(text, str) and text.endswith(" R") else None


def drawn_glyphs(widths) -> set[int]:
    """The glyph numbers in a CIDFont's /W array ([first [w1 w2 ...] first [...] ...]): WeasyPrint
    lists exactly the glyphs its pages draw, spaces included."""
    glyphs: set[int] = set()
    items = list(widths)
    for start, run in zip(items[::2], items[1::2]):
        glyphs.update(range(int(start), int(start) + len(run)))
    return glyphs


def compact(data: bytes, glyphs: set[int]) -> bytes | None:
    """The bare CFF of an OpenType CID-keyed face keeping `glyphs`, each glyph's CID its old
    number; None for a face this does not apply to (TrueType, name-keyed, already small)."""
    from fontTools import subset  # here: only CJK faces need the subsetter (handout/write/engine.py)
    from fontTools.cffLib import CFFFontSet
    font = TTFont(io.BytesIO(data), lazy=True)
    if "CFF " not in font or not hasattr(font["CFF "].cff.topDictIndex[0], "ROS"):
        return None
    order = font.getGlyphOrder()
    if len(order) < LARGE:
        return None
    keep = sorted({0} | {glyph for glyph in glyphs if glyph < len(order)})
    old_number = {order[glyph]: glyph for glyph in keep}
    before = outlines(font.getGlyphSet(), {order[glyph]: glyph for glyph in keep})
    # Only the CFF table is written out; the others may be missing (a face WeasyPrint subset for
    # glyphs drawn in another region's place has no cmap), so none is pruned or recalculated.
    options = subset.Options(retain_gids=False, notdef_outline=True, hinting=True, desubroutinize=False,
                             name_IDs=[], layout_features=[], glyph_names=True, prune_unicode_ranges=False,
                             prune_codepage_ranges=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(gids=keep)
    subsetter.subset(font)
    cff = font["CFF "].cff
    top = cff.topDictIndex[0]
    renamed = cids_as_drawn(top.charset, old_number)
    top.CharStrings.charStrings = {new: top.CharStrings.charStrings[old] for old, new in zip(top.charset, renamed)}
    top.charset = renamed
    out = io.BytesIO()
    cff.compile(out, font)
    compacted = out.getvalue()
    # Read back as a reader does (CID -> charset -> glyph): every number the text uses must draw
    # the very outline it drew before, or the face is left as WeasyPrint wrote it.
    written = CFFFontSet()
    written.decompile(io.BytesIO(compacted), None)
    charstrings = written[written.fontNames[0]].CharStrings
    after = outlines({name: charstrings[name] for name in charstrings.keys()},
                     {f"cid{glyph:05d}" if glyph else ".notdef": glyph for glyph in keep})
    return compacted if after == before else None


def cids_as_drawn(charset: list[str], old_number: dict[str, int]) -> list[str]:
    """A CID-keyed charset names each glyph after its CID: name it after the number the text uses."""
    return [name if name == ".notdef" else f"cid{old_number[name]:05d}" for name in charset]


def outlines(glyphs, names: dict[str, int]) -> dict[int, list]:
    """Each glyph's outline as drawing commands, by the number the text uses; None where missing."""
    from fontTools.pens.recordingPen import RecordingPen
    drawn = {}
    for name, glyph in names.items():
        pen = RecordingPen()
        if name in glyphs:
            glyphs[name].draw(pen)
            drawn[glyph] = pen.value
        else:
            drawn[glyph] = None
    return drawn
