"""A feedgen extension for what feedgen 1.0 cannot write: Podcasting 2.0 tags and modern iTunes.

feedgen's own ``podcast`` extension writes ``itunes:explicit`` only as yes/no/clean and checks
categories against an old list. This extension (registered as ``podcastindex``) writes:

- channel: ``itunes:explicit`` true/false, ``itunes:category`` (Apple's current list, checked
  in :mod:`briefcast.standards`), ``itunes:block`` and ``podcast:block`` (private shows),
  ``podcast:guid``, ``podcast:locked``, ``podcast:medium``, ``podcast:person``,
  ``podcast:funding``, ``podcast:txt``, and the ``xml-stylesheet`` processing instruction (a CSS
  stylesheet) that lets a browser show the feed as a readable page;
- item: ``itunes:explicit`` true/false, ``podcast:transcript`` (any number, with ``rel`` and
  ``language``), ``podcast:chapters``, ``podcast:person``, ``podcast:txt``, ``podcast:season``
  and ``podcast:episode`` (with their iTunes twins).

Use :func:`new_feed` to get a ``FeedGenerator`` with both extensions loaded.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from feedgen.ext.base import BaseEntryExtension, BaseExtension
from feedgen.feed import FeedGenerator
from feedgen.util import xml_elem
from lxml import etree

from ..standards import ITUNES_NS, PODCAST_NS

EXTENSION = "podcastindex"


@dataclass(frozen=True)
class Transcript:
    """A ``podcast:transcript``: where the file is, its MIME type, language and ``rel``."""

    url: str
    type: str
    language: str = ""
    rel: str = ""


@dataclass(frozen=True)
class Person:
    """A ``podcast:person``: a name with its role and group from the namespace's taxonomy."""

    name: str
    role: str = "host"
    group: str = "cast"
    href: str = ""


def _persons(parent: Any, persons: list[Person]) -> None:
    for person in persons:
        el = xml_elem(f"{{{PODCAST_NS}}}person", parent)
        el.text = person.name
        el.attrib["role"] = person.role
        el.attrib["group"] = person.group
        if person.href:
            el.attrib["href"] = person.href


def _txts(parent: Any, txts: list[tuple[str, str]]) -> None:
    for purpose, text in txts:
        el = xml_elem(f"{{{PODCAST_NS}}}txt", parent)
        el.text = text
        if purpose:
            el.attrib["purpose"] = purpose


class PodcastIndexExtension(BaseExtension):  # type: ignore[misc]
    """Channel-level Podcasting 2.0 tags, iTunes explicit/category, and the stylesheet link."""

    def __init__(self) -> None:
        self._guid = ""
        self._locked: tuple[bool, str] | None = None
        self._explicit: bool | None = None
        self._category: tuple[str, str] | None = None
        self._stylesheet = ("", "")
        self._block = False
        self._medium = ""
        self._persons: list[Person] = []
        self._funding: tuple[str, str] | None = None
        self._txts: list[tuple[str, str]] = []

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

    def stylesheet(self, href: str, type: str = "text/css") -> None:
        """Link a stylesheet through an ``xml-stylesheet`` processing instruction."""
        self._stylesheet = (href, type)

    def block(self, value: bool) -> None:
        """Ask directories not to list the show (``itunes:block`` and ``podcast:block``)."""
        self._block = value

    def medium(self, value: str) -> None:
        """Set ``podcast:medium``."""
        self._medium = value

    def person(self, person: Person) -> None:
        """Add a ``podcast:person``."""
        self._persons.append(person)

    def funding(self, url: str, text: str) -> None:
        """Set ``podcast:funding`` (a page where listeners support the show)."""
        self._funding = (url, text)

    def txt(self, text: str, purpose: str = "") -> None:
        """Add a ``podcast:txt`` with an optional ``purpose``."""
        self._txts.append((purpose, text))

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
                "true" if self._explicit else "false"
            )
        if self._guid:
            xml_elem(f"{{{PODCAST_NS}}}guid", channel).text = self._guid
        if self._locked is not None:
            locked = xml_elem(f"{{{PODCAST_NS}}}locked", channel)
            locked.text = "yes" if self._locked[0] else "no"
            if self._locked[1]:
                locked.attrib["owner"] = self._locked[1]
        if self._block:
            xml_elem(f"{{{ITUNES_NS}}}block", channel).text = "Yes"
            xml_elem(f"{{{PODCAST_NS}}}block", channel).text = "yes"
        if self._medium:
            xml_elem(f"{{{PODCAST_NS}}}medium", channel).text = self._medium
        _persons(channel, self._persons)
        if self._funding:
            funding = xml_elem(f"{{{PODCAST_NS}}}funding", channel)
            funding.attrib["url"] = self._funding[0]
            funding.text = self._funding[1]
        _txts(channel, self._txts)
        href, kind = self._stylesheet
        if href and rss_feed.getprevious() is None:
            rss_feed.addprevious(
                etree.ProcessingInstruction("xml-stylesheet", f'type="{kind}" href="{href}"')
            )
        return rss_feed


@dataclass(frozen=True)
class AlternateEnclosure:
    """A ``podcast:alternateEnclosure``: the episode in another file, with its one source.

    ``bitrate`` is the average in bits per second; ``title`` names the variant for listeners.
    """

    url: str
    type: str
    length: int
    bitrate: float
    title: str = ""


class PodcastIndexEntryExtension(BaseEntryExtension):  # type: ignore[misc]
    """Item-level Podcasting 2.0 tags and iTunes explicit/season/episode."""

    def __init__(self) -> None:
        self._explicit: bool | None = None
        self._transcripts: list[Transcript] = []
        self._chapters = ""
        self._season: int | None = None
        self._episode: int | None = None
        self._persons: list[Person] = []
        self._txts: list[tuple[str, str]] = []
        self._alternates: list[AlternateEnclosure] = []

    def alternate_enclosure(self, alternate: AlternateEnclosure) -> None:
        """Add a ``podcast:alternateEnclosure`` with its ``podcast:source``."""
        self._alternates.append(alternate)

    def explicit(self, value: bool) -> None:
        """Set the item's ``itunes:explicit`` to true or false."""
        self._explicit = value

    def transcript(self, url: str, type: str, language: str = "", rel: str = "") -> None:
        """Add a ``podcast:transcript`` (``rel="captions"`` for one with cue timings)."""
        self._transcripts.append(Transcript(url, type, language, rel))

    def person(self, person: Person) -> None:
        """Add a ``podcast:person`` to the item."""
        self._persons.append(person)

    def txt(self, text: str, purpose: str = "") -> None:
        """Add a ``podcast:txt`` to the item."""
        self._txts.append((purpose, text))

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
            xml_elem(f"{{{ITUNES_NS}}}explicit", entry).text = "true" if self._explicit else "false"
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
            if t.rel:
                el.attrib["rel"] = t.rel
        if self._chapters:
            el = xml_elem(f"{{{PODCAST_NS}}}chapters", entry)
            el.attrib["url"] = self._chapters
            el.attrib["type"] = "application/json+chapters"
        if self._season is not None:
            xml_elem(f"{{{PODCAST_NS}}}season", entry).text = str(self._season)
        if self._episode is not None:
            xml_elem(f"{{{PODCAST_NS}}}episode", entry).text = str(self._episode)
        _persons(entry, self._persons)
        _txts(entry, self._txts)
        for alt in self._alternates:
            el = xml_elem(f"{{{PODCAST_NS}}}alternateEnclosure", entry)
            el.attrib["type"] = alt.type
            el.attrib["length"] = str(alt.length)
            el.attrib["bitrate"] = f"{alt.bitrate:.0f}"
            if alt.title:
                el.attrib["title"] = alt.title
            xml_elem(f"{{{PODCAST_NS}}}source", el).attrib["uri"] = alt.url
        return entry


def new_feed() -> FeedGenerator:
    """A FeedGenerator with feedgen's iTunes extension and this one loaded."""
    fg = FeedGenerator()
    fg.load_extension("podcast")
    fg.register_extension(EXTENSION, PodcastIndexExtension, PodcastIndexEntryExtension)
    return fg
