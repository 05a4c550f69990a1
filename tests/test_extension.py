"""A new voice engine, audio format, reader or publish target is each one module and one
registry line: this test module alone defines a toy engine with its own ``[voice.toy]``
settings, a toy format (FLAC), a toy reader with its own ``[read.toyshout]`` settings and a toy
target with its own ``[publish.shelf]`` settings, registers them, and builds and publishes
episodes with them, with no edit anywhere else (the recipes are in CONTRIBUTING.md)."""

from __future__ import annotations

import array
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from fakes import ToneVoice
from lxml import etree

from briefcast import pipeline, voices
from briefcast.audio import formats
from briefcast.audio.formats.base import mutagen_length
from briefcast.audio.media import decode_to_pcm
from briefcast.audio.tags import Tags
from briefcast.cli import cli
from briefcast.config import AudioConfig, load_config, within
from briefcast.errors import ConfigError, PublishError
from briefcast.models import Article, Section
from briefcast.publish import targets
from briefcast.publish.publish import publish
from briefcast.publish.serve import content_type
from briefcast.publish.targets import LocalFile, RemoteFile, TargetKind
from briefcast.reading import readers
from briefcast.reading.readers import Document
from briefcast.reading.readers.common import article_from_sections
from briefcast.show.public import is_public
from briefcast.standards import PODCAST_NS
from briefcast.voices import Clip, Engine, EngineStatus

ARTICLE = """# Toy engines

A toy engine speaks every sentence as a hum. It has settings of its own.

## Settings

Its pitch comes from its own table of the configuration.
"""


@dataclass(frozen=True)
class ToyConfig:
    """The toy engine's settings: the hum's pitch and the length of each word."""

    pitch_hz: int = 220
    word_seconds: float = 0.1


def _validate(cfg: ToyConfig) -> None:
    if not 50 <= cfg.pitch_hz <= 2000:
        raise ConfigError("voice.toy.pitch_hz must be between 50 and 2000")


class ToyVoice:
    """Hums each sentence at the configured pitch, ``word_seconds`` per word."""

    name = "toy"
    sample_rate = 16000

    def __init__(self, cfg: ToyConfig) -> None:
        self.cfg = cfg
        self.spoken: list[str] = []

    def identity(self) -> str:
        """Engine and every setting that changes the sound."""
        return f"toy:{self.cfg.pitch_hz}:{self.cfg.word_seconds}"

    def speak(self, sentences: Sequence[str]) -> list[Clip]:
        """One hum per sentence."""
        clips = []
        for sentence in sentences:
            self.spoken.append(sentence)
            count = int(len(sentence.split()) * self.cfg.word_seconds * self.sample_rate)
            step = 2 * math.pi * self.cfg.pitch_hz / self.sample_rate
            samples = array.array("h", (int(8000 * math.sin(step * i)) for i in range(count)))
            clips.append(Clip(samples.tobytes(), self.sample_rate))
        return clips


TEMPLATE = """\
[voice.toy]
# The hum's pitch in Hz, and seconds per word.
pitch_hz = 220
word_seconds = 0.1
"""

made: list[ToyVoice] = []


def _create(cfg: ToyConfig) -> ToyVoice:
    voice = ToyVoice(cfg)
    made.append(voice)
    return voice


def _status(cfg: ToyConfig, timeout: float) -> EngineStatus:
    return EngineStatus("toy", True, "ready", "a toy hum", f"pitch_hz={cfg.pitch_hz}")


TOY = Engine("toy", "a toy hum", ToyConfig, _create, _status, _validate, template=TEMPLATE)


@pytest.fixture
def toy(monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine[ToyConfig]]:
    """The toy engine in the registry (the one line a real engine adds to voices/__init__)."""
    monkeypatch.setitem(voices.REGISTRY, "toy", TOY)
    made.clear()
    yield TOY


def test_toy_engine_builds_an_episode_from_its_own_settings(
    toy: Engine[ToyConfig], tmp_path: Path
) -> None:
    """``[voice.toy]`` reaches the toy voice; the episode is voiced by it, and its audio
    lasts what the toy's own settings make it last."""
    (tmp_path / "briefcast.toml").write_text(
        '[voice]\nengine = "toy"\nfallback = ""\n\n[voice.toy]\npitch_hz = 330\n'
        "word_seconds = 0.05\n",
        encoding="utf-8",
    )
    article = tmp_path / "toy.md"
    article.write_text(ARTICLE, encoding="utf-8")
    cfg = load_config(env={}, cwd=tmp_path)
    result = pipeline.build([str(article)], cfg)
    assert result.episode.engine == "toy"
    assert {v.cfg for v in made} == {ToyConfig(pitch_hz=330, word_seconds=0.05)}
    [voice] = [v for v in made if v.spoken]
    words = sum(len(s.split()) for s in voice.spoken)
    hum = sum(c.end - c.start for s in result.episode.segments for c in s.cues)
    assert hum == pytest.approx(words * 0.05, abs=0.1 * len(voice.spoken))
    pcm = decode_to_pcm(result.audio_path, 16000)
    assert len(pcm) / 32000 == pytest.approx(result.episode.duration, abs=0.2)


def test_toy_engine_settings_are_checked_listed_and_templated(
    toy: Engine[ToyConfig], tmp_path: Path
) -> None:
    """A bad toy setting is one Error line naming it; ``briefcast voices`` lists the toy;
    ``briefcast init`` writes its table."""
    runner = CliRunner()
    with runner.isolated_filesystem(temp_dir=tmp_path):
        Path("briefcast.toml").write_text("[voice.toy]\npitch_hz = 5\n", encoding="utf-8")
        bad = runner.invoke(cli, ["voices"], env={})
        assert bad.exit_code == 1
        assert bad.output.strip().splitlines()[-1] == (
            "Error: voice.toy.pitch_hz must be between 50 and 2000"
        )
        Path("briefcast.toml").unlink()
        listed = runner.invoke(cli, ["voices", "--timeout", "0.1"], env={})
        assert "toy    ready" in listed.output and "pitch_hz=220" in listed.output
        assert runner.invoke(cli, ["init"], env={}).exit_code == 0
        written = Path("briefcast.toml").read_text(encoding="utf-8")
        assert "[voice.toy]\n# The hum's pitch in Hz" in written
        assert voices.engine_settings(load_config(env={}), "toy") == ToyConfig()


# ---------------------------------------------------------------- a toy audio format


class ToyFlac:
    """A lossless alternate: FLAC, with Vorbis-comment tags and chapters (the recipe's
    module: a class with its name, extension, type and label, its ffmpeg muxers and codec,
    its tags and its duration)."""

    name = "toyflac"
    extension = ".flac"
    mime = "audio/flac"
    label = "FLAC"
    file_muxer = "f=flac"
    stream_muxer = "f=flac"
    stream_demuxer = "flac"

    def codec_args(self, cfg: AudioConfig) -> list[str]:
        """Lossless: no bitrate to choose."""
        return ["-c:a", "flac"]

    def write_tags(self, path: Path, tags: Tags) -> None:
        """Title, show and one comment pair per chapter."""
        from mutagen.flac import FLAC

        audio = FLAC(path)
        audio.clear()
        audio["TITLE"] = [tags.title]
        audio["ALBUM"] = [tags.album]
        for number, chapter in enumerate(tags.chapters, start=1):
            audio[f"CHAPTER{number:03d}NAME"] = [chapter.title]
        audio.save()

    def duration(self, path: Path) -> float:
        """The length from the FLAC stream header."""
        from mutagen.flac import FLAC

        return mutagen_length(path, FLAC, "FLAC file")


@pytest.fixture
def toy_format(monkeypatch: pytest.MonkeyPatch) -> Iterator[ToyFlac]:
    """The toy format in the registry (the one line a real format adds to formats/__init__)."""
    fmt = ToyFlac()
    monkeypatch.setitem(formats.REGISTRY, fmt.name, fmt)
    yield fmt


def test_toy_format_is_encoded_tagged_announced_and_served(
    toy_format: ToyFlac, tone_voice: ToneVoice, tmp_path: Path
) -> None:
    """With ``audio.formats = ["mp3", "toyflac"]`` every episode gets a FLAC beside the MP3:
    it decodes to the episode's length, carries its tags and chapters, is announced in the
    feed as an alternate enclosure of its own type and exact size, and is served and
    published with that type; nothing outside the format's module names it."""
    article = tmp_path / "toy.md"
    article.write_text(ARTICLE, encoding="utf-8")
    cfg = load_config(
        None,
        overrides={
            "voice.engine": "tone",
            "voice.fallback": "",
            "audio.formats": ["mp3", "toyflac"],
        },
        env={},
        cwd=tmp_path,
    )
    result = pipeline.build([str(article)], cfg)
    [alternate] = result.episode.alternates
    assert alternate.format == "toyflac" and alternate.file.endswith(".flac")
    path = cfg.output / alternate.file
    assert alternate.size == path.stat().st_size
    pcm = decode_to_pcm(path, 16000)
    assert len(pcm) / 32000 == pytest.approx(result.episode.duration, abs=0.2)
    assert toy_format.duration(path) == pytest.approx(result.episode.duration, abs=0.2)
    from mutagen.flac import FLAC

    tags = FLAC(path)
    assert tags["TITLE"] == [result.episode.title]
    assert tags["CHAPTER001NAME"] == ["Introduction"]
    root = etree.parse(str(cfg.output / "feed.xml"))
    [enclosure] = root.iterfind(".//podcast:alternateEnclosure", {"podcast": PODCAST_NS})
    assert enclosure.get("type") == "audio/flac"
    assert enclosure.get("length") == str(alternate.size)
    assert content_type(alternate.file) == "audio/flac"
    assert is_public(alternate.file)


# ---------------------------------------------------------------- a toy reader


@dataclass(frozen=True)
class ShoutSettings:
    """The toy reader's settings: whether to read every line in capitals."""

    capitals: bool = False
    min_words: int = 1


class ToyShoutReader:
    """``.shout`` files: a title line, then one paragraph a line (the recipe's module: the
    reader's name, extensions, media types, sniffing and reading, and its own settings)."""

    name = "toyshout"
    extensions = frozenset({".shout"})
    media_types = frozenset({"text/x-shout"})
    settings = ShoutSettings
    template = "[read.toyshout]\n# Read every line in capitals.\ncapitals = false\nmin_words = 1\n"

    def __init__(self, settings: ShoutSettings | None = None) -> None:
        self.own = settings or ShoutSettings()

    def validate(self, settings: ShoutSettings) -> None:
        """``min_words`` is a small positive number."""
        within("read.toyshout", "min_words", settings.min_words, 1, 50)

    def configured(self, settings: ShoutSettings) -> ToyShoutReader:
        """This reader with ``settings``."""
        return ToyShoutReader(settings)

    def sniff(self, doc: Document) -> bool:
        """A first line that starts with "SHOUT:"."""
        return doc.head.startswith(b"SHOUT:")

    def read(self, doc: Document) -> Article:
        """The title line, then every line long enough, in capitals when asked."""
        title, *lines = doc.data.decode("utf-8").removeprefix("SHOUT:").strip().splitlines()
        lines = [line for line in lines if len(line.split()) >= self.own.min_words]
        if self.own.capitals:
            lines = [line.upper() for line in lines]
        return article_from_sections([Section("", tuple(lines))], doc.source, title=title)


@pytest.fixture
def toy_reader(monkeypatch: pytest.MonkeyPatch) -> Iterator[ToyShoutReader]:
    """The toy reader in the registry (the one line a real reader adds to READERS)."""
    reader = ToyShoutReader()
    monkeypatch.setattr(readers, "READERS", (reader, *readers.READERS))
    yield reader


SHOUT = """SHOUT: The toy reader
The toy reader reads a line as one paragraph of the article.
Short line.
Its settings come from its own table of the configuration.
"""


def test_toy_reader_reads_with_its_own_settings(toy_reader: ToyShoutReader, tmp_path: Path) -> None:
    """``[read.toyshout]`` reaches the toy reader when an article is read through the
    configuration; a bad value is refused naming the setting; ``init`` writes its table."""
    (tmp_path / "story.shout").write_text(SHOUT, encoding="utf-8")
    (tmp_path / "briefcast.toml").write_text(
        "[read.toyshout]\ncapitals = true\nmin_words = 3\n", encoding="utf-8"
    )
    cfg = pipeline.load_config(env={}, cwd=tmp_path)
    options = pipeline.read_options(cfg)
    [article] = pipeline.read_articles([str(tmp_path / "story.shout")], None, options)
    assert article.title == "The toy reader"
    assert article.sections[0].paragraphs == (
        "THE TOY READER READS A LINE AS ONE PARAGRAPH OF THE ARTICLE.",
        "ITS SETTINGS COME FROM ITS OWN TABLE OF THE CONFIGURATION.",
    )
    with pytest.raises(ConfigError, match="read.toyshout.min_words must be between 1 and 50"):
        pipeline.load_config(overrides={"read.toyshout.min_words": 0}, env={}, cwd=tmp_path)
    assert "[read.toyshout]\n# Read every line in capitals." in pipeline.config_template()


# ---------------------------------------------------------------- a toy publish target

# Every shelf's files by name, as a remote store would keep them.
SHELVES: dict[str, dict[str, bytes]] = {}


@dataclass(frozen=True)
class ShelfSettings:
    """The toy target's settings: how many files a shelf holds at most."""

    max_files: int = 100


class ShelfTarget:
    """A shelf in memory (the recipe's module: a class with ``description``, ``remote``,
    ``inventory``, ``is_current``, ``upload`` and ``delete``, an opener and its settings)."""

    remote = False

    def __init__(self, name: str, settings: ShelfSettings) -> None:
        self.description = f"shelf:{name}"
        self.files = SHELVES.setdefault(name, {})
        self.settings = settings

    def inventory(self) -> dict[str, RemoteFile]:
        """Every file on the shelf."""
        return {key: RemoteFile(key, len(data)) for key, data in self.files.items()}

    def is_current(self, item: LocalFile, remote: RemoteFile) -> bool:
        """The same bytes."""
        return self.files.get(item.key) == item.path.read_bytes()

    def upload(self, item: LocalFile) -> None:
        """Keep the file's bytes; a full shelf refuses."""
        if item.key not in self.files and len(self.files) >= self.settings.max_files:
            raise PublishError(f"{self.description} is full ({self.settings.max_files} files)")
        self.files[item.key] = item.path.read_bytes()

    def delete(self, keys: Sequence[str]) -> None:
        """Drop the files."""
        for key in keys:
            self.files.pop(key, None)


def _open_shelf(spec: str, settings: ShelfSettings, cfg: object, session: object) -> ShelfTarget:
    return ShelfTarget(spec.partition("://")[2], settings)


def _validate_shelf(settings: ShelfSettings) -> None:
    within("publish.shelf", "max_files", settings.max_files, 1, 10_000)


SHELF = TargetKind(
    "shelf",
    "shelf://NAME",
    "a toy shelf in memory",
    ShelfSettings,
    _open_shelf,
    _validate_shelf,
    "[publish.shelf]\n# Files a shelf holds at most.\nmax_files = 100\n",
)


@pytest.fixture
def shelf(monkeypatch: pytest.MonkeyPatch) -> Iterator[TargetKind[ShelfSettings]]:
    """The toy target in the registry (the one line a real target adds to targets/__init__)."""
    monkeypatch.setitem(targets.REGISTRY, "shelf", SHELF)
    SHELVES.clear()
    yield SHELF


def test_toy_target_publishes_an_episode_with_its_own_settings(
    shelf: TargetKind[ShelfSettings], tone_voice: ToneVoice, tmp_path: Path
) -> None:
    """``publish.target = "shelf://main"`` publishes a built episode to the toy shelf, byte
    for byte, audio before the feed; ``[publish.shelf]`` reaches the target (a shelf too small
    refuses with one clear error); the target is listed where targets are offered."""
    article = tmp_path / "toy.md"
    article.write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "briefcast.toml").write_text(
        '[voice]\nengine = "tone"\nfallback = ""\n\n[publish]\ntarget = "shelf://main"\n\n'
        "[publish.shelf]\nmax_files = 50\n",
        encoding="utf-8",
    )
    cfg = pipeline.load_config(env={}, cwd=tmp_path)
    result = pipeline.build([str(article)], cfg)
    assert targets.target_settings(cfg, "shelf") == ShelfSettings(max_files=50)
    publish(cfg, force=True)  # the feed links to localhost: this shelf is not served
    shelved = SHELVES["main"]
    assert shelved["feed.xml"] == (cfg.output / "feed.xml").read_bytes()
    audio = result.audio_path.relative_to(cfg.output).as_posix()
    assert shelved[audio] == result.audio_path.read_bytes()
    assert list(shelved).index(audio) < list(shelved).index("feed.xml")
    small = pipeline.load_config(overrides={"publish.shelf.max_files": 2}, env={}, cwd=tmp_path)
    with pytest.raises(PublishError, match=r"shelf:small is full \(2 files\)"):
        publish(small, "shelf://small", force=True)
    with pytest.raises(ConfigError, match="publish.shelf.max_files must be between 1 and 10000"):
        pipeline.load_config(overrides={"publish.shelf.max_files": 0}, env={}, cwd=tmp_path)
    with pytest.raises(PublishError, match="shelf://NAME"):
        publish(cfg, "ftp://example.org/show")
    template = pipeline.config_template()
    assert '"shelf://NAME": a toy shelf in memory' in template
    assert "[publish.shelf]\n# Files a shelf holds at most." in template
