"""ID3v2.3 tags of an episode: text frames, cover art and chapters, written with mutagen.

Chapters follow the ID3 chapter addendum: one ``CHAP`` frame per segment of the episode (the
intro, every section, the outro) with its title and, where there is one, the source URL, plus a
top-level, ordered ``CTOC`` listing them (many players ignore chapters without it). Chapters
tile the whole file: each ends where the next begins, the first starts at 0 and the last ends
at the end of the audio.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from ..errors import AudioError, ConfigError
from ..models import SegmentTiming

COVER_TYPES = {".jpg": "image/jpeg", ".jpeg": "image/jpeg", ".png": "image/png"}
# Embedded artwork: players show it small, so 1400 px JPEG (Apple's minimum) keeps files light.
ID3_COVER_PX = 1400
ID3_COVER_QUALITY = 85

# How artwork is drawn: (file suffix, what it is made from, the drawing) -> the file's bytes.
# The default draws every time; the pipeline passes the cache's memo (AudioCache.artwork).
Artwork = Callable[[str, Sequence[str | bytes], Callable[[], bytes]], bytes]


def draw_always(suffix: str, parts: Sequence[str | bytes], make: Callable[[], bytes]) -> bytes:
    """The :data:`Artwork` that keeps nothing: it draws."""
    return make()


@dataclass(frozen=True)
class Chapter:
    """One chapter: a title, where it starts and ends in milliseconds, and an optional link."""

    title: str
    start_ms: int
    end_ms: int
    url: str = ""


@dataclass(frozen=True)
class Cover:
    """Cover art to embed: the image bytes and their MIME type."""

    data: bytes
    mime: str


@dataclass(frozen=True)
class Tags:
    """What the ID3 tags of an episode say."""

    title: str
    artist: str
    album: str
    date: datetime
    comment: str = ""
    cover: Cover | None = None
    chapters: tuple[Chapter, ...] = ()


def id3_jpeg(data: bytes, name: str) -> bytes:
    """``data`` (a JPEG or PNG) as an RGB JPEG of at most :data:`ID3_COVER_PX` px a side."""
    import io

    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as img:
            if img.format == "JPEG" and img.mode == "RGB" and max(img.size) <= ID3_COVER_PX:
                return data  # already fit to embed: no second lossy encoding
            rgb = img.convert("RGB")
            rgb.thumbnail((ID3_COVER_PX, ID3_COVER_PX), Image.Resampling.LANCZOS)
            out = io.BytesIO()
            rgb.save(out, format="JPEG", quality=ID3_COVER_QUALITY, optimize=True)
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise ConfigError(
            f'cover image {name} cannot be read as an image ({exc}); fix show.image or set it to ""'
        ) from exc
    return out.getvalue()


def chapters_from_timings(
    segments: Sequence[SegmentTiming], duration: float
) -> tuple[Chapter, ...]:
    """Chapters for ``segments`` that tile ``[0, duration]`` seconds exactly."""
    end_ms = int(round(duration * 1000))
    starts = [0] + [int(round(s.start * 1000)) for s in segments[1:]]
    chapters = []
    for index, seg in enumerate(segments):
        stop = starts[index + 1] if index + 1 < len(segments) else end_ms
        chapters.append(Chapter(seg.title, min(starts[index], end_ms), min(stop, end_ms), seg.url))
    return tuple(chapters)


def write_tags(path: Path, tags: Tags) -> None:
    """Replace the ID3 tags of ``path`` with ``tags``, saved as ID3v2.3."""
    from mutagen.id3 import (
        APIC,
        CHAP,
        COMM,
        CTOC,
        ID3,
        TALB,
        TCON,
        TDRC,
        TIT2,
        TPE1,
        WXXX,
        CTOCFlags,
        ID3NoHeaderError,
    )

    try:
        ID3(path).delete(path)
    except ID3NoHeaderError:
        pass
    except OSError as exc:
        raise AudioError(f"cannot tag {path.name}: {exc}") from exc
    id3 = ID3()
    id3.add(TIT2(encoding=3, text=tags.title))
    id3.add(TPE1(encoding=3, text=tags.artist))
    id3.add(TALB(encoding=3, text=tags.album))
    id3.add(TDRC(encoding=3, text=tags.date.strftime("%Y-%m-%d")))
    id3.add(TCON(encoding=3, text="Podcast"))
    if tags.comment:
        id3.add(COMM(encoding=3, lang="eng", desc="", text=tags.comment))
    if tags.cover:
        id3.add(APIC(encoding=3, mime=tags.cover.mime, type=3, desc="Cover", data=tags.cover.data))
    ids = []
    for index, chapter in enumerate(tags.chapters):
        element_id = f"chp{index}"
        ids.append(element_id)
        sub_frames: list[Any] = [TIT2(encoding=3, text=chapter.title)]
        if chapter.url:
            sub_frames.append(WXXX(encoding=3, desc="", url=chapter.url))
        id3.add(
            CHAP(
                element_id=element_id,
                start_time=chapter.start_ms,
                end_time=chapter.end_ms,
                start_offset=0xFFFFFFFF,
                end_offset=0xFFFFFFFF,
                sub_frames=sub_frames,
            )
        )
    if ids:
        id3.add(
            CTOC(
                element_id="toc",
                flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
                child_element_ids=ids,
                sub_frames=[TIT2(encoding=3, text="Chapters")],
            )
        )
    try:
        id3.save(path, v2_version=3)
    except OSError as exc:
        raise AudioError(f"cannot tag {path.name}: {exc}") from exc
