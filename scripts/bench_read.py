"""Benchmark: reading + cleaning + scripting a 10,000-word article.

Builds a pasted-text article of about 10,000 words from the bundled sample (captions, credits
and headings included, so that every cleaner has work to do), then times read_article (decode,
clean, sections, language) and build_script (sentences, speech normalisation) on it: once cold
(first call in the process) and as the median of repeated warm runs. Also times the same for an
HTML page of the same size. Prints the figures; it is not a test.

    python3 scripts/bench_read.py [--words 10000] [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from briefcast.reading.read import read_article  # noqa: E402
from briefcast.scripting.script import build_script  # noqa: E402

SAMPLE = ROOT / "tests" / "data" / "npr_ukraine_pasted.txt"
HEADINGS = (
    "U.S.-Russia détente",
    "Ukraine shedding an ally?",
    "Europe’s plan",
    "The place the battle stands",
    "The negotiations",
)


def make_text(words: int) -> str:
    """The sample repeated (with numbered headings so sections stay distinct) to ``words``."""
    base = SAMPLE.read_text(encoding="utf-8")
    parts, count, n = [], 0, 0
    while count < words:
        n += 1
        # Lines must differ between copies, or the repeated-line cleaner removes them.
        chunk = "\n".join(
            f"{line} (part {n})"
            if len(line) > 80
            else f"{line}, part {n}"
            if line in HEADINGS
            else line
            for line in base.split("\n")
        )
        if n > 1:
            chunk = f"Part {n} of the story\n" + chunk
        parts.append(chunk)
        count += len(chunk.split())
    return "\n".join(parts)


def make_html(text: str) -> str:
    """The same text as an HTML page with navigation, ads and a footer around it."""
    body = []
    for line in text.split("\n"):
        if not line.strip():
            continue
        tag = "h2" if len(line) < 60 and not line.endswith(".") else "p"
        body.append(f"<{tag}>{line}</{tag}>")
    return (
        "<!doctype html><html lang='en'><head><title>Bench</title>"
        "<meta name='author' content='Bench Writer'></head><body><nav><a>Home</a></nav>"
        "<article><h1>Bench</h1>" + "\n".join(body) + "</article>"
        "<div class='ad'><p>Buy things now, today only!</p></div><footer>(c) Bench</footer>"
        "</body></html>"
    )


def timed(path: Path) -> tuple[float, float, int, int]:
    """Seconds to read and to script ``path``; the word count and segment count."""
    t0 = time.perf_counter()
    article = read_article(str(path))
    t1 = time.perf_counter()
    script = build_script([article], show_title="Bench", day=date(2025, 1, 1))
    t2 = time.perf_counter()
    return t1 - t0, t2 - t1, article.word_count, len(script.segments)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--words", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    text = make_text(args.words)
    with tempfile.TemporaryDirectory() as tmp:
        txt = Path(tmp) / "long.txt"
        txt.write_text(text, encoding="utf-8")
        html = Path(tmp) / "long.html"
        html.write_text(make_html(text), encoding="utf-8")
        for label, path in (("pasted text", txt), ("HTML page", html)):
            cold = timed(path)
            warm = [timed(path) for _ in range(args.runs)]
            read_s = statistics.median(w[0] for w in warm)
            script_s = statistics.median(w[1] for w in warm)
            print(f"{label}: {cold[2]:,} words after cleaning, {cold[3]} segments")
            print(
                f"  cold (first call, imports excluded): read {cold[0] * 1000:.0f} ms + "
                f"script {cold[1] * 1000:.0f} ms = {(cold[0] + cold[1]) * 1000:.0f} ms"
            )
            print(
                f"  warm (median of {args.runs}):          read {read_s * 1000:.0f} ms + "
                f"script {script_s * 1000:.0f} ms = {(read_s + script_s) * 1000:.0f} ms"
            )


if __name__ == "__main__":
    main()
