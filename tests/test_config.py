"""The configuration is a leaf: it keeps each engine's table as written, and the engine reads
and checks its own settings (so adding an engine never edits config.py)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from briefcast import voices
from briefcast.config import load_config, render_template
from briefcast.errors import ConfigError
from briefcast.voices.gtts_engine import GttsConfig


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
    text = render_template("My show", voices.template_sections())
    assert "[voice.gtts]" in text and "[voice.piper]" in text
    cfg = voices.check_config(load_config(_write(tmp_path, text), env={}))
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
    """Every value the commented template (``config/template.toml``) writes is the default:
    loading the file ``briefcast init`` makes gives ``Config()`` (the output folder and the
    file's own path aside), so the template and the schema cannot drift apart."""
    from briefcast import voices
    from briefcast.audio import formats
    from briefcast.config import Config

    text = render_template(
        "Briefcast",
        voices.template_sections(),
        {name: engine.summary for name, engine in voices.REGISTRY.items()},
        list(formats.REGISTRY),
    )
    assert "{" not in text.replace("{ say", "")  # every placeholder filled
    path = tmp_path / "briefcast.toml"
    path.write_text(text, encoding="utf-8")
    loaded = load_config(path, env={}, cwd=tmp_path)
    bare = replace(loaded, output=Config().output, source=None)
    assert replace(bare, voice=replace(bare.voice, sections={})) == Config()
    for name in voices.REGISTRY:
        assert voices.engine_settings(loaded, name) == voices.engine_settings(Config(), name)


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
