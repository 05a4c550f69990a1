"""The gTTS voice: Google Translate's text-to-speech, over the network.

Every request has a timeout; 429, 5xx and dropped connections are retried with exponential
backoff and jitter (a Retry-After is honoured), up to ``retries`` attempts. A service that
cannot be reached at all (the name does not resolve, the connection is refused, no connection
within the timeout) is :class:`~briefcast.errors.VoiceUnreachable` at once: a retry a second
later would fail the same way, and the pipeline remembers it for the next builds. Requests are
paced (:mod:`.pace`) and packed into as few as the text allows (:mod:`.chunks`); they are sent
with one ``requests`` session per worker (kept alive, TLS verified); gTTS builds the request
bodies, and the reply is parsed as gTTS parses it. MP3 replies are decoded by ffmpeg with the
codec named, so no ffprobe is needed.
"""

from __future__ import annotations

import base64
import binascii
import errno
import logging
import random
import re
import socket
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from typing import Any

from ...audio.media import decode_to_pcm
from ...config import within
from ...errors import AudioError, ConfigError, VoiceError, VoiceUnavailable, VoiceUnreachable
from ...reading.language import primary
from ..base import Clip, Engine, EngineStatus
from .chunks import SAMPLE_RATE, Chunk, Plan, assemble_sentences, plan_chunks
from .languages import ACCENTS, gtts_language
from .pace import LocalPacer, Pacer, retry_after_seconds

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
    within("voice.gtts", "retries", cfg.retries, 1, 10, " attempts")
    within("voice.gtts", "concurrency", cfg.concurrency, 1, 8)
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

RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
# A Retry-After longer than this is not waited for: the build gives up (or falls back) at once.
MAX_RETRY_AFTER = 60.0
MAX_BACKOFF = 30.0
ENDPOINT = "https://translate.google.{tld}/_/TranslateWebserverUi/data/batchexecute"
HOME = "https://translate.google.{tld}/"
RPC_ID = "jQ1olc"
_AUDIO_RE = re.compile(r'jQ1olc","\[\\"(.*)\\"]')


# --- talking to Google ---------------------------------------------------------------------


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
        self._pacer: Pacer = pacer or LocalPacer(cfg.min_interval, sleep)
        self._local = threading.local()
        self._count_lock = threading.Lock()
        self._plan: Plan | None = None
        self.requests_made = 0

    @property
    def pacer(self) -> Pacer:
        """What paces this voice's requests (this process's, or the broker's)."""
        return self._pacer

    def share_pace(self, broker: str) -> None:
        """Keep ``min_interval`` and ``concurrency`` for every worker on ``broker`` together
        (one limiter per Google domain), instead of for this process alone."""
        from .pace import redis_pacer

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
        self._plan = Plan(paragraphs)

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


ENGINE = Engine(
    "gtts",
    SUMMARY,
    GttsConfig,
    GttsVoice,
    status,
    validate,
    for_language,
    TEMPLATE,
    # An anchor "gtts:co.uk" speaks with that accent.
    choose=lambda cfg, tld: replace(cfg, tld=tld),
)
