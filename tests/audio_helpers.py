"""Helpers of the audio tests: decode and measure MP3s with the bundled ffmpeg and numpy."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import numpy as np

from briefcast.audio.media import ffmpeg_exe

RATE = 44100


def ffmpeg(*args: str) -> subprocess.CompletedProcess[bytes]:
    """Run the ffmpeg briefcast uses; fail the test on a non-zero exit."""
    proc = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-nostdin", *args],
        capture_output=True,
        check=False,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr.decode("utf-8", "replace")[-2000:]
    return proc


def ebur128(path: Path) -> tuple[float, float]:
    """Integrated loudness (LUFS) and true peak (dBTP) by ``ebur128=peak=true``."""
    text = ffmpeg(
        "-nostats", "-i", str(path), "-af", "ebur128=peak=true", "-f", "null", "-"
    ).stderr.decode("utf-8", "replace")
    summary = text[text.rfind("Summary:") :]
    integrated = re.search(r"I:\s+(-?[\d.]+) LUFS", summary)
    peak = re.search(r"True peak:\s+Peak:\s+(-?[\d.]+) dBFS", summary)
    assert integrated and peak, summary
    return float(integrated.group(1)), float(peak.group(1))


def decode(path: Path, rate: int = RATE) -> np.ndarray:
    """The whole file as mono float samples in [-1, 1] at ``rate``."""
    raw = ffmpeg(
        "-v", "error", "-i", str(path), "-f", "s16le", "-ac", "1", "-ar", str(rate), "-"
    ).stdout
    return np.frombuffer(raw, dtype="<i2").astype(np.float64) / 32768.0


def rms_db(samples: np.ndarray) -> float:
    """RMS level of ``samples`` in dBFS."""
    return float(10 * np.log10(np.mean(samples**2) + 1e-20))


def tone_db(samples: np.ndarray, freq: float, rate: int = RATE) -> float:
    """RMS level (dBFS) of the sine at ``freq`` within ``samples``, from a windowed spectrum.

    A steady tone gathers in a few bins while speech spreads over thousands, so the tone can be
    measured under a voice.
    """
    window = np.hanning(len(samples))
    spectrum = np.abs(np.fft.rfft(samples * window))
    bins = np.fft.rfftfreq(len(samples), 1 / rate)
    near = np.abs(bins - freq) <= 3.0
    # Energy of the window's main lobe around the tone, normalised for the Hann window.
    energy = np.sum(spectrum[near] ** 2) / (np.sum(window**2) * len(samples) / 2)
    return float(10 * np.log10(energy + 1e-20))


def make_tone(path: Path, freq: float, seconds: float, volume_db: float = -12.0) -> Path:
    """Write a sine of ``freq`` Hz peaking at ``volume_db`` dBFS, lasting ``seconds``, to
    ``path`` (any format ffmpeg writes)."""
    amplitude = 10 ** (volume_db / 20)
    ffmpeg(
        "-v",
        "error",
        "-f",
        "lavfi",
        "-i",
        f"aevalsrc={amplitude:.6f}*sin(2*PI*{freq}*t):s={RATE}:d={seconds}",
        "-y",
        str(path),
    )
    return path
