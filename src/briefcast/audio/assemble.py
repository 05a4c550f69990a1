"""Audio assembly: voiced sentences in, one loudness-normalised audio file per format out.

Sentences are voiced paragraph by paragraph, trimmed of their own leading and trailing silence,
and written straight to a raw PCM file on disk with the configured pauses between them, so
memory does not grow with the episode. The same bytes go, as they are written, to a background
ffmpeg that measures their loudness; by the time the voice has finished, the gain is known.
Every sentence's start and end are recorded as they are written: the timings are measured,
never estimated.

Encoding is then one ffmpeg pass: the voice resampled to the output rate and given one linear
gain, the optional intro, outro and music bed (matched in loudness to the voice, the bed ducked
under it) mixed in, a true-peak limiter only where the gain would push peaks over the ceiling,
and the format's encoder (constant-bitrate MP3, AAC-LC). The result is measured again; a pass
that misses the target (rare: a limiter working hard lowers loudness a little) is redone once
with the gain corrected. Each format of ``audio.formats`` is encoded, and measured, this way.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import BinaryIO, Protocol

from .. import timing
from ..config import AudioConfig
from ..errors import AudioError, ConfigError
from ..models import Cue, Paragraph, Script, SegmentTiming
from ..progress import ProgressCallback, report
from .formats import default_format
from .formats.base import AudioFormat
from .loudness import (
    EBUR128,
    GainPlan,
    Loudness,
    LoudnessMeter,
    corrected,
    fit_plan,
    parse_ebur128,
    plan_gain,
    within_target,
)
from .media import (
    SAMPLE_WIDTH,
    FfmpegSink,
    decode_to_pcm,
    pcm_seconds,
    run_ffmpeg,
    run_ffmpeg_into,
    trim_pcm,
)

log = logging.getLogger(__name__)


class SpokenClip(Protocol):
    """One voiced sentence: mono s16le PCM at ``sample_rate`` (a voice's ``Clip``)."""

    @property
    def pcm(self) -> bytes: ...

    @property
    def sample_rate(self) -> int: ...


class Speaker(Protocol):
    """What assembly needs of a voice (``voices.base.Voice`` is one): its name, its rate,
    and one clip per sentence. Declared here so that audio does not depend on the voices."""

    @property
    def name(self) -> str: ...

    @property
    def sample_rate(self) -> int: ...

    def speak(self, sentences: Sequence[str]) -> Sequence[SpokenClip]: ...


# The bed: how long it takes to duck under the voice, and to fade out at its ends (seconds).
BED_RAMP_S = 0.5
BED_FADE_S = 1.0
# The excerpt on which the limiter's effect on loudness is measured: evenly spaced pieces.
EXCERPT_PIECES = 24
EXCERPT_PIECE_S = 2.5
# The audio writer stops a build whose voice runs this much longer than audio.max_minutes.
HARD_STOP_FACTOR = 1.25


@dataclass(frozen=True)
class RenderedAudio:
    """Raw PCM of a whole episode's voice on disk, with its measured timings.

    ``loudness`` is the voice's own loudness, measured while it was written (``None`` when it
    was not measured; :func:`encode` then measures the file).
    """

    pcm_path: Path
    sample_rate: int
    duration: float
    segments: tuple[SegmentTiming, ...]
    loudness: Loudness | None = None


@dataclass(frozen=True)
class MusicClip:
    """One music file, decoded to mono s16le PCM at the output rate, and its loudness."""

    setting: str
    source: Path
    pcm_path: Path
    sample_rate: int
    samples: int
    loudness: Loudness

    @property
    def seconds(self) -> float:
        """Length in seconds."""
        return self.samples / self.sample_rate


@dataclass(frozen=True)
class Music:
    """The music of an episode: each part optional."""

    intro: MusicClip | None = None
    outro: MusicClip | None = None
    bed: MusicClip | None = None


@dataclass(frozen=True)
class Encoded:
    """What encoding produced: loudness measured on the encoded file, the plan that got there,
    and the segment timings in the final file (shifted by the intro music, tiling the whole
    file)."""

    loudness: Loudness
    plan: GainPlan
    duration: float
    segments: tuple[SegmentTiming, ...]
    passes: int = 1


def _music_source(cfg: AudioConfig, setting: str) -> Path:
    source = Path(getattr(cfg, setting)).expanduser()
    if not source.is_file():
        raise ConfigError(
            f"audio.{setting} file not found: {source}; fix the path in the "
            f'config or set {setting} = "" for none'
        )
    return source


def music_times(cfg: AudioConfig) -> timing.MusicTimes:
    """How long the configured intro and outro music play, and whether a bed plays: what
    :func:`briefcast.timing.estimate_seconds` needs (decoded as the build decodes them)."""
    lengths = {}
    for setting in ("intro", "outro"):
        if getattr(cfg, setting):
            source = _music_source(cfg, setting)
            try:
                pcm = decode_to_pcm(source, cfg.sample_rate)
            except AudioError as exc:
                raise AudioError(
                    f"audio.{setting} file {source} cannot be read as audio ({exc})"
                ) from exc
            lengths[setting] = pcm_seconds(len(pcm), cfg.sample_rate)
    return timing.MusicTimes(lengths.get("intro", 0.0), lengths.get("outro", 0.0), bool(cfg.bed))


def load_music(cfg: AudioConfig, work_dir: Path) -> Music:
    """Decode and measure the configured music files into ``work_dir``.

    Called before any synthesis, so that a missing or unreadable file stops the build before
    any time is spent voicing.
    """
    clips: dict[str, MusicClip] = {}
    for setting in cfg.music_files:
        source = _music_source(cfg, setting)
        pcm_path = work_dir / f"music-{setting}.pcm"
        try:
            proc = run_ffmpeg(
                [
                    "-nostats",
                    "-i",
                    str(source),
                    "-vn",
                    "-af",
                    f"aresample={cfg.sample_rate},aformat=channel_layouts=mono,{EBUR128}",
                    "-f",
                    "s16le",
                    "-acodec",
                    "pcm_s16le",
                    "-y",
                    str(pcm_path),
                ],
                loglevel="info",
            )
            loudness = parse_ebur128(proc.stderr.decode("utf-8", "replace"), source.name)
        except AudioError as exc:
            raise AudioError(
                f"audio.{setting} file {source} cannot be read as audio ({exc}); "
                "use a WAV, MP3, FLAC or OGG file"
            ) from exc
        samples = pcm_path.stat().st_size // SAMPLE_WIDTH
        if samples == 0 or not math.isfinite(loudness.integrated) or loudness.integrated < -69:
            raise AudioError(f"audio.{setting} file {source} is silent or too short to use")
        clips[setting] = MusicClip(setting, source, pcm_path, cfg.sample_rate, samples, loudness)
        log.info(
            "%s music %s: %.1f s, %.1f LUFS",
            setting,
            source.name,
            samples / cfg.sample_rate,
            loudness.integrated,
        )
    return Music(**clips)


class _PcmWriter:
    """Appends PCM to the episode file and to the loudness meter, counting bytes."""

    def __init__(
        self, handle: BinaryIO, meter: LoudnessMeter, rate: int, max_minutes: float = 0.0
    ) -> None:
        self._handle = handle
        self._meter = meter
        self.rate = rate
        self.written = 0
        self.max_minutes = max_minutes
        # The safety net behind the estimate checked before voicing: a quarter over the limit.
        self._limit = int(max_minutes * 60 * HARD_STOP_FACTOR * rate) * SAMPLE_WIDTH

    def write(self, pcm: bytes) -> None:
        """Append ``pcm``; stop the build once the episode runs well past the limit."""
        if self._limit and self.written + len(pcm) > self._limit:
            raise AudioError(
                f"the episode ran past {self.max_minutes * HARD_STOP_FACTOR:.0f} "
                f"minutes while it was voiced, well over audio.max_minutes = "
                f"{self.max_minutes:g}; nothing was published (shorten the "
                f"article, or raise audio.max_minutes in briefcast.toml)"
            )
        if pcm:
            self._handle.write(pcm)
            self._meter.write(pcm)
            self.written += len(pcm)

    def silence(self, ms: int) -> None:
        """Append ``ms`` milliseconds of digital silence."""
        frames = int(ms * self.rate / 1000)
        self.write(b"\x00" * (frames * SAMPLE_WIDTH))

    @property
    def seconds(self) -> float:
        """Length written so far, in seconds."""
        return pcm_seconds(self.written, self.rate)


def render(
    script: Script,
    voice: Speaker,
    cfg: AudioConfig,
    work_dir: Path,
    progress: ProgressCallback | None = None,
    music: Music | None = None,
    others: Mapping[str, Speaker] | None = None,
) -> RenderedAudio:
    """Voice every segment of ``script`` into ``work_dir/episode.pcm``, timing and measuring it.

    A paragraph that names another voice (``Paragraph.voice``, a producer's directive) is
    spoken by ``others[name]``, its clips brought to ``voice``'s sample rate.

    The pauses, the tail and (with a music bed) the bed's lead before the intro's first word
    and after the outro's last are laid out by :func:`briefcast.timing.steps`, the same
    layout the length estimates walk.
    """
    rate = voice.sample_rate
    pcm_path = work_dir / "episode.pcm"
    timings: list[SegmentTiming] = []
    count = _Counter(progress, script.sentence_count)
    report(progress, "voicing", 0, count.total)
    meter = LoudnessMeter(rate)
    try:
        with pcm_path.open("wb") as handle:
            out = _PcmWriter(handle, meter, rate, cfg.max_minutes)
            seg_start, cues = 0.0, list[Cue]()
            for step in timing.steps(script, cfg, bed=bool(music and music.bed)):
                if isinstance(step, timing.Pause):
                    out.silence(step.ms)
                elif isinstance(step, timing.SegmentStart):
                    seg_start, cues = out.seconds, []
                elif isinstance(step, timing.Spoken):
                    paragraph = script.segments[step.segment].paragraphs[step.paragraph]
                    speaker = voice
                    if paragraph.voice:
                        if others is None or paragraph.voice not in others:
                            raise AudioError(f"no {paragraph.voice} voice was made ready")
                        speaker = others[paragraph.voice]
                    cues += _voice_paragraph(paragraph, speaker, cfg, out)
                    count.add(len(paragraph.sentences), script.segments[step.segment].title)
                else:
                    segment = script.segments[step.index]
                    # The anchor who reads the segment's body (a handoff may come first).
                    reader = segment.paragraphs[-1]
                    timings.append(
                        SegmentTiming(
                            segment.kind,
                            segment.title,
                            round(seg_start, 3),
                            round(out.seconds, 3),
                            segment.url,
                            tuple(cues),
                            f"{reader.speaker} ({reader.voice})" if reader.speaker else "",
                        )
                    )
            duration = out.seconds
        loudness = meter.result()
    except BaseException:
        meter.kill()
        raise
    # Segments tile the whole episode: each ends where the next begins, the last at the end.
    tiled = [
        replace(t, end=timings[i + 1].start if i + 1 < len(timings) else round(duration, 3))
        for i, t in enumerate(timings)
    ]
    log.info(
        "voice: %.1f s, %.1f LUFS, true peak %.1f dBTP",
        duration,
        loudness.integrated,
        loudness.true_peak,
    )
    return RenderedAudio(pcm_path, rate, duration, tuple(tiled), loudness)


@dataclass
class _Counter:
    """Sentences voiced so far, reported as "voicing" progress after every paragraph."""

    progress: ProgressCallback | None
    total: int
    done: int = 0

    def add(self, count: int, label: str) -> None:
        self.done += count
        report(self.progress, "voicing", self.done, self.total, label)


def _voice_paragraph(
    paragraph: Paragraph, voice: Speaker, cfg: AudioConfig, out: _PcmWriter
) -> list[Cue]:
    """Voice one paragraph into ``out``, a sentence pause between sentences; their cues."""
    cues: list[Cue] = []
    clips = voice.speak(paragraph.sentences)
    if len(clips) != len(paragraph.sentences):
        raise AudioError(
            f"the {voice.name} voice returned {len(clips)} clips for "
            f"{len(paragraph.sentences)} sentences"
        )
    for s_index, clip in enumerate(clips):
        if clip.sample_rate != out.rate and voice.sample_rate == out.rate:
            raise AudioError(f"the {voice.name} voice changed its sample rate")
        if s_index:
            out.silence(cfg.sentence_pause_ms)
        start = out.seconds
        pcm = trim_pcm(clip.pcm, clip.sample_rate)
        out.write(resample(pcm, clip.sample_rate, out.rate))
        # The cue shows the sentence as written ("$5", "&"); the voice said its spoken form.
        cues.append(
            Cue(round(start, 3), round(out.seconds, 3), paragraph.shown(s_index), paragraph.speaker)
        )
    return cues


def resample(pcm: bytes, rate: int, target: int) -> bytes:
    """Mono s16le ``pcm`` at ``rate`` brought to ``target`` Hz (linear interpolation: enough
    for a paragraph of speech in another voice; the same bytes when the rates agree)."""
    if rate == target or not pcm:
        return pcm
    import numpy as np

    samples = np.frombuffer(pcm, dtype="<i2").astype(np.float64)
    count = max(1, round(len(samples) * target / rate))
    positions = np.arange(count) * (rate / target)
    out = np.interp(positions, np.arange(len(samples)), samples)
    return bytes(np.clip(np.rint(out), -32768, 32767).astype("<i2").tobytes())


def _envelope(points: list[tuple[float, float]]) -> str:
    """An ffmpeg expression of ``t``: the piecewise-linear gain through ``points``."""
    expr = f"{points[-1][1]:.6f}"
    for (t0, g0), (t1, g1) in reversed(list(zip(points, points[1:], strict=False))):
        if t1 - t0 < 1e-4:
            continue
        part = f"{g0:.6f}+{g1 - g0:.6f}*(t-{t0:.4f})/{t1 - t0:.4f}"
        expr = f"if(lt(t,{t1:.4f}),{part},{expr})"
    return expr


def _monotonic(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """``points`` with times made non-decreasing (short beds squeeze their ramps)."""
    out: list[tuple[float, float]] = []
    for t, g in points:
        out.append((max(t, out[-1][0]) if out else max(t, 0.0), g))
    return out


def _db(value: float) -> float:
    return 10 ** (value / 20)


def _bed_windows(audio: RenderedAudio, cfg: AudioConfig) -> list[tuple[float, float, str]]:
    """Where the bed plays in the voice track: (start s, length s, gain envelope) for the intro
    and the outro. It plays alone at ``bed_level_db``, ducks to ``bed_duck_db`` just before the
    voice and stays ducked while the voice speaks, then rises or fades out."""
    alone, ducked = _db(cfg.bed_level_db), _db(cfg.bed_duck_db)
    windows = []
    intro = audio.segments[0]
    if intro.cues:
        s1, e1 = intro.cues[0].start, intro.cues[-1].end
        end = min(audio.duration, e1 + BED_FADE_S)
        points = [
            (0.0, 0.0),
            (0.05, alone),
            (s1 - BED_RAMP_S, alone),
            (s1, ducked),
            (e1, ducked),
            (end, 0.0),
        ]
        if s1 < BED_RAMP_S:
            points = [(0.0, 0.0), (0.05, ducked), (e1, ducked), (end, 0.0)]
        windows.append((0.0, end, _envelope(_monotonic(points))))
    outro = audio.segments[-1]
    if len(audio.segments) > 1 and outro.cues:
        s2, e2 = outro.cues[0].start, outro.cues[-1].end
        start = max(0.0, s2 - BED_FADE_S)
        end = audio.duration
        fade = min(BED_FADE_S, max(0.0, (end - e2 - BED_RAMP_S) / 2))
        points = [
            (0.0, 0.0),
            (s2 - start, ducked),
            (e2 - start, ducked),
            (e2 + BED_RAMP_S - start, alone),
            (end - fade - start, alone),
            (end - start, 0.0),
        ]
        windows.append((start, end - start, _envelope(_monotonic(points))))
    return windows


def _graph(
    audio: RenderedAudio, cfg: AudioConfig, music: Music, voice: Loudness, plan: GainPlan
) -> tuple[list[str], str]:
    """The ffmpeg inputs and filter graph of the final pass; the graph's output is ``[out]``."""
    rate = cfg.sample_rate
    inputs = ["-f", "s16le", "-ar", str(audio.sample_rate), "-ac", "1", "-i", str(audio.pcm_path)]
    chains = [f"[0:a]aresample={rate},volume={plan.gain_db:.2f}dB[voice]"]
    n_inputs = 1

    def add_input(clip: MusicClip, loop: bool = False) -> int:
        nonlocal n_inputs
        inputs.extend(
            [
                *(["-stream_loop", "-1"] if loop else []),
                "-f",
                "s16le",
                "-ar",
                str(clip.sample_rate),
                "-ac",
                "1",
                "-i",
                str(clip.pcm_path),
            ]
        )
        n_inputs += 1
        return n_inputs - 1

    def matched(clip: MusicClip) -> float:
        """Gain that brings ``clip`` to the voice's loudness, then the episode's gain."""
        return voice.integrated - clip.loudness.integrated + plan.gain_db

    mix = "[voice]"
    if music.bed:
        windows = _bed_windows(audio, cfg)
        index = add_input(music.bed, loop=True)
        labels = [f"[bed{i}]" for i in range(len(windows))]
        split = "".join(f"[bedsrc{i}]" for i in range(len(windows)))
        chains.append(
            f"[{index}:a]asplit={len(windows)}{split}"
            if len(windows) > 1
            else f"[{index}:a]anull{split}"
        )
        for i, (start, length, envelope) in enumerate(windows):
            delay = round(start * rate)
            chains.append(
                f"[bedsrc{i}]atrim=end_sample={max(1, round(length * rate))},"
                f"asetpts=N/SR/TB,asetnsamples=n=256:p=0,"
                f"volume='{envelope}':eval=frame,volume={matched(music.bed):.2f}dB"
                + (f",adelay=delays={delay}S:all=1" if delay else "")
                + labels[i]
            )
        chains.append(
            f"[voice]{''.join(labels)}amix=inputs={len(windows) + 1}:"
            f"duration=first:normalize=0[mix]"
        )
        mix = "[mix]"
    parts = [mix]
    if music.intro:
        index = add_input(music.intro)
        chains.append(f"[{index}:a]volume={matched(music.intro):.2f}dB[intro]")
        parts.insert(0, "[intro]")
    if music.outro:
        index = add_input(music.outro)
        chains.append(f"[{index}:a]volume={matched(music.outro):.2f}dB[outro]")
        parts.append("[outro]")
    last = mix
    if len(parts) > 1:
        chains.append(f"{''.join(parts)}concat=n={len(parts)}:v=0:a=1[cat]")
        last = "[cat]"
    finish = plan.filters() or ["anull"]
    chains.append(f"{last}{','.join(finish)}[out]")
    return inputs, ";".join(chains)


def _tee_path(path: Path) -> str:
    """``path`` escaped for a slave of ffmpeg's tee muxer."""
    text = str(path)
    for char in "\\'|[]":
        text = text.replace(char, "\\" + char)
    return text


def _encode_and_measure(
    args: list[str], cfg: AudioConfig, out_path: Path | None, fmt: AudioFormat
) -> Loudness:
    """Encode with ffmpeg ``args`` (inputs, filters, map) to ``fmt``, measuring the encoded
    audio as it is made.

    ffmpeg's tee muxer writes the encoded frames both to ``out_path`` (a seekable file, so
    headers such as MP3's Xing frame or MP4's index are completed) and, as the format's
    stream, to a pipe into a second ffmpeg that decodes and measures them; the two run side by
    side. With ``out_path`` None only the measurement is made.
    """
    encode = [*args, "-ar", str(cfg.sample_rate), "-ac", str(cfg.channels), *fmt.codec_args(cfg)]
    if out_path is None:
        encode += ["-f", fmt.stream_muxer.removeprefix("f=").split(":", 1)[0], "pipe:1"]
    else:
        encode += [
            "-f",
            "tee",
            f"[{fmt.file_muxer}]{_tee_path(out_path)}|[{fmt.stream_muxer}]pipe:1",
        ]
    with FfmpegSink(
        ["-f", fmt.stream_demuxer, "-i", "pipe:0", "-af", EBUR128, "-f", "null", "-"],
        loglevel="info",
    ) as meter:
        run_ffmpeg_into(encode, meter)
        return parse_ebur128(meter.close(), out_path.name if out_path else "the episode")


def _encode_pass(
    audio: RenderedAudio,
    out_path: Path,
    cfg: AudioConfig,
    music: Music,
    voice: Loudness,
    plan: GainPlan,
    fmt: AudioFormat,
) -> Loudness:
    inputs, graph = _graph(audio, cfg, music, voice, plan)
    log.debug("ffmpeg graph: %s", graph)
    return _encode_and_measure(
        [*inputs, "-filter_complex", graph, "-map", "[out]"], cfg, out_path, fmt
    )


def _voice_loudness(audio: RenderedAudio) -> Loudness:
    """The voice's loudness: as measured while rendering, else measured now."""
    if audio.loudness is not None:
        return audio.loudness
    proc = run_ffmpeg(
        [
            "-nostats",
            "-f",
            "s16le",
            "-ar",
            str(audio.sample_rate),
            "-ac",
            "1",
            "-i",
            str(audio.pcm_path),
            "-af",
            EBUR128,
            "-f",
            "null",
            "-",
        ],
        loglevel="info",
    )
    return parse_ebur128(proc.stderr.decode("utf-8", "replace"), "the episode")


def _excerpt(audio: RenderedAudio) -> Path:
    """The voice PCM itself when short, else evenly spaced pieces of it in a file beside it."""
    piece = int(EXCERPT_PIECE_S * audio.sample_rate) * SAMPLE_WIDTH
    size = audio.pcm_path.stat().st_size
    if size <= piece * EXCERPT_PIECES:
        return audio.pcm_path
    path = audio.pcm_path.with_name("excerpt.pcm")
    step = (size - piece) // (EXCERPT_PIECES - 1) // SAMPLE_WIDTH * SAMPLE_WIDTH
    with audio.pcm_path.open("rb") as src, path.open("wb") as out:
        for index in range(EXCERPT_PIECES):
            src.seek(index * step)
            out.write(src.read(piece))
    return path


def _fit_plan(audio: RenderedAudio, cfg: AudioConfig, plan: GainPlan, fmt: AudioFormat) -> GainPlan:
    """``plan`` refitted for the limiter's and the encoder's effect (measured on an excerpt)."""
    if plan.limit_db is None:
        return plan
    excerpt = _excerpt(audio)

    def evaluate(candidate: GainPlan) -> Loudness:
        chain = ",".join(
            [
                f"aresample={cfg.sample_rate}",
                f"volume={candidate.gain_db:.2f}dB",
                *candidate.filters(),
            ]
        )
        return _encode_and_measure(
            [
                "-f",
                "s16le",
                "-ar",
                str(audio.sample_rate),
                "-ac",
                "1",
                "-i",
                str(excerpt),
                "-af",
                chain,
            ],
            cfg,
            None,
            fmt,
        )

    return fit_plan(plan, cfg.loudness_lufs, cfg.true_peak_dbtp, evaluate)


def final_timings(audio: RenderedAudio, music: Music) -> tuple[tuple[SegmentTiming, ...], float]:
    """The segment timings in the final file, and its length in seconds.

    Everything moves later by the intro music; the intro segment starts at 0 (it holds the
    intro music) and the outro segment ends at the very end (it holds the outro music).
    """
    offset = music.intro.seconds if music.intro else 0.0
    total = offset + audio.duration + (music.outro.seconds if music.outro else 0.0)

    def shift(t: SegmentTiming, index: int) -> SegmentTiming:
        start = 0.0 if index == 0 else round(t.start + offset, 3)
        last = index == len(audio.segments) - 1
        end = round(total, 3) if last else round(t.end + offset, 3)
        cues = tuple(
            replace(c, start=round(c.start + offset, 3), end=round(c.end + offset, 3))
            for c in t.cues
        )
        return replace(t, start=start, end=end, cues=cues)

    return tuple(shift(t, i) for i, t in enumerate(audio.segments)), total


def encode(
    audio: RenderedAudio,
    out_path: Path,
    cfg: AudioConfig,
    music: Music | None = None,
    fmt: AudioFormat | None = None,
    progress: ProgressCallback | None = None,
) -> Encoded:
    """Normalise loudness, mix in any music and encode ``audio`` to ``fmt`` (default: the first
    registered format) at ``out_path``.

    The loudness and true peak are measured on the encoded audio itself; a pass that misses
    the target is redone with a corrected gain (at most twice).
    """
    music = music or Music()
    fmt = fmt or default_format()
    report(progress, "loudness", label="measuring and fitting the gain")
    voice = _voice_loudness(audio)
    extra = []
    for clip in (music.intro, music.outro):
        if clip:
            extra.append(clip.loudness.true_peak + voice.integrated - clip.loudness.integrated)
    if music.bed:
        extra.append(
            music.bed.loudness.true_peak
            + voice.integrated
            - music.bed.loudness.integrated
            + cfg.bed_level_db
        )
    plan = _fit_plan(
        audio, cfg, plan_gain(voice, cfg.loudness_lufs, cfg.true_peak_dbtp, tuple(extra)), fmt
    )
    passes = 0
    while True:
        passes += 1
        report(progress, "encoding", passes - 1, 0, f"pass {passes}")
        achieved = _encode_pass(audio, out_path, cfg, music, voice, plan, fmt)
        if within_target(achieved, cfg.loudness_lufs, cfg.true_peak_dbtp):
            break
        if passes == 3:
            log.warning(
                "the episode measures %.1f LUFS, true peak %.1f dBTP, after %d passes "
                "(target %.1f LUFS, ceiling %.1f dBTP)",
                achieved.integrated,
                achieved.true_peak,
                passes,
                cfg.loudness_lufs,
                cfg.true_peak_dbtp,
            )
            break
        plan = corrected(plan, achieved, cfg.loudness_lufs, cfg.true_peak_dbtp)
        log.info(
            "pass %d measured %.2f LUFS, %.2f dBTP; again with gain %+.2f dB, limit %s",
            passes,
            achieved.integrated,
            achieved.true_peak,
            plan.gain_db,
            plan.limit_db,
        )
    segments, total = final_timings(audio, music)
    return Encoded(achieved, plan, total, segments, passes)
