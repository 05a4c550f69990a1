"""Benchmark: how well briefcast reads text pasted from a browser.

``../shared/extraction-dev/pastes/`` holds the 88 development pages as a producer pastes them
(selected from the headline to the last paragraph, copied from Chromium) with each page's
``<h1>`` headline in ``headlines.json``. Each paste is run through ``briefcast script PASTE.txt``
(:func:`briefcast.pipeline.preview_script`, default configuration) and its written text, the
section segments with their headings and without the show's intro and outro, is scored against
the development set's ``ground-truth.json`` with the benchmark's metric (see
``bench_extract.py``, whose scoring this reuses): 4-token shingles, precision the mean over
pastes with output, recall the mean over all, F1 their harmonic mean. The raw paste, every line
of it with no cleaning, is scored beside it as the floor.

Also printed, per half of the set (pastes at an even and at an odd position in id order; the
even half is the one to develop on, the odd half checks that a change generalises):

- titles right: the episode title equals the page's headline once case, spaces and
  punctuation are folded, over the pastes whose text holds the headline as a line;
- repeated chapter titles: episodes with two section chapters of one title;
- junk lines left, by kind: lines of the output of which less than half the words belong to
  the article (no 4-word run, or for a short line the line itself, found in the ground truth),
  sorted into kinds by their shape. The kinds are a rough diagnostic for people, not a rule the
  reader uses.

    python3 scripts/bench_pasted.py [--dev ../shared/extraction-dev] [--half even|odd|all]
                                    [--worst 10] [--junk KIND] [--titles] [--dump DIR]
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_extract import (  # noqa: E402
    DEFAULT_DEV,
    NGRAM,
    TOKEN,
    briefcast_script,
    match,
    written_text,
)

JUNK_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "stamp/byline",
        re.compile(
            r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d|\d{1,2}[:.]\d\d\b|"
            r"\b\d{4}\b|\bago\b|\bupdated\b|\bpublished\b|\bposted\b|\bmin(?:ute)? read\b|^by\b|"
            r"\bauthor\b|^@\w+|^[A-Z][a-z]+(?: [A-Z][a-z.]+){1,2}$",
            re.IGNORECASE,
        ),
    ),
    (
        "credit/caption",
        re.compile(
            r"\b(?:photo|photograph|image|picture|credit|getty|shutterstock|alamy|reuters|afp|"
            r"copyright|enlarge|caption|courtesy)\b|©|\w/\w|\bfor [A-Z]",
            re.IGNORECASE,
        ),
    ),
    (
        "promo/links",
        re.compile(
            r"\b(?:subscribe|newsletter|sign up|read more|related|trending|more on|most read|"
            r"also like|continue reading|gallery|donat\w+|support|download|app|follow|click|"
            r"recommended|popular|watch|listen)\b",
            re.IGNORECASE,
        ),
    ),
    (
        "share/widget",
        re.compile(
            r"^(?:\W*\d+\W*|.{0,12}\b(?:twitter|facebook|whatsapp|pinterest|e-?mail|reddit|"
            r"linkedin|share[sd]?|print|comments?|close|tweet|flipboard|mix|sharing)\b.{0,20})$",
            re.IGNORECASE,
        ),
    ),
)


def fold(text: str) -> str:
    """Case, spaces and punctuation folded, for comparing titles."""
    return re.sub(r"\W+", " ", text.lower()).strip()


def is_junk(line: str, truth_grams: set[tuple[str, ...]], truth_text: str) -> bool:
    """Less than half the words of ``line`` belong to the article."""
    tokens = [t.lower() for t in TOKEN.findall(line)]
    if not tokens:
        return False
    if len(tokens) < NGRAM:
        return f" {' '.join(tokens)} " not in truth_text
    covered = [False] * len(tokens)
    for i in range(len(tokens) - NGRAM + 1):
        if tuple(tokens[i : i + NGRAM]) in truth_grams:
            covered[i : i + NGRAM] = [True] * NGRAM
    return sum(covered) < len(tokens) / 2


def junk_kind(line: str) -> str:
    """The rough kind of a junk line, by its shape."""
    short = len(line.split()) <= 25
    for kind, pattern in JUNK_KINDS:
        if short and pattern.search(line):
            return kind
    return "other"


def junk_lines(text: str, truth: str) -> list[tuple[str, str]]:
    """(kind, line) of every line of ``text`` that is not the article's."""
    tokens = [t.lower() for t in TOKEN.findall(truth)]
    grams = {tuple(tokens[i : i + NGRAM]) for i in range(len(tokens) - NGRAM + 1)}
    flat = f" {' '.join(tokens)} "
    return [
        (junk_kind(line.strip()), line.strip())
        for line in text.split("\n")
        if line.strip() and is_junk(line, grams, flat)
    ]


@dataclass
class Run:
    """One system's results on a set of pastes."""

    name: str
    scores: dict[str, tuple[float, float, bool]] = field(default_factory=dict)
    titles: dict[str, str] = field(default_factory=dict)
    repeated: dict[str, list[str]] = field(default_factory=dict)
    junk: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)

    def figures(self, keys: list[str]) -> tuple[float, float, float]:
        """(F1, P, R) over ``keys`` with the benchmark's means."""
        ps = [self.scores[k][0] for k in keys if self.scores[k][2]]
        p = sum(ps) / len(ps) if ps else 0.0
        r = sum(self.scores[k][1] for k in keys) / len(keys) if keys else 0.0
        return (2 * p * r / (p + r) if p + r else 0.0), p, r


def run(pastes: dict[str, Path], truth: dict[str, str]) -> tuple[Run, Run]:
    """Score the raw pastes and briefcast's reading of them."""
    raw, ours = Run("raw paste (floor)"), Run("briefcast")
    for key, path in pastes.items():
        text = path.read_text(encoding="utf-8")
        raw.texts[key] = text
        raw.scores[key] = match(truth[key], text)
        raw.junk[key] = junk_lines(text, truth[key])
        script = briefcast_script(path)
        written = written_text(script)
        ours.texts[key] = written
        ours.scores[key] = match(truth[key], written)
        ours.junk[key] = junk_lines(written, truth[key])
        ours.titles[key] = script.title if script else ""
        chapters = [fold(s.title) for s in script.segments if s.kind == "section"] if script else []
        ours.repeated[key] = [t for t, n in Counter(chapters).items() if n > 1]
    return raw, ours


def main() -> None:
    """Run both halves (or one) and print the tables."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--dev", type=Path, default=DEFAULT_DEV, help="development set folder")
    ap.add_argument("--half", choices=("even", "odd", "all"), default="all")
    ap.add_argument("--worst", type=int, default=0, help="list the N worst pastes")
    ap.add_argument("--junk", action="append", help="list junk lines left of this kind ('all')")
    ap.add_argument("--titles", action="store_true", help="list the titles that are wrong")
    ap.add_argument("--dump", type=Path, help="write briefcast's text per paste here")
    args = ap.parse_args()
    logging.basicConfig(level=logging.ERROR)
    data = json.loads((args.dev / "ground-truth.json").read_text(encoding="utf-8"))
    heads = json.loads((args.dev / "pastes" / "headlines.json").read_text(encoding="utf-8"))
    ids = sorted(data)
    halves = {"even": ids[0::2], "odd": ids[1::2]}
    chosen = ids if args.half == "all" else halves[args.half]
    truth = {k: data[k]["articleBody"] for k in chosen}
    pastes = {k: args.dev / "pastes" / f"{k}.txt" for k in chosen}
    raw, ours = run(pastes, truth)

    def holds_headline(key: str) -> bool:
        headline = fold(heads[key].get("headline") or "")
        return bool(headline) and headline in {fold(x) for x in raw.texts[key].split("\n")}

    groups = [(h, [k for k in keys if k in pastes]) for h, keys in halves.items()]
    groups = [(h, keys) for h, keys in groups if keys]
    if len(groups) == 2:
        groups.append(("all", chosen))
    print(f"{len(chosen)} pastes from {args.dev / 'pastes'}")
    print("| half | system            | F1    | P     | R     | titles right | repeated chapters |")
    print("|------|-------------------|-------|-------|-------|--------------|-------------------|")
    for half, keys in groups:
        for system in (raw, ours):
            f1, p, r = system.figures(keys)
            held = [k for k in keys if holds_headline(k)]
            if system is ours:
                right = sum(fold(ours.titles[k]) == fold(heads[k]["headline"]) for k in held)
                titles = f"{right}/{len(held)} {right / len(held):.0%}" if held else "-"
                rep = str(sum(bool(ours.repeated[k]) for k in keys))
            else:
                titles, rep = "", ""
            print(
                f"| {half:<4} | {system.name:<17} | {f1:.3f} | {p:.3f} | {r:.3f} | "
                f"{titles:>12} | {rep:>17} |"
            )
    kinds = [k for k, _ in JUNK_KINDS] + ["other"]
    print("\nJunk lines left, by kind (lines of which less than half the words are the article's)")
    print("| half | system            | " + " | ".join(f"{k:>14}" for k in kinds) + " |  total |")
    print("|------|-------------------|" + "|".join("-" * 16 for _ in kinds) + "|--------|")
    for half, keys in groups:
        for system in (raw, ours):
            counts = Counter(kind for k in keys for kind, _ in system.junk[k])
            cells = " | ".join(f"{counts[k]:>14}" for k in kinds)
            total = sum(counts.values())
            print(f"| {half:<4} | {system.name:<17} | {cells} | {total:>6} |")

    if args.titles:
        print("\nTitles that are not the headline (paste holds it: *):")
        for key in chosen:
            head = heads[key]["headline"] or ""
            if fold(ours.titles[key]) != fold(head):
                mark = "*" if holds_headline(key) else " "
                print(
                    f"  {mark} {key[:10]}  got {ours.titles[key][:70]!r}\n{'':16}want {head[:70]!r}"
                )
    rep = {k: v for k, v in ours.repeated.items() if v}
    if rep:
        print("\nRepeated chapter titles:")
        for key, titles in rep.items():
            print(f"  {key[:10]}  {titles}")
    if args.junk:
        print("\nJunk lines left:")
        for key in chosen:
            for kind, line in ours.junk[key]:
                if "all" in args.junk or kind in args.junk:
                    print(f"  {key[:10]} [{kind}] {line[:110]}")
    if args.worst:
        print(f"\nThe {args.worst} worst pastes (F1, P, R; raw P, R):")
        ranked = sorted(
            chosen,
            key=lambda k: (
                2 * ours.scores[k][0] * ours.scores[k][1] / (sum(ours.scores[k][:2]) or 1)
            ),
        )
        for key in ranked[: args.worst]:
            p, r, _ = ours.scores[key]
            rp, rr, _ = raw.scores[key]
            f1 = 2 * p * r / (p + r) if p + r else 0.0
            print(
                f"  {key[:10]}  {f1:.2f} {p:.2f} {r:.2f}   {rp:.2f} {rr:.2f}  "
                f"{data[key]['url'][:60]}"
            )
    if args.dump:
        args.dump.mkdir(parents=True, exist_ok=True)
        for key, text in ours.texts.items():
            (args.dump / f"{key[:10]}.txt").write_text(
                f"# {ours.titles[key]}\n{text}", encoding="utf-8"
            )


if __name__ == "__main__":
    main()
