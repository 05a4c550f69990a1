"""A content-addressed cache of voiced sentences, so that nothing is paid for twice.

Each entry is one sentence's audio, a small WAV file named by the SHA-256 of the engine's
identity (engine, voice and every setting that changes the sound) and the sentence's text::

    <cache dir>/audio/<engine>/<ab>/<abcdef...>.wav

Rendering and encoding are the other costly steps of a build, so each encoded episode is kept
too, with what its encoding measured (loudness, timings), named by :func:`episode_key`: the
package version, a hash of the code of every module that shapes the audio, the audio
settings, the music's content, the voice's identity and the script. That key is known before
any audio is made, so an unchanged rebuild renders and encodes nothing, and a change of code
or settings never serves stale audio::

    <cache dir>/audio/episodes/<ab>/<abcdef...>.<ext>     (one per format; .<ext>.json beside)

The show's artwork (the generated cover, the favicon, the cover embedded in every file) is
the same for every build of a show, and drawing it costs more than a cached build's audio, so
it is kept too, named by what it is made from and the code that draws it
(:meth:`AudioCache.artwork`)::

    <cache dir>/audio/artwork/<ab>/<abcdef...>.png        (.ico, .jpg)

The folder is ``cache.dir`` from the config (or ``BRIEFCAST_CACHE_DIR``), else
``$XDG_CACHE_HOME/briefcast``, else ``~/.cache/briefcast``. Entries are written through a
temporary file and a rename, only after the engine returned the whole sentence, so a reader never
sees partial audio, and two builds writing the same entry at once both leave a whole file. A
damaged or foreign entry reads as a miss and is removed. :class:`CachedVoice` puts the cache in
front of any :class:`~briefcast.voices.Voice`, so the pipeline stays unaware of it.
"""

from __future__ import annotations

import atexit
import functools
import hashlib
import importlib
import json
import logging
import os
import re
import shutil
import struct
import tempfile
import time
import wave
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import __version__
from ..audio.formats.base import AudioFormat
from ..audio.loudness import GainPlan, Loudness
from ..config import AudioConfig, Config
from ..errors import StoreError, VoiceError
from ..models import Cue, Script, SegmentTiming
from ..show.store import atomic_write
from .base import Clip, Voice, plan_ahead

if TYPE_CHECKING:
    from ..audio.assemble import Encoded

log = logging.getLogger(__name__)

# Bumped when the entry format or the key recipe changes, so old entries simply miss.
KEY_VERSION = "briefcast-audio-v1"
AUDIO_DIR = "audio"
EPISODES = "episodes"  # folder of encoded episodes, beside one folder per engine
ARTWORK = "artwork"  # folder of drawn artwork, beside them
# Modules whose code draws the artwork: an edit to one makes every artwork entry miss.
ARTWORK_MODULES = ("briefcast.site.cover", "briefcast.audio.tags")
# How each kind of artwork file begins, so that a foreign or damaged entry reads as a miss.
_ARTWORK_MAGIC = {
    ".png": b"\x89PNG\r\n\x1a\n",
    ".ico": b"\x00\x00\x01\x00",
    ".jpg": b"\xff\xd8\xff",
}
_SAFE_NAME = re.compile(r"[^a-z0-9_-]+")
# A network engine found unreachable (no DNS, refused, no route) is not tried again for this
# long: the next builds fall back at once instead of paying for the same failure.
UNREACHABLE_DIR = "unreachable"
UNREACHABLE_MEMORY_S = 300.0
# What each offline engine cost here: CPU seconds and audio seconds voiced, summed over builds.
COSTS = "costs.json"


@dataclass(frozen=True)
class VoiceCost:
    """What voicing cost an engine on this machine, summed over the builds that measured it:
    CPU seconds of the voicing processes and seconds of audio they made."""

    engine: str
    cpu_seconds: float
    audio_seconds: float

    @property
    def per_audio_second(self) -> float:
        """CPU seconds per second of audio (0 when nothing was measured)."""
        return self.cpu_seconds / self.audio_seconds if self.audio_seconds else 0.0


def default_cache_dir(env: Mapping[str, str] | None = None) -> Path:
    """``$XDG_CACHE_HOME/briefcast``, else ``~/.cache/briefcast``."""
    env = os.environ if env is None else env
    xdg = env.get("XDG_CACHE_HOME", "")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".cache"
    return base / "briefcast"


def cache_dir(cfg: Config, env: Mapping[str, str] | None = None) -> Path:
    """The cache folder for ``cfg``: its ``cache.dir`` when set, else the XDG default."""
    return Path(cfg.cache.dir).expanduser() if cfg.cache.dir else default_cache_dir(env)


def entry_key(identity: str, text: str) -> str:
    """The content address of ``text`` spoken by the voice with ``identity``."""
    digest = hashlib.sha256()
    for part in (KEY_VERSION, identity, text):
        digest.update(part.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()


def _wav_bytes(clip: Clip) -> bytes:
    """A mono 16-bit WAV file of ``clip``, built in memory (44-byte header + PCM)."""
    size = len(clip.pcm)
    header = b"RIFF" + struct.pack("<I", 36 + size) + b"WAVE"
    header += b"fmt " + struct.pack(
        "<IHHIIHH", 16, 1, 1, clip.sample_rate, clip.sample_rate * 2, 2, 16
    )
    header += b"data" + struct.pack("<I", size)
    return header + clip.pcm


@dataclass(frozen=True)
class CacheStats:
    """What the cache holds: entries and bytes, in total and per engine ("episodes" counts the
    encoded episodes)."""

    path: Path
    entries: int
    size: int
    per_engine: tuple[tuple[str, int, int], ...]


class AudioCache:
    """Voiced sentences on disk, addressed by content."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self._write_failed = False  # warn once, not once per sentence

    @property
    def audio_dir(self) -> Path:
        """The folder holding every entry (the only one :meth:`clear` ever deletes in)."""
        return self.root / AUDIO_DIR

    def path_for(self, engine: str, key: str) -> Path:
        """Where the entry ``key`` of ``engine`` lives."""
        folder = _SAFE_NAME.sub("-", engine.lower()) or "engine"
        return self.audio_dir / folder / key[:2] / f"{key}.wav"

    def get(self, engine: str, key: str, sample_rate: int) -> Clip | None:
        """The cached clip, or ``None`` when absent, damaged or at another sample rate."""
        path = self.path_for(engine, key)
        try:
            with wave.open(str(path), "rb") as wav:
                if (wav.getnchannels(), wav.getsampwidth(), wav.getframerate()) != (
                    1,
                    2,
                    sample_rate,
                ):
                    log.debug("cache entry %s has another format; ignoring it", path.name)
                    return None
                frames = wav.getnframes()
                pcm = wav.readframes(frames)
        except FileNotFoundError:
            return None
        except (OSError, EOFError, wave.Error) as exc:
            log.warning("dropping damaged cache entry %s: %s", path, exc)
            path.unlink(missing_ok=True)
            return None
        if len(pcm) != frames * 2:
            log.warning("dropping truncated cache entry %s", path)
            path.unlink(missing_ok=True)
            return None
        try:
            os.utime(path)  # marks the entry as recently used, for pruning
        except OSError:
            pass
        return Clip(pcm, sample_rate)

    def put(self, engine: str, key: str, clip: Clip) -> None:
        """Store ``clip`` atomically; a cache that cannot be written only costs speed."""
        path = self.path_for(engine, key)
        try:
            atomic_write(path, _wav_bytes(clip))
        except OSError as exc:
            if not self._write_failed:
                log.warning(
                    "cannot write to the cache %s (%s); continuing without it",
                    self.root,
                    exc.strerror or exc,
                )
            self._write_failed = True

    def remember_unreachable(self, engine: str, reason: str, now: float | None = None) -> None:
        """Note that ``engine``'s service could not be reached, and why (see
        :meth:`unreachable`); a cache folder that cannot be written only costs the memory."""
        path = self.root / UNREACHABLE_DIR / f"{_SAFE_NAME.sub('-', engine.lower())}.json"
        record = {"engine": engine, "reason": reason, "at": time.time() if now is None else now}
        try:
            atomic_write(path, json.dumps(record).encode("utf-8"))
        except OSError as exc:
            log.debug("cannot remember that %s is unreachable: %s", engine, exc)

    def unreachable(
        self, engine: str, within: float = UNREACHABLE_MEMORY_S, now: float | None = None
    ) -> str:
        """Why ``engine`` was unreachable, when that was noted less than ``within`` seconds
        ago; "" otherwise (never noted, too old, or unreadable)."""
        path = self.root / UNREACHABLE_DIR / f"{_SAFE_NAME.sub('-', engine.lower())}.json"
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
            age = (time.time() if now is None else now) - float(record["at"])
            reason = str(record["reason"])
        except (OSError, ValueError, KeyError, TypeError):
            return ""
        return reason if 0 <= age < within else ""

    def costs(self) -> dict[str, VoiceCost]:
        """What each engine's voicing has cost here, by engine (empty when never measured)."""
        try:
            data = json.loads((self.root / COSTS).read_text(encoding="utf-8"))
            return {
                name: VoiceCost(name, float(v["cpu_seconds"]), float(v["audio_seconds"]))
                for name, v in data.items()
            }
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return {}

    def record_cost(self, engine: str, cpu_seconds: float, audio_seconds: float) -> None:
        """Add one build's measured voicing cost to ``engine``'s (see :meth:`costs`)."""
        if cpu_seconds <= 0 or audio_seconds <= 0:
            return
        costs = self.costs()
        old = costs.get(engine, VoiceCost(engine, 0.0, 0.0))
        costs[engine] = VoiceCost(
            engine, old.cpu_seconds + cpu_seconds, old.audio_seconds + audio_seconds
        )
        record = {
            n: {"cpu_seconds": c.cpu_seconds, "audio_seconds": c.audio_seconds}
            for n, c in costs.items()
        }
        try:
            atomic_write(self.root / COSTS, json.dumps(record).encode("utf-8"))
        except OSError as exc:
            log.debug("cannot record what %s cost: %s", engine, exc)

    def _episode_entry(self, key: str, suffix: str) -> Path:
        return self.audio_dir / EPISODES / key[:2] / f"{key}{suffix}"

    def find_episode(self, key: str, out: Path) -> Encoded | None:
        """Copy the encoded episode ``key`` to ``out`` and return what its encoding measured;
        ``None`` (nothing copied) when it is not cached or its entry is damaged.

        The copy must match the checksum kept with the measurements: an entry cut short or
        changed on disk is a miss (named in a warning and removed), never an episode.
        """
        entry = self._episode_entry(key, out.suffix)
        meta = entry.with_name(entry.name + ".json")
        try:
            data = json.loads(meta.read_text(encoding="utf-8"))
            encoded = _encoded_from_json(data)
            expected = data.get("sha256")
            if not isinstance(expected, str):
                # Kept by an older briefcast, without a checksum: encoded again, quietly.
                log.info("cache: %s was kept without a checksum; encoding again", entry.name)
                entry.unlink(missing_ok=True)
                meta.unlink(missing_ok=True)
                return None
            shutil.copyfile(entry, out)
            if _file_sha256(out) != expected:
                raise ValueError("its file does not match its checksum: it was cut or changed")
            os.utime(entry)
            os.utime(meta)
        except FileNotFoundError:
            out.unlink(missing_ok=True)
            return None
        except (OSError, ValueError, KeyError, TypeError, AttributeError, RecursionError) as exc:
            log.warning("dropping the damaged cached episode %s (%s)", entry, exc)
            out.unlink(missing_ok=True)
            entry.unlink(missing_ok=True)
            meta.unlink(missing_ok=True)
            return None
        log.info("cache: %s was encoded before; reusing it", out.suffix.lstrip("."))
        return encoded

    def keep_episode(self, key: str, path: Path, encoded: Encoded) -> None:
        """Keep the encoded file ``path`` and its measurements as the episode ``key``, with
        the file's checksum (see :meth:`find_episode`)."""
        entry = self._episode_entry(key, path.suffix)
        meta = entry.with_name(entry.name + ".json")
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=entry.parent, prefix=f".{entry.name}.", suffix=".tmp")
            os.close(fd)
            try:
                shutil.copyfile(path, tmp)
                digest = _file_sha256(Path(tmp))
                os.replace(tmp, entry)
            finally:
                Path(tmp).unlink(missing_ok=True)
            # The measurements last: an entry without them reads as a miss.
            record = {**_encoded_json(encoded), "sha256": digest}
            atomic_write(meta, json.dumps(record).encode("utf-8"))
        except OSError as exc:
            log.warning("cannot keep the encoded episode in the cache (%s)", exc)

    def artwork(
        self, suffix: str, parts: Sequence[str | bytes], make: Callable[[], bytes]
    ) -> bytes:
        """The artwork file (``suffix`` .png, .ico or .jpg) that ``make`` draws from
        ``parts`` (what it is made from: title, size, image bytes): drawn once, then read.

        The key covers ``parts``, the code of :data:`ARTWORK_MODULES`, Pillow's version and
        briefcast's; a cache that cannot be written only costs the drawing again.
        """
        import PIL

        digest = hashlib.sha256(
            f"{KEY_VERSION}\0{__version__}\0{PIL.__version__}\0"
            f"{code_digest(ARTWORK_MODULES)}\0{suffix}".encode()
        )
        for part in parts:
            data = part.encode("utf-8") if isinstance(part, str) else part
            digest.update(len(data).to_bytes(8, "big") + data)
        key = digest.hexdigest()
        path = self.audio_dir / ARTWORK / key[:2] / f"{key}{suffix}"
        check = path.with_name(path.name + ".json")
        try:
            held = path.read_bytes()
            expected = json.loads(check.read_text(encoding="utf-8")).get("sha256")
        except (OSError, ValueError, AttributeError, RecursionError):
            held, expected = b"", None
        if held and expected is not None:
            if held.startswith(_ARTWORK_MAGIC[suffix]) and expected == _sha256(held):
                return held
            log.warning(
                "dropping the damaged cached artwork %s (it does not match its checksum)", path
            )
        data = make()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write(path, data)
            atomic_write(check, json.dumps({"sha256": _sha256(data)}).encode("utf-8"))
        except OSError as exc:
            log.info("cache: cannot keep artwork in %s (%s)", path.parent, exc)
        return data

    def _entries(self) -> list[Path]:
        if not self.audio_dir.is_dir():
            return []
        # Audio entries only: an episode's measurements (.json) go with its file.
        return [
            p
            for p in self.audio_dir.glob("*/*/*")
            if p.is_file() and p.suffix not in (".json", ".tmp")
        ]

    def stats(self) -> CacheStats:
        """Entries and bytes held, in total and per engine."""
        per: dict[str, list[int]] = {}
        for entry in self._entries():
            try:
                size = entry.stat().st_size
            except FileNotFoundError:  # removed by a concurrent prune
                continue
            count = per.setdefault(entry.parent.parent.name, [0, 0])
            count[0] += 1
            count[1] += size
        rows = tuple((name, c[0], c[1]) for name, c in sorted(per.items()))
        return CacheStats(self.root, sum(r[1] for r in rows), sum(r[2] for r in rows), rows)

    def clear(self) -> CacheStats:
        """Delete every entry (and stray temporary files); return what was removed.

        Only the cache's own ``audio`` folder is touched, whatever ``root`` is set to.
        """
        removed = self.stats()
        if self.audio_dir.is_dir():
            try:
                shutil.rmtree(self.audio_dir)
            except OSError as exc:
                raise StoreError(
                    f"cannot clear the cache {self.audio_dir}: {exc.strerror or exc}"
                ) from exc
        return removed

    def prune(self, max_bytes: int) -> int:
        """Drop the least recently used entries until at most ``max_bytes`` remain.

        Returns how many entries were removed; ``max_bytes`` 0 means no limit.
        """
        if max_bytes <= 0:
            return 0
        dated = []
        total = 0
        for entry in self._entries():
            try:
                st = entry.stat()
            except FileNotFoundError:
                continue
            dated.append((st.st_mtime, st.st_size, entry))
            total += st.st_size
        removed = 0
        for _, size, entry in sorted(dated):
            if total <= max_bytes:
                break
            entry.unlink(missing_ok=True)
            entry.with_name(entry.name + ".json").unlink(missing_ok=True)
            total -= size
            removed += 1
        if removed:
            log.info("cache: dropped %d least recently used sentences", removed)
        return removed


# -- encoded episodes -------------------------------------------------------------------------

# Modules whose code shapes an episode's encoded audio (beside the format's own module and the
# voice engine's): an edit to any of them makes every cached episode miss.
AUDIO_MODULES = (
    "briefcast.audio.assemble",
    "briefcast.audio.loudness",
    "briefcast.audio.media",
    "briefcast.audio.formats.base",
)


def code_digest(modules: Iterable[str]) -> str:
    """SHA-256 over the source files of ``modules`` (by dotted name), in a stable order."""
    digest = hashlib.sha256()
    for name in sorted(set(modules)):
        module = importlib.import_module(name)
        digest.update(name.encode("utf-8") + b"\0")
        source = getattr(module, "__file__", None)
        if source:
            digest.update(Path(source).read_bytes())
    return digest.hexdigest()


def episode_key(
    script: Script, voice: Voice, cfg: AudioConfig, fmt: AudioFormat, heard: str = ""
) -> str:
    """The content address of ``script`` voiced by ``voice`` and encoded to ``fmt``.

    Everything that shapes the encoded file is in it: the package version, the code of every
    module that makes the audio (:data:`AUDIO_MODULES`, the format's and the voice engine's),
    the audio settings, the music files' content, the voice's identity and every sentence and
    pause of the script, and ``heard``: anything else that changes what the voice is given
    (the lexicon's phonemes for a voice that reads IPA). It is known before any audio is made,
    so a rebuild that would make the same file finds it without rendering.
    """
    digest = hashlib.sha256()
    code = code_digest([*AUDIO_MODULES, type(fmt).__module__, type(voice).__module__])
    script_text = json.dumps(
        [
            [
                seg.kind,
                seg.title,
                seg.url,
                [
                    [
                        list(p.sentences),
                        list(p.written),
                        *([p.pause_ms] if p.pause_ms else []),
                        *([p.voice] if p.voice else []),
                        # The anchor's name is in the captions the cached episode carries.
                        *([f"speaker={p.speaker}"] if p.speaker else []),
                    ]
                    for p in seg.paragraphs
                ],
            ]
            for seg in script.segments
        ],
        ensure_ascii=False,
    )
    for part in (
        KEY_VERSION,
        __version__,
        code,
        fmt.name,
        repr(cfg),
        voice.identity(),
        str(voice.sample_rate),
        script_text,
        heard,
    ):
        digest.update(part.encode("utf-8") + b"\0")
    for setting, value in sorted(cfg.music_files.items()):
        digest.update(setting.encode("utf-8") + b"\0")
        try:
            digest.update(hashlib.sha256(Path(value).expanduser().read_bytes()).digest())
        except OSError:
            digest.update(b"missing")  # the build itself then stops with a clear error
    return digest.hexdigest()


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _file_sha256(path: Path) -> str:
    """SHA-256 hex digest of a file, read in chunks."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1024 * 1024):
            digest.update(chunk)
    return digest.hexdigest()


def _encoded_json(encoded: Encoded) -> dict[str, Any]:
    return {
        "loudness": asdict(encoded.loudness),
        "plan": asdict(encoded.plan),
        "duration": encoded.duration,
        "passes": encoded.passes,
        "segments": [asdict(s) for s in encoded.segments],
    }


def _encoded_from_json(data: Mapping[str, Any]) -> Encoded:
    from ..audio.assemble import Encoded

    segments = tuple(
        SegmentTiming(
            s["kind"],
            s["title"],
            float(s["start"]),
            float(s["end"]),
            s["url"],
            tuple(
                Cue(float(c["start"]), float(c["end"]), c["text"], c.get("speaker", ""))
                for c in s["cues"]
            ),
            s.get("voice", ""),
        )
        for s in data["segments"]
    )
    return Encoded(
        Loudness(**data["loudness"]),
        GainPlan(**data["plan"]),
        float(data["duration"]),
        segments,
        int(data["passes"]),
    )


def open_cache(cfg: Config, env: Mapping[str, str] | None = None) -> AudioCache:
    """The cache configured by ``cfg`` (whether or not it is enabled).

    A cache folder that cannot exist (it, or a folder above it, is a regular file) is treated
    like a full or read-only cache: one warning, and the build goes on with a temporary cache
    that is removed at exit.
    """
    root = cache_dir(cfg, env)
    blocker = _file_in_the_way(root)
    return AudioCache(root if blocker is None else _stand_in(root, blocker))


@functools.cache
def _stand_in(root: Path, blocker: Path) -> Path:
    """A temporary cache for the unusable ``root``: one per process (so one warning), removed
    at exit."""
    log.warning(
        "the cache folder %s cannot be used (%s is a file, not a folder); building "
        "without a lasting cache",
        root,
        blocker,
    )
    stand_in = Path(tempfile.mkdtemp(prefix="briefcast-cache-"))
    atexit.register(shutil.rmtree, stand_in, True)
    return stand_in


def _file_in_the_way(root: Path) -> Path | None:
    """The nearest existing path at or above ``root``, when it is not a folder."""
    for path in (root, *root.parents):
        if path.exists():
            return None if path.is_dir() else path
    return None


class CachedVoice:
    """Any :class:`~briefcast.voices.Voice`, with its sentences looked up in a cache first.

    Only the sentences that miss are passed to the engine, in one call per paragraph; each is
    stored once the engine has returned them all, so a failure stores nothing partial. A
    sentence said twice in one episode is voiced once.
    """

    def __init__(self, voice: Voice, cache: AudioCache) -> None:
        self.voice = voice
        self.cache = cache
        self.name = voice.name
        self.sample_rate = voice.sample_rate
        self._identity = voice.identity()
        self._repeats: set[str] = set()
        self._memo: dict[str, Clip] = {}
        self.hits = 0
        self.misses = 0
        # What the engine's processes spent on the clips voiced (those that say), and their length.
        self.cpu_seconds = 0.0
        self.voiced_seconds = 0.0

    def plan(self, paragraphs: Sequence[Sequence[str]]) -> None:
        """Tell the engine, when it plans ahead, exactly the sentences :meth:`speak` will ask."""
        seen: set[str] = set()
        todo = []
        for paragraph in paragraphs:
            ask = []
            for sentence in paragraph:
                key = entry_key(self._identity, sentence)
                if key in seen:
                    self._repeats.add(key)
                    continue
                seen.add(key)
                if not self.cache.path_for(self.name, key).is_file():
                    ask.append(sentence)
            if ask:
                todo.append(ask)
        plan_ahead(self.voice, todo)

    def identity(self) -> str:
        """The wrapped voice's identity (the cache changes nothing in the sound)."""
        return self._identity

    def speak(self, sentences: Sequence[str]) -> list[Clip]:
        """Cached clips where present; the rest voiced in one call, then stored."""
        rate = self.voice.sample_rate
        keys = [entry_key(self._identity, s) for s in sentences]
        found: dict[str, Clip] = {}
        missing: list[int] = []
        for i, key in enumerate(keys):
            if key in found or any(keys[m] == key for m in missing):
                continue
            clip = self._memo.get(key) or self.cache.get(self.name, key, rate)
            if clip is None:
                missing.append(i)
            else:
                found[key] = clip
        self.hits += len(sentences) - len(missing)
        self.misses += len(missing)
        if missing:
            fresh = self.voice.speak([sentences[i] for i in missing])
            if len(fresh) != len(missing):
                raise VoiceError(
                    f"the {self.name} voice returned {len(fresh)} clips for "
                    f"{len(missing)} sentences"
                )
            for i, clip in zip(missing, fresh, strict=True):
                if clip.cpu_seconds:
                    self.cpu_seconds += clip.cpu_seconds
                    self.voiced_seconds += clip.seconds
                if clip.pcm:
                    self.cache.put(self.name, keys[i], clip)
                found[keys[i]] = clip
        for key in keys:
            if key in self._repeats:
                self._memo[key] = found[key]
        return [found[key] for key in keys]
