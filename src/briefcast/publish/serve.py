"""Serve the output folder over HTTP, the way podcast apps expect a host to answer.

For testing a show with a real podcast app on the local network: every file goes out with its
proper ``Content-Type`` (:func:`content_type`, shared with publishing), ``HEAD`` and single byte
ranges are answered (``206``/``416``), ``ETag``/``Last-Modified`` make conditional requests
cheap (``304``), and every file carries CORS headers so web players can fetch it. Only the
public files (:mod:`briefcast.show.public`) are served: records and other internal files are 404,
and nothing outside the output folder is reachable (dot-dot segments, encoded slashes, hidden
files and symlinks that lead out are refused).

The feed URL answers a browser with the show's page: a request that is a browser's top-level
navigation (``Sec-Fetch-Dest: document``, sent by Chromium, Firefox and Safari) and prefers
``text/html`` gets ``index.html`` (``Vary`` says so to caches); every other client (podcast
apps, feed readers, ``curl``) gets the feed as ``application/xml``.
"""

from __future__ import annotations

import email.utils
import hmac
import html
import ipaddress
import logging
import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import quote, unquote, urlsplit

from .. import __version__
from ..audio import formats
from ..errors import ServeError
from ..show import public, store
from ..show.layout import CHAPTERS_SUFFIX, FEED_NAME, PAGE_NAME

log = logging.getLogger(__name__)

CHUNK = 64 * 1024
# A host's limits: queued connections, simultaneous connections, and idle seconds.
BACKLOG = 256
MAX_CONNECTIONS = 256
IDLE_TIMEOUT = 20.0

# The one table of media types by file extension, for everything but episode audio (which
# takes its type from its format's own declaration); checked after the compound suffixes.
TYPES = {
    ".ogg": "audio/ogg",
    ".wav": "audio/wav",
    ".vtt": "text/vtt; charset=utf-8",
    ".srt": "application/x-subrip; charset=utf-8",
    ".json": "application/json",
    ".xml": "application/xml",
    ".xsl": "text/xsl; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".htm": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
    ".ico": "image/x-icon",
}

FEED_TYPE = "application/xml; charset=utf-8"


def content_type(name: str) -> str:
    """The ``Content-Type`` of a file of the output folder, by its name.

    ``feed.xml`` is ``application/xml``: every podcast app and directory takes it, and a
    browser then applies the feed's CSS stylesheet (``application/rss+xml`` makes Chromium show
    the XML as plain text, or offer a download). ``*.chapters.json`` is
    ``application/json+chapters`` (the Podcasting 2.0 chapters type); anything unknown is
    ``application/octet-stream``.
    """
    base = name.rsplit("/", 1)[-1].lower()
    if base == FEED_NAME:
        return FEED_TYPE
    if base.endswith(CHAPTERS_SUFFIX):
        return "application/json+chapters"
    fmt = formats.for_file(base)
    if fmt is not None:
        return fmt.mime
    return TYPES.get(os.path.splitext(base)[1], "application/octet-stream")


def accepts_html(accept: str) -> bool:
    """Whether an Accept header ranks ``text/html`` above every XML type (q-values)."""
    ranks: dict[str, float] = {}
    for part in accept.split(","):
        kind, *params = (p.strip() for p in part.split(";"))
        q = 1.0
        for param in params:
            if param.startswith("q="):
                try:
                    q = float(param[2:])
                except ValueError:
                    q = 0.0
        ranks[kind.lower()] = max(q, ranks.get(kind.lower(), 0.0))
    html_q = ranks.get("text/html", 0.0)
    xml_q = max(
        (
            ranks.get(k, 0.0)
            for k in ("application/rss+xml", "application/xml", "text/xml", "application/atom+xml")
        ),
        default=0.0,
    )
    return html_q > 0 and html_q > xml_q


def etag_of(st: os.stat_result) -> str:
    """A strong validator that changes whenever the file is rewritten (size, mtime, inode)."""
    return f'"{st.st_size:x}-{st.st_mtime_ns:x}-{st.st_ino:x}"'


@dataclass(frozen=True)
class ByteRange:
    """An inclusive byte range ``start``..``end`` of a file."""

    start: int
    end: int

    @property
    def length(self) -> int:
        """Number of bytes in the range."""
        return self.end - self.start + 1


class Unsatisfiable(Exception):
    """The requested range lies outside the file (answered with 416)."""


_DIGITS = re.compile(r"[0-9]*")
# Positions past any file: a longer number (a 5,000-digit one, say) counts as this large,
# rather than costing an int() conversion that Python refuses past 4,300 digits.
_MAX_DIGITS = 18


def _number(digits: str) -> int:
    """The value of a run of ASCII digits, capped at 10**18."""
    stripped = digits.lstrip("0") or "0"
    return int(stripped) if len(stripped) <= _MAX_DIGITS else 10**_MAX_DIGITS


def parse_range(header: str, size: int) -> ByteRange | None:
    """The single byte range that ``header`` asks of a ``size``-byte file.

    ``None`` means "send the whole file" (no header, a syntax this server ignores, or several
    ranges, which RFC 9110 lets a server answer with 200). Raises :class:`Unsatisfiable` when
    the range is valid but outside the file.
    """
    unit, _, spec = header.strip().partition("=")
    if unit.strip().lower() != "bytes" or not spec or "," in spec:
        return None
    first, dash, last = spec.strip().partition("-")
    first, last = first.strip(), last.strip()
    # ASCII digits only: str.isdigit() also takes "²" and "¹", which int() refuses.
    if not dash or not _DIGITS.fullmatch(first) or not _DIGITS.fullmatch(last):
        return None
    if first == "":
        if last == "":
            return None
        suffix = _number(last)
        if suffix == 0 or size == 0:
            raise Unsatisfiable
        return ByteRange(max(0, size - suffix), size - 1)
    start = _number(first)
    if last and _number(last) < start:
        return None
    if start >= size:
        raise Unsatisfiable
    end = _number(last) if last else size - 1
    return ByteRange(start, min(end, size - 1))


class Refused(Exception):
    """A request path that must not be served; carries the status to answer with."""

    def __init__(self, status: HTTPStatus) -> None:
        super().__init__(status.phrase)
        self.status = status


def resolve_path(root: Path, raw_path: str) -> Path:
    """The file or folder inside ``root`` that the request path ``raw_path`` names.

    Raises :class:`Refused` (400 or 404) for anything that could lead outside ``root``: encoded
    slashes or backslashes, NUL bytes, ``.``/``..`` segments, hidden (dot) names, and symlinks
    that resolve outside the folder.
    """
    path = urlsplit(raw_path).path if "://" in raw_path else raw_path.split("?", 1)[0]
    path = path.split("#", 1)[0]
    lowered = path.lower()
    if not path.startswith("/") or any(bad in lowered for bad in ("%2f", "%5c", "%00")):
        raise Refused(HTTPStatus.BAD_REQUEST)
    decoded = unquote(path, errors="strict") if "%" in path else path
    if "\\" in decoded or "\x00" in decoded:
        raise Refused(HTTPStatus.BAD_REQUEST)
    parts = [p for p in decoded.split("/") if p]
    for part in parts:
        if part in (".", "..") or part.startswith("."):
            raise Refused(HTTPStatus.NOT_FOUND)
    real_root = os.path.realpath(root)
    target = os.path.realpath(os.path.join(real_root, *parts))
    if target != real_root and not target.startswith(real_root + os.sep):
        raise Refused(HTTPStatus.NOT_FOUND)
    return Path(target)


class ShowRequestHandler(BaseHTTPRequestHandler):
    """Answers GET, HEAD and OPTIONS for the files of one output folder."""

    protocol_version = "HTTP/1.1"
    # Seconds a connection may sit silent (between requests, or mid-request) before it closes.
    timeout = IDLE_TIMEOUT
    server_version = f"briefcast/{__version__}"
    sys_version = ""
    root: Path = Path(".")
    # A private show's "<token>/": only paths under it are answered.
    prefix: str = ""

    # -- plumbing -------------------------------------------------------------------------
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        """Request lines go to the log (shown with -v), not straight to stderr."""
        log.info("%s %s", self.address_string(), format % args)

    def _plain(
        self, status: HTTPStatus, extra: dict[str, str] | None = None, body: bool = True
    ) -> None:
        """A short text/plain answer (errors, 304, 416, preflight)."""
        text = (
            b""
            if status in (HTTPStatus.NOT_MODIFIED, HTTPStatus.NO_CONTENT)
            else f"{status.value} {status.phrase}\n".encode()
        )
        self.send_response(status)
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        if text:
            self.send_header("Content-Type", "text/plain; charset=utf-8")
        if status not in (HTTPStatus.NOT_MODIFIED, HTTPStatus.NO_CONTENT):
            self.send_header("Content-Length", str(len(text)))
        self.end_headers()
        if body and self.command != "HEAD" and text:
            self.wfile.write(text)

    def _refuse(self, status: HTTPStatus) -> None:
        self.close_connection = True
        self._plain(status)

    def handle_one_request(self) -> None:
        """Wait for a request (idle, so the server may close this connection for room)."""
        server = self.server
        if isinstance(server, ShowServer):
            server.mark(self.request, busy=False)
        super().handle_one_request()

    def parse_request(self) -> bool:
        """A request line arrived: busy until it is answered."""
        server = self.server
        if isinstance(server, ShowServer):
            server.mark(self.request, busy=True)
        return super().parse_request()

    # -- methods --------------------------------------------------------------------------
    def do_GET(self) -> None:  # noqa: N802 - stdlib naming
        """Send a file, a byte range of it, or a folder's page."""
        self._serve(send_body=True)

    def do_HEAD(self) -> None:  # noqa: N802 - stdlib naming
        """The headers a GET would send, without the body."""
        self._serve(send_body=False)

    def do_OPTIONS(self) -> None:  # noqa: N802 - stdlib naming
        """A CORS preflight: any origin may GET or HEAD, with range and validator headers."""
        if self._unprefixed() is None:
            self._refuse(HTTPStatus.NOT_FOUND)
            return
        self._plain(
            HTTPStatus.NO_CONTENT,
            {
                "Allow": "GET, HEAD, OPTIONS",
                "Access-Control-Allow-Origin": "*",
                "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
                "Access-Control-Allow-Headers": "Range, If-None-Match, If-Modified-Since",
                "Access-Control-Max-Age": "86400",
            },
        )

    def _not_allowed(self) -> None:
        self.close_connection = True
        self._plain(HTTPStatus.METHOD_NOT_ALLOWED, {"Allow": "GET, HEAD, OPTIONS"})

    do_POST = do_PUT = do_DELETE = do_PATCH = _not_allowed  # noqa: N815

    # -- the work -------------------------------------------------------------------------
    def _unprefixed(self) -> str | None:
        """The request path without the private token prefix (None: not under it)."""
        if not self.prefix:
            return self.path
        head = "/" + self.prefix
        given = self.path[: len(head)]
        if len(given) != len(head) or not hmac.compare_digest(given.encode(), head.encode()):
            return None
        return "/" + self.path[len(head) :]

    def _serve(self, send_body: bool) -> None:
        path = self._unprefixed()
        if path is None:
            log.info("refused %s outside the private path", self.command)
            self._refuse(HTTPStatus.NOT_FOUND)
            return
        try:
            target = resolve_path(self.root, path)
        except (Refused, UnicodeDecodeError) as exc:
            status = exc.status if isinstance(exc, Refused) else HTTPStatus.BAD_REQUEST
            log.info("refused %s %r (%s)", self.command, self.path, status.phrase)
            self._refuse(status)
            return
        if target.is_file() and not public.is_public(self._key(target)):
            # Records, covered.json, speaking-rates.json...: internal, as if absent.
            log.info("refused %s %r (internal file)", self.command, self.path)
            self._plain(HTTPStatus.NOT_FOUND)
            return
        if target.is_file() and public.is_withheld(self.root, self._key(target), store.utcnow()):
            log.info("refused %s %r (scheduled for later)", self.command, self.path)
            self._plain(HTTPStatus.NOT_FOUND)
            return
        if (
            target.name == FEED_NAME
            and self._wants_page()
            and (target.parent / PAGE_NAME).is_file()
        ):
            target = target.parent / PAGE_NAME
        # The path alone: an absolute-form request ("GET http://evil.example/x") names a
        # host, and a redirect must never lead there.
        request_path = urlsplit(self.path).path if "://" in self.path else self.path
        request_path = request_path.split("?", 1)[0]
        if target.is_file() and request_path.endswith("/"):
            self._plain(HTTPStatus.NOT_FOUND)  # "feed.xml/" is no file's name
            return
        if target.is_dir():
            if not request_path.endswith("/"):
                location = "/" + request_path.lstrip("/") + "/"
                self._plain(HTTPStatus.MOVED_PERMANENTLY, {"Location": location})
                return
            page = target / PAGE_NAME
            if page.is_file():
                target = page
            else:
                self._listing(target, send_body)
                return
        try:
            handle = open(target, "rb")  # noqa: SIM115 - closed below
        except OSError:
            self._plain(HTTPStatus.NOT_FOUND)
            return
        with handle:
            self._send_file(handle, target, send_body)

    def _key(self, target: Path) -> str:
        """``target``'s path relative to the output folder, ``/``-separated."""
        return target.relative_to(os.path.realpath(self.root)).as_posix()

    def _wants_page(self) -> bool:
        """Whether this request is a browser opening the feed URL as a page.

        Only top-level navigations carry ``Sec-Fetch-Dest: document``; podcast apps, even
        those that send a browser-like Accept header, do not, so they always get the feed.
        """
        if self.headers.get("Sec-Fetch-Dest", "").lower() != "document":
            return False
        return accepts_html(self.headers.get("Accept", ""))

    def _send_file(self, handle: BinaryIO, target: Path, send_body: bool) -> None:
        st = os.fstat(handle.fileno())
        size = st.st_size
        ctype = content_type(target.name)
        etag = etag_of(st)
        last_modified = email.utils.formatdate(st.st_mtime, usegmt=True)
        common = {
            "ETag": etag,
            "Last-Modified": last_modified,
            "Accept-Ranges": "bytes",
            "Cache-Control": "no-cache",
        }
        if self.prefix:
            # A private show: nothing of it belongs in a search engine, pages or not.
            common["X-Robots-Tag"] = "noindex, nofollow"
        if target.name in (FEED_NAME, PAGE_NAME):
            # The feed URL answers browsers with the page: caches must keep the two apart.
            common["Vary"] = "Accept, Sec-Fetch-Dest"
        # Web players on other origins fetch all of it: audio, cover, transcripts, chapters,
        # the feed (Web Audio and canvas need CORS for media and images too).
        common["Access-Control-Allow-Origin"] = "*"
        common["Access-Control-Expose-Headers"] = (
            "Content-Length, Content-Range, Accept-Ranges, ETag, Last-Modified"
        )
        if self._not_modified(etag, st.st_mtime):
            self._plain(HTTPStatus.NOT_MODIFIED, common)
            return
        byte_range: ByteRange | None = None
        range_header = self.headers.get("Range")
        if range_header and self._if_range_holds(etag, st.st_mtime):
            try:
                byte_range = parse_range(range_header, size)
            except Unsatisfiable:
                self._plain(
                    HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE,
                    {**common, "Content-Range": f"bytes */{size}"},
                )
                return
        if byte_range is None:
            self.send_response(HTTPStatus.OK)
            start, length = 0, size
        else:
            self.send_response(HTTPStatus.PARTIAL_CONTENT)
            self.send_header("Content-Range", f"bytes {byte_range.start}-{byte_range.end}/{size}")
            start, length = byte_range.start, byte_range.length
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(length))
        for key, value in common.items():
            self.send_header(key, value)
        self.end_headers()
        if send_body:
            self._copy(handle, start, length)

    def _copy(self, handle: BinaryIO, start: int, length: int) -> None:
        handle.seek(start)
        left = length
        try:
            while left > 0:
                chunk = handle.read(min(CHUNK, left))
                if not chunk:
                    break
                self.wfile.write(chunk)
                left -= len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            # Podcast apps often drop a download once they have the bytes they wanted.
            self.close_connection = True

    def _not_modified(self, etag: str, mtime: float) -> bool:
        """RFC 9110 conditional GET: If-None-Match wins over If-Modified-Since."""
        inm = self.headers.get("If-None-Match")
        if inm is not None:
            tags = [t.strip() for t in inm.split(",")]
            return "*" in tags or any(t.removeprefix("W/") == etag for t in tags)
        ims = self.headers.get("If-Modified-Since")
        if ims:
            try:
                since = email.utils.parsedate_to_datetime(ims).timestamp()
            except (TypeError, ValueError, IndexError, OverflowError):
                return False
            return int(mtime) <= since
        return False

    def _if_range_holds(self, etag: str, mtime: float) -> bool:
        """Whether a Range request may be honoured: no If-Range, or it matches the file."""
        if_range = self.headers.get("If-Range")
        if not if_range:
            return True
        if_range = if_range.strip()
        if if_range.startswith(('"', "W/")):
            return if_range == etag
        try:
            return int(mtime) == int(email.utils.parsedate_to_datetime(if_range).timestamp())
        except (TypeError, ValueError, IndexError, OverflowError):
            return False

    def _listing(self, folder: Path, send_body: bool) -> None:
        """A plain page of a folder's visible entries (only ever inside the output folder)."""
        rel = folder.relative_to(os.path.realpath(self.root)).as_posix()
        title = html.escape("/" if rel == "." else f"/{rel}/")
        rows = []
        for entry in sorted(folder.iterdir(), key=lambda p: (not p.is_dir(), p.name)):
            if entry.name.startswith(".") or (
                entry.is_file() and not public.is_public(self._key(entry))
            ):
                continue
            try:
                resolve_path(self.root, "/" + quote(self._key(entry)))
            except Refused:
                continue  # a link out of the show: not served, so not listed
            name = entry.name + ("/" if entry.is_dir() else "")
            rows.append(f'<li><a href="{quote(name)}">{html.escape(name)}</a></li>')
        body = (
            f'<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>{title}</title>'
            f"</head><body><h1>{title}</h1><ul>\n" + "\n".join(rows) + "\n</ul></body></html>\n"
        ).encode("utf-8")
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        if send_body:
            self.wfile.write(body)


class ShowServer(ThreadingHTTPServer):
    """A threading HTTP server bound to one output folder, with a host's limits.

    A listen backlog of :data:`BACKLOG` (a crowd of podcast apps connecting at once queues
    instead of timing out), an idle timeout on every connection, and at most
    :data:`MAX_CONNECTIONS` open at a time: beyond that the connection idle the longest is
    closed to make room (idle keep-alive sockets cannot exhaust the threads), and when every
    one is busy the newcomer gets ``503`` with ``Retry-After``.
    """

    daemon_threads = True
    # Quick restarts of `briefcast serve` must not fail on a port in TIME_WAIT.
    allow_reuse_address = True
    request_queue_size = BACKLOG

    def __init__(
        self,
        root: Path,
        host: str,
        port: int,
        prefix: str = "",
        max_connections: int = MAX_CONNECTIONS,
    ) -> None:
        handler = type(
            "BoundShowRequestHandler", (ShowRequestHandler,), {"root": root, "prefix": prefix}
        )
        if ":" in host:
            self.address_family = socket.AF_INET6
        self.max_connections = max_connections
        self._connections: dict[socket.socket, float] = {}  # socket -> idle since (0: busy)
        self._guard = threading.Lock()
        super().__init__((host, port), handler)
        self.root = root

    # -- the connection cap ----------------------------------------------------------------
    def process_request(self, request: Any, client_address: Any) -> None:
        """Start a thread for the connection, making room first when at the cap."""
        with self._guard:
            if len(self._connections) >= self.max_connections:
                self._close_idle_locked()
            full = len(self._connections) >= self.max_connections
            if not full:
                self._connections[request] = time.monotonic()
        if full:
            log.warning(
                "%d connections are busy; refusing a new one with 503", self.max_connections
            )
            try:
                request.sendall(
                    b"HTTP/1.1 503 Service Unavailable\r\nRetry-After: 5\r\n"
                    b"Content-Length: 0\r\nConnection: close\r\n\r\n"
                )
            except OSError:
                pass
            self.shutdown_request(request)
            return
        super().process_request(request, client_address)

    def _close_idle_locked(self) -> None:
        """Close the connection that has been idle the longest (a keep-alive socket)."""
        idle = [(since, sock) for sock, since in self._connections.items() if since]
        if not idle:
            return
        _, oldest = min(idle, key=lambda pair: pair[0])
        self._connections.pop(oldest, None)
        try:
            # Wakes its thread from reading the next request line: it ends at once.
            oldest.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass

    def mark(self, request: Any, busy: bool) -> None:
        """A handler says it is working on a request (busy) or waiting for the next one."""
        with self._guard:
            if request in self._connections:
                self._connections[request] = 0.0 if busy else time.monotonic()

    def shutdown_request(self, request: Any) -> None:
        """Forget the connection, then close it."""
        with self._guard:
            self._connections.pop(request, None)
        super().shutdown_request(request)

    @property
    def open_connections(self) -> int:
        """How many connections are open."""
        with self._guard:
            return len(self._connections)

    @property
    def port(self) -> int:
        """The port actually bound (useful when 0 was asked for)."""
        return int(self.server_address[1])


def make_server(
    root: Path, host: str = "127.0.0.1", port: int = 8000, prefix: str = ""
) -> ShowServer:
    """A server for the output folder ``root``, bound but not yet serving.

    ``prefix`` (a private show's ``"<token>/"``) is the only path under which it answers.
    """
    if not root.is_dir():
        raise ServeError(
            f"output folder {root} does not exist: build an episode first "
            f"(briefcast build) or pass --out"
        )
    try:
        return ShowServer(root.resolve(), host, port, prefix)
    except OSError as exc:
        raise ServeError(
            f"cannot listen on {host}:{port}: {exc.strerror or exc}; choose "
            f"another --port or --host"
        ) from exc


@contextmanager
def serving(
    root: Path, host: str = "127.0.0.1", port: int = 0, prefix: str = ""
) -> Iterator[ShowServer]:
    """Serve ``root`` from a background thread for the length of the block."""
    server = make_server(root, host, port, prefix)
    thread = threading.Thread(target=server.serve_forever, name="briefcast-serve", daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def public_host(host: str) -> str:
    """The host name a listener would use for a server bound to ``host``."""
    if host in ("", "0.0.0.0", "::"):
        try:
            return socket.gethostbyname(socket.gethostname())
        except OSError:
            return "localhost"
    return host


def served_url(host: str, port: int) -> str:
    """The base URL at which a server bound to ``host``:``port`` is reached."""
    name = public_host(host)
    if ":" in name:
        name = f"[{name}]"
    return f"http://{name}:{port}/"


def _local_addresses(host: str) -> set[str]:
    """Addresses a server bound to ``host`` answers on (best effort, no network traffic)."""
    if host in ("", "0.0.0.0", "::"):
        names = {"localhost", socket.gethostname(), socket.getfqdn()}
        found = {"127.0.0.1", "::1"}
        for name in names:
            try:
                found.update(str(info[4][0]) for info in socket.getaddrinfo(name, None))
            except OSError:
                continue
        return found
    return {host}


def _is_loopback(address: str) -> bool:
    try:
        return ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


def base_url_mismatch(base_url: str, host: str, port: int) -> str:
    """Why the show's ``base_url`` is not where it is being served ("" when it matches).

    The feed's enclosure URLs are built from ``base_url``, so a podcast app that subscribes
    here would otherwise download from somewhere else (or nowhere).
    """
    parts = urlsplit(base_url)
    served = served_url(host, port)
    if parts.scheme != "http":
        return (
            f"show.base_url {base_url} is {parts.scheme}://, but this server speaks plain "
            f"http at {served}; episode links in the feed will not point here"
        )
    if (parts.port or 80) != port:
        return (
            f"show.base_url {base_url} names port {parts.port or 80}, but the show is served "
            f"on port {port}; set base_url to {served} or use --port {parts.port or 80}"
        )
    if parts.path not in ("", "/"):
        return (
            f"show.base_url {base_url} has the path {parts.path}, but the output folder is "
            f"served at the root of {served}"
        )
    name = (parts.hostname or "").lower()
    try:
        wanted = {str(info[4][0]) for info in socket.getaddrinfo(name, None)}
    except OSError:
        wanted = {name}
    mine = _local_addresses(host)
    if host in ("", "0.0.0.0", "::") and all(map(_is_loopback, wanted)):
        return (
            f"show.base_url {base_url} is this computer's loopback name: apps on other "
            f"devices cannot reach it. Set show.base_url (or BRIEFCAST_BASE_URL) to {served}"
        )
    if wanted & mine or (all(map(_is_loopback, wanted)) and any(map(_is_loopback, mine))):
        return ""
    return (
        f"show.base_url {base_url} does not point at this server ({served}); podcast apps "
        f"will fetch episodes from {name}. Set show.base_url (or BRIEFCAST_BASE_URL) to "
        f"{served} to test here"
    )
