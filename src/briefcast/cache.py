"""A content-addressed cache of voiced sentences, so that nothing is paid for twice.

Each entry is one sentence's audio, a small WAV file named by the SHA-256 of the engine's
identity (engine, voice and every setting that changes the sound) and the sentence's text::

    <cache dir>/audio/<engine>/<ab>/<abcdef...>.wav

Encoding is the other costly step of a build (two loudness passes and MP3), so the encoded
episode is kept too, named by the digest of the assembled audio, the audio settings and the
encoder's own source: an unchanged rebuild re-encodes nothing, and a changed encoder never
serves stale audio::

    <cache dir>/audio/episodes/<ab>/<abcdef...>.mp3

The folder is ``cache.dir`` from the config (or ``BRIEFCAST_CACHE_DIR``), else
``$XDG_CACHE_HOME/briefcast``, else ``~/.cache/briefcast``. Entries are written through a
temporary file and a rename, only after the engine returned the whole sentence, so a reader never
sees partial audio, and two builds writing the same entry at once both leave a whole file. A
damaged or foreign entry reads as a miss and is removed. :class:`CachedVoice` puts the cache in
front of any :class:`~briefcast.voices.Voice`, so the pipeline stays unaware of it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import struct
import sys
import tempfile
import time
import wave
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .config import AudioConfig, Config
from .errors import StoreError, VoiceError
from .store import atomic_write
from .voices.base import Clip, Voice, plan_ahead

if TYPE_CHECKING:
    from .audio import RenderedAudio

log = logging.getLogger(__name__)

# Bumped when the entry format or the key recipe changes, so old entries simply miss.
KEY_VERSION = "briefcast-audio-v1"
AUDIO_DIR = "audio"
EPISODES = "episodes"  # folder of encoded episodes, beside one folder per engine
_SAFE_NAME = re.compile(r"[^a-z0-9_-]+")
# A network engine found unreachable (no DNS, refused, no route) is not tried again for this
# long: the next builds fall back at once instead of paying for the same failure.
UNREACHABLE_DIR = "unreachable"
UNREACHABLE_MEMORY_S = 300.0


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
    header += b"fmt " + struct.pack("<IHHIIHH", 16, 1, 1, clip.sample_rate,
                                    clip.sample_rate * 2, 2, 16)
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
                        1, 2, sample_rate):
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
                log.warning("cannot write to the cache %s (%s); continuing without it",
                            self.root, exc.strerror or exc)
            self._write_failed = True

    def remember_unreachable(self, engine: str, reason: str, now: float | None = None) -> None:
        """Note that ``engine``'s service could not be reached, and why (see
        :meth:`unreachable`); a cache folder that cannot be written only costs the memory."""
        path = self.root / UNREACHABLE_DIR / f"{_SAFE_NAME.sub('-', engine.lower())}.json"
        record = {"engine": engine, "reason": reason,
                  "at": time.time() if now is None else now}
        try:
            atomic_write(path, json.dumps(record).encode("utf-8"))
        except OSError as exc:
            log.debug("cannot remember that %s is unreachable: %s", engine, exc)

    def unreachable(self, engine: str, within: float = UNREACHABLE_MEMORY_S,
                    now: float | None = None) -> str:
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

    def forget_unreachable(self, engine: str) -> None:
        """Forget that ``engine`` was unreachable (it answered again)."""
        path = self.root / UNREACHABLE_DIR / f"{_SAFE_NAME.sub('-', engine.lower())}.json"
        path.unlink(missing_ok=True)

    def encode(self, rendered: RenderedAudio, out: Path, cfg: AudioConfig,
               encoder: Callable[[RenderedAudio, Path, AudioConfig], None]) -> bool:
        """Write the encoded episode of ``rendered`` to ``out``: copied when cached, else encoded
        by ``encoder`` and kept. Returns True on a cache hit."""
        digest = hashlib.sha256()
        module = sys.modules.get(encoder.__module__)
        source = getattr(module, "__file__", None)
        for part in (KEY_VERSION, EPISODES, encoder.__qualname__, repr(cfg),
                     str(rendered.sample_rate)):
            digest.update(part.encode("utf-8") + b"\0")
        if source:
            digest.update(Path(source).read_bytes())
        with rendered.pcm_path.open("rb") as pcm:
            for block in iter(lambda: pcm.read(1 << 20), b""):
                digest.update(block)
        key = digest.hexdigest()
        entry = self.audio_dir / EPISODES / key[:2] / f"{key}.mp3"
        try:
            shutil.copyfile(entry, out)
            os.utime(entry)
            log.info("cache: the episode audio was encoded before; reusing it")
            return True
        except FileNotFoundError:
            pass
        except OSError as exc:
            log.warning("cannot read the cached episode %s (%s); encoding again", entry, exc)
        encoder(rendered, out, cfg)
        try:
            entry.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=entry.parent, prefix=f".{entry.name}.", suffix=".tmp")
            os.close(fd)
            try:
                shutil.copyfile(out, tmp)
                os.replace(tmp, entry)
            finally:
                Path(tmp).unlink(missing_ok=True)
        except OSError as exc:
            log.warning("cannot keep the encoded episode in the cache (%s)", exc)
        return False

    def _entries(self) -> list[Path]:
        if not self.audio_dir.is_dir():
            return []
        return [p for p in self.audio_dir.glob("*/*/*") if p.is_file()
                and p.suffix in (".wav", ".mp3")]

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
                raise StoreError(f"cannot clear the cache {self.audio_dir}: "
                                 f"{exc.strerror or exc}") from exc
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
            total -= size
            removed += 1
        if removed:
            log.info("cache: dropped %d least recently used sentences", removed)
        return removed


def open_cache(cfg: Config, env: Mapping[str, str] | None = None) -> AudioCache:
    """The cache configured by ``cfg`` (whether or not it is enabled)."""
    return AudioCache(cache_dir(cfg, env))


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
                raise VoiceError(f"the {self.name} voice returned {len(fresh)} clips for "
                                 f"{len(missing)} sentences")
            for i, clip in zip(missing, fresh, strict=True):
                if clip.pcm:
                    self.cache.put(self.name, keys[i], clip)
                found[keys[i]] = clip
        for key in keys:
            if key in self._repeats:
                self._memo[key] = found[key]
        return [found[key] for key in keys]
