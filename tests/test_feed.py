"""The podcast feed: what real podcast clients read from it, reproducibility, escaping, limits."""

from __future__ import annotations

import re
import shutil
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import lxml.html
import podcastparser
import pytest
from feed_helpers import (
    BASE_URL,
    FIRST_DATE,
    NASTY_TITLE,
    OWNER_EMAIL,
    SECOND_DATE,
    BuiltShow,
    build_show,
    tone_voice,
)
from lxml import etree

from briefcast import pipeline
from briefcast.errors import FeedError
from briefcast.models import Cue, Episode, SegmentTiming
from briefcast.show import store
from briefcast.site import feed
from briefcast.standards import ITUNES_NS, PODCAST_NS, podcast_guid


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuiltShow:
    """Two episodes built with the tone voice."""
    return build_show(tmp_path_factory.mktemp("feedshow"))


def _items(xml: bytes) -> list[etree._Element]:
    return etree.fromstring(xml).findall("channel/item")


def test_podcastparser_reads_every_episode(built: BuiltShow) -> None:
    """podcastparser (gPodder) reads each episode's enclosure URL, size, type, duration, guid."""
    episodes = {e.guid: e for e in store.Show(built.root).episodes()}
    with (built.root / "feed.xml").open("rb") as handle:
        parsed = podcastparser.parse(built.cfg.feed_url, handle)
    assert parsed["title"] == "Test Briefing"
    assert len(parsed["episodes"]) == 2
    for item in parsed["episodes"]:
        stored = episodes[item["guid"]]
        (enclosure,) = item["enclosures"]
        assert enclosure["url"] == BASE_URL + stored.file
        assert enclosure["file_size"] == stored.size == (built.root / stored.file).stat().st_size
        assert enclosure["mime_type"] == "audio/mpeg"
        assert item["total_time"] == round(stored.duration) > 5


def test_feedparser_reads_every_episode(built: BuiltShow) -> None:
    """feedparser sees a well-formed feed with each enclosure, length, type, duration and guid."""
    parsed = feedparser.parse((built.root / "feed.xml").read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    episodes = {e.guid: e for e in store.Show(built.root).episodes()}
    assert [e.id for e in parsed.entries] == [
        e.guid for e in sorted(episodes.values(), key=lambda e: e.date, reverse=True)
    ]
    for entry in parsed.entries:
        stored = episodes[entry.id]
        (enclosure,) = entry.enclosures
        assert enclosure.href == BASE_URL + stored.file
        assert int(enclosure.length) == stored.size
        assert enclosure.type == "audio/mpeg"
        assert int(entry.itunes_duration) == round(stored.duration)
        assert entry.published_parsed is not None


def test_channel_carries_apple_and_podcasting20_tags(built: BuiltShow) -> None:
    """The channel has Apple's required tags and podcast:guid/locked, with explicit as false."""
    root = etree.fromstring((built.root / "feed.xml").read_bytes())
    channel = root.find("channel")
    ns = {"itunes": ITUNES_NS, "podcast": PODCAST_NS, "atom": "http://www.w3.org/2005/Atom"}
    assert channel.findtext("itunes:explicit", namespaces=ns) == "false"
    cat = channel.find("itunes:category", ns)
    assert cat.get("text") == "News"
    assert cat.find("itunes:category", ns).get("text") == "Daily News"
    assert channel.find("itunes:image", ns).get("href") == BASE_URL + "cover.png"
    assert channel.findtext("itunes:owner/itunes:email", namespaces=ns) == OWNER_EMAIL
    assert channel.findtext("itunes:type", namespaces=ns) == "episodic"
    assert channel.findtext("copyright")
    assert channel.find("atom:link[@rel='self']", ns).get("href") == BASE_URL + "feed.xml"
    assert channel.findtext("podcast:guid", namespaces=ns) == podcast_guid(BASE_URL + "feed.xml")
    locked = channel.find("podcast:locked", ns)
    assert (locked.text, locked.get("owner")) == ("yes", OWNER_EMAIL)
    assert channel.findtext("lastBuildDate") == "Fri, 27 Nov 2026 07:30:00 +0000"
    assert channel.findtext("link") == BASE_URL + "index.html"


def test_podcast_guid_follows_the_namespace_rule() -> None:
    """podcast:guid is the UUIDv5 of the URL without scheme or trailing slash (spec example)."""
    assert podcast_guid("https://mp3s.nashownotes.com/pc20rss.xml") == (
        "917393e3-1b1e-5cef-ace4-edaa54e1f810"
    )
    assert podcast_guid("http://mp3s.nashownotes.com/pc20rss.xml/") == (
        "917393e3-1b1e-5cef-ace4-edaa54e1f810"
    )


def test_rebuilding_the_same_episodes_gives_identical_bytes(
    built: BuiltShow, tmp_path: Path
) -> None:
    """Rebuilding both episodes, rewriting the feed, or building afresh elsewhere: same feed.xml."""
    first = (built.root / "feed.xml").read_bytes()
    copy = tmp_path / "copy"
    shutil.copytree(built.root.parent, copy)
    cfg = replace(built.cfg, output=copy / "feed")
    with tone_voice():
        pipeline.build(
            [str(copy / "articles" / "nasty.md")], cfg, now=datetime(2027, 1, 1, tzinfo=UTC)
        )
        pipeline.build(
            [str(copy / "articles" / "markets.md")], cfg, now=datetime(2027, 1, 2, tzinfo=UTC)
        )
    assert (copy / "feed" / "feed.xml").read_bytes() == first
    pipeline.write_feed(cfg)
    assert (copy / "feed" / "feed.xml").read_bytes() == first
    fresh = build_show(tmp_path / "fresh")
    assert (fresh.root / "feed.xml").read_bytes() == first


def test_show_notes_have_summary_chapters_and_sources(built: BuiltShow) -> None:
    """content:encoded is HTML with the summary, each chapter's time and the source links."""
    item = next(
        i
        for i in _items((built.root / "feed.xml").read_bytes())
        if i.findtext("title") == "Markets rally after the talks"
    )
    notes = item.findtext("{http://purl.org/rss/1.0/modules/content/}encoded")
    doc = lxml.html.fragment_fromstring(notes, create_parent="div")
    text = doc.text_content()
    assert "Shares rose in early trading." in text
    episode = next(e for e in store.Show(built.root).episodes() if e.title.startswith("Markets"))
    for seg in episode.segments:
        assert f"{feed.clock(seg.start)} {seg.title}" in text
    links = [a.get("href") for a in doc.iter("a")]
    assert "https://news.example/2026/11/markets" in links


def test_article_markup_stays_text_in_the_feed(built: BuiltShow) -> None:
    """A title like <script>...& "quotes" is escaped: the XML parses and gives the literal text."""
    xml = (built.root / "feed.xml").read_bytes()
    assert b"<script>" not in xml
    titles = [i.findtext("title") for i in _items(xml)]
    assert NASTY_TITLE in titles
    parsed = feedparser.parse(xml)
    assert NASTY_TITLE in [e.title for e in parsed.entries]
    item = next(i for i in _items(xml) if i.findtext("title") == NASTY_TITLE)
    notes = item.findtext("{http://purl.org/rss/1.0/modules/content/}encoded")
    doc = lxml.html.fragment_fromstring(notes, create_parent="div")
    assert not list(doc.iter("script", "b"))
    assert NASTY_TITLE in doc.text_content()
    assert "What <b>comes</b> next" in doc.text_content()


def test_article_markup_stays_text_in_the_id3_tags(built: BuiltShow) -> None:
    """The episode's ID3 title is the literal article title."""
    from mutagen.id3 import ID3

    episode = next(e for e in store.Show(built.root).episodes() if e.title == NASTY_TITLE)
    assert str(ID3(built.root / episode.file)["TIT2"]) == NASTY_TITLE


def test_max_episodes_keeps_older_episodes_stored(built: BuiltShow, tmp_path: Path) -> None:
    """With max_episodes = 1 the feed and page list only the newest; both stay stored."""
    copy = tmp_path / "feed"
    shutil.copytree(built.root, copy)
    cfg = replace(built.cfg, output=copy, show=replace(built.cfg.show, max_episodes=1))
    pipeline.write_feed(cfg)
    items = _items((copy / "feed.xml").read_bytes())
    assert [i.findtext("title") for i in items] == ["Markets rally after the talks"]
    assert len(store.Show(copy).episodes()) == 2
    page = (copy / "index.html").read_text(encoding="utf-8")
    assert page.count("<audio") == 1


def _episode(guid: str, day: int, season: int | None) -> Episode:
    seg = SegmentTiming("section", "Only", 0.0, 10.0, "", (Cue(0.1, 9.0, "Hello."),))
    return Episode(
        guid=guid,
        title=f"Episode {guid}",
        date=datetime(2026, 1, day, tzinfo=UTC),
        duration=10.0,
        file=f"episodes/{guid}.mp3",
        size=1000,
        engine="tone",
        sources=("a.md",),
        segments=(seg,),
        season=season or 0,
    )


def test_seasons_and_episode_numbers(built: BuiltShow) -> None:
    """podcast:season comes from the episode; numbering counts from 1 within each season."""
    cfg = replace(built.cfg, show=replace(built.cfg.show, number_episodes=True))
    episodes = [_episode("a", 1, 1), _episode("b", 2, 1), _episode("c", 3, 2)]
    items = {i.findtext("guid"): i for i in _items(feed.render_feed(cfg, episodes))}
    ns = {"podcast": PODCAST_NS, "itunes": ITUNES_NS}
    got = {
        g: (
            i.findtext("podcast:season", namespaces=ns),
            i.findtext("podcast:episode", namespaces=ns),
            i.findtext("itunes:episode", namespaces=ns),
        )
        for g, i in items.items()
    }
    assert got == {"a": ("1", "1", "1"), "b": ("1", "2", "2"), "c": ("2", "1", "1")}
    plain = _items(feed.render_feed(built.cfg, [_episode("d", 4, None)]))[0]
    assert plain.find("podcast:episode", ns) is None and plain.find("podcast:season", ns) is None


def test_feed_links_a_css_stylesheet_not_xslt(built: BuiltShow) -> None:
    """feed.xml names feed.css (type text/css, which browsers keep), never an XSL stylesheet."""
    xml = (built.root / "feed.xml").read_bytes()
    prolog = xml.split(b"<rss", 1)[0]
    assert b'<?xml-stylesheet type="text/css" href="feed.css"?>' in prolog
    assert b"text/xsl" not in prolog and not (built.root / "feed.xsl").exists()
    css = (built.root / "feed.css").read_text(encoding="utf-8")
    assert "item > |title" in css and "prefers-color-scheme: dark" in css


def test_feed_with_errors_is_not_published(built: BuiltShow, tmp_path: Path) -> None:
    """When the new feed fails validation (600 px artwork), feed.xml is left as it was."""
    from PIL import Image

    copy = tmp_path / "feed"
    shutil.copytree(built.root, copy)
    before = (copy / "feed.xml").read_bytes()
    small = tmp_path / "small.png"
    Image.new("RGB", (600, 600), (1, 2, 3)).save(small)
    cfg = replace(built.cfg, output=copy, show=replace(built.cfg.show, image=str(small)))
    with pytest.raises(FeedError, match=r"channel/itunes:image: small.png is 600x600 px"):
        pipeline.write_feed(cfg)
    assert (copy / "feed.xml").read_bytes() == before


def test_dates_are_pinned_by_the_first_build(built: BuiltShow) -> None:
    """Stored dates are the pinned build dates, and pubDates carry a timezone."""
    dates = sorted(e.date for e in store.Show(built.root).episodes())
    assert dates == [FIRST_DATE, SECOND_DATE]
    pub = [i.findtext("pubDate") for i in _items((built.root / "feed.xml").read_bytes())]
    assert pub == ["Fri, 27 Nov 2026 07:30:00 +0000", "Fri, 20 Nov 2026 07:30:00 +0000"]


@pytest.mark.parametrize(
    "key, value, message",
    [
        ("show.category", "Newz", "'Newz' is not one of Apple's podcast categories"),
        ("show.subcategory", "Cooking", "'Cooking' is not a subcategory of 'News'"),
        ("show.type", "daily", "show.type must be one of episodic, serial"),
        ("show.description", "x" * 4001, "show.description is 4001 bytes"),
        ("show.max_episodes", "-1", "show.max_episodes must be 0"),
    ],
)
def test_show_settings_are_checked_at_load(key: str, value: str, message: str) -> None:
    """Settings a directory would reject are refused when the config is loaded."""
    from briefcast.config import load_config
    from briefcast.errors import ConfigError

    with pytest.raises(ConfigError, match=re.escape(message)):
        load_config(None, overrides={key: value}, env={})


def test_podcasting20_tags_apps_read(built: BuiltShow) -> None:
    """Channel: medium, the author as podcast:person, funding when set, the AI disclosure;
    item: its page link, VTT captions with language, the article authors, the disclosure."""
    cfg = replace(
        built.cfg,
        show=replace(
            built.cfg.show,
            author="Ana Editor",
            funding_url="https://podcast.example/support",
            funding_text="Buy us a coffee",
        ),
    )
    episodes = store.Show(built.root).episodes()
    bylined = replace(episodes[0], authors=("Jo Writer and Sam Roe",))
    root = etree.fromstring(feed.render_feed(cfg, [bylined, *episodes[1:]]))
    channel = root.find("channel")
    ns = {"podcast": PODCAST_NS, "itunes": ITUNES_NS}
    assert channel.findtext("podcast:medium", namespaces=ns) == "podcast"
    person = channel.find("podcast:person", ns)
    assert (person.text, person.get("role"), person.get("group")) == (
        "Ana Editor",
        "producer",
        "creative direction",
    )
    funding = channel.find("podcast:funding", ns)
    assert (funding.get("url"), funding.text) == (
        "https://podcast.example/support",
        "Buy us a coffee",
    )
    assert channel.find("podcast:txt[@purpose='ai-content']", ns).text == "true"
    assert channel.find("itunes:block", ns) is None and channel.find("podcast:block", ns) is None
    item = next(i for i in channel.findall("item") if i.findtext("guid") == bylined.guid)
    assert item.findtext("link") == BASE_URL + store.episode_files(bylined).page
    vtt = item.find("podcast:transcript[@type='text/vtt']", ns)
    assert (vtt.get("rel"), vtt.get("language")) == ("captions", "en")
    authors = [(p.text, p.get("role"), p.get("group")) for p in item.findall("podcast:person", ns)]
    assert authors == [("Jo Writer", "author", "writing"), ("Sam Roe", "author", "writing")]
    assert item.find("podcast:txt[@purpose='ai-content']", ns).text == "true"
    notes = item.findtext("{http://purl.org/rss/1.0/modules/content/}encoded")
    assert "synthetic (text-to-speech) voice" in notes
    plain = etree.fromstring(feed.render_feed(built.cfg, episodes)).find("channel")
    assert plain.find("podcast:funding", ns) is None


def test_a_private_show_asks_directories_not_to_list_it(built: BuiltShow) -> None:
    """show.private: itunes:block Yes and podcast:block yes."""
    cfg = replace(built.cfg, show=replace(built.cfg.show, private=True))
    channel = etree.fromstring(feed.render_feed(cfg, [])).find("channel")
    ns = {"podcast": PODCAST_NS, "itunes": ITUNES_NS}
    assert channel.findtext("itunes:block", namespaces=ns) == "Yes"
    assert channel.findtext("podcast:block", namespaces=ns) == "yes"


def test_new_show_settings_are_checked_at_load() -> None:
    """A relative funding URL or an unknown medium is refused when the config is loaded."""
    from briefcast.config import load_config
    from briefcast.errors import ConfigError

    with pytest.raises(ConfigError, match="show.funding_url must start with http"):
        load_config(None, overrides={"show.funding_url": "support.html"}, env={})
    with pytest.raises(ConfigError, match="show.medium must be one of podcast"):
        load_config(None, overrides={"show.medium": "radio"}, env={})


def test_partytime_reads_person_funding_and_medium(built: BuiltShow, tmp_path: Path) -> None:
    """podcast-partytime (through node) reads podcast:person (show and article authors, with
    roles), podcast:funding when configured, podcast:medium, and the captions transcript."""
    from node_tools import partytime

    cfg = replace(
        built.cfg,
        show=replace(
            built.cfg.show,
            author="Ana Editor",
            funding_url="https://podcast.example/support",
            funding_text="Buy us a coffee",
        ),
    )
    episodes = store.Show(built.root).episodes()
    bylined = replace(episodes[0], authors=("Jo Writer",))
    path = tmp_path / "feed.xml"
    path.write_bytes(feed.render_feed(cfg, [bylined, *episodes[1:]]))
    parsed = partytime(path)
    assert parsed["medium"] == "podcast"
    assert parsed["podcastFunding"] == [
        {"url": "https://podcast.example/support", "message": "Buy us a coffee"}
    ]
    # partytime gives roles and groups in the taxonomy's own spelling: it recognised them.
    people = [(p["name"], p["role"], p["group"]) for p in parsed["podcastPeople"]]
    assert people == [("Ana Editor", "Producer", "Creative Direction")]
    item = next(i for i in parsed["items"] if i["guid"] == bylined.guid)
    assert [(p["name"], p["role"], p["group"]) for p in item["podcastPeople"]] == [
        ("Jo Writer", "Author", "Writing")
    ]
    captions = [t for t in item["podcastTranscripts"] if t["type"] == "text/vtt"]
    assert captions and captions[0].get("rel") == "captions"
    assert captions[0].get("language") == "en"
    path.write_bytes(feed.render_feed(built.cfg, episodes))
    assert "podcastFunding" not in partytime(path)
