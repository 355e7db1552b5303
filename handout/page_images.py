"""The preview's one door to pdfium: page sizes and page images, made in one worker process.

pdfium is not thread-safe: two threads in it at once corrupt its state or crash the process
(issue 26: a few concurrent requests made every later one fail, or killed the server). The
server answers each request in a thread of its own, and the build calls pdfium too, in the
server's main thread (the checks read the PDF). So the server's threads never call pdfium: they
queue here, one request at a time, for a worker process that does nothing else.

The worker is a plain child process (`python -m handout.page_images`) that reads requests on its
standard input and answers on its standard output: however the server ends, even killed, the
worker reads the end of its input and leaves; and no multiprocessing machinery is left behind."""

from __future__ import annotations

import pickle
import select
import signal
import struct
import subprocess
import sys
import threading
from pathlib import Path

WAIT_S = 60  # a page of a large handout renders in well under a second
HEADER = struct.Struct(">Q")  # each message: its length, then the pickled message


class WorkerFailed(Exception):
    """The worker died or did not answer in time: this request fails, the next starts a new one."""


class PdfWorker:
    """One worker process, called by one thread at a time; started on first use, and again if it died."""

    def __init__(self):
        self.lock = threading.Lock()
        self.process: subprocess.Popen | None = None

    def call(self, function, *args):
        with self.lock:
            if self.process is None or self.process.poll() is not None:
                self.process = subprocess.Popen([sys.executable, "-m", "handout.page_images"],
                                                stdin=subprocess.PIPE, stdout=subprocess.PIPE)
            try:
                send(self.process.stdin, (function.__name__, args))
                outcome, value = receive(self.process.stdout, WAIT_S)
            except (OSError, ValueError, EOFError, WorkerFailed) as failure:  # ValueError: a closed pipe
                self.stop()
                raise WorkerFailed(f"the page worker failed: {failure!r}") from None
            if outcome == "error":
                raise WorkerFailed(value)
            return value

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait()
            self.process = None

    def close(self) -> None:
        with self.lock:
            if self.process is not None:
                self.process.stdin.close()  # the worker reads the end of its input and leaves
                try:
                    self.process.wait(timeout=5)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
                self.process = None


def send(pipe, message) -> None:
    data = pickle.dumps(message)
    pipe.write(HEADER.pack(len(data)) + data)
    pipe.flush()


def receive(pipe, timeout: float | None = None):
    """One message from `pipe`; EOFError when the other side has gone, WorkerFailed after `timeout`."""
    if timeout is not None and not select.select([pipe], [], [], timeout)[0]:
        raise WorkerFailed(f"no answer in {timeout:.0f} s")
    header = pipe.read(HEADER.size)
    if len(header) < HEADER.size:
        raise EOFError
    data = pipe.read(HEADER.unpack(header)[0])
    return pickle.loads(data)  # only ever from our own process, on its own pipe


def page_sizes(pdf: Path, dpi: int) -> list[list[int]]:
    """Each page's image size in pixels at `dpi` (in the worker)."""
    import pypdfium2 as pdfium
    document = pdfium.PdfDocument(pdf.read_bytes())
    try:
        return [[round(page.get_width() * dpi / 72), round(page.get_height() * dpi / 72)] for page in document]
    finally:
        document.close()


def page_png(pdf: Path, number: int, dpi: int) -> bytes | None:
    """Page `number` (from 1) as a PNG at `dpi`, or None when the PDF has no such page (in the worker)."""
    import io

    import pypdfium2 as pdfium
    document = pdfium.PdfDocument(pdf.read_bytes())
    try:
        if not 1 <= number <= len(document):
            return None
        out = io.BytesIO()  # written before the document closes: the image shares pdfium's buffer
        document[number - 1].render(scale=dpi / 72).to_pil().save(out, "PNG", compress_level=1)
        return out.getvalue()
    finally:
        document.close()


WORK = {function.__name__: function for function in (page_sizes, page_png)}


def serve_requests() -> None:
    """The worker: answer requests one by one until the server closes our input (or is gone)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the server's to handle
    requests, answers = sys.stdin.buffer, sys.stdout.buffer
    while True:
        try:
            name, args = receive(requests)
        except EOFError:
            return
        try:
            send(answers, ("ok", WORK[name](*args)))
        except Exception as failure:  # a damaged PDF: that request fails, the worker stays
            send(answers, ("error", repr(failure)))


if __name__ == "__main__":
    serve_requests()
