"""Fetching articles over HTTP from a server the test starts on 127.0.0.1.

Each failure (404, a type that is not HTML, a body over the limit, a server that never answers,
a refused connection, a name that does not resolve, endless redirects) must give one clear
ReadError, and through the CLI one ``Error:`` line, within the configured timeout.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from click.testing import CliRunner
from http_helpers import serving_handler

from briefcast.cli import cli
from briefcast.errors import ReadError
from briefcast.reading.fetch import FetchLimits, fetch
from briefcast.reading.read import ReadOptions, read_article

DATA = Path(__file__).parent / "data"
PAGE = (DATA / "read_courier_page.html").read_bytes()
LIMITS = FetchLimits(timeout=1.0, max_bytes=64 * 1024, max_redirects=3)


class Handler(BaseHTTPRequestHandler):
    """Serves the fixture page and every kind of failure, by path."""

    release: threading.Event

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet tests
        pass

    def _send(self, status: int, ctype: str, body: bytes, length: int | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        path = self.path
        if path == "/article":
            self._send(200, "text/html; charset=utf-8", PAGE)
        elif path == "/article.txt":
            self._send(
                200, "text/plain; charset=utf-8", (DATA / "read_wrapped_email.txt").read_bytes()
            )
        elif path == "/missing":
            self._send(404, "text/html", b"<html><body><p>Not found</p></body></html>")
        elif path == "/photo.png":
            self._send(200, "image/png", b"\x89PNG\r\n\x1a\n" + b"x" * 200)
        elif path == "/huge-declared":
            self._send(200, "text/html", b"<html>", length=10 * 1024 * 1024)
        elif path == "/huge-streamed":
            # No Content-Length: the size is only found out while reading.
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(40):
                try:
                    self.wfile.write(b"<p>" + b"word " * 1000 + b"</p>\n")
                except (BrokenPipeError, ConnectionResetError):
                    return
        elif path == "/never":
            self.release.wait(10)  # holds the request open without answering
        elif path.startswith("/hop/"):
            n = int(path.rsplit("/", 1)[1])
            self.send_response(302)
            self.send_header("Location", "/article" if n == 0 else f"/hop/{n - 1}")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.send_header("Content-Length", "0")
            self.end_headers()
        else:
            self._send(500, "text/plain", b"unexpected")


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    """A threaded HTTP server on 127.0.0.1, shut down (and any held request released) after."""
    release = threading.Event()
    handler = type("BoundHandler", (Handler,), {"release": release})
    with serving_handler(handler) as base:
        try:
            yield base
        finally:
            release.set()


def test_url_is_fetched_and_read(server: str) -> None:
    """A page served over HTTP is read like the file: title, author, sections, language."""
    article = read_article(f"{server}/article", options=ReadOptions(limits=LIMITS))
    assert article.title == "Harbour towns bet on tidal power"
    assert article.byline == "Maria Okafor"
    assert [s.title for s in article.sections] == ["", "Why tidal, why now?", "The objections"]
    assert article.language == "en-gb"
    body = " ".join(p for s in article.sections for p in s.paragraphs)
    assert "Boatland" not in body and "cookies" not in body


def test_redirects_are_followed_up_to_the_limit(server: str) -> None:
    """Two redirects are followed (the final address is kept); an endless loop is refused."""
    page = fetch(f"{server}/hop/2", LIMITS)
    assert page.final_url.endswith("/article")
    with pytest.raises(ReadError, match="more than 3 redirects"):
        fetch(f"{server}/loop", LIMITS)


def test_plain_text_url_is_read_as_text(server: str) -> None:
    """A text/plain article is read with the plain-text reader, keeping the URL as its address."""
    article = read_article(f"{server}/article.txt", options=ReadOptions(limits=LIMITS))
    assert article.title == "Harbour board approves dredging plan"
    assert article.source_url == f"{server}/article.txt"


@pytest.mark.parametrize(
    "path,message",
    [
        ("/missing", "the server answered 404 Not Found"),
        ("/photo.png", "it is image/png, not an HTML page, a text article or another kind"),
        ("/huge-declared", "too large (10485760 bytes; the limit is 65536)"),
        ("/huge-streamed", "too large (over 65536 bytes)"),
        ("/never", "no answer within 1 s"),
    ],
)
def test_each_failure_is_one_clear_error_within_the_timeout(
    server: str, path: str, message: str
) -> None:
    """404, not HTML, too large (declared or streamed) and no answer each raise one ReadError."""
    start = time.monotonic()
    with pytest.raises(ReadError) as info:
        fetch(server + path, LIMITS)
    assert message in str(info.value)
    assert server + path in str(info.value)
    assert time.monotonic() - start < LIMITS.timeout + 1.0


def test_refused_connection() -> None:
    """A port where nothing listens gives a "refused" error."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(ReadError, match="refused"):
        fetch(f"http://127.0.0.1:{port}/", LIMITS)


def test_unresolvable_host(monkeypatch: pytest.MonkeyPatch) -> None:
    """A host name that does not resolve gives a DNS error (resolution is faked: no network)."""

    def no_dns(*args: object, **kwargs: object) -> None:
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", no_dns)
    with pytest.raises(ReadError, match=r"could not be resolved \(DNS\)"):
        fetch("http://no-such-host.invalid/story", LIMITS)


@pytest.mark.parametrize("path", ["/missing", "/photo.png", "/huge-streamed", "/never"])
def test_cli_prints_one_error_line(server: str, path: str, tmp_path: Path) -> None:
    """`briefcast script URL` reports a fetch failure as one "Error:" line and exit code 1."""
    cfg = tmp_path / "briefcast.toml"
    cfg.write_text("[read]\ntimeout = 1.0\nmax_bytes = 65536\n", encoding="utf-8")
    start = time.monotonic()
    result = CliRunner().invoke(cli, ["script", server + path, "--config", str(cfg)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: cannot ")
    assert "Traceback" not in result.output
    assert time.monotonic() - start < 3.0


class Trickler(BaseHTTPRequestHandler):
    """Answers slowly or oddly: a body or headers one byte every 0.1 s, or a 200 KB header."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet tests
        pass

    def _trickle(self, data: bytes) -> None:
        for byte in data:
            try:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
            except OSError:
                return
            time.sleep(0.1)

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        if self.path == "/body":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            self.wfile.flush()
            self._trickle(b"<html><body><p>" + b"slow " * 200 + b"</p></body></html>")
        elif self.path == "/headers":
            self.wfile.write(b"HTTP/1.1 200 OK\r\n")
            self._trickle(b"X-Slow: " + b"a" * 400 + b"\r\n\r\n")
        elif self.path == "/big-header":
            self.wfile.write(b"HTTP/1.1 200 OK\r\nX-Big: " + b"b" * 200_000 + b"\r\n\r\n")


@pytest.fixture(scope="module")
def trickler() -> Iterator[str]:
    """A server that trickles, on 127.0.0.1."""
    with serving_handler(Trickler) as base:
        yield base


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/body", "the page did not arrive within 1 s"),
        ("/headers", "the page did not arrive within 1 s"),
        ("/big-header", "the server's answer is malformed"),
    ],
)
def test_a_trickling_or_oversized_answer_is_cut_at_the_deadline(
    trickler: str, path: str, message: str
) -> None:
    """A server that sends its body or its headers one byte every 0.1 s is cut off at the
    read.timeout deadline (1 s here), whatever each single read waits; a 200 KB header is
    named as a malformed answer, not a failed connection."""
    start = time.monotonic()
    with pytest.raises(ReadError) as info:
        fetch(trickler + path, LIMITS)
    assert message in str(info.value)
    assert time.monotonic() - start < LIMITS.timeout + 1.5


def test_script_of_a_trickling_url_ends_at_the_deadline(trickler: str, tmp_path: Path) -> None:
    """`briefcast script URL` of a trickling page ends with one Error: line near the deadline
    (it ran for minutes with a 10 s timeout)."""
    cfg = tmp_path / "briefcast.toml"
    cfg.write_text("[read]\ntimeout = 1.0\n", encoding="utf-8")
    start = time.monotonic()
    result = CliRunner().invoke(cli, ["script", trickler + "/body", "--config", str(cfg)])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: cannot fetch {trickler}/body: the page did not arrive within 1 s"
    ]
    assert time.monotonic() - start < 3.0
