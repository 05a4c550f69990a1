"""The ffmpeg binary and the few raw calls to it that every audio stage needs.

briefcast never needs ffprobe: decoding always names the codec, and lengths are read from the
decoded PCM or with mutagen. A system ffmpeg is preferred when present; otherwise the binary
shipped inside the imageio-ffmpeg wheel is used, so no system package is required.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import warnings
from collections.abc import Sequence
from pathlib import Path

from .errors import AudioError

SAMPLE_WIDTH = 2  # every PCM buffer in briefcast is signed 16-bit little-endian


@functools.cache
def ffmpeg_exe() -> str:
    """Path of a working ffmpeg: the system's if on PATH, else imageio-ffmpeg's."""
    system = shutil.which("ffmpeg")
    if system:
        return system
    try:
        import imageio_ffmpeg
    except ImportError as exc:  # pragma: no cover - a declared dependency
        raise AudioError("no ffmpeg found: install imageio-ffmpeg or a system ffmpeg") from exc
    return str(imageio_ffmpeg.get_ffmpeg_exe())


@functools.cache
def pydub_audio_segment() -> type:
    """pydub's ``AudioSegment``, pointed at :func:`ffmpeg_exe` (pydub warns when it finds none)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        from pydub import AudioSegment
    AudioSegment.converter = ffmpeg_exe()
    return AudioSegment


def run_ffmpeg(args: Sequence[str], *, input_bytes: bytes | None = None,
               timeout: float | None = None,
               loglevel: str = "error") -> subprocess.CompletedProcess[bytes]:
    """Run ffmpeg with ``args``; raise :class:`AudioError` with its last message.

    ``loglevel`` "info" is needed by the filters that report measurements (loudnorm, ebur128).
    """
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", loglevel, *args]
    try:
        proc = subprocess.run(cmd, input=input_bytes, capture_output=True, timeout=timeout,
                              check=False)
    except subprocess.TimeoutExpired as exc:
        raise AudioError("ffmpeg took too long and was stopped") from exc
    if proc.returncode != 0:
        lines = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise AudioError(f"ffmpeg failed: {lines[-1] if lines else 'exit ' + str(proc.returncode)}")
    return proc


def decode_to_pcm(data: bytes | Path, sample_rate: int, *, codec: str | None = None) -> bytes:
    """Decode compressed audio (bytes or a file) to mono s16le PCM at ``sample_rate``."""
    args: list[str] = []
    if codec:
        args += ["-f", codec]
    if isinstance(data, Path):
        args += ["-i", str(data)]
        feed = None
    else:
        args += ["-i", "pipe:0"]
        feed = data
    args += ["-vn", "-f", "s16le", "-acodec", "pcm_s16le", "-ac", "1", "-ar", str(sample_rate),
             "pipe:1"]
    return run_ffmpeg(args, input_bytes=feed).stdout


def pcm_seconds(pcm_bytes: int, sample_rate: int, channels: int = 1) -> float:
    """Length in seconds of ``pcm_bytes`` bytes of s16le audio."""
    return pcm_bytes / (SAMPLE_WIDTH * channels * sample_rate)
