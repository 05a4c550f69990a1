"""Normalising text for speech: what a voice should say for what a page shows.

Both voices stumble on written conventions: "a $5 fee", "Henry VIII", "(D-Mass.)", "the '90s",
"1-800-555-0199". :func:`normalise` rewrites a sentence so that it is read as a newsreader
would read it, and never changes what it means: every rule rewrites a written form into the
words it stands for, and anything ambiguous is left as it is.

- English gets the whole rule table of :mod:`.english`.
- Every other language gets the language-neutral rules (typography, web and e-mail addresses,
  dashes) and, where num2words speaks it, its numbers in words: integers and decimals as
  written in that language ("1 000", "1.000", "4,5"), years, percentages, number ranges and
  amounts in euros, dollars and pounds (:mod:`.other`).

:class:`Speech` bundles the producer's settings (extra acronyms, the pronunciation lexicon of
:mod:`.lexicon`) and is what the scripting stage calls. Pure functions, no I/O.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from . import english, other
from .english import ACRONYM_LETTERS, ACRONYM_WORDS, Rule
from .lexicon import Entry, Lexicon
from .numbers import cardinal, ordinal

__all__ = ["Entry", "Lexicon", "Rule", "Speech", "cardinal", "normalise", "ordinal", "rules_for"]


@lru_cache(maxsize=32)
def _english_rules(
    words: frozenset[str], letters: frozenset[str], language: str
) -> tuple[Rule, ...]:
    return english.rules(words, letters, language)


def rules_for(
    language: str, words: frozenset[str] = ACRONYM_WORDS, letters: frozenset[str] = ACRONYM_LETTERS
) -> tuple[Rule, ...]:
    """The rules applied to text in ``language`` (English rules when empty or "en*")."""
    lang = (language or "en").lower()
    if lang.startswith("en"):
        if words is ACRONYM_WORDS and letters is ACRONYM_LETTERS and lang == "en":
            return english.RULES
        return _english_rules(words, letters, lang)
    return other.rules(lang)


# A run of digits and number separators this long is no number anybody reads out, and the
# number rules (``\d[\d,.]*`` before a unit) take quadratic time on it: 30,000 digits cost
# 40 s. It is cut to its first characters before any rule runs.
LONGEST_NUMBER = 40
_LONG_NUMBER = re.compile(rf"\d[\d.,]{{{LONGEST_NUMBER - 1},}}")


def normalise(
    text: str,
    language: str = "en",
    *,
    words: frozenset[str] = ACRONYM_WORDS,
    letters: frozenset[str] = ACRONYM_LETTERS,
) -> str:
    """``text`` as it should be spoken in ``language``."""
    text = _LONG_NUMBER.sub(lambda m: m.group(0)[:LONGEST_NUMBER].rstrip(".,"), text)
    ended = text.rstrip()[-1:] in (".", "!", "?")
    for rule in rules_for(language, words, letters):
        text = rule(text)
    if ended and text[-1:] not in (".", "!", "?", '"', "'", ")"):
        # "in the U.S." loses its closing period when an abbreviation is read out.
        text += "."
    return text


@dataclass(frozen=True)
class Speech:
    """How the show speaks: acronyms beyond the built-in lists, and the pronunciation lexicon.

    ``acronym_words`` are read as words ("NASA"), ``acronym_letters`` letter by letter ("FBI");
    both add to the built-in lists, and a producer's entry wins over a built-in one.
    """

    acronym_words: frozenset[str] = frozenset()
    acronym_letters: frozenset[str] = frozenset()
    lexicon: Lexicon = field(default_factory=Lexicon)

    def _lists(self) -> tuple[frozenset[str], frozenset[str]]:
        if not self.acronym_words and not self.acronym_letters:
            return ACRONYM_WORDS, ACRONYM_LETTERS
        words = (ACRONYM_WORDS - self.acronym_letters) | self.acronym_words
        letters = (ACRONYM_LETTERS - self.acronym_words) | self.acronym_letters
        return words, letters

    def normalise(self, text: str, language: str = "en") -> str:
        """``text`` normalised with this show's acronym lists, without the lexicon."""
        words, letters = self._lists()
        return normalise(text, language, words=words, letters=letters)

    def say(self, text: str, language: str = "en") -> str:
        """``text`` as the voice will say it: normalised, then the lexicon applied."""
        return self.lexicon.apply(self.normalise(text, language))


DEFAULT_SPEECH = Speech()
