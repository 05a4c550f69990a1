"""The ffmpeg binary and the few raw calls to it that every audio stage needs.

briefcast never needs ffprobe: decoding always names the codec, and lengths are read from the
decoded PCM or with mutagen. A system ffmpeg is preferred when present; otherwise the binary
shipped inside the imageio-ffmpeg wheel is used, so no system package is required.
"""

from __future__ import annotations

import functools
import shutil
import subprocess
import tempfile
import warnings
from collections.abc import Sequence
from pathlib import Path
from types import TracebackType
from typing import IO

from ..errors import AudioError

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


# Below this level a clip's edge counts as silence when trimming.
SILENCE_THRESHOLD_DBFS = -50.0
# Keep a little of each clip's natural attack and release when trimming.
TRIM_MARGIN_MS = 30


def trim_pcm(
    pcm: bytes,
    sample_rate: int,
    *,
    start: bool = True,
    end: bool = True,
    threshold: float = SILENCE_THRESHOLD_DBFS,
) -> bytes:
    """Mono s16le ``pcm`` without its leading and/or trailing silence, keeping a short margin.

    The one silence trimmer: voice engines use it on their pieces and the assembler on every
    sentence, so both agree on where speech begins and ends.
    """
    if not pcm:
        return pcm
    seg = pydub_audio_segment()(
        data=pcm, sample_width=SAMPLE_WIDTH, frame_rate=sample_rate, channels=1
    )
    from pydub.silence import detect_leading_silence  # after pydub_audio_segment() set it up

    if len(seg) == 0:
        return b""
    lead = (
        max(0, detect_leading_silence(seg, silence_threshold=threshold) - TRIM_MARGIN_MS)
        if start
        else 0
    )
    tail = (
        max(0, detect_leading_silence(seg.reverse(), silence_threshold=threshold) - TRIM_MARGIN_MS)
        if end
        else 0
    )
    if lead + tail >= len(seg):
        return b""
    return bytes(seg[lead : len(seg) - tail].raw_data)


def run_ffmpeg(
    args: Sequence[str],
    *,
    input_bytes: bytes | None = None,
    timeout: float | None = None,
    loglevel: str = "error",
) -> subprocess.CompletedProcess[bytes]:
    """Run ffmpeg with ``args``; raise :class:`AudioError` with its last message.

    ``loglevel`` "info" is needed by the filters that report measurements (loudnorm, ebur128).
    """
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-loglevel", loglevel, *args]
    try:
        proc = subprocess.run(
            cmd, input=input_bytes, capture_output=True, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise AudioError("ffmpeg took too long and was stopped") from exc
    if proc.returncode != 0:
        lines = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise AudioError(f"ffmpeg failed: {lines[-1] if lines else 'exit ' + str(proc.returncode)}")
    return proc


def stream_seconds(path: Path) -> float:
    """How long the audio that ``path`` really holds lasts, in seconds: its packets counted by
    ffmpeg without decoding them (a fraction of a second for an hour of MP3).

    Headers can say otherwise: an MP3 cut short keeps the length its LAME header announced,
    which is what a format's ``duration`` reports. :class:`AudioError` when ffmpeg cannot
    read the file.
    """
    proc = run_ffmpeg(
        ["-i", str(path), "-map", "0:a:0", "-c", "copy", "-f", "null", "-", "-progress", "pipe:1"]
    )
    times = [
        line.split("=", 1)[1]
        for line in proc.stdout.decode("ascii", "replace").splitlines()
        if line.startswith("out_time_us=")
    ]
    try:
        return max(0, int(times[-1])) / 1_000_000
    except (IndexError, ValueError):
        raise AudioError(f"{path.name} holds no audio stream ffmpeg can read") from None


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
    args += [
        "-vn",
        "-f",
        "s16le",
        "-acodec",
        "pcm_s16le",
        "-ac",
        "1",
        "-ar",
        str(sample_rate),
        "pipe:1",
    ]
    return run_ffmpeg(args, input_bytes=feed).stdout


def pcm_seconds(pcm_bytes: int, sample_rate: int, channels: int = 1) -> float:
    """Length in seconds of ``pcm_bytes`` bytes of s16le audio."""
    return pcm_bytes / (SAMPLE_WIDTH * channels * sample_rate)


class FfmpegSink:
    """An ffmpeg process that reads raw audio from its standard input while Python writes it.

    Used to measure (or encode) audio in the background as it is made, so that nothing waits
    for the whole episode. Its log goes to a temporary file rather than a pipe, so a chatty
    filter can never fill a pipe buffer and stall the writer. Use it as a context manager: on
    an exception the process is killed.
    """

    def __init__(self, args: Sequence[str], *, loglevel: str = "error") -> None:
        self._log = tempfile.TemporaryFile()
        cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-nostats", "-loglevel", loglevel, *args]
        self._proc = subprocess.Popen(
            cmd, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=self._log
        )

    @property
    def stdin(self) -> IO[bytes]:
        """The pipe into ffmpeg (another process may write to it directly)."""
        if self._proc.stdin is None:  # pragma: no cover - always a pipe
            raise AudioError("ffmpeg has no input pipe")
        return self._proc.stdin

    def write(self, data: bytes) -> None:
        """Send ``data`` to ffmpeg; raise :class:`AudioError` if it has stopped."""
        try:
            self.stdin.write(data)
        except (BrokenPipeError, ValueError) as exc:
            self._proc.wait()
            raise AudioError(f"ffmpeg stopped reading audio: {self._last_line()}") from exc

    def close(self) -> str:
        """End the input, wait for ffmpeg and return its log; raise if it failed."""
        try:
            self.stdin.close()
        except BrokenPipeError:
            pass
        code = self._proc.wait()
        text = self._text()
        self._log.close()
        if code != 0:
            lines = text.strip().splitlines()
            raise AudioError(f"ffmpeg failed: {lines[-1] if lines else 'exit ' + str(code)}")
        return text

    def kill(self) -> None:
        """Stop ffmpeg at once (after a failure elsewhere)."""
        if self._proc.poll() is None:
            self._proc.kill()
        self._proc.wait()
        if self._proc.stdin is not None and not self._proc.stdin.closed:
            try:
                self._proc.stdin.close()
            except BrokenPipeError:
                pass
        self._log.close()

    def _text(self) -> str:
        self._log.seek(0)
        return self._log.read().decode("utf-8", "replace")

    def _last_line(self) -> str:
        lines = self._text().strip().splitlines()
        return lines[-1] if lines else f"exit {self._proc.returncode}"

    def __enter__(self) -> FfmpegSink:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is not None:
            self.kill()


def run_ffmpeg_into(args: Sequence[str], sink: FfmpegSink) -> None:
    """Run ffmpeg with ``args``, its standard output going straight into ``sink``'s input.

    The two processes run side by side (an OS pipe, no copy through Python); raise
    :class:`AudioError` with ffmpeg's last message if this one fails.
    """
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-nostats", "-loglevel", "error", *args]
    with tempfile.TemporaryFile() as log:
        code = subprocess.run(
            cmd, stdin=subprocess.DEVNULL, stdout=sink.stdin, stderr=log, check=False
        ).returncode
        if code != 0:
            log.seek(0)
            lines = log.read().decode("utf-8", "replace").strip().splitlines()
            raise AudioError(f"ffmpeg failed: {lines[-1] if lines else 'exit ' + str(code)}")
