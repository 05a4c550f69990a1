"""The gTTS voice: Google Translate's text-to-speech, over the network.

Google takes at most 100 characters a request, and gTTS itself cuts text at every comma: about
116 requests for 1,000 words. Here a whole paragraph is planned at once: its words are packed
into as few chunks of at most 100 characters as possible, preferring to end a chunk between
sentences, then at a clause mark, and only then between words (:func:`plan_chunks`). That costs
about 65 requests per 1,000 words. Because a chunk can hold the end of one sentence and the start
of the next, each reply is cut back into sentences at the pause Google leaves at a full stop,
found by silence detection near where the text predicts it (:func:`split_points`), so every
sentence still gets its own clip and real timings.

Every request has a timeout; 429, 5xx and dropped connections are retried with exponential
backoff and jitter (a Retry-After is honoured), up to ``retries`` attempts. A service that
cannot be reached at all (the name does not resolve, the connection is refused, no connection
within the timeout) is :class:`~briefcast.errors.VoiceUnreachable` at once: a retry a second
later would fail the same way, and the pipeline remembers it for the next builds. At most
``concurrency``
requests are in flight, started at least ``min_interval`` seconds apart. Requests are sent
with one ``requests`` session per worker (kept alive, TLS verified); gTTS builds the request
bodies, and the reply is parsed as gTTS parses it. MP3 replies are decoded by ffmpeg with the
codec named, so no ffprobe is needed.
"""

from __future__ import annotations

import base64
import binascii
import email.utils
import errno
import itertools
import logging
import random
import re
import socket
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any, Protocol

from ..audio.media import SAMPLE_WIDTH, decode_to_pcm, pydub_audio_segment, trim_pcm
from ..errors import AudioError, ConfigError, VoiceError, VoiceUnavailable, VoiceUnreachable
from ..reading.language import gtts_language, primary
from .base import Clip, Engine, EngineStatus

log = logging.getLogger(__name__)

SUMMARY = "Google Translate's voice (online; sends the text to Google)"


@dataclass(frozen=True)
class GttsConfig:
    """Settings of the gTTS (Google Translate) voice."""

    lang: str = "en"
    tld: str = "com"
    slow: bool = False
    timeout: float = 15.0
    retries: int = 4
    concurrency: int = 1
    min_interval: float = 0.2
    # First retry waits about this many seconds, doubling each time (with jitter).
    backoff: float = 1.0


def validate(cfg: GttsConfig) -> None:
    """Refuse settings that would make gTTS hang, hammer Google or never retry."""
    if not 0 < cfg.timeout <= 300:
        raise ConfigError("voice.gtts.timeout must be more than 0 and at most 300 seconds")
    if not 1 <= cfg.retries <= 10:
        raise ConfigError("voice.gtts.retries must be between 1 and 10 attempts")
    if not 1 <= cfg.concurrency <= 8:
        raise ConfigError("voice.gtts.concurrency must be between 1 and 8")
    if not 0 <= cfg.min_interval <= 60 or not 0 <= cfg.backoff <= 60:
        raise ConfigError("voice.gtts.min_interval and backoff must be between 0 and 60 seconds")


def for_language(cfg: GttsConfig, language: str) -> GttsConfig:
    """``cfg`` set to speak ``language`` (a BCP 47 tag); unchanged when it is ``""``.

    A configured regional variant of the same language ("fr-CA" for "fr") is kept. Raises
    :class:`VoiceUnavailable` when gTTS cannot speak the language.
    """
    if not language:
        return cfg
    code = gtts_language(language)
    if not code:
        raise VoiceUnavailable(
            f"the gtts voice cannot speak the article's language "
            f"{language!r}; set read.language in the config if it was "
            "detected wrongly"
        )
    if primary(code) == primary(cfg.lang):
        return cfg
    return replace(cfg, lang=code)


TEMPLATE = """\
[voice.gtts]
# Language used when an article's language is unknown; a known one (from the article's
# metadata, detection or read.language) takes precedence.
lang = "en"
# Accent, by Google domain: "com", "co.uk", "com.au", "ca", "co.in", ...
tld = "com"
slow = false
# Seconds to wait for each request, and attempts per request before giving up.
timeout = 15.0
retries = 4
# Requests in flight at once, and the least gap in seconds between two requests.
concurrency = 1
min_interval = 0.2
# Seconds before the first retry; doubled at each retry, with jitter. A Retry-After from Google
# is honoured instead.
backoff = 1.0
"""

MAX_CHARS = 100
SAMPLE_RATE = 24000  # gTTS replies are 24 kHz mono MP3
RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
# A Retry-After longer than this is not waited for: the build gives up (or falls back) at once.
MAX_RETRY_AFTER = 60.0
MAX_BACKOFF = 30.0
ENDPOINT = "https://translate.google.{tld}/_/TranslateWebserverUi/data/batchexecute"
HOME = "https://translate.google.{tld}/"
RPC_ID = "jQ1olc"
_AUDIO_RE = re.compile(r'jQ1olc","\[\\"(.*)\\"]')

# What it costs, in requests, to end a chunk at each kind of boundary. A chunk that ends inside
# a sentence makes Google drop the pitch there, so a break between words is accepted only when
# four of them save one request; a clause break, where a pause is natural, costs less. News
# prose runs at about 6.3 characters a word, so 1,000 words cannot take fewer than about 64
# requests; these weights stay within one or two of that least number (68 for the test's
# 1,000-word article with its intro and outro, where 68 is the least possible).
BREAK_COST = {"sentence": 0.0, "clause": 0.1, "word": 0.25}
# Pauses put back where a sentence was cut across two requests, in milliseconds.
JOIN_GAP_MS = {"sentence": 0, "clause": 180, "word": 60}
# Silence detection of a reply: the shortest pause that can end a sentence, and how far below
# the reply's average loudness counts as silence.
MIN_PAUSE_MS = 120
SILENCE_BELOW_AVERAGE_DB = 20.0
# Accents are chosen by the Google domain (the tld); these are the ones known to differ.
ACCENTS: dict[str, tuple[tuple[str, str], ...]] = {
    "en": (
        ("com", "United States"),
        ("co.uk", "United Kingdom"),
        ("com.au", "Australia"),
        ("ca", "Canada"),
        ("co.in", "India"),
        ("ie", "Ireland"),
        ("co.za", "South Africa"),
        ("com.ng", "Nigeria"),
    ),
    "fr": (("fr", "France"), ("ca", "Canada")),
    "pt": (("com.br", "Brazil"), ("pt", "Portugal")),
    "es": (("com.mx", "Mexico"), ("es", "Spain"), ("us", "United States")),
}
_CLAUSE_END = re.compile(r"[,;:)\]—–]$|^[—–]$")
_CLAUSE_START = re.compile(r"^[(\[—–]")


@dataclass(frozen=True)
class Piece:
    """The part of one sentence that lies in a chunk: characters ``start:end`` of its text."""

    sentence: int
    start: int
    end: int


@dataclass(frozen=True)
class Chunk:
    """One request: its text, the sentence pieces it holds, and how the text is cut after it.

    ``cut`` is the kind of boundary at the end of the chunk: "sentence" when the last piece ends
    its sentence, else "clause" or "word" (the sentence continues in the next chunk).
    """

    text: str
    pieces: tuple[Piece, ...]
    cut: str


@dataclass(frozen=True)
class _Word:
    text: str
    sentence: int
    brk: str  # the kind of boundary after this word


def _words(sentences: Sequence[str], limit: int) -> list[_Word]:
    """The paragraph's words, each with its sentence and the kind of boundary after it."""
    words: list[_Word] = []
    for index, sentence in enumerate(sentences):
        tokens: list[str] = []
        for token in sentence.split():
            # A "word" longer than a request (a long URL) is cut hard.
            tokens += [token[i : i + limit] for i in range(0, len(token), limit)]
        for pos, token in enumerate(tokens):
            if pos == len(tokens) - 1:
                brk = "sentence"
            elif _CLAUSE_END.search(token) or _CLAUSE_START.search(tokens[pos + 1]):
                brk = "clause"
            else:
                brk = "word"
            words.append(_Word(token, index, brk))
    return words


def plan_chunks(sentences: Sequence[str], limit: int = MAX_CHARS) -> list[Chunk]:
    """Pack a paragraph's sentences into the cheapest chunks of at most ``limit`` characters.

    Dynamic programming over word boundaries: cost is one per request plus :data:`BREAK_COST`
    for each chunk that does not end at a sentence end. Whole sentences are packed together when
    they fit; a longer sentence is cut at clauses, and between words only when that saves
    requests.
    """
    words = _words(sentences, limit)
    n = len(words)
    if not n:
        return []
    best = [0.0] + [float("inf")] * n
    back = [0] * (n + 1)
    for i in range(1, n + 1):
        length = -1
        end_cost = 0.0 if i == n else BREAK_COST[words[i - 1].brk]
        for j in range(i - 1, -1, -1):
            length += len(words[j].text) + 1
            if length > limit:
                break
            cost = best[j] + 1 + end_cost
            if cost < best[i] - 1e-9:
                best[i], back[i] = cost, j
    bounds = []
    i = n
    while i:
        bounds.append((back[i], i))
        i = back[i]
    chunks = []
    for j, i in reversed(bounds):
        text, pieces = "", []
        for sentence, group in itertools.groupby(words[j:i], key=lambda w: w.sentence):
            part = " ".join(w.text for w in group)
            start = len(text) + (1 if text else 0)
            text = f"{text} {part}" if text else part
            pieces.append(Piece(sentence, start, len(text)))
        chunks.append(Chunk(text, tuple(pieces), words[i - 1].brk))
    return chunks


# --- cutting replies back into sentences ---------------------------------------------------


def _ms_to_byte(ms: float, rate: int) -> int:
    return int(ms * rate / 1000) * SAMPLE_WIDTH


def split_points(pcm: bytes, chunk: Chunk, rate: int = SAMPLE_RATE) -> list[int]:
    """Byte offsets in ``pcm`` (the chunk's reply) where one sentence ends and the next begins.

    The text says roughly where each boundary lies (its share of the characters, across the
    speech between the reply's leading and trailing silence); the cut is made in the middle of
    the pause found nearest to that place, preferring long pauses (a full stop) to short ones (a
    comma). When no pause is found the proportional estimate is used.
    """
    boundaries = [piece.end for piece in chunk.pieces[:-1]]
    if not boundaries:
        return []
    seg = pydub_audio_segment()(data=pcm, sample_width=SAMPLE_WIDTH, frame_rate=rate, channels=1)
    from pydub.silence import detect_silence  # after pydub_audio_segment() has set pydub up

    length = len(seg)
    if length == 0 or seg.rms == 0:
        return [0 for _ in boundaries]
    thresh = seg.dBFS - SILENCE_BELOW_AVERAGE_DB
    silences = detect_silence(seg, min_silence_len=MIN_PAUSE_MS, silence_thresh=thresh, seek_step=5)
    lead = silences[0][1] if silences and silences[0][0] == 0 else 0
    tail = silences[-1][0] if silences and silences[-1][1] >= length - 5 else length
    inner = [(a, b) for a, b in silences if a > lead and b < tail] if tail > lead else []
    span = max(tail - lead, 1)
    expected = [lead + span * c / max(len(chunk.text), 1) for c in boundaries]
    chosen = _match_pauses(expected, inner, span)
    cuts = []
    previous = 0.0
    for guess, pause in zip(expected, chosen, strict=True):
        at = (pause[0] + pause[1]) / 2 if pause else guess
        at = max(at, previous)
        cuts.append(_ms_to_byte(at, rate))
        previous = at
    return cuts


def _match_pauses(
    expected: Sequence[float], pauses: Sequence[tuple[int, int]], span: float
) -> list[tuple[int, int] | None]:
    """Assign pauses (in order, each at most once) to the expected boundaries, or None.

    A pause scores its length minus half its distance from the expected place; only pauses with
    a positive score are used, and the assignment with the best total wins.
    """

    def score(pause: tuple[int, int], guess: float) -> float:
        mid = (pause[0] + pause[1]) / 2
        return (pause[1] - pause[0]) - 0.5 * abs(mid - guess)

    memo: dict[tuple[int, int], tuple[float, list[tuple[int, int] | None]]] = {}

    def best(j: int, start: int) -> tuple[float, list[tuple[int, int] | None]]:
        if j == len(expected):
            return 0.0, []
        if (j, start) in memo:
            return memo[(j, start)]
        rest, picks = best(j + 1, start)
        result: tuple[float, list[tuple[int, int] | None]] = (rest, [None, *picks])
        for k in range(start, len(pauses)):
            s = score(pauses[k], expected[j])
            if s <= 0:
                continue
            rest, picks = best(j + 1, k + 1)
            if s + rest > result[0]:
                result = (s + rest, [pauses[k], *picks])
        memo[(j, start)] = result
        return result

    return best(0, 0)[1]


def assemble_sentences(
    chunks: Sequence[Chunk], replies: Sequence[bytes], rate: int = SAMPLE_RATE
) -> dict[int, bytes]:
    """Cut each chunk's decoded reply at its sentence boundaries and join each sentence's parts.

    Returns the audio of every sentence that has a piece in ``chunks`` (in chunk order), keyed
    by sentence index. A sentence spread over two requests is joined with the pause its cut
    deserves (a clause or word gap) instead of the silence Google puts around every reply.
    """
    parts: dict[int, list[tuple[bytes, str]]] = {}
    for chunk, pcm in zip(chunks, replies, strict=True):
        cuts = [0, *split_points(pcm, chunk, rate), len(pcm)]
        for k, piece in enumerate(chunk.pieces):
            last = k == len(chunk.pieces) - 1
            parts.setdefault(piece.sentence, []).append(
                (pcm[cuts[k] : cuts[k + 1]], chunk.cut if last else "sentence")
            )
    sentences = {}
    for index, pieces in parts.items():
        joined = b""
        for k, (pcm, cut) in enumerate(pieces):
            more = k < len(pieces) - 1
            joined += trim_pcm(pcm, rate, start=k > 0, end=more) if len(pieces) > 1 else pcm
            if more:
                joined += b"\x00" * _ms_to_byte(JOIN_GAP_MS.get(cut, 0), rate)
        sentences[index] = joined
    return sentences


class _Plan:
    """The chunks of a whole episode, fetched paragraph by paragraph as they are spoken."""

    def __init__(self, paragraphs: Sequence[Sequence[str]]) -> None:
        self.sentences = [s for p in paragraphs for s in p]
        self.chunks = plan_chunks(self.sentences)
        self.by_sentence: dict[int, list[int]] = {}
        for ci, chunk in enumerate(self.chunks):
            for piece in chunk.pieces:
                self.by_sentence.setdefault(piece.sentence, []).append(ci)
        self.cursor = 0
        self.pcm: dict[int, bytes] = {}

    def find(self, sentences: Sequence[str]) -> bool:
        """Move to where ``sentences`` come next in the plan; False when they are not in it.

        Normally they are the very next ones; a sentence skipped (found in the cache meanwhile,
        say by a concurrent build) is passed over rather than abandoning the plan.
        """
        wanted = list(sentences)
        if not wanted:
            return False
        for start in range(self.cursor, len(self.sentences) - len(wanted) + 1):
            if self.sentences[start : start + len(wanted)] == wanted:
                self.cursor = start
                return True
        return False

    def needed(self, count: int) -> list[int]:
        """Indices of the chunks that hold the next ``count`` sentences."""
        span = range(self.cursor, self.cursor + count)
        return sorted({ci for s in span for ci in self.by_sentence.get(s, [])})

    def advance(self, count: int) -> None:
        """Move past ``count`` sentences and forget replies no later sentence needs."""
        self.cursor += count
        for ci in list(self.pcm):
            if max(p.sentence for p in self.chunks[ci].pieces) < self.cursor:
                del self.pcm[ci]


# --- talking to Google ---------------------------------------------------------------------


class _Pacer:
    """Starts requests at least ``interval`` seconds apart, across threads; can hold everyone."""

    def __init__(self, interval: float, sleep: Callable[[float], None]) -> None:
        self.interval = interval
        self._sleep = sleep
        self._lock = threading.Lock()
        self._next = 0.0

    def wait(self) -> float:
        """Wait for this request's turn; return the (monotonic) time it was given."""
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next)
            self._next = start + self.interval
        if start > now:
            self._sleep(start - now)
        return start

    def hold(self, seconds: float) -> None:
        """Start no request for ``seconds`` (Google asked everyone to slow down)."""
        with self._lock:
            self._next = max(self._next, time.monotonic() + seconds)

    def slot(self) -> AbstractContextManager[None]:
        """In one process the request threads (``concurrency`` of them) are the slots."""
        return nullcontext()


class Pacer(Protocol):
    """Paces requests: this process's :class:`_Pacer`, or one shared through the broker
    (:class:`~briefcast.voices.ratelimit.RedisPacer`) so that every worker keeps one pace."""

    def wait(self) -> float:
        """Wait for this request's turn."""
        ...

    def hold(self, seconds: float) -> None:
        """Start no request for ``seconds``."""
        ...

    def slot(self) -> AbstractContextManager[None]:
        """One of the ``concurrency`` requests allowed in flight, for the block's duration."""
        ...


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds asked for by a Retry-After header (delay in seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):  # not a date a calendar holds
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class _Retry(Exception):
    """A failed attempt that may succeed later."""

    def __init__(self, reason: str, status: int | None, retry_after: float | None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status = status
        self.retry_after = retry_after


class GttsVoice:
    """gTTS behind the :class:`~briefcast.voices.base.Voice` protocol."""

    name = "gtts"
    sample_rate = SAMPLE_RATE

    def __init__(
        self,
        cfg: GttsConfig,
        *,
        sleep: Callable[[float], None] = time.sleep,
        pacer: Pacer | None = None,
    ) -> None:
        from gtts.lang import tts_langs

        if cfg.lang not in tts_langs():
            raise ConfigError(
                f"gTTS does not speak {cfg.lang!r}; set voice.gtts.lang to one of "
                "the languages listed by 'briefcast voices'"
            )
        self.cfg = cfg
        self._pacer: Pacer = pacer or _Pacer(cfg.min_interval, sleep)
        self._local = threading.local()
        self._count_lock = threading.Lock()
        self._plan: _Plan | None = None
        self.requests_made = 0

    @property
    def pacer(self) -> Pacer:
        """What paces this voice's requests (this process's, or the broker's)."""
        return self._pacer

    def share_pace(self, broker: str) -> None:
        """Keep ``min_interval`` and ``concurrency`` for every worker on ``broker`` together
        (one limiter per Google domain), instead of for this process alone."""
        from .ratelimit import redis_pacer

        self._pacer = redis_pacer(
            broker,
            f"gtts:{self.cfg.tld}",
            self.cfg.min_interval,
            self.cfg.concurrency,
            lease=2 * self.cfg.timeout + 5,
        )

    def identity(self) -> str:
        """Engine, language, accent and speed."""
        return f"gtts:lang={self.cfg.lang}:tld={self.cfg.tld}:slow={self.cfg.slow}"

    def plan(self, paragraphs: Sequence[Sequence[str]]) -> None:
        """Pack the whole episode, across paragraphs, before the first one is spoken."""
        self._plan = _Plan(paragraphs)

    def speak(self, sentences: Sequence[str]) -> list[Clip]:
        """One clip per sentence, from as few requests as the episode (or paragraph) allows."""
        plan = self._plan
        if plan is not None and plan.find(sentences):
            needed = plan.needed(len(sentences))
            fresh = [ci for ci in needed if ci not in plan.pcm]
            plan.pcm.update(
                zip(fresh, self._voice_chunks([plan.chunks[ci] for ci in fresh]), strict=True)
            )
            voiced = assemble_sentences(
                [plan.chunks[ci] for ci in needed], [plan.pcm[ci] for ci in needed]
            )
            indices = list(range(plan.cursor, plan.cursor + len(sentences)))
            plan.advance(len(sentences))
        else:
            if plan is not None:
                log.debug("gTTS: paragraph out of plan; voicing it on its own")
            chunks = plan_chunks(sentences)
            voiced = assemble_sentences(chunks, self._voice_chunks(chunks))
            indices = list(range(len(sentences)))
        clips = []
        for sentence, index in zip(sentences, indices, strict=True):
            pcm = voiced.get(index, b"")
            if not pcm:
                raise VoiceError(f"gTTS returned no audio for {sentence[:60]!r}")
            clips.append(Clip(pcm, SAMPLE_RATE))
        return clips

    def _voice_chunks(self, chunks: Sequence[Chunk]) -> list[bytes]:
        """Fetch and decode every chunk: mono PCM at :data:`SAMPLE_RATE`, in order."""
        pcms = []
        for chunk, mp3 in zip(chunks, self._fetch_all([c.text for c in chunks]), strict=True):
            if not mp3:
                pcms.append(b"")
                continue
            try:
                pcms.append(decode_to_pcm(mp3, SAMPLE_RATE, codec="mp3"))
            except AudioError as exc:
                raise VoiceError(
                    f"gTTS answered with audio that cannot be decoded ({exc}) for "
                    f"{chunk.text[:60]!r}"
                ) from exc
        return pcms

    def _fetch_all(self, texts: Sequence[str]) -> list[bytes]:
        """Every text's MP3, in order; the first failure cancels the requests not yet sent."""
        if self.cfg.concurrency <= 1 or len(texts) <= 1:
            return [self._fetch(t) for t in texts]
        pool = ThreadPoolExecutor(
            max_workers=self.cfg.concurrency, thread_name_prefix="briefcast-gtts"
        )
        try:
            futures = [pool.submit(self._fetch, t) for t in texts]
            return [f.result() for f in futures]
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    def _session(self) -> Any:
        import requests

        session = getattr(self._local, "session", None)
        if session is None:
            from gtts import gTTS

            session = requests.Session()
            session.headers.update(gTTS.GOOGLE_TTS_HEADERS)
            self._local.session = session
        return session

    def _body(self, text: str) -> str:
        """The request body gTTS would send for ``text`` (one part, no pre-processing)."""
        from gtts import gTTS

        tts = gTTS(
            text,
            lang=self.cfg.lang,
            tld=self.cfg.tld,
            slow=self.cfg.slow,
            lang_check=False,
            pre_processor_funcs=[],
            tokenizer_func=lambda t: [t],
        )
        return str(tts.get_bodies()[0])

    def _fetch(self, text: str) -> bytes:
        """One chunk's MP3, retrying refusals with backoff; raise when it keeps failing."""
        if not any(ch.isalnum() for ch in text):
            return b""
        body = self._body(text)
        attempts = self.cfg.retries
        for attempt in range(1, attempts + 1):
            try:
                with self._pacer.slot():
                    self._pacer.wait()
                    with self._count_lock:
                        self.requests_made += 1
                    return self._attempt(body)
            except _Retry as retry:
                if retry.retry_after is not None and retry.retry_after > MAX_RETRY_AFTER:
                    raise VoiceUnavailable(
                        f"Google's text-to-speech service answered {retry.status} and asks to "
                        f"wait {retry.retry_after:.0f} s; try again later or use --engine piper"
                    ) from retry
                if attempt == attempts:
                    raise self._gave_up(retry, attempts) from retry
                if retry.retry_after is not None:
                    delay = retry.retry_after + random.uniform(0, 0.1 * retry.retry_after + 0.05)
                else:
                    step = min(MAX_BACKOFF, self.cfg.backoff * 2 ** (attempt - 1))
                    delay = step / 2 + random.uniform(0, step / 2)
                # Held on the pacer, so that every worker waits, not only this one.
                self._pacer.hold(delay)
                log.info(
                    "gTTS: %s; retry %d of %d in %.1f s", retry.reason, attempt, attempts - 1, delay
                )
        raise AssertionError("unreachable")  # pragma: no cover

    def _attempt(self, body: str) -> bytes:
        """Send one request; its audio, or :class:`_Retry`, or a final VoiceError."""
        import requests

        url = ENDPOINT.format(tld=self.cfg.tld)
        timeout = self.cfg.timeout
        deadline = time.monotonic() + timeout
        try:
            rsp = self._session().post(url, data=body, timeout=(timeout, timeout), stream=True)
            with rsp:
                content = bytearray()
                for part in rsp.iter_content(65536):
                    content += part
                    if time.monotonic() > deadline:
                        raise requests.Timeout("reply still arriving")
        except requests.ConnectTimeout as exc:
            raise VoiceUnreachable(
                f"cannot reach Google's voice (no connection within {timeout:g} s)"
            ) from exc
        except requests.Timeout as exc:
            raise _Retry(f"no reply within {timeout:g} s", None, None) from exc
        except requests.ConnectionError as exc:
            cause = _root_cause(exc)
            if _unreachable(exc):
                # No name, refused or no route: a retry in a second would fail the same way.
                raise VoiceUnreachable(f"cannot reach Google's voice ({_short(cause)})") from exc
            raise _Retry(f"cannot connect ({cause})", None, None) from exc
        except requests.RequestException as exc:
            raise _Retry(f"request failed ({_root_cause(exc)})", None, None) from exc
        status = rsp.status_code
        if status in RETRY_STATUS:
            raise _Retry(
                f"answered {status} ({rsp.reason})",
                status,
                retry_after_seconds(rsp.headers.get("Retry-After")),
            )
        if status != 200:
            cause = (
                "probable cause: Google changed the endpoint or blocks this machine"
                if status in (403, 404)
                else "probable cause: the request was refused"
            )
            raise VoiceUnavailable(
                f"Google's text-to-speech service refused the request "
                f"({status} {rsp.reason}); {cause}; use --engine piper to "
                "work offline"
            )
        return _parse_reply(bytes(content))

    def _gave_up(self, retry: _Retry, attempts: int) -> VoiceUnavailable:
        """A clear error for a request that failed on every attempt."""
        if retry.status == 429:
            return VoiceUnavailable(
                f"Google's text-to-speech service kept answering 429 (Too Many Requests) over "
                f"{attempts} attempts; probable cause: too many requests from this address; "
                "wait a while, lower voice.gtts.concurrency, or use --engine piper"
            )
        if retry.status is not None:
            return VoiceUnavailable(
                f"Google's text-to-speech service kept failing ({retry.reason}) over {attempts} "
                "attempts; try again later or use --engine piper"
            )
        return VoiceUnavailable(
            f"cannot reach Google's text-to-speech service: {retry.reason}, over {attempts} "
            "attempts (no network?); use --engine piper to work offline"
        )


_UNREACHABLE_WORDS = (
    "connection refused",
    "name or service not known",
    "failed to resolve",
    "temporary failure in name resolution",
    "nodename nor servname",
    "network is unreachable",
    "no route to host",
    "getaddrinfo failed",
)


def _unreachable(exc: BaseException) -> bool:
    """True when ``exc`` says the service cannot be reached at all: no DNS answer, the
    connection refused, no route (a reset or a dropped reply is worth a retry)."""
    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, socket.gaierror | ConnectionRefusedError):
            return True
        if isinstance(seen, OSError) and seen.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH):
            return True
        if any(word in str(seen).lower() for word in _UNREACHABLE_WORDS):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _short(cause: str) -> str:
    """A root cause in a few words: "Name or service not known" -> "no network (DNS)"."""
    low = cause.lower()
    if "refused" in low:
        return "connection refused"
    if any(
        w in low
        for w in ("resolve", "name or service", "name resolution", "nodename", "getaddrinfo")
    ):
        return "no network: the name does not resolve"
    if "unreachable" in low or "no route" in low:
        return "no network: no route"
    return cause[:60]


def _root_cause(exc: BaseException) -> str:
    """The innermost reason of a requests error, in a few words."""
    while exc.__context__ is not None and exc.__context__ is not exc:
        exc = exc.__context__
    text = str(exc)
    if text.startswith("[Errno"):  # "[Errno 111] Connection refused"
        text = text.split("]", 1)[-1]
    return text.strip()[:120] or type(exc).__name__


def _parse_reply(content: bytes) -> bytes:
    """The MP3 in a batchexecute reply, found as gTTS finds it; VoiceError when absent."""
    for line in content.decode("utf-8", "replace").splitlines():
        if RPC_ID not in line:
            continue
        match = _AUDIO_RE.search(line)
        if match:
            try:
                audio = base64.b64decode(match.group(1).encode("ascii"), validate=True)
            except (binascii.Error, ValueError):
                break
            if audio:
                return audio
        break
    raise VoiceUnavailable(
        "Google's text-to-speech service answered without audio; probable "
        "cause: Google changed its reply format (try a newer gTTS) or "
        "refused the text; use --engine piper to work offline"
    )


# --- briefcast voices ------------------------------------------------------------------------


def probe(tld: str, timeout: float) -> str:
    """ "" when Google Translate answers within ``timeout`` seconds, else why not.

    The request runs in a daemon thread that is abandoned after the timeout, because name
    resolution is not covered by the socket timeout and can block far longer on a machine
    without network.
    """
    result: list[str] = []

    def ask() -> None:
        import requests

        try:
            rsp = requests.head(HOME.format(tld=tld), timeout=timeout, allow_redirects=False)
        except requests.Timeout:
            result.append(f"no answer within {timeout:g} s")
        except requests.RequestException as exc:
            result.append(_root_cause(exc))
        else:
            result.append(
                ""
                if rsp.status_code < 400 or rsp.status_code == 405
                else f"answered {rsp.status_code} ({rsp.reason})"
            )

    worker = threading.Thread(target=ask, name="briefcast-probe", daemon=True)
    worker.start()
    worker.join(timeout + 0.5)
    return result[0] if result else f"no answer within {timeout:g} s"


def status(cfg: GttsConfig, timeout: float) -> EngineStatus:
    """Installed? Reachable within ``timeout``? Its accents and languages."""
    summary = SUMMARY
    try:
        from gtts.lang import tts_langs
    except ImportError:
        return EngineStatus(
            "gtts", False, "not installed", summary, "the gTTS package is missing: pip install gTTS"
        )
    langs = tuple(sorted(tts_langs()))
    accents = tuple(f"{tld} ({where})" for tld, where in ACCENTS.get(cfg.lang.split("-")[0], ()))
    configured = f"lang={cfg.lang} tld={cfg.tld} slow={str(cfg.slow).lower()}"
    host = f"translate.google.{cfg.tld}"
    why = probe(cfg.tld, timeout)
    if not why:
        state, usable, detail = "ready", True, f"{host} answers; {configured}"
    elif why.startswith("answered"):
        state, usable, detail = "refused", False, f"{host} {why}"
    else:
        state, usable, detail = "unreachable", False, f"{host} is unreachable: {why}"
    return EngineStatus(
        "gtts",
        usable,
        state,
        summary,
        detail,
        (),
        langs,
        accents,
        accents_setting="voice.gtts.tld",
        languages_setting="voice.gtts.lang",
    )


ENGINE = Engine("gtts", SUMMARY, GttsConfig, GttsVoice, status, validate, for_language, TEMPLATE)
