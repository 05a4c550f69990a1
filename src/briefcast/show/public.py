"""The one declaration of which files of the output folder are public.

Listeners may fetch the feed, the pages, the feed's stylesheet and icon, the artwork, and each
episode's audio (every registered format), transcripts, chapters, page and own artwork.
Everything else in the output folder is internal and is neither served nor published: the
store's episode records (``episodes/<slug>.json``, which name the build machine's files),
``covered.json``, ``speaking-rates.json``, the lock, the token, work folders and temporary
files. ``serve`` and ``publish`` both ask :func:`is_public`, so the two can never disagree.
The files of an episode scheduled for later (:func:`withheld`) stay private until it goes out.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path, PurePosixPath

from ..audio import formats
from . import private
from .layout import (
    CHAPTERS_SUFFIX,
    EPISODES_DIR,
    FAVICON_NAME,
    FEED_NAME,
    IMAGE_SUFFIX,
    PAGE_NAME,
    PAGE_SUFFIX,
    SRT_SUFFIX,
    STYLESHEET_NAME,
    VTT_SUFFIX,
)
from .store import read_schedule

# The show-level files of the folder's top.
SHOW_FILES = frozenset({FEED_NAME, PAGE_NAME, STYLESHEET_NAME, FAVICON_NAME})
# Artwork beside the feed: the generated cover.png, or the configured image copied there.
ARTWORK_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".webp", ".gif"})
# An episode's files beside its audio, by how their names end.
EPISODE_TEXT_SUFFIXES = (CHAPTERS_SUFFIX, VTT_SUFFIX, SRT_SUFFIX, PAGE_SUFFIX)


def _audio_suffixes() -> frozenset[str]:
    return frozenset(fmt.extension for fmt in formats.REGISTRY.values())


def is_public(key: str) -> bool:
    """Whether the file at ``key`` (relative to the output folder, ``/``-separated) is public.

    Hidden names and temporary files never are, whatever their folder. A published private
    show keeps the same layout under its ``<token>/`` folder, so a leading token is allowed.
    """
    path = PurePosixPath(key)
    parts = path.parts
    if len(parts) > 1 and private.TOKEN.match(parts[0]):
        parts = parts[1:]
        path = PurePosixPath(*parts)
    if not parts or any(p.startswith(".") or p in ("..",) for p in parts) or key.endswith(".tmp"):
        return False
    name = parts[-1].lower()
    if len(parts) == 1:
        return name in SHOW_FILES or path.suffix.lower() in ARTWORK_SUFFIXES
    if len(parts) != 2 or parts[0] != EPISODES_DIR:
        return False
    if name.endswith(EPISODE_TEXT_SUFFIXES) or name.endswith(IMAGE_SUFFIX):
        return True
    return path.suffix.lower() in _audio_suffixes()


def withheld(root: Path, now: datetime) -> frozenset[str]:
    """Keys of the public files of episodes scheduled after ``now``: not served (404) and not
    published until they go out."""
    return frozenset(f for s in read_schedule(root) if s.release > now for f in s.files)


def is_withheld(root: Path, key: str, now: datetime) -> bool:
    """Whether the file at ``key`` (a private show's token prefix allowed) belongs to an
    episode that is not out at ``now``."""
    parts = PurePosixPath(key).parts
    if len(parts) > 1 and private.TOKEN.match(parts[0]):
        key = PurePosixPath(*parts[1:]).as_posix()
    if not key.startswith(EPISODES_DIR + "/"):
        return False
    return key in withheld(root, now)
