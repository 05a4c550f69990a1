"""The gTTS voice: Google Translate's text-to-speech, over the network.

gTTS itself cuts text at every comma and sends one request per piece, with no timeout and no
retry. Here each sentence is packed into chunks of at most 100 characters (whole sentence,
else clauses, else words), every request has a timeout, and refusals (429, 5xx, connection
errors) are retried with exponential backoff and jitter before the engine gives up.
"""

from __future__ import annotations

import io
import logging
import random
import re
import time
from collections.abc import Sequence

from ..config import GttsConfig
from ..errors import VoiceError, VoiceUnavailable
from ..media import decode_to_pcm
from . import Clip

log = logging.getLogger(__name__)

MAX_CHARS = 100
SAMPLE_RATE = 24000  # gTTS replies are 24 kHz mono MP3
RETRY_STATUS = frozenset({429, 500, 502, 503, 504})


def chunk_text(text: str, limit: int = MAX_CHARS) -> list[str]:
    """Pack ``text`` into chunks of at most ``limit`` characters.

    Whole sentences first; a longer sentence is cut at clause marks, then between words; a word
    longer than ``limit`` is cut hard.
    """
    text = " ".join(text.split())
    if not text:
        return []
    if len(text) <= limit:
        return [text]
    pieces = re.split(r"(?<=[.!?…])\s+", text)
    if len(pieces) == 1:
        pieces = re.split(r"(?<=[,;:—–)])\s+|\s+(?=[—–(])", text)
        if len(pieces) == 1:
            pieces = text.split(" ")
            if len(pieces) == 1:
                return [text[i : i + limit] for i in range(0, len(text), limit)]
    chunks: list[str] = []
    current = ""
    for piece in pieces:
        for part in chunk_text(piece, limit) if len(piece) > limit else [piece]:
            if current and len(current) + 1 + len(part) <= limit:
                current = f"{current} {part}"
            else:
                if current:
                    chunks.append(current)
                current = part
    if current:
        chunks.append(current)
    return chunks


class GttsVoice:
    """gTTS behind the :class:`~briefcast.voices.Voice` protocol."""

    name = "gtts"
    sample_rate = SAMPLE_RATE

    def __init__(self, cfg: GttsConfig, *, sleep: object = time.sleep) -> None:
        self.cfg = cfg
        self._sleep = sleep
        self.requests_made = 0

    def identity(self) -> str:
        """Engine, language, accent and speed."""
        return f"gtts:lang={self.cfg.lang}:tld={self.cfg.tld}:slow={self.cfg.slow}"

    def speak(self, sentences: Sequence[str]) -> list[Clip]:
        """One clip per sentence, each voiced from its own chunks."""
        clips = []
        for sentence in sentences:
            mp3 = b"".join(self._request(chunk) for chunk in chunk_text(sentence))
            if not mp3:
                raise VoiceError(f"gTTS returned no audio for: {sentence[:60]!r}")
            clips.append(Clip(decode_to_pcm(mp3, SAMPLE_RATE, codec="mp3"), SAMPLE_RATE))
        return clips

    def _request(self, chunk: str) -> bytes:
        """Fetch one chunk's MP3, retrying refusals with backoff; raise when it keeps failing."""
        from gtts import gTTS, gTTSError

        attempts = max(1, self.cfg.retries)
        for attempt in range(1, attempts + 1):
            tts = gTTS(
                chunk,
                lang=self.cfg.lang,
                tld=self.cfg.tld,
                slow=self.cfg.slow,
                timeout=self.cfg.timeout,
                pre_processor_funcs=[],
                tokenizer_func=lambda t: [t],
            )
            buf = io.BytesIO()
            self.requests_made += 1
            try:
                tts.write_to_fp(buf)
            except gTTSError as exc:
                status = exc.rsp.status_code if exc.rsp is not None else None
                retryable = status is None or status in RETRY_STATUS
                if not retryable or attempt == attempts:
                    raise self._error(exc, status) from exc
                delay = self._retry_after(exc) or min(30.0, 0.5 * 2 ** (attempt - 1))
                delay *= 1 + random.random() * 0.25
                log.info("gTTS refused (%s); retry %d of %d in %.1f s", status or "no answer",
                         attempt, attempts - 1, delay)
                self._sleep(delay)  # type: ignore[operator]
                continue
            data = buf.getvalue()
            if not data:
                raise VoiceError("gTTS answered without audio; probable cause: Google changed "
                                 "its reply format or refused the text")
            return data
        raise AssertionError("unreachable")  # pragma: no cover

    @staticmethod
    def _retry_after(exc: Exception) -> float | None:
        """Seconds from a Retry-After header, when the reply had one."""
        rsp = getattr(exc, "rsp", None)
        value = rsp.headers.get("Retry-After") if rsp is not None else None
        try:
            return min(60.0, float(value)) if value else None
        except ValueError:
            return None

    @staticmethod
    def _error(exc: Exception, status: int | None) -> VoiceError:
        """A clear error for a request that failed for good."""
        if status is None:
            return VoiceUnavailable("cannot reach Google's text-to-speech service (no network, "
                                    "or it timed out); use --engine piper to work offline")
        if status == 429:
            return VoiceUnavailable("Google's text-to-speech service keeps answering 429 (Too "
                                    "Many Requests); probable cause: too many requests, wait "
                                    "or use --engine piper")
        return VoiceUnavailable(f"Google's text-to-speech service refused the request ({status}); "
                                "probable cause: the endpoint changed or blocks this machine")
