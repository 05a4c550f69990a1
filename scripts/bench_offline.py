"""Benchmark an offline rebuild with the default engine (gTTS) against a Piper rebuild.

Offline is made certain, wherever this runs, by sending gTTS through a proxy at a closed local
port (every connection is refused). In one run, in fresh processes (`briefcast build` as a
producer runs it), on the sample article with its own cache folder:

1. a cold Piper build fills the cache (reported, not compared);
2. Piper rebuilds and default-engine rebuilds offline, in turn, timed: the first offline one
   finds Google unreachable and remembers it, the next ones fall back at once; with the
   number of "Warning:" lines each printed.

It checks the acceptance rule of issue 14: the median offline rebuild takes at most 1.2 times
the median Piper rebuild plus 0.5 s (runs interleaved, so load changes fall on both), and
every build announces the fallback exactly once. Exit status 1 when it does not.

Usage: python3 scripts/bench_offline.py [ARTICLE] [--runs N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "data" / "npr_ukraine_pasted.txt"


def _closed_port() -> int:
    """A local port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _build(folder: Path, article: Path, env: dict[str, str], *engine: str) -> tuple[float, str]:
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "briefcast", "build", str(article), *engine],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    took = time.monotonic() - started
    if proc.returncode != 0:
        raise SystemExit(f"build failed: {proc.stderr.strip()}")
    return took, proc.stderr


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("article", nargs="?", type=Path, default=SAMPLE)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-offline-") as tmp:
        folder = Path(tmp)
        article = folder / args.article.name
        shutil.copyfile(args.article, article)
        proxy = f"http://127.0.0.1:{_closed_port()}"
        env = {k: v for k, v in os.environ.items() if k.lower() not in ("no_proxy",)}
        env.update(
            PYTHONPATH=str(ROOT / "src"),
            BRIEFCAST_CACHE_DIR=str(folder / "cache"),
            HTTPS_PROXY=proxy,
            https_proxy=proxy,
        )
        for var in ("BRIEFCAST_ENGINE", "BRIEFCAST_FALLBACK"):
            env.pop(var, None)
        cold, _ = _build(folder, article, env, "--engine", "piper")
        print(f"cold Piper build (fills the cache): {cold:.2f} s")
        # Interleaved, so that a change in the machine's load falls on both alike.
        piper: list[float] = []
        offline: list[float] = []
        warnings = []
        last = ""
        for _ in range(args.runs):
            piper.append(_build(folder, article, env, "--engine", "piper")[0])
            took, last = _build(folder, article, env)
            offline.append(took)
            warnings.append(sum(1 for line in last.splitlines() if line.startswith("Warning:")))
        p, o = statistics.median(piper), statistics.median(offline)
        limit = 1.2 * p + 0.5
        print(
            "Piper rebuilds:           "
            + ", ".join(f"{t:.2f}" for t in piper)
            + f" s (median {p:.2f} s)"
        )
        print(
            "offline default rebuilds: "
            + ", ".join(f"{t:.2f}" for t in offline)
            + f" s (median {o:.2f} s; the first finds Google unreachable, the others "
            "remember it)"
        )
        print(
            f"limit 1.2 x {p:.2f} + 0.5 = {limit:.2f} s: median {o:.2f} s "
            f"{'holds' if o <= limit else 'FAILS'}; first {offline[0]:.2f} s against the "
            f"first Piper rebuild's limit {1.2 * piper[0] + 0.5:.2f} s"
        )
        print(f"'Warning:' lines per build: {warnings}")
        print(f"the line: {[x for x in last.splitlines() if x.startswith('Warning:')]}")
        ok = o <= limit and all(w == 1 for w in warnings)
        return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
