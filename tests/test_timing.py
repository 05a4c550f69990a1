"""One timing model: ``briefcast script``'s estimate, made from the voice's remembered speaking
rate and the layout the build uses, lands within 5% of the built episode with the real offline
voice, without music and with intro, outro and bed music."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from audio_helpers import ffmpeg
from conftest import SAMPLE_TITLE

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "tests" / "data" / "npr_ukraine_pasted.txt"


def _cli(args: list[str], cwd: Path, cache: Path) -> str:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "BRIEFCAST_CACHE_DIR": str(cache)}
    proc = subprocess.run(
        [sys.executable, "-m", "briefcast", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def _estimate(folder: Path, cache: Path) -> float:
    out = _cli(
        ["script", str(SAMPLE), "--engine", "piper", "--title", SAMPLE_TITLE, "--json"],
        folder,
        cache,
    )
    data = json.loads(out)
    assert data["seconds"] == pytest.approx(sum(s["seconds"] for s in data["segments"]), abs=0.5)
    return float(data["seconds"])


def _built_seconds(folder: Path) -> float:
    [record] = [
        p
        for p in (folder / "feed" / "episodes").glob("*.json")
        if not p.name.endswith(".chapters.json")
    ]
    return float(json.loads(record.read_text(encoding="utf-8"))["duration"])


@pytest.fixture(scope="module")
def calibrated(piper_rate: object) -> object:
    """Piper's speaking rate measured on the calibration text alone (no episode seen)."""
    return piper_rate


def _calibrated_estimate(folder: Path, rate: object) -> float:
    from briefcast import pipeline, timing
    from briefcast.audio import assemble
    from briefcast.config import load_config

    cfg = load_config(overrides={"voice.engine": "piper"}, env={}, cwd=folder)
    script = pipeline.preview_script([str(SAMPLE)], cfg, title=SAMPLE_TITLE)
    return timing.estimate_script_seconds(
        script,
        rate,
        cfg.audio,  # type: ignore[arg-type]
        assemble.music_times(cfg.audio),
    )


def test_estimate_within_5_percent_without_music(
    piper_readme: Path, piper_cache: Path, calibrated: object
) -> None:
    """The estimate at Piper's calibrated rate (before any episode) is within 5% of the built
    sample; ``briefcast script`` after the build (the rate refined on it) is too."""
    built = _built_seconds(piper_readme)
    before = _calibrated_estimate(piper_readme, calibrated)
    assert abs(before - built) / built < 0.05, (before, built)
    estimate = _estimate(piper_readme, piper_cache)
    assert abs(estimate - built) / built < 0.05, (estimate, built)


def test_estimate_within_5_percent_with_music(
    piper_readme: Path, piper_cache: Path, tmp_path: Path, calibrated: object
) -> None:
    """With intro and outro music and a bed, the estimate counts the music and the bed's
    lead and stays within 5% of the built episode (the sentences come from the cache)."""
    for name, seconds, tone in (("intro", 6, 440), ("outro", 4, 330), ("bed", 9, 220)):
        ffmpeg(
            "-v",
            "error",
            "-f",
            "lavfi",
            "-i",
            f"sine=f={tone}:d={seconds}",
            "-ar",
            "44100",
            str(tmp_path / f"{name}.wav"),
        )
    (tmp_path / "briefcast.toml").write_text(
        '[audio]\nintro = "intro.wav"\noutro = "outro.wav"\nbed = "bed.wav"\n', encoding="utf-8"
    )
    (tmp_path / "feed").mkdir()
    # The voice's rate as remembered by the first build of this voice.
    shutil.copyfile(
        piper_readme / "feed" / "speaking-rates.json", tmp_path / "feed" / "speaking-rates.json"
    )
    plain = _estimate(piper_readme, piper_cache)
    estimate = _estimate(tmp_path, piper_cache)
    # Music: 10 s of intro and outro, and the bed's lead before and after the voice.
    assert estimate - plain == pytest.approx(10 + 2 * 3.0 - 0.5, abs=0.5)
    _cli(
        ["build", str(SAMPLE), "--engine", "piper", "--title", SAMPLE_TITLE], tmp_path, piper_cache
    )
    built = _built_seconds(tmp_path)
    assert abs(estimate - built) / built < 0.05, (estimate, built)
    before = _calibrated_estimate(tmp_path, calibrated)
    assert abs(before - built) / built < 0.05, (before, built)
