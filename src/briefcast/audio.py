"""Audio assembly: voiced sentences in, one loudness-normalised, tagged MP3 out.

Sentences are voiced paragraph by paragraph, trimmed of their own leading and trailing silence,
and written straight to a raw PCM file on disk with the configured pauses between them, so
memory does not grow with the episode. Every sentence's start and end are recorded as they are
written: the timings are measured, never estimated. Encoding is one ffmpeg call (loudness
normalisation, resampling to the configured rate, MP3), then ID3 tags with mutagen.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .config import AudioConfig
from .errors import AudioError
from .media import SAMPLE_WIDTH, pcm_seconds, pydub_audio_segment, run_ffmpeg
from .models import Cue, Script, SegmentTiming
from .voices import Clip, Voice

log = logging.getLogger(__name__)

SILENCE_THRESHOLD_DBFS = -50.0
# Keep a little of each clip's natural attack and release when trimming.
TRIM_MARGIN_MS = 30


@dataclass(frozen=True)
class Progress:
    """A progress report: ``done`` of ``total`` segments, naming the one just finished."""

    done: int
    total: int
    label: str


ProgressCallback = Callable[[Progress], None]


@dataclass(frozen=True)
class RenderedAudio:
    """Raw PCM of a whole episode on disk, with its measured timings."""

    pcm_path: Path
    sample_rate: int
    duration: float
    segments: tuple[SegmentTiming, ...]


@dataclass(frozen=True)
class Loudness:
    """Integrated loudness (LUFS) and true peak (dBTP) of an encoded file."""

    integrated: float
    true_peak: float


@dataclass(frozen=True)
class Tags:
    """What the ID3 tags of an episode say."""

    title: str
    artist: str
    album: str
    date: datetime
    comment: str = ""


def trim_silence(clip: Clip, threshold: float = SILENCE_THRESHOLD_DBFS) -> bytes:
    """The clip's PCM without its leading and trailing silence (keeping a short margin)."""
    segment_cls = pydub_audio_segment()
    from pydub.silence import detect_leading_silence

    seg = segment_cls(data=clip.pcm, sample_width=SAMPLE_WIDTH, frame_rate=clip.sample_rate,
                      channels=1)
    if len(seg) == 0:
        return b""
    lead = max(0, detect_leading_silence(seg, silence_threshold=threshold) - TRIM_MARGIN_MS)
    tail = max(0, detect_leading_silence(seg.reverse(), silence_threshold=threshold)
               - TRIM_MARGIN_MS)
    if lead + tail >= len(seg):
        return b""
    return bytes(seg[lead : len(seg) - tail].raw_data)


def render(script: Script, voice: Voice, cfg: AudioConfig, work_dir: Path,
           progress: ProgressCallback | None = None) -> RenderedAudio:
    """Voice every segment of ``script`` into ``work_dir/episode.pcm`` and time it."""
    rate = voice.sample_rate
    bytes_per_ms = rate * SAMPLE_WIDTH / 1000

    def silence(ms: int) -> bytes:
        return b"\x00" * (int(ms * bytes_per_ms) // SAMPLE_WIDTH * SAMPLE_WIDTH)

    pcm_path = work_dir / "episode.pcm"
    written = 0
    timings: list[SegmentTiming] = []
    total = len(script.segments)
    with pcm_path.open("wb") as out:
        for index, segment in enumerate(script.segments):
            if index:
                written += out.write(silence(cfg.section_pause_ms))
            seg_start = pcm_seconds(written, rate)
            cues: list[Cue] = []
            for p_index, paragraph in enumerate(segment.paragraphs):
                if p_index:
                    written += out.write(silence(cfg.paragraph_pause_ms))
                clips = voice.speak(paragraph.sentences)
                if len(clips) != len(paragraph.sentences):
                    raise AudioError(f"the {voice.name} voice returned {len(clips)} clips for "
                                     f"{len(paragraph.sentences)} sentences")
                for s_index, (sentence, clip) in enumerate(zip(paragraph.sentences, clips,
                                                               strict=True)):
                    if clip.sample_rate != rate:
                        raise AudioError(f"the {voice.name} voice changed its sample rate")
                    if s_index:
                        written += out.write(silence(cfg.sentence_pause_ms))
                    start = pcm_seconds(written, rate)
                    written += out.write(trim_silence(clip))
                    cues.append(Cue(round(start, 3), round(pcm_seconds(written, rate), 3),
                                    sentence))
            timings.append(SegmentTiming(segment.kind, segment.title, round(seg_start, 3),
                                         round(pcm_seconds(written, rate), 3), segment.url,
                                         tuple(cues)))
            if progress:
                progress(Progress(index + 1, total, segment.title))
        # A short tail so players do not clip the last word.
        written += out.write(silence(500))
    duration = pcm_seconds(written, rate)
    # Segments tile the whole episode: each ends where the next begins, the last at the end.
    tiled = [
        SegmentTiming(t.kind, t.title, t.start,
                      timings[i + 1].start if i + 1 < len(timings) else round(duration, 3),
                      t.url, t.cues)
        for i, t in enumerate(timings)
    ]
    return RenderedAudio(pcm_path, rate, duration, tuple(tiled))


def _loudnorm_filter(cfg: AudioConfig, measured: dict[str, str] | None) -> str:
    """ffmpeg's loudnorm filter for the configured target, in measuring or linear mode."""
    base = f"loudnorm=I={cfg.loudness_lufs}:TP={cfg.true_peak_dbtp - 0.5}:LRA=20"
    if measured is None:
        return base + ":print_format=json"
    return (base + f":measured_I={measured['input_i']}:measured_TP={measured['input_tp']}"
            f":measured_LRA={measured['input_lra']}:measured_thresh={measured['input_thresh']}"
            f":offset={measured['target_offset']}:linear=true:print_format=summary")


def _raw_input(audio: RenderedAudio) -> list[str]:
    return ["-f", "s16le", "-ar", str(audio.sample_rate), "-ac", "1", "-i", str(audio.pcm_path)]


def encode(audio: RenderedAudio, out_path: Path, cfg: AudioConfig) -> None:
    """Normalise loudness and encode ``audio`` to a constant-bitrate MP3 at ``out_path``."""
    proc = run_ffmpeg([*_raw_input(audio), "-af", _loudnorm_filter(cfg, None), "-f", "null", "-"],
                      loglevel="info")
    text = proc.stderr.decode("utf-8", "replace")
    match = re.search(r"\{[^{}]*\"input_i\"[^{}]*\}", text)
    if not match:
        raise AudioError("could not measure the episode's loudness")
    measured = json.loads(match.group(0))
    run_ffmpeg([*_raw_input(audio), "-af", _loudnorm_filter(cfg, measured),
                "-ar", str(cfg.sample_rate), "-ac", str(cfg.channels),
                "-c:a", "libmp3lame", "-b:a", f"{cfg.bitrate_kbps}k", "-write_xing", "1",
                "-id3v2_version", "3", "-f", "mp3", "-y", str(out_path)])


def measure_loudness(path: Path) -> Loudness:
    """Integrated loudness and true peak of an audio file, by ffmpeg's ebur128 filter."""
    proc = run_ffmpeg(["-i", str(path), "-af", "ebur128=peak=true", "-f", "null", "-"],
                      loglevel="info")
    text = proc.stderr.decode("utf-8", "replace")
    summary = text[text.rfind("Summary:"):]
    integrated = re.search(r"I:\s+(-?[\d.]+|-inf) LUFS", summary)
    peak = re.search(r"True peak:\s+Peak:\s+(-?[\d.]+|-inf) dBFS", summary)
    if not integrated or not peak:
        raise AudioError(f"could not measure the loudness of {path.name}")
    return Loudness(float(integrated.group(1)), float(peak.group(1)))


def mp3_duration(path: Path) -> float:
    """Duration of an MP3 in seconds, read from its Xing/LAME header by mutagen."""
    from mutagen.mp3 import MP3, HeaderNotFoundError

    try:
        return float(MP3(path).info.length)
    except (HeaderNotFoundError, OSError) as exc:
        raise AudioError(f"{path.name} is not a readable MP3: {exc}") from exc


def write_tags(path: Path, tags: Tags) -> None:
    """Write ID3v2.3 tags: title, artist, album (the show), date, genre, comment."""
    from mutagen.id3 import COMM, ID3, TALB, TCON, TDRC, TIT2, TPE1, ID3NoHeaderError

    try:
        id3 = ID3(path)
    except ID3NoHeaderError:
        id3 = ID3()
    id3.delete(path) if id3 else None
    id3 = ID3()
    id3.add(TIT2(encoding=3, text=tags.title))
    id3.add(TPE1(encoding=3, text=tags.artist))
    id3.add(TALB(encoding=3, text=tags.album))
    id3.add(TDRC(encoding=3, text=tags.date.strftime("%Y-%m-%d")))
    id3.add(TCON(encoding=3, text="Podcast"))
    if tags.comment:
        id3.add(COMM(encoding=3, lang="eng", desc="", text=tags.comment))
    id3.save(path, v2_version=3)
