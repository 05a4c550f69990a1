"""The show's configuration: one typed, frozen object loaded from ``briefcast.toml``.

Precedence, lowest first: built-in defaults < the config file < ``BRIEFCAST_*`` environment
variables < command-line flags (passed in as ``overrides``). Everything is checked once, at
load, so the stages can trust what they are given. :mod:`.schema` holds the sections and their
checks, :mod:`.loading` the loading and the ``init`` template (``template.toml``).
"""

from __future__ import annotations

from .loading import (
    ENV_KEYS,
    check_plugin_tables,
    load_config,
    plugin_settings,
    render_template,
)
from .schema import (
    CONFIG_NAME,
    PRONUNCIATIONS_NAME,
    AudioConfig,
    CacheConfig,
    Config,
    NoSettings,
    Pronunciation,
    PublishConfig,
    QueueConfig,
    ReadConfig,
    ShowConfig,
    SpeechConfig,
    VoiceConfig,
    one_of,
    parse_time,
    web_address,
    within,
    zone_problem,
)

__all__ = [
    "CONFIG_NAME",
    "ENV_KEYS",
    "PRONUNCIATIONS_NAME",
    "AudioConfig",
    "CacheConfig",
    "Config",
    "NoSettings",
    "Pronunciation",
    "PublishConfig",
    "QueueConfig",
    "ReadConfig",
    "ShowConfig",
    "SpeechConfig",
    "VoiceConfig",
    "check_plugin_tables",
    "load_config",
    "one_of",
    "parse_time",
    "plugin_settings",
    "render_template",
    "web_address",
    "within",
    "zone_problem",
]
