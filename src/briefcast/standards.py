"""What podcast directories require of a feed: Apple's categories, namespaces, MIME types.

Pure data and small pure helpers shared by the feed writer, the validator and the config, so
that the rules live in one place. Apple's category list is embedded (it changes rarely; this is
the list Apple publishes for Podcasts Connect, revised in 2019 and current since).
"""

from __future__ import annotations

import ipaddress
import re
import uuid
from collections.abc import Mapping
from urllib.parse import urlsplit

ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST_NS = "https://podcastindex.org/namespace/1.0"
# The namespace's former address, still used by some feeds (and the only one podcastparser knows).
PODCAST_NS_OLD = "https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md"
ATOM_NS = "http://www.w3.org/2005/Atom"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"

# podcast:guid is the UUIDv5 of the feed URL (no scheme, no trailing slash) in this namespace.
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")

TRANSCRIPT_TYPES = (
    "text/vtt",
    "application/x-subrip",
    "application/srt",
    "text/html",
    "application/json",
    "text/plain",
)
CHAPTERS_TYPE = "application/json+chapters"
# Audio types Apple accepts besides those of briefcast's own formats (audio.formats adds them).
AUDIO_TYPES = (
    "audio/x-m4a",
    "audio/mp4",
    "audio/aac",
    "audio/ogg",
    "audio/opus",
    "audio/wav",
    "audio/flac",
)
SHOW_TYPES = ("episodic", "serial")
# Apple Podcasts shows about this many characters of a title; longer ones are cut (with a warning).
MAX_TITLE_CHARS = 255

# podcast:medium values of the namespace (the "L" list variants too).
MEDIUMS = (
    "podcast",
    "music",
    "video",
    "film",
    "audiobook",
    "newsletter",
    "blog",
    "course",
    "mixed",
    "podcastL",
    "musicL",
    "videoL",
    "filmL",
    "audiobookL",
    "newsletterL",
    "blogL",
    "courseL",
    "publisher",
)
# podcast:person groups and roles of the namespace's taxonomy that a narrated show uses.
PERSON_ROLES: Mapping[str, tuple[str, ...]] = {
    "cast": (
        "host",
        "co-host",
        "guest host",
        "guest",
        "voice actor",
        "narrator",
        "announcer",
        "reporter",
    ),
    "writing": (
        "author",
        "editorial director",
        "co-writer",
        "writer",
        "guest writer",
        "story editor",
        "managing editor",
        "editor",
        "researcher",
        "fact checker",
        "translator",
        "transcriber",
    ),
    "creative direction": (
        "director",
        "executive producer",
        "senior producer",
        "producer",
        "associate producer",
        "creative director",
    ),
}
# podcast:txt purpose marking AI-made content: the form hosts and apps converged on
# (RSS.com's AI label, feed generators such as Audicle), with "true" as its value.
AI_CONTENT_PURPOSE = "ai-content"
# The spoken, human-readable disclosure beside it (Apple asks for it in the metadata too).
SYNTHETIC_VOICE_NOTE = "Read by a synthetic (text-to-speech) voice."

MAX_DESCRIPTION_BYTES = 4000
MIN_ARTWORK_PX = 1400
MAX_ARTWORK_PX = 3000

APPLE_CATEGORIES: Mapping[str, tuple[str, ...]] = {
    "Arts": ("Books", "Design", "Fashion & Beauty", "Food", "Performing Arts", "Visual Arts"),
    "Business": (
        "Careers",
        "Entrepreneurship",
        "Investing",
        "Management",
        "Marketing",
        "Non-Profit",
    ),
    "Comedy": ("Comedy Interviews", "Improv", "Stand-Up"),
    "Education": ("Courses", "How To", "Language Learning", "Self-Improvement"),
    "Fiction": ("Comedy Fiction", "Drama", "Science Fiction"),
    "Government": (),
    "History": (),
    "Health & Fitness": (
        "Alternative Health",
        "Fitness",
        "Medicine",
        "Mental Health",
        "Nutrition",
        "Sexuality",
    ),
    "Kids & Family": ("Education for Kids", "Parenting", "Pets & Animals", "Stories for Kids"),
    "Leisure": (
        "Animation & Manga",
        "Automotive",
        "Aviation",
        "Crafts",
        "Games",
        "Hobbies",
        "Home & Garden",
        "Video Games",
    ),
    "Music": ("Music Commentary", "Music History", "Music Interviews"),
    "News": (
        "Business News",
        "Daily News",
        "Entertainment News",
        "News Commentary",
        "Politics",
        "Sports News",
        "Tech News",
    ),
    "Religion & Spirituality": (
        "Buddhism",
        "Christianity",
        "Hinduism",
        "Islam",
        "Judaism",
        "Religion",
        "Spirituality",
    ),
    "Science": (
        "Astronomy",
        "Chemistry",
        "Earth Sciences",
        "Life Sciences",
        "Mathematics",
        "Natural Sciences",
        "Nature",
        "Physics",
        "Social Sciences",
    ),
    "Society & Culture": (
        "Documentary",
        "Personal Journals",
        "Philosophy",
        "Places & Travel",
        "Relationships",
    ),
    "Sports": (
        "Baseball",
        "Basketball",
        "Cricket",
        "Fantasy Sports",
        "Football",
        "Golf",
        "Hockey",
        "Rugby",
        "Running",
        "Soccer",
        "Swimming",
        "Tennis",
        "Volleyball",
        "Wilderness",
        "Wrestling",
    ),
    "Technology": (),
    "True Crime": (),
    "TV & Film": ("After Shows", "Film History", "Film Interviews", "Film Reviews", "TV Reviews"),
}


def category_problem(category: str, subcategory: str = "") -> str:
    """Why ``category``/``subcategory`` is not in Apple's list ("" when it is)."""
    if category not in APPLE_CATEGORIES:
        return (
            f"{category!r} is not one of Apple's podcast categories ({', '.join(APPLE_CATEGORIES)})"
        )
    subs = APPLE_CATEGORIES[category]
    if subcategory and subcategory not in subs:
        allowed = ", ".join(subs) if subs else "none"
        return (
            f"{subcategory!r} is not a subcategory of {category!r} in Apple's list "
            f"(allowed: {allowed})"
        )
    return ""


# A private feed's secret path segment (see briefcast.show.private): left out of its podcast:guid.
SECRET_SEGMENT = re.compile(r"/[0-9a-f]{64}(?=/)")


def podcast_guid(feed_url: str) -> str:
    """The Podcasting 2.0 ``podcast:guid`` of a feed: UUIDv5 of its URL without scheme.

    A secret 64-hex path segment (a private feed's token) is left out, so that the show keeps
    its guid when the token is rotated, as the namespace asks of a feed that moves.
    """
    address = SECRET_SEGMENT.sub("", feed_url.strip())
    if "://" in address:
        address = address.split("://", 1)[1]
    return str(uuid.uuid5(PODCAST_GUID_NAMESPACE, address.rstrip("/")))


# Addresses that only ever work on the producer's own machine or network.
PLACEHOLDER_DOMAINS = ("example.com", "example.org", "example.net")
PLACEHOLDER_EMAIL = re.compile(r"@example\.[a-z]+$", re.IGNORECASE)


def host_kind(url: str) -> str:
    """What kind of host ``url`` names: "loopback", "private" or "" (a public name or address).

    Decided from the name alone, without DNS: ``localhost`` and ``*.localhost`` are loopback,
    ``*.local`` (mDNS), ``*.internal`` and ``*.lan`` are private, and literal IP addresses are
    checked against the loopback, private, link-local and unspecified ranges.
    """
    try:
        host = (urlsplit(url.strip()).hostname or "").lower().rstrip(".")
    except ValueError:
        return ""
    if not host:
        return ""
    if host == "localhost" or host.endswith(".localhost"):
        return "loopback"
    if host.endswith((".local", ".internal", ".lan", ".home.arpa")):
        return "private"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return ""
    if address.is_loopback:
        return "loopback"
    if address.is_private or address.is_link_local or address.is_unspecified:
        return "private"
    return ""


def is_placeholder(value: str) -> bool:
    """Whether ``value`` (a URL or an e-mail address) is a documentation placeholder."""
    value = value.strip().lower()
    if "://" not in value and "@" in value:
        return bool(PLACEHOLDER_EMAIL.search(value))
    try:
        host = (urlsplit(value).hostname or "").rstrip(".")
    except ValueError:
        return False
    return any(host == d or host.endswith("." + d) for d in PLACEHOLDER_DOMAINS)
