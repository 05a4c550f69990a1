"""Voices: text-to-speech engines behind one small Protocol, chosen by name from a registry.

Every engine turns one sentence into a :class:`Clip` of mono 16-bit PCM at its own sample rate.
One episode is always spoken by one engine; the pipeline decides on fallback.
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


VoiceFactory = Callable[[Config], Voice]


def _gtts(cfg: Config) -> Voice:
    from .gtts_engine import GttsVoice

    return GttsVoice(cfg.voice.gtts)


def _piper(cfg: Config) -> Voice:
    from .piper_engine import PiperEngineVoice

    return PiperEngineVoice(cfg.voice.piper)


REGISTRY: dict[str, VoiceFactory] = {"gtts": _gtts, "piper": _piper}


def get_voice(name: str, cfg: Config) -> Voice:
    """The engine ``name`` configured from ``cfg``; raises when unknown or not installed."""
    try:
        factory = REGISTRY[name]
    except KeyError:
        raise ConfigError(
            f"unknown engine {name!r}; choose one of: {', '.join(REGISTRY)}"
        ) from None
    return factory(cfg)
