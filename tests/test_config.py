"""The configuration is a leaf: it keeps each plug-in's table as written, and the engine,
reader or target reads and checks its own settings (so adding one never edits config/)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from briefcast import pipeline, voices
from briefcast.config import load_config
from briefcast.errors import ConfigError
from briefcast.publish import targets
from briefcast.reading import readers
from briefcast.voices.gtts import GttsConfig


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "briefcast.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_engine_tables_merge_file_env_and_flags(tmp_path: Path) -> None:
    """[voice.gtts] from the file, then a flag, reach the gTTS settings with their types."""
    path = _write(tmp_path, '[voice.gtts]\ntld = "co.uk"\nretries = 2\n')
    cfg = load_config(path, overrides={"voice.gtts.min_interval": "0.5"}, env={})
    settings = voices.engine_settings(cfg, "gtts")
    assert settings == GttsConfig(tld="co.uk", retries=2, min_interval=0.5)
    empty = tmp_path / "elsewhere"
    empty.mkdir()
    assert voices.engine_settings(load_config(env={}, cwd=empty), "gtts") == GttsConfig()


@pytest.mark.parametrize(
    "text,message",
    [
        ("[voice.gtts]\nretries = 99\n", "voice.gtts.retries must be between 1 and 10"),
        ("[voice.gtts]\nnope = 1\n", "unknown setting 'voice.gtts.nope'"),
        ("[voice.gtts]\ntld = 3\n", "voice.gtts.tld must be a string"),
        ("[voice.piper]\nlength_scale = 9.0\n", "voice.piper.length_scale must be between"),
        ("[voice.klingon]\nx = 1\n", "unknown setting 'voice.klingon'"),
        (
            '[voice]\nengine = "klingon"\n',
            "unknown engine 'klingon'; choose one of: gtts, piper, kokoro",
        ),
        ('[voice]\nfallback = "x"\n', "unknown fallback engine 'x'"),
    ],
)
def test_engines_check_their_own_settings(tmp_path: Path, text: str, message: str) -> None:
    """A wrong engine setting is refused with the setting's name, by the engine's own check."""
    cfg = load_config(_write(tmp_path, text), env={})
    with pytest.raises(ConfigError, match=message):
        voices.check_config(cfg)


def test_init_template_holds_every_engine_section(tmp_path: Path) -> None:
    """The written template has each registered engine's table and loads to the defaults."""
    text = pipeline.config_template("My show")
    assert "[voice.gtts]" in text and "[voice.piper]" in text
    cfg = pipeline.load_config(_write(tmp_path, text), env={})
    assert cfg.show.title == "My show"
    assert voices.engine_settings(cfg, "gtts") == GttsConfig()


@pytest.mark.parametrize(
    "text,where",
    [
        ('output = "feed\\u0000x"\n', "output"),
        ('[show]\ntitle = "A\\u0000B"\n', "show.title"),
        ('[audio]\nintro = "a\\u0000.mp3"\n', "audio.intro"),
    ],
)
def test_a_nul_in_any_setting_is_one_clear_error(tmp_path: Path, text: str, where: str) -> None:
    """TOML lets a string hold U+0000; no path or title can: the setting is named, once
    (a fuzzer found `output` crashing the path resolution)."""
    from click.testing import CliRunner

    from briefcast.cli import cli

    (tmp_path / "briefcast.toml").write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=rf"{where} holds a NUL character"):
        load_config(tmp_path / "briefcast.toml", env={}, cwd=tmp_path)
    result = CliRunner(mix_stderr=False).invoke(
        cli, ["feed", "--config", str(tmp_path / "briefcast.toml")]
    )
    assert result.exit_code != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: ") and where in lines[0]


def test_the_init_template_loads_as_the_defaults(tmp_path: Path) -> None:
    """Every value the commented template (``config/template.toml`` and each plug-in's table)
    writes is the default: loading the file ``briefcast init`` makes gives ``Config()`` (the
    output folder, the file's own path and the plug-ins' tables as written aside), and every
    engine, reader and target reads its defaults from it, so the template and the schema
    cannot drift apart."""
    from briefcast.config import Config

    text = pipeline.config_template("Briefcast")
    assert "{" not in text.replace("{ say", "")  # every placeholder filled
    path = tmp_path / "briefcast.toml"
    path.write_text(text, encoding="utf-8")
    loaded = pipeline.load_config(path, env={}, cwd=tmp_path)
    bare = replace(loaded, output=Config().output, source=None)
    bare = replace(
        bare,
        voice=replace(bare.voice, sections={}),
        read=replace(bare.read, sections={}),
        publish=replace(bare.publish, sections={}),
    )
    assert bare == Config()
    for name in voices.REGISTRY:
        assert voices.engine_settings(loaded, name) == voices.engine_settings(Config(), name)
    for reader in readers.READERS:
        if isinstance(reader, readers.OwnsSettings):
            assert f"[read.{reader.name}]" in text
            assert readers.reader_settings(loaded, reader.name) == reader.settings()
    for scheme, kind in targets.REGISTRY.items():
        assert kind.address in text
        assert targets.target_settings(loaded, scheme) == kind.settings()


def test_a_file_from_before_plugins_owned_their_settings_loads_the_same(tmp_path: Path) -> None:
    """A briefcast.toml written when the HTML reader's and the S3 target's settings lived in
    [read] and [publish] loads to the same settings as the same values in their own tables
    ([read.html], [publish.s3]); a key there that no plug-in has is refused."""
    old = _write(
        tmp_path,
        '[read]\ntimeout = 5.0\ntables = "skip"\n\n[publish]\ntarget = "s3://b/p"\n'
        'endpoint_url = "http://minio:9000"\nregion = "eu"\nattempts = 4\n',
    )
    before = pipeline.load_config(old, env={})
    now = tmp_path / "now"
    now.mkdir()
    new = _write(
        now,
        '[read]\ntimeout = 5.0\n\n[read.html]\ntables = "skip"\n\n[publish]\n'
        'target = "s3://b/p"\n\n[publish.s3]\nendpoint_url = "http://minio:9000"\n'
        'region = "eu"\nattempts = 4\n',
    )
    after = pipeline.load_config(new, env={})
    assert before.read.timeout == after.read.timeout == 5.0
    assert readers.reader_settings(before, "html") == readers.reader_settings(after, "html")
    assert readers.reader_settings(after, "html").tables == "skip"
    assert targets.target_settings(before, "s3") == targets.target_settings(after, "s3")
    assert targets.target_settings(after, "s3").attempts == 4
    with pytest.raises(ConfigError, match="unknown setting 'read.tabels'"):
        pipeline.load_config(old, overrides={"read.tabels": "skip"}, env={})
    with pytest.raises(ConfigError, match="unknown setting 'read.pdf'.*no such reader"):
        pipeline.load_config(old, overrides={"read.pdf.pages": 3}, env={})


def test_deeply_nested_toml_is_one_config_error(tmp_path: Path) -> None:
    """A pronunciations.toml or briefcast.toml of 100,000 nested arrays (a RecursionError,
    "this is a bug") is one ConfigError naming the file."""
    from briefcast.config import load_config
    from briefcast.errors import ConfigError

    deep = "x = " + "[" * 100_000 + "]" * 100_000 + "\n"
    (tmp_path / "briefcast.toml").write_text('output = "feed"\n', encoding="utf-8")
    (tmp_path / "pronunciations.toml").write_text(deep, encoding="utf-8")
    with pytest.raises(ConfigError, match="pronunciations.toml"):
        load_config(None, env={}, cwd=tmp_path)
    (tmp_path / "briefcast.toml").write_text(deep, encoding="utf-8")
    with pytest.raises(ConfigError, match="briefcast.toml"):
        load_config(None, env={}, cwd=tmp_path)
