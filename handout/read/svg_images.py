"""SVG images, which are programs as much as pictures: one that could run a script in a reader
(`<script>`, `onload=`, a `javascript:` link, HTML inside `<foreignObject>`) is refused at its
line, never copied into the EPUB or drawn into the PDF."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

MAX_SVG_BYTES = 2_000_000  # as an article: a logo or a diagram is far smaller
ACTIVE_ELEMENTS = {"script", "foreignobject", "handler", "listener", "iframe", "embed", "object"}
SCRIPT_URL = re.compile(r"^\s*(javascript|vbscript|data\s*:\s*text/html)", re.I)
ENTITY = re.compile(rb"<!ENTITY", re.I)


def local(name: str) -> str:
    """An element or attribute name without its namespace, lower-cased."""
    return name.rsplit("}", 1)[-1].lower()


def script_problem(data: bytes) -> str:
    """What in an SVG could run a script, in words ("" when nothing can); a file that is not
    well-formed XML is the PDF engine's to report."""
    if len(data) > MAX_SVG_BYTES:
        return f"is over {MAX_SVG_BYTES:,} bytes"
    if ENTITY.search(data):
        return ""  # never expanded here; the PDF engine refuses it (and its external files)
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        return ""
    for element in root.iter():
        tag = local(element.tag) if isinstance(element.tag, str) else ""
        if tag in ACTIVE_ELEMENTS:
            return f"holds a <{element.tag.rsplit('}', 1)[-1]}> element, which could run in a reader"
        for name, value in element.attrib.items():
            if local(name).startswith("on"):
                return f"has an event handler ({local(name)}=...), which could run a script in a reader"
            if SCRIPT_URL.match(value):  # href, or an animation's `to`/`values` setting one
                return f"has {local(name)}='{value[:40]}', which could run a script in a reader"
    return ""
