"""The show's output folder: the one writer of everything in it.

Where each file goes is declared once, in :mod:`briefcast.show.layout`.

Every file is written atomically (a temporary file in the same folder, then a rename), and a
change to the show is two-phase: new files first, then the new feed, then removal of the files
that neither a record nor the published feed names (:meth:`Show.collect_garbage`). At every
moment ``feed.xml`` is the old or the new one, and every file it names exists. A run killed
between the phases leaves at most unnamed files and a second record of the same guid behind:
the newer record wins (:meth:`Show.episodes`) and the next run removes the rest.

Growth costs little: ``.index.json`` keeps, for every record as last read and checked, what
ordering, numbering, naming its files and knowing a rebuild need (guid, title, date, season,
file names), keyed by its file's identity (inode, modification time, size). So a run reads only
the records that changed since, and decodes only the episodes it needs in full (the newest ones
the feed lists, the one it builds): a build into a show of 1,000 episodes reads about a hundred
records, not a thousand. The index also remembers for which record and settings each episode's
transcripts and page were written, so that a build rewrites only its own, and which of the
files the feed names were last checked whole (by file identity), so that the build's check of
its new feed parses only new or changed files. The index is a cache: a record whose file
changed is read again, an entry that disagrees with its record (a file it may not name) is read
again from the record, and a missing, old or damaged index is rebuilt from the records.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import json
import logging
import os
import re
import shutil
import tempfile
import time
import unicodedata
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath

from .. import textsafe
from ..audio import formats
from ..errors import StoreError
from ..models import Episode
from .layout import (
    CHAPTERS_SUFFIX,
    COVER_NAME,
    COVERED_NAME,
    EPISODES_DIR,
    FEED_NAME,
    INDEX_NAME,
    LOCK_NAME,
    MANIFEST_NAME,
    PAGE_NAME,
    RATES_NAME,
    RECORD_SUFFIX,
    SCHEDULE_NAME,
    STYLESHEET_NAME,
    TOKEN_NAME,
    WORK_DIR,
    EpisodeFiles,
    episode_files,
    files_of,
)

log = logging.getLogger(__name__)

INDEX_VERSION = 2
# A work folder without its lock file is still being set up for this long (seconds).
WORK_GRACE_SECONDS = 60


def utcnow() -> datetime:
    """The clock every scheduling decision reads (what is out, what is withheld), in one
    place: to the second, aware."""
    return datetime.now(UTC).replace(microsecond=0)


@dataclass(frozen=True)
class Scheduled:
    """A stored episode that goes out later: its guid, when, and its files withheld until
    then (relative to the output folder; the record is private anyway)."""

    guid: str
    release: datetime
    files: tuple[str, ...]


def read_schedule(root: Path) -> tuple[Scheduled, ...]:
    """The scheduled episodes the show's last feed write left out (empty when none, or when
    the file cannot be read: the next feed write rewrites it)."""
    try:
        data = json.loads((root / SCHEDULE_NAME).read_text(encoding="utf-8"))
        return tuple(
            Scheduled(
                str(e["guid"]),
                datetime.fromisoformat(str(e["release"])),
                tuple(str(f) for f in e["files"]),
            )
            for e in data["episodes"]
        )
    except (OSError, ValueError, KeyError, TypeError):
        return ()


# The content digest a rebuild adds to a file name already taken (see Show.free_audio_name).
_DIGEST_SUFFIX = re.compile(r"-[0-9a-f]{8}-[0-9a-f]{8}$")


def _stem_base(stem: str) -> str:
    """``stem`` without the content digest a rebuild may add (``slug-guid8-digest8``)."""
    return _DIGEST_SUFFIX.sub(lambda m: m.group(0)[:9], stem)


def safe_episode_file(name: object) -> str:
    """``name`` when it is a plain audio file of ``episodes/`` (``episodes/<name><ext>``, an
    extension of a registered format, no other folder, not hidden); "" otherwise."""
    if not isinstance(name, str):
        return ""
    path = PurePosixPath(name)
    if (
        len(path.parts) != 2
        or path.parts[0] != EPISODES_DIR
        or path.name.startswith(".")
        or "\\" in name
        or formats.for_file(path.name) is None
    ):
        return ""
    return name


def check_names(record_name: str, audio: str, alternates: tuple[str, ...] = ()) -> None:
    """Raise :class:`ValueError` unless the record ``record_name`` (``<stem>.json``) names only
    files it may: its enclosure ``episodes/<stem><ext>`` and other formats of the same episode,
    all plain audio files of ``episodes/``. So a record can never make the store write or
    delete outside the folder, nor claim another episode's files."""
    stem = record_name.removesuffix(RECORD_SUFFIX)
    if not safe_episode_file(audio):
        raise ValueError(f"its file {audio!r} is not an audio file of {EPISODES_DIR}/")
    if PurePosixPath(audio).stem != stem:
        raise ValueError(f"its file {audio!r} is not named after the record")
    for other in alternates:
        if not safe_episode_file(other):
            raise ValueError(f"its alternate {other!r} is not an audio file of {EPISODES_DIR}/")
        if _stem_base(PurePosixPath(other).stem) != _stem_base(stem):
            raise ValueError(f"its alternate {other!r} is not named after the record")


def inside(root: Path, relative: str) -> Path:
    """``root / relative`` when ``relative`` is a relative path that stays inside ``root``;
    :class:`StoreError` otherwise (the store never writes or deletes elsewhere)."""
    parts = PurePosixPath(relative).parts
    if not parts or PurePosixPath(relative).is_absolute() or ".." in parts or "\\" in relative:
        raise StoreError(f"refusing to write {relative!r}: it is not a file of the show {root}")
    return root / relative


def slugify(text: str, max_len: int = 60) -> str:
    """A lowercase ASCII file-name slug of ``text`` ("episode" when nothing is left)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_len].rstrip("-") or "episode"


def describe_os_error(exc: OSError, action: str = "write") -> str:
    """One line naming the path and the cause of ``exc`` ("cannot write X: No space left...")."""
    where = exc.filename if exc.filename is not None else "a file"
    cause = exc.strerror or str(exc)
    hint = {
        errno.ENOSPC: "; free some space and run again",
        errno.EDQUOT: "; free some space and run again",
        errno.EROFS: "; the folder is on a read-only file system",
        errno.EACCES: "; check the folder's permissions",
        errno.EPERM: "; check the folder's permissions",
        errno.EISDIR: "; a folder is where a file belongs: move it away",
        errno.ENOTDIR: "; a file is where a folder belongs: move it away",
    }.get(exc.errno or 0, "")
    return f"cannot {action} {where}: {cause}{hint}"


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file, an fsync and a rename."""
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


@dataclass(frozen=True)
class DamagedRecord:
    """A stored record that cannot be read or rendered, and why."""

    path: Path
    reason: str
    guid: str = ""
    title: str = ""
    # Files of ``episodes/`` the record still names safely (kept until it is removed).
    files: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        """How to name the episode to the producer (title, else the record's file name)."""
        return repr(self.title) if self.title else self.path.name


@dataclass(frozen=True)
class StoredRecord:
    """One readable record file: what ordering, numbering and naming the episode's files
    need, without decoding the whole episode (:meth:`Show.episode` does that)."""

    path: Path
    guid: str
    date: datetime
    season: int
    files: EpisodeFiles
    mtime_ns: int
    title: str = ""

    @staticmethod
    def of(path: Path, episode: Episode, mtime_ns: int) -> StoredRecord:
        """The record of ``episode``, read from ``path``."""
        return StoredRecord(
            path,
            episode.guid,
            episode.date,
            episode.season,
            episode_files(episode),
            mtime_ns,
            episode.title,
        )

    def summary(self) -> dict[str, object]:
        """What the index keeps of this record (see :meth:`from_summary`)."""
        return {
            "guid": self.guid,
            "title": self.title,
            "date": self.date.isoformat(),
            "season": self.season,
            "file": self.files.audio,
            "alternates": list(self.files.alternates),
        }

    @staticmethod
    def from_summary(path: Path, held: dict[str, object], mtime_ns: int) -> StoredRecord:
        """The record the index describes with :meth:`summary` (raises on a damaged entry)."""
        alternates = held.get("alternates") or []
        if not isinstance(alternates, list):
            raise TypeError("alternates is not a list")
        date = datetime.fromisoformat(str(held["date"]))
        if date.tzinfo is None:
            raise ValueError("a date without a time zone")
        guid, title = held["guid"], held["title"]
        if not isinstance(guid, str) or not guid or not isinstance(title, str):
            raise TypeError("the guid or title is not text")
        media = (held["file"], *alternates)
        if not all(isinstance(f, str) for f in media):
            raise TypeError("a file name is not text")
        check_names(path.name, str(held["file"]), tuple(str(a) for a in alternates))
        return StoredRecord(
            path,
            guid,
            date,
            int(str(held.get("season", 0))),
            files_of(str(held["file"]), tuple(str(a) for a in alternates)),
            mtime_ns,
            title,
        )


def feed_file_names(feed_path: Path, base_url: str) -> set[str]:
    """Files of the output folder that the feed at ``feed_path`` names under ``base_url``.

    Empty when there is no feed; an unreadable feed raises :class:`StoreError`, so that no
    file it might name is removed.
    """
    if not feed_path.is_file():
        return set()
    try:
        root = ET.parse(feed_path).getroot()
    except (ET.ParseError, OSError) as exc:
        raise StoreError(
            f"{feed_path} cannot be read ({exc}); rewrite it with briefcast feed"
        ) from exc
    names: set[str] = set()
    for element in root.iter():
        # Addresses in url/href attributes, and the text of <link> elements (episode pages).
        urls = [element.get("url", ""), element.get("href", "")]
        if element.tag == "link" and element.text:
            urls.append(element.text.strip())
        for url in urls:
            if base_url and url.startswith(base_url) and len(url) > len(base_url):
                names.add(url[len(base_url) :].split("?", 1)[0].split("#", 1)[0])
    return names


# Names only a show's folder holds (a web site's index.html or favicon.ico do not count): a
# folder with one of them is a show.
_SHOW_MARKS = (
    FEED_NAME,
    RATES_NAME,
    COVERED_NAME,
    COVER_NAME,
    EPISODES_DIR,
    INDEX_NAME,
    LOCK_NAME,
    SCHEDULE_NAME,
    MANIFEST_NAME,
    TOKEN_NAME,
    WORK_DIR,
)


def check_show_folder(root: Path) -> None:
    """Refuse an output folder that exists and holds files but no show: a show is written
    only into a new or empty folder (hidden files such as ``.git`` aside) or into a show."""
    try:
        if not root.exists():
            return
        if not root.is_dir():
            raise StoreError(f"cannot use {root} as the output folder: it is not a folder")
        if any((root / mark).exists() for mark in _SHOW_MARKS):
            return
        others = sorted(p.name for p in root.iterdir() if not p.name.startswith("."))
    except OSError as exc:
        raise StoreError(describe_os_error(exc, "read the output folder")) from exc
    if others:
        shown = ", ".join(others[:3]) + (", ..." if len(others) > 3 else "")
        raise StoreError(
            f"{root} holds other files ({shown}) and no show; name a new or empty folder "
            "for the show, or run 'briefcast feed --force' there to make it one"
        )


class Show:
    """The stored episodes and feed of one output folder."""

    def __init__(self, root: Path, *, adopt: bool = False) -> None:
        self.root = root
        # Whether a folder holding other files may become a show (``feed --force``).
        self.adopt = adopt
        self._lock_depth = 0
        # Records already read by this object, by file name: (file identity, record), and
        # the episodes decoded from them.
        self._memo: dict[str, tuple[list[int], StoredRecord]] = {}
        self._decoded: dict[str, tuple[list[int], Episode]] = {}
        self._index: dict[str, dict[str, object]] | None = None
        self._index_dirty = False
        # The last scan of the records, kept while this object holds the lock and changes
        # nothing (no other run can change them meanwhile).
        self._scan: tuple[list[StoredRecord], list[DamagedRecord]] | None = None
        # Files the feed names that were checked whole, by path (see ``checked``).
        self._checked: dict[str, object] = {}
        self._checked_saved: dict[str, object] = {}

    @property
    def episodes_dir(self) -> Path:
        """Folder of episode audio and records."""
        return self.root / EPISODES_DIR

    @property
    def feed_path(self) -> Path:
        """Path of ``feed.xml``."""
        return self.root / FEED_NAME

    def ensure(self) -> None:
        """Create the output folders, with a clear error when that is impossible, or when the
        folder holds other files and no show (``--out /`` wrote a show into ``/``)."""
        if not self.adopt:
            check_show_folder(self.root)
        try:
            if self.episodes_dir.exists() and not self.episodes_dir.is_dir():
                raise StoreError(
                    f"cannot use {self.episodes_dir}: it is a file, not a folder; move it away"
                )
            self.episodes_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(describe_os_error(exc, "create the output folder")) from exc

    # -- locking and work folders --------------------------------------------------------

    @contextmanager
    def lock(self) -> Iterator[None]:
        """Hold the show's lock: one run at a time changes records, feed and files.

        Re-entrant on the same :class:`Show`. The kernel drops the lock when a process dies,
        so a killed run never blocks the next one.
        """
        if self._lock_depth:
            self._lock_depth += 1
            try:
                yield
            finally:
                self._lock_depth -= 1
            return
        self._scan = None
        self.ensure()
        path = self.root / LOCK_NAME
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise StoreError(describe_os_error(exc)) from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            self._lock_depth = 1
            yield
        finally:
            self._lock_depth = 0
            self._scan = None
            os.close(fd)

    @contextmanager
    def work_folder(self) -> Iterator[Path]:
        """A fresh work folder for one build under ``.work/``, removed however the block ends.

        It lives on the same disk as the show (renames into ``episodes/`` stay atomic, and a
        full disk shows up where it matters) and holds a lock while in use, so the next build
        removes the folders of killed runs (:meth:`clean_work`) and never one in use.
        """
        base = self.root / WORK_DIR
        try:
            base.mkdir(parents=True, exist_ok=True)
            self.clean_work()
            folder = Path(tempfile.mkdtemp(dir=base, prefix="build-"))
            fd = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            raise StoreError(describe_os_error(exc, "create a work folder in")) from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            yield folder
        finally:
            os.close(fd)
            shutil.rmtree(folder, ignore_errors=True)
            with contextlib.suppress(OSError):  # still in use by another build: it stays
                base.rmdir()

    def clean_work(self) -> list[Path]:
        """Remove the work folders of runs that were killed (no process holds their lock)."""
        base = self.root / WORK_DIR
        removed: list[Path] = []
        if not base.is_dir():
            return removed
        for folder in base.iterdir():
            if not folder.is_dir():
                continue
            try:
                fd = os.open(folder / LOCK_NAME, os.O_RDONLY)
            except FileNotFoundError:
                try:
                    young = time.time() - folder.stat().st_mtime < WORK_GRACE_SECONDS
                except OSError:
                    continue
                if young:  # a build that has not taken its lock yet
                    continue
            except OSError:
                continue
            else:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                except OSError:
                    continue  # in use
                finally:
                    os.close(fd)
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
            log.info("removed the work folder of an interrupted build: %s", folder)
        return removed

    # -- records -------------------------------------------------------------------------

    def records(self) -> tuple[list[StoredRecord], list[DamagedRecord]]:
        """Every record file: those that read, and the damaged ones (with the reason).

        A record whose file is unchanged since it was last read (here or, through the index,
        by any run) is not read again; its episode is decoded only when asked for
        (:meth:`episode`). While this object holds the lock, the folder is scanned once until
        it changes something.

        Nothing in a record is trusted: it is damaged when it does not decode
        (:meth:`Episode.from_json` checks every field), names a file it may not (see
        :func:`check_names`) or an audio file that is missing. The index is only a cache of
        what was read: an entry that does not fit its record is read again from the record.
        """
        if self._scan is not None:
            return list(self._scan[0]), list(self._scan[1])
        good: list[StoredRecord] = []
        damaged: list[DamagedRecord] = []
        if not self.episodes_dir.is_dir():
            return good, damaged
        try:
            names = {e.name: e for e in os.scandir(self.episodes_dir)}
        except OSError as exc:
            raise StoreError(describe_os_error(exc, "read")) from exc
        entries = sorted(
            (
                e
                for name, e in names.items()
                if name.endswith(RECORD_SUFFIX)
                and not name.startswith(".")
                and not name.endswith(CHAPTERS_SUFFIX)
            ),
            key=lambda e: e.name,
        )
        present = {f"{EPISODES_DIR}/{name}" for name in names}
        index = self._load_index()
        changed = False
        seen: set[str] = set()
        for entry in entries:
            seen.add(entry.name)
            try:
                st = entry.stat()
            except OSError:
                continue  # removed meanwhile by another run's garbage collection
            sig = [st.st_ino, st.st_mtime_ns, st.st_size]
            record = self.episodes_dir / entry.name
            memo = self._memo.get(entry.name)
            stored: StoredRecord | None = None
            if memo is not None and memo[0] == sig:
                stored = memo[1]
            else:
                held = index.get(entry.name)
                if held and held.get("sig") == sig:
                    try:
                        stored = StoredRecord.from_summary(record, held, st.st_mtime_ns)
                    except (ValueError, KeyError, TypeError):
                        stored = None  # the index disagrees with the record: read the record
                    else:
                        self._memo[entry.name] = (sig, stored)
            if stored is None:
                data: object = None
                try:
                    data = json.loads(record.read_text(encoding="utf-8"))
                    if not isinstance(data, dict):
                        raise TypeError("not a JSON object")
                    unsafe = textsafe.first_unsafe(data)
                    if unsafe:
                        raise ValueError(
                            f"its {unsafe[0]} holds {unsafe[1]}, a character a feed cannot carry"
                        )
                    episode = Episode.from_json(data)
                    check_names(entry.name, episode.file, tuple(m.file for m in episode.alternates))
                except (
                    OSError,
                    ValueError,
                    KeyError,
                    TypeError,
                    AttributeError,
                    RecursionError,
                ) as exc:
                    damaged.append(_damaged(record, exc, data))
                    changed |= index.pop(entry.name, None) is not None
                    self._memo.pop(entry.name, None)
                    continue
                stored = StoredRecord.of(record, episode, st.st_mtime_ns)
                index[entry.name] = {"sig": sig, **stored.summary()}
                changed = True
                self._memo[entry.name] = (sig, stored)
                self._decoded[entry.name] = (sig, episode)
            missing = [
                f for f in (stored.files.audio, *stored.files.alternates) if f not in present
            ]
            if missing:
                damaged.append(
                    DamagedRecord(
                        record,
                        f"its audio file {missing[0]} is missing",
                        stored.guid,
                        "",
                        tuple(f for f in stored.files.all if f in present),
                    )
                )
                continue
            good.append(stored)
        for name in [n for n in index if n not in seen]:
            del index[name]
            changed = True
        self._index_dirty |= changed
        if self._lock_depth:
            self._scan = (list(good), list(damaged))
        return good, damaged

    # -- the index -----------------------------------------------------------------------

    @property
    def index_path(self) -> Path:
        """Where the index of the records lives (never served or published)."""
        return self.root / INDEX_NAME

    def _load_index(self) -> dict[str, dict[str, object]]:
        """The index as read once by this object; empty when missing, old or damaged."""
        if self._index is None:
            self._index = {}
            try:
                data = json.loads(self.index_path.read_text(encoding="utf-8"))
                if isinstance(data, dict) and data.get("version") == INDEX_VERSION:
                    records = data.get("records")
                    if isinstance(records, dict):
                        self._index = {k: v for k, v in records.items() if isinstance(v, dict)}
                    checked = data.get("checked")
                    if isinstance(checked, dict):
                        self._checked = checked
                        self._checked_saved = dict(checked)
            except FileNotFoundError:
                pass
            except (OSError, ValueError, RecursionError) as exc:
                log.info("rebuilding the show's index %s (%s)", self.index_path, exc)
        return self._index

    @property
    def checked(self) -> dict[str, object]:
        """Files the feed names that passed a whole check, by path, with their identity: the
        memo of :func:`briefcast.site.validate.validate_bytes`, kept in the index."""
        self._load_index()
        return self._checked

    def save_index(self) -> None:
        """Write the index if it changed (once per run: it holds every record); failing to
        only costs speed, the records being the truth.

        Checks of files that no stored episode names any more are forgotten.
        """
        if self._index is None:
            return
        if self._checked != self._checked_saved:
            named = {f for rec in self._winners()[0] for f in rec.files.all}
            for path in [p for p in self._checked if p not in named]:
                del self._checked[path]
            self._index_dirty = True
        if not self._index_dirty:
            return
        self._index_dirty = False
        self._checked_saved = dict(self._checked)
        data = json.dumps(
            {"version": INDEX_VERSION, "records": self._index, "checked": self._checked},
            ensure_ascii=False,
            separators=(",", ":"),
        )
        try:
            atomic_write(self.index_path, data.encode("utf-8"))
        except OSError as exc:
            log.info("cannot write the show's index %s (%s)", self.index_path, exc)

    def _record_name(self, episode: Episode) -> str:
        return PurePosixPath(episode.file).with_suffix(".json").name

    def stale(self, stamp: str) -> list[StoredRecord]:
        """The stored episodes whose transcripts, chapters and page were not written from
        their current record with the settings ``stamp`` stands for, or are not all there
        (newest first). One scan of ``episodes/`` answers for every episode."""
        index = self._load_index()
        try:
            present = {f"{EPISODES_DIR}/{e.name}" for e in os.scandir(self.episodes_dir)}
        except OSError:
            present = set()
        stale = []
        for rec in self.listing():
            held = index.get(rec.path.name)
            memo = self._memo.get(rec.path.name)
            files = rec.files
            if (
                not held
                or memo is None
                or held.get("rendered") != [stamp, memo[0]]
                or not all(f in present for f in (files.vtt, files.srt, files.chapters, files.page))
            ):
                stale.append(rec)
        return stale

    def mark_rendered(self, episodes: list[Episode], stamp: str) -> None:
        """Remember that the files of ``episodes`` were written with settings ``stamp``."""
        index = self._load_index()
        for episode in episodes:
            name = self._record_name(episode)
            held, memo = index.get(name), self._memo.get(name)
            if held is not None and memo is not None and held.get("sig") == memo[0]:
                mark = [stamp, memo[0]]
                if held.get("rendered") != mark:
                    held["rendered"] = mark
                    self._index_dirty = True

    def _winners(self) -> tuple[list[StoredRecord], list[StoredRecord]]:
        """The record of each guid that counts (the newest), and the superseded ones.

        Two records of one guid are what a rebuild under a new title leaves when it is killed
        between writing its new record and removing the old one: the newer one is the rebuild.
        """
        good, _ = self.records()
        best: dict[str, StoredRecord] = {}
        for rec in good:
            held = best.get(rec.guid)
            if held is None or (rec.mtime_ns, rec.path.name) > (held.mtime_ns, held.path.name):
                best[rec.guid] = rec
        winners = list(best.values())
        kept = {id(r) for r in winners}
        return winners, [r for r in good if id(r) not in kept]

    def listing(self) -> list[StoredRecord]:
        """The record of every stored episode, newest first (ties broken by guid for a stable
        order), without decoding the episodes.

        Damaged records are left out (see :meth:`damaged`), so that one bad record never takes
        the show down.
        """
        return sorted(self._winners()[0], key=lambda r: (r.date, r.guid), reverse=True)

    def episode(self, record: StoredRecord) -> Episode:
        """The whole episode ``record`` holds, decoded once per :class:`Show`."""
        name = record.path.name
        memo, decoded = self._memo.get(name), self._decoded.get(name)
        if decoded is not None and memo is not None and decoded[0] == memo[0]:
            return decoded[1]
        try:
            episode = Episode.from_json(json.loads(record.path.read_text(encoding="utf-8")))
        except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
            raise StoreError(
                f"the record {record.path} cannot be read ({exc}); run briefcast validate"
            ) from exc
        if memo is not None:
            self._decoded[name] = (memo[0], episode)
        return episode

    def episodes(self) -> list[Episode]:
        """Every stored episode, decoded, newest first."""
        return [self.episode(r) for r in self.listing()]

    def damaged(self) -> list[DamagedRecord]:
        """The records that cannot be read."""
        return self.records()[1]

    def find(self, guid: str) -> Episode | None:
        """The stored episode with ``guid``, if any."""
        record = next((r for r in self._winners()[0] if r.guid == guid), None)
        return self.episode(record) if record is not None else None

    def free_audio_name(self, slug: str, staged: Path, suffix: str) -> str:
        """A file name in ``episodes/`` for the new audio ``staged`` of an episode ``slug``.

        The usual ``<slug><suffix>`` when it is free or already holds exactly these bytes; else a
        name with a hash of the content, so that a rebuild never overwrites a file the
        published feed still names (with its old size) before the new feed is written.
        """
        plain = self.episodes_dir / f"{slug}{suffix}"
        if not plain.exists() or _same_content(plain, staged):
            return plain.name
        digest = _content_hash(staged)[:8]
        return f"{slug}-{digest}{suffix}"

    def place(self, staged: Path, relative: str) -> None:
        """Move a finished file from the work folder to ``relative`` in one rename."""
        target = inside(self.root, relative)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            os.chmod(staged, 0o644)
            os.replace(staged, target)
        except OSError as exc:
            raise StoreError(describe_os_error(exc)) from exc

    def save(self, episode: Episode) -> None:
        """Store ``episode``'s record atomically.

        The files of a record it replaces (same guid, another file name) stay until
        :meth:`collect_garbage` runs after the new feed is written.
        """
        self._scan = None
        name = PurePosixPath(episode.file).with_suffix(RECORD_SUFFIX).as_posix()
        record = inside(self.root, name)
        data = json.dumps(episode.to_json(), indent=2, ensure_ascii=False).encode("utf-8")
        try:
            atomic_write(record, data + b"\n")
        except OSError as exc:
            raise StoreError(describe_os_error(exc)) from exc

    def forget(self, guid: str) -> list[Path]:
        """Remove every record of ``guid`` (its files go with the next garbage collection)."""
        good, _ = self.records()
        self._scan = None
        gone = [r.path for r in good if r.guid == guid]
        for path in gone:
            try:
                path.unlink(missing_ok=True)
            except OSError as exc:
                raise StoreError(describe_os_error(exc, "remove")) from exc
        return gone

    def forget_damaged(self, record: DamagedRecord) -> None:
        """Remove a damaged record file."""
        self._scan = None
        try:
            record.path.unlink(missing_ok=True)
        except OSError as exc:
            raise StoreError(describe_os_error(exc, "remove")) from exc

    def collect_garbage(self, base_url: str) -> list[str]:
        """Remove files of ``episodes/`` that no record and no published feed names.

        Run after the new feed is in place, under :meth:`lock`. Also removes superseded
        records of a guid, and temporary files left by killed runs. Returns what it removed
        (paths relative to the output folder).
        """
        if not self.episodes_dir.is_dir():
            return []
        winners, superseded = self._winners()
        keep: set[str] = set(feed_file_names(self.feed_path, base_url))
        for rec in winners:
            keep.update(rec.files.all)
        # A damaged record is kept, with every file it names and every file named after it,
        # until the producer removes it: nothing is lost to a record that cannot be read.
        damaged = self.damaged()
        held = {d.path.stem for d in damaged}
        for d in damaged:
            keep.update(d.files)
            keep.add(d.path.relative_to(self.root).as_posix())
        self._scan = None
        removed: list[str] = []
        for rec in superseded:
            keep.discard(rec.path.relative_to(self.root).as_posix())
        # Names are compared as strings: a show of thousands of files is scanned in one pass.
        for entry in sorted(os.scandir(self.episodes_dir), key=lambda e: e.name):
            rel = f"{EPISODES_DIR}/{entry.name}"
            if rel in keep or _named_after(entry.name, held) or not entry.is_file():
                continue
            if entry.name.startswith(".") and not entry.name.endswith(".tmp"):
                continue
            path = Path(entry.path)
            try:
                path.unlink(missing_ok=True)
            except OSError as exc:
                raise StoreError(describe_os_error(exc, "remove")) from exc
            removed.append(rel)
        for path in self.root.glob(".*.tmp"):  # temporary files of killed atomic writes
            path.unlink(missing_ok=True)
            removed.append(path.name)
        if removed:
            log.info("removed %d file(s) no longer named: %s", len(removed), ", ".join(removed))
        return removed

    # -- the public files ----------------------------------------------------------------

    def write_feed(self, xml: bytes) -> None:
        """Replace ``feed.xml`` atomically."""
        if self.feed_path.is_dir():
            raise StoreError(f"cannot write {self.feed_path}: it is a folder; move it away")
        try:
            atomic_write(self.feed_path, xml)
        except OSError as exc:
            raise StoreError(describe_os_error(exc)) from exc

    def write_file(self, relative: str, data: bytes) -> bool:
        """Write ``data`` to a file of the output folder atomically, unless it already holds it.

        Returns whether the file changed. Leaving identical files alone keeps rebuilds cheap
        and their modification times (which HTTP caches rely on) stable. A path that leaves
        the output folder is refused with :class:`StoreError`.
        """
        path = inside(self.root, relative)
        try:
            if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
                return False
        except OSError as exc:
            raise StoreError(f"cannot read {path}: {exc.strerror}") from exc
        if path.is_dir():
            raise StoreError(f"cannot write {path}: it is a folder; move it away")
        try:
            atomic_write(path, data)
        except OSError as exc:
            raise StoreError(describe_os_error(exc)) from exc
        return True

    def write_episode_texts(self, episode: Episode, vtt: str, srt: str, chapters: str) -> None:
        """Write an episode's transcripts and chapters beside its audio."""
        files = episode_files(episode)
        self.write_file(files.vtt, vtt.encode("utf-8"))
        self.write_file(files.srt, srt.encode("utf-8"))
        self.write_file(files.chapters, chapters.encode("utf-8"))

    def write_schedule(self, scheduled: list[StoredRecord]) -> None:
        """Record which episodes are not out yet, and their public files, for serve and
        publish to withhold (see :func:`briefcast.show.public.withheld`)."""
        entries = [
            {
                "guid": r.guid,
                "release": r.date.isoformat(),
                "files": [f for f in r.files.all if f != r.files.record],
            }
            for r in sorted(scheduled, key=lambda r: (r.date, r.guid))
        ]
        if not entries and not (self.root / SCHEDULE_NAME).exists():
            return
        data = json.dumps({"version": 1, "episodes": entries}, indent=2) + "\n"
        self.write_file(SCHEDULE_NAME, data.encode("utf-8"))

    def write_page(self, page: bytes, stylesheet: bytes) -> None:
        """Write the show's ``index.html`` and the feed's CSS stylesheet."""
        self.write_file(STYLESHEET_NAME, stylesheet)
        self.write_file(PAGE_NAME, page)


def _content_hash(path: Path) -> str:
    """SHA-256 hex digest of a file."""
    import hashlib

    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def _same_content(a: Path, b: Path) -> bool:
    """Whether two files hold the same bytes."""
    try:
        return a.stat().st_size == b.stat().st_size and _content_hash(a) == _content_hash(b)
    except OSError:
        return False


def _damaged(record: Path, exc: BaseException, data: object) -> DamagedRecord:
    """The damaged ``record`` (``data`` as far as it was read) and why; with the files of
    ``episodes/`` it still names safely, and those named after it, so that nothing it holds
    is removed before the producer removes the record."""
    info = data if isinstance(data, dict) else {}
    if isinstance(exc, RecursionError):
        reason = "its JSON is nested too deeply to read"
    elif isinstance(exc, OSError):
        reason = f"it cannot be read ({exc.strerror or exc})"
    else:
        reason = str(exc) if str(exc).startswith("its ") else f"the record is damaged ({exc})"
    named: list[str] = []
    alternates = info.get("alternates")
    candidates = [info.get("file")]
    if isinstance(alternates, list):
        candidates += [m.get("file") for m in alternates if isinstance(m, dict)]
    for candidate in candidates:
        if safe_episode_file(candidate):
            named.extend(files_of(str(candidate)).all)
    guid, title = info.get("guid", ""), info.get("title", "")
    return DamagedRecord(
        record,
        reason,
        guid if isinstance(guid, str) else "",
        title if isinstance(title, str) else "",
        tuple(dict.fromkeys(named)),
    )


def _named_after(name: str, stems: set[str]) -> bool:
    """Whether the file ``name`` is ``<stem>.<anything>`` for one of ``stems``."""
    return bool(stems) and any(name[:i] in stems for i, c in enumerate(name) if c == ".")
