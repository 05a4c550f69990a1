"""The pronunciation lexicon: how the show says names no rule can guess ("Zelenskyy", "Kyiv").

A producer writes entries in ``briefcast.toml`` (``[pronunciations]``) or in a
``pronunciations.toml`` beside it::

    "Silvanovskyi" = "Sil-va-NOV-skee"       # a respelling, heard by every engine
    "Kyiv" = { say = "Keev", ipa = "kɪjiv" }  # Piper speaks the phonemes instead

Entries are applied after normalisation, to whole words and phrases (never inside a word;
"Kyiv's" is "Keev's"), longest phrase first, in one pass, so a respelling is never respelled
again. Case: an entry written in lower case matches any case ("kyiv" matches "Kyiv" and
"KYIV"); an entry with a capital letter matches exactly that case ("US" leaves "us" alone). A
key is also matched in its normalised form ("St. Louis" matches "Saint Louis"). The
respelling is put in as written. Pure functions, no I/O.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property


@dataclass(frozen=True)
class Entry:
    """One lexicon entry: the ``written`` word or phrase, what to ``say``, optional ``ipa``.

    Invariant: ``written`` and ``say`` are non-empty; ``ipa`` is "" or a phoneme string that
    Piper's espeak phoneme set can read.
    """

    written: str
    say: str
    ipa: str = ""


def _pattern(keys: Iterable[str], *, ignore_case: bool) -> re.Pattern[str] | None:
    ordered = sorted(set(keys), key=len, reverse=True)
    if not ordered:
        return None
    alternatives = "|".join(re.escape(k) for k in ordered)
    return re.compile(
        rf"(?<![\w-])(?:{alternatives})(?![\w-])", re.IGNORECASE if ignore_case else 0
    )


@dataclass(frozen=True)
class Lexicon:
    """The show's pronunciation entries, applied to spoken text."""

    entries: tuple[Entry, ...] = ()
    # How a written key is normalised, so that "St. Louis" also matches "Saint Louis".
    normaliser: Callable[[str], str] | None = field(default=None, compare=False)

    def __bool__(self) -> bool:
        return bool(self.entries)

    @cached_property
    def _tables(self) -> tuple[dict[str, Entry], dict[str, Entry]]:
        exact: dict[str, Entry] = {}
        folded: dict[str, Entry] = {}
        for entry in self.entries:
            forms = {entry.written}
            if self.normaliser is not None:
                spoken = self.normaliser(entry.written).rstrip(".")
                if spoken:
                    forms.add(spoken)
            for form in forms:
                if form.islower() or not any(c.isalpha() for c in form):
                    folded[form.lower()] = entry
                else:
                    exact[form] = entry
        return exact, folded

    @cached_property
    def _patterns(self) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
        exact, folded = self._tables
        return _pattern(exact, ignore_case=False), _pattern(folded, ignore_case=True)

    @cached_property
    def _phoneme_pattern(self) -> re.Pattern[str] | None:
        return _pattern((e.say for e in self.entries if e.ipa), ignore_case=False)

    def apply(self, text: str) -> str:
        """``text`` with every entry's respelling put in for its written form."""
        if not self.entries:
            return text
        exact, folded = self._tables
        exact_re, folded_re = self._patterns
        spans: list[tuple[int, int, str]] = []
        for pattern, lookup in (
            (exact_re, lambda m: exact[m]),
            (folded_re, lambda m: folded[m.lower()]),
        ):
            if pattern is None:
                continue
            for match in pattern.finditer(text):
                if any(s < match.end() and match.start() < e for s, e, _ in spans):
                    continue
                spans.append((match.start(), match.end(), lookup(match.group(0)).say))
        out, last = [], 0
        for start, end, say in sorted(spans):
            out.append(text[last:start])
            out.append(say)
            last = end
        out.append(text[last:])
        return "".join(out)

    def matches(self, text: str) -> bool:
        """True when ``text`` contains an entry's written form."""
        return self.apply(text) != text

    def phonemes(self, spoken: str) -> str:
        """``spoken`` (with respellings in) for a voice that takes phonemes: each respelling of
        an entry with ``ipa`` becomes Piper's inline phoneme block ``[[ ipa ]]``."""
        pattern = self._phoneme_pattern
        if pattern is None:
            return spoken
        ipa = {e.say: e.ipa for e in self.entries if e.ipa}
        return pattern.sub(lambda m: f"[[ {ipa[m.group(0)]} ]]", spoken)
