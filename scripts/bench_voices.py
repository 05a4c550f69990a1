"""Benchmark the voices on the sample article (or any article): prints figures, asserts nothing.

1. gTTS requests: briefcast's episode-wide packing against gTTS's own splitting, counted offline
   with gTTS's tokenizer (no request is sent).
2. Piper: real-time factor of per-sentence synthesis (model load reported apart).
3. A Piper build cold (empty cache) against the cached rebuild, whole build and voicing alone.
   The cold build runs in this process after the RTF step, but its model is unloaded first.
4. Piper against Kokoro with 1 and 2 voicing processes: CPU seconds per second of audio and wall
   time, on the article's first sentences (``--sentences``; Kokoro is slow). Kokoro uses the
   model ``briefcast voices add kokoro`` installed, else the stand-in from PyPI (see
   tests/kokoro_helpers.py), with its jf_alpha voice reading English phonemes. CPU time is this
   process's and its pool processes' (waited for), model loading and pool start included.

Usage: PYTHONPATH=src python3 scripts/bench_voices.py [ARTICLE] [--sentences N] [--only engines]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from briefcast import pipeline
from briefcast.audio import assemble
from briefcast.config import Config, load_config
from briefcast.voices import gtts, piper_engine
from briefcast.voices.piper_engine import PiperConfig, PiperEngineVoice

ROOT = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 1, 5, tzinfo=UTC)


def gtts_requests(article: Path) -> None:
    """Requests per 1,000 words for each way of cutting the text."""
    from gtts import gTTS

    script = pipeline.make_script(pipeline.read_articles([str(article)]), Config(), None, NOW)
    paragraphs = [p.sentences for s in script.segments for p in s.paragraphs]
    sentences = [s for p in paragraphs for s in p]
    words = sum(len(s.split()) for s in sentences)

    def own(text: str) -> int:
        return len(gTTS(text)._tokenize(text))

    whole = "\n".join(" ".join(p) for p in paragraphs)
    rows = [
        ("gTTS's own splitting, one call per paragraph", sum(own(" ".join(p)) for p in paragraphs)),
        ("gTTS's own splitting, the whole text at once", own(whole)),
        (
            "briefcast, one paragraph at a time",
            sum(len(gtts.plan_chunks(p)) for p in paragraphs),
        ),
    ]
    plan = gtts.plan_chunks(sentences)
    rows.append(("briefcast, episode-wide packing (what a build sends)", len(plan)))
    print(
        f"gTTS requests for {article.name}: {words} spoken words, {len(sentences)} sentences, "
        f"{len(paragraphs)} paragraphs"
    )
    for label, count in rows:
        print(f"  {label:<55} {count:>4} requests  {count * 1000 / words:6.1f} per 1,000 words")
    cuts = Counter(c.cut for c in plan)
    fill = sum(len(c.text) for c in plan) / len(plan)
    print(
        f"  briefcast chunks end at: {cuts['sentence']} sentence ends, {cuts['clause']} clause "
        f"marks, {cuts['word']} word gaps; mean {fill:.0f} characters per request"
    )


def piper_rtf(article: Path) -> None:
    """Seconds of audio per second of synthesis, for the article's sentences."""
    script = pipeline.make_script(pipeline.read_articles([str(article)]), Config(), None, NOW)
    sentences = [s for seg in script.segments for p in seg.paragraphs for s in p.sentences]
    piper_engine._load.cache_clear()
    voice = PiperEngineVoice(PiperConfig())
    started = time.perf_counter()
    piper_engine._load(str(voice.onnx), str(voice.config))
    load = time.perf_counter() - started
    started = time.perf_counter()
    clips = voice.speak(sentences)
    took = time.perf_counter() - started
    seconds = sum(c.seconds for c in clips)
    print(
        f"Piper ({voice.onnx.name}): model load {load:.2f} s; {len(sentences)} sentences, "
        f"{seconds:.1f} s of audio in {took:.1f} s: real-time factor {took / seconds:.3f} "
        f"({seconds / took:.1f}x faster than real time)"
    )


def cold_and_cached(article: Path) -> None:
    """A Piper build with an empty cache, then the same build again."""
    timings: dict[str, float] = {}
    real_render = assemble.render

    def timed_render(*args, **kwargs):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        try:
            return real_render(*args, **kwargs)
        finally:
            timings["voice"] = time.perf_counter() - started

    assemble.render = timed_render  # type: ignore[assignment]
    piper_engine._load.cache_clear()  # a cold build pays for loading the model, as a new process
    with tempfile.TemporaryDirectory(prefix="bench-voices-") as tmp:
        work = Path(tmp)
        cfg = load_config(
            overrides={
                "voice.engine": "piper",
                "cache.dir": str(work / "cache"),
                "output": str(work / "feed"),
            },
            env={},
            cwd=work,
        )
        rows = []
        for label in ("cold (empty cache)", "rebuild (cached)"):
            started = time.perf_counter()
            result = pipeline.build([str(article)], cfg, now=NOW)
            rows.append((label, time.perf_counter() - started, timings["voice"]))
        print(f"Piper build of {article.name} ({result.episode.duration:.0f} s episode):")
        for label, total, voice in rows:
            print(f"  {label:<20} whole build {total:6.2f} s   voicing {voice:6.2f} s")
        (_, cold, cold_voice), (_, warm, warm_voice) = rows
        print(
            f"  rebuild / cold: whole build {warm / cold:.1%}, voicing "
            f"{warm_voice / cold_voice:.1%} (a rebuild takes sentences and the encoded episode "
            "from the cache; what remains is tagging, the loudness check and the feed)"
        )
    assemble.render = real_render  # type: ignore[assignment]


def _cpu_seconds() -> float:
    """User + system time of this process and of its waited-for children."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def _kokoro_table(work: Path) -> str:
    """The ``[voice.kokoro]`` table: the installed model, else the stand-in from PyPI."""
    from briefcast.voices import installed

    if installed.find("kokoro") is not None:
        return '[voice.kokoro]\nvoice = "af_heart"\n'
    sys.path.insert(0, str(ROOT / "tests"))
    from kokoro_helpers import make_standin  # the stand-in, as the tests use it

    model, styles = make_standin(work / "kokoro")
    return (
        f'[voice.kokoro]\nmodel = "{model}"\nvoices_file = "{styles}"\n'
        'voice = "jf_alpha"\nlanguage = "en-us"\n'
    )


def engines_by_workers(article: Path, count: int, engines: list[str]) -> None:
    """CPU seconds per audio second and wall time, per engine and number of processes."""
    from briefcast.voices import get_voice, plan_ahead
    from briefcast.voices.pool import PooledVoice, pooled

    script = pipeline.make_script(pipeline.read_articles([str(article)]), Config(), None, NOW)
    paragraphs: list[tuple[str, ...]] = []
    left = count
    for seg in script.segments:
        for p in seg.paragraphs:
            if left > 0:
                paragraphs.append(p.sentences[:left])
                left -= len(paragraphs[-1])
    sentences = sum(len(p) for p in paragraphs)
    print(
        f"Voicing {sentences} sentences of {article.name}, cache off, {os.cpu_count()} cores; "
        f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    print(f"  {'engine':<8}{'workers':>8}{'audio s':>9}{'CPU s':>8}{'CPU/audio':>11}{'wall s':>8}")
    with tempfile.TemporaryDirectory(prefix="bench-engines-") as tmp:
        work = Path(tmp)
        table = _kokoro_table(work) if "kokoro" in engines else ""
        for engine in engines:
            for workers in (1, 2):
                toml = work / "briefcast.toml"
                toml.write_text(
                    f'[voice]\nengine = "{engine}"\nworkers = {workers}\n'
                    f"[cache]\nenabled = false\n{table}",
                    encoding="utf-8",
                )
                cfg = load_config(toml, env={}, cwd=work)
                piper_engine._load.cache_clear()  # each run pays for its model, as a build does
                from briefcast.voices import kokoro_engine

                kokoro_engine._load.cache_clear()
                start_cpu, start = _cpu_seconds(), time.perf_counter()
                voice = pooled(get_voice(engine, cfg, "en"), engine, cfg, "en")
                try:
                    plan_ahead(voice, paragraphs)
                    audio_s = sum(c.seconds for p in paragraphs for c in voice.speak(p))
                finally:
                    if isinstance(voice, PooledVoice):
                        voice.close()
                wall, cpu = time.perf_counter() - start, _cpu_seconds() - start_cpu
                print(
                    f"  {engine:<8}{workers:>8}{audio_s:>9.1f}{cpu:>8.1f}{cpu / audio_s:>11.2f}"
                    f"{wall:>8.1f}"
                )
    print(f"  load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "article", nargs="?", default=str(ROOT / "tests/data/npr_ukraine_pasted.txt")
    )
    parser.add_argument("--sentences", type=int, default=24, help="sentences for part 4")
    parser.add_argument(
        "--only", default="", help="run only part 4 for these engines (e.g. piper,kokoro)"
    )
    args = parser.parse_args()
    article = Path(args.article)
    if not args.only:
        gtts_requests(article)
        print()
        piper_rtf(article)
        print()
        cold_and_cached(article)
        print()
    engines_by_workers(article, args.sentences, (args.only or "piper,kokoro").split(","))


if __name__ == "__main__":
    main()
