"""Filling a worksheet's fields as a client's reader does, and looking at the result.

pdfium (Chrome, Edge): through its form-filling API, as a person types and clicks: focus a
field, replace its text, click a box or a mark; pdfium draws the field anew, as Chrome does.
poppler (Okular, Evince): the values written with pypdf and each filled text field's
appearance removed, which is what Okular does to a field typed into (poppler draws it anew);
boxes and marks switch to their ticked appearance. Both are drawn into images (pdfium
itself; poppler's pdftoppm) and the images are what the tests judge."""

from __future__ import annotations

import ctypes
import io
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw
from PIL import Image

SCALE = 2  # pixels per pt of the images judged (144 dpi)


@dataclass
class Widget:
    name: str
    kind: str  # "text", "check", "mark"
    value: str  # a mark's number, a box's on state
    rect: tuple[float, float, float, float]  # left, bottom, right, top in pt
    page: int


def widgets(data: bytes) -> list[Widget]:
    from pypdf import PdfReader
    found = []
    for number, page in enumerate(PdfReader(io.BytesIO(data)).pages):
        for reference in page.get("/Annots", []):
            widget = reference.get_object()
            if widget.get("/Subtype") != "/Widget":
                continue
            parent = widget.get("/Parent")
            parent = parent.get_object() if parent is not None else {}
            name = str(widget.get("/T") or parent.get("/T"))
            kind = widget.get("/FT") or parent.get("/FT")
            states = [key[1:] for key in widget.get("/AP", {}).get("/N", {}) if key != "/Off"] if kind == "/Btn" else []
            x1, y1, x2, y2 = (float(value) for value in widget["/Rect"])
            found.append(Widget(name, "text" if kind == "/Tx" else "mark" if parent else "check",
                                states[0] if states else "", (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2)),
                                number))
    return found


def chosen(widget: Widget, answers: dict) -> bool:
    """Whether `answers` ticks this box or picks this mark."""
    answer = answers.get(widget.name)
    return (widget.kind == "check" and answer is True) or (widget.kind == "mark" and str(answer) == widget.value)


def pdfium_filled(data: bytes, answers: dict) -> tuple[list[Image.Image], bytes]:
    """Each page drawn by pdfium after typing and clicking `answers` in; and the saved file."""
    document = pdfium.PdfDocument(data)
    document.init_forms()
    form = document.formenv.raw
    pages = [document[n] for n in range(len(document))]  # one handle each: pdfium keeps its edits there
    for widget in widgets(data):
        page = pages[widget.page]
        if widget.kind == "text" and widget.name in answers:
            annotation = annotation_at(page, widget)
            raw.FORM_SetFocusedAnnot(form, annotation)
            raw.FORM_SelectAllText(form, page.raw)
            text = ctypes.create_string_buffer((answers[widget.name] + "\0").encode("utf-16-le"))
            raw.FORM_ReplaceSelection(form, page.raw, ctypes.cast(text, raw.FPDF_WIDESTRING))
            raw.FORM_ForceToKillFocus(form)
            raw.FPDFPage_CloseAnnot(annotation)
        elif chosen(widget, answers):
            x, y = (widget.rect[0] + widget.rect[2]) / 2, (widget.rect[1] + widget.rect[3]) / 2
            raw.FORM_OnMouseMove(form, page.raw, 0, x, y)  # as a pointer comes over the box first
            raw.FORM_OnLButtonDown(form, page.raw, 0, x, y)
            raw.FORM_OnLButtonUp(form, page.raw, 0, x, y)
            raw.FORM_ForceToKillFocus(form)  # no focus ring left on the drawn page
    images = [page.render(scale=SCALE, may_draw_forms=True).to_pil().convert("L") for page in pages]
    out = io.BytesIO()
    document.save(out)
    return images, out.getvalue()


def annotation_at(page, widget: Widget):
    for index in range(raw.FPDFPage_GetAnnotCount(page.raw)):
        annotation = raw.FPDFPage_GetAnnot(page.raw, index)
        rect = raw.FS_RECTF()
        raw.FPDFAnnot_GetRect(annotation, rect)
        if abs(rect.left - widget.rect[0]) < 0.5 and abs(rect.top - widget.rect[3]) < 0.5:
            return annotation
        raw.FPDFPage_CloseAnnot(annotation)
    raise LookupError(widget.name)


def poppler_filled(data: bytes, answers: dict) -> bytes:
    """The file as Okular leaves it after filling `answers` in (poppler draws typed fields anew)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, TextStringObject
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    for page in writer.pages:
        for reference in page.get("/Annots", []):
            widget = reference.get_object()
            parent = widget.get("/Parent")
            parent = parent.get_object() if parent is not None else None
            name = str(widget.get("/T") or (parent or {}).get("/T"))
            if name not in answers:
                continue
            if (widget.get("/FT") or (parent or {}).get("/FT")) == "/Tx":
                widget[NameObject("/V")] = TextStringObject(answers[name])
                del widget["/AP"]
                continue
            state = next(key for key in widget["/AP"]["/N"] if key != "/Off")
            if answers[name] is True or str(answers[name]) == state[1:]:
                widget[NameObject("/AS")] = NameObject(state)
                (parent or widget)[NameObject("/V")] = NameObject(state)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def poppler_images(data: bytes) -> list[Image.Image]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "filled.pdf"
        path.write_bytes(data)
        subprocess.run(["pdftoppm", "-r", str(72 * SCALE), "-gray", "-png", str(path), str(Path(folder) / "page")],
                       check=True, capture_output=True)
        return [Image.open(image).convert("L") for image in sorted(Path(folder).glob("page*.png"))]


def pdfium_images(data: bytes) -> list[Image.Image]:
    document = pdfium.PdfDocument(data)
    document.init_forms()
    return [document[n].render(scale=SCALE, may_draw_forms=True).to_pil().convert("L") for n in range(len(document))]


def crop(image: Image.Image, rect, inset: float = 1.5) -> Image.Image:
    """The field's area (less `inset` pt each side: the table's own borders stay out)."""
    height = image.height / SCALE
    left, bottom, right, top = rect
    return image.crop((round((left + inset) * SCALE), round((height - top + inset) * SCALE),
                       round((right - inset) * SCALE), round((height - bottom - inset) * SCALE)))


def ink(image: Image.Image) -> int:
    return sum(count for value, count in enumerate(image.histogram()[:256]) if value < 128)


def dark_rows(image: Image.Image) -> list[float]:
    """Each pixel row's share of dark pixels."""
    width, height = image.size
    pixels = image.load()
    return [sum(pixels[x, y] < 128 for x in range(width)) / width for y in range(height)]


def ruled(image: Image.Image) -> bool:
    """Whether a rule runs across the area (a row dark over nine tenths of its width)."""
    return any(share > 0.9 for share in dark_rows(image))


def cut_off(image: Image.Image) -> bool:
    """Whether text runs into the area's bottom edge (more lines than the field holds)."""
    return any(share > 0.01 for share in dark_rows(image)[-2:])


def problems(data: bytes, answers: dict) -> list[str]:
    """What a client would find wrong after filling `answers` in with pdfium and with poppler:
    an answer not shown, crossed by a rule or (pdfium) cut off at the field's foot; a tick not shown."""
    blank = pdfium_images(data)
    pdfium_pages, _ = pdfium_filled(data, answers)
    drawn = {"pdfium": pdfium_pages, "poppler": poppler_images(poppler_filled(data, answers))}
    found = []
    for widget in widgets(data):
        for engine, pages in drawn.items():
            area = crop(pages[widget.page], widget.rect)
            if widget.kind == "text" and widget.name in answers:
                if ink(area) < 40 * SCALE * SCALE:
                    found.append(f"{engine}: {widget.name}: the answer does not show")
                if ruled(area):
                    found.append(f"{engine}: {widget.name}: a rule crosses the answer")
                # pdfium clips an answer taller than its field at the foot; poppler fits its text so
                # tightly that Arabic marks below the line touch the foot, so only pdfium is judged here.
                if engine == "pdfium" and cut_off(crop(pages[widget.page], widget.rect, inset=0.5)):
                    found.append(f"{engine}: {widget.name}: the answer runs past the field's foot")
            elif chosen(widget, answers):
                if ink(area) < ink(crop(blank[widget.page], widget.rect)) + 8 * SCALE * SCALE:
                    found.append(f"{engine}: {widget.name} {widget.value}: the tick does not show")
    return found
