"""The settings' schema: one frozen dataclass per section of ``briefcast.toml``, each with its
defaults (the field defaults) and its own checks (``check()``), and :class:`Config`, the whole.

Extension points keep their own settings, as beets' plugins keep their config views: each voice
engine reads its ``[voice.NAME]`` table, each reader its ``[read.NAME]`` table and each publish
target its ``[publish.NAME]`` table into its own dataclass, with its own defaults and checks.
This module keeps those tables as written (``sections``) and knows no engine, reader or target.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..standards import MAX_DESCRIPTION_BYTES, MEDIUMS, SHOW_TYPES, category_problem

CONFIG_NAME = "briefcast.toml"
# An optional lexicon file beside the config file (or in the working folder without one).
PRONUNCIATIONS_NAME = "pronunciations.toml"


@dataclass(frozen=True)
class NoSettings:
    """The settings of a plug-in (an engine, a reader, a target) that has none."""


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
    # The zone of times given without one (--publish-at, --pub-date, --date): an IANA name.
    timezone: str = "UTC"

    def check(self) -> None:
        """Check the show settings that podcast directories would reject."""
        web_address("show", "base_url", self.base_url, required=True)
        problem = category_problem(self.category, self.subcategory)
        if problem:
            raise ConfigError(f"show.category/subcategory: {problem}")
        one_of("show", "type", self.type, SHOW_TYPES)
        size = len(self.description.encode("utf-8"))
        if size > MAX_DESCRIPTION_BYTES:
            raise ConfigError(
                f"show.description is {size} bytes; Apple allows at most "
                f"{MAX_DESCRIPTION_BYTES}: shorten it"
            )
        if not self.title.strip():
            raise ConfigError("show.title must not be empty")
        web_address("show", "link", self.link)
        if self.max_episodes < 0:
            raise ConfigError("show.max_episodes must be 0 (no limit) or more")
        if self.season < 0:
            raise ConfigError("show.season must be 0 (no seasons) or more")
        web_address("show", "funding_url", self.funding_url)
        if len(self.funding_text) > 128:
            raise ConfigError("show.funding_text must be at most 128 characters (podcast:funding)")
        one_of("show", "medium", self.medium, MEDIUMS)
        if zone_problem(self.timezone):
            raise ConfigError(f"show.timezone: {zone_problem(self.timezone)}")


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
    # Where `briefcast voices add` finds voices: Piper's voices.json, or a mirror of it (a URL
    # or a local path); "" for Piper's own on Hugging Face.
    catalogue_url: str = ""
    # Two anchors (or more) for a briefing, each "engine" or "engine:voice" ("kokoro:af_heart",
    # "piper:joe", "gtts:co.uk"), and their names: stories alternate between them.
    anchors: tuple[str, ...] = ()
    anchor_names: tuple[str, ...] = ()
    sections: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def check(self) -> None:
        """Check the core voice settings (each engine checks its own table)."""
        within("voice", "workers", self.workers, 0, 256, " (0: one per core)")


@dataclass(frozen=True)
class CacheConfig:
    """The cache of synthesized sentences; an empty ``dir`` means the user's XDG cache folder."""

    enabled: bool = True
    dir: str = ""
    max_size_mb: int = 2048

    def check(self) -> None:
        """Check the cache's size limit."""
        if self.max_size_mb < 0:
            raise ConfigError("cache.max_size_mb must be 0 (no limit) or more")


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

    def check(self) -> None:
        """Check the encoding and pacing settings (each format checks its own name)."""
        within("audio", "bitrate_kbps", self.bitrate_kbps, 8, 320)
        if self.sample_rate not in (22050, 24000, 32000, 44100, 48000):
            raise ConfigError(
                f"audio.sample_rate {self.sample_rate} is not an MP3 rate for podcasts"
            )
        if self.channels not in (1, 2):
            raise ConfigError("audio.channels must be 1 (mono) or 2 (stereo)")
        for name in ("sentence_pause_ms", "paragraph_pause_ms", "section_pause_ms"):
            within("audio", name, getattr(self, name), 0, 10_000)
        within("audio", "loudness_lufs", self.loudness_lufs, -40, -5)
        within("audio", "true_peak_dbtp", self.true_peak_dbtp, -9, 0)
        within("audio", "bed_level_db", self.bed_level_db, -40, 0, " dB relative to the voice")
        within("audio", "bed_duck_db", self.bed_duck_db, -60, 0, " dB relative to the voice")
        within("audio", "bed_lead_ms", self.bed_lead_ms, 0, 30_000)
        within("audio", "max_minutes", self.max_minutes, 1, 1440)


@dataclass(frozen=True)
class ReadConfig:
    """Reading articles: limits of URL fetching, the article language, the closing credits.

    ``language`` forces the articles' language (a tag such as "en" or "fr"); empty means from
    the article's metadata, else detected. ``credits`` is "outro" to read the closing
    contributor note ("X contributed reporting") in the outro, or "drop" to leave it out.
    Each reader's own settings are in ``sections`` (``[read.html]``), read and checked by the
    reader; ``loose`` holds the keys of ``[read]`` that no setting here names, for the readers
    that take them (older files wrote ``read.tables``, now the HTML reader's).
    """

    timeout: float = 10.0
    max_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 5
    language: str = ""
    credits: str = "outro"
    # The longest article a build reads aloud, in words (checked before any voicing).
    max_words: int = 30_000
    sections: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    loose: Mapping[str, Any] = field(default_factory=dict)

    def check(self) -> None:
        """Check the reading limits and choices."""
        one_of("read", "credits", self.credits, ("outro", "drop"))
        if self.timeout == 0:
            raise ConfigError("read.timeout must be more than 0 seconds")
        within("read", "timeout", self.timeout, 0, 600, " seconds")
        within("read", "max_bytes", self.max_bytes, 1024, 200 * 1024 * 1024)
        within("read", "max_redirects", self.max_redirects, 0, 30)
        within("read", "max_words", self.max_words, 100, 2_000_000)


@dataclass(frozen=True)
class PublishConfig:
    """Where ``briefcast publish`` copies the output folder, and how objects are cached.

    ``target`` is the address of a publish target: a folder path, or a scheme of the targets'
    registry (``s3://bucket/prefix``); "" means ``--to`` is required. Cache lifetimes are in
    seconds: short for the feed and page, long for audio, transcripts, chapters and artwork.
    Each target's own settings are in ``sections`` (``[publish.s3]``), read and checked by the
    target; ``loose`` holds the keys of ``[publish]`` that no setting here names, for the
    targets that take them (older files wrote S3's ``endpoint_url`` there).
    """

    target: str = ""
    feed_max_age: int = 300
    media_max_age: int = 86400
    sections: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)
    loose: Mapping[str, Any] = field(default_factory=dict)

    def check(self) -> None:
        """Check the cache lifetimes (each target checks its own table)."""
        for name in ("feed_max_age", "media_max_age"):
            within("publish", name, getattr(self, name), 0, 31_536_000, " seconds")


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

    def check(self) -> None:
        """Check the broker address, the queue's name and its timings."""
        if self.broker and not self.broker.startswith(("redis://", "rediss://", "unix://")):
            raise ConfigError(
                # The scheme only: the URL may hold a password.
                "queue.broker must be a redis://, rediss:// or unix:// URL, not "
                f"{self.broker.split('://', 1)[0].split('@')[-1][:20]!r}://..."
            )
        if not self.name or not self.name.replace("-", "").replace("_", "").isalnum():
            raise ConfigError("queue.name must be letters, digits, - or _")
        if not 0.5 <= self.heartbeat <= 600 or not self.heartbeat < self.dead_after <= 3600:
            raise ConfigError(
                "queue.heartbeat must be between 0.5 and 600 seconds, and "
                "queue.dead_after longer than it (at most 3600)"
            )
        within("queue", "check_interval", self.check_interval, 0.5, 3600, " seconds")
        within("queue", "retries", self.retries, 0, 20)
        if not 5 <= self.lock_timeout <= 3600 or not 10 <= self.job_timeout <= 86400:
            raise ConfigError(
                "queue.lock_timeout must be between 5 and 3600 seconds, and "
                "queue.job_timeout between 10 and 86400"
            )


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

    def check(self) -> Config:
        """Check every section once (each section checks its own values); ``self``."""
        for section in (
            self.show,
            self.voice,
            self.audio,
            self.cache,
            self.read,
            self.publish,
            self.queue,
        ):
            section.check()
        return self


def within(section: str, name: str, value: float, low: float, high: float, unit: str = "") -> None:
    """Refuse the setting ``section.name`` unless ``low <= value <= high``: one message for
    every range check of the core and of the plug-ins (``unit`` follows the bounds)."""
    if not low <= value <= high:
        raise ConfigError(f"{section}.{name} must be between {low} and {high}{unit}, not {value}")


def one_of(section: str, name: str, value: str, choices: Sequence[str]) -> None:
    """Refuse the setting ``section.name`` unless ``value`` is one of ``choices``."""
    if value not in choices:
        raise ConfigError(f"{section}.{name} must be one of {', '.join(choices)}, not {value!r}")


def web_address(section: str, name: str, value: str, *, required: bool = False) -> None:
    """Refuse the setting ``section.name`` unless it is an http(s) address (or, when not
    ``required``, empty)."""
    if (value or required) and not value.startswith(("http://", "https://")):
        raise ConfigError(f"{section}.{name} must start with http:// or https://: {value!r}")


def zone_problem(name: str) -> str:
    """Why ``name`` is no time zone this system knows ("" when it is one)."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return f"{name!r} is not a time zone name such as 'UTC' or 'Europe/London'"
    return ""


def parse_time(value: str, zone: str, what: str) -> datetime:
    """A date or date-time as a producer writes it ("2026-12-07", "2026-12-07 06:00",
    "2026-12-07T06:00+01:00"), aware; a time without a zone is in ``zone`` (``show.timezone``).

    Raises :class:`ConfigError` naming ``what`` (the flag or field) when it is no such time.
    """
    from zoneinfo import ZoneInfo

    text = " ".join(str(value).split())
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise ConfigError(
            f"{what}: {value!r} is not a date or time; write it as 2026-12-07, "
            f'"2026-12-07 06:00" or 2026-12-07T06:00+01:00'
        ) from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=ZoneInfo(zone))
    return when.replace(microsecond=0)
