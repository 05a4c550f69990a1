"""The gTTS voice against a mocked Google endpoint (the ``responses`` library, no network)."""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.parse
from datetime import UTC, datetime
from pathlib import Path

import pytest
import responses
from fake_google import FakeGoogle, speech_ms

from briefcast import pipeline
from briefcast.audio.media import trim_pcm
from briefcast.config import Config, load_config
from briefcast.errors import ConfigError, VoiceError, VoiceUnavailable, VoiceUnreachable
from briefcast.models import Article, Section
from briefcast.voices.cache import AudioCache, CachedVoice
from briefcast.voices.gtts import (
    MAX_CHARS,
    GttsConfig,
    GttsVoice,
    plan_chunks,
    retry_after_seconds,
)

SAMPLE = Path(__file__).parent / "data" / "npr_ukraine_pasted.txt"
FAST = GttsConfig(min_interval=0.0, backoff=0.01, timeout=2.0, retries=4)
PARAGRAPH = (
    "The talks began on Monday.",
    "Both sides said little, and the room was cold.",
    "Nobody smiled.",
    "A second round is planned for next week in Geneva, officials said on Tuesday evening.",
)


class Sleeps:
    """Records the waits the engine asks for instead of sleeping."""

    def __init__(self) -> None:
        self.calls: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)


@pytest.fixture
def rsps():
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield mock


def test_chunks_stay_within_limit_and_keep_every_word_in_order():
    """Every chunk is at most 100 characters and the pieces rebuild each sentence exactly."""
    sentences = [s for p in _sample_paragraphs() for s in p][:40]
    chunks = plan_chunks(sentences)
    assert all(len(c.text) <= MAX_CHARS for c in chunks)
    rebuilt: dict[int, list[str]] = {}
    for chunk in chunks:
        for piece in chunk.pieces:
            rebuilt.setdefault(piece.sentence, []).append(chunk.text[piece.start : piece.end])
    assert [" ".join(rebuilt[i]) for i in range(len(sentences))] == [
        " ".join(s.split()) for s in sentences
    ]


def test_short_sentences_are_packed_whole_and_long_ones_cut_at_clauses():
    """Short sentences share one request; a long sentence is cut at a comma, not mid-clause."""
    assert [c.text for c in plan_chunks(["One two.", "Three four.", "Five."])] == [
        "One two. Three four. Five."
    ]
    long = (
        "When the delegations finally met in the old palace on the lake, after weeks of "
        "delay, nobody expected much to come of it."
    )
    chunks = plan_chunks([long])
    assert len(chunks) == 2
    assert chunks[0].text.endswith(",") and chunks[0].cut == "clause"


def _sample_paragraphs() -> list[tuple[str, ...]]:
    articles = pipeline.read_articles([str(SAMPLE)])
    script = pipeline.make_script(articles, Config(), None, datetime(2026, 1, 5, tzinfo=UTC))
    return [p.sentences for s in script.segments for p in s.paragraphs]


def _thousand_word_article() -> Article:
    """The sample article's opening, cut after its 1,000th word."""
    article = pipeline.read_articles([str(SAMPLE)])[0]
    kept, words = [], 0
    for section in article.sections:
        for para in section.paragraphs:
            take = para.split()[: 1000 - words]
            if take:
                kept.append(
                    " ".join(take).rstrip(",;:") + ("" if len(take) == len(para.split()) else ".")
                )
                words += len(take)
    assert words == 1000
    return Article(title=article.title, sections=(Section("", tuple(kept)),), source=str(SAMPLE))


def test_thousand_word_article_costs_at_most_70_requests(rsps, tmp_path):
    """A 1,000-word article (intro and outro included) is voiced in at most 70 requests.

    gTTS's own splitting of the same paragraphs would send more than 100.
    """
    from gtts import gTTS

    article = _thousand_word_article()
    cfg = load_config(overrides={"cache.dir": str(tmp_path / "cache")}, env={}, cwd=tmp_path)
    script = pipeline.make_script([article], cfg, None, datetime(2026, 1, 5, tzinfo=UTC))
    spoken = " ".join(" ".join(p.sentences) for s in script.segments for p in s.paragraphs)
    words = len(spoken.split())
    # The article's 1,000 words, plus the intro and outro, and numbers spelt out for the ear.
    assert 1000 < words <= 1080
    google = FakeGoogle(rsps)
    cfg = load_config(
        overrides={"cache.dir": str(tmp_path / "cache"), "voice.gtts.min_interval": 0.0},
        env={},
        cwd=tmp_path,
    )
    voiced = pipeline._voice_episode(script, cfg, tmp_path, None)
    assert (voiced.engine, voiced.reason) == ("gtts", "")
    rendered = voiced.rendered
    assert rendered is not None
    print(f"{google.requests} requests for {words} spoken words")
    assert google.requests <= 70
    own = sum(
        len(gTTS(" ".join(p.sentences))._tokenize(" ".join(p.sentences)))
        for s in script.segments
        for p in s.paragraphs
    )
    assert own > 100
    assert all(len(t) <= MAX_CHARS for t in google.texts)
    assert rendered.duration > words * 0.2


def test_reply_is_cut_back_into_sentences_with_real_timings(rsps):
    """Sentences packed into one request each get their own audio, cut at the pauses."""
    google = FakeGoogle(rsps)
    voice = GttsVoice(FAST)
    voice.plan([PARAGRAPH])
    clips = voice.speak(PARAGRAPH)
    assert google.requests == 2
    assert len(clips) == len(PARAGRAPH)
    for sentence, clip in zip(PARAGRAPH, clips, strict=True):
        spoken = len(trim_pcm(clip.pcm, clip.sample_rate)) / (2 * clip.sample_rate)
        # trim_pcm keeps 30 ms each side; MP3 smears edges by a few ms.
        assert spoken == pytest.approx(speech_ms(sentence) / 1000 + 0.06, abs=0.05), sentence


def test_sentence_split_across_requests_is_joined_without_googles_padding(rsps):
    """A sentence spread over two requests is as long as its speech plus one short gap."""
    FakeGoogle(rsps)
    sentence = (
        "The negotiators, who had flown in overnight from three capitals, sat down at "
        "noon and talked for six long hours without a break or a meal."
    )
    chunks = plan_chunks([sentence])
    assert len(chunks) == 2
    clip = GttsVoice(FAST).speak([sentence])[0]
    spoken = len(trim_pcm(clip.pcm, clip.sample_rate)) / (2 * clip.sample_rate)
    gap = 0.18 if chunks[0].cut == "clause" else 0.06
    expected = (speech_ms(chunks[0].text) + speech_ms(chunks[1].text)) / 1000 + gap + 0.06
    assert spoken == pytest.approx(expected, abs=0.12)


def test_two_429_replies_then_success_complete(rsps):
    """Two refusals with Retry-After are waited out and the paragraph is voiced."""
    google = FakeGoogle(rsps, script=[(429, 1), (429, 1)])
    sleeps = Sleeps()
    clips = GttsVoice(FAST, sleep=sleeps).speak(["Short and sweet."])
    assert len(clips) == 1 and clips[0].seconds > 0.3
    assert google.requests == 3
    assert [s for s in sleeps.calls if s >= 1.0][:2] and len(sleeps.calls) >= 2
    assert all(1.0 <= s <= 1.2 for s in sleeps.calls[:2])


def test_backoff_doubles_with_jitter_on_server_errors(rsps):
    """5xx replies are retried after about 1, 2, 4 x backoff seconds, each jittered."""
    FakeGoogle(rsps, script=[500, 502, 503])
    sleeps = Sleeps()
    cfg = GttsConfig(min_interval=0.0, backoff=1.0, retries=4)
    GttsVoice(cfg, sleep=sleeps).speak(["Third time lucky."])
    waits = [s for s in sleeps.calls if s > 0.01]
    assert len(waits) == 3
    for wait, step in zip(waits, (1, 2, 4), strict=True):
        assert 0.95 * step / 2 <= wait <= step


def test_retries_are_bounded_and_429_ends_in_a_clear_error(rsps):
    """A 429 on every attempt stops after `retries` attempts with an error naming the cause."""
    google = FakeGoogle(rsps, default=(429, 0))
    with pytest.raises(VoiceUnavailable, match=r"429 \(Too Many Requests\) over 3 attempts"):
        GttsVoice(GttsConfig(min_interval=0.0, backoff=0.0, retries=3), sleep=Sleeps()).speak(
            ["Again."]
        )
    assert google.requests == 3


def test_long_retry_after_is_not_waited_for(rsps):
    """A Retry-After of an hour gives up at once instead of blocking the build."""
    sleeps = Sleeps()
    FakeGoogle(rsps, default=(429, 3600))
    with pytest.raises(VoiceUnavailable, match="asks to wait 3600 s"):
        GttsVoice(FAST, sleep=sleeps).speak(["Later."])
    assert not [s for s in sleeps.calls if s > 1]


def test_retry_after_accepts_seconds_and_http_dates():
    """Retry-After is read as seconds or as an HTTP date."""
    now = datetime(2026, 1, 5, 12, 0, 0, tzinfo=UTC)
    assert retry_after_seconds("7") == 7.0
    assert retry_after_seconds("Mon, 05 Jan 2026 12:00:30 GMT", now) == 30.0
    assert retry_after_seconds("soon") is None


def test_reply_without_audio_is_a_clear_error_without_retry(rsps):
    """A 200 reply with no audio in it fails at once, saying what probably happened."""
    started = time.monotonic()
    google = FakeGoogle(rsps, default="empty")
    with pytest.raises(VoiceUnavailable, match="answered without audio"):
        GttsVoice(FAST).speak(["Hello there."])
    assert google.requests == 1
    assert time.monotonic() - started < 2


def test_403_is_a_clear_error_without_retry(rsps):
    """A 403 is not retried and says the endpoint refused the request."""
    google = FakeGoogle(rsps, default=403)
    with pytest.raises(VoiceUnavailable, match=r"refused the request \(403"):
        GttsVoice(FAST).speak(["Hello there."])
    assert google.requests == 1


def test_request_that_hangs_ends_within_bounded_time(rsps):
    """A reply that never comes is given up after timeout x attempts, not waited for forever."""
    google = FakeGoogle(rsps, default="hang")
    cfg = GttsConfig(min_interval=0.0, backoff=0.0, timeout=0.3, retries=2)
    started = time.monotonic()
    with pytest.raises(VoiceUnavailable, match=r"no reply within 0.3 s, over 2 attempts"):
        GttsVoice(cfg).speak(["Is anybody there?"])
    assert time.monotonic() - started < 1.5
    assert google.timeouts == [(0.3, 0.3), (0.3, 0.3)]


def test_real_socket_that_never_answers_times_out(monkeypatch):
    """Through a proxy that accepts the connection and then says nothing, the timeout holds."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(8)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.1)
        while not stop.is_set():
            try:
                held.append(server.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    port = server.getsockname()[1]
    for var in ("HTTPS_PROXY", "https_proxy"):
        monkeypatch.setenv(var, f"http://127.0.0.1:{port}")
    monkeypatch.delenv("NO_PROXY", raising=False)
    monkeypatch.delenv("no_proxy", raising=False)
    cfg = GttsConfig(min_interval=0.0, backoff=0.0, timeout=0.4, retries=2)
    started = time.monotonic()
    try:
        with pytest.raises(VoiceUnavailable, match="cannot reach|no reply"):
            GttsVoice(cfg).speak(["Hello?"])
    finally:
        stop.set()
        thread.join()
        for conn in held:
            conn.close()
        server.close()
    assert time.monotonic() - started < 3


@pytest.mark.parametrize(
    "how,why", [("refuse", "connection refused"), ("dns", "the name does not resolve")]
)
def test_unreachable_service_is_reported_at_once_without_retry(rsps, how, why):
    """A refused connection or a name that does not resolve is not retried: it is one short
    VoiceUnreachable at once (the pipeline remembers it)."""
    google = FakeGoogle(rsps, default=how)
    sleeps = Sleeps()
    with pytest.raises(VoiceUnreachable, match=f"cannot reach Google's voice .*{why}"):
        GttsVoice(FAST, sleep=sleeps).speak(["Anyone?"])
    assert google.requests == 1


def test_reset_connection_is_retried_then_reported(rsps):
    """A connection dropped mid-way is worth a retry; after every attempt it is reported."""
    google = FakeGoogle(rsps, default="reset")
    with pytest.raises(VoiceUnavailable, match="cannot reach .*reset by peer"):
        GttsVoice(FAST, sleep=Sleeps()).speak(["Anyone?"])
    assert google.requests == FAST.retries


def test_concurrent_requests_keep_the_minimum_gap(rsps):
    """With concurrency 2, two requests are in flight, yet they start min_interval apart."""
    google = FakeGoogle(rsps, latency=0.2)
    paragraphs = _sample_paragraphs()[3:7]
    voice = GttsVoice(GttsConfig(concurrency=2, min_interval=0.1))
    given: list[float] = []
    wait = voice._pacer.wait

    def recording_wait() -> float:
        start = wait()
        given.append(start)
        return start

    voice._pacer.wait = recording_wait  # type: ignore[method-assign]
    voice.plan(paragraphs)
    for paragraph in paragraphs:
        assert len(voice.speak(paragraph)) == len(paragraph)
    assert google.max_in_flight == 2
    assert len(given) == google.requests >= 4
    starts = sorted(given)
    assert min(b - a for a, b in zip(starts, starts[1:], strict=False)) >= 0.1 - 1e-6
    # What the mock saw can be shifted by thread scheduling, but never compressed overall.
    seen = sorted(google.times)
    assert seen[-1] - seen[0] >= 0.1 * (len(seen) - 1) - 0.03


def test_unknown_language_is_a_config_error():
    """A language gTTS cannot speak is refused before any request."""
    with pytest.raises(ConfigError, match="does not speak 'xx'"):
        GttsVoice(GttsConfig(lang="xx"))


def test_lang_tld_and_slow_reach_the_request(rsps):
    """The configured language, accent domain and speed are what Google is asked for."""
    seen: list[tuple[str, str]] = []

    def answer(request):
        from fake_google import reply_body, speech_mp3

        seen.append((request.url, request.body))
        return 200, {}, reply_body(speech_mp3("Bonjour."))

    import re

    rsps.add_callback(
        responses.POST, re.compile(r"https://translate\.google\.fr/.*"), callback=answer
    )
    GttsVoice(GttsConfig(lang="fr", tld="fr", slow=True, min_interval=0.0)).speak(["Bonjour."])
    url, body = seen[0]
    assert url.startswith("https://translate.google.fr/")
    freq = json.loads(urllib.parse.unquote(body.split("f.req=", 1)[1].rstrip("&")))
    assert json.loads(freq[0][0][1]) == ["Bonjour.", "fr", True, "null"]


def test_failure_mid_paragraph_stores_no_partial_audio(rsps, tmp_path):
    """When a later request of a paragraph fails, none of that paragraph reaches the cache."""
    cache = AudioCache(tmp_path / "cache")
    first = ("All quiet in the capital this morning.",)
    FakeGoogle(rsps, script=["ok", "ok", 403])
    voice = CachedVoice(GttsVoice(FAST), cache)
    voice.speak(first)
    assert cache.stats().entries == 1
    with pytest.raises(VoiceError):
        voice.speak(PARAGRAPH)  # two requests: the first succeeds, the second is refused
    assert cache.stats().entries == 1
    leftovers = [p for p in (tmp_path / "cache").rglob("*") if p.is_file()]
    assert len(leftovers) == 1 and leftovers[0].suffix == ".wav"


def test_rebuild_of_the_same_text_sends_no_request(rsps, tmp_path):
    """Voicing the same paragraphs again is served from the cache: zero HTTP requests."""
    cache = AudioCache(tmp_path / "cache")
    paragraphs = _sample_paragraphs()[:6]
    google = FakeGoogle(rsps)
    first = CachedVoice(GttsVoice(FAST), cache)
    first.plan(paragraphs)
    cold = [first.speak(p) for p in paragraphs]
    sent = google.requests
    assert sent > 0
    again = CachedVoice(GttsVoice(FAST), cache)
    again.plan(paragraphs)
    warm = [again.speak(p) for p in paragraphs]
    assert google.requests == sent
    assert again.misses == 0 and again.hits == sum(len(p) for p in paragraphs)
    assert [[c.pcm for c in p] for p in warm] == [[c.pcm for c in p] for p in cold]


def test_plan_survives_a_sentence_that_is_skipped(rsps):
    """If a planned sentence is not asked for (cached meanwhile), later paragraphs keep the plan."""
    google = FakeGoogle(rsps)
    paragraphs = [
        ("First one here.", "Second one here."),
        ("Third one here.",),
        ("Fourth one here.",),
    ]
    voice = GttsVoice(FAST)
    voice.plan(paragraphs)
    assert len(voice.speak(["Second one here."])) == 1
    assert len(voice.speak(["Third one here."])) == 1
    assert len(voice.speak(["Fourth one here."])) == 1
    assert google.requests == 1  # all four fit one request, fetched once
