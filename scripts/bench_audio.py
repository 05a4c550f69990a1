"""Benchmark of episode assembly with the offline voice: speed, memory and loudness.

For a 5-minute and a 60-minute episode (the sample article's sections repeated to reach the
length) it prints the wall time of the build, the synthesis time alone (time spent inside the
voice), the assembly time (everything after the last sentence was voiced), the peak RSS of the
build process, and the loudness and true peak measured on the final MP3. Each build runs in its
own child process, so peak RSS is its own (ffmpeg's is not counted: its filters stream, and a
forked child's ru_maxrss would count the parent's pages). The voice cache is off for these
builds: the text repeats, and a cache would voice each sentence only once.

It then compares a full cold ``briefcast build`` of the sample (a fresh process, a fresh
cache folder) to its floor, measured in the same run: the offline voice speaking the same
script in one call, plus one ffmpeg MP3 encode. Aim: a ratio of at most 1.15.

Run from the repository root (needs the 'offline' extra)::

    python3 scripts/bench_audio.py                 # 5 and 60 minutes, and the ratio
    python3 scripts/bench_audio.py --minutes 5 --runs 1
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
SAMPLE = ROOT / "tests" / "data" / "npr_ukraine_pasted.txt"
# Words the offline voice speaks per minute, with briefcast's pauses (measured on the sample).
WORDS_PER_MINUTE = 148


def make_article(minutes: float, path: Path) -> None:
    """Write a Markdown article of about ``minutes`` of speech: the sample's sections, repeated."""
    sys.path.insert(0, str(SRC))
    from briefcast.reading.read import read_article

    article = read_article(str(SAMPLE))
    target = minutes * WORDS_PER_MINUTE
    lines = [f"# Benchmark briefing, {minutes:g} minutes", ""]
    words = 0
    part = 0
    while words < target:
        for section in article.sections:
            part += 1
            lines += [f"## Part {part}: {section.title or 'Opening'}", ""]
            for paragraph in section.paragraphs:
                lines += [paragraph, ""]
                words += len(paragraph.split())
                if words >= target:
                    break
            if words >= target:
                break
    path.write_text("\n".join(lines), encoding="utf-8")


def child_build(article: str, out: str) -> None:
    """In a child process: build ``article`` with the offline voice and print the figures."""
    sys.path.insert(0, str(SRC))
    from briefcast import pipeline, voices
    from briefcast.config import load_config

    spans: list[tuple[float, float]] = []
    real = voices.REGISTRY["piper"]

    class TimedVoice:
        """The real offline voice, recording when each call to it starts and ends."""

        def __init__(self, inner: voices.Voice) -> None:
            self.inner = inner
            self.name = inner.name
            self.sample_rate = inner.sample_rate

        def identity(self) -> str:
            return self.inner.identity()

        def speak(self, sentences: list[str]) -> list[voices.Clip]:
            start = time.perf_counter()
            clips = self.inner.speak(sentences)
            spans.append((start, time.perf_counter()))
            return clips

    voices.REGISTRY["piper"] = replace(
        real, create=lambda settings: TimedVoice(real.create(settings))
    )
    # The text repeats, so the sentence cache would voice each sentence once per build: off, so
    # that every minute of the episode is really synthesized.
    cfg = load_config(
        None, overrides={"voice.engine": "piper", "output": out, "cache.enabled": False}
    )
    start = time.perf_counter()
    result = pipeline.build([article], cfg)
    end = time.perf_counter()
    ep = result.episode
    print(
        json.dumps(
            {
                "wall": end - start,
                "synthesis": sum(b - a for a, b in spans),
                "assembly": end - spans[-1][1],
                "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                "duration": ep.duration,
                "lufs": ep.loudness_lufs,
                "dbtp": ep.true_peak_dbtp,
            }
        )
    )


def child_floor(out: str) -> None:
    """In a child process: the floor, the voice speaking the sample's script in one call plus
    one ffmpeg MP3 encode."""
    sys.path.insert(0, str(SRC))
    from datetime import UTC, datetime

    from briefcast import pipeline
    from briefcast.audio.media import run_ffmpeg
    from briefcast.config import load_config
    from briefcast.voices.piper_engine import _load, voice_files

    cfg = load_config(None, overrides={"voice.engine": "piper"})
    script = pipeline.make_script(
        pipeline.read_articles([str(SAMPLE)]), cfg, None, datetime.now(UTC)
    )
    text = "\n\n".join(segment.text for segment in script.segments)
    from piper import SynthesisConfig

    voice = _load(*(str(p) for p in voice_files("")))
    pcm = Path(out) / "floor.pcm"
    with pcm.open("wb") as handle:
        for chunk in voice.synthesize(text, SynthesisConfig(normalize_audio=True)):
            handle.write(chunk.audio_int16_bytes)
    a = cfg.audio
    run_ffmpeg(
        [
            "-f",
            "s16le",
            "-ar",
            str(voice.config.sample_rate),
            "-ac",
            "1",
            "-i",
            str(pcm),
            "-ar",
            str(a.sample_rate),
            "-ac",
            str(a.channels),
            "-c:a",
            "libmp3lame",
            "-b:a",
            f"{a.bitrate_kbps}k",
            "-y",
            str(Path(out) / "floor.mp3"),
        ]
    )


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_child(args: list[str], env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """Run a child process; its wall time, its CPU time (with its own children) and output."""
    cpu = _children_cpu()
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, env=env, cwd=ROOT, check=False
    )
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"child failed: {args}\n{proc.stderr}")
    return wall, _children_cpu() - cpu, proc.stdout


def bench_build(minutes: float, tmp: Path) -> dict[str, float]:
    """Build a ``minutes``-long episode in a child process; its figures."""
    article = tmp / f"bench-{minutes:g}.md"
    make_article(minutes, article)
    _, _, out = run_child(
        [__file__, "--child-build", str(article), str(tmp / f"out-{minutes:g}")],
        env={**os.environ, "BRIEFCAST_CACHE_DIR": str(tmp / f"cache-{minutes:g}")},
    )
    return json.loads(out.strip().splitlines()[-1])


def bench_ratio(tmp: Path, runs: int) -> dict[str, float]:
    """Best-of-``runs`` wall and CPU times of the floor and of a cold ``briefcast build``.

    Floor and build alternate, so that a change in the machine's load hits both alike.
    """
    best: dict[str, float] = {}
    for run in range(runs):
        folder = tmp / f"floor-{run}"
        folder.mkdir()
        wall, cpu, _ = run_child([__file__, "--child-floor", str(folder)])
        best["floor"] = min(best.get("floor", wall), wall)
        best["floor_cpu"] = min(best.get("floor_cpu", cpu), cpu)
        env = {
            **os.environ,
            "PYTHONPATH": str(SRC),
            "BRIEFCAST_CACHE_DIR": str(tmp / f"cold-cache-{run}"),
        }
        wall, cpu, _ = run_child(
            [
                "-m",
                "briefcast",
                "-q",
                "build",
                str(SAMPLE),
                "--engine",
                "piper",
                "--out",
                str(tmp / f"cold-{run}"),
            ],
            env,
        )
        best["build"] = min(best.get("build", wall), wall)
        best["build_cpu"] = min(best.get("build_cpu", cpu), cpu)
    return best


def main() -> None:
    """Parse the options and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--minutes",
        type=float,
        nargs="*",
        default=[5, 60],
        help="episode lengths to build (default: 5 60)",
    )
    parser.add_argument(
        "--runs", type=int, default=1, help="runs of the floor and the cold build (best is kept)"
    )
    parser.add_argument("--no-ratio", action="store_true", help="skip the floor comparison")
    parser.add_argument("--child-build", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--child-floor", nargs=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_build:
        child_build(*args.child_build)
        return
    if args.child_floor:
        child_floor(*args.child_floor)
        return
    with tempfile.TemporaryDirectory(prefix="bench-audio-") as name:
        tmp = Path(name)
        results = {}
        for minutes in args.minutes:
            r = bench_build(minutes, tmp)
            results[minutes] = r
            print(
                f"{minutes:g}-minute episode ({r['duration'] / 60:.1f} min of audio): "
                f"wall {r['wall']:.1f} s, synthesis {r['synthesis']:.1f} s, "
                f"assembly {r['assembly']:.1f} s "
                f"({100 * r['assembly'] / r['synthesis']:.0f}% of synthesis), "
                f"peak RSS {r['rss_mb']:.0f} MB, "
                f"{r['lufs']:.1f} LUFS, true peak {r['dbtp']:.1f} dBTP",
                flush=True,
            )
        if len(results) > 1:
            small, large = results[min(results)], results[max(results)]
            print(
                f"peak RSS growth {min(results):g} -> {max(results):g} minutes: "
                f"{large['rss_mb'] - small['rss_mb']:+.0f} MB",
                flush=True,
            )
        if not args.no_ratio:
            t = bench_ratio(tmp, args.runs)
            print(
                f"cold build of the sample {t['build']:.1f} s, floor {t['floor']:.1f} s "
                f"(one synthesis call + one MP3 encode): ratio {t['build'] / t['floor']:.2f}; "
                f"CPU time {t['build_cpu']:.1f} s vs {t['floor_cpu']:.1f} s: ratio "
                f"{t['build_cpu'] / t['floor_cpu']:.2f}"
            )


if __name__ == "__main__":
    main()
