"""Regenerate tests/data/feeds/: one valid feed and feeds that each break one rule.

The validator tests (tests/test_validate.py) expect each broken feed to produce its error, and
the valid one to produce none. Run from the repository root:

    python3 scripts/make_broken_feeds.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from briefcast.standards import podcast_guid

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "feeds"
GUID = podcast_guid("https://podcast.example/show/feed.xml")

BASE = f"""<?xml version='1.0' encoding='UTF-8'?>
<rss xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd" \
xmlns:podcast="https://podcastindex.org/namespace/1.0" \
xmlns:atom="http://www.w3.org/2005/Atom" version="2.0">
  <channel>
    <title>Example Show</title>
    <link>https://podcast.example/show/</link>
    <description>An example show for the validator tests.</description>
    <atom:link href="https://podcast.example/show/feed.xml" rel="self" type="application/rss+xml"/>
    <copyright>© Example</copyright>
    <language>en</language>
    <generator>briefcast</generator>
    <lastBuildDate>Fri, 27 Nov 2026 07:30:00 +0000</lastBuildDate>
    <itunes:author>Example</itunes:author>
    <itunes:image href="https://podcast.example/show/cover.jpg"/>
    <itunes:owner>
      <itunes:name>Example</itunes:name>
      <itunes:email>owner@podcast.example</itunes:email>
    </itunes:owner>
    <itunes:type>episodic</itunes:type>
    <itunes:category text="News">
      <itunes:category text="Daily News"/>
    </itunes:category>
    <itunes:explicit>false</itunes:explicit>
    <podcast:guid>{GUID}</podcast:guid>
    <podcast:locked owner="owner@podcast.example">yes</podcast:locked>
    <podcast:medium>podcast</podcast:medium>
    <podcast:person role="producer" group="creative direction">Example</podcast:person>
    <podcast:txt purpose="ai-content">true</podcast:txt>
    <item>
      <title>Second episode</title>
      <description>The second one.</description>
      <guid isPermaLink="false">episode-2</guid>
      <enclosure url="https://podcast.example/show/episodes/two.mp3" length="480000" \
type="audio/mpeg"/>
      <pubDate>Fri, 27 Nov 2026 07:30:00 +0000</pubDate>
      <itunes:duration>60</itunes:duration>
      <itunes:explicit>false</itunes:explicit>
      <podcast:transcript url="https://podcast.example/show/episodes/two.vtt" type="text/vtt" \
language="en" rel="captions"/>
      <podcast:chapters url="https://podcast.example/show/episodes/two.chapters.json" \
type="application/json+chapters"/>
    </item>
    <item>
      <title>First episode</title>
      <description>The first one.</description>
      <guid isPermaLink="false">episode-1</guid>
      <enclosure url="https://podcast.example/show/episodes/one.mp3" length="240000" \
type="audio/mpeg"/>
      <pubDate>Fri, 20 Nov 2026 07:30:00 +0000</pubDate>
      <itunes:duration>30</itunes:duration>
      <itunes:explicit>false</itunes:explicit>
    </item>
  </channel>
</rss>
"""

FIRST_ENCLOSURE = (
    '<enclosure url="https://podcast.example/show/episodes/two.mp3" length="480000" '
    'type="audio/mpeg"/>'
)

# name -> (text to replace in BASE, replacement)
CASES: dict[str, tuple[str, str]] = {
    "missing_enclosure_length": (FIRST_ENCLOSURE, FIRST_ENCLOSURE.replace(' length="480000"', "")),
    "duplicate_guid": (
        '<guid isPermaLink="false">episode-1</guid>',
        '<guid isPermaLink="false">episode-2</guid>',
    ),
    "bad_category": ('<itunes:category text="News">', '<itunes:category text="Newz">'),
    "bad_subcategory": (
        '<itunes:category text="Daily News"/>',
        '<itunes:category text="Cooking"/>',
    ),
    "naive_date": (
        "<pubDate>Fri, 27 Nov 2026 07:30:00 +0000</pubDate>",
        "<pubDate>Fri, 27 Nov 2026 07:30:00</pubDate>",
    ),
    "artwork_too_small": (
        "https://podcast.example/show/cover.jpg",
        "https://podcast.example/show/small-cover.png",
    ),
    "artwork_not_rgb": (
        "https://podcast.example/show/cover.jpg",
        "https://podcast.example/show/grey-cover.png",
    ),
    "explicit_invalid": (
        "<itunes:explicit>false</itunes:explicit>\n    <podcast:guid>",
        "<itunes:explicit>maybe</itunes:explicit>\n    <podcast:guid>",
    ),
    "missing_title": ("<title>Example Show</title>\n", ""),
    "description_too_long": (
        "<description>An example show for the validator tests.",
        "<description>" + "A very long description. " * 170,
    ),
    "relative_enclosure_url": (
        FIRST_ENCLOSURE,
        FIRST_ENCLOSURE.replace(
            "https://podcast.example/show/episodes/two.mp3", "episodes/two.mp3"
        ),
    ),
    "wrong_enclosure_type": (FIRST_ENCLOSURE, FIRST_ENCLOSURE.replace("audio/mpeg", "text/html")),
    "bad_duration": (
        "<itunes:duration>60</itunes:duration>",
        "<itunes:duration>one minute</itunes:duration>",
    ),
    "missing_guid": ('<guid isPermaLink="false">episode-2</guid>\n', ""),
    "missing_image": ('<itunes:image href="https://podcast.example/show/cover.jpg"/>\n', ""),
    "bad_podcast_guid": (f"<podcast:guid>{GUID}", "<podcast:guid>not-a-uuid"),
    "bad_chapters_type": ('type="application/json+chapters"', 'type="application/json"'),
    "broken_transcript": (
        "https://podcast.example/show/episodes/two.vtt",
        "https://podcast.example/show/episodes/broken.vtt",
    ),
    "missing_enclosure": (FIRST_ENCLOSURE + "\n", ""),
    "bad_language": ("<language>en</language>", "<language>English</language>"),
    "malformed_xml": ("</channel>", ""),
    "not_rss": ("<rss ", "<feed "),
}


def main() -> None:
    """Write the valid feed, each broken one, and the local files some of them point at."""
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "valid.xml").write_text(BASE, encoding="utf-8")
    for name, (old, new) in CASES.items():
        if old not in BASE:
            raise SystemExit(f"{name}: {old!r} is not in the base feed")
        text = BASE.replace(old, new, 1)
        if name == "not_rss":
            text = text.replace("</rss>", "</feed>")
        (OUT / f"{name}.xml").write_text(text, encoding="utf-8")
    Image.new("RGB", (600, 600), (20, 60, 90)).save(OUT / "small-cover.png")
    Image.new("L", (1400, 1400), 90).save(OUT / "grey-cover.png")
    episodes = OUT / "episodes"
    episodes.mkdir(exist_ok=True)
    (episodes / "broken.vtt").write_text(
        "1\n00:00:00.000 --> 00:00:02.000\nNo header.\n", encoding="utf-8"
    )
    print(f"wrote {len(CASES) + 1} feeds to {OUT}")


if __name__ == "__main__":
    main()
