"""Intro, outro and music bed: placement, loudness matching, ducking, and early errors.

The music files are sine tones made by the bundled ffmpeg in each test, each at its own
frequency, so that every part can be found in the finished MP3 by its spectrum.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from audio_helpers import decode, ebur128, make_tone, rms_db, tone_db

from briefcast import pipeline
from briefcast.config import load_config
from briefcast.errors import AudioError, ConfigError

NOW = datetime(2025, 2, 24, 6, 0, tzinfo=UTC)
ARTICLE = """# Music test

## First part

The first part of the story has two sentences. It is short, but long enough to hear.

## Second part

The second part is shorter still.
"""
INTRO_HZ, OUTRO_HZ, BED_HZ = 440.0, 880.0, 1500.0
INTRO_S, OUTRO_S, LEAD_S = 3.0, 3.0, 3.0
RATE = 44100


@pytest.fixture(scope="module")
def with_music(tmp_path_factory: pytest.TempPathFactory) -> pipeline.BuildResult:
    """A short article built with the offline voice, an intro, an outro and a 2-second bed
    (so it must loop), all at different levels from the voice."""
    pytest.importorskip("piper")
    work = tmp_path_factory.mktemp("music")
    (work / "story.md").write_text(ARTICLE, encoding="utf-8")
    make_tone(work / "intro.wav", INTRO_HZ, INTRO_S, volume_db=-6)
    make_tone(work / "outro.mp3", OUTRO_HZ, OUTRO_S, volume_db=-30)
    make_tone(work / "bed.flac", BED_HZ, 2.0, volume_db=-3)
    (work / "briefcast.toml").write_text(
        '[voice]\nengine = "piper"\nfallback = ""\n'
        '[audio]\nintro = "intro.wav"\noutro = "outro.mp3"\nbed = "bed.flac"\n'
        f"bed_lead_ms = {int(LEAD_S * 1000)}\n"
        '[cache]\ndir = "cache"\n',
        encoding="utf-8",
    )
    cfg = load_config(work / "briefcast.toml", env={}, cwd=work)
    return pipeline.build([str(work / "story.md")], cfg, now=NOW)


def test_episode_starts_with_intro_and_ends_with_outro(with_music):
    """The intro plays first and the outro last: the timings move by the intro and the bed's
    lead, the length adds both pieces, and the audio at each end is the right tone."""
    episode = with_music.episode
    intro, outro = episode.segments[0], episode.segments[-1]
    assert intro.start == 0
    assert intro.cues[0].start == pytest.approx(INTRO_S + LEAD_S, abs=0.1)
    assert episode.duration == pytest.approx(outro.cues[-1].end + LEAD_S + OUTRO_S, abs=0.15)
    samples = decode(with_music.audio_path)
    start = samples[int(0.2 * RATE) : int(2.7 * RATE)]
    end = samples[-int(2.7 * RATE) : -int(0.2 * RATE)]
    assert tone_db(start, INTRO_HZ) == pytest.approx(rms_db(start), abs=0.5)
    assert tone_db(end, OUTRO_HZ) == pytest.approx(rms_db(end), abs=0.5)
    # Matched in loudness to the voice: the quiet outro and the loud intro end up alike.
    assert abs(rms_db(start) - rms_db(end)) <= 2.0


def test_bed_is_ducked_under_the_voice(with_music):
    """While the voice speaks in the intro and the outro, the bed is 15 to 30 dB under it
    (there, but not masking); alone before the voice it is at least 10 dB louder."""
    episode = with_music.episode
    samples = decode(with_music.audio_path)
    for segment in (episode.segments[0], episode.segments[-1]):
        speech = samples[int(segment.cues[0].start * RATE) : int(segment.cues[-1].end * RATE)]
        voice, bed = rms_db(speech), tone_db(speech, BED_HZ)
        assert 15 <= voice - bed <= 30, (segment.kind, voice, bed)
    lead = samples[int((INTRO_S + 0.3) * RATE) : int((INTRO_S + LEAD_S - 0.6) * RATE)]
    first = episode.segments[0]
    under = samples[int(first.cues[0].start * RATE) : int(first.cues[-1].end * RATE)]
    assert tone_db(lead, BED_HZ) >= tone_db(under, BED_HZ) + 10
    assert tone_db(lead, BED_HZ) == pytest.approx(rms_db(lead), abs=0.5)  # the bed alone


def test_episode_with_music_meets_loudness_target(with_music):
    """With music mixed in, the MP3 still measures -16 LUFS within 1 LU, peaks under -1 dBTP."""
    integrated, peak = ebur128(with_music.audio_path)
    assert abs(integrated - -16.0) <= 1.0
    assert peak <= -1.0


def test_missing_music_file_fails_before_synthesis(tone_voice, tmp_path):
    """A music file that does not exist stops the build with a ConfigError naming the setting,
    before the voice says a word."""
    story = tmp_path / "story.md"
    story.write_text(ARTICLE, encoding="utf-8")
    cfg = load_config(
        None, overrides={"voice.engine": "tone", "audio.intro": "nowhere.wav"}, env={}, cwd=tmp_path
    )
    with pytest.raises(ConfigError, match=r"audio\.intro file not found: .*nowhere\.wav"):
        pipeline.build([str(story)], cfg, now=NOW)
    assert tone_voice.calls == 0
    assert not list((tmp_path / "feed" / "episodes").glob("*.mp3"))


def test_unreadable_music_file_fails_before_synthesis(tone_voice, tmp_path):
    """A music file ffmpeg cannot decode stops the build with an AudioError naming the setting,
    before the voice says a word."""
    story = tmp_path / "story.md"
    story.write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "bed.mp3").write_text("not audio at all\n" * 50, encoding="utf-8")
    cfg = load_config(
        None, overrides={"voice.engine": "tone", "audio.bed": "bed.mp3"}, env={}, cwd=tmp_path
    )
    with pytest.raises(AudioError, match=r"audio\.bed file .*bed\.mp3 cannot be read as audio"):
        pipeline.build([str(story)], cfg, now=NOW)
    assert tone_voice.calls == 0


def test_music_paths_are_relative_to_the_config_file(tmp_path):
    """Music paths in briefcast.toml are resolved against the file's folder, not the cwd."""
    show = tmp_path / "show"
    show.mkdir()
    (show / "briefcast.toml").write_text('[audio]\nintro = "jingles/in.wav"\n', encoding="utf-8")
    cfg = load_config(show / "briefcast.toml", env={}, cwd=tmp_path)
    assert Path(cfg.audio.intro) == show / "jingles" / "in.wav"
    assert cfg.audio.outro == "" and cfg.audio.bed == ""
