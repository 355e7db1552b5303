"""Each language printed in its own face. The glyph check (check/glyphs.py) proves that some
project font can draw every character; this proves that the intended one did: without its
own face, a Chinese or Korean handout falls back to the Japanese forms of the same characters,
and nothing else would notice. Read from the PDF's embedded fonts, against the scripts the
article's own text uses (handout/languages.py: FACES)."""

from __future__ import annotations

import ctypes
import re
import unicodedata

import pypdfium2.raw as pdfium_c

from handout.errors import Problem, error
from handout.languages import FACES, SCRIPT_OF_NAME, family_name, intended_faces, plain_font_name

SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")


# Every face of a script of its own, by its plain name: which script it prints.
SCRIPT_OF_FACE = {plain_font_name(face): script for script, faces in FACES.values() for face in faces}


def scripts_in(text: str) -> set[str]:
    """The scripts with a face of their own among the letters of `text`."""
    return {script for char in set(text) if char.isalpha()
            for script in [SCRIPT_OF_NAME.get(unicodedata.name(char, "").split(" ")[0].split("-")[0])] if script}


def embedded_fonts(pages) -> dict[str, str]:
    """The fonts the pages draw text in: plain name -> name as the PDF gives it."""
    found: dict[str, str] = {}
    name = ctypes.create_string_buffer(256)
    for page in pages:
        for obj in page.get_objects():
            if obj.type == pdfium_c.FPDF_PAGEOBJ_TEXT:
                pdfium_c.FPDFFont_GetBaseFontName(pdfium_c.FPDFTextObj_GetFont(obj.raw), name, 256)
                shown = SUBSET_TAG.sub("", name.value.decode(errors="replace"))
                found[plain_font_name(shown)] = shown
    return found


def wrong_faces(pages, language: str, text: str, path: str) -> list[Problem]:
    """An error when the article's own letters (in `text`) are not printed in the face of its
    `language`: that face is missing from the pages, or another face of the same script is there."""
    script, faces = intended_faces(language)
    if not script or script not in scripts_in(text):
        return []  # Latin, Greek and Cyrillic, or no letters of the script: nothing to prove
    fonts = embedded_fonts(pages)
    own = tuple(plain_font_name(face) for face in faces)
    mine = [shown for name, shown in fonts.items() if name.startswith(own)]
    stray = sorted(shown for name, shown in fonts.items()
                   if not name.startswith(own) and SCRIPT_OF_FACE.get(face_of(name)) == script)
    if mine and not stray:
        return []
    printed = f"printed in {', '.join(stray)}" if stray else "printed in no face of theirs"
    return [error(path, None, f"PDF: the letters of '{language}' are {printed}, not only in their own face "
                              f"({' or '.join(map(family_name, faces))}); is that face installed (docs/fonts.md)?",
                  "face")]


def face_of(name: str) -> str:
    """The known face a plain font name is a style of ('notosanscjkjpbold' -> 'notosanscjkjp')."""
    return next((face for face in SCRIPT_OF_FACE if name.startswith(face)), "")
