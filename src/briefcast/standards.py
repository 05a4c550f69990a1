"""What podcast directories require of a feed: Apple's categories, namespaces, MIME types.

Pure data and small pure helpers shared by the feed writer, the validator and the config, so
that the rules live in one place. Apple's category list is embedded (it changes rarely; this is
the list Apple publishes for Podcasts Connect, revised in 2019 and current since).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping

ITUNES_NS = "http://www.itunes.com/dtds/podcast-1.0.dtd"
PODCAST_NS = "https://podcastindex.org/namespace/1.0"
# The namespace's former address, still used by some feeds (and the only one podcastparser knows).
PODCAST_NS_OLD = "https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md"
ATOM_NS = "http://www.w3.org/2005/Atom"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"

# podcast:guid is the UUIDv5 of the feed URL (no scheme, no trailing slash) in this namespace.
PODCAST_GUID_NAMESPACE = uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6")

TRANSCRIPT_TYPES = ("text/vtt", "application/x-subrip", "application/srt", "text/html",
                    "application/json", "text/plain")
CHAPTERS_TYPE = "application/json+chapters"
AUDIO_TYPES = ("audio/mpeg", "audio/x-m4a", "audio/mp4", "audio/aac", "audio/ogg",
               "audio/opus", "audio/wav", "audio/flac")
SHOW_TYPES = ("episodic", "serial")

MAX_DESCRIPTION_BYTES = 4000
MIN_ARTWORK_PX = 1400
MAX_ARTWORK_PX = 3000

APPLE_CATEGORIES: Mapping[str, tuple[str, ...]] = {
    "Arts": ("Books", "Design", "Fashion & Beauty", "Food", "Performing Arts", "Visual Arts"),
    "Business": ("Careers", "Entrepreneurship", "Investing", "Management", "Marketing",
                 "Non-Profit"),
    "Comedy": ("Comedy Interviews", "Improv", "Stand-Up"),
    "Education": ("Courses", "How To", "Language Learning", "Self-Improvement"),
    "Fiction": ("Comedy Fiction", "Drama", "Science Fiction"),
    "Government": (),
    "History": (),
    "Health & Fitness": ("Alternative Health", "Fitness", "Medicine", "Mental Health",
                         "Nutrition", "Sexuality"),
    "Kids & Family": ("Education for Kids", "Parenting", "Pets & Animals", "Stories for Kids"),
    "Leisure": ("Animation & Manga", "Automotive", "Aviation", "Crafts", "Games", "Hobbies",
                "Home & Garden", "Video Games"),
    "Music": ("Music Commentary", "Music History", "Music Interviews"),
    "News": ("Business News", "Daily News", "Entertainment News", "News Commentary", "Politics",
             "Sports News", "Tech News"),
    "Religion & Spirituality": ("Buddhism", "Christianity", "Hinduism", "Islam", "Judaism",
                                "Religion", "Spirituality"),
    "Science": ("Astronomy", "Chemistry", "Earth Sciences", "Life Sciences", "Mathematics",
                "Natural Sciences", "Nature", "Physics", "Social Sciences"),
    "Society & Culture": ("Documentary", "Personal Journals", "Philosophy", "Places & Travel",
                          "Relationships"),
    "Sports": ("Baseball", "Basketball", "Cricket", "Fantasy Sports", "Football", "Golf",
               "Hockey", "Rugby", "Running", "Soccer", "Swimming", "Tennis", "Volleyball",
               "Wilderness", "Wrestling"),
    "Technology": (),
    "True Crime": (),
    "TV & Film": ("After Shows", "Film History", "Film Interviews", "Film Reviews",
                  "TV Reviews"),
}


def category_problem(category: str, subcategory: str = "") -> str:
    """Why ``category``/``subcategory`` is not in Apple's list ("" when it is)."""
    if category not in APPLE_CATEGORIES:
        return (f"{category!r} is not one of Apple's podcast categories "
                f"({', '.join(APPLE_CATEGORIES)})")
    subs = APPLE_CATEGORIES[category]
    if subcategory and subcategory not in subs:
        allowed = ", ".join(subs) if subs else "none"
        return (f"{subcategory!r} is not a subcategory of {category!r} in Apple's list "
                f"(allowed: {allowed})")
    return ""


def podcast_guid(feed_url: str) -> str:
    """The Podcasting 2.0 ``podcast:guid`` of a feed: UUIDv5 of its URL without scheme."""
    address = feed_url.strip()
    if "://" in address:
        address = address.split("://", 1)[1]
    return str(uuid.uuid5(PODCAST_GUID_NAMESPACE, address.rstrip("/")))
