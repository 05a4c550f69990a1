"""Benchmark ``briefcast serve`` on loopback: HEAD rate, ranged reads, concurrent downloads.

Serves a temporary folder holding a 20 MB stand-in episode from a background thread on
127.0.0.1 and prints figures. Bounded: a fixed number of requests, all to this machine.

    PYTHONPATH=src python3 scripts/bench_serve.py
"""

from __future__ import annotations

import http.client
import os
import random
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from briefcast.serve import serving

SIZE = 20 * 1024 * 1024
HEADS = 500
RANGES = 500
CLIENTS = 8


def request(port: int, method: str, path: str, headers: dict[str, str] | None = None) -> int:
    """One request on a fresh connection; returns the body length."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, headers=headers or {})
        resp = conn.getresponse()
        return len(resp.read())
    finally:
        conn.close()


def main() -> None:
    """Run the three measurements and print them."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        (root / "episodes").mkdir()
        (root / "episodes" / "big.mp3").write_bytes(os.urandom(SIZE))
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
                got = request(port, "GET", "/episodes/big.mp3",
                              {"Range": f"bytes={first}-{first + 65535}"})
                assert got == 65536
            range_rate = RANGES / (time.perf_counter() - start)

            start = time.perf_counter()
            with ThreadPoolExecutor(CLIENTS) as pool:
                sizes = list(pool.map(lambda _: request(port, "GET", "/episodes/big.mp3"),
                                      range(CLIENTS)))
            elapsed = time.perf_counter() - start
            assert all(s == SIZE for s in sizes)
    print(f"HEAD /feed.xml, new connection each:  {head_rate:8.0f} requests/s")
    print(f"64 KiB ranged GETs of a 20 MB file:   {range_rate:8.0f} requests/s")
    print(f"{CLIENTS} concurrent full downloads:        "
          f"{CLIENTS * SIZE / elapsed / 1e6:8.0f} MB/s in total ({elapsed:.2f} s)")


if __name__ == "__main__":
    main()
