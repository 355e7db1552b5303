"""XHTML pages + styles -> EPUB 3 bytes with ebooklib; reproducible byte for byte."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import re
import zipfile
from dataclasses import dataclass, field

from ebooklib import epub

from handout.languages import direction

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
NCX_DEPTH = 2


@dataclass(frozen=True)
class TocEntry:
    href: str
    title: str
    children: tuple["TocEntry", ...] = ()
    lang: str = ""


@dataclass(frozen=True)
class Resource:
    """A file inside the EPUB: page, stylesheet, image."""

    name: str  # path inside the EPUB's content folder
    media_type: str
    data: bytes
    properties: tuple[str, ...] = ()


@dataclass(frozen=True)
class Publication:
    """Everything the EPUB holds, already rendered; the writer only packages it."""

    identifier: str
    title: str
    language: str
    modified: dt.datetime
    pages: tuple[Resource, ...]  # reading order
    nav: Resource
    toc: tuple[TocEntry, ...]
    resources: tuple[Resource, ...] = ()
    authors: tuple[str, ...] = ()
    publisher: str = ""  # the practice that hands it out
    description: str = ""
    subjects: tuple[str, ...] = ()
    date: str = ""
    # The image alone, marked cover-image: no HTML cover page, which Kindle would show twice.
    cover: Resource | None = None
    extra_meta: tuple[tuple[str, str], ...] = field(default=())  # (property, value)


class Writer(epub.EpubWriter):
    """ebooklib's writer, plus the package's own xml:lang (Ace and EPUB Accessibility ask for it)."""

    def _write_opf_file(self, root):
        root.set(XML_LANG, self.book.language)
        super()._write_opf_file(root)


def write_epub(publication: Publication) -> bytes:
    book = package(publication)
    raw = io.BytesIO()
    writer = Writer(raw, book, {"mtime": publication.modified, "raise_exceptions": True, "package_direction": True,
                                "epub3_landmark": False, "play_order": {"enabled": False}})
    writer.process()
    writer.write()
    return normalise_zip(raw.getvalue())


def package(pub: Publication) -> epub.EpubBook:
    book = epub.EpubBook()
    book.set_identifier(pub.identifier)
    book.set_title(pub.title)
    book.set_language(pub.language)
    if direction(pub.language) == "rtl":  # the package's dir and the spine's page-progression-direction
        book.set_direction("rtl")
    for author in pub.authors:
        book.add_author(author)
    if pub.publisher:
        book.add_metadata("DC", "publisher", pub.publisher)
    if pub.description:
        book.add_metadata("DC", "description", pub.description)
    for subject in pub.subjects:
        book.add_metadata("DC", "subject", subject)
    if pub.date:
        book.add_metadata("DC", "date", pub.date)
    for prop, value in pub.extra_meta:
        book.add_metadata(None, "meta", value, {"property": prop})
    if pub.cover:
        book.add_item(item(pub.cover, "cover-image"))
        # The EPUB 2 form as well: older Kindle and Kobo firmware find the cover only this way.
        book.add_metadata(None, "meta", "", {"name": "cover", "content": "cover-image"})
    for resource in pub.resources:
        book.add_item(item(resource))
    pages = [item(page, f"page-{index}") for index, page in enumerate(pub.pages, 1)]
    for page in pages:
        book.add_item(page)
    book.add_item(item(pub.nav, "nav"))
    book.add_item(epub.EpubNcx())
    number = itertools.count(1)
    book.toc = [link(entry, number) for entry in pub.toc]
    # The contents page is in the spine (so landmarks may point at it) but out of the
    # reading order: readers open on the first page of text.
    book.spine = pages + [("nav", "no")]
    return book


def item(resource: Resource, uid: str | None = None) -> epub.EpubItem:
    # A manifest id must be an XML name: letters, digits, '-' and '_', not starting with a digit.
    made = epub.EpubItem(uid=uid or "r-" + re.sub(r"[^A-Za-z0-9_-]", "-", resource.name),
                         file_name=resource.name, media_type=resource.media_type, content=resource.data)
    made.properties = list(resource.properties)
    return made


def link(entry: TocEntry, number: itertools.count, depth: int = 1):
    """An NCX entry (our own nav.xhtml is the EPUB 3 navigation; ebooklib's toc only feeds the NCX).

    Ids are numbered, since hrefs hold '/' and other non-name characters; two levels at most,
    as Kindle's guidelines ask of the NCX."""
    own = epub.Link(entry.href, entry.title, f"nav-{next(number)}")
    if not entry.children or depth >= NCX_DEPTH:
        return own
    return (epub.Section(entry.title, entry.href), [link(child, number, depth + 1) for child in entry.children])


def normalise_zip(data: bytes) -> bytes:
    """Re-pack with fixed timestamps and attributes so equal inputs give equal bytes."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_EPOCH)
            fixed.compress_type = zipfile.ZIP_STORED if info.filename == "mimetype" else zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            fixed.create_system = 3
            target.writestr(fixed, source.read(info.filename), compresslevel=9)
    return out.getvalue()
