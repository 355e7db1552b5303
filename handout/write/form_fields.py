"""A fillable worksheet's form fields, finished after the PDF engine writes them, so that
pdfium (Chrome, Edge), poppler (Okular, Evince) and PDF.js (Firefox) fill them alike.

The engine leaves what a reader needs to guess: check boxes without /DA (poppler then draws
a ticked box empty), no appearance for an empty or unticked field (so /NeedAppearances, and
each reader draws its own), a fixed 10.5 pt for typed text (a table cell holds two lines),
radio buttons named twice and valued by their index. Here, with pypdf, every field gets:

- a /DA naming the field font (render/fields.py, cut for the article's script) under one
  resource name, at size 0 ("fit the field") for a table cell, and /Q 2 when it is set right
  to left (Arabic, Hebrew);
- its appearances, written by the build (write/field_appearances.py): an empty field shows
  nothing, or a prompt's ruled lines; a box its tick or nothing; a scale's mark a ring or
  nothing. /NeedAppearances is then false: a reader keeps these until a field is filled;
- for a scale, one radio group per scale whose buttons take the mark as state and value
  (/V /7) and as spoken name (/TU 7), the group the prompt's.

What the engine got right stays: names, spoken names, the print flag, /StructParent and the
tagged structure (/Form elements), which pypdf carries over unchanged."""

from __future__ import annotations

import io
from dataclasses import dataclass, field

from handout.write import field_appearances as looks

FONT = "/Wingdings"  # the field font in the form's resources: see field_font_name
DINGBATS = "/ZaDb"  # what a reader that redraws a box or a mark draws its tick or dot in
CSS_PX = 0.75  # pt per CSS px


@dataclass
class FieldPlan:
    """What the laid-out document knows of its fields that the PDF does not say."""
    names: set[str] = field(default_factory=set)
    rules: dict[str, list[tuple[float, float]]] = field(default_factory=dict)  # a prompt's rules: (pt below
    # its top, width in pt), as print.css rules them (large print rules heavier)
    right_to_left: set[str] = field(default_factory=set)
    fitted: set[str] = field(default_factory=set)  # typed text sized to fit: a table cell


def field_plan(document) -> FieldPlan:
    """The fields of a laid-out document: their names, their direction, a prompt's rules."""
    plan = FieldPlan()
    for page in document.pages:
        for box in page._page_box.descendants():
            element = box.element
            if element is None or box.element_tag not in ("input", "textarea", "div", "td"):
                continue
            name = element.get("name")
            if box.element_tag in ("input", "textarea") and name and name not in plan.names:
                plan.names.add(name)
                if box.style["direction"] == "rtl":
                    plan.right_to_left.add(name)
                if "field-cell" in element.get("class", ""):
                    plan.fitted.add(name)
            elif "write-area" in element.get("class", "").split():
                plan.rules.update(rules_in(box))
    return plan


def rules_in(area) -> dict[str, list[float]]:
    """A prompt's field and where its ruled lines fall, in pt below the field's top."""
    parts = list(area.descendants())
    fields = [box for box in parts if box.element_tag == "textarea"]
    lines = [box for box in parts if "write-line" in (box.element.get("class", "") if box.element is not None else "")
             and box.element_tag == "div"]
    if not fields:
        return {}
    top = fields[0].content_box_y()  # the widget's /Rect is the field's content box
    rules = sorted({(round((line.border_box_y() + line.border_height() - line.border_bottom_width / 2 - top)
                           * CSS_PX, 2), round(line.border_bottom_width * CSS_PX, 2)) for line in lines})
    return {fields[0].element.get("name"): rules}


def finished_fields(data: bytes, plan: FieldPlan) -> bytes:
    """`data` (a PDF with form fields) with every field finished as the module says."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import (ArrayObject, BooleanObject, DictionaryObject, NameObject, NumberObject,
                               TextStringObject)
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    form = writer._root_object["/AcroForm"]
    fonts = DictionaryObject({NameObject(DINGBATS): writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/ZapfDingbats")}))})
    engine_font = field_font(form)
    if engine_font is not None:
        fonts[NameObject(FONT)] = engine_font
    resources = DictionaryObject({NameObject("/Font"): fonts})
    form[NameObject("/DR")] = resources
    form[NameObject("/DA")] = TextStringObject(f"{FONT if engine_font is not None else DINGBATS} 0 Tf 0 g")
    form[NameObject("/NeedAppearances")] = BooleanObject(False)

    def appearance(content: bytes, width: float, height: float):
        stream = stream_object(content)
        stream.update({NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form"),
                       NameObject("/BBox"): ArrayObject([NumberObject(0), NumberObject(0),
                                                          float_object(width), float_object(height)]),
                       NameObject("/Resources"): resources})
        return writer._add_object(stream)

    for page in writer.pages:
        for reference in page.get("/Annots", []):
            widget = reference.get_object()
            if widget.get("/Subtype") != "/Widget":
                continue
            x1, y1, x2, y2 = (float(value) for value in widget["/Rect"])
            left, bottom, width, height = min(x1, x2), min(y1, y2), abs(x2 - x1), abs(y2 - y1)
            widget[NameObject("/Rect")] = ArrayObject(float_object(value)
                                                      for value in (left, bottom, left + width, bottom + height))
            parent = widget.get("/Parent")
            parent = parent.get_object() if parent is not None else None
            kind = widget.get("/FT") or (parent or {}).get("/FT")
            name = str(widget.get("/T") or (parent or {}).get("/T"))
            if kind == "/Tx":
                size = 0 if name in plan.fitted else 10.5
                widget[NameObject("/DA")] = TextStringObject(f"{FONT} {looks.number(size)} Tf 0 g")
                if name in plan.right_to_left:
                    widget[NameObject("/Q")] = NumberObject(2)
                normal = appearance(looks.empty_text(width, height, plan.rules.get(name, [])), width, height)
                widget[NameObject("/AP")] = DictionaryObject({NameObject("/N"): normal})
            elif kind == "/Btn" and parent is None:  # a check box
                widget[NameObject("/DA")] = TextStringObject(f"{DINGBATS} 0 Tf 0 g")
                widget[NameObject("/MK")] = DictionaryObject({NameObject("/CA"): TextStringObject("4")})
                widget[NameObject("/AP")] = DictionaryObject({NameObject("/N"): DictionaryObject({
                    NameObject("/Yes"): appearance(looks.tick(width, height), width, height),
                    NameObject("/Off"): appearance(looks.nothing(), width, height)})})
                widget[NameObject("/AS")] = widget[NameObject("/V")] = NameObject("/Off")
            elif kind == "/Btn":  # one mark of a scale: a button of its radio group
                mark = radio_value(widget, parent)
                for key in ("/T", "/V"):
                    widget.pop(key, None)  # a kid with its own /T would be a field of its own
                widget[NameObject("/TU")] = TextStringObject(mark)
                widget[NameObject("/DA")] = TextStringObject(f"{DINGBATS} 0 Tf 0 g")
                widget[NameObject("/MK")] = DictionaryObject({NameObject("/CA"): TextStringObject("l")})
                widget[NameObject("/AP")] = DictionaryObject({NameObject("/N"): DictionaryObject({
                    NameObject(f"/{mark}"): appearance(looks.ring(width, height), width, height),
                    NameObject("/Off"): appearance(looks.nothing(), width, height)})})
                widget[NameObject("/AS")] = NameObject("/Off")
    for reference in form.get("/Fields", []):
        group = reference.get_object()
        if "/Kids" in group and group.get("/FT") == "/Btn":
            group.pop("/Opt", None)  # the states are the marks themselves
            group[NameObject("/V")] = NameObject("/Off")
            group[NameObject("/DA")] = TextStringObject(f"{DINGBATS} 0 Tf 0 g")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def field_font(form):
    """The font the engine embedded for the text fields (the .field face), or None (no text field)."""
    for reference in form.get("/Fields", []):
        widget = reference.get_object()
        if widget.get("/FT") == "/Tx":
            words = str(widget.get("/DA", "")).split()
            if "Tf" in words and words.index("Tf") >= 2:
                return form["/DR"]["/Font"].raw_get(words[words.index("Tf") - 2])
    return None


def radio_value(widget, group) -> str:
    """A scale's mark: the value the engine put at the button's place in its group's /Opt."""
    kids = [kid.get_object() for kid in group["/Kids"]]
    index = next(position for position, kid in enumerate(kids) if kid is widget)
    return str(group["/Opt"][index]) if "/Opt" in group else next(
        key[1:] for key in widget["/AP"]["/N"] if key != "/Off")


def stream_object(content: bytes):
    from pypdf.generic import DecodedStreamObject
    stream = DecodedStreamObject()
    stream.set_data(content)
    return stream


def float_object(value: float):
    from pypdf.generic import FloatObject
    return FloatObject(round(value, 3))
