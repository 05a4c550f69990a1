"""Loading the settings: defaults < ``briefcast.toml`` < ``BRIEFCAST_*`` environment variables <
command-line flags (``overrides``), each value coerced to its default's type and every section
checked once (:meth:`Config.check`); and the commented template ``briefcast init`` writes.
"""

from __future__ import annotations

import dataclasses
import os
import re
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import asdict, fields, replace
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar, cast

from .. import textsafe
from ..errors import ConfigError
from .schema import CONFIG_NAME, PRONUNCIATIONS_NAME, Config, Pronunciation

T = TypeVar("T")


# Environment variables and the dotted config keys they set.
ENV_KEYS: Mapping[str, str] = {
    "BRIEFCAST_ENGINE": "voice.engine",
    "BRIEFCAST_FALLBACK": "voice.fallback",
    "BRIEFCAST_OUT": "output",
    "BRIEFCAST_BASE_URL": "show.base_url",
    "BRIEFCAST_CACHE_DIR": "cache.dir",
    "BRIEFCAST_PUBLISH_TARGET": "publish.target",
    "BRIEFCAST_BROKER": "queue.broker",
}


def _coerce(value: Any, target: Any, key: str) -> Any:
    """Check ``value`` against the type of the default ``target`` (int widens to float)."""
    if isinstance(target, bool):
        if isinstance(value, str) and value.lower() in ("true", "false", "yes", "no"):
            return value.lower() in ("true", "yes")
        if not isinstance(value, bool):
            raise ConfigError(f"{key} must be true or false, not {value!r}")
        return value
    if isinstance(target, float):
        if isinstance(value, str):
            try:
                return float(value)
            except ValueError:
                pass
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ConfigError(f"{key} must be a number, not {value!r}")
        return float(value)
    if isinstance(target, int):
        if isinstance(value, str) and value.strip().lstrip("-").isdigit():
            return int(value)
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"{key} must be a whole number, not {value!r}")
        return value
    if isinstance(target, tuple):
        if isinstance(value, str):
            value = [part.strip() for part in value.split(",") if part.strip()]
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{key} must be a list of strings, not {value!r}")
        return tuple(value)
    if isinstance(target, str):
        if not isinstance(value, str):
            raise ConfigError(f"{key} must be a string, not {value!r}")
        return value
    if isinstance(target, Mapping):
        if not isinstance(value, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in value.items()
        ):
            raise ConfigError(f"{key} must be a table of strings, not {value!r}")
        return dict(value)
    raise ConfigError(f"{key} cannot be set")  # pragma: no cover - guarded by callers


def _merge(obj: Any, data: Mapping[str, Any], prefix: str) -> Any:
    """Return ``obj`` (a config dataclass) updated from a nested mapping, validating keys.

    A section with ``sections`` (``[voice]``, ``[read]``, ``[publish]``) keeps each table it
    does not know (``[voice.piper]``) as written, for the plug-in of that name; one with
    ``loose`` keeps each plain key it does not know as well, for the plug-ins that take a key
    of that name (older files wrote them there). The plug-ins' registries check both.
    """
    known = {f.name: f for f in fields(obj)}
    changes: dict[str, Any] = {}
    for key, value in data.items():
        name = key.replace("-", "_")
        dotted = f"{prefix}{key}"
        if "sections" in known and name not in known and isinstance(value, Mapping):
            # A plug-in's own table: kept as written, read and checked by the plug-in.
            sections = dict(changes.get("sections", obj.sections))
            sections[key] = {**sections.get(key, {}), **value}
            changes["sections"] = sections
            continue
        if "loose" in known and name not in known:
            changes["loose"] = {**changes.get("loose", obj.loose), name: value}
            continue
        if name not in known or name in ("source", "sections", "loose", "pronunciations"):
            raise ConfigError(f"unknown setting {dotted!r} in the configuration")
        current = getattr(obj, name)
        if dataclasses.is_dataclass(current):
            if not isinstance(value, Mapping):
                raise ConfigError(f"{dotted} must be a table of settings")
            changes[name] = _merge(current, value, dotted + ".")
        elif isinstance(current, Path):
            if not isinstance(value, str | Path):
                raise ConfigError(f"{dotted} must be a path")
            changes[name] = Path(value)
        else:
            changes[name] = _coerce(value, current, dotted)
    return replace(obj, **changes)


def plugin_settings(cls: type[T], section: Any, table: str, name: str) -> T:
    """Plug-in ``name``'s settings (the dataclass ``cls``): its defaults, updated from the keys
    of the section ``table`` itself that name its fields (``publish.region``, as older files
    wrote it), then from its own table (``[publish.s3]``), which wins. Every extension point
    (voice engines, readers, publish targets) reads its settings with this.
    """
    own = {f.name for f in fields(cast(Any, cls))}
    loose = {k: v for k, v in getattr(section, "loose", {}).items() if k in own}
    settings = _merge(cls(), loose, f"{table}.")
    return cast(T, _merge(settings, section.sections.get(name, {}), f"{table}.{name}."))


def check_plugin_tables(
    section: Any, table: str, what: str, plugins: Mapping[str, type[Any]]
) -> None:
    """Refuse a table of ``[table]`` that names no plug-in of ``plugins`` (name: settings
    class), and a key of ``[table]`` that is no core setting and no plug-in's (``what``
    names the kind of plug-in in the message: "engine", "reader", "target")."""
    choices = ", ".join(plugins)
    for name in section.sections:
        if name not in plugins:
            raise ConfigError(
                f"unknown setting '{table}.{name}' in the configuration (no such {what}; "
                f"choose one of: {choices})"
            )
    taken = {f.name for cls in plugins.values() for f in fields(cls)}
    for key in getattr(section, "loose", {}):
        if key not in taken:
            raise ConfigError(f"unknown setting '{table}.{key}' in the configuration")


def _nest(dotted: Mapping[str, Any]) -> dict[str, Any]:
    """Turn ``{"voice.engine": x}`` into ``{"voice": {"engine": x}}``."""
    out: dict[str, Any] = {}
    for key, value in dotted.items():
        if value is None:
            continue
        node = out
        *parents, leaf = key.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value
    return out


def _entries(table: Any, where: str) -> dict[str, Pronunciation]:
    """The entries of a ``[pronunciations]`` table: "word" = "respelling" or
    "word" = { say = "...", ipa = "..." } (``say`` defaults to the word itself)."""
    if not isinstance(table, Mapping):
        raise ConfigError(f'{where} must be a table of "word" = "respelling" entries')
    out: dict[str, Pronunciation] = {}
    for written, value in table.items():
        word = " ".join(str(written).split())
        if isinstance(value, str):
            say, ipa = value, ""
        elif (
            isinstance(value, Mapping)
            and set(value) <= {"say", "ipa"}
            and value
            and all(isinstance(v, str) for v in value.values())
        ):
            say, ipa = str(value.get("say") or word), str(value.get("ipa", ""))
        else:
            raise ConfigError(
                f"{where}: the entry {written!r} must be a respelling "
                f'("Keev") or a table {{ say = "Keev", ipa = "kɪjiv" }}'
            )
        if not word or not say.strip():
            raise ConfigError(f"{where}: the entry {written!r} needs a word and a respelling")
        if "[[" in ipa or "]]" in ipa:
            raise ConfigError(
                f"{where}: the ipa of {written!r} must be phonemes only, without [[ ]]"
            )
        out[word] = Pronunciation(word, " ".join(say.split()), ipa.strip())
    return out


def _read_toml(path: Path) -> dict[str, Any]:
    """The TOML file ``path``; one :class:`ConfigError` naming it when it is not TOML."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except RecursionError:
        raise ConfigError(f"{path} is not valid TOML: it is nested too deeply") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}") from exc


def _lexicon(beside: Path, table: Any, where: str) -> tuple[Pronunciation, ...]:
    """The lexicon: ``pronunciations.toml`` (when present), overridden by ``table``."""
    entries: dict[str, Pronunciation] = {}
    if beside.is_file():
        data = _read_toml(beside)
        entries.update(_entries(data.get("pronunciations", data), str(beside)))
    if table:
        entries.update(_entries(table, where))
    return tuple(entries.values())


def load_config(
    path: Path | None = None,
    overrides: Mapping[str, Any] | None = None,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> Config:
    """Load the configuration.

    ``path`` is an explicit config file; without it ``briefcast.toml`` in ``cwd`` is used when
    present, else the defaults. ``overrides`` maps dotted keys (``"voice.engine"``) to CLI
    values; ``None`` values are ignored. Relative paths in the file are resolved against the
    file's folder, relative paths from flags against ``cwd``.
    """
    cwd = (cwd or Path.cwd()).resolve()
    env = os.environ if env is None else env
    cfg = Config(output=cwd / "feed")
    base = cwd
    if path is None and (cwd / CONFIG_NAME).is_file():
        path = cwd / CONFIG_NAME
    if path is not None:
        path = Path(path)
        if not path.is_file():
            raise ConfigError(f"config file not found: {path}")
        data = _read_toml(path)
        base = path.resolve().parent
        entries = data.pop("pronunciations", {})
        cfg = _merge(cfg, data, "")
        cfg = replace(
            cfg,
            pronunciations=_lexicon(
                base / PRONUNCIATIONS_NAME, entries, f"{path.name} [pronunciations]"
            ),
        )
        cfg = replace(cfg, source=path.resolve())
        if "output" in data:
            cfg = replace(cfg, output=base / cfg.output)
    else:
        cfg = replace(cfg, pronunciations=_lexicon(cwd / PRONUNCIATIONS_NAME, {}, ""))
    env_values = {key: env[var] for var, key in ENV_KEYS.items() if env.get(var)}
    if env_values:
        cfg = _merge(cfg, _nest(env_values), "")
    if overrides:
        cfg = _merge(cfg, _nest(overrides), "")
    _refuse_nul(asdict(cfg))
    out = cfg.output if cfg.output.is_absolute() else cwd / cfg.output
    image = cfg.show.image
    if image and not image.startswith(("http://", "https://")) and not Path(image).is_absolute():
        image = str(base / image)
    show = replace(cfg.show, base_url=cfg.show.base_url.rstrip("/") + "/", image=image)
    cache = cfg.cache
    if cache.dir and not Path(cache.dir).expanduser().is_absolute():
        cache = replace(cache, dir=str(base / cache.dir))
    # Music files named in the file are relative to it (like the image).
    music: dict[str, Any] = {
        name: str(base / value)
        for name, value in cfg.audio.music_files.items()
        if not Path(value).expanduser().is_absolute()
    }
    audio = replace(cfg.audio, **music)
    # Configuration values reach the feed and the page: they enter XML-safe.
    cfg = textsafe.safe_value(
        replace(cfg, output=out.resolve(), show=show, cache=cache, audio=audio)
    )
    return cfg.check()


def _refuse_nul(value: object, where: str = "") -> None:
    """A NUL character in any setting is an error (no path, URL or title can hold one)."""
    if isinstance(value, str | Path):
        if "\0" in str(value):
            raise ConfigError(f"{where or 'a setting'} holds a NUL character (\\u0000)")
    elif isinstance(value, dict):
        for key, item in value.items():
            _refuse_nul(item, f"{where}.{key}" if where else str(key))
    elif isinstance(value, list | tuple):
        for item in value:
            _refuse_nul(item, where)


def render_template(
    title: str = "Briefcast",
    voice_sections: Sequence[str] = (),
    engines: Mapping[str, str] | None = None,
    formats: Sequence[str] = (),
    *,
    read_sections: Sequence[str] = (),
    publish_sections: Sequence[str] = (),
    targets: Mapping[str, str] | None = None,
) -> str:
    """The commented ``briefcast.toml`` written by ``briefcast init`` (``template.toml``).

    ``voice_sections``, ``read_sections`` and ``publish_sections`` are the plug-ins' own
    commented tables (each engine, reader and target writes its part), placed after
    ``[voice]``, ``[read]`` and ``[publish]``; ``engines`` (name: summary), ``formats``
    (names) and ``targets`` (address form: summary) come from the registries, so that the
    template lists what is installed. Loading the template gives the defaults
    (``tests/test_config.py`` checks it).
    """
    text = (
        resources.files(__package__ or "briefcast.config")
        .joinpath("template.toml")
        .read_text(encoding="utf-8")
    )
    listed = " or ".join(f'"{name}" ({summary})' for name, summary in (engines or {}).items())
    values = {
        "title": _toml_basic(title),
        "voice_sections": _tables(voice_sections),
        "read_sections": _tables(read_sections),
        "publish_sections": _tables(publish_sections),
        "engines": listed or "the name of a voice engine (briefcast voices)",
        "formats": ", ".join(f'"{name}"' for name in formats) or "see briefcast",
        "targets": "\n#   ".join(
            f'"{form}": {summary}' for form, summary in (targets or {}).items()
        )
        or "see briefcast publish --help",
    }
    # One pass: a title holding "{voice_sections}" stays text, never a second substitution.
    return _PLACEHOLDER.sub(lambda m: values[m.group(1)], text).rstrip("\n") + "\n"


_PLACEHOLDER = re.compile(
    r"\{(title|voice_sections|read_sections|publish_sections|engines|formats|targets)\}"
)


def _tables(sections: Sequence[str]) -> str:
    """Plug-ins' commented tables, each followed by one blank line."""
    return "".join(section.rstrip("\n") + "\n\n" for section in sections)


def _toml_basic(value: str) -> str:
    """``value`` escaped for the inside of a TOML basic string: backslash, quote and every
    control character (a newline in ``--title`` wrote a file that did not parse)."""
    out = []
    for char in value:
        if char in '\\"':
            out.append("\\" + char)
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\u{ord(char):04x}")
        else:
            out.append(char)
    return "".join(out)
