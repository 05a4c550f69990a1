"""Benchmark: time and peak memory of the second adversarial round's resource cases (issue 24).

Each case runs ``briefcast script`` on one hostile input in a fresh process (the CLI, as a
producer would run it) and reports its wall time, its peak memory (VmHWM, plus the largest
child process, which is where a PDF is read) and its outcome: the article read, or the one
``Error:`` line it was refused with. The target is every case within 10 s and 300 MB ("ok"),
or refused with one line ("refused"); "OVER" marks a case that is neither. The inputs are
built by tests/hostile.py; the trickling server runs here on 127.0.0.1. Prints one table; it
is not a test.

    PYTHONPATH=src python3 scripts/bench_hostile.py [--only NAME]
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests")]

import hostile  # noqa: E402

# Runs the CLI and writes its own peak memory to the file named by BENCH_PEAK at exit.
HARNESS = (
    "import sys, os, atexit; sys.path[:0] = [{src!r}]; "
    "atexit.register(lambda: open(os.environ['BENCH_PEAK'], 'w').write(next(l for l in "
    "open('/proc/self/status') if l.startswith('VmHWM')))); "
    "from briefcast.cli import main; sys.argv = ['briefcast'] + sys.argv[1:]; main()"
)


def _dense_pdf(pages: int) -> bytes:
    """``pages`` pages of small dense text (the round's 112 KB PDF of 80 dense pages)."""
    import io

    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    for page in range(pages):
        pdf.setFont("Helvetica", 4)
        for line in range(180):
            pdf.drawString(
                10, 830 - line * 4.5, f"p{page} l{line} " + "tide harbour board vote " * 12
            )
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def _lexicon_story(entries: int) -> bytes:
    """An article naming 50 of ``entries`` names, whose pronunciations.toml (written beside it
    by ``run``) respells every one of them (the round's 100,000-entry lexicon took 31 s)."""
    import random

    rnd = random.Random(1)
    names: set[str] = set()
    while len(names) < entries:
        names.add("".join(rnd.choice("bdfgklmnprstvz") + rnd.choice("aeiou") for _ in range(4)))
    ordered = sorted(names)
    LEXICONS["story.md"] = "".join(f'"{n.capitalize()}" = "{n}-say"\n' for n in ordered)
    said = " ".join(f"The talks with {n.capitalize()} went on." for n in ordered[:: entries // 50])
    return f"# Talks\n\n{said}\n".encode()


# A pronunciations.toml to write beside a case's input, by the input's name.
LEXICONS: dict[str, str] = {}


class Trickle(BaseHTTPRequestHandler):
    """A body or headers one byte a second."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        try:
            if self.path == "/body":
                self.send_response(200)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                data = b"<html><body><p>" + b"slow " * 500
            else:
                self.wfile.write(b"HTTP/1.1 200 OK\r\n")
                data = b"X-Slow: " + b"a" * 500
            for byte in data:
                self.wfile.write(bytes([byte]))
                self.wfile.flush()
                time.sleep(1.0)
        except OSError:
            return


CASES: list[tuple[str, str, Callable[[], bytes]]] = [
    ("pdf-length-loop", "loop.pdf", hostile.reference_loop_pdf),
    ("pdf-flate-bomb-800MB", "bomb.pdf", lambda: hostile.flate_bomb_pdf(800)),
    ("pdf-80-dense-pages", "dense.pdf", lambda: _dense_pdf(80)),
    ("mail-subject-8000-words", "subject.eml", lambda: hostile.encoded_subject_mail(8_000)),
    ("mail-subject-60000-words", "subject.eml", lambda: hostile.encoded_subject_mail(60_000)),
    ("mail-5000-multiparts", "deep.eml", lambda: hostile.nested_multipart_mail(5_000)),
    ("mail-3000-rfc822", "deep.eml", lambda: hostile.nested_rfc822_mail(3_000)),
    ("mail-from-50000-comments", "from.eml", lambda: hostile.nested_comment_from_mail(50_000)),
    ("md-emphasis-64000", "a.md", lambda: b"# E\n\n" + b"*a " * 64_000 + b"\n"),
    ("md-brackets-64000", "b.md", lambda: b"# B\n\n" + b"[" * 64_000 + b"\n"),
    ("text-currency-40000", "c.txt", lambda: b"Prices\n\n" + b"$5-" * 40_000 + b"\n"),
    ("lexicon-100000-entries", "story.md", lambda: _lexicon_story(100_000)),
    ("url-trickled-body", "/body", lambda: b""),
    ("url-trickled-headers", "/headers", lambda: b""),
]


def run(name: str, target: str, data: bytes, folder: Path, base: str) -> tuple[float, float, str]:
    """Seconds, peak MB (the CLI or its largest child) and the outcome of one case."""
    if target.startswith("/"):
        source = base + target
    else:
        source = str(folder / target)
        Path(source).write_bytes(data)
    lexicon = folder / "pronunciations.toml"
    lexicon.unlink(missing_ok=True)
    if target in LEXICONS:
        lexicon.write_text(LEXICONS.pop(target), encoding="utf-8")
    peak_file = folder / "peak"
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-c", HARNESS.format(src=str(ROOT / "src")), "script", source],
        cwd=folder,
        capture_output=True,
        text=True,
        env={**os.environ, "BENCH_PEAK": str(peak_file)},
        timeout=300,
    )
    seconds = time.monotonic() - start
    own = int(peak_file.read_text().split()[1]) / 1024 if peak_file.exists() else 0.0
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    # RUSAGE_CHILDREN is the largest of all children so far; it only counts when it grew.
    child = after / 1024 if after > before else 0.0
    errors = [line for line in proc.stderr.splitlines() if line.startswith("Error:")]
    outcome = errors[0][:90] if errors else f"read ({len(proc.stdout.split())} words scripted)"
    return seconds, max(own, child if child > own else 0.0), outcome


def main() -> None:
    """Run every case (or ``--only`` one) and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="")
    args = parser.parse_args()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Trickle)
    httpd.daemon_threads = True
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    print(f"{'case':<26} {'seconds':>8} {'peak MB':>8}  outcome")
    with tempfile.TemporaryDirectory(prefix="bench-hostile-") as tmp:
        for name, target, build in CASES:
            if args.only and args.only not in name:
                continue
            seconds, peak, outcome = run(name, target, build(), Path(tmp), base)
            within = seconds <= 10 and peak <= 300
            verdict = "ok" if within else ("refused" if outcome.startswith("Error:") else "OVER")
            print(f"{name:<26} {seconds:>8.2f} {peak:>8.0f}  {verdict}: {outcome}", flush=True)
    httpd.shutdown()


if __name__ == "__main__":
    main()
