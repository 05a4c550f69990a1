"""The one timing layout of an episode: where the pauses, the tail, the bed's lead and the
music go around the spoken sentences.

:func:`steps` is the layout itself, as the sequence of pauses and paragraphs that
:func:`briefcast.audio.assemble.render` writes; :func:`estimate_seconds` walks the same sequence
with a voice's speaking rate in place of the voice, and adds the intro and outro music that
encoding puts around it. So rendering, ``briefcast script``'s estimate and a briefing's fitting
to a target length can never disagree about the layout. Pure: no audio, no files.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .config import AudioConfig
from .models import Script

# Silence after the last word, so that players do not clip it.
TAIL_MS = 500


@dataclass(frozen=True)
class Pause:
    """Silence of ``ms`` milliseconds."""

    ms: int


@dataclass(frozen=True)
class SegmentStart:
    """Segment ``index`` starts here (its chapter begins before the bed's lead, if any)."""

    index: int


@dataclass(frozen=True)
class Speech:
    """Paragraph ``paragraph`` of segment ``segment``: its sentences, spoken in order with
    ``sentence_pause_ms`` between them."""

    segment: int
    paragraph: int


@dataclass(frozen=True)
class SegmentEnd:
    """Segment ``index`` has been spoken."""

    index: int


Step = Pause | SegmentStart | Speech | SegmentEnd


@dataclass(frozen=True)
class MusicTimes:
    """The music around the voice: the intro and outro music's lengths in seconds, and whether
    a bed plays (it adds its lead before the first word and after the last)."""

    intro: float = 0.0
    outro: float = 0.0
    bed: bool = False


def steps(script: Script, cfg: AudioConfig, bed: bool = False) -> Iterator[Step]:
    """The voice track of ``script``, in order: a section pause between segments, a paragraph
    pause between paragraphs, the bed's lead (with a bed) before the intro's first word, and a
    tail after the last word (at least the bed's lead)."""
    lead = cfg.bed_lead_ms if bed else 0
    for index, segment in enumerate(script.segments):
        if index:
            yield Pause(cfg.section_pause_ms)
        yield SegmentStart(index)
        if index == 0 and lead:
            yield Pause(lead)
        for p_index in range(len(segment.paragraphs)):
            if p_index:
                yield Pause(cfg.paragraph_pause_ms)
            yield Speech(index, p_index)
        yield SegmentEnd(index)
    yield Pause(max(TAIL_MS, lead))


def segment_seconds(
    script: Script,
    cfg: AudioConfig,
    sentence_seconds: Callable[[str], float],
    music: MusicTimes | None = None,
) -> list[float]:
    """Each segment's estimated length when each sentence lasts ``sentence_seconds(sentence)``
    (its trimmed speech), as the chapters tile the episode: a segment runs from its start to
    the next one's (the pause after it is its own), the intro holds the intro music and the
    outro the tail and the outro music."""
    music = music or MusicTimes()
    seconds = [0.0] * len(script.segments)
    current = 0
    for step in steps(script, cfg, music.bed):
        if isinstance(step, SegmentStart):
            current = step.index
        elif isinstance(step, Pause):
            seconds[current] += step.ms / 1000
        elif isinstance(step, Speech):
            sentences = script.segments[step.segment].paragraphs[step.paragraph].sentences
            seconds[current] += sum(sentence_seconds(s) for s in sentences)
            seconds[current] += max(0, len(sentences) - 1) * cfg.sentence_pause_ms / 1000
    if seconds:
        seconds[0] += music.intro
        seconds[-1] += music.outro
    return seconds


def estimate_seconds(
    script: Script,
    cfg: AudioConfig,
    sentence_seconds: Callable[[str], float],
    music: MusicTimes | None = None,
) -> float:
    """The episode's estimated length: the voice track laid out by :func:`steps`, with the
    intro and outro music (the sum of :func:`segment_seconds`)."""
    return sum(segment_seconds(script, cfg, sentence_seconds, music))
