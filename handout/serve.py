"""--serve: watch and rebuild as --watch does, and show the results in the browser, updated on
every save: the PDF's pages, the EPUB on an e-reader and a phone, the check summary, and the
problems of a failed build over the last good pages.

One port for everything (pages, files and the live-reload stream of server-sent events), on
127.0.0.1 unless --host says otherwise. The standard library's threading HTTP server is
enough for one editor's browser tabs, and adds no dependency; every script and style the page
uses is served from the project's own files (no CDN, no network)."""

from __future__ import annotations

import errno
import ipaddress
import json
import mimetypes
import queue
import re
import socket
import sys
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from handout.preview import Preview
from handout.resources import STYLES, TEMPLATES

KEEPALIVE_S = 15  # a comment line this often keeps proxies from closing the event stream
IDLE_S = 30  # a connection that sends nothing for this long is closed (each one holds a thread)
STATIC = {"preview.js": (TEMPLATES / "preview" / "preview.js", "text/javascript"),
          "preview.css": (STYLES / "preview.css", "text/css")}
ARTICLE = re.compile(r"^/a/([^/]+)/(.*)$")
PAGE = re.compile(r"page-([1-9][0-9]{0,4})\.png")  # up to page 99999: no 5,000-digit number is parsed
LOOPBACK = ("localhost", "127.0.0.1", "[::1]")
WILDCARDS = ("0.0.0.0", "::", "")

# Content-Security-Policy, by what is sent. The preview page runs only its own script; an EPUB's
# pages and images (an SVG may hold <script>) run none; everything else is data, never a page.
PAGE_POLICY = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
               "frame-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
EPUB_PAGE_POLICY = ("default-src 'self'; script-src 'none'; object-src 'none'; style-src 'self' 'unsafe-inline'; "
                    "img-src 'self' data:; font-src 'self'; base-uri 'none'; form-action 'none'; "
                    "frame-ancestors 'self'")
DATA_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'self'; sandbox"


class ServeError(Exception):
    """The server cannot start (an address it cannot listen on): one line for the terminal."""


def serve(targets: list[Path], args, make_options, stop_event=None) -> int:
    """Serve the preview, then build and rebuild as --watch does until Ctrl-C (or `stop_event`)."""
    from handout.watch import watch
    preview = Preview(targets, Path(args.output))
    server = bind(args.host, args.port, preview)  # or ServeError, before anything is built
    host, port = server.server_address[:2]
    if args.port and port != args.port:
        print(f"port {args.port} is busy; using {port}", file=sys.stderr, flush=True)
    print(f"Preview at http://{bracketed(host)}:{port}/", flush=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        return watch(targets, args, make_options, stop_event, on_report=preview.update)
    finally:
        server.shutdown()
        server.server_close()
        preview.close()


def bind(host: str, port: int, preview: Preview) -> ThreadingHTTPServer:
    """The server on `port`, or on a free one when that is taken."""
    handler = type("Handler", (PreviewHandler,), {"preview": preview})
    server_class = type("Server", (ThreadingHTTPServer,),
                        {"address_family": socket.AF_INET6 if ":" in host else socket.AF_INET,
                         "daemon_threads": True})
    try:
        try:
            server = server_class((host, port), handler)
        except OSError as failure:
            if failure.errno != errno.EADDRINUSE:
                raise
            server = server_class((host, 0), handler)
    except OSError as failure:  # no such address here, a name that does not resolve, a port not ours
        reason = failure.strerror or str(failure)
        raise ServeError(f"--host {host} --port {port}: cannot listen there ({reason}); "
                         "the default, 127.0.0.1, is this machine only") from None
    handler.hosts = allowed_hosts(host, server.server_address[1])
    handler.any_address = host in WILDCARDS
    return server


def bracketed(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def allowed_hosts(host: str, port: int) -> frozenset[str]:
    """The Host headers the preview answers: this machine's loopback names and the --host given,
    with the port (a page on another site reaching the preview through DNS rebinding sends its
    own name, and is refused)."""
    names = {*LOOPBACK, bracketed(host).lower()}
    if host in WILDCARDS:  # open to the network: a colleague may use this machine's name
        names |= {socket.gethostname().lower()}
    return frozenset(f"{name}:{port}" for name in names) | (frozenset(names) if port == 80 else frozenset())


def host_allowed(header: str | None, hosts: frozenset[str], any_address: bool) -> bool:
    """Whether a request's Host header names this server. Bound to every address, any IP
    address with the port is allowed too: a rebinding page can only send a name, never an IP."""
    if not header:
        return False
    header = header.strip().lower()
    if header in hosts:
        return True
    if not any_address:
        return False
    name, _, port = header.rpartition(":")
    try:
        ipaddress.ip_address(name.removeprefix("[").removesuffix("]"))
    except ValueError:
        return False
    return any(allowed.endswith(f":{port}") for allowed in hosts)


class PreviewHandler(BaseHTTPRequestHandler):
    """GET and HEAD only: the pages, the article files, and the event stream."""

    preview: Preview
    hosts: frozenset[str] = frozenset()
    any_address = False
    protocol_version = "HTTP/1.1"
    timeout = IDLE_S  # the socket's timeout: an idle connection is closed, its thread freed
    policy = DATA_POLICY
    head_only = False

    def log_message(self, format, *args):  # the terminal shows builds, not requests
        pass

    def end_headers(self):
        """Every response: its Content-Security-Policy, and no guessing of its type by the browser."""
        self.send_header("Content-Security-Policy", self.policy)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        super().end_headers()

    def do_HEAD(self):
        self.answer(head_only=True)

    def do_GET(self):
        self.answer(head_only=False)

    def answer(self, head_only: bool):
        self.policy, self.head_only = DATA_POLICY, head_only  # one handler serves a connection's requests
        if not host_allowed(self.headers.get("Host"), self.hosts, self.any_address):
            return self.send_text(HTTPStatus.MISDIRECTED_REQUEST, "this preview answers only at "
                                  + " or ".join(sorted(f"http://{host}/" for host in self.hosts if ":" in host)))
        try:
            self.route(unquote(urlsplit(self.path).path))
        except (BrokenPipeError, ConnectionResetError):  # the browser left: nothing to answer
            self.close_connection = True
        except Exception as failure:  # a bug of ours: one line on the terminal, a 500 to the browser
            print(f"preview: internal error on {self.path[:200]}: {failure!r}", file=sys.stderr, flush=True)
            self.close_connection = True
            try:
                self.send_error(HTTPStatus.INTERNAL_SERVER_ERROR)
            except OSError:
                pass

    def route(self, path: str):
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
        self.policy = PAGE_POLICY
        self.send(page.encode("utf-8"), "text/html; charset=utf-8")

    def article(self, slug: str, rest: str):
        preview = self.preview
        if rest == "":
            from handout.render.html import render
            page = render("preview/page.html.j2", "", entry=preview.entries[slug], several=len(preview.entries) > 1)
            self.policy = PAGE_POLICY
            return self.send(page.encode("utf-8"), "text/html; charset=utf-8")
        if rest == "state.json":
            return self.send(json.dumps(preview.state(slug)).encode("utf-8"), "application/json")
        if page := PAGE.fullmatch(rest):
            return self.send_or_404(preview.page_image(slug, int(page.group(1))), "image/png")
        if rest in (f"{slug}.pdf", f"{slug}.epub"):
            file = preview.output_file(slug, Path(rest).suffix)
            return self.send_or_404(file.read_bytes() if file else None, mimetypes.guess_type(rest)[0],
                                    download=rest)
        if rest.startswith("epub/"):
            name = rest[5:]
            if name.endswith((".xhtml", ".css")):
                self.policy = EPUB_PAGE_POLICY  # the frames show the EPUB's pages with its styles, fonts, images
            media_type = "application/xhtml+xml" if name.endswith(".xhtml") else mimetypes.guess_type(name)[0]
            return self.send_or_404(preview.epub_file(slug, name), media_type or "application/octet-stream")
        self.send_error(HTTPStatus.NOT_FOUND)

    def events(self):
        """The live-reload stream: one `build` event per finished build, until the browser leaves."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        if self.head_only:
            self.close_connection = True
            return
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

    def send_or_404(self, data: bytes | None, media_type: str, download: str = ""):
        if data is None:
            return self.send_error(HTTPStatus.NOT_FOUND)
        self.send(data, media_type, download)

    def send(self, data: bytes, media_type: str, download: str = ""):
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", media_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        if download:
            self.send_header("Content-Disposition", f'attachment; filename="{download}"')
        self.end_headers()
        if not self.head_only:
            self.wfile.write(data)

    def send_text(self, status: HTTPStatus, text: str):
        body = f"{status.value} {status.phrase}: {text}\n".encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "text/plain; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Connection", "close")
        self.close_connection = True
        self.end_headers()
        if not self.head_only:
            self.wfile.write(body)

    def redirect(self, location: str):
        self.send_response(HTTPStatus.FOUND)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()
