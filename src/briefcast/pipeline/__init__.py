"""The orchestrator: runs the stages in order, like pelican's ``run()``.

read -> script -> voice and assemble -> encode and tag -> store -> feed. Stages never call each
other sideways; everything that touches the clock, the disk or the network starts here.
"""

from __future__ import annotations

import hashlib
import logging
import re
import shutil
import stat
import tempfile
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any, BinaryIO

from .. import config, textsafe, timing, voices
from ..audio import assemble, formats, tags
from ..audio.media import trim_pcm
from ..config import Config, parse_time
from ..errors import (
    AudioError,
    BriefcastError,
    BriefingError,
    ConfigError,
    FeedError,
    ReadError,
    StoreError,
    VoiceError,
    VoiceUnreachable,
)
from ..models import (
    Article,
    BriefingRecord,
    Episode,
    MediaFile,
    Paragraph,
    Script,
    Section,
    Segment,
    StoryRecord,
)
from ..progress import ProgressCallback, report
from ..publish import targets
from ..reading import briefing, fetch, language, read, readers
from ..reading.readers.markup import plain_line
from ..scripting.script import (
    article_day,
    build_briefing_script,
    build_script,
    headline,
    script_title,
    split_sentences,
    spoken_date,
    summary,
)
from ..scripting.speech import Entry, Lexicon, Speech, normalise
from ..scripting.summarise import fit_to_target, rank
from ..show import layout, store
from ..show.covered import CoveredStories
from ..show.rates import remember_rate, remembered_rate
from ..show.store import (
    DamagedRecord,
    Show,
    StoredRecord,
    atomic_write,
    describe_os_error,
    slugify,
)
from ..site import feed
from ..site import validate as validate_mod
from ..site.cover import read_cover
from ..standards import MAX_TITLE_CHARS
from ..timing import (
    CALIBRATION,
    DEFAULT_RATE,
    SpeakingRate,
    estimate_script_seconds,
    fit_rate,
    learned_rate,
)
from ..voices import anchors as voice_anchors
from ..voices import get_voice
from ..voices.base import PhonemeVoice, SpeaksPhonemes, Voice, plan_ahead
from ..voices.cache import AudioCache, CachedVoice, episode_key, open_cache
from ..voices.pool import PooledVoice, pooled

log = logging.getLogger(__name__)

# Room kept free beyond a build's own estimate (bytes): the feed, pages and records.
FREE_SPACE_MARGIN = 1024 * 1024
GUID_NAMESPACE = uuid.UUID("5d1c5c6e-3f4a-5b8e-9a7c-62726965666e")

# Makes a lock on the show for storing an episode and rewriting the feed; queue workers pass
# one held in the broker, so that builds on several machines update a shared show in turn.
ShowLock = Callable[[], AbstractContextManager[object]]


def _locked(show_lock: ShowLock | None) -> AbstractContextManager[object]:
    return show_lock() if show_lock is not None else nullcontext()


@dataclass(frozen=True)
class BuildResult:
    """What a build produced: the stored episode, whether it replaced an older one and why
    (``reason``: "same title; --new keeps both", ...), and what the producer should be told
    (``warnings``: a lead picture that could not be used)."""

    episode: Episode
    audio_path: Path
    replaced: bool
    warnings: tuple[str, ...] = ()
    reason: str = ""


def read_options(cfg: Config) -> read.ReadOptions:
    """The reading options of ``cfg`` (URL limits, forced language, the readers set up with
    their own settings)."""
    r = cfg.read
    limits = fetch.FetchLimits(
        timeout=r.timeout, max_bytes=r.max_bytes, max_redirects=r.max_redirects
    )
    return read.ReadOptions(
        limits=limits, language=r.language, readers=readers.configured(cfg), max_words=r.max_words
    )


def read_stdin(stream: BinaryIO, cfg: Config) -> bytes:
    """Standard input's bytes, refused past the size limit every input has (read.max_bytes)."""
    return read.read_stream(stream, cfg.read.max_bytes)


def read_articles(
    sources: Sequence[str], stdin: bytes | None = None, options: read.ReadOptions | None = None
) -> list[Article]:
    """Read every source; the first that fails stops the build before any audio is made."""
    if not sources:
        raise ConfigError("name at least one article to build")
    articles = []
    for source in sources:
        # Whatever the reader made of it, the text enters the pipeline XML-safe.
        article = textsafe.safe_value(read.read_article(source, stdin=stdin, options=options))
        articles.append(replace(article, title=cap_title(article.title, f"{source}'s title")))
    return articles


def cap_title(title: str, what: str = "the title") -> str:
    """``title`` cut to :data:`~briefcast.standards.MAX_TITLE_CHARS` at a word, with a warning.

    Podcast apps show about that much; a longer title only costs time and memory everywhere
    it is spoken, slugged and rendered.
    """
    if len(title) <= MAX_TITLE_CHARS:
        return title
    cut = title[: MAX_TITLE_CHARS - 1]
    if " " in cut[MAX_TITLE_CHARS // 2 :]:
        cut = cut.rsplit(" ", 1)[0]
    log.warning(
        "%s is %d characters long; cut to %d (podcast apps show about %d)",
        what,
        len(title),
        len(cut) + 1,
        MAX_TITLE_CHARS,
    )
    return cut.rstrip() + "…"


def check_article_length(articles: Sequence[Article], cfg: Config) -> None:
    """Refuse articles longer than ``read.max_words`` before anything is voiced."""
    words = sum(a.word_count for a in articles)
    limit = cfg.read.max_words
    if words > limit:
        what = "the article runs" if len(articles) == 1 else "the articles run"
        raise ReadError(
            f"{what} to {words:,} words, over read.max_words = {limit:,}; nothing "
            f"was voiced (shorten it, or raise max_words under [read] in "
            f"briefcast.toml)"
        )


def check_episode_length(script: Script, cfg: Config, rate: SpeakingRate = DEFAULT_RATE) -> float:
    """The estimated length of ``script`` in seconds; refused over ``audio.max_minutes``."""
    seconds = estimate_script_seconds(script, rate, cfg.audio)
    problem = _too_long(seconds, cfg)
    if problem:
        raise AudioError(
            f"{problem}; nothing was voiced (shorten it, use --target-minutes for "
            f"a briefing, or raise max_minutes under [audio] in briefcast.toml)"
        )
    return seconds


def length_problem(script: Script, cfg: Config, rate: SpeakingRate = DEFAULT_RATE) -> str | None:
    """Why a build would refuse ``script`` for its length (``audio.max_minutes``), if it
    would: for previews, which do not refuse."""
    return _too_long(estimate_script_seconds(script, rate, cfg.audio), cfg)


def _too_long(seconds: float, cfg: Config) -> str | None:
    limit = cfg.audio.max_minutes
    if seconds > limit * 60:
        return (
            f"the episode would run about {seconds / 60:.0f} minutes, over "
            f"audio.max_minutes = {limit:g}"
        )
    return None


def check_regular_file(target: Path) -> None:
    """Refuse an output path that exists and is not a regular file (a FIFO, a device node, a
    socket, a folder): writing there would replace it, or block."""
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return
    except OSError as exc:
        raise ConfigError(f"cannot write {target}: {exc.strerror or exc}") from None
    if not stat.S_ISREG(mode):
        raise ConfigError(
            f"{target} exists and is not a regular file (a folder, FIFO or device); "
            "name a new file to write"
        )


def check_free_space(folder: Path, seconds: float, cfg: Config) -> None:
    """Refuse a build whose work files and audio cannot fit on ``folder``'s disk.

    The voice is written as raw PCM (at most the output rate), then encoded beside it; the
    estimate is generous so that a disk that fills up is found before any voicing.
    """
    need = (
        int(seconds * (cfg.audio.sample_rate * 2 + cfg.audio.bitrate_kbps * 1000 / 8 * 2))
        + FREE_SPACE_MARGIN
    )
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return
    if free < need:
        raise StoreError(
            f"not enough free space in {folder}: this episode needs about "
            f"{need / 1e6:.0f} MB for its work files and audio, and "
            f"{free / 1e6:.1f} MB is free; free some space and run again"
        )


def safe_title(title: str | None) -> str | None:
    """A title given by the producer (``--title``), made XML-safe and one line, its markup
    rendered to plain text like an article's title."""
    if title is None:
        return None
    return textsafe.xml_safe_line(plain_line(title)) or None


def speech_for(cfg: Config) -> Speech:
    """How the show speaks: its acronym lists and its pronunciation lexicon."""
    s = cfg.speech
    lexicon = Lexicon(
        tuple(Entry(p.written, p.say, p.ipa) for p in cfg.pronunciations), normaliser=normalise
    )
    return Speech(frozenset(s.acronym_words), frozenset(s.acronym_letters), lexicon)


def given_title(title: str | None) -> str | None:
    """The producer's ``--title`` made safe and cut to length (warned about once)."""
    title = safe_title(title)
    return cap_title(title, "--title") if title else title


def make_script(
    articles: Sequence[Article], cfg: Config, title: str | None, now: datetime
) -> Script:
    """Script the episode for ``articles`` under ``title`` (already :func:`given_title`)."""
    return build_script(
        articles,
        show_title=cfg.show.title,
        day=now.date(),
        title=title,
        read_credits=cfg.read.credits == "outro",
        speech=speech_for(cfg),
        disclose=cfg.show.spoken_disclosure,
    )


@dataclass(frozen=True)
class Preview:
    """A script as :func:`build` would voice it, and the day its intro names (the episode's
    date: a rebuilt episode's first date, the scheduled or backdated one, else now)."""

    script: Script
    day: datetime


def preview(
    sources: Sequence[str],
    cfg: Config,
    *,
    title: str | None = None,
    stdin: bytes | None = None,
    now: datetime | None = None,
    article_date: datetime | None = None,
    publish_at: datetime | None = None,
    pub_date: datetime | None = None,
) -> Preview:
    """Read and script ``sources`` exactly as :func:`build` would, without making audio."""
    now = (now or datetime.now(UTC)).replace(microsecond=0)
    front = front_half(
        sources, cfg, Show(cfg.output), title, stdin, now, article_date, publish_at, pub_date
    )
    return Preview(front.script, front.day)


@dataclass(frozen=True)
class FrontHalf:
    """What the front half of a single-article build made: the ``articles`` read, which
    episode they make (``identity``), the ``day`` it goes out and its ``script``."""

    articles: tuple[Article, ...]
    identity: Identity
    day: datetime
    script: Script


def front_half(
    sources: Sequence[str],
    cfg: Config,
    show: Show,
    title: str | None,
    stdin: bytes | None,
    now: datetime,
    article_date: datetime | None = None,
    publish_at: datetime | None = None,
    pub_date: datetime | None = None,
    *,
    new: bool = False,
    replacing: str | None = None,
    progress: ProgressCallback | None = None,
) -> FrontHalf:
    """Read ``sources``, decide which episode they make and its day (:func:`episode_day`),
    and script it once: the steps :func:`build` and :func:`preview` share."""
    title = given_title(title)
    report(progress, "reading", 0, len(sources), ", ".join(sources)[:80])
    articles = dated(read_articles(sources, stdin, read_options(cfg)), article_date)
    report(progress, "reading", len(sources), len(sources))
    check_article_length(articles, cfg)
    target = find_episode(cfg, replacing) if replacing is not None else None
    identity, day = episode_day(
        show, articles, cfg, title, now, publish_at, pub_date, new=new, replacing=target
    )
    return FrontHalf(tuple(articles), identity, day, make_script(articles, cfg, title, day))


def preview_script(
    sources: Sequence[str],
    cfg: Config,
    *,
    title: str | None = None,
    stdin: bytes | None = None,
    now: datetime | None = None,
    article_date: datetime | None = None,
) -> Script:
    """Read and script ``sources`` exactly as :func:`build` would, without making audio."""
    return preview(
        sources, cfg, title=title, stdin=stdin, now=now, article_date=article_date
    ).script


def save_script(preview: Preview, cfg: Config, path: Path) -> Path:
    """Write ``preview``'s script as an editable script file (``*.script.md``) at ``path``;
    ``briefcast build`` of that file voices it as it stands."""
    from ..reading.readers import scriptfile

    if not path.name.lower().endswith(scriptfile.EXTENSION):
        raise ConfigError(
            f"--save {path}: name the file *{scriptfile.EXTENSION}, so that build reads it "
            f"as a script"
        )
    facts = scriptfile.ScriptFacts(preview.day, cfg.voice.engine, _description(preview.script))
    text = scriptfile.render(preview.script, facts, path.name)
    try:
        atomic_write(path, text.encode("utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return path


def going_out(
    articles: Sequence[Article],
    cfg: Config,
    now: datetime,
    publish_at: datetime | None = None,
    pub_date: datetime | None = None,
) -> datetime | None:
    """When the episode goes out, if the producer said: ``--publish-at`` (else the first
    ``publish_at`` of the articles' front matter, in ``show.timezone`` when it has no zone),
    or ``--pub-date`` for an archive episode; ``None`` when neither was given."""
    if publish_at is not None and pub_date is not None:
        raise ConfigError("give --publish-at (schedule) or --pub-date (backdate), not both")
    if pub_date is not None:
        if pub_date > now:
            raise ConfigError(
                f"--pub-date {pub_date.isoformat()} is in the future; use --publish-at to "
                f"schedule an episode"
            )
        return pub_date
    if publish_at is None:
        given = next((a for a in articles if a.publish_at), None)
        if given is None:
            return None
        publish_at = parse_time(
            given.publish_at, cfg.show.timezone, f"publish_at in {given.source}"
        )
    return publish_at.replace(microsecond=0)


def dated(articles: list[Article], when: datetime | None) -> list[Article]:
    """``articles`` with their own date set to ``when`` (the producer's ``--date``), or as
    they are when it is ``None``."""
    if when is None:
        return articles
    return [replace(a, date=when) for a in articles]


def published_date(articles: Sequence[Article]) -> datetime | None:
    """The articles' own date, when they agree on the day (the first such), else ``None``."""
    if article_day(articles) is None:
        return None
    return next(a.date for a in articles if a.date is not None)


def episode_guid(articles: Sequence[Article], title: str = "") -> str:
    """A guid that says what the episode's articles are, whoever builds them and from where.

    Each article is known by its public URL when it has one; else by its content and
    ``title`` (the episode's title), never by the name of the file it came from: two
    different articles saved as ``article.txt`` are two episodes. Building the same article
    again gives the same guid (for an edited article, see :func:`identify`).
    """
    keys = []
    for article in articles:
        if article.source_url:
            keys.append(article.source_url)
        else:
            text = "\n".join(p for s in article.sections for p in s.paragraphs)
            digest = hashlib.sha256(f"{title}\0{text}".encode()).hexdigest()
            keys.append("content:" + digest)
    return str(uuid.uuid5(GUID_NAMESPACE, "\n".join(keys)))


def same_title(a: str, b: str) -> bool:
    """Whether two episode titles are the same words (case, spacing and punctuation aside)."""

    def words(text: str) -> list[str]:
        return re.findall(r"\w+", text.casefold())

    return bool(words(a)) and words(a) == words(b)


@dataclass(frozen=True)
class Identity:
    """Which episode a build makes: its ``guid``, and why it replaces a stored episode
    (``reason``, "" when it adds one)."""

    guid: str
    reason: str = ""


def identify(
    show: Show,
    articles: Sequence[Article],
    title: str,
    *,
    new: bool = False,
    replacing: Episode | None = None,
) -> Identity:
    """The episode ``articles`` make under ``title``, and whether it replaces a stored one.

    The same article is the same episode: the same URL, the same content and title, or (an
    article edited and built again) the same title as a stored episode, which keeps the
    stored episode's guid, date and place. ``new`` makes a new episode whatever is stored;
    ``replacing`` is the stored episode to replace. Episodes stored by older versions keep
    their guids: they are found by their title.
    """
    if replacing is not None:
        return Identity(replacing.guid, "as asked with --replace")
    guid = episode_guid(articles, title)
    if new:
        return Identity(str(uuid.uuid4()))
    if show.find(guid) is not None:
        by_url = all(a.source_url for a in articles)
        return Identity(guid, "same source address" if by_url else "same article")
    if not all(a.source_url for a in articles):
        for record in show.listing():
            if same_title(record.title, title):
                return Identity(record.guid, "same title; --new keeps both")
    return Identity(guid)


def episode_day(
    show: Show,
    articles: Sequence[Article],
    cfg: Config,
    title: str | None,
    now: datetime,
    publish_at: datetime | None = None,
    pub_date: datetime | None = None,
    *,
    new: bool = False,
    replacing: Episode | None = None,
) -> tuple[Identity, datetime]:
    """Which episode ``articles`` make under ``title`` (see :func:`identify`), and the day it
    goes out: the producer's (:func:`going_out`), else a rebuilt episode's own date (its intro
    says that date, not today's), else ``now``. The title is found without scripting."""
    titled = script_title(articles, title)
    identity = identify(show, articles, titled, new=new, replacing=replacing)
    when = going_out(articles, cfg, now, publish_at, pub_date)
    if when is None:
        previous = show.find(identity.guid)
        when = previous.date if previous else now
    return identity, when


@dataclass(frozen=True)
class VoicePlan:
    """Which engines may speak an episode, in the order they are tried, and why the first is
    not the configured engine ("" when it is)."""

    engines: tuple[str, ...]
    reason: str = ""


def plan_voices(cfg: Config, memory: AudioCache) -> VoicePlan:
    """The one decision of who speaks: the configured engine, then its fallback.

    An engine found unreachable (no network) is remembered in the cache folder for a few
    minutes; while it is, and a fallback is configured, the fallback speaks at once.
    """
    primary = cfg.voice.engine
    fallback = cfg.voice.fallback if cfg.voice.fallback != primary else ""
    if not fallback:
        return VoicePlan((primary,))
    remembered = memory.unreachable(primary)
    if remembered:
        return VoicePlan((fallback,), remembered)
    return VoicePlan((primary, fallback))


@dataclass(frozen=True)
class _Voiced:
    """How the episode was voiced: the audio (``None`` when ``encoded`` was found instead),
    the voice and engine that spoke it, why the fallback did ("" if not), and the fallback's
    encoded files when the cache held them."""

    rendered: assemble.RenderedAudio | None
    voice: Voice
    engine: str
    reason: str
    encoded: list[tuple[assemble.Encoded, float]] | None = None


def _voice_episode(
    script: Script,
    cfg: Config,
    work: Path,
    progress: ProgressCallback | None,
    music: assemble.Music | None = None,
    encoded: Callable[[Voice], list[tuple[assemble.Encoded, float]] | None] | None = None,
) -> _Voiced:
    """Voice the script with the configured engine, or entirely with the fallback engine.

    Sentences already voiced by the same engine and settings come from the cache. An engine
    found unreachable (no network) is remembered in the cache folder for a few minutes, so the
    builds that follow go to the fallback at once instead of trying again. Before the fallback
    renders anything, ``encoded`` looks for the episode it encoded before (the build that
    first finds Google unreachable then copies that file as the later builds do).
    """
    lang = language.episode_language([a.language for a in script.articles], "")
    memory = open_cache(cfg)
    cache = memory if cfg.cache.enabled else None
    plan = plan_voices(cfg, memory)
    primary = cfg.voice.engine
    fallback = plan.engines[-1] if plan.reason or len(plan.engines) > 1 else ""
    try:
        try:
            if plan.reason:
                raise VoiceUnreachable(plan.reason)
            voice = get_voice(primary, cfg, lang)
            rendered = _render_with(voice, script, cfg, work, progress, cache, music, lang)
            return _Voiced(rendered, voice, primary, "")
        except VoiceError as exc:
            if not fallback:
                raise
            reason = str(exc)
            if isinstance(exc, VoiceUnreachable) and not plan.reason:
                memory.remember_unreachable(primary, reason)
            log.info(
                "%s failed (%s); voicing the whole episode with %s instead",
                primary,
                reason,
                fallback,
            )
            try:
                backup = get_voice(fallback, cfg, lang)
            except VoiceError as second:
                raise VoiceError(
                    f"{reason}; and the fallback voice {fallback} is not usable: {second}"
                ) from second
            found = encoded(backup) if encoded is not None else None
            if found is not None:
                return _Voiced(None, backup, fallback, reason, found)
            return _Voiced(
                _render_with(backup, script, cfg, work, progress, cache, music, lang),
                backup,
                fallback,
                reason,
            )
    finally:
        if cache is not None:
            cache.prune(cfg.cache.max_size_mb * 1024 * 1024)


def _render_with(
    voice: Voice,
    script: Script,
    cfg: Config,
    work: Path,
    progress: ProgressCallback | None,
    cache: AudioCache | None,
    music: assemble.Music | None = None,
    lang: str = "",
) -> assemble.RenderedAudio:
    """Render ``script`` with ``voice``, through the cache when given; a CPU-bound engine
    voices in a pool of ``voice.workers`` processes (only this process uses the cache).

    A voice that takes phonemes hears the lexicon's IPA in place of each respelling; that
    rewriting happens in front of the cache, so the cache key is the text the engine read.
    """
    speaker, pool, cached = _speaker_stack(voice, voice.name, cfg, cache, lang)
    # Paragraphs given to another voice: an anchor's ("kokoro:af_heart"), or the producer's
    # [voice NAME] in an edited script; each is pooled and cached as the episode's voice is.
    stacks = {
        name: _speaker_stack(other, name, cfg, cache, lang)
        for name, other in other_voices(script, cfg, lang).items()
    }
    others: dict[str, Voice] = {name: stack[0] for name, stack in stacks.items()}
    try:
        plan_ahead(
            speaker, [p.sentences for s in script.segments for p in s.paragraphs if not p.voice]
        )
        for name, other in others.items():
            plan_ahead(
                other,
                [p.sentences for s in script.segments for p in s.paragraphs if p.voice == name],
            )
        rendered = assemble.render(script, speaker, cfg.audio, work, progress, music, others)
    finally:
        for open_pool in (pool, *(stack[1] for stack in stacks.values())):
            if isinstance(open_pool, PooledVoice):
                open_pool.close()
    for name, (_, _, counted) in (
        (voice.name, (speaker, pool, cached)),
        *((name, stack) for name, stack in stacks.items()),
    ):
        if counted is not None and cache is not None and (counted.hits or counted.misses):
            log.info(
                "%s: %d sentences from the cache, %d voiced", name, counted.hits, counted.misses
            )
            # The measured cost belongs to the engine, whichever of its voices spoke.
            cache.record_cost(name.partition(":")[0], counted.cpu_seconds, counted.voiced_seconds)
    return rendered


def _speaker_stack(
    voice: Voice, name: str, cfg: Config, cache: AudioCache | None, lang: str
) -> tuple[Voice, Voice | PooledVoice, CachedVoice | None]:
    """``voice`` (engine or "engine:voice" ``name``) as a build speaks with it: pooled when its
    engine runs on the CPU, behind the cache, hearing the lexicon's IPA when it reads phonemes.
    The speaker, its pool (to close) and its cache layer (to count)."""
    pool = pooled(voice, name, cfg, lang)
    speaker: Voice = pool
    cached = CachedVoice(pool, cache) if cache is not None else None
    if cached is not None:
        speaker = cached
    lexicon = speech_for(cfg).lexicon
    if lexicon and isinstance(voice, SpeaksPhonemes) and voice.speaks_phonemes():
        speaker = PhonemeVoice(speaker, lexicon.phonemes)
    return speaker, pool, cached


@contextmanager
def _work_errors(work: Path) -> Iterator[None]:
    """Turn a failed write during a build into one StoreError naming the path and the cause.

    When the work folder itself has gone (system temp cleaners, a user), that is what the
    error says, whatever the failure it caused downstream.
    """
    try:
        yield
    except (OSError, AudioError) as exc:
        if not work.is_dir():
            raise StoreError(
                f"the work folder {work} was removed during the build (by another "
                f"program?); nothing was published: run the build again"
            ) from exc
        if isinstance(exc, OSError):
            raise StoreError(describe_os_error(exc)) from exc
        raise


@dataclass(frozen=True)
class SayResult:
    """One line voiced by :func:`say`: where the audio went, how long it is, what was said."""

    path: Path
    seconds: float
    engine: str
    spoken: tuple[str, ...]
    fallback_reason: str = ""


def say(
    text: str, cfg: Config, out: Path | None = None, progress: ProgressCallback | None = None
) -> SayResult:
    """Voice ``text`` as an episode would say it (normalised, lexicon applied) into an audio
    file, in the format its extension names (else the show's first format).

    For auditioning a name: the same engine, fallback, cache and loudness as a build, but no
    intro, no feed and nothing stored in the show. ``text`` may name an edited script file
    (``*.script.md``): it is voiced whole, exactly as ``build`` would voice it. Without
    ``out`` the file goes to a ``briefcast-say`` folder in the system's temporary folder.
    """
    if not text.strip():
        raise ConfigError('give the text to say, for example: briefcast say "Kyiv"')
    from ..reading.readers.scriptfile import EXTENSION

    name = text.strip()
    if name.lower().endswith(EXTENSION) and Path(name).is_file():
        # An edited script file is voiced whole, as build would voice it, but not stored.
        articles = read_articles([name], None, read_options(cfg))
        check_article_length(articles, cfg)
        script = make_script(articles, cfg, None, store.utcnow())
        spoken = tuple(x for seg in script.segments for p in seg.paragraphs for x in p.sentences)
        stem = Path(name).name[: -len(EXTENSION)]
    else:
        lang = language.normalise_tag(cfg.read.language or cfg.show.language or "en")
        article = Article("", (Section("", (text,)),), "say", language=lang)
        speech = speech_for(cfg)
        written = split_sentences(text) or (text.strip(),)
        spoken = tuple(speech.say(x, lang) for x in written)
        script = Script(
            title=text[:60],
            segments=(Segment("section", "say", (Paragraph(spoken, tuple(written)),)),),
            articles=(article,),
        )
        stem = text
        # The same limits as a build, before any work: a lexicon entry can turn a word into
        # thousands, and the text itself may be long.
        check_article_length([article], cfg)
    check_episode_length(script, cfg)
    # The file's own extension names its format; else the show's first format.
    fmt = (formats.for_file(out.name) if out else None) or formats.configured(cfg)[0]
    target = (
        out or Path(tempfile.gettempdir()) / "briefcast-say" / f"{slugify(stem, 40)}{fmt.extension}"
    )
    check_regular_file(target)
    with tempfile.TemporaryDirectory(prefix="briefcast-say-") as tmp:
        voiced = _voice_episode(script, cfg, Path(tmp), progress)
        engine, reason, rendered = voiced.engine, voiced.reason, voiced.rendered
        assert rendered is not None  # nothing is looked up for `say`
        staged = Path(tmp) / f"say{fmt.extension}"
        assemble.encode(rendered, staged, cfg.audio, fmt=fmt, progress=progress)
        seconds = fmt.duration(staged)
        try:
            atomic_write(target, staged.read_bytes())
        except OSError as exc:
            raise ConfigError(f"cannot write {target}: {exc.strerror or exc}") from exc
    return SayResult(target, seconds, engine, spoken, reason)


def _description(script: Script) -> str:
    """A short plain-text summary: the first article's lead sentences (an edited script's own
    description when it has one)."""
    draft = script.articles[0].draft
    if draft is not None and draft.description.strip():
        return draft.description.strip()
    return summary(script.articles[0])


def build(
    sources: Sequence[str],
    cfg: Config,
    *,
    title: str | None = None,
    stdin: bytes | None = None,
    now: datetime | None = None,
    progress: ProgressCallback | None = None,
    show_lock: ShowLock | None = None,
    article_date: datetime | None = None,
    publish_at: datetime | None = None,
    pub_date: datetime | None = None,
    image: str | None = None,
    new: bool = False,
    replacing: str | None = None,
) -> BuildResult:
    """Build one episode from ``sources``, store it, and rewrite the feed (under
    ``show_lock`` too when given). ``article_date`` sets the articles' own date by hand
    (``--date``), in place of the one they give.

    The episode replaces a stored one when it is the same article (see :func:`identify`);
    ``new`` adds it whatever is stored, ``replacing`` names the stored episode (as
    ``briefcast list`` or ``remove`` would) that it replaces.

    ``publish_at`` (or ``publish_at`` in the article's front matter) schedules the episode:
    it is stored now and listed in the feed and pages only from that time (``briefcast feed``
    or ``publish`` releases it). ``pub_date`` dates an archive episode in the past.

    The episode's own artwork is ``image`` (``--image``: a file or URL), else the article's
    lead picture (``og:image``, front matter ``image``), made square; when there is none or
    it cannot be used, the show's cover (and a warning in the result).
    """
    now = (now or datetime.now(UTC)).replace(microsecond=0)
    show = Show(cfg.output)
    front = front_half(
        sources,
        cfg,
        show,
        title,
        stdin,
        now,
        article_date,
        publish_at,
        pub_date,
        new=new,
        replacing=replacing,
        progress=progress,
    )
    articles, identity, when, script = front.articles, front.identity, front.day, front.script
    source = image or next((a.image for a in articles if a.image), "")
    artwork, problem = episode_artwork(source, cfg)
    facts = EpisodeFacts(
        identity.guid,
        sources=tuple(a.source_url or a.source for a in articles),
        description=_description(script),
        date=when,
        artwork=artwork,
    )
    result = produce_episode(
        script, facts, cfg, now=now, progress=progress, show_lock=show_lock, show=show
    )
    result = replace_result(result, identity.reason)
    return replace(result, warnings=(problem,)) if problem else result


def replace_result(result: BuildResult, reason: str) -> BuildResult:
    """``result`` with why it replaced a stored episode (when it did)."""
    return replace(result, reason=reason or "same article") if result.replaced else result


def episode_artwork(source: str, cfg: Config) -> tuple[bytes | None, str]:
    """The episode's own artwork from ``source`` (a picture's URL or path; "" for none): a
    square JPEG, fetched with the limits of every page. ``None`` and why, when it cannot be
    used (the episode then carries the show's cover)."""
    from ..site.cover import square_artwork

    if not source:
        return None, ""
    try:
        data = read.load_image(source, read_options(cfg).limits)
        return square_artwork(data, source), ""
    except (ReadError, FeedError) as exc:
        problem = f"the episode's picture could not be used ({exc}); it has the show's cover"
        log.info("%s", problem)
        return None, problem


@dataclass(frozen=True)
class AudioFiles:
    """An episode's encoded files, staged in the work folder: one per format (the enclosure's
    first), what each encoding measured and the file's duration, the engine that spoke, and why
    the fallback did ("" when it did not)."""

    formats: tuple[formats.AudioFormat, ...]
    staged: tuple[Path, ...]
    encoded: tuple[tuple[assemble.Encoded, float], ...]
    engine: str
    reason: str = ""


@dataclass(frozen=True)
class EpisodeFacts:
    """What an episode is besides its audio, as its front half decided it: its ``guid``, its
    ``sources`` and ``description``, the ``date`` it goes out (``None``: a stored episode's
    first date, else now), its ``briefing`` record (a briefing's stories) and its own square
    JPEG ``artwork`` (``None``: the show's cover)."""

    guid: str
    sources: tuple[str, ...]
    description: str
    date: datetime | None = None
    briefing: BriefingRecord | None = None
    artwork: bytes | None = None


def produce_episode(
    script: Script,
    facts: EpisodeFacts,
    cfg: Config,
    *,
    now: datetime,
    progress: ProgressCallback | None = None,
    show_lock: ShowLock | None = None,
    show: Show | None = None,
) -> BuildResult:
    """Voice, encode, tag and store ``script`` as the episode ``facts`` describe; rewrite the
    feed.

    The shared back half of every build, as a list of steps: choose the voice, voice,
    assemble and encode (:func:`make_audio`), tag (:func:`tag_audio`), store and write the
    site (:func:`store_episode`). A single article and a briefing differ only in how their
    script and facts are made. An episode with the same guid is replaced and keeps its first
    date, unless ``facts.date`` (when it goes out: scheduled, or backdated) is given. The
    episode's own artwork goes in its files' tags, the feed and its page. (Uploading the show
    elsewhere is :mod:`briefcast.publish.publish`.) ``show`` is the caller's :class:`Show` of
    ``cfg.output``, if it has one, so that the records are read once.
    """
    seconds = check_episode_length(script, cfg)
    show = show or Show(cfg.output)
    show.ensure()
    if facts.date is None:
        previous = show.find(facts.guid)
        facts = replace(facts, date=previous.date if previous else now)
    # Cover art and music are read before any synthesis: a bad file fails the build at once.
    cover = read_cover(cfg.show.image, cfg.show.title, _artwork(cfg))
    if facts.artwork is not None:
        cover = tags.Cover(tags.id3_jpeg(facts.artwork, "the episode's picture"), "image/jpeg")
    with show.work_folder() as work, _work_errors(work):
        check_free_space(work, seconds, cfg)
        files = make_audio(script, cfg, work, progress)
        tag_audio(files, script, facts, cfg, cover, progress)
        return store_episode(files, script, facts, cfg, show, show_lock, progress)


def make_audio(
    script: Script, cfg: Config, work: Path, progress: ProgressCallback | None = None
) -> AudioFiles:
    """Choose the voice, voice, assemble and encode ``script`` into every configured format
    in ``work``; or copy the files the cache holds, when it holds them all."""
    fmts = formats.configured(cfg)
    staged_files = [work / f"episode{fmt.extension}" for fmt in fmts]
    results, engine, reason = _cached_episode(script, cfg, fmts, staged_files, progress)
    if results is None:
        music = assemble.load_music(cfg.audio, work)
        voiced = _voice_episode(
            script,
            cfg,
            work,
            progress,
            music,
            encoded=lambda voice: _find_encoded(script, cfg, fmts, staged_files, voice, progress),
        )
        engine, reason, results = voiced.engine, voiced.reason, voiced.encoded
        if results is None:
            rendered, voice = voiced.rendered, voiced.voice
            assert rendered is not None  # rendered unless the fallback's files were found
            results = [
                _encode_format(rendered, staged, cfg, music, fmt, voice, script, progress)
                for fmt, staged in zip(fmts, staged_files, strict=True)
            ]
            # Every episode refines the speaking rate of the voice that spoke it.
            spoken = [s for seg in script.segments for p in seg.paragraphs for s in p.sentences]
            cues = [c for seg in rendered.segments for c in seg.cues]
            timed = [(text, c.end - c.start) for text, c in zip(spoken, cues, strict=True)]
            _learn_rate(voice, timed, cfg)
    return AudioFiles(tuple(fmts), tuple(staged_files), tuple(results), engine, reason)


def tag_audio(
    files: AudioFiles,
    script: Script,
    facts: EpisodeFacts,
    cfg: Config,
    cover: tags.Cover | None,
    progress: ProgressCallback | None = None,
) -> None:
    """Write each file's tags: title, show, date, description, cover art and chapters."""
    date = facts.date
    assert date is not None  # dated by produce_episode
    for fmt, staged, (encoded, duration) in zip(
        files.formats, files.staged, files.encoded, strict=True
    ):
        report(progress, "tagging", label=f"{fmt.name}: tags, chapters and cover art")
        fmt.write_tags(
            staged,
            tags.Tags(
                title=script.title,
                artist=cfg.show.author,
                album=cfg.show.title,
                date=date,
                comment=facts.description,
                cover=cover,
                chapters=tags.chapters_from_timings(encoded.segments, duration),
            ),
        )


def store_episode(
    files: AudioFiles,
    script: Script,
    facts: EpisodeFacts,
    cfg: Config,
    show: Show,
    show_lock: ShowLock | None = None,
    progress: ProgressCallback | None = None,
) -> BuildResult:
    """Store the tagged files and the episode's record, then write the site.

    Phase one: the new files (audio, the episode's own artwork when it has one, record);
    phase two: the feed; then the old files go. Storing happens under ``show_lock`` (held in
    the broker, for queue workers on several machines) as well as the show's own lock.
    """
    guid, date, artwork, briefing_record = facts.guid, facts.date, facts.artwork, facts.briefing
    assert date is not None  # dated by produce_episode
    slug = f"{slugify(script.title)}-{guid[:8]}"
    # The articles' bylines, for podcast:person in the feed and the episode page.
    authors = list(dict.fromkeys(a.byline for a in script.articles if a.byline))
    # The enclosure's own measurements describe the episode.
    encoded, duration = files.encoded[0]
    loudness = encoded.loudness
    with _locked(show_lock), show.lock():
        # Another worker may have stored this guid while this one was voicing.
        replaced = show.find(guid) is not None
        media = [
            MediaFile(
                fmt.name,
                f"{layout.EPISODES_DIR}/{show.free_audio_name(slug, staged, fmt.extension)}",
                staged.stat().st_size,
            )
            for fmt, staged in zip(files.formats, files.staged, strict=True)
        ]
        episode = Episode(
            guid=guid,
            title=script.title,
            date=date,
            duration=round(duration, 3),
            file=media[0].file,
            size=media[0].size,
            engine=files.engine,
            sources=facts.sources,
            segments=encoded.segments,
            description=facts.description,
            fallback_reason=files.reason,
            loudness_lufs=loudness.integrated,
            true_peak_dbtp=loudness.true_peak,
            season=cfg.show.season,
            authors=tuple(authors),
            briefing=briefing_record,
            format=media[0].format,
            alternates=tuple(media[1:]),
            published=None if briefing_record else published_date(script.articles),
            image=layout.files_of(media[0].file).image if artwork is not None else "",
            # The anchors who read it, in the order they first speak.
            anchors=tuple(
                dict.fromkeys(c.speaker for seg in encoded.segments for c in seg.cues if c.speaker)
            ),
        )
        if artwork is not None:
            show.write_file(episode.image, artwork)
        for staged, item in zip(files.staged, media, strict=True):
            show.place(staged, item.file)
        show.save(episode)
        report(progress, "feed", label="feed, transcripts and pages")
        try:
            _write_feed(cfg, show, own=guid)
        except FeedError as exc:
            raise FeedError(f"episode {episode.title!r} was stored, but {exc}") from exc
    return BuildResult(episode, cfg.output / episode.file, replaced)


def _heard(cfg: Config, voice: Voice, script: Script) -> str:
    """What else shapes what ``voice`` is given: the lexicon's IPA, for a voice that reads
    phonemes (see :func:`_render_with`), and the other voices a script names."""
    heard = ""
    lexicon = speech_for(cfg).lexicon
    if lexicon and isinstance(voice, SpeaksPhonemes) and voice.speaks_phonemes():
        heard = repr(lexicon)
    lang = language.episode_language([a.language for a in script.articles], "")
    others = other_voices(script, cfg, lang)
    if others:
        heard += "\0" + "\0".join(f"{n}={v.identity()}" for n, v in sorted(others.items()))
    return heard


def other_voices(script: Script, cfg: Config, lang: str) -> dict[str, Voice]:
    """The voices, besides the episode's, that paragraphs of ``script`` name (a producer's
    ``[voice NAME]``), by name. An unknown engine is a :class:`ConfigError`, found before
    anything is voiced; one that cannot speak is the engine's :class:`VoiceError`."""
    names = sorted({p.voice for s in script.segments for p in s.paragraphs if p.voice})
    found = {}
    for name in names:
        try:
            found[name] = get_voice(name, cfg, lang)
        except ConfigError as exc:
            raise ConfigError(f"[voice {name}] in the script: {exc}") from exc
    return found


def _cached_episode(
    script: Script,
    cfg: Config,
    fmts: Sequence[formats.AudioFormat],
    staged: Sequence[Path],
    progress: ProgressCallback | None = None,
) -> tuple[list[tuple[assemble.Encoded, float]] | None, str, str]:
    """Every format of the episode, copied from the cache to ``staged``, with what its
    encoding measured and its duration (``None`` unless all of them are cached); the engine
    that voiced it and why the fallback did ("" if it did not).

    Looked up before any audio is made: the key names the voice that would speak the episode
    (the fallback's when the configured engine is remembered as unreachable, as
    :func:`_voice_episode` would choose) and everything else that shapes the files
    (:func:`briefcast.voices.cache.episode_key`), so nothing is rendered.
    """
    if not cfg.cache.enabled:
        return None, cfg.voice.engine, ""
    plan = plan_voices(cfg, open_cache(cfg))
    engine, reason = plan.engines[0], plan.reason
    lang = language.episode_language([a.language for a in script.articles], "")
    try:
        voice = get_voice(engine, cfg, lang)
    except VoiceError:
        return None, cfg.voice.engine, ""  # the build voices with the fallback, or fails
    found = _find_encoded(script, cfg, fmts, staged, voice, progress)
    return (found, engine, reason) if found is not None else (None, cfg.voice.engine, "")


def _find_encoded(
    script: Script,
    cfg: Config,
    fmts: Sequence[formats.AudioFormat],
    staged: Sequence[Path],
    voice: Voice,
    progress: ProgressCallback | None = None,
) -> list[tuple[assemble.Encoded, float]] | None:
    """Every format of the episode as ``voice`` would speak it, copied from the cache to
    ``staged`` (``None`` unless the cache is on and holds all of them)."""
    if not cfg.cache.enabled:
        return None
    cache = open_cache(cfg)
    found = []
    for fmt, path in zip(fmts, staged, strict=True):
        encoded = cache.find_episode(
            episode_key(script, voice, cfg.audio, fmt, _heard(cfg, voice, script)), path
        )
        if encoded is None:
            return None
        report(progress, "encoding", label=f"{fmt.name}: the same episode, from the cache")
        found.append((encoded, fmt.duration(path)))
    return found


def _encode_format(
    rendered: assemble.RenderedAudio,
    staged: Path,
    cfg: Config,
    music: assemble.Music,
    fmt: formats.AudioFormat,
    voice: Voice,
    script: Script,
    progress: ProgressCallback | None = None,
) -> tuple[assemble.Encoded, float]:
    """Encode ``rendered`` to ``fmt`` at ``staged`` and keep it in the cache (when on); what
    the encoding measured, and the file's duration."""
    encoded = assemble.encode(rendered, staged, cfg.audio, music, fmt, progress)
    if cfg.cache.enabled:
        open_cache(cfg).keep_episode(
            episode_key(script, voice, cfg.audio, fmt, _heard(cfg, voice, script)), staged, encoded
        )
    return encoded, fmt.duration(staged)


def check_config(cfg: Config) -> Config:
    """Check what the core configuration cannot check alone: the settings of the readers, the
    voice engines, the audio formats and the publish targets (each extension point checks its
    own part)."""
    for extension in (readers, voices, formats, targets):
        cfg = extension.check_config(cfg)
    return cfg


def config_template(title: str = "Briefcast") -> str:
    """The commented ``briefcast.toml`` that ``briefcast init`` writes: the core's template
    with every registered engine's, reader's and target's own table, listing what the
    registries hold."""
    return config.render_template(
        title,
        voices.template_sections(),
        {name: engine.summary for name, engine in voices.REGISTRY.items()},
        list(formats.REGISTRY),
        read_sections=readers.template_sections(),
        publish_sections=targets.template_sections(),
        targets={kind.address: kind.summary for kind in targets.REGISTRY.values()},
    )


def load_config(
    path: Path | None = None,
    overrides: Mapping[str, Any] | None = None,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> Config:
    """The settings (see :func:`briefcast.config.load_config`), checked once, here: the core's
    own checks as they load, then every extension point's (:func:`check_config`). The
    pipeline's functions trust the :class:`Config` they are given."""
    return check_config(config.load_config(path, overrides, env, cwd))


def write_feed(cfg: Config, *, adopt: bool = False) -> Path:
    """Publish the show: rewrite ``feed.xml`` and the page from the stored episodes.

    First the files the feed points at are written: each episode's transcripts and chapters,
    and the artwork (the configured image copied beside the feed, or a generated cover). Then
    the new feed is validated against those files; it replaces ``feed.xml`` only when it has
    no error, so a broken feed is never published. The episode pages, the favicon, the
    show's page and the feed's stylesheet follow.

    ``adopt`` lets a folder that holds other files and no show become one (``feed
    --force``); without it such a folder is refused before anything is written.
    """
    show = Show(cfg.output, adopt=adopt)
    with show.lock():
        return _write_feed(cfg, show)


def due_episodes(cfg: Config) -> list[Episode]:
    """The scheduled episodes whose time has come but that the feed does not list yet."""
    now = store.utcnow()
    due = {s.guid for s in store.read_schedule(cfg.output) if s.release <= now}
    if not due:
        return []
    return [e for e in Show(cfg.output).episodes() if e.guid in due]


def release_due(cfg: Config) -> list[Episode]:
    """Rewrite the feed and pages when a scheduled episode has fallen due (``publish`` runs
    this first, from cron); the episodes released (none: nothing is rewritten)."""
    due = due_episodes(cfg)
    if due:
        write_feed(cfg)
    return due


def _write_feed(cfg: Config, show: Show, own: str = "") -> Path:
    """:func:`write_feed` under the show's lock; then the files nothing names are removed.

    ``own`` is the guid of the episode a build just stored: a fault in it fails the build,
    where a fault in an older episode only leaves that one out of the feed.
    """
    from ..show import private
    from ..site import cover, page, transcripts, validate

    show.ensure()
    cfg = private.site_config(cfg)
    image = cfg.show.image
    draw = _artwork(cfg)
    cover_bytes: bytes | None = None
    if not image:
        title = cfg.show.title
        cover_bytes = draw(
            ".png", ("cover", title, str(cover.COVER_SIZE)), lambda: cover.render_cover(title)
        )
        show.write_file(layout.COVER_NAME, cover_bytes)
    elif not image.startswith(("http://", "https://")):
        source = Path(image)
        if not source.is_file():
            raise ConfigError(f"cover image not found: {image}")
        cover_bytes = source.read_bytes()
        target = cfg.output / source.name
        if source.resolve() != target.resolve():
            show.write_file(source.name, cover_bytes)
    # Only the episodes the feed lists are decoded whole; the rest are known by their records.
    # An episode scheduled for later is stored but not listed, and its files are withheld.
    now = store.utcnow()
    stored = show.listing()
    listing = [r for r in stored if r.date <= now]
    show.write_schedule([r for r in stored if r.date > now])
    limit = cfg.show.max_episodes
    episodes = _decoded(show, listing[:limit] if limit > 0 else listing)
    for damaged in show.damaged():
        log.warning(
            "episode %s is left out of the feed: %s; take it out with briefcast remove %s",
            damaged.name,
            damaged.reason,
            damaged.path.name,
        )
    # Each episode's transcripts, chapters and page depend only on its record and the
    # settings: those already written from both are left alone, so a build into a big show
    # writes only its own (and `feed` after a settings change rewrites them all).
    stamp = _render_stamp(cfg, (transcripts, page))
    stale = _decoded(show, show.stale(stamp))
    for episode in stale:
        show.write_episode_texts(
            episode,
            transcripts.render_vtt(episode),
            transcripts.render_srt(episode),
            transcripts.render_chapters(episode),
        )
    numbers = feed.episode_numbers(listing)
    xml = feed.render_feed(cfg, episodes, numbers)
    report = validate.validate_bytes(
        xml, cfg.output, require_local=True, source=str(show.feed_path), memo=show.checked
    )
    faulty = _faulty_items(report, episodes)
    if faulty and not any(e.guid == own for e in faulty):
        # A stored episode the check finds at fault (its file changed or gone, a size or
        # duration its record misstates) is left out and named; the rest of the show goes on.
        for episode in faulty:
            problems = "; ".join(
                p.message
                for p in report.errors
                if p.element.split("/", 1)[0] == _item(episodes, episode)
            )
            log.warning(
                "episode %r is left out of the feed: %s; rebuild it, or take it out with "
                "briefcast remove %s",
                episode.title,
                problems,
                PurePosixPath(episode.file).with_suffix(".json").name,
            )
        episodes = [e for e in episodes if e not in faulty]
        stale = [e for e in stale if e not in faulty]
        xml = feed.render_feed(cfg, episodes, numbers)
        report = validate.validate_bytes(
            xml, cfg.output, require_local=True, source=str(show.feed_path), memo=show.checked
        )
    setup = [w for w in report.warnings if w.setup]
    for warning in report.warnings:
        if not warning.setup:
            log.warning("the feed's %s: %s", warning.element, warning.message)
    if setup:
        # Expected of a show made without `briefcast init`: one line, not one per finding.
        log.warning(
            "the show is not ready to publish (%d setting(s) still a placeholder, local or "
            "plain-http address); run briefcast init, or set show.base_url and show.email "
            "(briefcast validate lists each)",
            len(setup),
        )
    if not report.ok:
        details = "; ".join(f"{p.element}: {p.message}" for p in report.errors)
        raise FeedError(
            f"the new feed has {len(report.errors)} error(s), so feed.xml was "
            f"left unchanged (run briefcast validate for details): {details}"
        )
    # The episode pages the items link to go first, like every other file the feed names.
    for episode in stale:
        show.write_file(layout.episode_files(episode).page, page.render_episode_page(cfg, episode))
    art = cover_bytes
    show.write_file(
        layout.FAVICON_NAME,
        draw(
            ".ico",
            ("favicon", art or b"", cfg.show.title),
            lambda: cover.render_favicon(art, cfg.show.title),
        ),
    )
    show.write_feed(xml)
    show.mark_rendered(stale, stamp)
    show.write_page(page.render_page(cfg, episodes), page.render_stylesheet())
    show.collect_garbage(cfg.show.base_url)
    show.save_index()
    return show.feed_path


def _decoded(show: Show, records: Sequence[StoredRecord]) -> list[Episode]:
    """The episodes of ``records``, decoded; one that no longer decodes (its record changed
    under a stale index entry) is named and left out."""
    found = []
    for record in records:
        try:
            found.append(show.episode(record))
        except StoreError as exc:
            log.warning("episode %s is left out of the feed: %s", record.path.name, exc)
    return found


def _item(episodes: Sequence[Episode], episode: Episode) -> str:
    """The element name the validator gives ``episode``'s item (``item[3]``)."""
    return f"item[{episodes.index(episode) + 1}]"


def _faulty_items(report: validate_mod.Report, episodes: Sequence[Episode]) -> list[Episode]:
    """The episodes whose items hold every error of ``report``; [] when an error lies
    outside the items (the channel, the feed as a whole), which no episode can excuse."""
    if report.ok:
        return []
    numbers = set()
    for problem in report.errors:
        head = problem.element.split("/", 1)[0]
        if not (head.startswith("item[") and head.endswith("]") and head[5:-1].isdigit()):
            return []
        numbers.add(int(head[5:-1]))
    if not all(1 <= n <= len(episodes) for n in numbers):
        return []
    return [episodes[n - 1] for n in sorted(numbers)]


def _artwork(cfg: Config) -> tags.Artwork:
    """How this build draws its artwork: kept in the cache when the cache is on."""
    return open_cache(cfg).artwork if cfg.cache.enabled else tags.draw_always


def _render_stamp(cfg: Config, renderers: Sequence[object]) -> str:
    """A digest of everything an episode's derived files depend on besides its record: the
    settings, briefcast's version and the renderers' own code."""
    import sys

    from .. import __version__

    digest = hashlib.sha256(f"{__version__}\0{cfg!r}".encode())
    for module in renderers:
        source = getattr(sys.modules.get(getattr(module, "__name__", "")), "__file__", None)
        if source:
            digest.update(Path(source).read_bytes())
    return digest.hexdigest()[:32]


def find_episode(cfg: Config, which: str) -> Episode:
    """The stored episode that ``which`` names: its guid, its slug, or its number in ``list``.

    Raises :class:`StoreError` when none (or, for a guid prefix, more than one) matches.
    """
    episodes = list_episodes(cfg)
    key = which.strip()
    if key.isdecimal() and len(key) < 7:
        number = int(key)
        if 1 <= number <= len(episodes):
            return episodes[number - 1]
    for episode in episodes:
        stem = Path(episode.file).stem
        names = {m.file for m in episode.media} | {Path(m.file).name for m in episode.media}
        if key in (episode.guid, stem) or key in names:
            return episode
    matches = [e for e in episodes if len(key) >= 8 and e.guid.startswith(key)]
    if len(matches) == 1:
        return matches[0]
    raise StoreError(
        f"no episode {which!r} in {cfg.output}: name it by the number or file "
        f"that briefcast list shows, or by its guid"
    )


@dataclass(frozen=True)
class Removed:
    """What ``remove`` took out: the episode (or damaged record), and how many of its
    briefing stories left the covered-story memory, free for a later briefing."""

    item: Episode | DamagedRecord
    stories_returned: int = 0


def remove_episode(cfg: Config, which: str) -> Removed:
    """Take an episode out of the show: the feed loses it first, then its files go.

    ``which`` is a guid, a slug, the number ``briefcast list`` shows, or the file name of a
    damaged record (which ``feed`` and ``validate`` name). At every moment the published feed
    names only files that exist. The stories a removed briefing used are forgotten
    (``covered.json``), so that the next briefing may use them again.
    """
    show = Show(cfg.output)
    with show.lock():
        key = which.strip()
        for damaged in show.damaged():
            if key in (damaged.path.name, damaged.path.stem, damaged.guid) and key:
                show.forget_damaged(damaged)
                _write_feed(cfg, show)
                return Removed(damaged, _give_back(cfg, damaged.guid))
        episode = find_episode(cfg, which)
        show.forget(episode.guid)
        _write_feed(cfg, show)
        return Removed(episode, _give_back(cfg, episode.guid))


def _give_back(cfg: Config, guid: str) -> int:
    """Forget the stories covered by the episode ``guid``; how many there were."""
    if not guid:
        return 0
    return CoveredStories.load(cfg.output).forget(guid)[1]


def private_feed_url(cfg: Config, *, rotate: bool = False) -> str:
    """The subscribe URL of a private show (its token made on first use).

    With ``rotate`` a new token replaces the old one and the feed and pages are rewritten
    with it; the old address stops working once the show is published (or served) again.
    """
    from ..show import private

    private.require_private(cfg)
    Show(cfg.output).ensure()
    if rotate:
        private.rotate(cfg)
        if Show(cfg.output).listing():
            write_feed(cfg)
    return private.site_config(cfg).feed_url


def validate_feed(cfg: Config, path: Path | None = None) -> validate_mod.Report:
    """Validate ``path`` (default: the show's ``feed.xml``, whose files must all exist).

    For the show's own feed, each stored record that cannot be read or rendered (and so is
    left out of the feed) is reported as a warning naming the episode and what is wrong.
    """
    if path is not None:
        return validate_mod.validate_path(path)
    show = Show(cfg.output)
    report = validate_mod.validate_path(show.feed_path, require_local=True)
    notes = tuple(
        validate_mod.Problem(
            "warning",
            f"record {d.path.name}",
            f"episode {d.name} is left out of the feed: {d.reason}; take it "
            f"out with briefcast remove {d.path.name}",
        )
        for d in show.damaged()
    )
    return replace(report, problems=report.problems + notes) if notes else report


def list_episodes(cfg: Config) -> list[Episode]:
    """The stored episodes of the show, newest first."""
    return Show(cfg.output).episodes()


# ---------------------------------------------------------------- briefings


@dataclass(frozen=True)
class BriefingPlan:
    """A briefing before any audio: the stories as they will be read, and how long it will run.

    ``script`` is ``None`` when no new story was found. ``estimate_seconds`` is the estimated
    length of the episode as scripted (after fitting), ``full_seconds`` with every story read in
    full; both come from the voice's measured ``rate`` and the configured pauses.
    """

    collection: briefing.Collection
    stories: tuple[briefing.Story, ...]
    script: Script | None
    rate: SpeakingRate
    estimate_seconds: float = 0.0
    full_seconds: float = 0.0
    target_seconds: float | None = None
    day: datetime | None = None


@dataclass(frozen=True)
class BriefingResult:
    """A briefing run: its plan, and the published episode (``None`` when nothing was new)."""

    plan: BriefingPlan
    build: BuildResult | None


def measure_speaking_rate(voice: Voice, sentences: Sequence[str] = CALIBRATION) -> SpeakingRate:
    """Speak ``sentences`` and fit the voice's rate to the trimmed length of each clip."""
    clips = voice.speak(list(sentences))
    samples = [
        (text, len(trim_pcm(clip.pcm, clip.sample_rate)) / (2 * clip.sample_rate))
        for text, clip in zip(sentences, clips, strict=True)
    ]
    return fit_rate(samples)


def speaking_rate(voice: Voice, output: Path) -> SpeakingRate:
    """The voice's measured rate, from ``speaking-rates.json`` or measured now and kept there.

    Raises :class:`VoiceError` when the voice cannot speak the calibration text.
    """
    key = voice.identity()
    known = remembered_rate(output, key)
    if known is not None:
        return known
    rate = measure_speaking_rate(voice)
    log.info("measured %s: %.0f words a minute", key, rate.words_per_minute)
    remember_rate(output, key, rate, "calibration")
    return rate


def _learn_rate(voice: Voice, cues: Sequence[tuple[str, float]], cfg: Config) -> None:
    """Every episode refines the speaking rate of the voice that spoke it (when it said
    enough to learn from)."""
    rate = learned_rate(cues)
    if rate is not None:
        basis = f"{sum(1 for _, seconds in cues if seconds > 0)} sentences of the last episode"
        remember_rate(cfg.output, voice.identity(), rate, basis)


def _voice_rate(cfg: Config, lang: str, *, measure: bool = True) -> SpeakingRate:
    """The measured speaking rate of the voice that will speak: the configured engine, else
    its fallback (which then voices the episode), else a rough default.

    A rate remembered in ``speaking-rates.json`` (from calibration, refined by every episode
    built) is used first; else, with ``measure``, the voice speaks the calibration text.
    Previewing a script never measures: it speaks nothing and sends nothing away.
    """
    memory = open_cache(cfg)
    plan = plan_voices(cfg, memory)
    reasons = [f"{cfg.voice.engine}: {plan.reason}"] if plan.reason else []
    for name in plan.engines:
        remembered = memory.unreachable(name)
        if remembered:
            reasons.append(f"{name}: {remembered}")
            continue
        try:
            voice = get_voice(name, cfg, lang)
            known = remembered_rate(cfg.output, voice.identity())
            if known is not None:
                return known
            if not measure:
                reasons.append(f"{name}: not measured yet")
                continue
            return speaking_rate(voice, cfg.output)
        except VoiceUnreachable as exc:
            memory.remember_unreachable(name, str(exc))
            reasons.append(f"{name}: {exc}")
        except VoiceError as exc:
            reasons.append(f"{name}: {exc}")
    (log.warning if measure else log.info)(
        "no measured speaking rate of the voice (%s); estimating lengths at about %.0f words "
        "a minute",
        "; ".join(reasons),
        DEFAULT_RATE.words_per_minute,
    )
    return DEFAULT_RATE


def estimate_segments(script: Script, cfg: Config, rate: SpeakingRate | None = None) -> list[float]:
    """Each segment's estimated length in seconds, laid out as the build lays the audio out
    (pauses, tail, bed lead, intro and outro music), at the speaking voice's measured rate."""
    if rate is None:
        lang = language.episode_language([a.language for a in script.articles], "")
        rate = _voice_rate(cfg, lang, measure=False)
    return timing.segment_seconds(
        script, cfg.audio, rate.sentence_seconds, assemble.music_times(cfg.audio)
    )


def plan_briefing(
    sources: Sequence[str],
    cfg: Config,
    *,
    max_stories: int | None = None,
    target_minutes: float | None = None,
    title: str | None = None,
    allow_repeats: bool = False,
    now: datetime | None = None,
) -> BriefingPlan:
    """Collect the new stories of ``sources``, script the briefing and fit it to the target.

    Nothing is voiced or published: this is what ``briefcast script`` shows, and the first half
    of :func:`build_briefing`.
    """
    if not sources:
        raise ConfigError("name at least one article, URL or news feed for the briefing")
    if max_stories is not None and max_stories < 1:
        raise ConfigError("--max-stories must be at least 1")
    if target_minutes is not None and not 0 < target_minutes <= 600:
        raise ConfigError("--target-minutes must be more than 0 and at most 600")
    now = (now or datetime.now(UTC)).replace(microsecond=0)
    memory = None if allow_repeats else CoveredStories.load(cfg.output)
    found = briefing.collect(
        sources, memory=memory, max_stories=max_stories, options=read_options(cfg)
    )
    # Feed entries and pages enter the pipeline XML-safe, like articles.
    found = replace(found, stories=tuple(textsafe.safe_value(s) for s in found.stories))
    title = given_title(title)
    if not found.stories:
        return BriefingPlan(found, (), None, DEFAULT_RATE, day=now)
    rate = _voice_rate(cfg, _story_language(found.stories))
    music = assemble.music_times(cfg.audio)
    publishers = [s.publisher for s in found.stories]
    speech = speech_for(cfg)

    def build(articles: Sequence[Article]) -> Script:
        return build_briefing_script(
            articles,
            publishers,
            show_title=cfg.show.title,
            day=now.date(),
            title=title,
            read_credits=cfg.read.credits == "outro",
            speech=speech,
            disclose=cfg.show.spoken_disclosure,
            anchors=voice_anchors(cfg),
        )

    if target_minutes is None:
        script = build([s.article for s in found.stories])
        estimate = estimate_script_seconds(script, rate, cfg.audio, music)
        return BriefingPlan(found, found.stories, script, rate, estimate, estimate, None, now)
    target = target_minutes * 60
    fit = fit_to_target(
        [rank(s.article) for s in found.stories], build, target, rate, cfg.audio, music
    )
    if fit.estimate_seconds > target * 1.1:
        log.warning(
            "even read as their lead sentences only, the stories run about %.1f "
            "minutes, over the %.1f-minute target; use --max-stories to take fewer",
            fit.estimate_seconds / 60,
            target_minutes,
        )
    elif fit.estimate_seconds < target * 0.9:
        log.info(
            "the stories read in full run about %.1f minutes, under the %.1f-minute target",
            fit.estimate_seconds / 60,
            target_minutes,
        )
    stories = tuple(replace(s, article=a) for s, a in zip(found.stories, fit.articles, strict=True))
    return BriefingPlan(
        found, stories, fit.script, rate, fit.estimate_seconds, fit.full_seconds, target, now
    )


def briefing_guid(stories: Sequence[briefing.Story], day: datetime) -> str:
    """The same stories on the same day make the same episode (rebuilt, not duplicated)."""
    keys = [s.key or s.fingerprint for s in stories]
    return str(
        uuid.uuid5(GUID_NAMESPACE, "briefing\n" + day.date().isoformat() + "\n" + "\n".join(keys))
    )


def briefing_description(stories: Sequence[briefing.Story], day: datetime) -> str:
    """Plain-text summary of a briefing: its date and the headlines with their sources."""
    lines = []
    for story in stories:
        head = headline(story.article)
        lines.append(f"{head} ({story.publisher})" if story.publisher else head)
    return f"{spoken_date(day.date())}: " + "; ".join(lines) + "."


def build_briefing(
    sources: Sequence[str],
    cfg: Config,
    *,
    max_stories: int | None = None,
    target_minutes: float | None = None,
    title: str | None = None,
    allow_repeats: bool = False,
    now: datetime | None = None,
    progress: ProgressCallback | None = None,
    show_lock: ShowLock | None = None,
) -> BriefingResult:
    """Build and publish a briefing of the new stories in ``sources``; remember them.

    Failed sources are skipped (with a warning). When every story found was covered before,
    nothing is published and the result says so; when no story could be read at all,
    :class:`BriefingError` is raised and nothing is published.
    """
    now = (now or datetime.now(UTC)).replace(microsecond=0)
    report(progress, "reading", 0, len(sources), ", ".join(sources)[:80])
    plan = plan_briefing(
        sources,
        cfg,
        max_stories=max_stories,
        target_minutes=target_minutes,
        title=title,
        allow_repeats=allow_repeats,
        now=now,
    )
    report(progress, "reading", len(sources), len(sources))
    if plan.script is None:
        if plan.collection.repeats:
            return BriefingResult(plan, None)
        failed = "; ".join(f"{f.source}: {f.reason}" for f in plan.collection.failed)
        raise BriefingError(
            f"no story could be read from the {len(sources)} source(s), so "
            f"nothing was published ({failed or 'no stories found'})"
        )
    guid = briefing_guid(plan.stories, now)
    record = BriefingRecord(
        stories=tuple(
            StoryRecord(headline(s.article), s.url, s.publisher, s.origin, s.from_summary)
            for s in plan.stories
        ),
        target_seconds=plan.target_seconds,
        estimate_seconds=round(plan.estimate_seconds, 1),
    )
    facts = EpisodeFacts(
        guid,
        sources=tuple(s.url or s.origin for s in plan.stories),
        description=briefing_description(plan.stories, now),
        briefing=record,
    )
    result = produce_episode(
        plan.script, facts, cfg, now=now, progress=progress, show_lock=show_lock
    )
    with _locked(show_lock):
        memory = CoveredStories.load(cfg.output)
        memory.remember(plan.stories, guid, now)
    return BriefingResult(plan, result)


def _story_language(stories: Sequence[briefing.Story]) -> str:
    """The language the briefing is voiced in, as :func:`_voice_episode` decides it."""
    return language.episode_language([s.article.language for s in stories], "")


__all__ = [
    "BriefcastError",
    "BriefingPlan",
    "BriefingResult",
    "BuildResult",
    "EpisodeFacts",
    "build",
    "build_briefing",
    "find_episode",
    "list_episodes",
    "plan_briefing",
    "private_feed_url",
    "produce_episode",
    "Removed",
    "release_due",
    "remove_episode",
    "validate_feed",
    "write_feed",
]
