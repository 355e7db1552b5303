"""--serve: watch and rebuild as --watch does, and show the results in the browser, updated on
every save: the PDF's pages, the EPUB on an e-reader and a phone, the check summary, and the
problems of a failed build over the last good pages.

One port for everything (pages, files and the live-reload stream of server-sent events), on
127.0.0.1 unless --host says otherwise. The standard library's threading HTTP server is
enough for one editor's browser tabs, and adds no dependency; every script and style the page
uses is served from the project's own files (no CDN, no network)."""

from __future__ import annotations

import errno
import json
import mimetypes
import queue
import re
import sys
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from handout.preview import Preview
from handout.resources import STYLES, TEMPLATES

KEEPALIVE_S = 15  # a comment line this often keeps proxies from closing the event stream
STATIC = {"preview.js": (TEMPLATES / "preview" / "preview.js", "text/javascript"),
          "preview.css": (STYLES / "preview.css", "text/css")}
ARTICLE = re.compile(r"^/a/([^/]+)/(.*)$")


def serve(targets: list[Path], args, make_options, stop_event=None) -> int:
    """Serve the preview, then build and rebuild as --watch does until Ctrl-C (or `stop_event`)."""
    from handout.watch import watch
    preview = Preview(targets, Path(args.output))
    server = bind(args.host, args.port, preview)
    host, port = server.server_address[:2]
    if args.port and port != args.port:
        print(f"port {args.port} is busy; using {port}", file=sys.stderr, flush=True)
    print(f"Preview at http://{host}:{port}/", flush=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        return watch(targets, args, make_options, stop_event, on_report=preview.update)
    finally:
        server.shutdown()
        server.server_close()


def bind(host: str, port: int, preview: Preview) -> ThreadingHTTPServer:
    """The server on `port`, or on a free one when that is taken."""
    handler = type("Handler", (PreviewHandler,), {"preview": preview})
    try:
        server = ThreadingHTTPServer((host, port), handler)
    except OSError as failure:
        if failure.errno != errno.EADDRINUSE:
            raise
        server = ThreadingHTTPServer((host, 0), handler)
    server.daemon_threads = True
    return server


class PreviewHandler(BaseHTTPRequestHandler):
    """GET only: the pages, the article files, and the event stream."""

    preview: Preview
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # the terminal shows builds, not requests
        pass

    def do_GET(self):
        path = unquote(urlsplit(self.path).path)
        if path == "/":
            return self.index()
        if path == "/events":
            return self.events()
        if path.startswith("/_preview/") and path[10:] in STATIC:
            file, media_type = STATIC[path[10:]]
            return self.send(file.read_bytes(), media_type)
        match = ARTICLE.match(path)
        if match and match.group(1) in self.preview.entries:
            return self.article(match.group(1), match.group(2))
        self.send_error(HTTPStatus.NOT_FOUND)

    def index(self):
        entries = self.preview.entries
        if len(entries) == 1:
            return self.redirect(f"/a/{next(iter(entries))}/")
        from handout.render.html import render
        page = render("preview/index.html.j2", "", entries=list(entries.values()))
        self.send(page.encode("utf-8"), "text/html; charset=utf-8")

    def article(self, slug: str, rest: str):
        preview = self.preview
        if rest == "":
            from handout.render.html import render
            page = render("preview/page.html.j2", "", entry=preview.entries[slug], several=len(preview.entries) > 1)
            return self.send(page.encode("utf-8"), "text/html; charset=utf-8")
        if rest == "state.json":
            return self.send(json.dumps(preview.state(slug)).encode("utf-8"), "application/json")
        if page := re.fullmatch(r"page-(\d+)\.png", rest):
            return self.send_or_404(preview.page_image(slug, int(page.group(1))), "image/png")
        if rest in (f"{slug}.pdf", f"{slug}.epub"):
            file = preview.output_file(slug, Path(rest).suffix)
            return self.send_or_404(file.read_bytes() if file else None, mimetypes.guess_type(rest)[0])
        if rest.startswith("epub/"):
            name = rest[5:]
            media_type = "application/xhtml+xml" if name.endswith(".xhtml") else mimetypes.guess_type(name)[0]
            return self.send_or_404(preview.epub_file(slug, name), media_type or "application/octet-stream")
        self.send_error(HTTPStatus.NOT_FOUND)

    def events(self):
        """The live-reload stream: one `build` event per finished build, until the browser leaves."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        listener = self.preview.listen()
        try:
            self.wfile.write(b": connected\n\n")
            self.wfile.flush()
            while True:
                try:
                    news = listener.get(timeout=KEEPALIVE_S)
                    self.wfile.write(f"event: build\ndata: {news}\n\n".encode("utf-8"))
                except queue.Empty:
                    self.wfile.write(b": keep-alive\n\n")
                self.wfile.flush()
        except OSError:  # the browser closed the page
            pass
        finally:
            self.preview.forget(listener)
            self.close_connection = True

    def send_or_404(self, data: bytes | None, media_type: str):
        if data is None:
            return self.send_error(HTTPStatus.NOT_FOUND)
        self.send(data, media_type)

    def send(self, data: bytes, media_type: str):
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", media_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(data)

    def redirect(self, location: str):
        self.send_response(HTTPStatus.FOUND)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()
