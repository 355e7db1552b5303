"""What the preview server shows: each article's last good PDF pages as images, its EPUB page,
its check summary, reading grade, warnings and notes and the problems of its last build, and
the news of each rebuild for the browsers that listen (server-sent events). Reads only the
outputs the builds wrote; pdfium only through page_images.py's one worker."""

from __future__ import annotations

import json
import queue
import threading
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from handout.page_images import PdfWorker, page_png, page_sizes

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
    notes: list[dict] = field(default_factory=list)  # the warnings and notes: where, severity, message
    reading: dict | None = None  # the reading grade and hardest sentences, when the build measured them


class Preview:
    """The articles being previewed, their outputs, and the browsers waiting for news."""

    def __init__(self, targets: list[Path], output: Path):
        self.output = output
        self.entries = {path.stem: Entry(path.stem, str(path)) for path in targets}
        self.lock = threading.Lock()
        self.listeners: list[queue.Queue] = []
        self.images: dict[tuple, bytes] = {}
        self.measured: dict[str, tuple] = {}  # slug -> (PDF and EPUB versions, page sizes, EPUB page)
        self.worker = PdfWorker()

    def update(self, path: Path, report) -> None:
        """A build finished: keep its verdict and tell every listening browser."""
        from handout.report import summary_line
        with self.lock:
            entry = self.entries.setdefault(path.stem, Entry(path.stem, report.path))
            entry.version += 1
            entry.ok, entry.summary = report.ok, summary_line(report)
            entry.problems = [problem.format() for problem in report.problems]
            entry.notes = [shown_note(problem) for problem in report.problems if not problem.is_error]
            entry.reading = getattr(report, "reading", None)  # None from a build that did not measure it
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
        pages, epub_page = self.measure(slug)
        return asdict(entry) | {"pages": pages, "epub_page": epub_page,
                                "downloads": [f"{slug}{suffix}" for suffix in (".pdf", ".epub")
                                              if self.output_file(slug, suffix)]}

    def measure(self, slug: str) -> tuple[list[list[int]], str]:
        """Each PDF page's image size in pixels (the page keeps its place while the image loads),
        and the EPUB's article page; worked out once per version of the outputs."""
        pdf, epub = self.output_file(slug, ".pdf"), self.output_file(slug, ".epub")
        versions = tuple(path.stat().st_mtime_ns if path else None for path in (pdf, epub))
        known = self.measured.get(slug)
        if known and known[0] == versions:
            return known[1], known[2]
        pages = self.worker.call(page_sizes, pdf, PAGE_DPI) if pdf else []
        measured = (versions, pages, self.epub_page(slug))
        with self.lock:
            self.measured[slug] = measured
        return measured[1], measured[2]

    def page_image(self, slug: str, number: int) -> bytes | None:
        """Page `number` of the article's PDF as a PNG, made once per version of the PDF."""
        path = self.output_file(slug, ".pdf")
        if path is None:
            return None
        key = (slug, path.stat().st_mtime_ns, number)
        if key not in self.images:
            image = self.worker.call(page_png, path, number, PAGE_DPI)
            if image is None:
                return None
            with self.lock:
                # Keep every article's current pages; drop this article's older versions.
                self.images = {k: v for k, v in self.images.items() if k[0] != slug or k[1] == key[1]}
                self.images[key] = image
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

    def close(self) -> None:
        self.worker.close()


def shown_note(problem) -> dict:
    """A warning or note as the page lists it: where (file:line), its severity, its message."""
    where = f"{problem.path}:{problem.line}" if problem.line else problem.path
    return {"where": where, "severity": problem.severity, "message": problem.message}
