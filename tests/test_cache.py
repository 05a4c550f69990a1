"""The cache of voiced sentences: addressing, atomic entries, concurrency, pruning, commands."""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefcast.cli import cli
from briefcast.config import load_config
from briefcast.errors import VoiceError
from briefcast.voices import Clip
from briefcast.voices.cache import AudioCache, CachedVoice, cache_dir, default_cache_dir, entry_key


class CountingVoice:
    """A fake voice: each sentence becomes a tone-free ramp; counts what it is asked."""

    name = "fake"
    sample_rate = 16000

    def __init__(self, setting: str = "a", fail_on: str = "") -> None:
        self.setting = setting
        self.fail_on = fail_on
        self.asked: list[str] = []

    def identity(self) -> str:
        return f"fake:{self.setting}"

    def speak(self, sentences: Sequence[str]) -> list[Clip]:
        if self.fail_on and self.fail_on in sentences:
            raise VoiceError("fake voice refused")
        self.asked += sentences
        return [Clip(bytes(range(256)) * (len(s) + 1), self.sample_rate) for s in sentences]


def test_key_covers_identity_and_text():
    """The same text and settings give one key; any change of either gives another."""
    assert entry_key("gtts:lang=en", "Hello.") == entry_key("gtts:lang=en", "Hello.")
    assert entry_key("gtts:lang=en", "Hello.") != entry_key("gtts:lang=fr", "Hello.")
    assert entry_key("gtts:lang=en", "Hello.") != entry_key("gtts:lang=en", "Hello!")


def test_entry_round_trips_and_checks_sample_rate(tmp_path):
    """A stored clip reads back byte for byte; at another sample rate it is a miss."""
    cache = AudioCache(tmp_path)
    clip = Clip(b"\x01\x02" * 500, 22050)
    cache.put("piper", "ab" * 32, clip)
    assert cache.get("piper", "ab" * 32, 22050) == clip
    assert cache.get("piper", "ab" * 32, 24000) is None
    assert cache.get("piper", "cd" * 32, 22050) is None


def test_damaged_entry_is_a_miss_and_removed(tmp_path):
    """A truncated or garbled entry is never returned as audio; it is deleted."""
    cache = AudioCache(tmp_path)
    cache.put("gtts", "ab" * 32, Clip(b"\x01\x02" * 5000, 24000))
    path = cache.path_for("gtts", "ab" * 32)
    path.write_bytes(path.read_bytes()[:3000])
    assert cache.get("gtts", "ab" * 32, 24000) is None
    assert not path.exists()
    cache.put("gtts", "cd" * 32, Clip(b"\x01\x02" * 50, 24000))
    cache.path_for("gtts", "cd" * 32).write_bytes(b"not a wav file at all")
    assert cache.get("gtts", "cd" * 32, 24000) is None


def test_failed_write_leaves_nothing_behind(tmp_path, monkeypatch):
    """A write interrupted before its rename leaves neither an entry nor a temporary file."""
    cache = AudioCache(tmp_path)

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    cache.put("gtts", "ab" * 32, Clip(b"\x01\x02" * 5000, 24000))
    monkeypatch.undo()
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []
    assert cache.get("gtts", "ab" * 32, 24000) is None


def test_failed_paragraph_stores_nothing(tmp_path):
    """When the engine fails on a paragraph, none of its sentences are stored."""
    cache = AudioCache(tmp_path)
    voice = CachedVoice(CountingVoice(fail_on="Two."), cache)
    with pytest.raises(VoiceError):
        voice.speak(["One.", "Two.", "Three."])
    assert cache.stats().entries == 0


def test_two_writers_and_a_reader_never_see_partial_audio(tmp_path):
    """Concurrent writes of one entry always leave, and show, a whole clip."""
    cache = AudioCache(tmp_path)
    clip = Clip(os.urandom(2 * 48000), 24000)
    key = "ef" * 32
    seen: list[Clip | None] = []
    stop = threading.Event()

    def write() -> None:
        for _ in range(30):
            cache.put("gtts", key, clip)

    def read() -> None:
        while not stop.is_set():
            seen.append(cache.get("gtts", key, 24000))

    reader = threading.Thread(target=read)
    writers = [threading.Thread(target=write) for _ in range(2)]
    reader.start()
    for w in writers:
        w.start()
    for w in writers:
        w.join()
    stop.set()
    reader.join()
    assert cache.get("gtts", key, 24000) == clip
    assert all(s is None or s == clip for s in seen)
    assert any(s == clip for s in seen)
    assert [p.name for p in tmp_path.rglob("*.tmp")] == []


def test_cached_voice_rebuild_makes_no_engine_call(tmp_path):
    """Speaking the same paragraphs again asks the engine nothing; changed text is voiced."""
    cache = AudioCache(tmp_path)
    first = CountingVoice()
    CachedVoice(first, cache).speak(["One.", "Two."])
    assert first.asked == ["One.", "Two."]
    again = CountingVoice()
    wrapped = CachedVoice(again, cache)
    clips = wrapped.speak(["One.", "Two."])
    assert again.asked == [] and wrapped.hits == 2
    assert clips[0].pcm == bytes(range(256)) * 5
    wrapped.speak(["One.", "Three."])
    assert again.asked == ["Three."]
    other = CountingVoice(setting="b")
    CachedVoice(other, cache).speak(["One."])
    assert other.asked == ["One."]


def test_repeated_sentence_is_voiced_once(tmp_path):
    """A sentence said twice in a paragraph or an episode is voiced once."""
    voice = CountingVoice()
    wrapped = CachedVoice(voice, AudioCache(tmp_path))
    wrapped.plan([["Hi.", "Hi.", "Yes."], ["Hi."]])
    assert len(wrapped.speak(["Hi.", "Hi.", "Yes."])) == 3
    assert len(wrapped.speak(["Hi."])) == 1
    assert voice.asked == ["Hi.", "Yes."]


def test_prune_drops_least_recently_used_first(tmp_path):
    """Beyond the size limit, the entries used longest ago go first."""
    cache = AudioCache(tmp_path)
    for n, key in enumerate(("aa", "bb", "cc")):
        cache.put("fake", key * 32, Clip(b"\x00\x00" * 1000, 16000))
        os.utime(cache.path_for("fake", key * 32), (1000 + n, 1000 + n))
    cache.get("fake", "aa" * 32, 16000)  # used now: the newest
    removed = cache.prune(2 * 2100)
    assert removed == 1
    assert cache.get("fake", "bb" * 32, 16000) is None
    assert cache.get("fake", "aa" * 32, 16000) is not None


def test_clear_touches_only_the_cache_entries(tmp_path):
    """Clearing removes the entries and leaves anything else in the folder alone."""
    cache = AudioCache(tmp_path)
    (tmp_path / "notes.txt").write_text("mine")
    cache.put("gtts", "ab" * 32, Clip(b"\x00\x00" * 100, 24000))
    removed = cache.clear()
    assert removed.entries == 1
    assert cache.stats().entries == 0
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_cache_folder_follows_config_env_and_xdg(tmp_path):
    """cache.dir and BRIEFCAST_CACHE_DIR choose the folder; otherwise XDG_CACHE_HOME, ~/.cache."""
    assert default_cache_dir({"XDG_CACHE_HOME": str(tmp_path)}) == tmp_path / "briefcast"
    assert default_cache_dir({}) == Path.home() / ".cache" / "briefcast"
    cfg = load_config(env={"BRIEFCAST_CACHE_DIR": str(tmp_path / "env")}, cwd=tmp_path)
    assert cache_dir(cfg) == tmp_path / "env"
    (tmp_path / "briefcast.toml").write_text('[cache]\ndir = "here"\n')
    cfg = load_config(env={}, cwd=tmp_path)
    assert cache_dir(cfg) == tmp_path / "here"


def test_cache_commands_report_and_clear(tmp_path, monkeypatch):
    """`cache info` counts sentences per engine; `cache clear` empties it."""
    monkeypatch.setenv("BRIEFCAST_CACHE_DIR", str(tmp_path / "c"))
    monkeypatch.chdir(tmp_path)
    cache = AudioCache(tmp_path / "c")
    cache.put("piper", "ab" * 32, Clip(b"\x00\x00" * 10000, 22050))
    cache.put("gtts", "cd" * 32, Clip(b"\x00\x00" * 10000, 24000))
    runner = CliRunner()
    info = runner.invoke(cli, ["cache", "info"])
    assert info.exit_code == 0, info.output
    assert f"Cache: {tmp_path / 'c'}" in info.output
    assert "Total: 2 entries" in info.output
    rows = {line.split()[0]: line.split()[1] for line in info.output.splitlines()[1:-1]}
    assert rows == {"gtts": "1", "piper": "1"}
    cleared = runner.invoke(cli, ["cache", "clear"])
    assert cleared.exit_code == 0
    assert "Removed 2 entries" in cleared.output
    assert cache.stats().entries == 0


SHORT_ARTICLE = """# Bridge reopens

The river bridge reopened on Monday after repairs. Buses use it again from today.

## Traffic

Drivers should expect short delays this week.
"""


@pytest.fixture
def counted_render(monkeypatch):
    """assemble.render, counting its calls (a cache hit must not render at all)."""
    from briefcast.audio import assemble

    calls = []
    real = assemble.render

    def render(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(assemble, "render", render)
    return calls


def test_cached_rebuild_renders_nothing_and_gives_the_same_episode(
    tone_config, tone_voice, tmp_path, counted_render
):
    """A rebuild of the same script finds the encoded episode before any PCM is made: no
    render, no sentence spoken; the stored file, timings and loudness are the same."""
    from briefcast import pipeline

    article = tmp_path / "bridge.md"
    article.write_text(SHORT_ARTICLE, encoding="utf-8")
    first = pipeline.build([str(article)], tone_config)
    audio_bytes = first.audio_path.read_bytes()
    spoken = tone_voice.calls
    again = pipeline.build([str(article)], tone_config)
    assert counted_render == [1] and tone_voice.calls == spoken
    assert again.episode.segments == first.episode.segments
    assert again.episode.loudness_lufs == first.episode.loudness_lufs
    assert again.audio_path.read_bytes() == audio_bytes


def test_loudness_setting_or_code_change_re_encodes(
    tone_config, tone_voice, tmp_path, counted_render, monkeypatch
):
    """Changing audio.loudness_lufs, or the code of loudness.py, misses the cache and
    encodes again (to the new target)."""
    from dataclasses import replace

    from briefcast import pipeline
    from briefcast.audio import loudness

    article = tmp_path / "bridge.md"
    article.write_text(SHORT_ARTICLE, encoding="utf-8")
    pipeline.build([str(article)], tone_config)
    quieter = replace(tone_config, audio=replace(tone_config.audio, loudness_lufs=-20.0))
    result = pipeline.build([str(article)], quieter)
    assert len(counted_render) == 2
    assert result.episode.loudness_lufs == pytest.approx(-20.0, abs=1.0)
    pipeline.build([str(article)], quieter)
    assert len(counted_render) == 2  # the same settings again: a hit
    edited = tmp_path / "loudness.py"
    edited.write_text(
        Path(loudness.__file__).read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8"
    )
    monkeypatch.setattr(loudness, "__file__", str(edited))
    pipeline.build([str(article)], quieter)
    assert len(counted_render) == 3


def test_damaged_cached_episode_is_a_miss(tmp_path):
    """An encoded entry whose measurements cannot be read is dropped and reads as a miss."""
    cache = AudioCache(tmp_path / "cache")
    entry = cache.audio_dir / "episodes" / "ab" / ("ab" * 32 + ".mp3")
    entry.parent.mkdir(parents=True)
    entry.write_bytes(b"MP3")
    (entry.parent / (entry.name + ".json")).write_text("{not json", encoding="utf-8")
    assert cache.find_episode("ab" * 32, tmp_path / "out.mp3") is None
    assert not entry.exists() and not (tmp_path / "out.mp3").exists()


def test_unreachable_engine_is_remembered_for_a_few_minutes(tmp_path) -> None:
    """An engine noted unreachable is reported as such within the memory time, then forgotten;
    a damaged note reads as never noted."""
    from briefcast.voices.cache import UNREACHABLE_MEMORY_S, AudioCache

    cache = AudioCache(tmp_path)
    assert cache.unreachable("gtts") == ""
    cache.remember_unreachable(
        "gtts", "cannot reach Google's voice (connection refused)", now=1000.0
    )
    assert cache.unreachable("gtts", now=1000.0 + UNREACHABLE_MEMORY_S - 1).startswith("cannot")
    assert cache.unreachable("gtts", now=1000.0 + UNREACHABLE_MEMORY_S + 1) == ""
    assert cache.unreachable("piper", now=1001.0) == ""
    (tmp_path / "unreachable" / "gtts.json").write_text("{not json", encoding="utf-8")
    assert cache.unreachable("gtts", now=1001.0) == ""


def test_offline_rebuild_finds_the_fallbacks_encoded_episode(
    tone_config, tone_voice, tmp_path, counted_render
):
    """With gTTS remembered as unreachable, a rebuild with the default engine looks up the
    episode its fallback voiced before: nothing is rendered, and the stored episode says which
    engine spoke it and why."""
    from dataclasses import replace

    from briefcast import pipeline
    from briefcast.voices.cache import open_cache

    article = tmp_path / "bridge.md"
    article.write_text(SHORT_ARTICLE, encoding="utf-8")
    first = pipeline.build([str(article)], tone_config)
    offline = replace(tone_config, voice=replace(tone_config.voice, engine="gtts", fallback="tone"))
    open_cache(offline).remember_unreachable("gtts", "cannot reach Google's voice (refused)")
    again = pipeline.build([str(article)], offline)
    assert counted_render == [1]
    assert again.episode.engine == "tone"
    assert again.episode.fallback_reason == "cannot reach Google's voice (refused)"
    assert again.audio_path.read_bytes() == first.audio_path.read_bytes()


def test_artwork_is_drawn_once_and_always_right(tone_config, tone_voice, tmp_path) -> None:
    """The generated cover, the favicon and the cover embedded in the MP3 are kept in the
    cache: a rebuild gives the same bytes as drawing them afresh; a damaged entry is drawn
    again; another title gets its own cover."""
    from dataclasses import replace

    from mutagen.id3 import ID3

    from briefcast import pipeline
    from briefcast.audio import tags
    from briefcast.show import layout
    from briefcast.site import cover

    cfg = replace(tone_config, cache=replace(tone_config.cache, dir=str(tmp_path / "cache")))
    article = tmp_path / "bridge.md"
    article.write_text(SHORT_ARTICLE, encoding="utf-8")

    def check(result: pipeline.BuildResult, title: str) -> None:
        drawn = cover.render_cover(title)
        assert (cfg.output / layout.COVER_NAME).read_bytes() == drawn
        assert (cfg.output / "favicon.ico").read_bytes() == cover.render_favicon(drawn, title)
        embedded = tags.id3_jpeg(cover.render_cover(title, tags.ID3_COVER_PX), "the cover")
        assert ID3(result.audio_path).getall("APIC")[0].data == embedded

    check(pipeline.build([str(article)], cfg), cfg.show.title)
    folder = tmp_path / "cache" / "audio" / "artwork"
    entries = sorted(p for p in folder.glob("*/*") if p.suffix != ".json")  # not checksums
    assert sorted(p.suffix for p in entries) == [".ico", ".jpg", ".png"]
    for entry in entries:
        entry.write_bytes(b"not an image")
    check(pipeline.build([str(article)], cfg), cfg.show.title)
    assert all(entry.read_bytes() != b"not an image" for entry in entries)
    retitled = replace(cfg, show=replace(cfg.show, title="Another Show"))
    check(pipeline.build([str(article)], retitled), "Another Show")


def test_the_build_that_finds_google_unreachable_copies_the_fallbacks_episode(
    tone_config, tone_voice, tmp_path, counted_render
) -> None:
    """The first build that finds Google unreachable (refused, not yet remembered) looks up
    the episode its fallback encoded before instead of rendering it again: one request, the
    same file; and it remembers Google as unreachable for the builds after it."""
    from dataclasses import replace

    import responses
    from fake_google import FakeGoogle

    from briefcast import pipeline
    from briefcast.voices.cache import open_cache

    article = tmp_path / "bridge.md"
    article.write_text(SHORT_ARTICLE, encoding="utf-8")
    first = pipeline.build([str(article)], tone_config)
    offline = replace(
        tone_config,
        voice=replace(
            tone_config.voice,
            engine="gtts",
            fallback="tone",
            sections={**tone_config.voice.sections, "gtts": {"min_interval": 0.0, "retries": 1}},
        ),
    )
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        google = FakeGoogle(rsps, default="refuse")
        again = pipeline.build([str(article)], offline)
    # Two renders in all: the first build's, and the gTTS attempt that failed at its first
    # request; the fallback renders nothing.
    assert google.requests == 1 and counted_render == [1, 1]
    assert again.episode.engine == "tone"
    assert again.episode.fallback_reason.startswith("cannot reach Google's voice")
    assert again.audio_path.read_bytes() == first.audio_path.read_bytes()
    assert open_cache(offline).unreachable("gtts")


def test_a_cache_folder_that_is_a_regular_file_only_warns(
    tone_config, tone_voice, tmp_path, monkeypatch, caplog
):
    """BRIEFCAST_CACHE_DIR naming a regular file (the build failed) is treated as a cache that
    cannot be written, as a full or read-only one is: the episode is built and stored, with a
    warning."""
    from briefcast import pipeline

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("BRIEFCAST_CACHE_DIR", str(blocker))
    from briefcast.config import load_config

    cfg = load_config(None, overrides={"voice.engine": "tone"}, cwd=tmp_path)
    from dataclasses import replace

    cfg = replace(tone_config, cache=cfg.cache)
    article = tmp_path / "bridge.md"
    article.write_text(SHORT_ARTICLE, encoding="utf-8")
    result = pipeline.build([str(article)], cfg)
    assert result.audio_path.is_file()
    assert blocker.read_text(encoding="utf-8") == "x"
    assert caplog.text.count("cannot be used") == 1
