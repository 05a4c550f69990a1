"""The one timing model of an episode: the layout (where the pauses, the tail, the bed's lead
and the music go around the spoken sentences) and the speaking rate of a voice.

:func:`steps` is the layout itself, as the sequence of pauses and paragraphs that
:func:`briefcast.audio.assemble.render` writes; :func:`estimate_seconds` walks the same sequence
with a voice's speaking rate in place of the voice, and adds the intro and outro music that
encoding puts around it. So rendering, ``briefcast script``'s estimate and a briefing's fitting
to a target length can never disagree about the layout.

A :class:`SpeakingRate` says how long a voice takes to speak a sentence; it is fitted to
measured sentences (:func:`fit_rate`: a calibration text, or every episode the voice speaks,
:func:`learned_rate`), and :data:`DEFAULT_RATE` stands in before any measurement. Which rate a
voice has is remembered by the show (:mod:`briefcast.show.rates`). Pure: no audio, no files.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Sequence
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
class Spoken:
    """Paragraph ``paragraph`` of segment ``segment``: its sentences, spoken in order with
    ``sentence_pause_ms`` between them."""

    segment: int
    paragraph: int


@dataclass(frozen=True)
class SegmentEnd:
    """Segment ``index`` has been spoken."""

    index: int


Step = Pause | SegmentStart | Spoken | SegmentEnd


@dataclass(frozen=True)
class MusicTimes:
    """The music around the voice: the intro and outro music's lengths in seconds, and whether
    a bed plays (it adds its lead before the first word and after the last)."""

    intro: float = 0.0
    outro: float = 0.0
    bed: bool = False


def steps(script: Script, cfg: AudioConfig, bed: bool = False) -> Iterator[Step]:
    """The voice track of ``script``, in order: a section pause between segments, a paragraph
    pause between paragraphs (and any pause the producer added before one), the bed's lead
    (with a bed) before the intro's first word, and a tail after the last word (at least the
    bed's lead)."""
    lead = cfg.bed_lead_ms if bed else 0
    for index, segment in enumerate(script.segments):
        if index:
            yield Pause(cfg.section_pause_ms)
        yield SegmentStart(index)
        if index == 0 and lead:
            yield Pause(lead)
        for p_index, paragraph in enumerate(segment.paragraphs):
            if p_index:
                yield Pause(cfg.paragraph_pause_ms)
            if paragraph.pause_ms:
                yield Pause(paragraph.pause_ms)  # a pause the producer wrote into the script
            yield Spoken(index, p_index)
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
        elif isinstance(step, Spoken):
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


# ---------------------------------------------------------------- speaking rate

# Punctuation inside a sentence where a voice pauses briefly.
_PAUSE_MARKS = re.compile(r"[,;:()\u2013\u2014]|\s-\s")
_DIGIT = re.compile(r"\d")
# A digit is spoken as a word or more ("2026": "twenty twenty-six"): count it as this many
# characters (fitted on the bundled Piper voice reading news; see scripts/measure_speaking_rate.py).
DIGIT_CHARS = 4


def spoken_chars(sentence: str) -> int:
    """The length of a sentence as a voice says it: characters, with digits counted longer."""
    return len(sentence) + (DIGIT_CHARS - 1) * len(_DIGIT.findall(sentence))


def pause_marks(sentence: str) -> int:
    """How many brief pauses (commas, colons, dashes, brackets) a sentence holds."""
    return len(_PAUSE_MARKS.findall(sentence))


@dataclass(frozen=True)
class SpeakingRate:
    """How long a voice takes to speak one sentence, measured on the voice itself.

    ``spoken_chars / chars_per_second + pause_marks * pause_seconds + sentence_overhead``:
    characters predict a sentence's length better than words do (numbers and long words are
    spoken slowly), and voices pause at commas and colons. ``words_per_minute`` is the plain
    rate over the measured text, kept for reporting. Invariant: ``chars_per_second`` > 0 and
    the other terms are >= 0.
    """

    chars_per_second: float
    pause_seconds: float = 0.0
    sentence_overhead: float = 0.0
    words_per_minute: float = 0.0

    def sentence_seconds(self, sentence: str) -> float:
        """Estimated seconds of speech for one sentence, without the pauses between them."""
        return (
            spoken_chars(sentence) / self.chars_per_second
            + pause_marks(sentence) * self.pause_seconds
            + self.sentence_overhead
        )


def _least_squares(rows: Sequence[Sequence[float]], ys: Sequence[float]) -> list[float] | None:
    """Coefficients minimising the squared error of ``rows @ b = ys`` (None if singular)."""
    k = len(rows[0])
    # Normal equations, solved by Gauss-Jordan elimination with partial pivoting.
    a = [
        [sum(r[i] * r[j] for r in rows) for j in range(k)]
        + [sum(r[i] * y for r, y in zip(rows, ys, strict=True))]
        for i in range(k)
    ]
    for col in range(k):
        pivot = max(range(col, k), key=lambda r: abs(a[r][col]))
        if abs(a[pivot][col]) < 1e-12:
            return None
        a[col], a[pivot] = a[pivot], a[col]
        for r in range(k):
            if r != col:
                factor = a[r][col] / a[col][col]
                a[r] = [x - factor * y for x, y in zip(a[r], a[col], strict=True)]
    return [a[i][k] / a[i][i] for i in range(k)]


def fit_rate(samples: Sequence[tuple[str, float]]) -> SpeakingRate:
    """A :class:`SpeakingRate` fitted by least squares to (sentence, measured seconds) pairs.

    The full model is tried first; when the samples cannot support a term (a negative or
    undetermined coefficient), it is dropped, down to a plain characters-per-second ratio.
    """
    pairs = [(text, seconds) for text, seconds in samples if text.strip() and seconds > 0]
    if not pairs:
        raise ValueError("no measured sentence to fit a speaking rate to")
    total = sum(sec for _, sec in pairs)
    wpm = round(sum(len(t.split()) for t, _ in pairs) / total * 60, 1)
    ys = [sec for _, sec in pairs]
    chars = [float(spoken_chars(t)) for t, _ in pairs]
    pauses = [float(pause_marks(t)) for t, _ in pairs]
    for use_pauses in (True, False):
        rows = [[c, p, 1.0] if use_pauses else [c, 1.0] for c, p in zip(chars, pauses, strict=True)]
        coef = _least_squares(rows, ys) if len(pairs) > len(rows[0]) else None
        if coef and all(x >= 0 for x in coef) and coef[0] > 0:
            pause = coef[1] if use_pauses else 0.0
            return SpeakingRate(round(1 / coef[0], 4), round(pause, 4), round(coef[-1], 4), wpm)
    return SpeakingRate(round(sum(chars) / total, 4), 0.0, 0.0, wpm)


def estimate_script_seconds(
    script: Script, rate: SpeakingRate, audio: AudioConfig, music: MusicTimes | None = None
) -> float:
    """Estimated length of the episode audio for ``script``: speech, every pause, the bed's
    lead and the intro and outro music, laid out by :func:`briefcast.timing.steps` exactly as
    :func:`briefcast.audio.assemble.render` lays the audio out."""
    return estimate_seconds(script, audio, rate.sentence_seconds, music)


# A rough rate for when a voice cannot be measured: about 160 words a minute.
DEFAULT_RATE = SpeakingRate(
    chars_per_second=17.0, pause_seconds=0.4, sentence_overhead=0.2, words_per_minute=160.0
)

# Spoken once per voice to measure its speaking rate: news prose of varied sentence lengths,
# with the numbers, names and abbreviations that slow a voice down.
CALIBRATION = (
    "The city council voted on Tuesday night to expand the bus network, adding eleven routes "
    "and doubling the frequency of the busiest lines across the eastern districts.",
    "Officials said the plan would cost about 240 million dollars over five years, most of it "
    "for new drivers and electric buses.",
    "Critics warned that fares could rise.",
    "The mayor, speaking to reporters outside City Hall, said the new routes would reach "
    "neighbourhoods that have waited more than a decade for a reliable service.",
    "In a statement, the transport union welcomed the decision, but asked for more drivers, "
    "better pay and safer depots before the first routes open next September.",
    "Ridership fell by nearly a third during the pandemic and has not fully recovered, "
    "according to figures published by the agency in March.",
    "By 2030, the agency hopes to run 1,200 buses, up from 870 today.",
    "Doctors said the heat, which reached 41 degrees on Saturday, had sent hundreds of people "
    "to hospital, most of them over the age of seventy-five.",
    "Health officials urged residents to drink water regularly, to stay indoors during the "
    "hottest part of the day and to check on elderly neighbours who live alone.",
    "The study, published on Wednesday in a leading ecology journal, tracked more than 200 "
    "species of songbirds across the continent over fifty years.",
    "Farmers say the drought, now in its third year, has left reservoirs at their lowest level "
    "since 1977: some will plant nothing at all this spring.",
    "The company said it would hire locally, offer apprenticeships to school leavers and open "
    "a training centre with the local college next year.",
    "Work is expected to begin in March.",
    "Unions welcomed the jobs but said they wanted guarantees on pay and safety, pointing to "
    "complaints about long shifts and poor ventilation at factories abroad.",
)


# Fewer measured sentences than this say too little to replace the calibration.
MIN_LEARNING_SENTENCES = 20


def learned_rate(cues: Iterable[tuple[str, float]]) -> SpeakingRate | None:
    """The rate refitted on the sentences of an episode a voice has just spoken, as (text,
    measured seconds) pairs; ``None`` when the episode was too short to learn from.

    Real stories are the best sample of what a briefing will say, so each episode refines the
    estimate used to fit the next one.
    """
    samples = [(text, seconds) for text, seconds in cues if seconds > 0]
    if len(samples) < MIN_LEARNING_SENTENCES:
        return None
    return fit_rate(samples)
