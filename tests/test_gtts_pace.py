"""One pace for Google across workers (voices/gtts/pace.py), against a real redis-server.

Three gTTS voices, each with its own pacer as three worker processes would have, speak at once
against the mocked endpoint (200 ms per answer). Through Redis they keep the configured pace
together; with only their own in-process pacers they do not.
"""

from __future__ import annotations

import threading

import pytest
import responses
from fake_google import FakeGoogle

from briefcast import voices
from briefcast.broker import connect
from briefcast.config import load_config
from briefcast.voices.gtts import GttsConfig, GttsVoice, RedisPacer

PARAGRAPHS = [
    ["The harbour reopened on Monday after two years of work on its walls and its quays."],
    ["Officials said the project came in on budget and ahead of the schedule set in 2022."],
    ["Residents were invited to the first day, and hundreds came to walk along the pier."],
]


def speak_together(voices_: list[GttsVoice]) -> None:
    """Every voice speaks every paragraph, all voices at the same time."""
    errors: list[BaseException] = []

    def run(voice: GttsVoice) -> None:
        try:
            for paragraph in PARAGRAPHS:
                assert voice.speak(paragraph)
        except BaseException as exc:  # reported by the test below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(v,)) for v in voices_]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors


def test_three_workers_keep_one_pace_through_redis(broker: str) -> None:
    """With the limiter in Redis, 3 voices never have more than `concurrency` requests in
    flight at the mock, and requests start at least `min_interval` apart (5 per second)."""
    cfg = GttsConfig(min_interval=0.2, concurrency=1)
    client = connect(broker)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        google = FakeGoogle(rsps, latency=0.2)
        speak_together(
            [GttsVoice(cfg, pacer=RedisPacer(client, "gtts:test", 0.2, 1, 35)) for _ in range(3)]
        )
    assert google.requests == 9
    assert google.max_in_flight == 1
    times = sorted(google.times)
    gaps = [b - a for a, b in zip(times, times[1:], strict=False)]
    assert min(gaps) >= 0.2 - 0.02
    for i, start in enumerate(times):  # never more than 5 in any one second
        assert sum(1 for t in times[i:] if t < start + 1.0) <= 5


def test_without_the_broker_each_worker_paces_only_itself() -> None:
    """The control: three in-process pacers let 3 requests be in flight at once."""
    cfg = GttsConfig(min_interval=0.2, concurrency=1)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        google = FakeGoogle(rsps, latency=0.2)
        speak_together([GttsVoice(cfg) for _ in range(3)])
    assert google.max_in_flight == 3


def test_a_configured_broker_gives_gtts_the_shared_pacer(broker: str, tmp_path) -> None:
    """With queue.broker set, the gTTS voice from the registry paces through Redis, with the
    configured interval and concurrency."""
    pytest.importorskip("gtts")
    cfg = load_config(
        None,
        overrides={
            "queue.broker": broker,
            "voice.gtts.concurrency": 2,
            "voice.gtts.min_interval": 0.5,
        },
        env={},
        cwd=tmp_path,
    )
    voice = voices.get_voice("gtts", cfg)
    assert isinstance(voice, GttsVoice)
    pacer = voice.pacer
    assert isinstance(pacer, RedisPacer)
    assert (pacer.interval, pacer.concurrency) == (0.5, 2)
