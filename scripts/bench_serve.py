"""Benchmark ``briefcast serve`` on loopback: HEAD rate, ranged reads, concurrent downloads,
and the host checks of issue 11: malformed Range headers, a crowd of simultaneous downloads,
and a new client's wait while hundreds of idle connections are open.

Serves a temporary folder holding a 20 MB stand-in episode (and a 5 MB one, about ten minutes
at 64 kbit/s, for the crowd) from a background thread on 127.0.0.1 and prints figures.
Bounded: a fixed number of requests, all to this machine.

    PYTHONPATH=src python3 scripts/bench_serve.py
"""

from __future__ import annotations

import http.client
import os
import random
import socket
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from briefcast.publish.serve import serving

SIZE = 20 * 1024 * 1024
HEADS = 500
RANGES = 500
CLIENTS = 8
CROWD = 200
CROWD_SIZE = 5 * 1024 * 1024
IDLE = 400
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


def request(port: int, method: str, path: str, headers: dict[str, str] | None = None) -> int:
    """One request on a fresh connection; returns the body length."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, headers=headers or {})
        resp = conn.getresponse()
        return len(resp.read())
    finally:
        conn.close()


def raw_get(port: int, path: str, extra: bytes = b"", timeout: float = 30) -> tuple[bytes, int]:
    """A GET written on a raw socket (headers as given bytes): status line and body size."""
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(
            f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n".encode() + extra + b"\r\n"
        )
        data = b""
        while chunk := sock.recv(1 << 16):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return head.split(b"\r\n", 1)[0], len(body)


def host_checks(port: int) -> None:
    """Issue 11's acceptance 7: malformed ranges, the crowd, and idle connections."""
    statuses = []
    for header in MALFORMED:
        line, _ = raw_get(port, "/episodes/crowd.mp3", b"Range: " + header.encode() + b"\r\n")
        statuses.append(line.split(b" ")[1].decode() if line else "dropped")
    counts = {s: statuses.count(s) for s in sorted(set(statuses))}
    print(
        f"{len(MALFORMED)} malformed Range headers:         "
        + ", ".join(f"{n} x {s}" for s, n in counts.items())
    )

    start = time.perf_counter()
    with ThreadPoolExecutor(CROWD) as pool:
        results = list(pool.map(lambda _: raw_get(port, "/episodes/crowd.mp3"), range(CROWD)))
    elapsed = time.perf_counter() - start
    complete = sum(1 for line, size in results if b" 200 " in line and size == CROWD_SIZE)
    print(
        f"{CROWD} simultaneous 5 MB downloads:      {complete}/{CROWD} complete in {elapsed:.2f} s"
    )

    idle = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(IDLE)]
    try:
        time.sleep(0.5)
        start = time.perf_counter()
        line, size = raw_get(port, "/feed.xml", timeout=10)
        wait = time.perf_counter() - start
        print(
            f"new client with {IDLE} idle connections: {line.decode()} ({size} bytes) in "
            f"{wait * 1000:.0f} ms"
        )
    finally:
        for sock in idle:
            sock.close()


def main() -> None:
    """Run the three measurements and print them."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "episodes").mkdir()
        (root / "episodes" / "big.mp3").write_bytes(os.urandom(SIZE))
        (root / "episodes" / "crowd.mp3").write_bytes(os.urandom(CROWD_SIZE))
        (root / "feed.xml").write_bytes(b"<rss/>")
        with serving(root) as server:
            port = server.port
            start = time.perf_counter()
            for _ in range(HEADS):
                request(port, "HEAD", "/feed.xml")
            head_rate = HEADS / (time.perf_counter() - start)

            rng = random.Random(1)
            start = time.perf_counter()
            for _ in range(RANGES):
                first = rng.randrange(0, SIZE - 65536)
                got = request(
                    port, "GET", "/episodes/big.mp3", {"Range": f"bytes={first}-{first + 65535}"}
                )
                assert got == 65536
            range_rate = RANGES / (time.perf_counter() - start)

            start = time.perf_counter()
            with ThreadPoolExecutor(CLIENTS) as pool:
                sizes = list(
                    pool.map(lambda _: request(port, "GET", "/episodes/big.mp3"), range(CLIENTS))
                )
            elapsed = time.perf_counter() - start
            assert all(s == SIZE for s in sizes)
            host_checks(port)
    print(f"HEAD /feed.xml, new connection each:  {head_rate:8.0f} requests/s")
    print(f"64 KiB ranged GETs of a 20 MB file:   {range_rate:8.0f} requests/s")
    print(
        f"{CLIENTS} concurrent full downloads:        "
        f"{CLIENTS * SIZE / elapsed / 1e6:8.0f} MB/s in total ({elapsed:.2f} s)"
    )


if __name__ == "__main__":
    main()
