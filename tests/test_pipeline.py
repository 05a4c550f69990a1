"""End-to-end behaviour of the pipeline: sample article to MP3, stored episode and feed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import podcastparser
import pytest

from briefcast import pipeline
from briefcast.audio.media import decode_to_pcm, pcm_seconds
from briefcast.pipeline import make_script, read_articles

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"
SAMPLE = DATA / "npr_ukraine_pasted.txt"

CAPTIONS = (
    "A rescue crew gathers in entrance of a broken residential constructing",
    "Volodymyr Silvanovskyi survived a Russian drone strike",
    "Sumy residents wait in a rescue tent",
    "Ukrainian President Volodymyr Zelenskyy and Republican presidential nominee",
    "Defensive fortifications close to Sumy",
    "A lady walks in entrance of a broken residential constructing",
    "Flowers on a bench in reminiscence",
)
CREDITS = ("Anton Shtuka", "Alex Kent", "Getty", "cover caption", "toggle caption")
HEADINGS = [
    "U.S.-Russia détente",
    "Ukraine shedding an ally?",
    "Europe's plan",
    "The place the battle stands",
    "The negotiations",
]


def _spoken(script_text: str) -> str:
    return script_text.replace("’", "'")


def test_sample_script_drops_photo_blocks_and_keeps_five_sections(tone_config):
    """The sample's script speaks no caption or credit and has exactly the five headings."""
    articles = read_articles([str(SAMPLE)])
    script = make_script(articles, tone_config, None, datetime(2025, 2, 24, tzinfo=UTC))
    spoken = _spoken("\n".join(seg.text for seg in script.segments))
    for caption in CAPTIONS:
        assert caption not in spoken
    for credit in CREDITS:
        assert credit.lower() not in spoken.lower()
    sections = [s for s in script.segments if s.kind == "section"]
    titled = [_spoken(s.title) for s in articles[0].sections if s.title]
    assert titled == HEADINGS
    assert articles[0].sections[0].title == ""  # the untitled lead comes first
    assert [_spoken(s.title) for s in sections[1:]] == HEADINGS
    assert [s.kind for s in script.segments][0] == "intro"
    assert [s.kind for s in script.segments][-1] == "outro"


def _run_cli(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.run(
        [sys.executable, "-m", "briefcast", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def built_sample(piper_readme: Path) -> Path:
    """The README's main job (sample article, offline voice), run once per session."""
    return piper_readme / "feed"


def test_readme_main_job_builds_mp3_and_feed(built_sample: Path):
    """The sample builds offline into an MP3 whose length agrees with feed and metadata."""
    feed_xml = built_sample / "feed.xml"
    mp3s = list((built_sample / "episodes").glob("*.mp3"))
    assert feed_xml.is_file() and len(mp3s) == 1
    mp3 = mp3s[0]
    decoded = pcm_seconds(len(decode_to_pcm(mp3, 16000)), 16000)
    assert decoded > 300  # the sample is about ten minutes of speech
    record = json.loads(mp3.with_suffix(".json").read_text())
    assert abs(record["duration"] - decoded) <= 1.0
    assert record["engine"] == "piper"

    parsed = feedparser.parse(feed_xml.read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    entry = parsed.entries[0]
    assert abs(int(entry.itunes_duration) - decoded) <= 1.0
    enclosure = entry.enclosures[0]
    assert int(enclosure.length) == mp3.stat().st_size
    assert enclosure.type == "audio/mpeg"
    assert enclosure.href.endswith("episodes/" + mp3.name)

    with feed_xml.open("rb") as handle:
        podcast = podcastparser.parse("http://localhost:8000/feed.xml", handle)
    episode = podcast["episodes"][0]
    assert episode["guid"] == record["guid"]
    assert episode["enclosures"][0]["file_size"] == mp3.stat().st_size
    assert abs(episode["total_time"] - decoded) <= 1.0


def test_default_build_embeds_the_generated_cover(built_sample: Path):
    """Default settings (no show.image): the MP3 carries the generated cover as a front-cover
    APIC frame, a 1400 px JPEG, read back with mutagen."""
    import io

    from mutagen.id3 import ID3
    from PIL import Image

    (mp3,) = (built_sample / "episodes").glob("*.mp3")
    (apic,) = ID3(mp3).getall("APIC")
    assert (apic.type, apic.mime) == (3, "image/jpeg")
    with Image.open(io.BytesIO(apic.data)) as img:
        assert (img.format, img.size, img.mode) == ("JPEG", (1400, 1400), "RGB")


def test_second_article_adds_rebuild_replaces_and_feed_is_reproducible(tone_config, tmp_path):
    """A new article adds an episode; the same one again replaces it; feed is rebuilt exactly."""
    first = tmp_path / "first.md"
    first.write_text("# First story\n\nThe first story has one paragraph. It is short.\n")
    second = tmp_path / "second.txt"
    second.write_text("A second story arrived today. It reads well.\n")
    t0 = datetime(2026, 1, 1, 8, tzinfo=UTC)
    a = pipeline.build([str(first)], tone_config, now=t0)
    b = pipeline.build([str(second)], tone_config, now=t0.replace(hour=9))
    assert a.episode.guid != b.episode.guid
    assert [e.guid for e in pipeline.list_episodes(tone_config)] == [b.episode.guid, a.episode.guid]
    first.write_text("# First story\n\nThe first story, corrected. Still short.\n")
    again = pipeline.build([str(first)], tone_config, now=t0.replace(hour=10))
    assert again.replaced and again.episode.guid == a.episode.guid
    episodes = pipeline.list_episodes(tone_config)
    assert len(episodes) == 2
    assert {e.guid for e in episodes} == {a.episode.guid, b.episode.guid}
    assert len(list((tone_config.output / "episodes").glob("*.mp3"))) == 2

    feed_path = tone_config.output / "feed.xml"
    before = feed_path.read_bytes()
    feed_path.unlink()
    pipeline.write_feed(tone_config)
    assert feed_path.read_bytes() == before
    assert len(feedparser.parse(before).entries) == 2


def test_preview_gives_a_rebuild_the_day_its_build_gives_it(tone_config, tmp_path):
    """``script`` (the preview) of an article already built, as it is or corrected under the
    same title, says the stored episode's date, as the rebuild then does; a new article says
    today's."""
    story = tmp_path / "story.md"
    story.write_text("# A story\n\nThe story has one paragraph. It is short.\n")
    t0 = datetime(2026, 1, 1, 8, tzinfo=UTC)
    later = datetime(2026, 1, 3, 8, tzinfo=UTC)
    first = pipeline.build([str(story)], tone_config, now=t0)
    assert pipeline.preview([str(story)], tone_config, now=later).day == first.episode.date
    story.write_text("# A story\n\nThe story, corrected. Still short.\n")
    preview = pipeline.preview([str(story)], tone_config, now=later)
    rebuilt = pipeline.build([str(story)], tone_config, now=later)
    assert rebuilt.replaced and preview.day == rebuilt.episode.date == first.episode.date
    assert preview.script == make_script(
        read_articles([str(story)]), tone_config, None, rebuilt.episode.date
    )
    other = tmp_path / "other.md"
    other.write_text("# Another story\n\nAnother story, told once.\n")
    assert pipeline.preview([str(other)], tone_config, now=later).day == later


def test_markdown_front_matter_is_read(tone_config):
    """Front matter gives title, author, date, source URL and language."""
    articles = read_articles([str(DATA / "front_matter_article.md")])
    article = articles[0]
    assert article.title == "City council approves new bike lanes"
    assert article.byline == "Jane Doe"
    assert article.source_url == "https://example.com/news/bike-lanes"
    assert article.language == "en"
    assert article.date == datetime(2026, 11, 27, tzinfo=UTC)
    assert [s.title for s in article.sections] == ["", "What changes", "What comes next"]
