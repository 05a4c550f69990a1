"""Shared fixtures: a fast fake voice, a quiet config, and the sample article."""

from __future__ import annotations

import array
import math
import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from briefcast import voices
from briefcast.config import Config, load_config
from briefcast.voices import Clip

DATA = Path(__file__).parent / "data"
SAMPLE = DATA / "npr_ukraine_pasted.txt"


class ToneVoice:
    """A stand-in voice for tests where the sound does not matter: a tone per sentence.

    Each sentence lasts 60 ms per character, so lengths are predictable; ``calls`` counts the
    sentences spoken.
    """

    name = "tone"
    sample_rate = 16000

    def __init__(self) -> None:
        self.calls = 0

    def identity(self) -> str:
        """Fixed: the tone never changes."""
        return "tone:v1"

    def speak(self, sentences: Sequence[str]) -> list[Clip]:
        """A 220 Hz tone as long as the sentence would take to say."""
        clips = []
        for sentence in sentences:
            self.calls += 1
            n = int(self.sample_rate * 0.06 * len(sentence))
            samples = array.array(
                "h", (int(8000 * math.sin(2 * math.pi * 220 * i / self.sample_rate))
                      for i in range(n))
            )
            clips.append(Clip(samples.tobytes(), self.sample_rate))
        return clips


@pytest.fixture
def tone_voice(monkeypatch: pytest.MonkeyPatch) -> Iterator[ToneVoice]:
    """Register a :class:`ToneVoice` as engine "tone" for the duration of a test."""
    voice = ToneVoice()
    monkeypatch.setitem(voices.REGISTRY, "tone", lambda cfg: voice)
    yield voice


@pytest.fixture
def show_dir(tmp_path: Path) -> Path:
    """An empty folder to run a show in."""
    return tmp_path


@pytest.fixture
def tone_config(tone_voice: ToneVoice, tmp_path: Path) -> Config:
    """A config that voices with the tone voice into ``tmp_path/feed``, without fallback."""
    return load_config(None, overrides={"voice.engine": "tone", "voice.fallback": ""},
                       env={}, cwd=tmp_path)


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    """The sample article copied to a temporary folder."""
    target = tmp_path / "npr_ukraine_pasted.txt"
    shutil.copyfile(SAMPLE, target)
    return target


@pytest.fixture(autouse=True)
def _own_voice_cache(tmp_path_factory: pytest.TempPathFactory,
                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets an empty cache of voiced sentences, never the user's ~/.cache.

    Without it, a test's fake voice could be served sentences cached by an earlier test.
    """
    folder = tmp_path_factory.mktemp("voice-cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    monkeypatch.setenv("BRIEFCAST_CACHE_DIR", str(folder / "briefcast"))
