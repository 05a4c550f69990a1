"""What every voice engine is: the :class:`Voice` Protocol, its :class:`Clip`, and the
:class:`Engine` record that registers an engine with its own settings.

An engine owns everything about itself, as a beets plugin owns its config view: its settings
dataclass (defaults in the fields), their validation, its commented part of the ``init``
template, how it sets itself up for a language, and how it reports whether it is usable. The
core configuration keeps each engine's table as written and never imports an engine.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, Protocol, TypeVar, runtime_checkable


@dataclass(frozen=True)
class Clip:
    """Mono signed 16-bit little-endian PCM at ``sample_rate`` Hz; ``cpu_seconds`` is what
    voicing it cost the engine's process (0 when unknown: a cached or network clip)."""

    pcm: bytes
    sample_rate: int
    cpu_seconds: float = field(default=0.0, compare=False)

    @property
    def seconds(self) -> float:
        """Length of the clip in seconds."""
        return len(self.pcm) / (2 * self.sample_rate)


@runtime_checkable
class Voice(Protocol):
    """A text-to-speech engine, ready to speak."""

    name: str
    sample_rate: int

    def identity(self) -> str:
        """Engine, voice and every setting that changes the sound (a cache key part)."""
        ...

    def speak(self, sentences: Sequence[str]) -> list[Clip]:
        """Speak a paragraph's sentences: one clip per sentence, in order.

        Raise :class:`~briefcast.errors.VoiceError` on failure. An engine may batch sentences
        internally but must return each sentence's own audio, so that timings are real.
        """
        ...


@runtime_checkable
class PlansAhead(Protocol):
    """A voice that speaks better when told the whole episode before the first paragraph.

    gTTS packs sentences of neighbouring paragraphs into one request; a voice without this
    capability simply speaks paragraph by paragraph.
    """

    def plan(self, paragraphs: Sequence[Sequence[str]]) -> None:
        """Every paragraph's sentences, in the order :meth:`Voice.speak` will be called."""
        ...


@runtime_checkable
class SharesPace(Protocol):
    """A network voice that can keep one pace with every process using the same broker.

    With ``queue.broker`` set, :func:`~briefcast.voices.get_voice` hands the broker's URL to
    such a voice, so that its request limits hold for all workers together.
    """

    def share_pace(self, broker: str) -> None:
        """Pace every later request through the broker at ``broker``."""
        ...


def plan_ahead(voice: Voice, paragraphs: Sequence[Sequence[str]]) -> None:
    """Tell ``voice`` the whole episode in advance, when it can use that."""
    if isinstance(voice, PlansAhead):
        voice.plan(paragraphs)


@runtime_checkable
class SpeaksPhonemes(Protocol):
    """A voice that reads inline phonemes written ``[[ ... ]]`` in its text (Piper, whose
    espeak-ng phonemiser passes such a block through as phonemes)."""

    def speaks_phonemes(self) -> bool:
        """True when this voice's model takes espeak phonemes."""
        ...


class PhonemeVoice:
    """``voice`` hearing each sentence rewritten by ``rewrite`` (respellings to phonemes).

    Wrapped around the cache, so that the cache key follows the text the engine is given: a
    changed phoneme entry re-voices exactly the sentences that contain it.
    """

    def __init__(self, voice: Voice, rewrite: Callable[[str], str]) -> None:
        self.voice = voice
        self.rewrite = rewrite
        self.name = voice.name
        self.sample_rate = voice.sample_rate

    def identity(self) -> str:
        """The wrapped voice's identity."""
        return self.voice.identity()

    def plan(self, paragraphs: Sequence[Sequence[str]]) -> None:
        """Plan the rewritten paragraphs."""
        plan_ahead(self.voice, [[self.rewrite(s) for s in p] for p in paragraphs])

    def speak(self, sentences: Sequence[str]) -> list[Clip]:
        """Speak the rewritten sentences."""
        return self.voice.speak([self.rewrite(s) for s in sentences])


@dataclass(frozen=True)
class EngineStatus:
    """Whether an engine can speak here, and what it offers.

    ``state`` is one word ("ready", "unreachable", "refused", "not installed", "broken");
    ``usable`` is true only for "ready". ``detail`` says why, or what is configured.
    ``accents_setting`` and ``languages_setting`` name the settings that choose among
    ``accents`` and ``languages`` ("" when they cannot be chosen).
    """

    name: str
    usable: bool
    state: str
    summary: str
    detail: str = ""
    voices: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    accents: tuple[str, ...] = ()
    accents_setting: str = ""
    languages_setting: str = ""


S = TypeVar("S")


def _same(settings: S, language: str) -> S:
    return settings


def _nothing_to_check(settings: Any) -> None:
    return None


@dataclass(frozen=True)
class Engine(Generic[S]):
    """A registered engine: its settings, how to make its voice, how to check it.

    ``settings`` is a frozen dataclass whose field defaults are the engine's defaults; the
    ``[voice.<name>]`` table of the configuration is read into it and passed to ``validate``
    (which raises :class:`~briefcast.errors.ConfigError`). ``create`` makes the voice;
    ``for_language`` returns the settings set up to speak a language tag (unchanged by
    default; raise :class:`~briefcast.errors.VoiceUnavailable` when it cannot be spoken).
    ``status`` says, without speaking, whether the engine is usable here (``None``: it is
    usable when its voice can be made). ``template`` is the engine's commented table for
    ``briefcast init``. ``parallel`` marks a CPU-bound engine that a pool of processes may
    voice (``voice.workers``): its voice must be deterministic and made anew from the config
    in each process. Network engines keep their pacing in one process and are not pooled.
    ``choose`` sets the settings to the voice an anchor names after the engine's name.
    """

    name: str
    summary: str
    settings: type[S]
    create: Callable[[S], Voice]
    status: Callable[[S, float], EngineStatus] | None = None
    validate: Callable[[S], None] = _nothing_to_check
    for_language: Callable[[S, str], S] = _same
    template: str = ""
    parallel: bool = False
    # The settings speaking with the voice named after the engine in an anchor ("kokoro:
    # af_heart", "piper:en_GB-alba-medium", "gtts:co.uk"); None: the engine has no such choice.
    choose: Callable[[S, str], S] | None = None
