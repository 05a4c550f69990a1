"""Opus: libopus in an Ogg file (RFC 7845), with Vorbis-comment tags, chapters and the cover.

Opus carries speech well at half MP3's bitrate, so an Opus alternate enclosure is the light
download for apps that play it (AntennaPod, Pocket Casts, browsers; not Apple Podcasts, which
is why it is never the only format). It is encoded at 48 kHz, the rate Opus works at, and at
half of ``audio.bitrate_kbps`` (32 kbit/s by default, at least 24).

Tags are Vorbis comments (TITLE, ARTIST, ALBUM, DATE, COMMENT, GENRE), the cover is a FLAC
picture block in ``METADATA_BLOCK_PICTURE``, and chapters follow the Vorbis chapter extension
(``CHAPTER001=00:00:00.000`` and ``CHAPTER001NAME=...``) that players of Ogg files read.
"""

from __future__ import annotations

import base64
from pathlib import Path

from ...config import AudioConfig
from ...errors import AudioError
from ..tags import Tags
from .base import mutagen_length

OPUS_RATE = 48000
MIN_KBPS = 24


def chapter_time(ms: int) -> str:
    """``HH:MM:SS.mmm``, as the Vorbis chapter extension writes a start time."""
    seconds, millis = divmod(max(0, ms), 1000)
    minutes, secs = divmod(seconds, 60)
    hours, mins = divmod(minutes, 60)
    return f"{hours:02d}:{mins:02d}:{secs:02d}.{millis:03d}"


class Opus:
    """Opus in Ogg: the smallest file for the same speech quality, for apps that play it."""

    name = "opus"
    extension = ".opus"
    # RFC 7845's media type for Ogg Opus files (audio/opus names the RTP payload).
    mime = "audio/ogg"
    label = "Opus"
    file_muxer = "f=ogg"
    stream_muxer = "f=ogg"
    stream_demuxer = "ogg"

    def codec_args(self, cfg: AudioConfig) -> list[str]:
        """libopus at half of ``audio.bitrate_kbps`` (constrained VBR, so that sizes are
        predictable), 48 kHz."""
        kbps = max(MIN_KBPS, cfg.bitrate_kbps // 2)
        return [
            "-c:a",
            "libopus",
            "-b:a",
            f"{kbps}k",
            "-vbr",
            "constrained",
            "-application",
            "audio",
            "-ar",
            str(OPUS_RATE),
        ]

    def write_tags(self, path: Path, tags: Tags) -> None:
        """Vorbis comments: text, chapters and the cover picture."""
        from mutagen import MutagenError
        from mutagen.flac import Picture
        from mutagen.oggopus import OggOpus

        try:
            audio = OggOpus(path)
            stored = audio.tags
            assert stored is not None  # every Ogg Opus stream has its comment header
            stored.clear()
            stored["TITLE"] = [tags.title]
            stored["ARTIST"] = [tags.artist]
            stored["ALBUM"] = [tags.album]
            stored["DATE"] = [tags.date.strftime("%Y-%m-%d")]
            stored["GENRE"] = ["Podcast"]
            if tags.comment:
                stored["COMMENT"] = [tags.comment]
            for number, chapter in enumerate(tags.chapters, start=1):
                stored[f"CHAPTER{number:03d}"] = [chapter_time(chapter.start_ms)]
                stored[f"CHAPTER{number:03d}NAME"] = [chapter.title]
                if chapter.url:
                    stored[f"CHAPTER{number:03d}URL"] = [chapter.url]
            if tags.cover:
                picture = Picture()
                picture.type = 3  # front cover
                picture.mime = tags.cover.mime
                picture.desc = "Cover"
                picture.data = tags.cover.data
                stored["METADATA_BLOCK_PICTURE"] = [
                    base64.b64encode(picture.write()).decode("ascii")
                ]
            audio.save()
        except (MutagenError, OSError) as exc:
            raise AudioError(f"cannot tag {path.name}: {exc}") from exc

    def duration(self, path: Path) -> float:
        """The length from the Ogg pages, pre-skip taken off (mutagen)."""
        from mutagen.oggopus import OggOpus

        return mutagen_length(path, OggOpus, "Opus file")
