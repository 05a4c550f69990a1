"""Publish targets behind one Protocol (:class:`~briefcast.publish.targets.base.Target`),
chosen by the scheme of the target's address from :data:`REGISTRY`.

``s3://bucket/prefix`` is S3 or any S3-compatible store; ``file://PATH`` or a plain path is a
folder. Each target is one module that defines its
:class:`~briefcast.publish.targets.base.TargetKind` (settings, validation, template, opener)
and one line in :data:`REGISTRY`; the core configuration never imports a target.
"""

from __future__ import annotations

from typing import Any

from ...config import Config, check_plugin_tables, plugin_settings
from ...errors import PublishError
from . import folder, s3
from .base import LocalFile, RemoteFile, Target, TargetKind

__all__ = [
    "REGISTRY",
    "LocalFile",
    "RemoteFile",
    "Target",
    "TargetKind",
    "addresses",
    "check_config",
    "open_target",
    "target_settings",
    "template_sections",
]

# The one table of targets, by address scheme. Adding a target is one module and one line here.
REGISTRY: dict[str, TargetKind[Any]] = {kind.scheme: kind for kind in (folder.TARGET, s3.TARGET)}
# The kind of an address without a scheme: a folder.
PLAIN = folder.TARGET


def target_settings(cfg: Config, scheme: str) -> Any:
    """Target ``scheme``'s own settings: its defaults updated from ``[publish.<scheme>]``
    (and from keys of ``[publish]`` that older files wrote there), checked."""
    kind = REGISTRY[scheme]
    settings = plugin_settings(kind.settings, cfg.publish, "publish", scheme)
    kind.validate(settings)
    return settings


def check_config(cfg: Config) -> Config:
    """Check every target's own table of ``cfg`` once (an unknown table or key is refused)."""
    check_plugin_tables(
        cfg.publish, "publish", "target", {name: k.settings for name, k in REGISTRY.items()}
    )
    for scheme in REGISTRY:
        target_settings(cfg, scheme)
    return cfg


def template_sections() -> list[str]:
    """Every target's commented table for ``briefcast init``, in registry order."""
    return [kind.template for kind in REGISTRY.values() if kind.template]


def addresses() -> str:
    """What a target's address may be, for messages and help: "a folder or s3://..."."""
    others = [kind.address for kind in REGISTRY.values() if kind is not PLAIN]
    return " or ".join(["a folder", *others])


def open_target(spec: str, cfg: Config, *, session: Any = None) -> Target:
    """The target named by ``spec``: a folder path, or an address whose scheme is registered
    (``s3://bucket/prefix``, ``file://PATH``)."""
    scheme, sep, _ = spec.partition("://")
    kind = REGISTRY.get(scheme.lower()) if sep else PLAIN
    if kind is None:
        raise PublishError(f"unknown publish target {spec!r}: give {addresses()}")
    return kind.open(spec, target_settings(cfg, kind.scheme), cfg, session)
