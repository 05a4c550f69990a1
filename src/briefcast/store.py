"""The show's output folder: the one writer of everything in it.

Layout::

    feed/
      feed.xml                  the podcast feed
      episodes/<slug>.mp3       episode audio
      episodes/<slug>.json      the stored :class:`~briefcast.models.Episode`
      episodes/<slug>.vtt       its transcript (WebVTT), .srt (SRT), .chapters.json (chapters)
      episodes/<slug>.html      its page: player with captions, chapters, live transcript
      index.html, feed.css      the show's web page and the feed's browser stylesheet
      favicon.ico               the page's icon (from the cover)
      cover.png                 the generated cover, when the show names no artwork

Every file is written atomically (a temporary file in the same folder, then a rename), so a
failed build never leaves a half-written episode or feed behind, and the feed can always be
rebuilt from the JSON records.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .errors import StoreError
from .models import Episode

EPISODES_DIR = "episodes"
FEED_NAME = "feed.xml"
PAGE_NAME = "index.html"
STYLESHEET_NAME = "feed.css"
FAVICON_NAME = "favicon.ico"


@dataclass(frozen=True)
class EpisodeFiles:
    """The files written beside an episode's audio, relative to the output folder (POSIX)."""

    audio: str
    record: str
    vtt: str
    srt: str
    chapters: str
    page: str

    @property
    def all(self) -> tuple[str, ...]:
        """Every file of the episode."""
        return (self.audio, self.record, self.vtt, self.srt, self.chapters, self.page)


def episode_files(episode: Episode) -> EpisodeFiles:
    """Where the files of ``episode`` live, named after its audio file."""
    audio = PurePosixPath(episode.file)
    stem = audio.with_suffix("")
    return EpisodeFiles(audio=str(audio), record=f"{stem}.json", vtt=f"{stem}.vtt",
                        srt=f"{stem}.srt", chapters=f"{stem}.chapters.json",
                        page=f"{stem}.html")


def slugify(text: str, max_len: int = 60) -> str:
    """A lowercase ASCII file-name slug of ``text`` ("episode" when nothing is left)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_len].rstrip("-") or "episode"


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def staged_file(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path``; renamed to ``path`` only if the block succeeds."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=path.suffix)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.chmod(tmp_path, 0o644)
        os.replace(tmp_path, path)
    finally:
        tmp_path.unlink(missing_ok=True)


class Show:
    """The stored episodes and feed of one output folder."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @property
    def episodes_dir(self) -> Path:
        """Folder of episode audio and records."""
        return self.root / EPISODES_DIR

    @property
    def feed_path(self) -> Path:
        """Path of ``feed.xml``."""
        return self.root / FEED_NAME

    def ensure(self) -> None:
        """Create the output folders, with a clear error when that is impossible."""
        try:
            self.episodes_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(
                f"cannot create the output folder {self.root}: {exc.strerror}"
            ) from exc

    def episodes(self) -> list[Episode]:
        """Every stored episode, newest first (ties broken by title for a stable order)."""
        found: list[Episode] = []
        if not self.episodes_dir.is_dir():
            return found
        for record in sorted(self.episodes_dir.glob("*.json")):
            if record.name.endswith(".chapters.json"):  # an episode's chapters, not a record
                continue
            try:
                found.append(Episode.from_json(json.loads(record.read_text(encoding="utf-8"))))
            except (OSError, ValueError, KeyError, TypeError) as exc:
                raise StoreError(f"episode record {record} is damaged: {exc}") from exc
        return sorted(found, key=lambda e: (e.date, e.guid), reverse=True)

    def find(self, guid: str) -> Episode | None:
        """The stored episode with ``guid``, if any."""
        return next((e for e in self.episodes() if e.guid == guid), None)

    def audio_path(self, slug: str) -> Path:
        """Where the audio of an episode with ``slug`` goes."""
        return self.episodes_dir / f"{slug}.mp3"

    def save(self, episode: Episode) -> None:
        """Store ``episode``'s record; drop the files of the record it replaces (same guid)."""
        previous = self.find(episode.guid)
        record = self.root / Path(episode.file).with_suffix(".json")
        data = json.dumps(episode.to_json(), indent=2, ensure_ascii=False).encode("utf-8")
        atomic_write(record, data + b"\n")
        if previous and previous.file != episode.file:
            for stale in episode_files(previous).all:
                (self.root / stale).unlink(missing_ok=True)

    def write_feed(self, xml: bytes) -> None:
        """Replace ``feed.xml`` atomically."""
        atomic_write(self.feed_path, xml)

    def write_file(self, relative: str, data: bytes) -> bool:
        """Write ``data`` to a file of the output folder atomically, unless it already holds it.

        Returns whether the file changed. Leaving identical files alone keeps rebuilds cheap
        and their modification times (which HTTP caches rely on) stable.
        """
        path = self.root / relative
        try:
            if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
                return False
        except OSError as exc:
            raise StoreError(f"cannot read {path}: {exc.strerror}") from exc
        try:
            atomic_write(path, data)
        except OSError as exc:
            raise StoreError(f"cannot write {path}: {exc.strerror}") from exc
        return True

    def write_episode_texts(self, episode: Episode, vtt: str, srt: str, chapters: str) -> None:
        """Write an episode's transcripts and chapters beside its audio."""
        files = episode_files(episode)
        self.write_file(files.vtt, vtt.encode("utf-8"))
        self.write_file(files.srt, srt.encode("utf-8"))
        self.write_file(files.chapters, chapters.encode("utf-8"))

    def write_page(self, page: bytes, stylesheet: bytes) -> None:
        """Write the show's ``index.html`` and the feed's XSL stylesheet."""
        self.write_file(STYLESHEET_NAME, stylesheet)
        self.write_file(PAGE_NAME, page)
