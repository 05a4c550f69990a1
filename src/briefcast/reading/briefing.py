"""Briefings: collecting the day's stories from article files, URLs and news feeds.

A source is an article (a file or an http(s) URL) or an RSS/Atom feed (a file or URL, read with
feedparser). Each feed entry's link is fetched and read as an article; when the page cannot be
read, the entry's own summary stands in for it. A source that fails is skipped with a warning
naming it, so an unattended daily run still publishes what it could read.

What makes two stories the same is decided here (the canonical URL, a content fingerprint);
the show's memory of covered stories (:mod:`briefcast.show.covered`) keeps them, so that a
daily run on the same feeds never repeats a story. Collecting asks that memory through the
:class:`Memory` Protocol: reading never opens the show.
"""

from __future__ import annotations

import hashlib
import html
import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Protocol
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from .. import textsafe
from ..errors import BriefcastError, ReadError
from ..models import Article, Section
from . import fetch, read, readers
from .readers import Document
from .readers.markup import plain_line

log = logging.getLogger(__name__)

FEED_SUFFIXES = frozenset({".rss", ".atom", ".xml", ".rdf"})
FEED_TYPES = (
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
)
# A briefing reads at most this many entries of one feed, newest first as the feed lists them:
# news feeds carry 10 to 50; a feed of thousands (an archive dump) is cut, with a warning,
# rather than scripted for hours.
MAX_FEED_ENTRIES = 100
# Query parameters that only track the reader and never change the story.
TRACKING_PARAMS = re.compile(
    r"^(?:utm_\w+|fbclid|gclid|mc_cid|mc_eid|ocid|cmpid|at_\w+|"
    r"ref|ref_src|smid|sr_share|taid|cid)$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Story:
    """One story of a briefing: the article, where it came from and how it is recognised.

    ``origin`` is the source the producer named (a path, a URL or a feed); ``url`` is the
    story's public address ("" for a local file without one); ``publisher`` is the source name
    spoken on air ("" when unknown); ``fingerprint`` identifies the text whatever its URL.
    ``from_summary`` is true when the page could not be read and the feed's summary was used.
    """

    article: Article
    origin: str
    url: str
    publisher: str
    fingerprint: str
    from_summary: bool = False

    @property
    def key(self) -> str:
        """The canonical URL of the story, or "" when it has none."""
        return canonical_url(self.url) if self.url else ""

    @property
    def title(self) -> str:
        """The story's title, as the memory of covered stories records it."""
        return self.article.title


@dataclass(frozen=True)
class Skipped:
    """A source (or feed entry) that gave no story, and why."""

    source: str
    reason: str


@dataclass(frozen=True)
class Collection:
    """What collecting found: new stories, failed sources, and stories already covered."""

    stories: tuple[Story, ...]
    failed: tuple[Skipped, ...] = ()
    repeats: tuple[str, ...] = ()


Fetcher = Callable[[str], Document]


class Memory(Protocol):
    """What collecting asks of the show's memory of covered stories
    (:class:`briefcast.show.covered.CoveredStories`), so that reading never opens the show."""

    def covers(self, story: Story) -> bool:
        """True when ``story`` was covered before, by URL or by content."""
        ...

    def covers_key(self, key: str) -> bool:
        """True when a story at the canonical URL ``key`` was covered before."""
        ...


# ---------------------------------------------------------------- identity of a story


def canonical_url(url: str) -> str:
    """``url`` without what does not change the story: case of scheme and host, default
    port, fragment, trailing slash, tracking parameters; remaining parameters sorted."""
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if host.startswith("www."):
        host = host[4:]
    port = parts.port
    if port and not ((scheme == "http" and port == 80) or (scheme == "https" and port == 443)):
        host = f"{host}:{port}"
    path = parts.path.rstrip("/") or "/"
    query = urlencode(
        sorted(
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not TRACKING_PARAMS.match(k)
        )
    )
    # http and https versions of a page are the same story.
    return urlunsplit(("https" if scheme in ("http", "https") else scheme, host, path, query, ""))


def fingerprint(article: Article) -> str:
    """A hash of the article's words (lowercased, punctuation dropped): same text, same print."""
    words = re.findall(
        r"[^\W_]+", " ".join(p for s in article.sections for p in s.paragraphs).lower()
    )
    return "sha256:" + hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()


def publisher_of(url: str) -> str:
    """A source name to speak for a URL: its host without ``www.`` ("" without a URL)."""
    if not url.startswith(("http://", "https://")):
        return ""
    host = (urlsplit(url).hostname or "").lower()
    return host[4:] if host.startswith("www.") else host


# ---------------------------------------------------------------- fetching


def fetch_source(url: str, limits: fetch.FetchLimits | None = None) -> Document:
    """GET a source URL, a feed or an article; raise :class:`ReadError` on failure.

    The same path, limits and errors as any article URL
    (:func:`briefcast.reading.read.load_document`); news-feed media types are accepted too.
    """
    return read.load_document(url, limits=limits, extra_types=frozenset(FEED_TYPES))


def _looks_like_feed(data: bytes, content_type: str = "") -> bool:
    """An RSS, Atom or RDF document, by media type or by its first element."""
    kind = content_type.split(";", 1)[0].strip().lower()
    if kind in FEED_TYPES[:3]:
        return True
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<?xml"):
        head = head[head.find(b"?>") + 2 :].lstrip()
        while head.startswith((b"<!--", b"<?")):
            close = b"-->" if head.startswith(b"<!--") else b"?>"
            head = head[head.find(close) + len(close) :].lstrip()
    return head.startswith((b"<rss", b"<feed", b"<rdf:rdf"))


# ---------------------------------------------------------------- feeds


@dataclass(frozen=True)
class FeedEntry:
    """One entry of a news feed: its headline, link and summary (plain text paragraphs)."""

    title: str
    link: str
    summary: tuple[str, ...]


@dataclass(frozen=True)
class NewsFeed:
    """A parsed news feed: its title (the publisher's name) and entries, in feed order.

    ``dropped`` counts the entries past :data:`MAX_FEED_ENTRIES` that were left out.
    """

    title: str
    entries: tuple[FeedEntry, ...]
    dropped: int = 0


def html_paragraphs(markup: str) -> tuple[str, ...]:
    """Plain-text paragraphs of a feed summary's HTML (block tags and ``<br>`` split them)."""
    text = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", markup)
    text = re.sub(r"(?i)<\s*(?:br|/p|/div|/li|/h[1-6]|p|div|li|h[1-6])\b[^>]*>", "\n\n", text)
    text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    paragraphs = (" ".join(p.split()) for p in re.split(r"\n\s*\n", text))
    return tuple(p for p in paragraphs if p)


_XML_ENCODING = re.compile(r"""\A(\s*<\?xml\b[^>]*?\bencoding\s*=\s*)(["'])[^"']*\2""")
_CHARREF = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));")


def _xml_charref(match: re.Match[str]) -> str:
    """A numeric character reference XML allows as it is; any other (a surrogate, a control
    character, past U+10FFFF) as U+FFFD, which feedparser's loose parser cannot choke on."""
    hex_digits, digits = match.groups()
    code = int(hex_digits, 16) if hex_digits else int(digits)
    allowed = (
        code in (0x9, 0xA, 0xD)
        or 0x20 <= code <= 0xD7FF
        or 0xE000 <= code <= 0xFFFD
        or 0x10000 <= code <= 0x10FFFF
    )
    return match.group(0) if allowed else "&#xFFFD;"


# feedparser looks for an e-mail address in an author's name with a regex that is quadratic
# in a run of the characters an address is made of: a 150 KB <itunes:author> of one letter
# ran for minutes. No word, host name or address part is this long; longer runs are cut
# (they hold no markup, so the document's shape is untouched).
LONGEST_RUN = 256
_LONG_RUN = re.compile(rf"[A-Za-z0-9_.+\-]{{{LONGEST_RUN + 1},}}")


def parse_feed(data: bytes, source: str) -> NewsFeed:
    """Parse RSS or Atom with feedparser; raise :class:`ReadError` when it is not a feed.

    The bytes are decoded here, as every article is (:func:`~briefcast.reading.readers.encoding.
    decode_text`), and handed to feedparser as UTF-8 that says so: left to itself, feedparser
    asks chardet about bytes its declared encoding cannot decode, which takes minutes on a
    few hundred damaged kilobytes. Runs of letters and digits past :data:`LONGEST_RUN` are
    cut first.
    """
    import feedparser

    from ..reading.readers.encoding import decode_text

    try:
        text = decode_text(data, source)
    except ReadError as exc:
        raise ReadError(f"{source} is not a news feed: {exc}") from exc
    text = _CHARREF.sub(_xml_charref, _XML_ENCODING.sub(r'\1"utf-8"', text, count=1))
    text = _LONG_RUN.sub(lambda m: m.group(0)[:LONGEST_RUN], text)
    try:
        parsed = feedparser.parse(
            text.encode("utf-8"),
            response_headers={"content-type": "application/xml; charset=utf-8"},
        )
    except (ValueError, TypeError, AttributeError, IndexError, KeyError, RecursionError) as exc:
        # feedparser's own parsers fail on some damaged documents instead of reporting them.
        raise ReadError(
            f"{source} is not a news feed that can be read ({type(exc).__name__}: {exc})"
        ) from exc
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception") or "no RSS or Atom document found"
        raise ReadError(f"{source} is not a news feed: {reason}")
    entries = []
    for entry in parsed.entries[:MAX_FEED_ENTRIES]:
        summary = entry.get("summary", "") or ""
        if not summary and entry.get("content"):
            summary = entry.content[0].get("value", "")
        entries.append(
            FeedEntry(
                plain_line(str(entry.get("title", ""))),
                _entry_link(str(entry.get("link", "")), source),
                html_paragraphs(summary),
            )
        )
    return NewsFeed(
        plain_line(str(parsed.feed.get("title", ""))),
        tuple(entries),
        max(0, len(parsed.entries) - MAX_FEED_ENTRIES),
    )


def _entry_link(link: str, source: str) -> str:
    """A feed entry's link as a web address: relative to the feed's own address when it has
    one; "" (with a warning) when it is still no http(s) address."""
    link = link.strip()
    if link and "://" not in link and fetch.is_url(source):
        link = urljoin(source, link)
    if link and not textsafe.web_address(link):
        log.warning(
            "the entry link %r of %s is not an http(s) address; it is left out", link, source
        )
        return ""
    return link


def _summary_article(entry: FeedEntry) -> Article:
    """An article made of a feed entry's own title and summary."""
    if not entry.summary:
        raise ReadError(f"the feed entry {entry.link or entry.title!r} has no summary to read")
    return Article(
        title=entry.title,
        sections=(Section("", entry.summary),),
        source=entry.link or entry.title,
        source_url=entry.link,
    )


# ---------------------------------------------------------------- collecting


class _Collector:
    """Walks the sources in order, gathering new stories until ``max_stories`` is reached."""

    def __init__(
        self,
        memory: Memory | None,
        max_stories: int | None,
        fetcher: Fetcher,
        options: read.ReadOptions | None,
    ) -> None:
        self.options = options
        self.memory = memory
        self.max_stories = max_stories
        self.fetcher = fetcher
        self.stories: list[Story] = []
        self.failed: list[Skipped] = []
        self.repeats: list[str] = []
        self.seen_urls: set[str] = set()
        self.seen_prints: set[str] = set()

    @property
    def full(self) -> bool:
        """True when ``max_stories`` new stories have been found."""
        return self.max_stories is not None and len(self.stories) >= self.max_stories

    def fail(self, source: str, reason: str) -> None:
        """Skip ``source`` with a warning that names it and says why."""
        log.warning("skipped %s: %s", source, reason)
        self.failed.append(Skipped(source, reason))

    def add(self, story: Story) -> None:
        """Keep ``story`` unless it was covered before or already taken in this run."""
        if (story.key and story.key in self.seen_urls) or story.fingerprint in self.seen_prints:
            log.info("%s appears twice; reading it once", story.url or story.origin)
            return
        if self.memory is not None and self.memory.covers(story):
            log.info("already covered: %s", story.article.title or story.url or story.origin)
            self.repeats.append(story.article.title or story.url or story.origin)
            return
        if story.key:
            self.seen_urls.add(story.key)
        self.seen_prints.add(story.fingerprint)
        self.stories.append(story)

    def source(self, source: str) -> None:
        """Read one source named by the producer: an article or a feed, a file or a URL."""
        is_url = fetch.is_url(source)
        try:
            # One load, within the size limit, whether the source turns out a feed or a page.
            doc = (
                self.fetcher(source)
                if is_url
                else read.load_document(
                    source, limits=self.options.limits if self.options else None
                )
            )
            if (not is_url and doc.extension in FEED_SUFFIXES) or _looks_like_feed(
                doc.data, doc.media_type
            ):
                self.feed(parse_feed(doc.data, source), source)
                return
            options = self.options or read.ReadOptions()
            article = read.finish_article(readers.read_document(doc, options.readers), options)
        except (BriefcastError, OSError) as exc:
            self.fail(source, str(exc))
            return
        url = article.source_url or (source if is_url else "")
        self.add(
            Story(
                article, source, url, article.site_name or publisher_of(url), fingerprint(article)
            )
        )

    def feed(self, news: NewsFeed, source: str) -> None:
        """Read the entries of a feed, newest as the feed lists them, skipping covered ones."""
        if not news.entries:
            self.fail(source, "the feed has no entries")
            return
        if news.dropped:
            log.warning(
                "%s has %d entries; reading the first %d",
                source,
                len(news.entries) + news.dropped,
                len(news.entries),
            )
        publisher = news.title or publisher_of(source)
        for entry in news.entries:
            if self.full:
                return
            if not entry.link and not entry.summary:
                self.fail(f"{source} entry {entry.title!r}", "it has neither a link nor a summary")
                continue
            if self.memory is not None and self.memory.covers_key(canonical_url(entry.link)):
                self.repeats.append(entry.title or entry.link)
                continue
            if entry.link and canonical_url(entry.link) in self.seen_urls:
                continue
            story = self.entry_story(entry, source, publisher)
            if story is not None:
                self.add(story)

    def entry_story(self, entry: FeedEntry, source: str, publisher: str) -> Story | None:
        """The story of one feed entry: its page when readable, else its summary."""
        from_summary = False
        if not entry.link:  # none given, or none that is a web address (see _entry_link)
            try:
                article = _summary_article(entry)
            except ReadError as exc:
                self.fail(f"{source} entry {entry.title!r}", str(exc))
                return None
            return Story(article, source, "", publisher, fingerprint(article), True)
        try:
            if not fetch.is_url(entry.link):
                raise ReadError(f"the entry link {entry.link!r} is not a web address")
            article = read_page(entry.link, self.options)
            if entry.title and not article.title:
                article = replace(article, title=entry.title)
        except BriefcastError as exc:
            try:
                article = _summary_article(entry)
            except ReadError:
                self.fail(entry.link or entry.title, str(exc))
                return None
            log.warning("could not read %s (%s); using the feed's summary instead", entry.link, exc)
            from_summary = True
        return Story(
            article,
            source,
            entry.link,
            article.site_name or publisher,
            fingerprint(article),
            from_summary,
        )


def read_page(url: str, options: read.ReadOptions | None = None) -> Article:
    """The article at ``url`` (an HTML page or a text article), read like any other source."""
    return read.read_article(url, options=options)


def collect(
    sources: Sequence[str],
    *,
    memory: Memory | None = None,
    max_stories: int | None = None,
    fetcher: Fetcher | None = None,
    options: read.ReadOptions | None = None,
) -> Collection:
    """Gather stories from ``sources`` in order, skipping failed sources and covered stories.

    ``memory`` (``None`` to allow repeats) filters out stories used in earlier episodes; stories
    that appear twice in one run are read once. Failures are logged as warnings and listed in
    the result; they never stop the other sources.
    """
    limits = options.limits if options else None

    def default(url: str) -> Document:
        return fetch_source(url, limits)

    collector = _Collector(memory, max_stories, fetcher or default, options)
    for source in sources:
        if collector.full:
            break
        collector.source(source)
    return Collection(tuple(collector.stories), tuple(collector.failed), tuple(collector.repeats))
