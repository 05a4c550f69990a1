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

Prints every distinct failure (exception type and the last briefcast frames) with its
traceback, and every case that took more than a second, and writes each failing input to
``--out``; at the end, the slowest case, the cases over 5 s, and the peak memory of this
process and of the PDF reader's child processes (the PDF time budget is set to 4 s here, so
that a case that uses it all stays under 5 s). Asserts nothing. The inputs it found are kept
in tests/data/fuzz/ and tests/data/feeds/damaged_*.xml.gz, with tests.

Usage: PYTHONPATH=src python3 scripts/fuzz_readers.py [--seconds 120] [--cases N] [--seed 1]
       [--out DIR]
"""

from __future__ import annotations

import argparse
import collections
import gzip
import io
import logging
import random
import resource
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


def main() -> None:
    """Fuzz for ``--seconds`` and report."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--cases", type=int, default=0, help="stop after this many cases")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "fuzz-readers")
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # the readers' warnings on damaged input are expected
    pdf.PDF_SECONDS = 4.0
    args.out.mkdir(parents=True, exist_ok=True)
    pool, rnd = seeds(), random.Random(args.seed)
    print(f"{len(pool)} seeds; fuzzing for {args.seconds:.0f} s; failing inputs go to {args.out}")
    bugs: dict[tuple[str, tuple[str, ...]], str] = collections.OrderedDict()
    slow = cases = over_5 = 0
    slowest = (0.0, "")
    deadline = time.monotonic() + (1e9 if args.cases else args.seconds)
    with tempfile.TemporaryDirectory(prefix="fuzz-case-") as tmp:
        while time.monotonic() < deadline and (not args.cases or cases < args.cases):
            name, seed = rnd.choice(pool)
            data, via_file = mutate(seed, rnd), rnd.random() < 0.5
            cases += 1
            if cases % 2000 == 0:
                print(
                    f"... {cases} cases, {len(bugs)} failures, slowest {slowest[0]:.2f} s, "
                    f"{over_5} over 5 s, peak "
                    f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB",
                    flush=True,
                )
            start = time.monotonic()
            steps: list[tuple[Any, tuple[Any, ...]]] = [
                (run_case, (name, data, via_file, Path(tmp)))
            ]
            if name.endswith(".xml"):
                steps.append((run_feed, (name, data)))
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
                    key = (type(exc).__name__, where)
                    if key not in bugs:
                        bugs[key] = traceback.format_exc()
                        (args.out / f"bug{len(bugs)}.{name}").write_bytes(data)
                        print(
                            f"failure {len(bugs)}: {key[0]} at {', '.join(where)} ({name})",
                            flush=True,
                        )
            took = time.monotonic() - start
            slowest = max(slowest, (took, name))
            over_5 += took > 5.0
            if took > 1.0:
                slow += 1
                (args.out / f"slow{slow}.{name}").write_bytes(data)
                print(f"slow case {slow}: {took:.1f} s ({name}, {len(data)} bytes)", flush=True)
    print(f"{cases} cases, {len(bugs)} distinct failures, {slow} over a second")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"slowest case {slowest[0]:.2f} s ({slowest[1]}), {over_5} over 5 s; peak memory "
        f"{peak:.0f} MB in this process, {child:.0f} MB in the largest PDF child"
    )
    for (kind, where), text in bugs.items():
        print("=" * 78, f"\n{kind} at {', '.join(where)}\n{text}")


if __name__ == "__main__":
    main()
