"""The faces an EPUB carries: for Arabic-script, Hebrew, Devanagari, Bengali and Thai text, the
face the PDF prints it in, cut down to the characters the publication sets in that language,
and a stylesheet that gives it to elements in that language only.

A reader without those faces shows boxes (a stock Chromium: every letter); Latin, Greek and
Cyrillic are in every reader's faces, and the CJK faces run to megabytes while every reader
sold where CJK is read has its own, so those keep the reader's defaults (styles/epub.css sets
no font). One face per script, the print's body face (serif; Naskh for Arabic): headings and
bold are emboldened by the reader, since a bold or sans face for them would add 40 to 120% more
font bytes (docs/epub-and-books.md has the figures)."""

from __future__ import annotations

import functools
import hashlib
import io
import re
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field

from handout.languages import family_name, intended_faces
from handout.resources import FONTS
from handout.write.epub import Resource
from handout.write.file_cache import FileCache

EMBEDDED_SCRIPTS = ("arabic", "hebrew", "devanagari", "bengali", "thai")
SHEET = "styles/fonts.css"
FOLDER = "fonts"
# EPUB 3.3's core media type for TrueType, accepted by EPUBCheck without a message. TrueType,
# not WOFF2: Kindle's converter, Adobe RMSDK and older Kobo firmware read TTF only, and the zip's
# deflate already takes a subset to 40-60% of its size.
MEDIA_TYPE = "font/ttf"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
XHTML = "{http://www.w3.org/1999/xhtml}"
# The dotted circle a shaper draws under a vowel sign or mark that has no letter to sit on.
SHAPING = "\u25cc"
PRIMARY_SUBTAG = re.compile(r"[A-Za-z]{2,8}")
SHEET_HEADER = ("/* The faces embedded for scripts a reader may lack (handout/render/epub_fonts.py), each cut to\n"
                "   the characters set in it, given to the elements in that language; the rest keeps the\n"
                "   reader's own faces. */\n")


@dataclass
class FaceUse:
    """What one embedded face must draw, and the languages (primary subtags) set in it."""

    characters: set[str] = field(default_factory=set)
    languages: set[str] = field(default_factory=set)


def embedded_face(tag: str) -> str:
    """The face an EPUB embeds for `tag`'s letters ('NotoSerifDevanagari'); '' if the reader's own faces do."""
    script, faces = intended_faces(tag)
    return faces[0] if script in EMBEDDED_SCRIPTS and faces else ""


def font_sheets(languages: Iterable[str], prefix: str = "") -> list[str]:
    """The font stylesheet's link (as `prefix` + SHEET) for a document in `languages`, if one of them needs a face."""
    return [prefix + SHEET] if any(embedded_face(tag) for tag in languages) else []


def with_forms(text: str) -> str:
    """`text` and its Unicode normal forms. A shaper splits what the face has in parts (Bengali
    ো and ৌ into a sign before the letter and one after, Thai ำ into its ring and its vowel) and
    joins what it has whole, so a subset needs the forms the text is not written in, too."""
    return text + "".join(unicodedata.normalize(form, text) for form in ("NFC", "NFD", "NFKD"))


def characters_by_language(document: bytes) -> dict[str, set[str]]:
    """Every character an XHTML document sets (in all its forms), by the language tag of its element.

    Besides the text: a table cell's `data-label` (epub.css shows it before the cell on a narrow
    screen) and an ordered list's numbers, which a reader draws in the list's own font."""
    found: dict[str, set[str]] = {}
    stack = [(ET.fromstring(document), "")]
    while stack:  # not recursive: a deeply nested list is no reason to fail
        element, tag = stack.pop()
        tag = element.get("lang") or element.get(XML_LANG) or tag
        characters = found.setdefault(tag, set())
        characters.update(with_forms(element.text or ""), with_forms(element.get("data-label", "")))
        if element.tag == f"{XHTML}ol":
            start = int(element.get("start", "1")) if element.get("start", "1").isdigit() else 1
            characters.update("".join(f"{number}." for number in range(start, start + len(element))))
        for child in element:
            characters.update(with_forms(child.tail or ""))
            stack.append((child, tag))
    return found


def face_uses(documents: Iterable[bytes]) -> dict[str, FaceUse]:
    """Each face the documents need, with the characters set in it and its languages."""
    uses: dict[str, FaceUse] = {}
    for document in documents:
        for tag, characters in characters_by_language(document).items():
            face = embedded_face(tag)
            primary = PRIMARY_SUBTAG.match(tag.strip())
            if face and primary:  # a tag CSS cannot quote safely gets no rule, so no face
                use = uses.setdefault(face, FaceUse())
                use.characters |= characters
                use.languages.add(primary.group())
    return uses


def font_file(face: str):
    return FONTS / f"{face}-Regular.ttf"


@functools.cache
def code_points(face: str) -> frozenset[int]:
    """The characters the whole face has."""
    from fontTools.ttLib import TTFont
    with TTFont(font_file(face), lazy=True) as font:
        return frozenset(font.getBestCmap())


def covered(face: str, characters: set[str]) -> list[int]:
    """The code points of `characters` (and what shaping may draw) that the face has, sorted."""
    return sorted(point for point in map(ord, characters | set(SHAPING)) if point in code_points(face))


def subset_key(face: str, points: list[int]) -> str:
    """Everything a subset's bytes depend on: the face file, the code points, fontTools."""
    import fontTools
    stat = font_file(face).stat()
    made_by = (face, stat.st_size, stat.st_mtime_ns, points, fontTools.version, "layout *, no hints, name whole")
    return "font-" + hashlib.sha256(repr(made_by).encode()).hexdigest()[:32]


def subset_font(face: str, points: list[int]) -> bytes:
    """The face cut to `points`, with the layout features that shape them; the same bytes every time."""
    from fontTools import subset
    from fontTools.ttLib import TTFont
    # Every GSUB/GPOS feature, and every glyph they reach from these characters: a reader's shaper
    # forms conjuncts, joins Arabic and places marks with them. Hints off (a quarter smaller;
    # readers scale and smooth anyway). The source's time stamps are kept, so equal inputs give
    # equal bytes, and its bounding boxes (they still enclose every glyph left).
    options = subset.Options(layout_features=["*"], hinting=False, notdef_outline=True, recalc_timestamp=False)
    with TTFont(font_file(face), recalcTimestamp=False, recalcBBoxes=False, lazy=True) as font:
        # The name table whole, set aside while cutting: it carries the OFL notice and licence
        # every copy must, and fontTools would walk every table for the names they use (0.15 s
        # of 0.4 s on a Devanagari face) to keep what these faces' few records are anyway.
        names = font["name"]
        del font["name"]
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=points)
        subsetter.subset(font)
        font["name"] = names
        out = io.BytesIO()
        font.save(out)
    return out.getvalue()


def cached_subset(face: str, points: list[int], cache: FileCache | None) -> bytes:
    """The subset, from `cache` when made before (cutting a Devanagari face takes ~0.25 s)."""
    key = subset_key(face, points)
    data = cache.get(key, ".ttf") if cache else None
    if data is None:
        data = subset_font(face, points)
        if cache:
            cache.put(key, ".ttf", data)
    return data


def css_family(face: str) -> str:
    """The family the stylesheet names the subset by: not the face's own name, so neither a
    reader's installed copy nor the full face the layout check's engine has can stand in for it."""
    return f"Handout {family_name(face)}"


def font_sheet(faces: list[tuple[str, set[str]]]) -> str:
    """@font-face for each embedded face, and its family on the elements whose `lang` is one of its languages.

    A rule on the element carrying `lang` (the page's html, a contents entry), which the rest
    inherits, as a body font would be: code keeps the reader's monospace, and a --css sheet's
    own rule for an element still wins."""
    rules = [SHEET_HEADER]
    for face, languages in faces:
        family = css_family(face)
        rules.append(f'@font-face {{ font-family: "{family}"; '
                     f'src: url("../{FOLDER}/{font_file(face).name}") format("truetype"); }}\n')
        selectors = ", ".join(f'[lang|="{language}"]' for language in sorted(languages))
        rules.append(f'{selectors} {{ font-family: "{family}", serif; }}\n')
    return "".join(rules)


def font_resources(documents: Iterable[bytes], cache: FileCache | None = None) -> list[Resource]:
    """The font stylesheet and the subset faces for these documents (pages and navigation).

    The sheet is there whenever a document links it (font_sheets), even should no face be needed."""
    faces, fonts = [], []
    for face, use in sorted(face_uses(documents).items()):
        if not font_file(face).is_file():  # a broken installation: the PDF's face check names the missing face
            continue
        points = covered(face, use.characters)
        if any(chr(point) in use.characters for point in points):  # not for a dotted circle alone
            faces.append((face, use.languages))
            fonts.append(Resource(f"{FOLDER}/{font_file(face).name}", MEDIA_TYPE, cached_subset(face, points, cache)))
    return [Resource(SHEET, "text/css", font_sheet(faces).encode("utf-8")), *fonts]
