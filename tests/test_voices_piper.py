"""The offline Piper voice: exact per-sentence timings, one model load, cached rebuilds."""

from __future__ import annotations

import math
import struct
from datetime import UTC, datetime
from pathlib import Path

import pytest

from briefcast import pipeline
from briefcast.audio.media import decode_to_pcm
from briefcast.config import load_config
from briefcast.errors import VoiceUnavailable
from briefcast.voices import piper_engine
from briefcast.voices.piper_engine import PiperConfig, PiperEngineVoice

pytest.importorskip("piper")

ARTICLE = """# Harbour reopens after the storm

The harbour reopened on Monday. Fishing boats left at dawn, and the market was busy by noon.

## What comes next

Repairs to the sea wall will take a year. The council meets on Friday.
"""


def _dbfs(pcm: bytes) -> float:
    samples = struct.unpack(f"<{len(pcm) // 2}h", pcm)
    if not samples:
        return -math.inf
    rms = math.sqrt(sum(s * s for s in samples) / len(samples))
    return 20 * math.log10(rms / 32768) if rms else -math.inf


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The sample harbour article built once with Piper, into a fresh cache."""
    tmp_path = tmp_path_factory.mktemp("piper")
    article = tmp_path / "harbour.md"
    article.write_text(ARTICLE, encoding="utf-8")
    cfg = load_config(
        overrides={"voice.engine": "piper", "cache.dir": str(tmp_path / "cache")},
        env={},
        cwd=tmp_path,
    )
    result = pipeline.build([str(article)], cfg, now=datetime(2026, 1, 5, tzinfo=UTC))
    return cfg, article, result


def test_sentence_timings_add_up_to_the_audio_and_point_at_speech(built):
    """Each sentence's cue covers speech, pauses between cues are silent, and the cues plus the
    configured pauses add up to the encoded episode's length within 10 ms per sentence."""
    cfg, article, result = built
    ep = result.episode
    cues = [c for seg in ep.segments for c in seg.cues]
    assert len(cues) >= 8
    a = cfg.audio
    pauses = 0.0
    for seg_index, seg in enumerate(ep.segments):
        pauses += a.section_pause_ms / 1000 if seg_index else 0.0
        previous = None
        for cue in seg.cues:
            if previous is not None:
                gap = round(cue.start - previous.end, 3)
                assert gap in (a.sentence_pause_ms / 1000, a.paragraph_pause_ms / 1000)
                pauses += gap
            previous = cue
    pauses += 0.5  # the tail the assembler adds after the last word
    total = sum(c.end - c.start for c in cues) + pauses
    rate = a.sample_rate
    decoded = decode_to_pcm(result.audio_path, rate, codec="mp3")
    length = len(decoded) / (2 * rate)
    assert abs(total - length) <= 0.010 * len(cues)
    assert abs(ep.duration - length) <= 0.05
    for cue in cues:
        body = decoded[int(cue.start * rate) * 2 : int(cue.end * rate) * 2]
        assert _dbfs(body) > -40, cue.text
    for seg in ep.segments:
        for before, after in zip(seg.cues, seg.cues[1:], strict=False):
            middle = (before.end + after.start) / 2
            gap = decoded[int((middle - 0.08) * rate) * 2 : int((middle + 0.08) * rate) * 2]
            assert _dbfs(gap) < -50, (before.text, after.text)


def test_rebuild_from_cache_makes_no_synthesis_call(built, monkeypatch):
    """Building the same article again neither synthesizes nor loads the model."""
    cfg, article, first = built
    calls = {"speak": 0, "load": 0}
    real_speak, real_load = PiperEngineVoice.speak, piper_engine._load

    def counting_speak(self, sentences):
        calls["speak"] += len(sentences)
        return real_speak(self, sentences)

    def counting_load(*args):
        calls["load"] += 1
        return real_load(*args)

    monkeypatch.setattr(PiperEngineVoice, "speak", counting_speak)
    monkeypatch.setattr(piper_engine, "_load", counting_load)
    cold_mp3 = first.audio_path.read_bytes()
    again = pipeline.build([str(article)], cfg, now=datetime(2026, 1, 5, tzinfo=UTC))
    assert calls == {"speak": 0, "load": 0}
    assert again.audio_path.read_bytes() == cold_mp3  # the encoded episode came from the cache
    assert [c.text for s in again.episode.segments for c in s.cues] == [
        c.text for s in first.episode.segments for c in s.cues
    ]
    assert abs(again.episode.duration - first.episode.duration) < 0.05


def test_model_is_loaded_once_per_process(monkeypatch):
    """Two voices, many sentences: the model file is loaded a single time."""
    from piper import PiperVoice

    loads = []
    real = PiperVoice.load

    def counting(*args, **kwargs):
        loads.append(args)
        return real(*args, **kwargs)

    piper_engine._load.cache_clear()
    monkeypatch.setattr(PiperVoice, "load", counting)
    for _ in range(2):
        voice = PiperEngineVoice(PiperConfig())
        voice.speak(["One.", "Two."])
    assert len(loads) == 1


def test_voice_by_path_speed_and_identity(tmp_path):
    """A voice named by path speaks; a slower length scale is longer and a different voice."""
    bundled = PiperEngineVoice(PiperConfig())
    (tmp_path / "my-voice.onnx").symlink_to(bundled.onnx)
    (tmp_path / "my-voice.onnx.json").symlink_to(bundled.config)
    custom = PiperEngineVoice(PiperConfig(model=str(tmp_path / "my-voice.onnx")))
    slow = PiperEngineVoice(PiperConfig(length_scale=1.5))
    text = ["The council meets on Friday to discuss the sea wall."]
    normal_clip, slow_clip = bundled.speak(text)[0], slow.speak(text)[0]
    assert custom.speak(text)[0].seconds == pytest.approx(normal_clip.seconds, rel=0.15)
    assert slow_clip.seconds > 1.3 * normal_clip.seconds
    assert len({bundled.identity(), custom.identity(), slow.identity()}) == 3


def test_missing_voice_files_are_clear_errors(tmp_path):
    """A model path without its .onnx.json, or no model at all, says what is missing."""
    (tmp_path / "lonely.onnx").write_bytes(b"x")
    with pytest.raises(VoiceUnavailable, match="config not found beside the model"):
        PiperEngineVoice(PiperConfig(model=str(tmp_path / "lonely.onnx")))
    with pytest.raises(VoiceUnavailable, match="model not found"):
        PiperEngineVoice(PiperConfig(model=str(tmp_path / "absent.onnx")))


def test_status_describes_the_bundled_voice_without_loading_it():
    """`voices` shows the bundled voice's name, language and rate from its config alone."""
    st = piper_engine.status(PiperConfig())
    assert st.usable and st.state == "ready"
    assert "en_US-joe-medium (bundled" in st.voices[0] and "22050 Hz" in st.voices[0]
    broken = piper_engine.status(PiperConfig(model=str(Path("/nonexistent/x.onnx"))))
    assert not broken.usable and "not found" in broken.detail


def test_one_voice_per_language_is_chosen_by_the_article_language(tmp_path):
    """[voice.piper.voices] picks the voice for the article's language (region first, then the
    language); a language without one keeps the default, which refuses it with one error."""
    from briefcast.voices import get_voice
    from briefcast.voices.piper_engine import for_language

    cfg = PiperConfig(voices={"fr": "/v/fr.onnx", "pt-BR": "/v/br.onnx"})
    assert for_language(cfg, "fr-CA").model == "/v/fr.onnx"
    assert for_language(cfg, "pt-br").model == "/v/br.onnx"
    assert for_language(cfg, "de").model == ""
    toml = tmp_path / "briefcast.toml"
    toml.write_text('[voice.piper.voices]\nde = "/nowhere/de_DE-thorsten.onnx"\n', encoding="utf-8")
    show = load_config(toml, env={})
    with pytest.raises(VoiceUnavailable, match="de_DE-thorsten.onnx"):
        get_voice("piper", show, "de")
    with pytest.raises(VoiceUnavailable, match=r"voice.piper.voices.es"):
        get_voice("piper", show, "es")
