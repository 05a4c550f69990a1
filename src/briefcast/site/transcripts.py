"""Transcripts (WebVTT, SRT) and JSON chapters of an episode, from its measured timings.

Every cue is one voiced sentence, timed by where assembly actually wrote it in the audio
(:class:`~briefcast.models.Cue`); chapters are the episode's segments. Nothing is estimated.
Rendering is pure (an :class:`Episode` in, text out); the parsers are strict enough for the
validator to tell a broken file from a good one.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .. import textsafe
from ..models import Cue, Episode

CHAPTERS_VERSION = "1.2.0"


@dataclass(frozen=True)
class TimedText:
    """A parsed cue or chapter: start and end in seconds (end 0 when unknown) and its text."""

    start: float
    end: float
    text: str


def cues(episode: Episode) -> list[Cue]:
    """Every sentence cue of the episode, in time order."""
    return sorted((c for s in episode.segments for c in s.cues), key=lambda c: (c.start, c.end))


def _clock(seconds: float, sep: str) -> str:
    """``HH:MM:SS.mmm`` (WebVTT, ``sep='.'``) or ``HH:MM:SS,mmm`` (SRT, ``sep=','``)."""
    millis = int(round(max(0.0, seconds) * 1000))
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{sep}{millis:03d}"


def _one_line(text: str) -> str:
    """Cue text on one line (a blank line would end the cue)."""
    return " ".join(text.split())


def vtt_escape(text: str) -> str:
    """Escape text for a WebVTT cue: ``&``, ``<`` and ``>`` are markup there."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def render_vtt(episode: Episode) -> str:
    """The episode's WebVTT transcript, one cue per voiced sentence (``<v Name>`` when the
    episode has anchors)."""
    lines = ["WEBVTT", ""]
    for n, cue in enumerate(cues(episode), 1):
        lines += [
            str(n),
            f"{_clock(cue.start, '.')} --> {_clock(cue.end, '.')}",
            # Who speaks, as a WebVTT voice span, when the episode has anchors.
            (f"<v {vtt_escape(_one_line(cue.speaker))}>" if cue.speaker else "")
            + vtt_escape(_one_line(cue.text)),
            "",
        ]
    return "\n".join(lines)


def render_srt(episode: Episode) -> str:
    """The episode's SRT transcript, one cue per voiced sentence (text kept literal)."""
    lines: list[str] = []
    for n, cue in enumerate(cues(episode), 1):
        lines += [
            str(n),
            f"{_clock(cue.start, ',')} --> {_clock(cue.end, ',')}",
            # SRT has no voice markup: the speaker's name leads the line, as subtitlers write it.
            (f"{_one_line(cue.speaker)}: " if cue.speaker else "") + _one_line(cue.text),
            "",
        ]
    return "\n".join(lines)


def chapters_data(episode: Episode) -> dict[str, Any]:
    """The episode's chapters as a JSON chapters 1.2.0 document."""
    chapters: list[dict[str, Any]] = []
    for seg in episode.segments:
        chapter: dict[str, Any] = {
            "startTime": round(seg.start, 3),
            "endTime": round(seg.end, 3),
            "title": seg.title,
        }
        # A stored link that is no web address (an older record's) is left out, not refused.
        if textsafe.web_address(seg.url):
            chapter["url"] = seg.url
        chapters.append(chapter)
    return {"version": CHAPTERS_VERSION, "chapters": chapters}


def render_chapters(episode: Episode) -> str:
    """The JSON chapters file of the episode."""
    return json.dumps(chapters_data(episode), indent=2, ensure_ascii=False) + "\n"


class TranscriptParseError(ValueError):
    """A transcript or chapters file is not well-formed; the message says where."""


_VTT_TIME = r"(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})"
_VTT_TIMING = re.compile(rf"^{_VTT_TIME}\s+-->\s+{_VTT_TIME}(?:\s+.*)?$")
_SRT_TIMING = re.compile(
    r"^(\d{1,2}):([0-5]\d):([0-5]\d),(\d{3})\s+-->\s+(\d{1,2}):([0-5]\d):([0-5]\d),(\d{3})\s*$"
)


def _seconds(h: str | None, m: str, s: str, ms: str) -> float:
    return int(h or 0) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000


def _check_order(items: Sequence[TimedText], what: str) -> None:
    for n, item in enumerate(items, 1):
        if item.end and item.end < item.start:
            raise TranscriptParseError(f"{what} {n} ends before it starts")


def parse_vtt(text: str) -> list[TimedText]:
    """Parse a WebVTT file into cues; raise :class:`TranscriptParseError` when malformed."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    blocks = re.split(r"\n{2,}", text.strip("\n"))
    if not blocks or not re.match(r"^WEBVTT(?:[ \t].*)?$", blocks[0].split("\n")[0]):
        raise TranscriptParseError("a WebVTT file must start with the line WEBVTT")
    found: list[TimedText] = []
    for block in blocks[1:]:
        lines = block.split("\n")
        if lines[0].startswith(("NOTE", "STYLE", "REGION")):
            continue
        if "-->" not in lines[0]:
            lines = lines[1:]  # a cue identifier
        if not lines or "-->" not in lines[0]:
            raise TranscriptParseError(f"cue without a timing line: {block[:60]!r}")
        match = _VTT_TIMING.match(lines[0].strip())
        if not match:
            raise TranscriptParseError(f"bad cue timing {lines[0]!r}")
        g = match.groups()
        found.append(TimedText(_seconds(*g[:4]), _seconds(*g[4:]), "\n".join(lines[1:])))
    _check_order(found, "cue")
    return found


def parse_srt(text: str) -> list[TimedText]:
    """Parse an SRT file into cues; raise :class:`TranscriptParseError` when malformed."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n").strip("\n")
    if not text:
        raise TranscriptParseError("the SRT file holds no cue")
    found: list[TimedText] = []
    for block in re.split(r"\n{2,}", text):
        lines = block.split("\n")
        if len(lines) < 2 or not lines[0].strip().isdigit():
            raise TranscriptParseError(f"an SRT cue must start with its number: {block[:60]!r}")
        match = _SRT_TIMING.match(lines[1].strip())
        if not match:
            raise TranscriptParseError(f"bad cue timing {lines[1]!r}")
        g = match.groups()
        found.append(TimedText(_seconds(*g[:4]), _seconds(*g[4:]), "\n".join(lines[2:])))
    _check_order(found, "cue")
    return found


def parse_chapters(text: str) -> list[TimedText]:
    """Parse a JSON chapters file; raise :class:`TranscriptParseError` when it breaks the spec."""
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise TranscriptParseError(f"not JSON: {exc}") from exc
    if not isinstance(data, dict) or not isinstance(data.get("version"), str):
        raise TranscriptParseError('a chapters file is an object with a "version" string')
    chapters = data.get("chapters")
    if not isinstance(chapters, list) or not chapters:
        raise TranscriptParseError('"chapters" must be a non-empty list')
    found: list[TimedText] = []
    for n, ch in enumerate(chapters, 1):
        if (
            not isinstance(ch, dict)
            or not isinstance(ch.get("startTime"), int | float)
            or isinstance(ch.get("startTime"), bool)
        ):
            raise TranscriptParseError(f"chapter {n} has no numeric startTime")
        end = ch.get("endTime", 0)
        if not isinstance(end, int | float) or isinstance(end, bool):
            raise TranscriptParseError(f"chapter {n} has a non-numeric endTime")
        if "url" in ch and not str(ch["url"]).startswith(("http://", "https://")):
            raise TranscriptParseError(f"chapter {n} has a url that is not http(s)")
        found.append(TimedText(float(ch["startTime"]), float(end), str(ch.get("title", ""))))
    if any(b.start < a.start for a, b in zip(found, found[1:], strict=False)):
        raise TranscriptParseError("chapters must be in ascending startTime order")
    _check_order(found, "chapter")
    return found
