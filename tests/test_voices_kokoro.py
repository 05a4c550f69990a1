"""The Kokoro voice, with the stand-in model from PyPI and no network: phonemes from Piper's
espeak-ng, exact sentence timings, the pool, the cache and the lexicon's IPA.

Kokoro costs about 0.6 to 1.1 CPU seconds per second of audio here, so the whole sample
(about 11 minutes of speech) would take several minutes of CPU: the suite builds the sample's
opening (its headline and first paragraph, with the intro and outro) once, and the
``slow``-marked case builds the whole sample with the same checks
(``python -m pytest -m slow tests/test_voices_kokoro.py``).
"""

from __future__ import annotations

import math
import struct
from datetime import UTC, datetime
from pathlib import Path

import pytest
from audio_helpers import ebur128
from kokoro_helpers import make_standin, skip_without_standin
from mutagen.id3 import ID3

from briefcast import pipeline, timing
from briefcast.audio.formats.mp3 import mp3_duration
from briefcast.audio.media import decode_to_pcm
from briefcast.config import load_config
from briefcast.errors import ConfigError, VoiceUnavailable
from briefcast.voices import get_voice, kokoro_engine
from briefcast.voices.kokoro_engine import KokoroConfig, KokoroVoice, phonemes

SAMPLE = Path(__file__).parent / "data" / "npr_ukraine_pasted.txt"
NOW = datetime(2025, 2, 24, 6, 0, tzinfo=UTC)
# The sample's opening: its headline (a photo caption and credits, dropped) and its first
# paragraph, the dateline and one long sentence; with the intro and outro, 30 s of speech.
OPENING_LINES = 8


@pytest.fixture(scope="session")
def standin(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The stand-in model (the four PyPI parts joined and checked) and its voices file."""
    skip_without_standin()
    return make_standin(tmp_path_factory.mktemp("kokoro-model"))


def kokoro_config(work: Path, standin: tuple[Path, Path], workers: int = 2):
    """A config voicing with the stand-in's jf_alpha into ``work/feed``, English phonemes."""
    model, styles = standin
    (work / "briefcast.toml").write_text(
        f"""
[voice]
engine = "kokoro"
fallback = ""
workers = {workers}

[voice.kokoro]
model = "{model}"
voices_file = "{styles}"
voice = "jf_alpha"
language = "en-us"

[cache]
dir = "{work / "cache"}"
""",
        encoding="utf-8",
    )
    return load_config(work / "briefcast.toml", env={}, cwd=work)


def _dbfs(pcm: bytes) -> float:
    samples = struct.unpack(f"<{len(pcm) // 2}h", pcm)
    if not samples:
        return -math.inf
    rms = math.sqrt(sum(s * s for s in samples) / len(samples))
    return 20 * math.log10(rms / 32768) if rms else -math.inf


def build_sample(work: Path, standin: tuple[Path, Path], whole: bool):
    """The sample (or its opening) built with Kokoro; the result, the config, the script and
    its estimated length, made before the build as ``briefcast script`` makes it for a
    measured voice."""
    article = work / "npr_ukraine_pasted.txt"
    lines = SAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)
    article.write_text("".join(lines if whole else lines[:OPENING_LINES]), encoding="utf-8")
    cfg = kokoro_config(work, standin)
    script = pipeline.preview_script([str(article)], cfg, now=NOW)
    # `briefcast script` estimates at the voice's measured rate once it has been measured;
    # measured here on the first three calibration sentences only (long, short and very short:
    # enough for a rate with a fixed cost per sentence), to spare the CPU.
    voice = get_voice("kokoro", cfg, "en")
    rate = pipeline.measure_speaking_rate(voice, timing.CALIBRATION[:3])
    estimate = sum(pipeline.estimate_segments(script, cfg, rate))
    result = pipeline.build([str(article)], cfg, now=NOW)
    return result, cfg, script, estimate


@pytest.fixture(scope="session")
def opening(tmp_path_factory: pytest.TempPathFactory, standin: tuple[Path, Path]):
    """The sample's opening, built once with Kokoro in two voicing processes."""
    return build_sample(tmp_path_factory.mktemp("kokoro-opening"), standin, whole=False)


def check_episode(built) -> None:
    """What acceptance asks of a Kokoro build: the MP3 decodes, lasts within 10% of the
    script's estimate, measures -16 +/- 1 LUFS, and its chapters and transcript cues fall on
    the sentences (each cue is the script's sentence, covers speech, and the gaps between
    cues are silent; each chapter starts within a second of its first cue)."""
    result, cfg, script, estimate = built
    episode = result.episode
    assert episode.engine == "kokoro"
    rate = cfg.audio.sample_rate
    decoded = decode_to_pcm(result.audio_path, rate, codec="mp3")
    length = len(decoded) / (2 * rate)
    integrated, peak = ebur128(result.audio_path)
    chapters = sorted(ID3(result.audio_path).getall("CHAP"), key=lambda c: c.start_time)
    offsets = [
        abs(chapter.start_time / 1000 - segment.cues[0].start)
        for chapter, segment in zip(chapters, episode.segments, strict=False)
    ]
    # The figures, shown with -s (and in the report of a failure).
    print(
        f"kokoro build: {length:.1f} s against an estimate of {estimate:.1f} s "
        f"({100 * (length - estimate) / estimate:+.1f}%), {integrated:.1f} LUFS, true peak "
        f"{peak:.1f} dBTP, {len(chapters)} chapters (largest offset from the first cue "
        f"{max(offsets, default=0):.3f} s), {sum(len(s.cues) for s in episode.segments)} cues"
    )
    assert length == pytest.approx(mp3_duration(result.audio_path), abs=0.1)
    assert abs(length - estimate) <= 0.10 * estimate, (length, estimate)
    assert abs(integrated + 16) <= 1 and peak <= -0.9

    written = [w for seg in script.segments for p in seg.paragraphs for w in p.written]
    cues = [c for seg in episode.segments for c in seg.cues]
    assert [c.text for c in cues] == written
    for cue in cues:
        assert cue.end > cue.start
        assert _dbfs(decoded[int(cue.start * rate) * 2 : int(cue.end * rate) * 2]) > -40, cue.text
    for before, after in zip(cues, cues[1:], strict=False):
        middle = (before.end + after.start) / 2
        gap = decoded[int((middle - 0.08) * rate) * 2 : int((middle + 0.08) * rate) * 2]
        assert _dbfs(gap) < -45, (before.text, after.text)
    assert len(chapters) == len(episode.segments)
    for chapter, segment in zip(chapters, episode.segments, strict=True):
        assert abs(chapter.start_time / 1000 - segment.cues[0].start) <= 1.0
    vtt = result.audio_path.with_suffix(".vtt").read_text(encoding="utf-8")
    assert all(c.text in vtt for c in cues)


def test_the_sample_opening_builds_with_kokoro(opening):
    """With no network, the sample's opening builds with the stand-in Kokoro model: the MP3
    decodes, lasts within 10% of the script's estimate, is at -16 +/- 1 LUFS, and its
    chapters and transcript cues fall on the sentences."""
    check_episode(opening)


@pytest.mark.slow
def test_the_whole_sample_builds_with_kokoro(tmp_path, standin):
    """The whole sample (about 11 minutes of speech; minutes of CPU) meets the same checks."""
    check_episode(build_sample(tmp_path, standin, whole=True))


def test_rebuild_from_cache_voices_nothing(opening, monkeypatch):
    """The same build again takes every sentence from the cache: Kokoro is never called, and
    the cost of the first build was recorded for `briefcast voices`."""
    result, cfg, _, _ = opening
    from briefcast.voices.cache import open_cache

    def refuse(self, sentences):
        raise AssertionError("Kokoro voiced a cached sentence")

    monkeypatch.setattr(KokoroVoice, "speak", refuse)
    again = pipeline.build([str(cfg.output.parent / SAMPLE.name)], cfg, now=NOW)
    assert again.audio_path.read_bytes() == result.audio_path.read_bytes()
    cost = open_cache(cfg).costs()["kokoro"]
    assert 0.05 < cost.per_audio_second < 20
    assert cost.audio_seconds > 10


def test_pool_and_one_process_give_the_same_samples(tmp_path, standin):
    """Kokoro is deterministic: a sentence voiced twice, or in another process, is identical."""
    cfg = kokoro_config(tmp_path, standin)
    voice = get_voice("kokoro", cfg, "en")
    first, again = voice.speak(["The harbour reopened.", "The harbour reopened."])
    assert first.pcm == again.pcm and first.sample_rate == 24000
    assert first.cpu_seconds > 0


def test_lexicon_ipa_reaches_kokoro_as_phonemes():
    """An inline [[ ipa ]] block passes through Piper's phonemiser into Kokoro's phonemes."""
    pytest.importorskip("piper")
    assert "kˈiːv" in phonemes("We flew to [[ kˈiːv ]] today.", "en-us")
    assert phonemes("Hello.", "en-us").startswith("h")


def test_blend_speed_and_identity(tmp_path, standin):
    """A blend of two voices, or another speed, is another identity; faster is shorter."""
    cfg = kokoro_config(tmp_path, standin)
    model, styles = standin
    base = KokoroConfig(str(model), str(styles), "jf_alpha", language="en-us")
    plain = KokoroVoice(base)
    blended = KokoroVoice(KokoroConfig(str(model), str(styles), "jf_alpha", "jm_kumo", 0.5))
    fast = KokoroVoice(KokoroConfig(str(model), str(styles), "jf_alpha", speed=1.5))
    assert len({plain.identity(), blended.identity(), fast.identity()}) == 3
    (normal,) = plain.speak(["The council meets on Friday."])
    (quick,) = KokoroVoice(KokoroConfig(**{**base.__dict__, "speed": 1.5})).speak(
        ["The council meets on Friday."]
    )
    (mixed,) = blended.speak(["The council meets on Friday."])
    assert quick.seconds < 0.85 * normal.seconds
    assert mixed.pcm != normal.pcm
    assert cfg.voice.engine == "kokoro"


def test_settings_and_missing_files_are_clear_errors(tmp_path, standin):
    """Bad settings name the setting; a missing model or voice says what to do."""
    with pytest.raises(ConfigError, match="voice.kokoro.speed"):
        kokoro_engine.validate(KokoroConfig(speed=3))
    with pytest.raises(ConfigError, match="voice.kokoro.blend_weight"):
        kokoro_engine.validate(KokoroConfig(blend_weight=2))
    with pytest.raises(VoiceUnavailable, match="briefcast voices add kokoro"):
        kokoro_engine.model_files(KokoroConfig())
    model, styles = standin
    with pytest.raises(VoiceUnavailable, match="jf_alpha"):
        KokoroVoice(KokoroConfig(str(model), str(styles), "af_heart"))
    missing = tmp_path / "nothing.onnx"
    with pytest.raises(VoiceUnavailable, match="not found"):
        KokoroVoice(KokoroConfig(str(missing), str(styles), "jf_alpha"))


def test_language_picks_voice_and_phonemes(standin):
    """[voice.kokoro.voices] picks the voice for the article's language and the phonemes
    follow the article (region first); a language espeak-ng lacks is refused."""
    pytest.importorskip("piper")
    cfg = KokoroConfig(voice="af_heart", voices={"fr": "ff_siwis"})
    assert kokoro_engine.for_language(cfg, "fr-FR").voice == "ff_siwis"
    assert kokoro_engine.for_language(cfg, "fr").language == "fr"
    assert (
        kokoro_engine.for_language(cfg, "en").language == "en-us"
    )  # espeak-ng takes its names in any case
    british = kokoro_engine.for_language(cfg, "en-GB").language
    assert british == kokoro_engine.for_language(replace_voice(cfg, "bf_emma"), "en").language
    assert phonemes("Hello there.", british) != phonemes("Hello there.", "en-US")
    with pytest.raises(VoiceUnavailable, match="espeak-ng"):
        kokoro_engine.for_language(cfg, "xx")


def replace_voice(cfg: KokoroConfig, voice: str) -> KokoroConfig:
    """``cfg`` with another voice."""
    from dataclasses import replace

    return replace(cfg, voice=voice)


def test_voices_command_lists_kokoro_and_its_cost(opening, monkeypatch):
    """`briefcast voices` shows Kokoro ready with its voices, and its measured cost."""
    from click.testing import CliRunner

    from briefcast.cli import cli

    _, cfg, _, _ = opening
    work = cfg.output.parent
    monkeypatch.setenv("BRIEFCAST_CACHE_DIR", str(cfg.cache.dir))
    run = CliRunner().invoke(
        cli, ["voices", "--timeout", "0.1", "--config", str(work / "briefcast.toml")]
    )
    assert run.exit_code == 0, run.output
    assert "kokoro ready" in run.output
    assert "jm_kumo" in run.output
    assert "CPU seconds per second of audio" in run.output
