"""Feed writing: the stored episodes as an RSS 2.0 podcast feed, through feedgen.

Pure: episodes and the show config in, feed XML bytes out (the store writes it). Output is
deterministic: items are sorted newest first, ``lastBuildDate`` is the newest episode's date and
nothing reads the clock, so rebuilding the same episodes gives the same bytes.

The channel carries everything Apple requires and recommends, the Podcasting 2.0 tags apps
read (``podcast:guid``, ``podcast:locked``, ``podcast:medium``, ``podcast:person``,
``podcast:funding``, the synthetic-voice disclosure ``podcast:txt purpose="ai-content"``, and
per item ``podcast:transcript`` (the VTT one as ``rel="captions"``), ``podcast:chapters``,
``podcast:person`` for the articles' authors, ``podcast:season``/``podcast:episode``) through
:mod:`briefcast.site.podcast_ns`, ``itunes:block``/``podcast:block`` for a private show, and a CSS
stylesheet (``feed.css``) so that a browser shows a readable page without XSLT. The channel
links to ``index.html`` and every item to its episode page. Every item has HTML show notes in
``content:encoded``, ending with the synthetic-voice disclosure. All article-derived text is
escaped: by lxml for the XML, and by :func:`html.escape` inside the show notes' HTML.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Protocol

from ..audio import formats
from ..config import Config
from ..errors import FeedError
from ..models import Episode, clock
from ..show import layout
from ..standards import AI_CONTENT_PURPOSE, SYNTHETIC_VOICE_NOTE, category_problem, podcast_guid
from .podcast_ns import AlternateEnclosure, Person, new_feed

EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
# The show's own role in podcast:person, and an article author's.
SHOW_PERSON = ("producer", "creative direction")
AUTHOR_PERSON = ("author", "writing")
# Each anchor of a briefing read by several voices (voice.anchors).
ANCHOR_PERSON = ("host", "cast")


def enclosure_url(cfg: Config, episode: Episode) -> str:
    """Absolute URL of an episode's audio: the show's base URL plus its relative path."""
    return cfg.show.base_url + episode.file


def asset_url(cfg: Config, relative: str) -> str:
    """Absolute URL of a file of the output folder."""
    return cfg.show.base_url + relative


def page_url(cfg: Config, episode: Episode | None = None) -> str:
    """Absolute URL of the show's page, or of ``episode``'s own page."""
    if episode is None:
        return cfg.show.base_url + layout.PAGE_NAME
    return cfg.show.base_url + layout.episode_files(episode).page


def authors(episode: Episode) -> tuple[str, ...]:
    """The articles' authors stored with ``episode`` (bylines split at "and" and commas)."""
    names: list[str] = []
    for byline in episode.authors:
        if not isinstance(byline, str):
            continue
        for part in byline.replace(" and ", ",").replace(" & ", ",").split(","):
            name = part.strip().removeprefix("By ").removeprefix("by ").strip()
            if name and name not in names:
                names.append(name)
    return tuple(names)


def written_date(when: datetime) -> str:
    """A date as show notes write it: "14 March 2025" (in the date's own time zone)."""
    return f"{when.day} {when:%B %Y}"


def article_facts(episode: Episode) -> str:
    """When the article was published and who wrote it, as one line of the show notes
    ("Published 14 March 2025 · Written by Jane Doe"); "" when neither is known."""
    facts = []
    if episode.published is not None:
        facts.append(f"Published {written_date(episode.published)}")
    names = authors(episode)
    if names:
        facts.append("Written by " + ", ".join(names))
    return " · ".join(facts)


def item_description(episode: Episode) -> str:
    """The item's plain-text description: the summary, then the article's date and author."""
    summary = episode.description or episode.title
    facts = article_facts(episode)
    return f"{summary}\n\n{facts}." if facts else summary


def in_feed(cfg: Config, episodes: Sequence[Episode]) -> list[Episode]:
    """The episodes the feed lists: newest first, at most ``show.max_episodes`` (0: all)."""
    ordered = sorted(episodes, key=lambda e: (e.date, e.guid), reverse=True)
    limit = cfg.show.max_episodes
    return ordered[:limit] if limit > 0 else ordered


class Dated(Protocol):
    """What numbering needs of an episode (an :class:`Episode` or the store's record of one)."""

    @property
    def guid(self) -> str: ...  # noqa: D102
    @property
    def date(self) -> datetime: ...  # noqa: D102
    @property
    def season(self) -> int: ...  # noqa: D102


def episode_numbers(episodes: Sequence[Dated]) -> dict[str, int]:
    """Episode numbers by guid: 1 for the oldest stored episode of each season."""
    numbers: dict[str, int] = {}
    counters: dict[object, int] = {}
    for episode in sorted(episodes, key=lambda e: (e.date, e.guid)):
        season = episode.season
        counters[season] = counters.get(season, 0) + 1
        numbers[episode.guid] = counters[season]
    return numbers


def show_notes_html(
    episode: Episode, *, chapters: bool = True, disclosure: bool = True, facts: bool = True
) -> str:
    """HTML show notes: the summary, the article's date and author (``facts``), the
    chapters with their times, the sources, and the note that a synthetic voice reads the
    episode (Apple asks for AI use to be disclosed in the metadata).

    Everything that comes from an article is escaped; only URLs starting with http(s) become
    links, so no ``javascript:`` address can slip in; a source without one is not listed.
    """
    esc = html.escape
    parts = [f"<p>{esc(episode.description or episode.title)}</p>"]
    line = article_facts(episode) if facts else ""
    if line:
        parts.append(f"<p>{esc(line)}.</p>")
    if chapters and episode.segments:
        items = []
        for seg in episode.segments:
            title = esc(seg.title)
            if seg.url.startswith(("http://", "https://")):
                title = f'<a href="{esc(seg.url)}">{title}</a>'
            items.append(f"<li>{clock(seg.start)} {title}</li>")
        parts.append("<p>Chapters:</p><ul>" + "".join(items) + "</ul>")
    # Sources are linked by their public address only: a local file's name or path means
    # nothing to a listener and tells the world about the build machine.
    links = [s for s in episode.sources if s.startswith(("http://", "https://"))]
    if links:
        items = [f'<li><a href="{esc(s)}">{esc(s)}</a></li>' for s in links]
        parts.append("<p>Sources:</p><ul>" + "".join(items) + "</ul>")
    if disclosure:
        parts.append(f"<p>{esc(SYNTHETIC_VOICE_NOTE)}</p>")
    return "".join(parts)


def image_url(cfg: Config) -> str:
    """Public URL of the show's artwork: the configured image, else the generated cover."""

    image = cfg.show.image
    if not image:
        return cfg.show.base_url + layout.COVER_NAME
    if image.startswith(("http://", "https://")):
        return image
    name = image.replace("\\", "/").rsplit("/", 1)[-1]
    return cfg.show.base_url + name


def copyright_line(cfg: Config) -> str:
    """The configured copyright, else one naming the author."""
    return cfg.show.copyright or f"© {cfg.show.author}"


def render_feed(
    cfg: Config, episodes: Sequence[Episode], numbers: Mapping[str, int] | None = None
) -> bytes:
    """The feed XML for the stored ``episodes`` (any order; written newest first).

    ``numbers`` are the episode numbers (:func:`episode_numbers` of every stored episode),
    for a caller that passes only the episodes the feed lists; by default they are counted
    from ``episodes``.
    """
    show = cfg.show
    problem = category_problem(show.category, show.subcategory)
    if problem:
        raise FeedError(f"show.category: {problem}")
    if not show.number_episodes:
        numbers = {}
    elif numbers is None:
        numbers = episode_numbers(episodes)
    listed = in_feed(cfg, episodes)
    fg = new_feed()
    ext = fg.podcastindex
    fg.title(show.title)
    # feedgen writes the last link as the RSS <link>: the self link must come first.
    fg.link(href=cfg.feed_url, rel="self", type="application/rss+xml")
    fg.link(href=show.link or page_url(cfg), rel="alternate")
    fg.description(show.description)
    fg.language(show.language)
    fg.generator("briefcast")
    fg.copyright(copyright_line(cfg))
    fg.lastBuildDate(listed[0].date if listed else EPOCH)
    fg.podcast.itunes_author(show.author)
    fg.podcast.itunes_owner(name=show.owner or show.author, email=show.email)
    fg.podcast.itunes_summary(show.description)
    fg.podcast.itunes_type(show.type)
    image = image_url(cfg)
    fg.image(url=image, title=show.title, link=show.link or page_url(cfg))
    fg.podcast.itunes_image(image)
    ext.category(show.category, show.subcategory)
    ext.explicit(show.explicit)
    ext.guid(podcast_guid(cfg.feed_url))
    ext.locked(show.locked, show.email)
    ext.block(show.private)
    ext.medium(show.medium)
    ext.person(Person(show.author, *SHOW_PERSON))
    if show.funding_url:
        ext.funding(show.funding_url, show.funding_text)
    ext.txt("true", AI_CONTENT_PURPOSE)
    ext.stylesheet(layout.STYLESHEET_NAME, "text/css")
    for episode in listed:
        entry = fg.add_entry(order="append")
        entry.title(episode.title)
        entry.guid(episode.guid, permalink=False)
        entry.link(href=page_url(cfg, episode))
        entry.pubDate(episode.date)
        entry.description(item_description(episode))
        entry.content(show_notes_html(episode))
        entry.enclosure(
            enclosure_url(cfg, episode), str(episode.size), formats.get_format(episode.format).mime
        )
        entry.podcast.itunes_duration(int(round(episode.duration)))
        if episode.image:
            entry.podcast.itunes_image(asset_url(cfg, episode.image))
        entry.podcast.itunes_episode_type("full")
        item = entry.podcastindex
        item.explicit(show.explicit)
        if episode.season > 0:
            item.season(episode.season)
        if episode.guid in numbers:
            item.episode(numbers[episode.guid])
        files = layout.episode_files(episode)
        item.transcript(asset_url(cfg, files.vtt), "text/vtt", show.language, "captions")
        item.transcript(asset_url(cfg, files.srt), "application/x-subrip", show.language)
        item.chapters(asset_url(cfg, files.chapters))
        for name in authors(episode):
            item.person(Person(name, *AUTHOR_PERSON))
        for name in episode.anchors:
            item.person(Person(name, *ANCHOR_PERSON))
        item.txt("true", AI_CONTENT_PURPOSE)
        for media in episode.alternates:
            fmt = formats.get_format(media.format)
            item.alternate_enclosure(
                AlternateEnclosure(
                    asset_url(cfg, media.file),
                    fmt.mime,
                    media.size,
                    media.size * 8 / max(episode.duration, 0.001),
                    fmt.label,
                )
            )
    xml: bytes = fg.rss_str(pretty=True)
    return xml
