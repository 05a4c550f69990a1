"""A stand-in for Google Translate's text-to-speech endpoint, mocked at the HTTP transport.

Replies are built exactly as Google sends them (``)]}'``, a blank line, then a compact JSON
line carrying a base64 MP3), so gTTS's reply parsing is exercised for real. The audio is
speech-shaped: a tone burst per word (longer for longer words), short gaps between words, a
150 ms pause after a clause mark and a 450 ms pause after a full stop, encoded as 24 kHz mono
MP3 like Google's. Each request can be told to fail: 429 (with Retry-After), 403, 500, no audio,
a refused connection, or a hang past the client's timeout.
"""

from __future__ import annotations

import base64
import functools
import json
import math
import re
import struct
import threading
import time
import urllib.parse
from collections.abc import Iterable
from typing import Any

import requests
import responses

from briefcast.audio.media import run_ffmpeg

ENDPOINT_RE = re.compile(
    r"https://translate\.google\.[a-z.]+/_/TranslateWebserverUi/data/"
    r"batchexecute"
)
RATE = 24000
WORD_GAP_MS = 40
CLAUSE_PAUSE_MS = 150
SENTENCE_PAUSE_MS = 450
LEAD_MS = 100
TAIL_MS = 150


def word_ms(word: str) -> int:
    """How long the fake voice says ``word``."""
    return 60 + 25 * sum(c.isalnum() for c in word)


def speech_ms(sentence: str) -> int:
    """Length of the fake speech of one sentence, from its first to its last word."""
    words = sentence.split()
    total = sum(word_ms(w) for w in words)
    for w in words[:-1]:
        total += (
            CLAUSE_PAUSE_MS
            if w[-1] in ",;:"
            else (SENTENCE_PAUSE_MS if w[-1] in ".!?" else WORD_GAP_MS)
        )
    return total


@functools.lru_cache(maxsize=1024)
def _tone(ms: int, freq: float) -> bytes:
    n = RATE * ms // 1000
    fade = RATE // 100
    out = bytearray()
    for i in range(n):
        env = min(1.0, i / fade, (n - i) / fade)
        out += struct.pack("<h", int(9000 * env * math.sin(2 * math.pi * freq * i / RATE)))
    return bytes(out)


def _silence(ms: int) -> bytes:
    return b"\x00\x00" * (RATE * ms // 1000)


@functools.lru_cache(maxsize=512)
def speech_mp3(text: str) -> bytes:
    """MP3 of the fake voice saying ``text``."""
    pcm = _silence(LEAD_MS)
    words = text.split()
    for k, w in enumerate(words):
        pcm += _tone(word_ms(w), 180 + 40 * (k % 5))
        if k < len(words) - 1:
            pcm += _silence(
                SENTENCE_PAUSE_MS
                if w[-1] in ".!?"
                else CLAUSE_PAUSE_MS
                if w[-1] in ",;:"
                else WORD_GAP_MS
            )
    pcm += _silence(TAIL_MS)
    return run_ffmpeg(
        [
            "-f",
            "s16le",
            "-ar",
            str(RATE),
            "-ac",
            "1",
            "-i",
            "pipe:0",
            "-c:a",
            "libmp3lame",
            "-b:a",
            "32k",
            "-f",
            "mp3",
            "pipe:1",
        ],
        input_bytes=pcm,
    ).stdout


def reply_body(mp3: bytes | None) -> str:
    """A batchexecute reply as Google sends it; ``None`` for a reply without audio."""
    payload = json.dumps([base64.b64encode(mp3).decode("ascii")]) if mp3 is not None else None
    line = json.dumps(
        [["wrb.fr", "jQ1olc", payload, None, None, None, "generic"]], separators=(",", ":")
    )
    return f")]}}'\n\n{line}\n"


def request_text(body: str | bytes) -> str:
    """The text a gTTS request asks to be spoken."""
    if isinstance(body, bytes):
        body = body.decode("ascii")
    freq = urllib.parse.unquote(body.split("f.req=", 1)[1].rstrip("&"))
    return str(json.loads(json.loads(freq)[0][0][1])[0])


class FakeGoogle:
    """Answers gTTS requests on a ``responses`` mock; records what was asked.

    ``script`` gives the behaviour of the first requests in order (then ``default``): "ok",
    "empty" (no audio), "hang" (waits the client's timeout, then times out), "refuse"
    (connection refused), "dns" (the name does not resolve), "reset" (connection reset), an
    int status (403, 500, ...), or ``(429, retry_after)``.
    """

    def __init__(
        self,
        rsps: responses.RequestsMock,
        script: Iterable[Any] = (),
        default: Any = "ok",
        latency: float = 0.0,
    ) -> None:
        self.script = list(script)
        self.latency = latency
        self.in_flight = 0
        self.max_in_flight = 0
        self.default = default
        self.texts: list[str] = []
        self.timeouts: list[Any] = []
        self.times: list[float] = []
        self._lock = threading.Lock()
        rsps.add_callback(responses.POST, ENDPOINT_RE, callback=self._answer)

    @property
    def requests(self) -> int:
        """How many requests reached the endpoint."""
        return len(self.texts)

    def _answer(self, request: Any) -> tuple[int, dict[str, str], str]:
        with self._lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            if self.latency:
                time.sleep(self.latency)
            return self._reply(request)
        finally:
            with self._lock:
                self.in_flight -= 1

    def _reply(self, request: Any) -> tuple[int, dict[str, str], str]:
        text = request_text(request.body)
        with self._lock:
            self.texts.append(text)
            self.times.append(time.monotonic())
            self.timeouts.append(request.req_kwargs.get("timeout"))
            how = self.script.pop(0) if self.script else self.default
        if how == "ok":
            return 200, {}, reply_body(speech_mp3(text))
        if how == "empty":
            return 200, {}, reply_body(None)
        if how == "refuse":
            raise requests.ConnectionError("[Errno 111] Connection refused")
        if how == "reset":
            raise requests.ConnectionError("[Errno 104] Connection reset by peer")
        if how == "dns":
            raise requests.ConnectionError(
                "Failed to resolve 'translate.google.com' ([Errno -2] Name or service not known)"
            )
        if how == "hang":
            timeout = request.req_kwargs.get("timeout")
            if timeout is None:
                raise AssertionError("a request was sent without a timeout")
            read = timeout[1] if isinstance(timeout, tuple) else timeout
            time.sleep(read)
            raise requests.ReadTimeout(f"read timed out (read timeout={read})")
        if isinstance(how, tuple):
            status, retry_after = how
            return status, {"Retry-After": str(retry_after)}, "Too Many Requests"
        return int(how), {}, "refused"
