"""A feedgen extension for what feedgen 1.0 cannot write: Podcasting 2.0 tags and modern iTunes.

feedgen's own ``podcast`` extension writes ``itunes:explicit`` only as yes/no/clean and checks
categories against an old list. This extension (registered as ``podcastindex``) writes:

- channel: ``itunes:explicit`` true/false, ``itunes:category`` (Apple's current list, checked
  in :mod:`briefcast.standards`), ``podcast:guid``, ``podcast:locked``, and the
  ``xml-stylesheet`` processing instruction that lets a browser show the feed as a page;
- item: ``itunes:explicit`` true/false, ``podcast:transcript`` (any number),
  ``podcast:chapters``, ``podcast:season`` and ``podcast:episode`` (with their iTunes twins).

Use :func:`new_feed` to get a ``FeedGenerator`` with both extensions loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from feedgen.util import xml_elem
from lxml import etree

from .standards import ITUNES_NS, PODCAST_NS

EXTENSION = "podcastindex"


@dataclass(frozen=True)
class Transcript:
    """A ``podcast:transcript``: where the file is and its MIME type."""

    url: str
    type: str
    language: str = ""


class PodcastIndexExtension(BaseExtension):  # type: ignore[misc]
    """Channel-level Podcasting 2.0 tags, iTunes explicit/category, and the stylesheet link."""

    def __init__(self) -> None:
        self._guid = ""
        self._locked: tuple[bool, str] | None = None
        self._explicit: bool | None = None
        self._category: tuple[str, str] | None = None
        self._stylesheet = ""

    def extend_ns(self) -> dict[str, str]:
        """The ``podcast`` and ``itunes`` prefixes."""
        return {"podcast": PODCAST_NS, "itunes": ITUNES_NS}

    def guid(self, value: str) -> None:
        """Set ``podcast:guid`` (see :func:`briefcast.standards.podcast_guid`)."""
        self._guid = value

    def locked(self, locked: bool, owner: str = "") -> None:
        """Set ``podcast:locked`` (yes/no) with the owner's e-mail."""
        self._locked = (locked, owner)

    def explicit(self, value: bool) -> None:
        """Set ``itunes:explicit`` to true or false."""
        self._explicit = value

    def category(self, category: str, subcategory: str = "") -> None:
        """Set ``itunes:category`` with an optional nested subcategory."""
        self._category = (category, subcategory)

    def stylesheet(self, href: str) -> None:
        """Link an XSL stylesheet through an ``xml-stylesheet`` processing instruction."""
        self._stylesheet = href

    def extend_rss(self, rss_feed: Any) -> Any:
        """Add the channel elements to the ``rss`` root element."""
        channel = rss_feed[0]
        if self._category:
            cat = xml_elem(f"{{{ITUNES_NS}}}category", channel)
            cat.attrib["text"] = self._category[0]
            if self._category[1]:
                sub = xml_elem(f"{{{ITUNES_NS}}}category", cat)
                sub.attrib["text"] = self._category[1]
        if self._explicit is not None:
            xml_elem(f"{{{ITUNES_NS}}}explicit", channel).text = (
                "true" if self._explicit else "false")
        if self._guid:
            xml_elem(f"{{{PODCAST_NS}}}guid", channel).text = self._guid
        if self._locked is not None:
            locked = xml_elem(f"{{{PODCAST_NS}}}locked", channel)
            locked.text = "yes" if self._locked[0] else "no"
            if self._locked[1]:
                locked.attrib["owner"] = self._locked[1]
        if self._stylesheet and rss_feed.getprevious() is None:
            rss_feed.addprevious(etree.ProcessingInstruction(
                "xml-stylesheet", f'type="text/xsl" href="{self._stylesheet}"'))
        return rss_feed


class PodcastIndexEntryExtension(BaseEntryExtension):  # type: ignore[misc]
    """Item-level Podcasting 2.0 tags and iTunes explicit/season/episode."""

    def __init__(self) -> None:
        self._explicit: bool | None = None
        self._transcripts: list[Transcript] = []
        self._chapters = ""
        self._season: int | None = None
        self._episode: int | None = None

    def explicit(self, value: bool) -> None:
        """Set the item's ``itunes:explicit`` to true or false."""
        self._explicit = value

    def transcript(self, url: str, type: str, language: str = "") -> None:
        """Add a ``podcast:transcript``."""
        self._transcripts.append(Transcript(url, type, language))

    def chapters(self, url: str) -> None:
        """Set ``podcast:chapters`` (a JSON chapters file)."""
        self._chapters = url

    def season(self, number: int) -> None:
        """Set ``podcast:season`` and ``itunes:season``."""
        self._season = number

    def episode(self, number: int) -> None:
        """Set ``podcast:episode`` and ``itunes:episode``."""
        self._episode = number

    def extend_rss(self, entry: Any) -> Any:
        """Add the item elements to an ``item`` element."""
        if self._explicit is not None:
            xml_elem(f"{{{ITUNES_NS}}}explicit", entry).text = (
                "true" if self._explicit else "false")
        if self._season is not None:
            xml_elem(f"{{{ITUNES_NS}}}season", entry).text = str(self._season)
        if self._episode is not None:
            xml_elem(f"{{{ITUNES_NS}}}episode", entry).text = str(self._episode)
        for t in self._transcripts:
            el = xml_elem(f"{{{PODCAST_NS}}}transcript", entry)
            el.attrib["url"] = t.url
            el.attrib["type"] = t.type
            if t.language:
                el.attrib["language"] = t.language
        if self._chapters:
            el = xml_elem(f"{{{PODCAST_NS}}}chapters", entry)
            el.attrib["url"] = self._chapters
            el.attrib["type"] = "application/json+chapters"
        if self._season is not None:
            xml_elem(f"{{{PODCAST_NS}}}season", entry).text = str(self._season)
        if self._episode is not None:
            xml_elem(f"{{{PODCAST_NS}}}episode", entry).text = str(self._episode)
        return entry


def new_feed() -> FeedGenerator:
    """A FeedGenerator with feedgen's iTunes extension and this one loaded."""
    fg = FeedGenerator()
    fg.load_extension("podcast")
    fg.register_extension(EXTENSION, PodcastIndexExtension, PodcastIndexEntryExtension)
    return fg
