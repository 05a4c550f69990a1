"""The frozen records that the pipeline stages hand to each other.

Reading produces an :class:`Article`; scripting turns articles into a :class:`Script` of
:class:`Segment` objects; voicing and assembly measure each segment's :class:`SegmentTiming`
and each sentence's :class:`Cue` on the audio itself (never estimated); storage keeps an
:class:`Episode`, the record from which the feed is always rebuilt.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any, Literal

SegmentKind = Literal["intro", "section", "outro"]


def clock(seconds: float) -> str:
    """A time as ``m:ss`` or ``h:mm:ss``, cut to the whole second (a chapter at 8.9 s is 0:08).

    For a duration, pass ``round(seconds)`` so that it agrees with ``itunes:duration``.
    """
    total = int(seconds)
    hours, rest = divmod(total, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


@dataclass(frozen=True)
class Section:
    """A titled run of paragraphs; ``title`` is empty for an article's untitled lead.

    Invariant: ``paragraphs`` holds at least one non-empty paragraph of plain text.
    """

    title: str
    paragraphs: tuple[str, ...]


@dataclass(frozen=True)
class DraftParagraph:
    """One paragraph of an edited script: its sentences as written, one per line of the
    script file, the silence before it (``pause_ms``, from a pause directive) and the voice
    engine that speaks it (``voice``, from a voice directive; "" for the episode's)."""

    lines: tuple[str, ...]
    pause_ms: int = 0
    voice: str = ""


@dataclass(frozen=True)
class DraftSegment:
    """One ``##`` block of an edited script: the intro, a chapter or the outro."""

    kind: SegmentKind
    title: str
    paragraphs: tuple[DraftParagraph, ...]
    url: str = ""


@dataclass(frozen=True)
class ScriptDraft:
    """A script as the producer edited it (``briefcast script --save``): voiced as it stands,
    normalised for speech but never cleaned or re-scripted.

    Invariant: at least one ``section`` segment, the intro (if any) first and the outro (if
    any) last. ``pronunciations`` are (written, spoken) pairs the producer added for this
    script; ``description`` is the show notes' summary ("" to make one).
    """

    title: str
    segments: tuple[DraftSegment, ...]
    pronunciations: tuple[tuple[str, str], ...] = ()
    description: str = ""


@dataclass(frozen=True)
class Article:
    """One article as read from its source, in plain text split into sections.

    Invariant: ``sections`` is non-empty and no paragraph holds markup; ``source`` names where
    the text came from (a path or URL) and ``source_url`` is the article's public address when
    known. ``language`` is a lower-case BCP 47 tag ("en", "en-gb") or "" when unknown;
    ``credit`` is the closing contributor note, kept apart from the body; ``site_name`` is the
    publication's name from the page's metadata. ``byline``, ``date`` and ``place`` are the
    author, the date of publication and the place reported from, as the source gives them (the
    head's furniture of pasted text, a page's metadata, a dateline), "" or ``None`` if unknown.
    ``publish_at`` is when the producer wants
    the episode out, as written in the front matter ("" when not given; the pipeline reads it
    in the show's time zone). ``draft`` is set when the input was an edited script file: it is
    voiced as it stands (``sections`` then hold its chapters' text, for length and notes).
    ``image`` is the article's lead picture (a URL, or a path for a local file), "" if none.
    """

    title: str
    sections: tuple[Section, ...]
    source: str
    byline: str = ""
    date: datetime | None = None
    source_url: str = ""
    language: str = ""
    credit: str = ""
    site_name: str = ""
    place: str = ""
    publish_at: str = ""
    draft: ScriptDraft | None = None
    image: str = ""

    @property
    def word_count(self) -> int:
        """Words across every paragraph of every section."""
        return sum(len(p.split()) for s in self.sections for p in s.paragraphs)


@dataclass(frozen=True)
class Anchor:
    """One of a briefing's two anchors (``voice.anchors``, ``voice.anchor_names``): the name
    listeners hear and see, and the voice that speaks for them ("kokoro:af_heart", "piper")."""

    name: str
    voice: str


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of a segment, as the sentences that are voiced one by one.

    ``sentences`` is what the voice says (normalised for speech: "360 billion dollars");
    ``written`` is the same sentences as the article wrote them ("$360 billion"), shown in
    transcripts. Invariant: ``written`` is empty (same as spoken) or as long as ``sentences``.
    ``pause_ms`` is extra silence before the paragraph (a producer's pause directive);
    ``voice`` names the engine that speaks it when it is not the episode's ("" otherwise).
    """

    sentences: tuple[str, ...]
    written: tuple[str, ...] = ()
    pause_ms: int = 0
    voice: str = ""
    # The anchor who reads it, by name (``voice.anchor_names``), in a briefing read by two
    # anchors; "" with one voice.
    speaker: str = ""

    def shown(self, index: int) -> str:
        """Sentence ``index`` as a reader should see it."""
        return self.written[index] if self.written else self.sentences[index]


@dataclass(frozen=True)
class Segment:
    """A narrated unit of an episode: the intro, one announced section, or the outro.

    Invariant: ``paragraphs`` is non-empty; for a section the first paragraph is its spoken
    announcement (the heading) when the section has a title. ``url`` is the source of the
    section's article, used for chapter links.
    """

    kind: SegmentKind
    title: str
    paragraphs: tuple[Paragraph, ...]
    url: str = ""

    @property
    def text(self) -> str:
        """The segment's spoken text, paragraphs separated by blank lines."""
        return "\n\n".join(" ".join(p.sentences) for p in self.paragraphs)


@dataclass(frozen=True)
class Script:
    """Everything an episode will say, in order: intro, sections, outro."""

    title: str
    segments: tuple[Segment, ...]
    articles: tuple[Article, ...]

    @property
    def sentence_count(self) -> int:
        """How many sentences will be voiced."""
        return sum(len(p.sentences) for s in self.segments for p in s.paragraphs)


@dataclass(frozen=True)
class Cue:
    """One voiced sentence and where it lies in the episode, in seconds; ``speaker`` names
    the anchor who says it ("" in an episode with one voice)."""

    start: float
    end: float
    text: str
    speaker: str = ""


@dataclass(frozen=True)
class SegmentTiming:
    """Where one segment lies in the episode audio, in seconds, with its sentence cues."""

    kind: SegmentKind
    title: str
    start: float
    end: float
    url: str = ""
    cues: tuple[Cue, ...] = ()
    # The anchor who read the segment and their voice ("Sam (piper:joe)"; "" with one voice).
    voice: str = ""


@dataclass(frozen=True)
class MediaFile:
    """One audio file of an episode: its format's name, its path relative to the output
    folder, and its exact size in bytes."""

    format: str
    file: str
    size: int


@dataclass(frozen=True)
class StoryRecord:
    """One story of a briefing as it was published: its headline and where it came from.

    ``from_summary`` is true when the story was read from the feed's summary (the page could
    not be read).
    """

    title: str
    url: str = ""
    publisher: str = ""
    origin: str = ""
    from_summary: bool = False


@dataclass(frozen=True)
class BriefingRecord:
    """What a briefing episode was made of: its stories, and the length it was fitted to.

    ``target_seconds`` is ``None`` when no target was given; ``estimate_seconds`` is the
    length estimated before voicing.
    """

    stories: tuple[StoryRecord, ...]
    target_seconds: float | None = None
    estimate_seconds: float = 0.0


@dataclass(frozen=True)
class Episode:
    """A stored episode: everything the feed needs, kept beside the audio as JSON.

    Invariant: ``file`` is relative to the show's output folder, ``size`` is its exact byte size
    and ``duration`` its decoded length in seconds; ``date`` is timezone-aware. ``season`` is 0
    when the show has no seasons; ``file`` is the enclosure, in ``format``, and ``alternates``
    the same audio in the other configured formats; ``authors`` are the articles' bylines
    (for ``podcast:person``); ``briefing`` is set for a briefing episode only. ``published``
    is the article's own date (as it gave it, or as the producer set it), ``None`` when unknown.
    ``image`` is the episode's own square artwork (relative to the output folder), "" when
    it has the show's.
    """

    guid: str
    title: str
    date: datetime
    duration: float
    file: str
    size: int
    engine: str
    sources: tuple[str, ...]
    segments: tuple[SegmentTiming, ...]
    description: str = ""
    fallback_reason: str = ""
    loudness_lufs: float | None = None
    true_peak_dbtp: float | None = None
    season: int = 0
    authors: tuple[str, ...] = ()
    briefing: BriefingRecord | None = None
    format: str = "mp3"
    alternates: tuple[MediaFile, ...] = ()
    published: datetime | None = None
    image: str = ""
    # The anchors who read it, in order (``voice.anchor_names``); empty with one voice.
    anchors: tuple[str, ...] = ()

    @property
    def media(self) -> tuple[MediaFile, ...]:
        """Every audio file of the episode: the enclosure (``file``) first, then the others."""
        return (MediaFile(self.format, self.file, self.size), *self.alternates)

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict of this episode."""
        data = asdict(self)
        data["date"] = self.date.isoformat()
        data["published"] = self.published.isoformat() if self.published else None
        # An episode with one voice keeps the record it always had.
        if not self.anchors:
            del data["anchors"]
        for segment in data["segments"]:
            if not segment["voice"]:
                del segment["voice"]
            for cue in segment["cues"]:
                if not cue["speaker"]:
                    del cue["speaker"]
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Episode:
        """Rebuild an episode from :meth:`to_json` output, checking every field.

        A record is data from disk, not from this program: a field of the wrong type, a number
        that is not finite or out of range, a date without a time zone, an empty title or a
        cue that ends before it starts raises :class:`ValueError` (or :class:`TypeError`)
        naming the field, so that the store can leave the record out and say why.
        """
        if not isinstance(data, dict):
            raise TypeError("not a JSON object")
        segs = tuple(_segment(s, n) for n, s in enumerate(_list(data, "segments"), 1))
        date = datetime.fromisoformat(_text(data, "date", nonempty=True))
        if date.tzinfo is None:
            raise ValueError("its date has no time zone")
        known: dict[str, Any] = {
            k: _text(data, k)
            for k in ("description", "fallback_reason", "format", "image")
            if k in data
        }
        for key in ("loudness_lufs", "true_peak_dbtp"):
            if data.get(key) is not None:
                known[key] = _number(data[key], key)
        alternates = tuple(
            MediaFile(
                _text(m, "format", nonempty=True, what="an alternate's format"),
                _text(m, "file", nonempty=True, what="an alternate's file"),
                int(_number(m.get("size"), "an alternate's size", minimum=1, whole=True)),
            )
            for m in _list(data, "alternates", required=False, items=dict)
        )
        # Episodes stored before these fields were typed kept them in an "extra" dict.
        old = data.get("extra") or {}
        if not isinstance(old, dict):
            raise TypeError("its extra is not an object")
        season = int(
            _number(data.get("season", old.get("season", 0)) or 0, "season", minimum=0, whole=True)
        )
        authors = data.get("authors", old.get("authors", ()))
        if not isinstance(authors, list | tuple) or not all(isinstance(a, str) for a in authors):
            raise TypeError("its authors are not a list of names")
        brief = data.get("briefing", old.get("briefing"))
        briefing = None
        if brief:
            if not isinstance(brief, dict):
                raise TypeError("its briefing is not an object")
            briefing = BriefingRecord(
                stories=tuple(
                    StoryRecord(
                        **{
                            k: story[k]
                            for k in ("title", "url", "publisher", "origin", "from_summary")
                            if k in story
                        }
                    )
                    for story in _list(brief, "stories", required=False, items=dict)
                ),
                target_seconds=(
                    None
                    if brief.get("target_seconds") is None
                    else _number(brief["target_seconds"], "briefing target", minimum=0)
                ),
                estimate_seconds=_number(
                    brief.get("estimate_seconds") or 0.0, "briefing estimate", minimum=0
                ),
            )
        sources = _list(data, "sources", items=str)
        published = None
        if data.get("published"):
            published = datetime.fromisoformat(_text(data, "published"))
            if published.tzinfo is None:
                raise ValueError("its publication time has no time zone")
        return cls(
            published=published,
            guid=_text(data, "guid", nonempty=True),
            title=_text(data, "title", nonempty=True),
            date=date,
            duration=_number(data.get("duration"), "duration", minimum=0, positive=True),
            file=_text(data, "file", nonempty=True),
            size=int(_number(data.get("size"), "size", minimum=1, whole=True)),
            engine=_text(data, "engine"),
            sources=tuple(sources),
            segments=segs,
            season=season,
            authors=tuple(authors),
            briefing=briefing,
            alternates=alternates,
            anchors=tuple(_list(data, "anchors", required=False, items=str)),
            **known,
        )


def _text(data: dict[str, Any], key: str, *, nonempty: bool = False, what: str = "") -> str:
    """The string ``data[key]``; :class:`ValueError` when missing, not a string or empty."""
    value = data.get(key)
    what = what or f"its {key}"
    if not isinstance(value, str):
        raise TypeError(f"{what} is {type(value).__name__}, not text")
    if nonempty and not value.strip():
        raise ValueError(f"{what} is empty")
    return value


def _number(
    value: object,
    what: str,
    *,
    minimum: float | None = None,
    positive: bool = False,
    whole: bool = False,
) -> float:
    """``value`` as a finite number (at least ``minimum``; above it when ``positive``; an
    integer when ``whole``); :class:`ValueError` naming ``what`` otherwise."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"its {what} is {type(value).__name__}, not a number")
    if whole and not isinstance(value, int):
        raise TypeError(f"its {what} is {value!r}, not a whole number")
    if not math.isfinite(value):
        raise ValueError(f"its {what} is {value}, not a finite number")
    if minimum is not None and (value < minimum or (positive and value <= minimum)):
        raise ValueError(f"its {what} is {value}, out of range")
    return float(value)


def _list(
    data: dict[str, Any], key: str, *, required: bool = True, items: type | None = None
) -> list[Any]:
    """The list ``data[key]`` (empty when absent and not ``required``), each item of type
    ``items`` when given."""
    value = data.get(key, None if required else [])
    if value is None and not required:
        return []
    if not isinstance(value, list):
        raise TypeError(f"its {key} is {type(value).__name__}, not a list")
    if items is not None and not all(isinstance(v, items) for v in value):
        raise TypeError(f"its {key} holds something other than {items.__name__}")
    return value


def _segment(data: object, n: int) -> SegmentTiming:
    """Segment ``n`` of a record: known kind, text fields, and times that run forward."""
    if not isinstance(data, dict):
        raise TypeError(f"its segment {n} is not an object")
    kind = _text(data, "kind", what=f"its segment {n}'s kind")
    if kind not in ("intro", "section", "outro"):
        raise ValueError(f"its segment {n} is of kind {kind!r}")
    start, end = _span(data, f"segment {n}")
    cues = []
    for m, cue in enumerate(_list(data, "cues", items=dict), 1):
        c_start, c_end = _span(cue, f"segment {n}'s cue {m}")
        cues.append(
            Cue(
                c_start,
                c_end,
                _text(cue, "text", what=f"its segment {n}'s cue {m}"),
                _text(cue, "speaker", what=f"its segment {n}'s cue {m}'s speaker")
                if "speaker" in cue
                else "",
            )
        )
    return SegmentTiming(
        kind=kind,  # type: ignore[arg-type]
        title=_text(data, "title", what=f"its segment {n}'s title"),
        start=start,
        end=end,
        url=_text(data, "url", what=f"its segment {n}'s url") if "url" in data else "",
        cues=tuple(cues),
        voice=_text(data, "voice", what=f"its segment {n}'s voice") if "voice" in data else "",
    )


def _span(data: dict[str, Any], what: str) -> tuple[float, float]:
    """The ``start`` and ``end`` of ``data``: finite, not negative, and not reversed."""
    start = _number(data.get("start"), f"{what}'s start", minimum=0)
    end = _number(data.get("end"), f"{what}'s end", minimum=0)
    if end < start:
        raise ValueError(f"its {what} ends at {end} s, before it starts ({start} s)")
    return start, end
