"""Voices: text-to-speech engines behind one small Protocol, chosen by name from a registry.

Every engine turns one sentence into a :class:`Clip` of mono 16-bit PCM at its own sample rate.
One episode is always spoken by one engine; the pipeline decides on fallback. Each registered
:class:`Engine` can also say, without speaking, whether it is usable here (installed, reachable)
and which voices, accents and languages it offers: that is what ``briefcast voices`` prints.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from ..config import Config
from ..errors import ConfigError


@dataclass(frozen=True)
class Clip:
    """Mono signed 16-bit little-endian PCM at ``sample_rate`` Hz."""

    pcm: bytes
    sample_rate: int

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


def plan_ahead(voice: Voice, paragraphs: Sequence[Sequence[str]]) -> None:
    """Tell ``voice`` the whole episode in advance, when it can use that."""
    if isinstance(voice, PlansAhead):
        voice.plan(paragraphs)


@dataclass(frozen=True)
class EngineStatus:
    """Whether an engine can speak here, and what it offers.

    ``state`` is one word ("ready", "unreachable", "refused", "not installed", "broken");
    ``usable`` is true only for "ready". ``detail`` says why, or what is configured.
    """

    name: str
    usable: bool
    state: str
    summary: str
    detail: str = ""
    voices: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    accents: tuple[str, ...] = ()


VoiceFactory = Callable[[Config], Voice]
StatusProbe = Callable[[Config, float], EngineStatus]


@dataclass(frozen=True)
class Engine:
    """A registered engine: how to make its voice, and how to check it without speaking.

    ``parallel`` marks a CPU-bound engine that a pool of processes may voice (``voice.workers``):
    its voice must be deterministic and picklable by configuration (made anew from the config
    in each process). Network engines keep their pacing in one process and are not pooled.
    """

    name: str
    create: VoiceFactory
    status: StatusProbe
    parallel: bool = False


def _gtts(cfg: Config) -> Voice:
    from .gtts_engine import GttsVoice

    g = cfg.voice.gtts
    if not cfg.queue.broker:
        return GttsVoice(g)
    # With a broker, every worker on every machine keeps one pace for Google together.
    from ..ratelimit import redis_pacer

    pacer = redis_pacer(cfg.queue.broker, f"gtts:{g.tld}", g.min_interval, g.concurrency,
                        lease=2 * g.timeout + 5)
    return GttsVoice(g, pacer=pacer)


def _gtts_status(cfg: Config, timeout: float) -> EngineStatus:
    from .gtts_engine import status

    return status(cfg.voice.gtts, timeout)


def _piper(cfg: Config) -> Voice:
    from .piper_engine import PiperEngineVoice

    return PiperEngineVoice(cfg.voice.piper)


def _piper_status(cfg: Config, timeout: float) -> EngineStatus:
    from .piper_engine import status

    return status(cfg.voice.piper)


ENGINES: dict[str, Engine] = {
    "gtts": Engine("gtts", _gtts, _gtts_status),
    "piper": Engine("piper", _piper, _piper_status, parallel=True),
}
REGISTRY: dict[str, VoiceFactory] = {name: engine.create for name, engine in ENGINES.items()}

# How long ``briefcast voices`` waits for a network engine to answer before calling it
# unreachable: long enough for a slow link, short enough that an offline machine is not stuck.
PROBE_TIMEOUT = 3.0


def get_voice(name: str, cfg: Config) -> Voice:
    """The engine ``name`` configured from ``cfg``; raises when unknown or not installed."""
    try:
        factory = REGISTRY[name]
    except KeyError:
        raise ConfigError(
            f"unknown engine {name!r}; choose one of: {', '.join(REGISTRY)}"
        ) from None
    return factory(cfg)


def engine_statuses(cfg: Config, timeout: float = PROBE_TIMEOUT) -> list[EngineStatus]:
    """Every registered engine's status; never raises for an engine that is merely unusable."""
    return [engine.status(cfg, timeout) for engine in ENGINES.values()]
