"""Benchmark a show's growth: a build and ``feed`` with 1,000 stored episodes against none.

The sample is built once with Piper (warming the voice cache), then its stored episode is
copied into 1,000 generated records (new guid, title, date and file name; the audio hard-linked)
in a second show. Then, with every sentence and the encoding cached, the sample is built into
an empty show and into the big one, several times each, and ``feed`` is timed on the big show.
Prints figures, asserts nothing. Acceptance: a build costs at most 0.5 s more with 1,000
episodes, and ``feed`` takes at most 2 s.

Usage: PYTHONPATH=src python3 scripts/bench_store.py [--episodes 1000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import tempfile
import time
import uuid
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from briefcast import pipeline
from briefcast.config import Config, load_config
from briefcast.show.store import Show, episode_files

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "data" / "npr_ukraine_pasted.txt"


def config(work: Path, show: str) -> Config:
    """Piper, the shared cache of this run, output ``work/show``."""
    return load_config(
        None,
        overrides={
            "voice.engine": "piper",
            "voice.fallback": "",
            "cache.dir": str(work / "cache"),
            "output": str(work / show),
        },
        env={},
        cwd=work,
    )


def generate(template: Show, target: Show, count: int) -> None:
    """``count`` records made from the one episode of ``template``, files linked, not copied."""
    source = template.episodes()[0]
    target.ensure()
    audio = template.root / source.file
    for i in range(count):
        name = f"generated-{i:04d}"
        episode = replace(
            source,
            guid=str(uuid.uuid4()),
            title=f"Generated episode {i}",
            date=source.date - timedelta(hours=i + 1),
            file=f"episodes/{name}.mp3",
        )
        os.link(audio, target.root / episode.file)
        for src, dst in zip(
            episode_files(source).all[2:], episode_files(episode).all[2:], strict=True
        ):
            if (template.root / src).is_file():
                shutil.copyfile(template.root / src, target.root / dst)
        target.save(episode)


def timed(label: str, rounds: int, action) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Median wall and CPU time (this process and its children) of ``rounds`` runs."""
    times, cpus = [], []
    for _ in range(rounds):
        start, cpu = time.perf_counter(), cpu_seconds()
        action()
        times.append(time.perf_counter() - start)
        cpus.append(cpu_seconds() - cpu)
    median, cpu_median = statistics.median(times), statistics.median(cpus)
    print(
        f"{label:<40} wall {median:6.2f} s  CPU {cpu_median:6.2f} s  "
        f"(walls {', '.join(f'{t:.2f}' for t in times)})"
    )
    return median, cpu_median


def cpu_seconds() -> float:
    """User + system time of this process and its waited-for children (ffmpeg)."""
    own, kids = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def main() -> None:
    """Run the benchmark."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--episodes", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-store-") as tmp:
        work = Path(tmp)
        start = time.perf_counter()
        pipeline.build([str(SAMPLE)], config(work, "template"))
        print(
            f"first build (voices the sample, fills the cache): {time.perf_counter() - start:.1f} s"
        )
        big = config(work, "big")
        generate(Show(work / "template"), Show(big.output), args.episodes)
        start = time.perf_counter()
        pipeline.write_feed(big)
        print(
            f"first feed of {args.episodes} generated episodes (writes every page and "
            f"transcript): {time.perf_counter() - start:.1f} s"
        )
        print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
        counter = iter(range(10_000))

        def build_empty() -> None:
            cfg = config(work, f"empty-{next(counter)}")
            pipeline.build([str(SAMPLE)], cfg)

        empty = timed("cached build into an empty show", args.rounds, build_empty)
        full = timed(
            f"cached build into {args.episodes} episodes",
            args.rounds,
            lambda: pipeline.build([str(SAMPLE)], big),
        )
        feed = timed(
            f"feed on {args.episodes + 1} episodes", args.rounds, lambda: pipeline.write_feed(big)
        )
        print(
            f"growth cost of a build: wall {full[0] - empty[0]:+.2f} s, CPU "
            f"{full[1] - empty[1]:+.2f} s (limit 0.5 s); feed: wall {feed[0]:.2f} s, CPU "
            f"{feed[1]:.2f} s (limit 2 s); load average after: "
            f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}"
        )


if __name__ == "__main__":
    main()
