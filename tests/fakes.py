"""The one fake voice of the test suite, for tests where what the audio says does not matter.

:class:`ToneVoice` speaks each sentence as a sine tone whose length follows a simple speaking
rate of its own (``characters / chars_per_second + overhead`` seconds, optionally capped: not
the estimator's model, so that estimates are really tested against it), so episodes
build in a second with real, measured timings. Each sentence gets its own pitch (from a hash
of its text) and a short fade at both ends, so sentences are tell-apart and trim cleanly.
"""

from __future__ import annotations

import array
import hashlib
import math
from collections.abc import Sequence
from dataclasses import replace

from briefcast import voices
from briefcast.voices import Clip, Engine, NoSettings, Voice

FADE_SECONDS = 0.02


class ToneVoice:
    """A deterministic fake voice; ``sentences_spoken`` (alias ``calls``) counts sentences."""

    name = "tone"

    def __init__(
        self,
        *,
        sample_rate: int = 16000,
        chars_per_second: float = 16.0,
        overhead: float = 0.2,
        min_seconds: float = 0.0,
        max_seconds: float | None = None,
        identity: str = "tone:16cps",
    ) -> None:
        self.sample_rate = sample_rate
        self.chars_per_second = chars_per_second
        self.overhead = overhead
        self.min_seconds = min_seconds
        self.max_seconds = max_seconds
        self._identity = identity
        self.sentences_spoken = 0

    @property
    def calls(self) -> int:
        """Sentences spoken so far."""
        return self.sentences_spoken

    def identity(self) -> str:
        """The configured identity (a cache key part)."""
        return self._identity

    def seconds(self, sentence: str) -> float:
        """How long ``sentence`` lasts when this voice speaks it."""
        seconds = max(self.min_seconds, len(sentence) / self.chars_per_second + self.overhead)
        return min(seconds, self.max_seconds) if self.max_seconds else seconds

    def speak(self, sentences: Sequence[str]) -> list[Clip]:
        """One clip per sentence: a faded tone of :meth:`seconds` length."""
        clips = []
        for sentence in sentences:
            self.sentences_spoken += 1
            count = int(self.seconds(sentence) * self.sample_rate)
            # One whole cycle repeated: a pitch between about 130 and 400 Hz.
            period = 40 + hashlib.sha256(sentence.encode("utf-8")).digest()[0] % 80
            cycle = array.array(
                "h", (int(9000 * math.sin(2 * math.pi * i / period)) for i in range(period))
            )
            samples = (cycle * (count // period + 1))[:count]
            fade = min(count // 2, int(FADE_SECONDS * self.sample_rate))
            for i in range(fade):
                samples[i] = samples[i] * i // fade
                samples[count - 1 - i] = samples[count - 1 - i] * i // fade
            clips.append(Clip(samples.tobytes(), self.sample_rate))
        return clips


def engine_speaking_with(name: str, voice: Voice) -> Engine[object]:
    """An engine table entry named ``name`` whose voice is ``voice``.

    A registered engine keeps its own settings, validation and language set-up and only
    speaks with ``voice``; a new name gets an engine without settings. Neither is pooled: a
    pool's processes start afresh and would load the real engine (Piper, voicing every
    sentence of a "fake" build for real), never ``voice``.
    """
    if name in voices.REGISTRY:
        return replace(voices.REGISTRY[name], create=lambda settings: voice, parallel=False)
    return Engine(name, "a fake voice for tests", NoSettings, lambda settings: voice)
