"""XHTML pages + styles -> EPUB 3 bytes with ebooklib; reproducible byte for byte."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field

from ebooklib import epub

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


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
    description: str = ""
    subjects: tuple[str, ...] = ()
    date: str = ""
    cover: Resource | None = None
    extra_meta: tuple[tuple[str, str], ...] = field(default=())  # (property, value)


def write_epub(publication: Publication) -> bytes:
    book = package(publication)
    raw = io.BytesIO()
    epub.write_epub(raw, book, {"mtime": publication.modified, "raise_exceptions": True,
                                "epub3_landmark": False, "play_order": {"enabled": False}})
    return normalise_zip(raw.getvalue())


def package(pub: Publication) -> epub.EpubBook:
    book = epub.EpubBook()
    book.set_identifier(pub.identifier)
    book.set_title(pub.title)
    book.set_language(pub.language)
    for author in pub.authors:
        book.add_author(author)
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
        book.add_metadata(None, "meta", "", {"name": "cover", "content": "cover-image"})
    for resource in pub.resources:
        book.add_item(item(resource))
    pages = [item(page, f"page-{index}") for index, page in enumerate(pub.pages, 1)]
    for page in pages:
        book.add_item(page)
    book.add_item(item(pub.nav, "nav"))
    book.add_item(epub.EpubNcx())
    book.toc = [link(entry) for entry in pub.toc]
    # The contents page is in the spine (so landmarks may point at it) but out of the
    # reading order: readers open on the first page of text.
    book.spine = pages + [("nav", "no")]
    return book


def item(resource: Resource, uid: str | None = None) -> epub.EpubItem:
    made = epub.EpubItem(uid=uid or resource.name.replace("/", "-").replace(".", "-"),
                         file_name=resource.name, media_type=resource.media_type, content=resource.data)
    made.properties = list(resource.properties)
    return made


def link(entry: TocEntry):
    own = epub.Link(entry.href, entry.title, entry.href.replace("#", "-").replace(".", "-"))
    if not entry.children:
        return own
    return (epub.Section(entry.title, entry.href), [link(child) for child in entry.children])


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
