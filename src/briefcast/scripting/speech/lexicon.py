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

import bisect
import re
from collections.abc import Callable, Sequence
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


# A text is cut into tokens: runs of word characters and hyphens (the characters a match may
# not touch), and every other character alone. A key matches a run of whole tokens.
_TOKEN = re.compile(r"[\w-]+|.", re.DOTALL)
_WORDISH = re.compile(r"[\w-]")


# A key of long plain words ("Silvanovskyi", "Volodymyr Zelenskyy") is its own normalised
# form: the normaliser rewrites numbers, symbols, abbreviations ("St.", "Dr", "vs") and
# acronyms, never a word of five letters or more in lower or title case. Asking it anyway
# cost 30-60 us a key, seconds for a lexicon of 100,000 names.
_PLAIN_KEY = re.compile(r"(?:[^\W\d_][^\W\d_A-Z]{4,})(?: [^\W\d_][^\W\d_A-Z]{4,})*")


class _Keys:
    """Keys (whole words and phrases) found in a text by dictionary lookups on its tokens: at
    each token the longest key that starts there, the next search after it. Each token is
    looked at once per key prefix it continues, so a 100,000-entry lexicon costs what a small
    one does (one alternation of 100,000 regexes took seconds to build and to run)."""

    def __init__(self, table: dict[str, str], *, fold: bool) -> None:
        self.fold = fold
        self.table = table
        prefixes: set[str] = set()
        for key in table:
            head = ""
            for token in _TOKEN.findall(key):
                head += token
                prefixes.add(head)
        self.prefixes = frozenset(prefixes)

    def spans(
        self, text: str, taken: Sequence[tuple[int, int, str]] = ()
    ) -> list[tuple[int, int, str]]:
        """(start, end, value) of each key found in ``text``, left to right, never inside a
        word and never overlapping ``taken`` (sorted spans found before)."""
        found: list[tuple[int, int, str]] = []
        if not self.table:
            return found
        tokens = [(m.start(), m.group(0)) for m in _TOKEN.finditer(text)]
        words = [bool(_WORDISH.match(token)) for _, token in tokens]
        if self.fold:
            tokens = [(start, token.lower()) for start, token in tokens]
        blocked = [(s, e) for s, e, _ in taken]
        i, count = 0, len(tokens)
        while i < count:
            head = tokens[i][1]
            if head not in self.prefixes or (i and not words[i] and words[i - 1]):
                i += 1
                continue
            best: tuple[int, str] | None = None
            j = i
            while True:
                value = self.table.get(head)
                if value is not None and (words[j] or j + 1 == count or not words[j + 1]):
                    best = (j, value)
                j += 1
                if j == count:
                    break
                head += tokens[j][1]
                if head not in self.prefixes:
                    break
            if best is None:
                i += 1
                continue
            start = tokens[i][0]
            last = best[0]
            end = tokens[last + 1][0] if last + 1 < count else len(text)
            at = bisect.bisect_left(blocked, (end, end))
            if at and blocked[at - 1][1] > start:
                i += 1  # inside a span found before
                continue
            found.append((start, end, best[1]))
            i = last + 1
        return found


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
            if self.normaliser is not None and not _PLAIN_KEY.fullmatch(entry.written):
                said = self.normaliser(entry.written).rstrip(".")
                if said:
                    forms.add(said)
            for form in forms:
                if form.islower() or not any(c.isalpha() for c in form):
                    folded[form.lower()] = entry
                else:
                    exact[form] = entry
        return exact, folded

    @cached_property
    def _keys(self) -> tuple[_Keys, _Keys]:
        exact, folded = self._tables
        return (
            _Keys({k: e.say for k, e in exact.items()}, fold=False),
            _Keys({k: e.say for k, e in folded.items()}, fold=True),
        )

    @cached_property
    def _phoneme_keys(self) -> _Keys:
        return _Keys({e.say: f"[[ {e.ipa} ]]" for e in self.entries if e.ipa}, fold=False)

    def apply(self, text: str) -> str:
        """``text`` with every entry's respelling put in for its written form."""
        if not self.entries:
            return text
        exact, folded = self._keys
        spans = exact.spans(text)
        spans = sorted(spans + folded.spans(text, spans))
        return _replace(text, spans)

    def matches(self, text: str) -> bool:
        """True when ``text`` contains an entry's written form."""
        return self.apply(text) != text

    def phonemes(self, spoken: str) -> str:
        """``spoken`` (with respellings in) for a voice that takes phonemes: each respelling of
        an entry with ``ipa`` becomes Piper's inline phoneme block ``[[ ipa ]]``."""
        keys = self._phoneme_keys
        if not keys.table:
            return spoken
        return _replace(spoken, keys.spans(spoken))


def _replace(text: str, spans: list[tuple[int, int, str]]) -> str:
    """``text`` with each (start, end, value) span, sorted and apart, replaced by its value."""
    out, last = [], 0
    for start, end, value in spans:
        out.append(text[last:start])
        out.append(value)
        last = end
    out.append(text[last:])
    return "".join(out)
