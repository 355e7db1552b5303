"""What the preview server shows: each article's last good PDF pages as images, its EPUB page,
its check summary and the problems of its last build, and the news of each rebuild for the
browsers that listen (server-sent events). Reads only the outputs the builds wrote."""

from __future__ import annotations

import io
import json
import queue
import threading
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

PAGE_DPI = 110  # page images about 900 px wide for A4: sharp beside the e-reader frames


@dataclass
class Entry:
    """One article (or book) as the preview knows it."""

    slug: str
    source: str  # the file, as the command line names it
    version: int = 0  # counts this session's builds of it
    ok: bool | None = None  # the last build's verdict (None: not built yet this session)
    summary: str = ""  # the report's one line
    problems: list[str] = field(default_factory=list)  # as the terminal prints them


class Preview:
    """The articles being previewed, their outputs, and the browsers waiting for news."""

    def __init__(self, targets: list[Path], output: Path):
        self.output = output
        self.entries = {path.stem: Entry(path.stem, str(path)) for path in targets}
        self.lock = threading.Lock()
        self.listeners: list[queue.Queue] = []
        self.images: dict[tuple, bytes] = {}

    def update(self, path: Path, report) -> None:
        """A build finished: keep its verdict and tell every listening browser."""
        from handout.report import summary_line
        with self.lock:
            entry = self.entries.setdefault(path.stem, Entry(path.stem, report.path))
            entry.version += 1
            entry.ok, entry.summary = report.ok, summary_line(report)
            entry.problems = [problem.format() for problem in report.problems]
            news = json.dumps({"slug": entry.slug, "version": entry.version, "ok": entry.ok})
            for listener in self.listeners:
                listener.put(news)

    def listen(self) -> queue.Queue:
        listener: queue.Queue = queue.Queue()
        with self.lock:
            self.listeners.append(listener)
        return listener

    def forget(self, listener: queue.Queue) -> None:
        with self.lock:
            self.listeners.remove(listener)

    def output_file(self, slug: str, suffix: str) -> Path | None:
        path = self.output / f"{slug}{suffix}"
        return path if slug in self.entries and path.is_file() else None

    def state(self, slug: str) -> dict:
        """What the article page shows, as JSON for its script."""
        entry = self.entries[slug]
        pages = self.page_sizes(slug)
        return asdict(entry) | {"pages": pages, "epub_page": self.epub_page(slug),
                                "downloads": [f"{slug}{suffix}" for suffix in (".pdf", ".epub")
                                              if self.output_file(slug, suffix)]}

    def page_sizes(self, slug: str) -> list[list[int]]:
        """Each PDF page's image size in pixels (the page keeps its place while the image loads)."""
        pdf = self.open_pdf(slug)
        return [[round(page.get_width() * PAGE_DPI / 72), round(page.get_height() * PAGE_DPI / 72)]
                for page in pdf] if pdf is not None else []

    def open_pdf(self, slug: str):
        import pypdfium2 as pdfium
        path = self.output_file(slug, ".pdf")
        return pdfium.PdfDocument(path.read_bytes()) if path else None

    def page_image(self, slug: str, number: int) -> bytes | None:
        """Page `number` of the article's PDF as a PNG, made once per version of the PDF."""
        path = self.output_file(slug, ".pdf")
        if path is None:
            return None
        key = (slug, path.stat().st_mtime_ns, number)
        if key not in self.images:
            pdf = self.open_pdf(slug)
            if not 1 <= number <= len(pdf):
                return None
            image = pdf[number - 1].render(scale=PAGE_DPI / 72).to_pil()
            out = io.BytesIO()
            image.save(out, "PNG", compress_level=1)
            with self.lock:
                # Keep every article's current pages; drop this article's older versions.
                self.images = {k: v for k, v in self.images.items() if k[0] != slug or k[1] == key[1]}
                self.images[key] = out.getvalue()
        return self.images.get(key)

    def epub_page(self, slug: str) -> str:
        """The EPUB's article page (the first page of its spine), as a path inside the EPUB."""
        from handout.check.epub import open_epub
        path = self.output_file(slug, ".epub")
        if path is None:
            return ""
        pages = [name for name, _ in open_epub(path.read_bytes()).pages]
        return pages[0] if pages else ""

    def epub_file(self, slug: str, name: str) -> bytes | None:
        """A file inside the article's EPUB (its pages, styles and images), by its name in the zip."""
        path = self.output_file(slug, ".epub")
        if path is None:
            return None
        with zipfile.ZipFile(path) as archive:
            return archive.read(name) if name in archive.namelist() else None
