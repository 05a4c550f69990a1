"""Shared fixtures: a fast fake voice, a quiet config, and the sample article."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from fakes import ToneVoice, engine_speaking_with

from briefcast import voices
from briefcast.config import Config, load_config

DATA = Path(__file__).parent / "data"
SAMPLE = DATA / "npr_ukraine_pasted.txt"


@pytest.fixture
def tone_voice(monkeypatch: pytest.MonkeyPatch) -> Iterator[ToneVoice]:
    """Register a :class:`ToneVoice` as engine "tone" for the duration of a test."""
    voice = ToneVoice()
    monkeypatch.setitem(voices.REGISTRY, "tone", engine_speaking_with("tone", voice))
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


@pytest.fixture(scope="session", autouse=True)
def _session_voice_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Module- and session-scoped fixtures, built before any test's own cache exists, also
    stay out of the user's ~/.cache (stale sentences there once made a rebuild differ)."""
    folder = tmp_path_factory.mktemp("session-voice-cache")
    saved = {k: os.environ.get(k) for k in ("XDG_CACHE_HOME", "BRIEFCAST_CACHE_DIR")}
    os.environ["XDG_CACHE_HOME"] = str(folder)
    os.environ["BRIEFCAST_CACHE_DIR"] = str(folder / "briefcast")
    yield
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(autouse=True)
def _own_voice_cache(tmp_path_factory: pytest.TempPathFactory,
                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets an empty cache of voiced sentences, never the user's ~/.cache.

    Without it, a test's fake voice could be served sentences cached by an earlier test.
    """
    folder = tmp_path_factory.mktemp("voice-cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    monkeypatch.setenv("BRIEFCAST_CACHE_DIR", str(folder / "briefcast"))
