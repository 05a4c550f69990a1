"""The show's configuration: one typed, frozen object loaded from ``briefcast.toml``.

Precedence, lowest first: built-in defaults < the config file < ``BRIEFCAST_*`` environment
variables < command-line flags (passed in as ``overrides``). Everything is validated once, here,
so the stages can trust what they are given.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any, TypeVar, cast

from .. import textsafe
from ..errors import ConfigError
from ..standards import MAX_DESCRIPTION_BYTES, MEDIUMS, SHOW_TYPES, category_problem

CONFIG_NAME = "briefcast.toml"
# An optional lexicon file beside the config file (or in the working folder without one).
PRONUNCIATIONS_NAME = "pronunciations.toml"

T = TypeVar("T")


@dataclass(frozen=True)
class ShowConfig:
    """The podcast as listeners see it in their app."""

    title: str = "Briefcast"
    description: str = "News articles, read aloud."
    author: str = "Briefcast"
    email: str = "podcast@example.com"
    language: str = "en"
    category: str = "News"
    subcategory: str = "Daily News"
    explicit: bool = False
    base_url: str = "http://localhost:8000/"
    image: str = ""
    copyright: str = ""
    # Added for the feed (issue 6): directory metadata and feed size.
    owner: str = ""
    link: str = ""
    type: str = "episodic"
    locked: bool = True
    max_episodes: int = 100
    season: int = 0
    number_episodes: bool = False
    # Listener-facing extras (issue 15): podcast:funding, podcast:medium, and private shows.
    funding_url: str = ""
    funding_text: str = "Support the show"
    medium: str = "podcast"
    private: bool = False
    # The outro says that a synthetic voice read the episode.
    spoken_disclosure: bool = True


@dataclass(frozen=True)
class VoiceConfig:
    """Which engine speaks, and which one takes over when it fails ("" for none).

    ``sections`` holds each engine's own table (``[voice.gtts]``, ``[voice.piper]``, ...) as
    written, by engine name. This module does not know the engines: each engine turns its table
    into its own settings and checks them (see :mod:`briefcast.voices`), so adding an engine
    never touches the core configuration.
    """

    engine: str = "gtts"
    fallback: str = "piper"
    # Processes that voice sentences in parallel (CPU-bound engines: Piper); 0 means one per
    # core, 1 voices in the build's own process.
    workers: int = 0
    sections: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)


@dataclass(frozen=True)
class CacheConfig:
    """The cache of synthesized sentences; an empty ``dir`` means the user's XDG cache folder."""

    enabled: bool = True
    dir: str = ""
    max_size_mb: int = 2048


@dataclass(frozen=True)
class AudioConfig:
    """Encoding and pacing of the episode audio."""

    # The audio files of every episode, by format name: the first is the feed's enclosure,
    # the others are offered beside it (podcast:alternateEnclosure).
    formats: tuple[str, ...] = ("mp3",)
    bitrate_kbps: int = 64
    sample_rate: int = 44100
    channels: int = 1
    sentence_pause_ms: int = 250
    paragraph_pause_ms: int = 600
    section_pause_ms: int = 1200
    loudness_lufs: float = -16.0
    true_peak_dbtp: float = -1.0
    # Music, each an audio file path ("" for none): played before the spoken intro, after the
    # spoken outro, and under both (the bed), all matched in loudness to the voice.
    intro: str = ""
    outro: str = ""
    bed: str = ""
    # Bed level relative to the voice's loudness: alone, and ducked while the voice speaks.
    bed_level_db: float = -6.0
    bed_duck_db: float = -24.0
    # How long the bed plays alone before the intro voice and after the outro voice.
    bed_lead_ms: int = 3000
    # The longest episode a build makes (estimated before any voicing, enforced while writing).
    max_minutes: float = 180.0

    @property
    def music_files(self) -> dict[str, str]:
        """The configured music files by setting name (only those that are set)."""
        return {
            name: value
            for name, value in (("intro", self.intro), ("outro", self.outro), ("bed", self.bed))
            if value
        }


@dataclass(frozen=True)
class ReadConfig:
    """Reading articles: limits of URL fetching, the article language, the closing credits.

    ``language`` forces the articles' language (a tag such as "en" or "fr"); empty means from
    the article's metadata, else detected. ``credits`` is "outro" to read the closing
    contributor note ("X contributed reporting") in the outro, or "drop" to leave it out.
    ``tables`` is "read" to read a web page's data tables row by row with their headers, or
    "skip" to announce them and go on (layout tables are read as text either way).
    """

    timeout: float = 10.0
    max_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 5
    language: str = ""
    credits: str = "outro"
    tables: str = "read"
    # The longest article a build reads aloud, in words (checked before any voicing).
    max_words: int = 30_000


@dataclass(frozen=True)
class PublishConfig:
    """Where ``briefcast publish`` copies the output folder, and how objects are cached.

    ``target`` is a folder path or ``s3://bucket/prefix`` ("" means ``--to`` is required).
    ``endpoint_url`` and ``region`` are for S3-compatible storage (empty: the usual AWS
    settings decide). Cache lifetimes are in seconds: short for the feed and page, long for
    audio, transcripts, chapters and artwork.
    """

    target: str = ""
    endpoint_url: str = ""
    region: str = ""
    feed_max_age: int = 300
    media_max_age: int = 86400
    connect_timeout: float = 5.0
    read_timeout: float = 60.0
    attempts: int = 3


@dataclass(frozen=True)
class SpeechConfig:
    """How text is read: acronyms to read as words or letter by letter, beyond the built-in
    lists (a producer's entry wins over a built-in one)."""

    acronym_words: tuple[str, ...] = ()
    acronym_letters: tuple[str, ...] = ()


@dataclass(frozen=True)
class Pronunciation:
    """One lexicon entry: how to ``say`` a ``written`` word or phrase, and optionally its
    ``ipa`` phonemes (for an engine that takes phonemes: Piper)."""

    written: str
    say: str
    ipa: str = ""


@dataclass(frozen=True)
class QueueConfig:
    """The job queue (Redis, through RQ) that spreads builds over workers and machines.

    ``broker`` is a ``redis://`` URL ("" for none). A job whose worker stops sending heartbeats
    for ``dead_after`` seconds is run again by another worker, at most ``retries`` times;
    workers look for such jobs every ``check_interval`` seconds and send a heartbeat every
    ``heartbeat`` seconds. ``lock_timeout`` bounds how long a dead worker can hold a show's lock.
    """

    broker: str = ""
    name: str = "briefcast"
    heartbeat: float = 15.0
    dead_after: float = 60.0
    check_interval: float = 30.0
    retries: int = 3
    lock_timeout: float = 120.0
    job_timeout: float = 3600.0


@dataclass(frozen=True)
class Config:
    """The whole configuration of one show; ``output`` is an absolute path."""

    show: ShowConfig = field(default_factory=ShowConfig)
    voice: VoiceConfig = field(default_factory=VoiceConfig)
    audio: AudioConfig = field(default_factory=AudioConfig)
    cache: CacheConfig = field(default_factory=CacheConfig)
    read: ReadConfig = field(default_factory=ReadConfig)
    publish: PublishConfig = field(default_factory=PublishConfig)
    speech: SpeechConfig = field(default_factory=SpeechConfig)
    # The pronunciation lexicon: [pronunciations] of briefcast.toml over pronunciations.toml.
    pronunciations: tuple[Pronunciation, ...] = ()
    queue: QueueConfig = field(default_factory=QueueConfig)
    output: Path = field(default_factory=lambda: Path("feed").resolve())
    source: Path | None = None

    @property
    def feed_url(self) -> str:
        """The public address of ``feed.xml``."""
        return self.show.base_url.rstrip("/") + "/feed.xml"


# Environment variables and the dotted config keys they set.
ENV_KEYS: Mapping[str, str] = {
    "BRIEFCAST_ENGINE": "voice.engine",
    "BRIEFCAST_FALLBACK": "voice.fallback",
    "BRIEFCAST_OUT": "output",
    "BRIEFCAST_BASE_URL": "show.base_url",
    "BRIEFCAST_CACHE_DIR": "cache.dir",
    "BRIEFCAST_PUBLISH_TARGET": "publish.target",
    "BRIEFCAST_BROKER": "queue.broker",
}


def _coerce(value: Any, target: Any, key: str) -> Any:
    """Check ``value`` against the type of the default ``target`` (int widens to float)."""
    if isinstance(target, bool):
        if isinstance(value, str) and value.lower() in ("true", "false", "yes", "no"):
            return value.lower() in ("true", "yes")
        if not isinstance(value, bool):
            raise ConfigError(f"{key} must be true or false, not {value!r}")
        return value
    if isinstance(target, float):
        if isinstance(value, str):
            try:
                return float(value)
            except ValueError:
                pass
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ConfigError(f"{key} must be a number, not {value!r}")
        return float(value)
    if isinstance(target, int):
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            return int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"{key} must be a whole number, not {value!r}")
        return value
    if isinstance(target, tuple):
        if isinstance(value, str):
            value = [part.strip() for part in value.split(",") if part.strip()]
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{key} must be a list of strings, not {value!r}")
        return tuple(value)
    if isinstance(target, str):
        if not isinstance(value, str):
            raise ConfigError(f"{key} must be a string, not {value!r}")
        return value
    if isinstance(target, tuple):
        if isinstance(value, str):
            value = [v.strip() for v in value.split(",") if v.strip()]
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{key} must be a list of strings, not {value!r}")
        return tuple(value)
    if isinstance(target, Mapping):
        if not isinstance(value, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()
        ):
            raise ConfigError(f"{key} must be a table of strings, not {value!r}")
        return dict(value)
    raise ConfigError(f"{key} cannot be set")  # pragma: no cover - guarded by callers


def _merge(obj: Any, data: Mapping[str, Any], prefix: str) -> Any:
    """Return ``obj`` (a config dataclass) updated from a nested mapping, validating keys."""
    known = {f.name: f for f in fields(obj)}
    changes: dict[str, Any] = {}
    for key, value in data.items():
        name = key.replace("-", "_")
        dotted = f"{prefix}{key}"
        if isinstance(obj, VoiceConfig) and name not in known:
            # An engine's own table: kept as written, read and checked by the engine.
            if not isinstance(value, Mapping):
                raise ConfigError(f"unknown setting {dotted!r} in the configuration")
            sections = dict(changes.get("sections", obj.sections))
            sections[key] = {**sections.get(key, {}), **value}
            changes["sections"] = sections
            continue
        if name not in known or name in ("source", "sections", "pronunciations"):
            raise ConfigError(f"unknown setting {dotted!r} in the configuration")
        current = getattr(obj, name)
        if dataclasses.is_dataclass(current):
            if not isinstance(value, Mapping):
                raise ConfigError(f"{dotted} must be a table of settings")
            changes[name] = _merge(current, value, dotted + ".")
        elif isinstance(current, Path):
            if not isinstance(value, str | Path):
                raise ConfigError(f"{dotted} must be a path")
            changes[name] = Path(value)
        else:
            changes[name] = _coerce(value, current, dotted)
    return replace(obj, **changes)


def settings_from(cls: type[T], data: Mapping[str, Any], prefix: str) -> T:
    """An instance of the settings dataclass ``cls`` (its defaults) updated from ``data``.

    Types are checked as for the core settings; ``prefix`` names the table in errors
    (``"voice.gtts."``). Extension points (voice engines) read their own table with this.
    """
    return cast(T, _merge(cls(), data, prefix))


def _nest(dotted: Mapping[str, Any]) -> dict[str, Any]:
    """Turn ``{"voice.engine": x}`` into ``{"voice": {"engine": x}}``."""
    out: dict[str, Any] = {}
    for key, value in dotted.items():
        if value is None:
            continue
        node = out
        *parents, leaf = key.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value
    return out


def _entries(table: Any, where: str) -> dict[str, Pronunciation]:
    """The entries of a ``[pronunciations]`` table: "word" = "respelling" or
    "word" = { say = "...", ipa = "..." } (``say`` defaults to the word itself)."""
    if not isinstance(table, Mapping):
        raise ConfigError(f'{where} must be a table of "word" = "respelling" entries')
    out: dict[str, Pronunciation] = {}
    for written, value in table.items():
        word = " ".join(str(written).split())
        if isinstance(value, str):
            say, ipa = value, ""
        elif (
            isinstance(value, Mapping)
            and set(value) <= {"say", "ipa"}
            and value
            and all(isinstance(v, str) for v in value.values())
        ):
            say, ipa = str(value.get("say") or word), str(value.get("ipa", ""))
        else:
            raise ConfigError(
                f"{where}: the entry {written!r} must be a respelling "
                f'("Keev") or a table {{ say = "Keev", ipa = "kɪjiv" }}'
            )
        if not word or not say.strip():
            raise ConfigError(f"{where}: the entry {written!r} needs a word and a respelling")
        if "[[" in ipa or "]]" in ipa:
            raise ConfigError(
                f"{where}: the ipa of {written!r} must be phonemes only, without [[ ]]"
            )
        out[word] = Pronunciation(word, " ".join(say.split()), ipa.strip())
    return out


def _lexicon(beside: Path, table: Any, where: str) -> tuple[Pronunciation, ...]:
    """The lexicon: ``pronunciations.toml`` (when present), overridden by ``table``."""
    entries: dict[str, Pronunciation] = {}
    if beside.is_file():
        try:
            data = tomllib.loads(beside.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{beside} is not valid TOML: {exc}") from exc
        entries.update(_entries(data.get("pronunciations", data), str(beside)))
    if table:
        entries.update(_entries(table, where))
    return tuple(entries.values())


def _validate(cfg: Config) -> Config:
    """Check the values that types alone cannot, once.

    Engine names and the engines' own settings are checked by the voices
    (:func:`briefcast.voices.check_config`), which this module never imports.
    """
    if not cfg.show.base_url.startswith(("http://", "https://")):
        raise ConfigError(
            f"show.base_url must start with http:// or https://: {cfg.show.base_url!r}"
        )
    _validate_show(cfg.show)
    a = cfg.audio
    if not 8 <= a.bitrate_kbps <= 320:
        raise ConfigError(f"audio.bitrate_kbps must be between 8 and 320, not {a.bitrate_kbps}")
    if a.sample_rate not in (22050, 24000, 32000, 44100, 48000):
        raise ConfigError(f"audio.sample_rate {a.sample_rate} is not an MP3 rate for podcasts")
    if a.channels not in (1, 2):
        raise ConfigError("audio.channels must be 1 (mono) or 2 (stereo)")
    for name in ("sentence_pause_ms", "paragraph_pause_ms", "section_pause_ms"):
        if not 0 <= getattr(a, name) <= 10_000:
            raise ConfigError(f"audio.{name} must be between 0 and 10000")
    if not -40 <= a.loudness_lufs <= -5:
        raise ConfigError("audio.loudness_lufs must be between -40 and -5")
    if not -9 <= a.true_peak_dbtp <= 0:
        raise ConfigError("audio.true_peak_dbtp must be between -9 and 0")
    if not -40 <= a.bed_level_db <= 0 or not -60 <= a.bed_duck_db <= 0:
        raise ConfigError(
            "audio.bed_level_db must be between -40 and 0, and audio.bed_duck_db "
            "between -60 and 0 (decibels relative to the voice)"
        )
    if not 0 <= a.bed_lead_ms <= 30_000:
        raise ConfigError("audio.bed_lead_ms must be between 0 and 30000")
    if not 0 <= cfg.voice.workers <= 256:
        raise ConfigError("voice.workers must be between 0 (one per core) and 256")
    q = cfg.queue
    if q.broker and not q.broker.startswith(("redis://", "rediss://", "unix://")):
        raise ConfigError(
            f"queue.broker must be a redis://, rediss:// or unix:// URL: {q.broker!r}"
        )
    if not q.name or not q.name.replace("-", "").replace("_", "").isalnum():
        raise ConfigError("queue.name must be letters, digits, - or _")
    if not 0.5 <= q.heartbeat <= 600 or not q.heartbeat < q.dead_after <= 3600:
        raise ConfigError(
            "queue.heartbeat must be between 0.5 and 600 seconds, and "
            "queue.dead_after longer than it (at most 3600)"
        )
    if not 0.5 <= q.check_interval <= 3600:
        raise ConfigError("queue.check_interval must be between 0.5 and 3600 seconds")
    if not 0 <= q.retries <= 20:
        raise ConfigError("queue.retries must be between 0 and 20")
    if not 5 <= q.lock_timeout <= 3600 or not 10 <= q.job_timeout <= 86400:
        raise ConfigError(
            "queue.lock_timeout must be between 5 and 3600 seconds, and "
            "queue.job_timeout between 10 and 86400"
        )
    if not 1 <= a.max_minutes <= 1440:
        raise ConfigError("audio.max_minutes must be between 1 and 1440")
    if cfg.cache.max_size_mb < 0:
        raise ConfigError("cache.max_size_mb must be 0 (no limit) or more")
    r = cfg.read
    if r.credits not in ("outro", "drop"):
        raise ConfigError(f'read.credits must be "outro" or "drop", not {r.credits!r}')
    if r.tables not in ("read", "skip"):
        raise ConfigError(f'read.tables must be "read" or "skip", not {r.tables!r}')
    if not 0 < r.timeout <= 600:
        raise ConfigError("read.timeout must be between 0 and 600 seconds")
    if not 1024 <= r.max_bytes <= 200 * 1024 * 1024:
        raise ConfigError("read.max_bytes must be between 1024 and 209715200")
    if not 0 <= r.max_redirects <= 30:
        raise ConfigError("read.max_redirects must be between 0 and 30")
    if not 100 <= r.max_words <= 2_000_000:
        raise ConfigError("read.max_words must be between 100 and 2000000")
    pub = cfg.publish
    if pub.endpoint_url and not pub.endpoint_url.startswith(("http://", "https://")):
        raise ConfigError(
            f"publish.endpoint_url must start with http:// or https://: {pub.endpoint_url!r}"
        )
    for name in ("feed_max_age", "media_max_age"):
        if not 0 <= getattr(pub, name) <= 31_536_000:
            raise ConfigError(f"publish.{name} must be between 0 and 31536000 seconds")
    for name in ("connect_timeout", "read_timeout"):
        if not 0.5 <= getattr(pub, name) <= 600:
            raise ConfigError(f"publish.{name} must be between 0.5 and 600 seconds")
    if not 1 <= pub.attempts <= 10:
        raise ConfigError("publish.attempts must be between 1 and 10")
    return cfg


def _validate_show(show: ShowConfig) -> None:
    """Check the show settings that podcast directories would reject."""
    problem = category_problem(show.category, show.subcategory)
    if problem:
        raise ConfigError(f"show.category/subcategory: {problem}")
    if show.type not in SHOW_TYPES:
        raise ConfigError(f"show.type must be one of {', '.join(SHOW_TYPES)}, not {show.type!r}")
    size = len(show.description.encode("utf-8"))
    if size > MAX_DESCRIPTION_BYTES:
        raise ConfigError(
            f"show.description is {size} bytes; Apple allows at most "
            f"{MAX_DESCRIPTION_BYTES}: shorten it"
        )
    if not show.title.strip():
        raise ConfigError("show.title must not be empty")
    if show.link and not show.link.startswith(("http://", "https://")):
        raise ConfigError(f"show.link must start with http:// or https://: {show.link!r}")
    if show.max_episodes < 0:
        raise ConfigError("show.max_episodes must be 0 (no limit) or more")
    if show.season < 0:
        raise ConfigError("show.season must be 0 (no seasons) or more")
    if show.funding_url and not show.funding_url.startswith(("http://", "https://")):
        raise ConfigError(
            f"show.funding_url must start with http:// or https://: {show.funding_url!r}"
        )
    if len(show.funding_text) > 128:
        raise ConfigError("show.funding_text must be at most 128 characters (podcast:funding)")
    if show.medium not in MEDIUMS:
        raise ConfigError(f"show.medium must be one of {', '.join(MEDIUMS)}, not {show.medium!r}")


def load_config(
    path: Path | None = None,
    overrides: Mapping[str, Any] | None = None,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> Config:
    """Load the configuration.

    ``path`` is an explicit config file; without it ``briefcast.toml`` in ``cwd`` is used when
    present, else the defaults. ``overrides`` maps dotted keys (``"voice.engine"``) to CLI
    values; ``None`` values are ignored. Relative paths in the file are resolved against the
    file's folder, relative paths from flags against ``cwd``.
    """
    cwd = (cwd or Path.cwd()).resolve()
    env = os.environ if env is None else env
    cfg = Config(output=cwd / "feed")
    base = cwd
    if path is None and (cwd / CONFIG_NAME).is_file():
        path = cwd / CONFIG_NAME
    if path is not None:
        path = Path(path)
        if not path.is_file():
            raise ConfigError(f"config file not found: {path}")
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path} is not valid TOML: {exc}") from exc
        base = path.resolve().parent
        entries = data.pop("pronunciations", {})
        cfg = _merge(cfg, data, "")
        cfg = replace(
            cfg,
            pronunciations=_lexicon(
                base / PRONUNCIATIONS_NAME, entries, f"{path.name} [pronunciations]"
            ),
        )
        cfg = replace(cfg, source=path.resolve())
        if "output" in data:
            cfg = replace(cfg, output=base / cfg.output)
    else:
        cfg = replace(cfg, pronunciations=_lexicon(cwd / PRONUNCIATIONS_NAME, {}, ""))
    env_values = {key: env[var] for var, key in ENV_KEYS.items() if env.get(var)}
    if env_values:
        cfg = _merge(cfg, _nest(env_values), "")
    if overrides:
        cfg = _merge(cfg, _nest(overrides), "")
    _refuse_nul(asdict(cfg))
    out = cfg.output if cfg.output.is_absolute() else cwd / cfg.output
    image = cfg.show.image
    if image and not image.startswith(("http://", "https://")) and not Path(image).is_absolute():
        image = str(base / image)
    show = replace(cfg.show, base_url=cfg.show.base_url.rstrip("/") + "/", image=image)
    cache = cfg.cache
    if cache.dir and not Path(cache.dir).expanduser().is_absolute():
        cache = replace(cache, dir=str(base / cache.dir))
    # Music files named in the file are relative to it (like the image).
    music: dict[str, Any] = {
        name: str(base / value)
        for name, value in cfg.audio.music_files.items()
        if not Path(value).expanduser().is_absolute()
    }
    audio = replace(cfg.audio, **music)
    # Configuration values reach the feed and the page: they enter XML-safe.
    cfg = textsafe.safe_value(
        replace(cfg, output=out.resolve(), show=show, cache=cache, audio=audio)
    )
    return _validate(cfg)


def _refuse_nul(value: object, where: str = "") -> None:
    """A NUL character in any setting is an error (no path, URL or title can hold one)."""
    if isinstance(value, str | Path):
        if "\0" in str(value):
            raise ConfigError(f"{where or 'a setting'} holds a NUL character (\\u0000)")
    elif isinstance(value, dict):
        for key, item in value.items():
            _refuse_nul(item, f"{where}.{key}" if where else str(key))
    elif isinstance(value, list | tuple):
        for item in value:
            _refuse_nul(item, where)


CONFIG_TEMPLATE = """\
# briefcast.toml: the settings of one show. Every key is optional; the values shown are the
# defaults. Environment variables BRIEFCAST_ENGINE, BRIEFCAST_FALLBACK, BRIEFCAST_OUT,
# BRIEFCAST_BASE_URL and BRIEFCAST_CACHE_DIR override this file, and command-line flags override
# both.

# Folder the episodes, feed.xml and artwork are written to (relative to this file).
output = "feed"

[show]
title = "{title}"
description = "News articles, read aloud."
author = "Briefcast"
# The owner's address, shown to podcast directories (not to listeners).
email = "podcast@example.com"
# ISO 639 language code of the show, e.g. "en", "en-gb", "fr".
language = "en"
# Apple Podcasts category and subcategory.
category = "News"
subcategory = "Daily News"
explicit = false
# Public address the output folder is served from: enclosure URLs are built from it.
base_url = "http://localhost:8000/"
# Cover art: a square RGB JPEG or PNG, 1400 to 3000 px (a path or URL). Empty: briefcast
# generates cover.png (3000 px, the show title on a plain colour).
image = ""
# Empty: "© <author>".
copyright = ""
# Owner's name shown to directories (empty: the author) and the show's website (empty: base_url).
owner = ""
link = ""
# "episodic" (newest first) or "serial" (listened to in order).
type = "episodic"
# podcast:locked: ask other platforms not to import the feed without the owner's e-mail.
locked = true
# Episodes listed in feed.xml, newest first; older ones stay stored. 0: no limit.
max_episodes = 100
# Season given to newly built episodes (0: no seasons), and whether to number episodes
# (1 = the oldest of each season) with itunes:episode and podcast:episode.
season = 0
number_episodes = false
# podcast:funding: where listeners can support the show ("" for none), and the link's text.
funding_url = ""
funding_text = "Support the show"
# podcast:medium: "podcast", "audiobook", "newsletter", "blog", ...
medium = "podcast"
# A private show (for paying subscribers): the feed asks directories not to list it
# (itunes:block, podcast:block), pages say noindex, and feed and audio live under a secret
# token path; `briefcast token` shows the subscribe URL, `briefcast token --rotate` changes it.
private = false
# The outro ends by saying that a synthetic voice read the episode (the feed's
# podcast:txt purpose="ai-content" and the show notes say so whatever this is).
spoken_disclosure = true

[voice]
# "gtts" (Google Translate voice, needs the network) or "piper" (offline neural voice).
engine = "gtts"
# Engine that re-voices the whole episode when the first one fails; "" to fail instead.
fallback = "piper"
# Processes voicing sentences in parallel (Piper); 0: one per core, 1: no extra process.
workers = 0

{voice_sections}[audio]
# Audio files of each episode: "mp3", "m4a" (AAC) and/or "opus" (half the bitrate). The first
# is the feed's enclosure; the others are offered beside it to apps that prefer them
# (podcast:alternateEnclosure). Keep "mp3" or "m4a" first: Apple Podcasts plays no Opus.
formats = ["mp3"]
# Constant bitrate in kbit/s (Apple recommends 64 to 128 for spoken word).
bitrate_kbps = 64
sample_rate = 44100
# 1 for mono, 2 for stereo.
channels = 1
# Pauses inserted between sentences, paragraphs and sections, in milliseconds.
sentence_pause_ms = 250
paragraph_pause_ms = 600
section_pause_ms = 1200
# Loudness target (integrated LUFS) and true-peak ceiling (dBTP) of every episode.
loudness_lufs = -16.0
true_peak_dbtp = -1.0
# Optional music (paths relative to this file; any format ffmpeg reads; "" for none): a jingle
# or stinger before the spoken intro, one after the spoken outro, and a bed under the intro
# and outro, looped as needed. All are matched in loudness to the voice.
intro = ""
outro = ""
bed = ""
# Bed level relative to the voice, in dB: alone, and ducked while the voice speaks.
bed_level_db = -6.0
bed_duck_db = -24.0
# How long the bed plays alone before the intro voice and after the outro voice (ms).
bed_lead_ms = 3000
# The longest episode a build makes, in minutes: a longer script is refused before voicing.
max_minutes = 180

[queue]
# Redis for "briefcast worker" and "briefcast submit" (or BRIEFCAST_BROKER), e.g.
# "redis://127.0.0.1:6379/0". With a broker, gTTS's pace holds for all workers together.
broker = ""
# A job whose worker is silent for dead_after seconds is run again (at most retries times).
dead_after = 60.0
check_interval = 30.0

[cache]
# Voiced sentences are kept so that rebuilding an article costs no request and no synthesis.
enabled = true
# Folder of the cache; empty: $XDG_CACHE_HOME/briefcast (usually ~/.cache/briefcast).
dir = ""
# The least recently used sentences are dropped beyond this size; 0 for no limit.
max_size_mb = 2048
[read]
# Fetching article URLs: seconds to wait, largest page in bytes, redirects to follow.
timeout = 10.0
max_bytes = 5242880
max_redirects = 5
# The longest article read aloud, in words: a longer one is refused before any voicing.
max_words = 30000
# Language of the articles ("en", "fr", ...): empty means from the article's metadata, else
# detected. It picks the gTTS language; the offline voice refuses a language it cannot speak.
language = ""
# The closing contributor note ("X contributed reporting from Kyiv"): "outro" reads it in the
# outro, "drop" leaves it out.
credits = "outro"
# Data tables of web pages (standings, results): "read" reads them row by row with their
# headers, "skip" announces them and goes on. Layout tables are read as text either way.
tables = "read"

[speech]
# Acronyms to read as words ("NASA" is "Nasa") or letter by letter ("WHO" is "W H O"), added
# to the built-in lists; an acronym in neither is left to the voice.
acronym_words = []
acronym_letters = []

# How to say names the rules cannot guess, applied to whole words after normalisation. A
# respelling is heard by every engine; "ipa" phonemes are spoken by Piper instead. An entry in
# lower case matches any case; one with capitals matches that case only. More entries can go
# in pronunciations.toml beside this file (entries here win).
[pronunciations]
# "Zelenskyy" = "Zeh-LEN-skee"
# "Kyiv" = { say = "Keev", ipa = "kˈiːv" }

[publish]
# Where `briefcast publish` copies the output folder: a folder (a web server's document root,
# a mounted share) or "s3://bucket/prefix" for S3-compatible storage (needs the s3 extra).
# A relative folder is relative to this file. Empty: give it with --to.
# BRIEFCAST_PUBLISH_TARGET overrides this.
target = ""
# S3-compatible storage other than AWS (MinIO, Cloudflare R2, Backblaze B2, ...). Empty: the
# usual AWS settings decide (AWS_ENDPOINT_URL, AWS_REGION, AWS_PROFILE, ~/.aws/config).
# Credentials always come from the usual AWS settings, never from this file.
endpoint_url = ""
region = ""
# Cache-Control max-age, in seconds, of the feed and page (short, so new episodes show up)
# and of audio, transcripts, chapters and artwork (long).
feed_max_age = 300
media_max_age = 86400
# Seconds to wait for a connection and for each reply, and attempts per request before
# giving up: an unreachable endpoint fails in seconds instead of hanging.
connect_timeout = 5.0
read_timeout = 60.0
attempts = 3
"""


def render_template(title: str = "Briefcast", voice_sections: Sequence[str] = ()) -> str:
    """The commented ``briefcast.toml`` written by ``briefcast init``.

    ``voice_sections`` are the engines' own commented tables (each engine writes its part),
    placed after ``[voice]``.
    """
    safe = title.replace("\\", "\\\\").replace('"', '\\"')
    sections = "".join(section.rstrip("\n") + "\n\n" for section in voice_sections)
    return CONFIG_TEMPLATE.replace("{title}", safe).replace("{voice_sections}", sections)
