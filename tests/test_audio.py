"""The finished episode of the sample, voiced offline: loudness, format, tags and chapters.

The sample is built once for the module with the real offline voice (loudness and timing
depend on real speech), with cover art configured; every test reads that one build.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from audio_helpers import decode, ebur128, ffmpeg, rms_db
from click.testing import CliRunner

from briefcast import pipeline
from briefcast.cli import cli
from briefcast.models import Episode

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "tests" / "data" / "npr_ukraine_pasted.txt"
NOW = datetime(2025, 2, 24, 6, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def sample(piper_sample: tuple[pipeline.BuildResult, Path]) -> tuple[pipeline.BuildResult, Path]:
    """The sample built with the offline voice and a cover image; the result and the cover."""
    return piper_sample


def test_loudness_meets_target_on_final_mp3(sample):
    """ebur128 on the MP3 reads -16 LUFS within 1 LU and a true peak of at most -1 dBTP, and
    the episode stores what was achieved."""
    result, _ = sample
    integrated, peak = ebur128(result.audio_path)
    assert abs(integrated - -16.0) <= 1.0
    assert peak <= -1.0
    assert result.episode.loudness_lufs == pytest.approx(integrated, abs=0.15)
    assert result.episode.true_peak_dbtp == pytest.approx(peak, abs=0.15)


def test_mp3_decodes_cleanly_in_configured_format(sample):
    """ffmpeg decodes the MP3 end to end without a message; it is 44.1 kHz mono 64 kbit/s CBR
    and as long as the stored duration."""
    from mutagen.mp3 import MP3, BitrateMode

    result, _ = sample
    proc = ffmpeg("-v", "error", "-i", str(result.audio_path), "-f", "null", "-")
    assert proc.stdout == b"" and proc.stderr == b""
    info = MP3(result.audio_path).info
    assert (info.sample_rate, info.channels, info.bitrate) == (44100, 1, 64000)
    assert info.bitrate_mode in (BitrateMode.CBR, BitrateMode.UNKNOWN)
    samples = decode(result.audio_path)
    assert len(samples) / 44100 == pytest.approx(result.episode.duration, abs=0.1)


def test_id3_tags_and_cover_art(sample):
    """ID3v2.3 holds title, artist, album (the show), date, genre Podcast, a comment and the
    cover image as front-cover APIC (the 1400 px PNG embedded as a JPEG of the same size)."""
    import io

    from mutagen.id3 import ID3
    from PIL import Image

    result, cover = sample
    tags = ID3(result.audio_path)
    assert tags.version[:2] == (2, 3)
    assert str(tags["TIT2"]) == result.episode.title
    assert str(tags["TPE1"]) == "Briefcast"
    assert str(tags["TALB"]) == "Briefcast"
    assert str(tags["TDRC"]) == "2025-02-24"
    assert str(tags["TCON"]) == "Podcast"
    assert str(tags.getall("COMM")[0]) == result.episode.description
    apic = tags.getall("APIC")[0]
    assert (apic.mime, apic.type) == ("image/jpeg", 3)
    with Image.open(io.BytesIO(apic.data)) as embedded, Image.open(cover) as original:
        assert (embedded.format, embedded.size) == ("JPEG", original.size)


def test_chapters_match_segments_and_tile_the_file(sample):
    """One CHAP per segment (intro, each section, outro) listed in order by a top-level CTOC;
    each section's chapter starts within 100 ms of its announcement, where the audio goes from
    a pause to speech; chapters cover the file without gap or overlap."""
    from mutagen.id3 import ID3, CTOCFlags

    result, _ = sample
    episode: Episode = result.episode
    tags = ID3(result.audio_path)
    chapters = sorted(tags.getall("CHAP"), key=lambda c: c.start_time)
    (toc,) = tags.getall("CTOC")
    assert toc.flags & CTOCFlags.TOP_LEVEL and toc.flags & CTOCFlags.ORDERED
    assert list(toc.child_element_ids) == [c.element_id for c in chapters]
    assert len(chapters) == len(episode.segments)
    sections = [s for s in episode.segments if s.kind == "section"]
    assert len(sections) == 6
    assert [str(c.sub_frames["TIT2"]) for c in chapters] == [s.title for s in episode.segments]

    samples = decode(result.audio_path)
    for chapter, segment in zip(chapters, episode.segments, strict=True):
        if segment.kind != "section":
            continue
        assert abs(chapter.start_time / 1000 - segment.start) <= 0.1
        assert abs(segment.cues[0].start - segment.start) <= 0.1
        at = int(chapter.start_time / 1000 * 44100)
        before, after = samples[at - 17640 : at - 4410], samples[at : at + 17640]
        assert rms_db(before) < -50, segment.title  # the section pause
        assert rms_db(after) > -35, segment.title  # the announcement

    assert chapters[0].start_time == 0
    for first, second in zip(chapters, chapters[1:], strict=False):
        assert first.end_time == second.start_time
    assert chapters[-1].end_time == round(episode.duration * 1000)


def test_list_shows_loudness(sample):
    """``briefcast list --json`` gives each episode's measured loudness and true peak."""
    import json

    result, _ = sample
    out = result.audio_path.parent.parent
    run = CliRunner().invoke(cli, ["list", "--json", "--out", str(out)])
    assert run.exit_code == 0, run.output
    listed = json.loads(run.output)[0]
    assert listed["loudness_lufs"] == pytest.approx(result.episode.loudness_lufs)
    assert listed["true_peak_dbtp"] == pytest.approx(result.episode.true_peak_dbtp)


@pytest.mark.parametrize("seconds", [0.7, 3.3])
def test_mp3_duration_is_the_gapless_length(tmp_path: Path, seconds: float) -> None:
    """The stored duration is what a gapless decoder plays: the LAME tag's encoder delay and
    padding are taken off (mutagen alone counts them for ffmpeg-written files, ~50 ms long)."""
    from briefcast.audio.formats.mp3 import mp3_duration
    from briefcast.audio.media import decode_to_pcm, run_ffmpeg

    mp3 = tmp_path / "tone.mp3"
    run_ffmpeg(
        [
            "-f",
            "lavfi",
            "-i",
            f"sine=frequency=440:duration={seconds}:sample_rate=44100",
            "-c:a",
            "libmp3lame",
            "-b:a",
            "64k",
            "-write_xing",
            "1",
            str(mp3),
        ]
    )
    decoded = len(decode_to_pcm(mp3, 44100, codec="mp3")) / (2 * 44100)
    assert abs(decoded - seconds) < 0.002
    assert abs(mp3_duration(mp3) - decoded) < 0.002
