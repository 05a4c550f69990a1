"""Which language an article is in, and whether a voice can speak it.

The language comes from the article's metadata when it has one (front matter, ``<html lang>``),
else it is detected offline with py3langid (a small n-gram model shipped inside the package; no
download at run time). Engines that speak many languages set themselves up for the article's
(gTTS through its own table of languages); :func:`check_voice_language` refuses, before any
synthesis, a voice bound to another language (the Piper voice exposes ``.language``, e.g.
``"en-us"``).
"""

from __future__ import annotations

import functools
import logging
import re
from typing import Any

from ..errors import VoiceUnavailable

log = logging.getLogger(__name__)

# Shorter texts give unreliable guesses; the caller's default is used instead.
MIN_DETECT_WORDS = 12
SAMPLE_CHARS = 4000
# Normalised probability below which a detection is not trusted.
MIN_CONFIDENCE = 0.80
# English function words that no other Latin-script language uses as words. News English has
# 15 to 25 % of its words in this set, other languages close to none: above 10 % the text is
# English and the n-gram model (0.5 to 2 s to load) is not needed.
_ENGLISH_MARKERS = frozenset(
    "the and of to that with for which from this were they have has been their would said "
    "but".split()
)
ENGLISH_SHARE = 0.10


def normalise_tag(tag: str) -> str:
    """A BCP 47 tag in lower case with hyphens: ``"en_US"`` -> ``"en-us"``; ``""`` if invalid."""
    tag = tag.strip().replace("_", "-").lower()
    return tag if re.fullmatch(r"[a-z]{2,3}(?:-[a-z0-9]{2,8})*", tag) else ""


def primary(tag: str) -> str:
    """The primary language subtag: ``"en-us"`` -> ``"en"``."""
    return normalise_tag(tag).split("-", 1)[0]


@functools.lru_cache(maxsize=1)
def _identifier() -> Any:
    """py3langid's identifier with normalised probabilities, loaded once (about 0.5 s)."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect(text: str) -> str:
    """The language of ``text`` as an ISO 639-1 code, or ``""`` when too short or unsure."""
    sample = text[:SAMPLE_CHARS]
    if len(sample.split()) < MIN_DETECT_WORDS:
        return ""
    words = re.findall(r"[^\W\d_]+", sample.lower())
    if words and sum(w in _ENGLISH_MARKERS for w in words) / len(words) >= ENGLISH_SHARE:
        return "en"
    code, probability = _identifier().classify(sample)
    if probability < MIN_CONFIDENCE:
        log.info("language detection unsure (%s at %.2f); using the default", code, probability)
        return ""
    return str(code)


def check_voice_language(voice: object, language: str) -> None:
    """Refuse a voice bound to one language (``.language``) when the article is in another.

    Engines that can speak many languages (gTTS) have no ``language`` attribute and are set up
    by their engine's ``for_language`` instead.
    """
    spoken = str(getattr(voice, "language", "") or "")
    if not language or not spoken:
        return
    if primary(spoken) != primary(language):
        name = getattr(voice, "name", "voice")
        raise VoiceUnavailable(
            f"the {name} voice speaks {spoken!r} but the article is in {language!r}; choose a "
            f"{name} voice for that language (voice.{name}.voices.{primary(language)} = "
            f'"/path/to/voice.onnx", or voice.{name}.model) or use --engine gtts'
        )


def episode_language(languages: list[str], default: str) -> str:
    """The language of an episode: its articles' common language, else the first one's."""
    known = [normalise_tag(x) for x in languages if normalise_tag(x)]
    if not known:
        return normalise_tag(default)
    if len({primary(x) for x in known}) > 1:
        log.warning(
            "the articles are in several languages (%s); the voice speaks %s",
            ", ".join(dict.fromkeys(known)),
            known[0],
        )
    return known[0]
