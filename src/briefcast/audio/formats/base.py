"""What an audio format is: the :class:`AudioFormat` Protocol.

A format is one class, like one of yt-dlp's post-processors: it declares how ffmpeg encodes
the episode's mixed PCM into it (codec options, the muxer of the file and a streamable muxer
for measuring it while it is written), writes the tags, chapters and cover into the file, and
measures the file's duration. Its name, file extension and MIME type are what the store, the
feed, the page, the validator, the server and the publisher ask for; none of them knows a
format by name.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from ...config import AudioConfig
from ...errors import AudioError
from ..tags import Tags


@runtime_checkable
class AudioFormat(Protocol):
    """One audio file format that episodes can be encoded to.

    ``name`` is its key in ``audio.formats``; ``extension`` includes the dot; ``mime`` is the
    enclosure type; ``label`` is how listeners know it ("MP3", "AAC"). ``file_muxer`` is the
    ffmpeg muxer of the file with its options, as a tee slave spec (``f=mp3:...``);
    ``stream_muxer`` is a tee slave spec of the same encoded audio as a stream ffmpeg can write
    to a pipe, and ``stream_demuxer`` the format to read that stream back with (the episode's
    loudness is measured on it while the file is written).
    """

    name: str
    extension: str
    mime: str
    label: str
    file_muxer: str
    stream_muxer: str
    stream_demuxer: str

    def codec_args(self, cfg: AudioConfig) -> list[str]:
        """ffmpeg output options that encode to this format (codec, bitrate, quality)."""
        ...

    def write_tags(self, path: Path, tags: Tags) -> None:
        """Replace the file's metadata with ``tags``: text, cover art and chapters."""
        ...

    def duration(self, path: Path) -> float:
        """The file's playing length in seconds; :class:`AudioError` when it is unreadable."""
        ...


def mutagen_length(path: Path, opener: Callable[[Path], Any], what: str) -> float:
    """The playing length mutagen's ``opener`` (``MP4``, ``OggOpus``) reads from ``path``'s
    headers; :class:`AudioError` naming ``what`` ("an M4A") when unreadable or empty."""
    from mutagen import MutagenError

    try:
        info = opener(path).info
        length = float(info.length) if info is not None else 0.0
    except (MutagenError, OSError) as exc:
        raise AudioError(f"{path.name} is not a readable {what}: {exc}") from exc
    if length <= 0:
        raise AudioError(f"{path.name} is not a readable {what}: no audio")
    return length
