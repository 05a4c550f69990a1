"""ID3 tags: text frames, chapters with links and their table of contents, cover art."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from audio_helpers import ffmpeg

from briefcast.audio.tags import Chapter, Cover, Tags, chapters_from_timings, write_tags
from briefcast.errors import ConfigError
from briefcast.models import SegmentTiming
from briefcast.site.cover import read_cover

DATE = datetime(2025, 2, 24, tzinfo=UTC)


@pytest.fixture
def mp3(tmp_path):
    """A three-second silent MP3."""
    path = tmp_path / "silence.mp3"
    ffmpeg(
        "-v",
        "error",
        "-f",
        "lavfi",
        "-i",
        "anullsrc=r=44100:cl=mono",
        "-t",
        "3",
        "-c:a",
        "libmp3lame",
        "-b:a",
        "64k",
        str(path),
    )
    return path


def test_chapters_tile_the_whole_duration():
    """Chapters start at 0, each ends where the next starts, the last ends at the duration,
    and keep each segment's title and link."""
    segments = (
        SegmentTiming("intro", "Introduction", 0.0, 4.2),
        SegmentTiming("section", "One", 4.2, 10.5, "https://example.com/a"),
        SegmentTiming("outro", "Outro", 10.5, 12.0),
    )
    chapters = chapters_from_timings(segments, 12.34)
    assert chapters == (
        Chapter("Introduction", 0, 4200),
        Chapter("One", 4200, 10500, "https://example.com/a"),
        Chapter("Outro", 10500, 12340),
    )


def test_chapters_with_links_and_toc_are_written(mp3):
    """Every chapter becomes a CHAP with its title; a URL becomes a WXXX sub-frame; a CTOC
    lists them top-level and ordered; writing twice leaves one set of frames."""
    from mutagen.id3 import ID3, CTOCFlags

    tags = Tags(
        "Title",
        "Host",
        "Show",
        DATE,
        "About it",
        None,
        (
            Chapter("Intro", 0, 1000),
            Chapter("Story", 1000, 2500, "https://e.com/s"),
            Chapter("Outro", 2500, 3000),
        ),
    )
    write_tags(mp3, tags)
    write_tags(mp3, tags)
    id3 = ID3(mp3)
    chaps = id3.getall("CHAP")
    assert len(chaps) == 3 and len(id3.getall("CTOC")) == 1 and len(id3.getall("TIT2")) == 1
    by_id = {c.element_id: c for c in chaps}
    toc = id3.getall("CTOC")[0]
    assert toc.flags == CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED
    assert [str(by_id[i].sub_frames["TIT2"]) for i in toc.child_element_ids] == [
        "Intro",
        "Story",
        "Outro",
    ]
    story = by_id[toc.child_element_ids[1]]
    assert (story.start_time, story.end_time) == (1000, 2500)
    assert story.sub_frames.getall("WXXX")[0].url == "https://e.com/s"
    assert not by_id[toc.child_element_ids[0]].sub_frames.getall("WXXX")
    assert not id3.getall("APIC")


def test_cover_is_embedded_as_front_cover(mp3, tmp_path):
    """A local JPEG cover is embedded as APIC type 3 with its MIME type."""
    from mutagen.id3 import ID3

    image = tmp_path / "cover.jpg"
    ffmpeg("-v", "error", "-f", "lavfi", "-i", "color=c=red:s=32x32", "-frames:v", "1", str(image))
    cover = read_cover(str(image))
    assert cover == Cover(image.read_bytes(), "image/jpeg")
    write_tags(mp3, Tags("T", "A", "S", DATE, cover=cover))
    apic = ID3(mp3).getall("APIC")[0]
    assert (apic.type, apic.mime, apic.data) == (3, "image/jpeg", image.read_bytes())


def test_cover_errors_and_urls(tmp_path):
    """A missing or non-JPEG/PNG cover is a ConfigError; a URL embeds no cover."""
    with pytest.raises(ConfigError, match="not found"):
        read_cover(str(tmp_path / "missing.png"))
    with pytest.raises(ConfigError, match=".jpg or .png"):
        read_cover(str(tmp_path / "cover.gif"))
    assert read_cover("https://example.com/cover.png") is None


def test_without_an_image_the_generated_cover_is_embedded_at_1400_px():
    """No show.image: the generated cover of the show's title, as a 1400 px RGB JPEG."""
    import io

    from PIL import Image

    cover = read_cover("", "Morning Brief")
    assert cover is not None and cover.mime == "image/jpeg"
    with Image.open(io.BytesIO(cover.data)) as img:
        assert (img.format, img.mode, img.size) == ("JPEG", "RGB", (1400, 1400))


def test_a_large_png_cover_is_embedded_as_a_1400_px_jpeg(tmp_path):
    """A 3000 px PNG show image is scaled down and re-encoded, so every MP3 stays small."""
    import io

    from PIL import Image

    image = tmp_path / "big.png"
    Image.new("RGB", (3000, 3000), (200, 30, 30)).save(image)
    cover = read_cover(str(image))
    assert cover is not None and cover.mime == "image/jpeg"
    with Image.open(io.BytesIO(cover.data)) as img:
        assert (img.format, img.size) == ("JPEG", (1400, 1400))
    assert len(cover.data) < image.stat().st_size
