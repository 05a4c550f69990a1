"""Feed writing: the stored episodes as an RSS 2.0 podcast feed, through feedgen.

Pure: episodes and the show config in, feed XML bytes out (the store writes it). Output is
deterministic: items are sorted newest first and ``lastBuildDate`` is the newest episode's date,
so rebuilding the same episodes gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from .config import Config
from .errors import FeedError
from .models import Episode

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def enclosure_url(cfg: Config, episode: Episode) -> str:
    """Absolute URL of an episode's audio: the show's base URL plus its relative path."""
    return cfg.show.base_url + episode.file


def render_feed(cfg: Config, episodes: Sequence[Episode]) -> bytes:
    """The feed XML for ``episodes`` (any order; written newest first)."""
    from feedgen.feed import FeedGenerator

    show = cfg.show
    ordered = sorted(episodes, key=lambda e: (e.date, e.guid), reverse=True)
    fg = FeedGenerator()
    fg.load_extension("podcast")
    fg.title(show.title)
    fg.link(href=show.base_url, rel="alternate")
    fg.link(href=cfg.feed_url, rel="self", type="application/rss+xml")
    fg.description(show.description)
    fg.language(show.language)
    fg.generator("briefcast")
    fg.author({"name": show.author, "email": show.email})
    if show.copyright:
        fg.copyright(show.copyright)
    fg.lastBuildDate(ordered[0].date if ordered else EPOCH)
    fg.podcast.itunes_author(show.author)
    fg.podcast.itunes_owner(name=show.author, email=show.email)
    fg.podcast.itunes_summary(show.description)
    fg.podcast.itunes_explicit("yes" if show.explicit else "no")
    fg.podcast.itunes_type("episodic")
    try:
        fg.podcast.itunes_category(show.category, show.subcategory or None)
    except ValueError as exc:
        raise FeedError(f"show category {show.category!r}/{show.subcategory!r} is not one of "
                        f"Apple's podcast categories") from exc
    image = image_url(cfg)
    if image:
        fg.image(url=image, title=show.title, link=show.base_url)
        fg.podcast.itunes_image(image)
    for episode in ordered:
        entry = fg.add_entry(order="append")
        entry.title(episode.title)
        entry.guid(episode.guid, permalink=False)
        entry.pubDate(episode.date)
        entry.description(episode.description or episode.title)
        entry.enclosure(enclosure_url(cfg, episode), str(episode.size), "audio/mpeg")
        entry.podcast.itunes_duration(int(round(episode.duration)))
        entry.podcast.itunes_explicit("yes" if show.explicit else "no")
        entry.podcast.itunes_episode_type("full")
    xml: bytes = fg.rss_str(pretty=True)
    return xml


def image_url(cfg: Config) -> str:
    """Public URL of the show's artwork ("" when there is none)."""
    image = cfg.show.image
    if not image:
        return ""
    if image.startswith(("http://", "https://")):
        return image
    name = image.replace("\\", "/").rsplit("/", 1)[-1]
    return cfg.show.base_url + name
