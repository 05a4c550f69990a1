"""Parallel voicing (voices/pool.py): a pool of Piper processes gives the serial build's audio.

The pooled build is the session's shared sample build (2 processes); the serial one is built
here once, into its own empty cache, so both are really voiced.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from audio_helpers import decode
from conftest import build_sample_with_piper
from fakes import ToneVoice

from briefcast import pipeline
from briefcast.config import load_config
from briefcast.voices import REGISTRY
from briefcast.voices.base import Clip
from briefcast.voices.pool import PooledVoice, pool_size, pooled


@pytest.fixture(scope="module")
def serial(tmp_path_factory: pytest.TempPathFactory) -> pipeline.BuildResult:
    """The sample built with Piper in the build's own process (voice.workers = 1)."""
    pytest.importorskip("piper")
    return build_sample_with_piper(tmp_path_factory.mktemp("serial"), 1)


def test_two_workers_give_the_same_pcm_as_one(
    serial: pipeline.BuildResult, piper_sample: tuple[pipeline.BuildResult, Path]
) -> None:
    """The sample voiced by 2 Piper processes decodes to exactly the samples of the serial
    build, with the same sentence timings; only the voicing was spread."""
    pooled_build, _ = piper_sample
    one, two = decode(serial.audio_path), decode(pooled_build.audio_path)
    assert len(one) > 44100 * 60  # a real episode, over a minute of speech
    assert np.array_equal(one, two)
    cues = [[(c.start, c.end, c.text) for c in s.cues] for s in serial.episode.segments]
    assert cues == [
        [(c.start, c.end, c.text) for c in s.cues] for s in pooled_build.episode.segments
    ]


def test_pool_size_defaults_to_the_cores_and_only_cpu_engines_are_pooled(
    tone_voice: ToneVoice, tmp_path: Path
) -> None:
    """voice.workers = 0 means one process per core; Piper is pooled, gTTS (paced in one
    process) is not, and one worker means no pool at all."""
    import os

    cfg = load_config(None, env={}, cwd=tmp_path)
    assert pool_size(cfg) == (os.cpu_count() or 1)
    assert REGISTRY["piper"].parallel and not REGISTRY["gtts"].parallel
    two = load_config(None, overrides={"voice.workers": 2}, env={}, cwd=tmp_path)
    assert isinstance(pooled(tone_voice, "piper", two), PooledVoice)
    assert pooled(tone_voice, "gtts", two) is tone_voice
    one = load_config(None, overrides={"voice.workers": 1}, env={}, cwd=tmp_path)
    assert pooled(tone_voice, "piper", one) is tone_voice


def test_unplanned_sentences_are_voiced_in_process(tone_voice: ToneVoice, tmp_path: Path) -> None:
    """Without a plan the pool starts no process: the wrapped voice speaks, clip for clip."""
    cfg = load_config(None, overrides={"voice.workers": 2}, env={}, cwd=tmp_path)
    voice = PooledVoice(tone_voice, "piper", cfg, 2)
    try:
        clips = voice.speak(["One sentence.", "Another one."])
    finally:
        voice.close()
    assert clips == tone_voice.speak(["One sentence.", "Another one."])
    assert all(isinstance(c, Clip) and c.pcm for c in clips)
