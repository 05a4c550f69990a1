"""Audio formats behind one Protocol (:class:`~briefcast.audio.formats.base.AudioFormat`), chosen by
name from :data:`REGISTRY`.

``audio.formats`` lists the formats every episode is encoded to; the first is the feed's
enclosure, the others are offered as ``podcast:alternateEnclosure``. Adding a format is one
module with its class and one line here.
"""

from __future__ import annotations

from pathlib import PurePath

from ...config import Config
from ...errors import ConfigError
from .base import AudioFormat
from .m4a import M4a
from .mp3 import Mp3
from .opus import Opus

__all__ = ["REGISTRY", "AudioFormat", "check_config", "default_format", "for_file", "get_format"]

# The one table of formats, by name.
REGISTRY: dict[str, AudioFormat] = {fmt.name: fmt for fmt in (Mp3(), M4a(), Opus())}


def get_format(name: str) -> AudioFormat:
    """The registered format ``name``; :class:`ConfigError` when there is none."""
    try:
        return REGISTRY[name]
    except KeyError:
        raise ConfigError(
            f"unknown audio format {name!r} in audio.formats; choose from: {', '.join(REGISTRY)}"
        ) from None


def default_format() -> AudioFormat:
    """The format of a file when none is named (``briefcast say``, a bare encode): the first
    registered, which is also ``audio.formats``' default."""
    return next(iter(REGISTRY.values()))


def for_file(name: str) -> AudioFormat | None:
    """The format whose extension ``name`` (a file name or path) has, if any."""
    suffix = PurePath(name).suffix.lower()
    return next((fmt for fmt in REGISTRY.values() if fmt.extension == suffix), None)


def configured(cfg: Config) -> list[AudioFormat]:
    """The formats of ``audio.formats``, the enclosure's first."""
    return [get_format(name) for name in cfg.audio.formats]


def check_config(cfg: Config) -> Config:
    """Check ``audio.formats``: at least one, each known, none twice."""
    names = cfg.audio.formats
    if not names:
        raise ConfigError(
            f'audio.formats must name at least one format, e.g. ["{default_format().name}"]'
        )
    if len(set(names)) != len(names):
        raise ConfigError(f"audio.formats names a format twice: {list(names)}")
    configured(cfg)
    return cfg
