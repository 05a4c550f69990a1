"""Transcripts and chapters: files the feed points at, parsed by independent libraries, timed
like the audio."""

from __future__ import annotations

import array
import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
import srt
import webvtt
from feed_helpers import BASE_URL, NASTY_TITLE, BuiltShow, build_show
from lxml import etree

from briefcast.audio.media import decode_to_pcm
from briefcast.models import Cue, Episode, SegmentTiming
from briefcast.site import transcripts
from briefcast.site.transcripts import TranscriptParseError
from briefcast.standards import PODCAST_NS

RATE = 22050
# 16-bit amplitude above which the audio is taken to be sounding (about -30 dBFS).
SOUND_THRESHOLD = 1000


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuiltShow:
    """Two episodes built with the tone voice."""
    return build_show(tmp_path_factory.mktemp("transcripts"))


def _local(url: str, root: Path) -> Path:
    assert url.startswith(BASE_URL), url
    return root / url[len(BASE_URL) :]


def _sounding_span(mp3: Path) -> tuple[float, float]:
    """First and last moment (seconds) at which the decoded audio is above the threshold."""
    samples = array.array("h", decode_to_pcm(mp3, RATE, codec="mp3"))
    loud = [i for i, v in enumerate(samples) if abs(v) > SOUND_THRESHOLD]
    return loud[0] / RATE, loud[-1] / RATE


def _vtt_seconds(caption: webvtt.Caption, edge: str) -> float:
    """A webvtt-py caption's start or end in seconds, to the millisecond."""
    return float(getattr(caption, f"{edge}_in_seconds")) + (
        getattr(caption, f"{edge}_time").milliseconds / 1000
    )


def _referenced(built: BuiltShow) -> list[tuple[Path, dict[str, Path]]]:
    """Each item's audio with the local files of its transcripts and chapters."""
    root = etree.fromstring((built.root / "feed.xml").read_bytes())
    out = []
    for item in root.findall("channel/item"):
        files = {
            t.get("type"): _local(t.get("url"), built.root)
            for t in item.findall(f"{{{PODCAST_NS}}}transcript")
        }
        chapters = item.find(f"{{{PODCAST_NS}}}chapters")
        assert chapters.get("type") == "application/json+chapters"
        files["chapters"] = _local(chapters.get("url"), built.root)
        out.append((_local(item.find("enclosure").get("url"), built.root), files))
    return out


def test_referenced_files_exist_and_parse_with_their_timing_on_the_audio(built: BuiltShow) -> None:
    """VTT (webvtt-py), SRT (srt) and JSON chapters exist, parse, and start/end with the audio.

    The first cue starts, and the last cue ends, within 0.5 s of where the decoded MP3 starts
    and stops sounding; chapters start at 0 and the last one starts before the end.
    """
    referenced = _referenced(built)
    assert len(referenced) == 2
    for audio, files in referenced:
        assert set(files) == {"text/vtt", "application/x-subrip", "chapters"}
        onset, offset = _sounding_span(audio)
        vtt = webvtt.read(str(files["text/vtt"]))
        subs = list(srt.parse(files["application/x-subrip"].read_text(encoding="utf-8")))
        assert len(vtt) == len(subs) > 5
        assert abs(_vtt_seconds(vtt[0], "start") - onset) < 0.5
        assert abs(subs[0].start.total_seconds() - onset) < 0.5
        assert abs(subs[-1].end.total_seconds() - offset) < 0.5
        assert abs(_vtt_seconds(vtt[-1], "end") - offset) < 0.5
        chapters = json.loads(files["chapters"].read_text(encoding="utf-8"))
        assert chapters["version"] == "1.2.0"
        starts = [c["startTime"] for c in chapters["chapters"]]
        assert starts == sorted(starts) and starts[0] == 0
        assert starts[-1] < offset
        assert [c["title"] for c in chapters["chapters"]][0] == "Introduction"
        sections = [c for c in chapters["chapters"] if c["title"] not in ("Introduction", "Outro")]
        assert sections and all(c["url"].startswith("https://news.example/") for c in sections)


def test_transcripts_keep_article_markup_as_text(built: BuiltShow) -> None:
    """The script-tag title reads back literally from the VTT (escaped there), SRT and chapters.

    Cues show sentences as the article wrote them, so the "&" that the voice said as "and"
    is back in the transcript.
    """
    import html

    audio, files = next((a, f) for a, f in _referenced(built) if "script" in a.name)
    vtt_raw = files["text/vtt"].read_text(encoding="utf-8")
    assert "<script>" not in vtt_raw and "&lt;script&gt;alert(1)&lt;/script&gt;" in vtt_raw
    cues = [html.unescape(c.text) for c in webvtt.read(str(files["text/vtt"]))]
    assert any(NASTY_TITLE in text for text in cues)
    subs = srt.parse(files["application/x-subrip"].read_text(encoding="utf-8"))
    assert any(NASTY_TITLE in s.content for s in subs)
    chapters = json.loads(files["chapters"].read_text(encoding="utf-8"))
    assert NASTY_TITLE in [c["title"] for c in chapters["chapters"]]


def _episode() -> Episode:
    cues = (Cue(0.25, 1.5, "Hello & welcome."), Cue(1.75, 3723.456, "A <long> one."))
    return Episode(
        guid="g",
        title="t",
        date=datetime(2026, 1, 1, tzinfo=UTC),
        duration=3724.0,
        file="episodes/t.mp3",
        size=1,
        engine="tone",
        sources=(),
        segments=(SegmentTiming("intro", "Intro", 0.0, 3724.0, "", cues),),
    )


def test_cue_times_are_written_to_the_millisecond() -> None:
    """Cue times use the stored timings exactly: hours, minutes, seconds and milliseconds."""
    ep = _episode()
    vtt = transcripts.render_vtt(ep)
    assert "00:00:00.250 --> 00:00:01.500\nHello &amp; welcome." in vtt
    assert "00:00:01.750 --> 01:02:03.456\nA &lt;long&gt; one." in vtt
    srt_text = transcripts.render_srt(ep)
    assert "2\n00:00:01,750 --> 01:02:03,456\nA <long> one.\n" in srt_text
    parsed = transcripts.parse_vtt(vtt)
    assert [(c.start, c.end) for c in parsed] == [(0.25, 1.5), (1.75, 3723.456)]
    assert [(c.start, c.end) for c in transcripts.parse_srt(srt_text)] == [
        (0.25, 1.5),
        (1.75, 3723.456),
    ]
    assert len(list(webvtt.from_buffer(io.StringIO(vtt)))) == 2


@pytest.mark.parametrize(
    "text, message",
    [
        ("1\n00:00:00.000 --> 00:00:01.000\nno header\n", "must start with the line WEBVTT"),
        ("WEBVTT\n\n00:00:00,000 --> 00:00:01,000\ncomma times\n", "bad cue timing"),
        ("WEBVTT\n\n00:00:05.000 --> 00:00:01.000\nbackwards\n", "ends before it starts"),
    ],
)
def test_broken_vtt_is_refused(text: str, message: str) -> None:
    """The validator's WebVTT parser refuses a missing header, bad timings and reversed cues."""
    with pytest.raises(TranscriptParseError, match=message):
        transcripts.parse_vtt(text)


@pytest.mark.parametrize(
    "text, message",
    [
        ('{"chapters": []}', '"version" string'),
        ('{"version": "1.2.0", "chapters": [{"title": "x"}]}', "no numeric startTime"),
        ('{"version": "1.2.0", "chapters": [{"startTime": 5}, {"startTime": 1}]}', "ascending"),
        ('{"version": "1.2.0", "chapters": [{"startTime": 0, "url": "javascript:x"}]}', "url"),
    ],
)
def test_broken_chapters_are_refused(text: str, message: str) -> None:
    """The chapters parser enforces version, numeric ascending startTime and http(s) urls."""
    with pytest.raises(TranscriptParseError, match=message):
        transcripts.parse_chapters(text)
