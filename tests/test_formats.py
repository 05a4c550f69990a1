"""Audio formats: with ``audio.formats = ["mp3", "m4a", "opus"]`` every episode is an MP3
enclosure with an AAC (M4A) and an Opus alternate, each with its chapters and cover, and all
announced in the feed."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from fakes import ToneVoice, engine_speaking_with
from feed_helpers import BASE_URL, FIRST_DATE, show_config
from lxml import etree
from node_tools import partytime

from briefcast import pipeline, voices
from briefcast.audio import formats
from briefcast.audio.media import decode_to_pcm, pcm_seconds
from briefcast.config import Config
from briefcast.errors import ConfigError
from briefcast.models import Episode
from briefcast.site.validate import validate_path
from briefcast.standards import PODCAST_NS

SAMPLE = Path(__file__).parent / "data" / "npr_ukraine_pasted.txt"
NS = {"podcast": PODCAST_NS}


@dataclass(frozen=True)
class TwoFormatShow:
    """The sample built once in the three formats."""

    cfg: Config
    episode: Episode


@pytest.fixture(scope="module")
def show(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TwoFormatShow]:
    """The sample article, voiced by a fast tone voice, encoded to MP3, M4A and Opus."""
    root = tmp_path_factory.mktemp("formats")
    cfg = show_config(root / "feed", **{"audio.formats": ["mp3", "m4a", "opus"]})
    voice = ToneVoice(
        sample_rate=22050,
        chars_per_second=30.0,
        overhead=0.0,
        min_seconds=0.3,
        max_seconds=1.2,
        identity="tone-formats",
    )
    with pytest.MonkeyPatch.context() as mp:
        mp.setitem(voices.REGISTRY, "piper", engine_speaking_with("piper", voice))
        result = pipeline.build([str(SAMPLE)], cfg, now=FIRST_DATE)
    yield TwoFormatShow(cfg, result.episode)


def test_both_files_are_stored_and_announced(show: TwoFormatShow) -> None:
    """The feed's enclosure is the MP3; a podcast:alternateEnclosure of type audio/mp4 gives
    the M4A's exact size, a bitrate and its address in podcast:source."""
    episode = show.episode
    assert [m.format for m in episode.media] == ["mp3", "m4a", "opus"]
    root = etree.parse(str(show.cfg.output / "feed.xml")).getroot()
    [item] = root.iter("item")
    enclosure = item.find("enclosure")
    assert enclosure is not None and enclosure.get("type") == "audio/mpeg"
    assert enclosure.get("url") == BASE_URL + episode.file
    alts = item.findall("podcast:alternateEnclosure", NS)
    assert [a.get("type") for a in alts] == ["audio/mp4", "audio/ogg"]
    for alt, media, suffix in zip(alts, episode.alternates, (".m4a", ".opus"), strict=True):
        path = show.cfg.output / media.file
        assert path.suffix == suffix and path.stat().st_size == media.size
        assert int(alt.get("length")) == path.stat().st_size
        assert 16_000 < float(alt.get("bitrate")) < 120_000
        [source] = alt.findall("podcast:source", NS)
        assert source.get("uri") == BASE_URL + media.file
    # Opus carries the speech at half the MP3's bitrate.
    mp3_size = (show.cfg.output / episode.file).stat().st_size
    assert episode.alternates[1].size < 0.7 * mp3_size


def test_m4a_decodes_to_the_mp3_length_with_chapters_and_cover(show: TwoFormatShow) -> None:
    """The AAC file decodes to within 0.5 s of the MP3 and carries one MP4 chapter per
    segment (same titles, same starts) and the cover art."""
    from mutagen.mp4 import MP4

    out, episode = show.cfg.output, show.episode
    mp3, m4a = out / episode.file, out / episode.alternates[0].file
    mp3_s = pcm_seconds(len(decode_to_pcm(mp3, 16000)), 16000)
    m4a_s = pcm_seconds(len(decode_to_pcm(m4a, 16000)), 16000)
    assert abs(mp3_s - m4a_s) <= 0.5
    assert abs(formats.get_format("m4a").duration(m4a) - episode.duration) <= 0.5
    tags = MP4(m4a)
    assert tags.chapters is not None
    chapters = list(tags.chapters)
    assert [c.title for c in chapters] == [s.title for s in episode.segments]
    for chapter, segment in zip(chapters[1:], episode.segments[1:], strict=True):
        assert chapter.start == pytest.approx(segment.start, abs=0.05)
    assert tags.tags is not None and tags.tags["covr"][0][:2] == b"\xff\xd8"  # a JPEG
    assert tags.tags["\xa9nam"] == [episode.title]


def test_opus_decodes_to_the_mp3_length_at_the_loudness_with_chapters_and_cover(
    show: TwoFormatShow,
) -> None:
    """The Opus file decodes to within 0.5 s of the MP3, measures -16 LUFS like it, and
    carries Vorbis-comment chapters (same titles, same starts) and the cover picture."""
    import base64

    from mutagen.flac import Picture
    from mutagen.oggopus import OggOpus

    from briefcast.audio.loudness import EBUR128, parse_ebur128
    from briefcast.audio.media import run_ffmpeg

    out, episode = show.cfg.output, show.episode
    opus = out / episode.alternates[1].file
    opus_s = pcm_seconds(len(decode_to_pcm(opus, 16000)), 16000)
    assert abs(opus_s - episode.duration) <= 0.5
    assert abs(formats.get_format("opus").duration(opus) - episode.duration) <= 0.5
    measured = parse_ebur128(
        run_ffmpeg(
            ["-nostats", "-i", str(opus), "-af", EBUR128, "-f", "null", "-"], loglevel="info"
        ).stderr.decode(),
        "opus",
    )
    assert measured.integrated == pytest.approx(show.cfg.audio.loudness_lufs, abs=1.0)
    comments = OggOpus(opus).tags
    assert comments is not None and comments["TITLE"] == [episode.title]
    names = [comments[f"CHAPTER{n:03d}NAME"][0] for n in range(1, len(episode.segments) + 1)]
    assert names == [s.title for s in episode.segments]
    for n, segment in enumerate(episode.segments[1:], start=2):
        h, m, sec = comments[f"CHAPTER{n:03d}"][0].split(":")
        assert int(h) * 3600 + int(m) * 60 + float(sec) == pytest.approx(segment.start, abs=0.05)
    picture = Picture(base64.b64decode(comments["METADATA_BLOCK_PICTURE"][0]))
    assert picture.type == 3 and picture.data[:2] == b"\xff\xd8"


def test_page_offers_every_format(show: TwoFormatShow) -> None:
    """The player lists one <source> per file, the MP3 first, and a download link for each."""
    page = (show.cfg.output / "index.html").read_text(encoding="utf-8")
    mp3_at = page.index(f'<source src="{show.episode.file}" type="audio/mpeg">')
    m4a_at = page.index(f'<source src="{show.episode.alternates[0].file}" type="audio/mp4">')
    opus_at = page.index(f'<source src="{show.episode.alternates[1].file}" type="audio/ogg">')
    assert mp3_at < m4a_at < opus_at
    assert ">AAC</a>" in page and ">MP3</a>" in page and ">Opus</a>" in page


def test_validate_checks_the_alternate_file(show: TwoFormatShow, tmp_path: Path) -> None:
    """validate passes the built show, and finds a wrong alternate length and an M4A that
    is not audio."""
    assert pipeline.validate_feed(show.cfg).ok
    copy = tmp_path / "feed"
    shutil.copytree(show.cfg.output, copy)
    m4a = copy / show.episode.alternates[0].file
    size = m4a.stat().st_size
    m4a.write_bytes(b"\0" * size)
    report = validate_path(copy / "feed.xml", require_local=True)
    assert any(
        "alternateEnclosure" in p.element and "not a readable AAC" in p.message
        for p in report.errors
    ), report.errors
    xml = (copy / "feed.xml").read_text(encoding="utf-8")
    (copy / "feed.xml").write_text(xml.replace(f'length="{size}"', 'length="12"'), encoding="utf-8")
    report = validate_path(copy / "feed.xml", require_local=True)
    assert any(
        "alternateEnclosure" in p.element and f"has {size} bytes" in p.message
        for p in report.errors
    ), report.errors


def test_partytime_reads_the_alternate_enclosure(show: TwoFormatShow) -> None:
    """podcast-partytime, the Podcast Index's parser, reads the M4A and Opus alternates and
    their sources."""
    feed = partytime(show.cfg.output / "feed.xml")
    [item] = feed["items"]
    assert item["enclosure"]["type"] == "audio/mpeg"
    alts = item["alternativeEnclosures"]
    assert [(a["type"], a["title"]) for a in alts] == [("audio/mp4", "AAC"), ("audio/ogg", "Opus")]
    for alt, media in zip(alts, show.episode.alternates, strict=True):
        assert alt["length"] == media.size and alt["bitrate"] > 0
        assert [s["uri"] for s in alt["source"]] == [BASE_URL + media.file]


@pytest.mark.parametrize(
    "value,message",
    [
        ([], "at least one format"),
        (["mp3", "mp3"], "twice"),
        (["ogg"], "unknown audio format"),
    ],
)
def test_audio_formats_are_checked(tmp_path: Path, value: list[str], message: str) -> None:
    """audio.formats must name known formats, at least one, none twice."""
    cfg = show_config(tmp_path / "feed", **{"audio.formats": value})
    with pytest.raises(ConfigError, match=message):
        pipeline.check_config(cfg)
