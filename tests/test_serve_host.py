"""serve like a host: malformed Range headers always get a status line, a crowd of downloads all
finish, and idle connections cannot lock out a new listener."""

from __future__ import annotations

import os
import socket
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest

from briefcast.publish.serve import ShowServer, parse_range, serving

MP3_SIZE = 200_000
MALFORMED = [
    "bytes=\u00b2-5",
    "bytes=0-\u00b9",
    "bytes=" + "9" * 5000 + "-",
    "bytes=-" + "9" * 5000,
    "bytes=0-" + "9" * 5000,
    "bytes=abc",
    "bytes=5-2",
    "bytes=--1",
    "bytes=1--2",
    "bits=0-1",
    "bytes 0-1",
    "bytes=0-1,",
    "bytes=,",
    "bytes=\u0663-\u0664",
    "bytes=0x10-0x20",
    "bytes=1e3-2e3",
    "bytes= - ",
    "=0-1",
    "bytes=0-1-2",
    "bytes=99999999999-",
]


@pytest.fixture(scope="module")
def show(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ShowServer]:
    """A folder with a feed and a 200 kB stand-in MP3, served from a thread."""
    root = tmp_path_factory.mktemp("host")
    (root / "episodes").mkdir()
    (root / "episodes" / "big.mp3").write_bytes(os.urandom(MP3_SIZE))
    (root / "feed.xml").write_bytes(b'<rss version="2.0"><channel/></rss>')
    with serving(root) as server:
        yield server


def raw_status(port: int, header: bytes) -> bytes:
    """Send a GET with the raw ``Range`` header bytes; the status line that comes back."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(
            b"GET /episodes/big.mp3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
            b"Range: " + header + b"\r\n\r\n"
        )
        return sock.makefile("rb").readline()


def test_parse_range_takes_only_ascii_digits_and_caps_huge_numbers() -> None:
    """Superscripts and other Unicode digits are ignored (whole file); a 5,000-digit start is
    unsatisfiable, a 5,000-digit end is the end of the file."""
    assert parse_range("bytes=\u00b2-5", 100) is None
    assert parse_range("bytes=\u0663-\u0664", 100) is None
    assert parse_range("bytes=0-" + "9" * 5000, 100) == parse_range("bytes=0-", 100)
    assert parse_range("bytes=-" + "9" * 5000, 100) == parse_range("bytes=0-99", 100)


def test_malformed_ranges_each_get_a_status_line(show: ShowServer) -> None:
    """Each of 20 malformed Range headers is answered with 206, 416 or 200, never a dropped
    connection."""
    for header in MALFORMED:
        line = raw_status(show.port, header.encode("utf-8"))
        assert line.split(b" ")[1] in (b"200", b"206", b"416"), (header[:40], line)


def _download(port: int) -> int:
    """GET the MP3 on a fresh connection; the bytes received."""
    with socket.create_connection(("127.0.0.1", port), timeout=30) as sock:
        sock.sendall(b"GET /episodes/big.mp3 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        got = b""
        while chunk := sock.recv(65536):
            got += chunk
    return len(got.split(b"\r\n\r\n", 1)[1])


def test_200_simultaneous_downloads_all_complete(show: ShowServer) -> None:
    """200 clients downloading the MP3 at once all get every byte, well within 30 s."""
    start = time.monotonic()
    with ThreadPoolExecutor(max_workers=200) as pool:
        sizes = list(pool.map(_download, [show.port] * 200))
    assert sizes == [MP3_SIZE] * 200
    assert time.monotonic() - start < 30


def test_idle_connections_cannot_lock_out_a_new_client(show: ShowServer) -> None:
    """With 400 idle connections open, a new client gets feed.xml within 1 s, and the server
    keeps no more connections (threads) than its cap."""
    idle = []
    try:
        for _ in range(400):
            idle.append(socket.create_connection(("127.0.0.1", show.port), timeout=5))
        time.sleep(0.2)
        start = time.monotonic()
        with socket.create_connection(("127.0.0.1", show.port), timeout=5) as sock:
            sock.sendall(b"GET /feed.xml HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
            reply = sock.makefile("rb").read()
        elapsed = time.monotonic() - start
        assert reply.startswith(b"HTTP/1.1 200") and reply.endswith(b"</rss>")
        assert elapsed < 1, elapsed
        assert show.open_connections <= show.max_connections
    finally:
        for sock in idle:
            sock.close()


def test_listen_backlog_is_at_least_128() -> None:
    """The listening socket queues at least 128 connections (the stdlib default is 5)."""
    assert ShowServer.request_queue_size >= 128
