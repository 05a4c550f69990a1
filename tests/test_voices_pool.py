"""Parallel voicing (voices/pool.py): a pool of Piper processes gives the serial build's audio.

The sample's opening is built here twice, each time into its own empty cache so that both
builds are really voiced: by a pool of 2 processes and in the build's own process.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from audio_helpers import decode
from conftest import SAMPLE, build_sample_with_piper
from fakes import ToneVoice

from briefcast import pipeline
from briefcast.config import load_config
from briefcast.voices import REGISTRY
from briefcast.voices.base import Clip
from briefcast.voices.pool import PooledVoice, pool_size, pooled

# The sample's headline and first paragraphs: sixteen sentences, over a minute of speech.
OPENING_LINES = 12


def build_opening(work: Path, workers: int) -> pipeline.BuildResult:
    """The sample's opening built with Piper and ``workers`` voicing processes, in an empty
    voice cache of its own."""
    work.mkdir()
    article = work / SAMPLE.name
    lines = SAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)
    article.write_text("".join(lines[:OPENING_LINES]), encoding="utf-8")
    return build_sample_with_piper(work, workers, article=article)


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[pipeline.BuildResult, ...]:
    """The sample's opening voiced by one process and by a pool of two."""
    pytest.importorskip("piper")
    work = tmp_path_factory.mktemp("pool")
    return build_opening(work / "serial", 1), build_opening(work / "pooled", 2)


def test_two_workers_give_the_same_pcm_as_one(builds: tuple[pipeline.BuildResult, ...]) -> None:
    """The sample's opening voiced by 2 Piper processes decodes to exactly the samples of the
    serial build, with the same sentence timings; only the voicing was spread."""
    serial, pooled_build = builds
    one, two = decode(serial.audio_path), decode(pooled_build.audio_path)
    assert len(one) > 44100 * 60  # a real episode, over a minute of speech
    assert np.array_equal(one, two)
    cues = [[(c.start, c.end, c.text) for c in s.cues] for s in serial.episode.segments]
    assert sum(map(len, cues)) >= 10
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


_ORPHAN_SCRIPT = """
import sys, time
from pathlib import Path
sys.path[:0] = [{src!r}, {tests!r}]
from fakes import ToneVoice
from briefcast.config import load_config
from briefcast.voices.pool import PooledVoice

if __name__ == "__main__":
    import multiprocessing
    cfg = load_config(None, overrides={{"voice.workers": 2}}, env={{}}, cwd=Path({cwd!r}))
    voice = PooledVoice(ToneVoice(), "no-such-engine", cfg, 2)
    voice.plan([["One sentence.", "Another one.", "A third."]])
    time.sleep(1.0)
    print(" ".join(str(p.pid) for p in multiprocessing.active_children()), flush=True)
    time.sleep(120)
"""


def _alive(pid: int) -> bool:
    """True while ``pid`` runs (a zombie waiting for a reaper counts as gone)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def test_pool_processes_exit_when_the_building_process_is_killed(tmp_path: Path) -> None:
    """A build killed with SIGKILL leaves no voicing process behind: each one sees its parent
    gone and exits within seconds (they lived on at 230 MB each for hours)."""
    import os
    import signal
    import subprocess
    import sys
    import time

    tests = Path(__file__).resolve().parent
    script = tmp_path / "orphan.py"
    script.write_text(
        _ORPHAN_SCRIPT.format(src=str(tests.parent / "src"), tests=str(tests), cwd=str(tmp_path)),
        encoding="utf-8",
    )
    proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        pids = [int(p) for p in proc.stdout.readline().split()]
        assert pids
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    deadline = time.monotonic() + 5.0
    while time.monotonic() < deadline and any(_alive(p) for p in pids):
        time.sleep(0.1)
    left = [p for p in pids if _alive(p)]
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert left == []
