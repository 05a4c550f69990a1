"""Benchmark of a cached rebuild: the sample built cold with the offline voice, then again.

Each build is a fresh ``briefcast build`` process (``python3 -m briefcast``), timed from the
outside, into one output folder and one fresh cache folder. The cold build voices, renders and
encodes everything; the rebuild should find the encoded episode by its key before making any
audio (acceptance: at most 5% of the cold build). Then one loudness setting is changed and the
build is timed again: it must re-encode (from the cached sentences), so it costs more than the
rebuild. Prints the three times and the ratio.

Run from the repository root (needs the 'offline' extra)::

    python3 scripts/bench_cache.py
    python3 scripts/bench_cache.py --formats mp3,m4a
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
SAMPLE = ROOT / "tests" / "data" / "npr_ukraine_pasted.txt"


def timed_build(folder: Path, extra_env: dict[str, str] | None = None) -> float:
    """Seconds of one ``briefcast build`` of the sample in ``folder`` (its briefcast.toml)."""
    env = {
        **os.environ,
        "PYTHONPATH": str(SRC),
        "BRIEFCAST_CACHE_DIR": str(folder / "cache"),
        **(extra_env or {}),
    }
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-m", "briefcast", "-q", "build", str(SAMPLE)],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
    )
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"build failed: {proc.stderr.strip()}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--formats", default="mp3", help="audio.formats, comma-separated")
    args = parser.parse_args()
    formats = ", ".join(f'"{f.strip()}"' for f in args.formats.split(",") if f.strip())
    with tempfile.TemporaryDirectory(prefix="bench-cache-") as tmp:
        folder = Path(tmp)
        config = folder / "briefcast.toml"
        base = f'[voice]\nengine = "piper"\nfallback = ""\n\n[audio]\nformats = [{formats}]\n'
        config.write_text(base, encoding="utf-8")
        cold = timed_build(folder)
        cached = timed_build(folder)
        config.write_text(base + "loudness_lufs = -18.0\n", encoding="utf-8")
        changed = timed_build(folder)
    print(f"formats:                         {args.formats}")
    print(f"cold build (voice, render, encode): {cold:6.2f} s")
    print(f"cached rebuild:                     {cached:6.2f} s  ({cached / cold:.1%} of cold)")
    print(f"loudness_lufs changed (re-encode):  {changed:6.2f} s")
    if cached > 0.05 * cold:
        print("the cached rebuild took more than 5% of the cold build")
    if changed <= cached:
        print("changing a loudness setting did not cost an encode")


if __name__ == "__main__":
    main()
