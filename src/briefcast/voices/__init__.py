"""Voices: text-to-speech engines behind one small Protocol, chosen by name from a registry.

Every engine turns one sentence into a :class:`Clip` of mono 16-bit PCM at its own sample rate.
One episode is always spoken by one engine; the pipeline decides on fallback. Each engine is
one module that defines its :class:`~briefcast.voices.base.Engine` (settings, validation,
template, status) and one line in :data:`REGISTRY`; the core configuration never imports an
engine. Each registered engine can also say, without speaking, whether it is usable here and
which voices, accents and languages it offers: that is what ``briefcast voices`` prints.
"""

from __future__ import annotations

from typing import Any

from ..config import Config, NoSettings, check_plugin_tables, plugin_settings
from ..errors import BriefcastError, ConfigError
from ..models import Anchor
from ..reading.language import check_voice_language
from . import gtts, kokoro_engine, piper_engine
from .base import (
    Clip,
    Engine,
    EngineStatus,
    PhonemeVoice,
    PlansAhead,
    SharesPace,
    SpeaksPhonemes,
    Voice,
    plan_ahead,
)

__all__ = [
    "REGISTRY",
    "Clip",
    "Engine",
    "EngineStatus",
    "NoSettings",
    "PhonemeVoice",
    "PlansAhead",
    "SharesPace",
    "SpeaksPhonemes",
    "Voice",
    "check_config",
    "engine_settings",
    "engine_statuses",
    "get_engine",
    "get_voice",
    "plan_ahead",
    "template_sections",
]

# The one table of engines, by name. Adding an engine is one module and one line here.
REGISTRY: dict[str, Engine[Any]] = {
    engine.name: engine for engine in (gtts.ENGINE, piper_engine.ENGINE, kokoro_engine.ENGINE)
}

# How long ``briefcast voices`` waits for a network engine to answer before calling it
# unreachable: long enough for a slow link, short enough that an offline machine is not stuck.
PROBE_TIMEOUT = 3.0


def get_engine(name: str) -> Engine[Any]:
    """The registered engine ``name``; :class:`ConfigError` when there is none."""
    try:
        return REGISTRY[name]
    except KeyError:
        raise ConfigError(
            f"unknown engine {name!r}; choose one of: {', '.join(REGISTRY)}"
        ) from None


def engine_settings(cfg: Config, name: str) -> Any:
    """Engine ``name``'s own settings: its defaults updated from ``[voice.<name>]``, checked."""
    engine = get_engine(name)
    settings = plugin_settings(engine.settings, cfg.voice, "voice", name)
    engine.validate(settings)
    return settings


def check_config(cfg: Config) -> Config:
    """Check the voice settings of ``cfg`` once: engine names and every engine's own table."""
    get_engine(cfg.voice.engine)
    if cfg.voice.fallback not in ("", *REGISTRY):
        raise ConfigError(
            f"unknown fallback engine {cfg.voice.fallback!r}; choose one of: "
            f'{", ".join(REGISTRY)}, or "" for none'
        )
    check_plugin_tables(
        cfg.voice, "voice", "engine", {name: e.settings for name, e in REGISTRY.items()}
    )
    for name in REGISTRY:
        engine_settings(cfg, name)
    check_anchors(cfg)
    return cfg


def check_anchors(cfg: Config) -> None:
    """Check ``voice.anchors`` and ``voice.anchor_names``: none, or exactly two voices, each
    an engine or "engine:voice" that engine can speak with, and a name for each (or none)."""
    anchors, names = cfg.voice.anchors, cfg.voice.anchor_names
    if not anchors:
        if names:
            raise ConfigError("voice.anchor_names is set but voice.anchors names no voices")
        return
    if len(anchors) != 2:
        raise ConfigError(
            f"voice.anchors names exactly two voices (or none), not {len(anchors)}: for "
            'example ["kokoro:af_heart", "piper:joe"]'
        )
    if names and (len(names) != 2 or not all(n.strip() for n in names)):
        raise ConfigError('voice.anchor_names gives one name for each anchor: ["Alex", "Sam"]')
    if names and names[0].strip() == names[1].strip():
        raise ConfigError("voice.anchor_names: the two anchors need different names")
    for spec in anchors:
        try:
            voice_settings(spec, cfg)
        except ConfigError as exc:
            raise ConfigError(f"voice.anchors: {spec!r}: {exc}") from exc


# The anchors' names when voice.anchor_names gives none.
DEFAULT_ANCHOR_NAMES = ("Alex", "Sam")


def anchors(cfg: Config) -> tuple[Anchor, ...]:
    """The briefing's anchors (``voice.anchors`` with ``voice.anchor_names``, else "Alex" and
    "Sam"), first the one who opens and closes; empty when none are set."""
    names = cfg.voice.anchor_names or DEFAULT_ANCHOR_NAMES
    return tuple(
        Anchor(name.strip(), spec.strip())
        for name, spec in zip(names, cfg.voice.anchors, strict=False)
    )


def voice_settings(spec: str, cfg: Config, language: str = "") -> tuple[Engine[Any], Any]:
    """The engine ``spec`` names and its settings: "engine", or "engine:voice" for one of the
    engine's voices ("kokoro:af_heart", "gtts:co.uk"), for ``language`` ("" for its default)."""
    name, _, choice = spec.partition(":")
    engine = get_engine(name.strip())
    settings = engine_settings(cfg, engine.name)
    if language:
        settings = engine.for_language(settings, language)
    if choice.strip():
        if engine.choose is None:
            raise ConfigError(f"the {engine.name} engine has no voices to choose from")
        settings = engine.choose(settings, choice.strip())
        engine.validate(settings)
    return engine, settings


def get_voice(name: str, cfg: Config, language: str = "") -> Voice:
    """The engine ``name`` configured from ``cfg`` to speak ``language`` ("" for its default).

    ``name`` may also name one of the engine's voices after a colon, as anchors do
    ("kokoro:af_heart", "gtts:co.uk"). Raises when the engine is unknown, not installed, or
    cannot speak the language.
    """
    engine, settings = voice_settings(name, cfg, language)
    voice = engine.create(settings)
    check_voice_language(voice, language)
    if cfg.queue.broker and isinstance(voice, SharesPace):
        voice.share_pace(cfg.queue.broker)
    return voice


def _status(engine: Engine[Any], cfg: Config, timeout: float) -> EngineStatus:
    """The engine's own report, else whether its voice can be made."""
    try:
        settings = engine_settings(cfg, engine.name)
        if engine.status is not None:
            return engine.status(settings, timeout)
        engine.create(settings)
    except BriefcastError as exc:
        return EngineStatus(engine.name, False, "broken", engine.summary, str(exc))
    return EngineStatus(engine.name, True, "ready", engine.summary)


def engine_statuses(cfg: Config, timeout: float = PROBE_TIMEOUT) -> list[EngineStatus]:
    """Every registered engine's status; never raises for an engine that is merely unusable."""
    return [_status(engine, cfg, timeout) for engine in REGISTRY.values()]


def template_sections() -> list[str]:
    """Every engine's commented table for ``briefcast init``, in registry order."""
    return [engine.template for engine in REGISTRY.values() if engine.template]
