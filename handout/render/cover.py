"""The EPUB's cover image: generated from the title (HTML -> PDF -> PNG), or the front matter's own."""

from __future__ import annotations

import hashlib
import io
import mimetypes
import zlib
from dataclasses import dataclass
from pathlib import Path

from handout.errors import Problem, error
from handout.read.front_matter import front_matter_line
from handout.read.image_types import EXTENSIONS, image_type
from handout.render.html import render
from handout.resources import FONTS, STYLES
from handout.sandbox import Sandbox
from handout.write.epub import Resource
from handout.write.file_cache import FileCache

# 1600 x 2400 px: the 2:3 shape library views expect, big enough for store listings, small
# enough (tens of kB as PNG) for an e-mail attachment.
COVER_WIDTH_PX = 1600
PNG_OPTIONS = {"compress_level": 1, "compress_type": zlib.Z_RLE}  # see rasterised()
PAGE_WIDTH_PT = 4 * 72
COVER_MEDIA_TYPES = ("image/png", "image/jpeg")


@dataclass(frozen=True)
class CoverText:
    """What the generated cover says."""

    title: str
    subtitle: str = ""
    author: str = ""
    practice: str = ""
    language: str = "en"


# Title sizes (pt), largest first. 15 pt is still legible on a 160 px library thumbnail.
TITLE_SIZES = (26, 22, 18, 15, 12)


def title_size(title: str) -> int:
    """The size a title of this length starts from: long titles start smaller."""
    length = len(title)
    return 26 if length <= 40 else 22 if length <= 70 else 18 if length <= 110 else 15


def cover_html(text: CoverText, override_dir: str = "", size: int = 0) -> str:
    return render("cover.html.j2", override_dir, title=text.title, subtitle=text.subtitle, author=text.author,
                  practice=text.practice, language=text.language, title_size=size or title_size(text.title),
                  faces_css=(STYLES / "faces.css").read_text(encoding="utf-8"))


def generated_cover(text: CoverText, override_dir: str = "", cache: FileCache | None = None) -> bytes:
    """Render the cover page and rasterise it to PNG; the same text gives the same bytes, so
    a cover made before (same page, fonts and engines) is taken from the cache."""
    key = cover_key(cover_html(text, override_dir))
    cached = cache.get(key, ".png") if cache else None
    if cached is not None:
        return cached
    data = rasterised(composed(text, override_dir))
    if cache:
        cache.put(key, ".png", data)
    return data


def composed(text: CoverText, override_dir: str = ""):
    """The cover laid out on its one page: a title too long for its size steps down until the
    whole cover fits (at the smallest size, whatever runs past the page is not drawn)."""
    from handout.write.engine import weasyprint
    for size in (size for size in TITLE_SIZES if size <= title_size(text.title)):
        document = weasyprint.HTML(string=cover_html(text, override_dir, size)).render()
        if len(document.pages) == 1:
            break
    return document


def rasterised(document) -> bytes:
    """The cover's first page drawn as a PNG."""
    import pypdfium2 as pdfium

    page = pdfium.PdfDocument(document.copy(document.pages[:1]).write_pdf())[0]
    image = page.render(scale=COVER_WIDTH_PX / PAGE_WIDTH_PT).to_pil()
    if image.mode != "RGB":
        image = image.convert("RGB")
    out = io.BytesIO()
    # Pillow writes no time stamp, so bytes repeat. A flat cover is mostly runs of one colour:
    # zlib's run-length strategy gives the size of level 4 (2% more bytes) in two thirds of
    # its time (0.037 s against 0.056 s for the seed's cover, on the EPUB helper's path).
    image.save(out, "PNG", **PNG_OPTIONS)
    return out.getvalue()


def cover_key(html: str) -> str:
    """Everything the cover's pixels depend on: its page, the fonts, the engines' versions."""
    import PIL
    import pypdfium2

    from handout.write.engine import weasyprint
    fonts = sorted((path.name, stat.st_size, stat.st_mtime_ns) for path in FONTS.iterdir() for stat in [path.stat()])
    made_by = (COVER_WIDTH_PX, PNG_OPTIONS, PIL.__version__, str(pypdfium2.PYPDFIUM_INFO), str(pypdfium2.PDFIUM_INFO),
               weasyprint.__version__)
    return "cover-" + hashlib.sha256(repr((html, fonts, made_by)).encode()).hexdigest()[:32]


def given_cover(src: str, source_path: str, sandbox: Sandbox) -> tuple[Resource | None, list[Problem]]:
    """The front matter's `cover:` image, read through the sandbox relative to its file."""
    line = front_matter_line(source_path, "cover")
    path = sandbox.local_path(src, Path(source_path).parent)
    if path is None:
        return None, [error(source_path, line, f"cover '{src}' {sandbox.refused[-1].describe()}", "resource")]
    data = path.read_bytes()
    media_type = image_type(data)  # by its bytes: a text file named .png is no cover
    if media_type not in COVER_MEDIA_TYPES:
        named = mimetypes.guess_type(path.name)[0] or ""
        but = " (its name says it is, its bytes say it is not)" if named in COVER_MEDIA_TYPES else ""
        return None, [error(source_path, line, f"cover '{src}' must be a PNG or JPEG image{but}", "resource")]
    return Resource(f"images/cover{EXTENSIONS[media_type]}", media_type, data, ("cover-image",)), []


def cover_resource(text: CoverText, src: str, source_path: str, sandbox: Sandbox, override_dir: str = "",
                   cache: FileCache | None = None) -> tuple[Resource | None, list[Problem]]:
    """The cover named in front matter if any, else a generated one."""
    if src:
        return given_cover(src, source_path, sandbox)
    return Resource("images/cover.png", "image/png", generated_cover(text, override_dir, cache), ("cover-image",)), []
