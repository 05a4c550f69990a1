"""M4A: AAC-LC by ffmpeg's native ``aac`` encoder in an MP4 (iTunes) file, with MP4 chapters
and the cover.

Chapters are written by ffmpeg from an ``FFMETADATA`` file in a stream-copy remux: it writes
both the QuickTime chapter track (Apple's players) and the Nero ``chpl`` list (most others).
Text tags and the cover (``covr``) are then set with mutagen. ``faststart`` puts the index at
the front, so players start before the whole file has arrived.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from ...config import AudioConfig
from ...errors import AudioError
from ..media import run_ffmpeg
from ..tags import Tags
from .base import mutagen_length


def _ffmetadata(text: str) -> str:
    """``text`` escaped for an FFMETADATA value."""
    for char in "\\=;#\n":
        text = text.replace(char, "\\" + char)
    return text


class M4a:
    """AAC-LC in MP4: smaller than MP3 at the same quality, played by every Apple device."""

    name = "m4a"
    extension = ".m4a"
    mime = "audio/mp4"
    label = "AAC"
    file_muxer = "f=ipod:movflags=+faststart"
    stream_muxer = "f=adts"
    stream_demuxer = "aac"

    def codec_args(self, cfg: AudioConfig) -> list[str]:
        """AAC-LC at ``audio.bitrate_kbps`` (ffmpeg's native encoder, in every build)."""
        return ["-c:a", "aac", "-profile:a", "aac_low", "-b:a", f"{cfg.bitrate_kbps}k"]

    def write_tags(self, path: Path, tags: Tags) -> None:
        """Chapters by a stream-copy remux, then title, artist, album, date, comment, cover."""
        from mutagen import MutagenError
        from mutagen.mp4 import MP4, MP4Cover

        if tags.chapters:
            self._write_chapters(path, tags)
        try:
            mp4 = MP4(path)
            if mp4.tags is None:
                mp4.add_tags()
            frames: dict[str, list[Any]] = {
                "\xa9nam": [tags.title],
                "\xa9ART": [tags.artist],
                "\xa9alb": [tags.album],
                "\xa9day": [tags.date.strftime("%Y-%m-%d")],
                "\xa9gen": ["Podcast"],
            }
            if tags.comment:
                frames["\xa9cmt"] = [tags.comment]
            if tags.cover:
                kind = (
                    MP4Cover.FORMAT_PNG if tags.cover.mime == "image/png" else MP4Cover.FORMAT_JPEG
                )
                frames["covr"] = [MP4Cover(tags.cover.data, imageformat=kind)]
            stored: Any = mp4.tags
            stored.clear()
            stored.update(frames)
            mp4.save()
        except (MutagenError, OSError) as exc:
            raise AudioError(f"cannot tag {path.name}: {exc}") from exc

    def _write_chapters(self, path: Path, tags: Tags) -> None:
        lines = [";FFMETADATA1"]
        for chapter in tags.chapters:
            lines += [
                "[CHAPTER]",
                "TIMEBASE=1/1000",
                f"START={chapter.start_ms}",
                f"END={chapter.end_ms}",
                f"title={_ffmetadata(chapter.title)}",
            ]
        fd, meta = tempfile.mkstemp(dir=path.parent, prefix=".chapters.", suffix=".txt")
        out = path.with_name(f".{path.stem}.chapters{path.suffix}")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write("\n".join(lines) + "\n")
            run_ffmpeg(
                [
                    "-i",
                    str(path),
                    "-f",
                    "ffmetadata",
                    "-i",
                    meta,
                    "-map",
                    "0:a",
                    "-map_metadata",
                    "1",
                    "-map_chapters",
                    "1",
                    "-c",
                    "copy",
                    "-f",
                    "ipod",
                    "-movflags",
                    "+faststart",
                    "-y",
                    str(out),
                ]
            )
            os.replace(out, path)
        finally:
            Path(meta).unlink(missing_ok=True)
            out.unlink(missing_ok=True)

    def duration(self, path: Path) -> float:
        """The length from the MP4 header (mutagen)."""
        from mutagen.mp4 import MP4

        return mutagen_length(path, MP4, "M4A")
