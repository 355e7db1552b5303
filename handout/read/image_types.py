"""What an image file is, by its bytes rather than its name: a text file named `.png` is no
PNG, and an EPUB must declare each image's real media type (EPUBCheck compares them). And
whether a file may be an image in both outputs: one of EPUB 3.3's core image types, and an SVG
that runs no script (read/svg_images.py)."""

from __future__ import annotations

import re
from pathlib import Path

from handout.read.svg_images import MAX_SVG_BYTES, script_problem

SIGNATURES = ((b"\x89PNG\r\n\x1a\n", "image/png"), (b"\xff\xd8\xff", "image/jpeg"),
              (b"GIF87a", "image/gif"), (b"GIF89a", "image/gif"))
# An SVG file: optional BOM, XML declaration, comments and doctype, then the <svg> element.
SVG_START = re.compile(rb"(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:(?:<!--.*?-->|<!DOCTYPE[^[>]*(?:\[.*?\])?\s*>)\s*)*"
                       rb"<(?:\w+:)?svg[\s>/]", re.S)
IMAGE_TYPES = ("image/png", "image/jpeg", "image/gif", "image/webp", "image/svg+xml")  # EPUB 3.3's core types
EXTENSIONS = {"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif", "image/webp": ".webp",
              "image/svg+xml": ".svg"}
SNIFF_BYTES = 65_536  # enough for any SVG prologue an editor writes


def image_type(data: bytes) -> str:
    """The image's media type judged from its first bytes, or "" when it is none of IMAGE_TYPES."""
    for magic, media_type in SIGNATURES:
        if data.startswith(magic):
            return media_type
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if SVG_START.match(data[:SNIFF_BYTES]):
        return "image/svg+xml"
    return ""


def file_type(path) -> str:
    """image_type of a file's first bytes ("" when it cannot be read)."""
    try:
        with open(path, "rb") as handle:
            return image_type(handle.read(SNIFF_BYTES))
    except OSError:
        return ""


def image_problem(path: Path | None) -> str:
    """Why a readable file cannot be an image in both outputs ("" when it can)."""
    if path is None:
        return ""
    media_type = file_type(path)
    if not media_type:
        return NOT_AN_IMAGE
    if media_type == "image/svg+xml":
        with open(path, "rb") as handle:
            scripted = script_problem(handle.read(MAX_SVG_BYTES + 1))
        return f"refused: the SVG {scripted}; remove it, or save the picture as PNG" if scripted else ""
    return ""


NOT_AN_IMAGE = ("could not be read as an image (PNG, JPEG, GIF, WebP or SVG); it would be missing from "
                "the PDF")
