"""Publish targets behind one Protocol (:class:`~briefcast.publish.targets.base.Target`),
chosen by the scheme of the target's address from :data:`REGISTRY`.

``s3://bucket/prefix`` is S3 or any S3-compatible store; ``file://PATH`` or a plain path is a
folder. Adding a target is one module with its class and opener, and one line here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...config import Config
from ...errors import PublishError
from .base import LocalFile, RemoteFile, Target
from .folder import open_folder
from .s3 import open_s3

__all__ = ["REGISTRY", "LocalFile", "RemoteFile", "Target", "open_target"]

# Opens the target at an address: (address, config, an optional client session) -> target.
Opener = Callable[[str, Config, Any], Target]

# The one table of targets, by address scheme; an address without one is a folder.
REGISTRY: dict[str, Opener] = {
    "s3": open_s3,
    "file": lambda spec, cfg, session: open_folder(spec, cfg),
}


def open_target(spec: str, cfg: Config, *, session: Any = None) -> Target:
    """The target named by ``spec``: ``s3://bucket/prefix``, ``file://PATH`` or a folder path."""
    scheme, sep, _ = spec.partition("://")
    if not sep:
        return open_folder(spec, cfg)
    try:
        opener = REGISTRY[scheme.lower()]
    except KeyError:
        raise PublishError(
            f"unknown publish target {spec!r}: give a folder or "
            f"{' or '.join(f'{name}://...' for name in REGISTRY)}"
        ) from None
    return opener(spec, cfg, session)
