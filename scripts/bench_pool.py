"""Benchmark parallel voicing: the voicing phase of the sample with 1 and 2 Piper workers.

For each worker count, in one run: wall time, CPU time (this process and its pool processes)
and busy cores (CPU time / wall) of voicing every sentence of the sample, cache off, pool
start-up and model loading included. The machine's load average is printed before and after,
since other work on the machine takes cores from the pool. Prints figures, asserts nothing.

Usage: PYTHONPATH=src python3 scripts/bench_pool.py [ARTICLE] [--workers 1,2]
"""

from __future__ import annotations

import argparse
import os
import resource
import time
from pathlib import Path

from briefcast import pipeline
from briefcast.config import load_config
from briefcast.voices import get_voice, plan_ahead
from briefcast.voices.pool import PooledVoice, pooled

ROOT = Path(__file__).resolve().parents[1]


def cpu_seconds() -> float:
    """User + system time of this process and of its waited-for children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def voice_all(paragraphs: list[tuple[str, ...]], workers: int) -> tuple[float, float, int]:
    """Voice every paragraph with ``workers`` processes: wall, CPU seconds, samples made."""
    cfg = load_config(
        None,
        overrides={"voice.engine": "piper", "voice.workers": workers, "cache.enabled": False},
        env={},
    )
    start_cpu, start = cpu_seconds(), time.perf_counter()
    voice = pooled(get_voice("piper", cfg), "piper", cfg)
    try:
        plan_ahead(voice, paragraphs)
        samples = sum(len(c.pcm) // 2 for p in paragraphs for c in voice.speak(p))
    finally:
        if isinstance(voice, PooledVoice):
            voice.close()  # waits for the pool's processes, so their CPU time is counted
    return time.perf_counter() - start, cpu_seconds() - start_cpu, samples


def main() -> None:
    """Run the benchmark and print one line per worker count."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "article", nargs="?", default=str(ROOT / "tests" / "data" / "npr_ukraine_pasted.txt")
    )
    parser.add_argument("--workers", default="1,2")
    args = parser.parse_args()
    script = pipeline.preview_script([args.article], load_config(None, env={}))
    paragraphs = [p.sentences for s in script.segments for p in s.paragraphs]
    sentences = sum(len(p) for p in paragraphs)
    print(
        f"{sentences} sentences, {os.cpu_count()} cores; load average before: "
        f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    for workers in (int(w) for w in args.workers.split(",")):
        wall, cpu, samples = voice_all(paragraphs, workers)
        speech = samples / 22050
        print(
            f"workers={workers}: voicing wall {wall:6.1f} s, CPU {cpu:6.1f} s, busy cores "
            f"{cpu / wall:4.2f}, {sentences / wall:5.2f} sentences/s, "
            f"{speech / wall:5.1f} s of speech per s"
        )
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
