"""Benchmark: article extraction quality against the ScrapingHub development set.

Scores the text ``briefcast script PAGE.html`` would speak (the written form of the section
segments, headings included, no intro or outro) side by side with trafilatura (three settings)
and readability-lxml, in the same run, with the benchmark's own metric (see the development
set's README): 4-token shingles of ``\\w+`` tokens counted as multisets; precision is the mean
over pages with output, recall the mean over all pages, F1 their harmonic mean.

briefcast is run through :func:`briefcast.pipeline.preview_script`, the function behind
``briefcast script``, on each page written to a temporary ``.html`` file, with the default
configuration. Each system is warmed up by one untimed pass over the pages (module and model
loading happen once per process, not per page), then timed over all pages in turn; pages per
second is pages / wall-clock seconds, and pages per CPU second the same over the process's CPU
time, which a busy machine disturbs less.

    python3 scripts/bench_extract.py [--dev ../shared/extraction-dev] [--worst 10]
                                     [--only briefcast] [--dump DIR] [--ids ID ...]
"""

from __future__ import annotations

import argparse
import functools
import gzip
import json
import logging
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from briefcast import pipeline  # noqa: E402
from briefcast.config import Config, load_config  # noqa: E402
from briefcast.errors import BriefcastError  # noqa: E402
from briefcast.models import Script  # noqa: E402

# ../shared beside the checkout (or beside the folder of worktrees that holds it).
DEFAULT_DEV = next(
    (
        d
        for d in (
            ROOT.parent / "shared" / "extraction-dev",
            ROOT.parent.parent / "shared" / "extraction-dev",
        )
        if d.is_dir()
    ),
    ROOT.parent / "shared" / "extraction-dev",
)
TOKEN = re.compile(r"\w+")
NGRAM = 4

Extractor = Callable[[str, Path], str]


@dataclass(frozen=True)
class Score:
    """One system's per-page shingle matches and its total extraction time."""

    name: str
    per_page: dict[str, tuple[float, float, bool]]  # id -> (precision, recall, had output)
    seconds: float
    cpu_seconds: float

    def precision(self) -> float:
        """Mean precision over the pages that produced some output."""
        values = [p for p, _, out in self.per_page.values() if out]
        return sum(values) / len(values) if values else 0.0

    def recall(self) -> float:
        """Mean recall over all pages (no output: recall 0)."""
        return sum(r for _, r, _ in self.per_page.values()) / len(self.per_page)

    def f1(self) -> float:
        """Harmonic mean of the two means."""
        p, r = self.precision(), self.recall()
        return 2 * p * r / (p + r) if p + r else 0.0

    def empty(self) -> list[str]:
        """Pages with no output."""
        return [k for k, (_, _, out) in self.per_page.items() if not out]


def shingles(text: str) -> Counter[tuple[str, ...]]:
    """The multiset of 4-token shingles of ``text``."""
    tokens = TOKEN.findall(text)
    return Counter(tuple(tokens[i : i + NGRAM]) for i in range(len(tokens) - NGRAM + 1))


def match(truth: str, output: str) -> tuple[float, float, bool]:
    """(precision, recall, had output) of one page, as the benchmark counts them."""
    true, pred = shingles(truth), shingles(output)
    tp = sum((true & pred).values())
    fp = sum((pred - true).values())
    fn = sum((true - pred).values())
    had_output = bool(TOKEN.search(output))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else (1.0 if not true and not pred else 0.0)
    return precision, recall, had_output


@functools.lru_cache(maxsize=4)
def _config(folder: Path) -> Config:
    """The default configuration, as ``briefcast script`` loads it in ``folder`` (once)."""
    return load_config(None, cwd=folder)


def briefcast_script(path: Path) -> Script | None:
    """The script ``briefcast script PATH`` prints, with the default configuration (``None``
    when briefcast refuses the input)."""
    try:
        return pipeline.preview_script([str(path)], _config(path.parent))
    except BriefcastError:
        return None


def written_text(script: Script | None) -> str:
    """What a script speaks from the article: the section segments in written form, headings
    included, without the show's intro and outro."""
    if script is None:
        return ""
    lines = []
    for seg in script.segments:
        if seg.kind != "section":
            continue
        for para in seg.paragraphs:
            lines.append(" ".join(para.written or para.sentences))
    return "\n".join(lines)


def briefcast_text(html: str, path: Path) -> str:
    """What ``briefcast script PAGE.html`` speaks from the article: written form, sections."""
    return written_text(briefcast_script(path))


def trafilatura_with(**options: object) -> Extractor:
    """trafilatura's plain-text extraction with ``options``."""
    import trafilatura

    def run(html: str, path: Path) -> str:
        return trafilatura.extract(html, **options) or ""  # type: ignore[arg-type]

    return run


def readability_text(html: str, path: Path) -> str:
    """readability-lxml's summary as text (html_text when installed, else lxml's text)."""
    from readability import Document

    try:
        summary = Document(html).summary(html_partial=True)
    except Exception:  # readability raises bare Unparseable / lxml errors on odd pages
        return ""
    try:
        import html_text
    except ImportError:
        import lxml.html

        return str(lxml.html.fromstring(summary).text_content())
    return str(html_text.extract_text(summary, guess_layout=True))


SYSTEMS: dict[str, Extractor] = {
    "briefcast": briefcast_text,
    "trafilatura include_comments=False": trafilatura_with(include_comments=False),
    "trafilatura default": trafilatura_with(),
    "trafilatura favor_precision": trafilatura_with(favor_precision=True),
    "readability-lxml": readability_text,
}


def run_system(
    name: str, extract: Extractor, pages: dict[str, Path], truth: dict[str, str], dump: Path | None
) -> Score:
    """Extract every page with one system and score it."""
    texts = {k: gzip.decompress(p.read_bytes()).decode("utf-8") for k, p in pages.items()}
    with tempfile.TemporaryDirectory() as tmp:
        files = {}
        for key, html in texts.items():
            files[key] = Path(tmp) / f"{key[:16]}.html"
            files[key].write_text(html, encoding="utf-8")
        for key, html in texts.items():  # warm-up: module and model loading (py3langid's
            extract(html, files[key])  # model loads at the first non-English page)
        outputs: dict[str, str] = {}
        start, cpu_start = time.perf_counter(), time.process_time()
        for key, html in texts.items():
            outputs[key] = extract(html, files[key])
        seconds = time.perf_counter() - start
        cpu_seconds = time.process_time() - cpu_start
    if dump:
        folder = dump / re.sub(r"\W+", "_", name)
        folder.mkdir(parents=True, exist_ok=True)
        for key, text in outputs.items():
            (folder / f"{key[:16]}.txt").write_text(text, encoding="utf-8")
    return Score(name, {k: match(truth[k], outputs[k]) for k in pages}, seconds, cpu_seconds)


def main() -> None:
    """Run every system on the development set and print the table."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dev", type=Path, default=DEFAULT_DEV, help="development set folder")
    ap.add_argument("--only", action="append", help="run only systems starting with this")
    ap.add_argument("--worst", type=int, default=0, help="list briefcast's N worst pages")
    ap.add_argument("--dump", type=Path, help="write each system's text per page here")
    ap.add_argument("--ids", nargs="*", help="only pages whose id starts with these")
    args = ap.parse_args()
    logging.basicConfig(level=logging.ERROR)  # the readers' notes would drown the table
    data = json.loads((args.dev / "ground-truth.json").read_text(encoding="utf-8"))
    truth = {k: v["articleBody"] for k, v in data.items()}
    pages = {k: args.dev / "html" / f"{k}.html.gz" for k in sorted(truth)}
    if args.ids:
        pages = {k: v for k, v in pages.items() if any(k.startswith(i) for i in args.ids)}
    systems = {
        n: f for n, f in SYSTEMS.items() if not args.only or any(n.startswith(o) for o in args.only)
    }
    scores = [run_system(n, f, pages, truth, args.dump) for n, f in systems.items()]
    print(f"{len(pages)} pages from {args.dev}")
    print(f"| {'system':<36} | F1    | P     | R     | no text | pages/s | pages/CPU s |")
    print(f"|{'-' * 38}|-------|-------|-------|---------|---------|-------------|")
    for s in sorted(scores, key=Score.f1, reverse=True):
        rate = len(pages) / s.seconds if s.seconds else float("inf")
        cpu_rate = len(pages) / s.cpu_seconds if s.cpu_seconds else float("inf")
        print(
            f"| {s.name:<36} | {s.f1():.3f} | {s.precision():.3f} | {s.recall():.3f} | "
            f"{len(s.empty()):>7} | {rate:>7.1f} | {cpu_rate:>11.1f} |"
        )
    by_name = {s.name: s for s in scores}
    if "briefcast" in by_name:
        ours = by_name["briefcast"]
        others = [s for s in scores if s.name.startswith("trafilatura")]
        found = {k for s in others for k, (_, _, out) in s.per_page.items() if out}
        lost = [k[:16] for k in ours.empty() if k in found]
        print(f"briefcast empty where trafilatura finds text: {lost or 'none'}")
        if args.worst:
            ref = by_name.get("trafilatura include_comments=False")
            print(f"\nbriefcast's {args.worst} worst pages (P, R; trafilatura P, R):")
            ranked = sorted(
                ours.per_page.items(),
                key=lambda kv: 2 * kv[1][0] * kv[1][1] / (kv[1][0] + kv[1][1] or 1),
            )
            for key, (p, r, _) in ranked[: args.worst]:
                tp, tr = ref.per_page[key][:2] if ref else (0, 0)
                print(f"  {key[:16]}  {p:.2f} {r:.2f}   {tp:.2f} {tr:.2f}  {data[key]['url'][:70]}")


if __name__ == "__main__":
    main()
