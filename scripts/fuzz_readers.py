"""Mutation fuzzing of the reading and scripting stages: anything but a BriefcastError is a bug.

Seeds are the test fixtures (pasted text, Markdown, HTML pages, the extraction pages, podcast
and news feeds), a PDF drawn with reportlab, two e-mails, and the hostile inputs of the second
adversarial round (issue 24, built by tests/hostile.py): a PDF /Length reference loop, a flate
bomb, a Subject of 8,000 encoded words, 5,000 nested multiparts, 3,000 nested message/rfc822
parts, a From of 50,000 nested comments, "*a " and "[" 64,000 times in Markdown and "$5-"
40,000 times. Each case mutates one seed
(flipped, deleted, repeated and inserted bytes, hostile strings, a change of encoding), reads
it from standard input or from a file with the seed's extension, scripts the article, and
for XML seeds also validates it and parses it as a briefing's news feed.

Cases run in ``--jobs`` worker processes (default: one per core), each warmed up once (the
language model, the compiled patterns) so that no case pays for loading; case N of a run
with ``--seed`` S is the same whichever worker runs it. A case past ``--hang`` seconds (60)
is stopped and counted as a failure. Prints every distinct failure (exception type and the
last briefcast frames) with its traceback, and every case that took more than a second
(wall and CPU time: on a shared machine the wall time also counts other people's work), and
writes each such input to ``--out``; at the end, the cases per second, the slowest case, the
cases over 5 s, and the peak memory of a worker process and of the PDF reader's child
processes (the PDF time budget is set to 4 s here, so that a case that uses it all stays
under 5 s). Asserts nothing. The inputs it found are kept in tests/data/fuzz/ and
tests/data/feeds/damaged_*.xml.gz, with tests.

Usage: PYTHONPATH=src python3 scripts/fuzz_readers.py [--seconds 120] [--cases N] [--seed 1]
       [--jobs 2] [--hang 60] [--out DIR]
"""

from __future__ import annotations

import argparse
import collections
import gzip
import io
import itertools
import logging
import multiprocessing
import os
import random
import resource
import signal
import sys
import tempfile
import time
import traceback
from datetime import date
from pathlib import Path
from typing import Any

from briefcast.errors import BriefcastError
from briefcast.reading import briefing
from briefcast.reading.read import read_article
from briefcast.reading.readers import pdf
from briefcast.scripting.script import build_script
from briefcast.site import validate

TESTS = Path(__file__).resolve().parents[1] / "tests"
DATA = TESTS / "data"
SUFFIXES = (".txt", ".md", ".html", ".xml", ".gz", ".eml")
HOSTILE = [
    "\u0000",
    "\u202e",
    "\ufeff",
    "\ufffd",
    "\u00ad",
    "\u200b",
    "𝕳𝖊𝖑𝖑𝖔",
    "\x1b[31m",
    "<script>",
    "]]>",
    "&#0;",
    "&#xD800;",
    "&bogus;",
    "\r",
    "\t" * 50,
    "-" * 300,
    "A" * 5000,
    "1,000,000,000,000,000,000,000%",
    "$99999999999999999999999.99",
    "3:61 p.m.",
    "MCMXCIXX",
    "No. 0000000000001",
    "½¾⅞",
    "١٢٣",
    "☃" * 100,
    "<h1></h1>" * 20,
    "<table><tr><td>" * 50,
]
MAIL = (
    b"From: a@b.c\r\nSubject: =?utf-8?q?Hello_w=C3=B6rld?=\r\nContent-Type: multipart/"
    b"alternative; boundary=XX\r\n\r\n--XX\r\nContent-Type: text/html; charset=utf-8\r\n"
    b"\r\n<html><body><p>The council voted on Monday to build a new bridge over the river,"
    b" officials said.</p><p>Work begins next year.</p></body></html>\r\n--XX--\r\n"
)
LETTER = (
    b'From: "The Daily" <news@daily.example>\nDate: Tue, 01 Dec 2026 06:00:00 +0000\n'
    b"Subject: =?iso-8859-1?q?Caf=E9_news?=\nMIME-Version: 1.0\nContent-Type: text/plain;"
    b" charset=iso-8859-1\nContent-Transfer-Encoding: quoted-printable\n\nThe council "
    b"voted on Monday to build a new bridge over the river, officials s=\naid. Work "
    b"begins next year, the mayor said.\n"
)


def seeds() -> list[tuple[str, bytes]]:
    """(file name, bytes) of every seed."""
    found = []
    for path in sorted(DATA.rglob("*")):
        if path.is_file() and path.suffix in SUFFIXES:
            data = path.read_bytes()
            found.append(
                (
                    path.name.removesuffix(".gz"),
                    gzip.decompress(data) if path.suffix == ".gz" else data,
                )
            )
    found += [("mail.eml", MAIL), ("letter.eml", LETTER), ("drawn.pdf", drawn_pdf())]
    return found + hostile_seeds()


def hostile_seeds() -> list[tuple[str, bytes]]:
    """The second adversarial round's inputs (issue 24), from tests/hostile.py."""
    sys.path.insert(0, str(TESTS))
    import hostile

    return [
        ("loop.pdf", hostile.reference_loop_pdf()),
        ("bomb.pdf", hostile.flate_bomb_pdf(400)),
        ("subject.eml", hostile.encoded_subject_mail(8_000)),
        ("multipart.eml", hostile.nested_multipart_mail(5_000)),
        ("rfc822.eml", hostile.nested_rfc822_mail(3_000)),
        ("comments.eml", hostile.nested_comment_from_mail(50_000)),
        ("emphasis.md", b"# Emphasis\n\n" + b"*a " * 64_000 + b"\n"),
        ("brackets.md", b"# Brackets\n\n" + b"[" * 64_000 + b"\n"),
        ("currency.txt", b"Prices\n\n" + b"$5-" * 40_000 + b"\n"),
    ]


def drawn_pdf() -> bytes:
    """A three-page PDF with headings and hyphenated line ends."""
    from reportlab.pdfgen import canvas

    out = io.BytesIO()
    pdf = canvas.Canvas(out)
    for page in range(3):
        pdf.setFont("Helvetica-Bold", 18)
        pdf.drawString(72, 750, f"Heading {page}")
        pdf.setFont("Helvetica", 11)
        for line in range(30):
            pdf.drawString(
                72,
                720 - line * 14,
                f"Line {line} of page {page}, with a two-year story and some text-",
            )
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def mutate(data: bytes, rnd: random.Random) -> bytes:
    """``data`` with one to six random mutations."""
    out = bytearray(data)
    for _ in range(rnd.randint(1, 6)):
        if not out:
            out += b"x"
        i, op = rnd.randrange(len(out)), rnd.random()
        hostile = rnd.choice(HOSTILE).encode("utf-8", "replace")
        if op < 0.2:
            out[i] = rnd.randrange(256)
        elif op < 0.35:
            del out[i : i + rnd.randint(1, 200)]
        elif op < 0.5:
            out[i:i] = hostile
        elif op < 0.6:
            del out[i:]
        elif op < 0.7:
            j = rnd.randrange(len(out))
            out[i:i] = out[j : j + rnd.randint(1, 500)]
        elif op < 0.8:
            out[i:i] = bytes(rnd.randrange(256) for _ in range(rnd.randint(1, 30)))
        elif op < 0.9:
            encoding = rnd.choice(["utf-16", "latin-1", "cp1252", "utf-8"])
            out = bytearray(out.decode("utf-8", "replace").encode(encoding, "replace"))
        else:
            out[i:i] = hostile * rnd.randint(1, 50)
    return bytes(out)


def run_case(name: str, data: bytes, via_file: bool, folder: Path) -> None:
    """Read, script and (for XML) validate and parse as a news feed; raise what fails."""
    if via_file:
        path = folder / name
        path.write_bytes(data)
        article = read_article(str(path))
    else:
        article = read_article("-", stdin=data)
    build_script([article], show_title="Fuzz", day=date(2026, 12, 1))


def run_feed(name: str, data: bytes) -> None:
    """The XML checks: validation, and the briefing's feed parser with each entry scripted."""
    validate.validate_bytes(data)
    feed = briefing.parse_feed(data, name)
    for entry in feed.entries[:5]:
        try:
            article = briefing._summary_article(entry)
        except BriefcastError:
            continue
        build_script([article], show_title="Fuzz", day=date(2026, 12, 1))


class CaseTimeout(BaseException):
    """A case ran past ``--hang`` seconds (a BaseException, so that no reader swallows it)."""


# Set in each worker by _init_worker: the seeds, and where a case writes its file.
_WORKER: dict[str, Any] = {}


def _init_worker(folder: str) -> None:
    """Load the seeds and warm up once per worker, so that the first case does not pay for the
    language model and the compiled patterns (a 3 KB feed was timed at 46 s as a first case)."""
    logging.disable(logging.WARNING)  # the readers' warnings on damaged input are expected
    pdf.PDF_SECONDS = 4.0
    _WORKER["pool"] = seeds()
    _WORKER["folder"] = Path(tempfile.mkdtemp(prefix="fuzz-case-", dir=folder))
    warm = b"# Warm up\n\nThe council voted on Monday to spend $5m on the bridge, officials said.\n"
    run_case("warm.md", warm, False, _WORKER["folder"])

    def on_alarm(signum: int, frame: object) -> None:
        raise CaseTimeout

    signal.signal(signal.SIGALRM, on_alarm)


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the PDF reader)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def fuzz_case(job: tuple[int, int, float]) -> dict[str, Any]:
    """Case number ``number`` of the run seeded ``seed``: the same case whichever worker runs
    it. Returns its seed name, wall and CPU seconds, peak memory so far and any failure."""
    number, seed, hang = job
    rnd = random.Random(f"{seed}:{number}")
    name, original = rnd.choice(_WORKER["pool"])
    data, via_file = mutate(original, rnd), rnd.random() < 0.5
    steps: list[tuple[Any, tuple[Any, ...]]] = [
        (run_case, (name, data, via_file, _WORKER["folder"]))
    ]
    if name.endswith(".xml"):
        steps.append((run_feed, (name, data)))
    failure: tuple[str, tuple[str, ...], str] | None = None
    cpu, start = _cpu(), time.monotonic()
    signal.setitimer(signal.ITIMER_REAL, hang)
    try:
        for step, step_args in steps:
            try:
                step(*step_args)
            except BriefcastError:
                pass
            except Exception as exc:  # noqa: BLE001 - any other exception is the finding
                frames = traceback.extract_tb(exc.__traceback__)
                where = tuple(
                    f"{Path(f.filename).name}:{f.lineno}"
                    for f in frames
                    if "briefcast" in f.filename
                )[-2:]
                failure = (type(exc).__name__, where, traceback.format_exc())
    except CaseTimeout:
        failure = ("Hang", (f"over {hang:g} s",), f"case {number} ran past {hang:g} s")
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
    took, cpu = time.monotonic() - start, _cpu() - cpu
    keep = failure is not None or took > 1.0
    return {
        "number": number,
        "name": name,
        "size": len(data),
        "seconds": took,
        "cpu": cpu,
        "failure": failure,
        "data": data if keep else None,
        "peak": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "child": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024,
    }


def main() -> None:
    """Fuzz for ``--seconds`` (or ``--cases``) over ``--jobs`` processes and report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--cases", type=int, default=0, help="stop after this many cases")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--hang", type=float, default=60.0, help="a case past this is a hang")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "fuzz-readers")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    print(
        f"{len(seeds())} seeds; {args.jobs} processes; "
        + (f"{args.cases} cases" if args.cases else f"fuzzing for {args.seconds:.0f} s")
        + f"; failing and slow inputs go to {args.out}",
        flush=True,
    )
    bugs: dict[tuple[str, tuple[str, ...]], str] = collections.OrderedDict()
    cases = slow = over_5 = cpu_over_5 = 0
    slowest, slowest_cpu = (0.0, ""), (0.0, "")
    peak = child = 0.0
    total_cpu = 0.0
    began = time.monotonic()
    deadline = began + (1e9 if args.cases else args.seconds)
    numbers = range(args.cases) if args.cases else itertools.count()
    jobs = ((n, args.seed, args.hang) for n in numbers)
    with tempfile.TemporaryDirectory(prefix="fuzz-") as tmp:
        ctx = multiprocessing.get_context("forkserver")
        with ctx.Pool(args.jobs, _init_worker, (tmp,), maxtasksperchild=2000) as workers:
            for result in workers.imap_unordered(fuzz_case, jobs, chunksize=4):
                cases += 1
                name, took = result["name"], result["seconds"]
                total_cpu += result["cpu"]
                peak, child = max(peak, result["peak"]), max(child, result["child"])
                slowest = max(slowest, (took, f"{name}, case {result['number']}"))
                slowest_cpu = max(slowest_cpu, (result["cpu"], f"{name}, case {result['number']}"))
                over_5 += took > 5.0
                cpu_over_5 += result["cpu"] > 5.0
                if result["failure"]:
                    kind, where, text = result["failure"]
                    if (kind, where) not in bugs:
                        bugs[(kind, where)] = text
                        (args.out / f"bug{len(bugs)}.{name}").write_bytes(result["data"])
                        print(f"failure {len(bugs)}: {kind} at {', '.join(where)} ({name})")
                if took > 1.0:
                    slow += 1
                    (args.out / f"slow{slow}.{name}").write_bytes(result["data"])
                    print(
                        f"slow case {slow}: {took:.1f} s, {result['cpu']:.1f} s CPU "
                        f"({name}, case {result['number']}, {result['size']} bytes)",
                        flush=True,
                    )
                if cases % 2000 == 0:
                    elapsed = time.monotonic() - began
                    print(
                        f"... {cases} cases in {elapsed:.0f} s ({elapsed / cases:.3f} s a case), "
                        f"{len(bugs)} failures, slowest {slowest[0]:.2f} s, {over_5} over 5 s, "
                        f"peak {peak:.0f} MB",
                        flush=True,
                    )
                if time.monotonic() > deadline:
                    workers.terminate()
                    break
    elapsed = time.monotonic() - began
    print(
        f"{cases} cases in {elapsed:.0f} s ({elapsed / max(cases, 1):.3f} s a case over "
        f"{args.jobs} processes, {total_cpu / max(cases, 1):.3f} s CPU a case), "
        f"{len(bugs)} distinct failures, {slow} over a second"
    )
    print(
        f"slowest case {slowest[0]:.2f} s ({slowest[1]}), {over_5} over 5 s; most CPU "
        f"{slowest_cpu[0]:.2f} s ({slowest_cpu[1]}), {cpu_over_5} over 5 s of CPU; peak memory "
        f"{peak:.0f} MB in a fuzzing process, {child:.0f} MB in the largest PDF child"
    )
    for (kind, where), text in bugs.items():
        print("=" * 78, f"\n{kind} at {', '.join(where)}\n{text}")


if __name__ == "__main__":
    main()
