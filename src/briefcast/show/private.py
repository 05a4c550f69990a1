"""Private shows: the feed and its files live under a secret token path.

With ``show.private = true`` (a feed for paying subscribers, as Supercast, Patreon and Apple's
subscriptions do it) every public address of the show gains a random 64-hex token as its first
path segment: ``<base_url>/<token>/feed.xml``, ``<base_url>/<token>/episodes/...``. The output
folder itself keeps its usual layout; the token is kept in a hidden file beside it (never
served, never published). Serving answers only under ``/<token>/``; publishing uploads under
``<token>/`` and removes files of any earlier token (and of the show's earlier public layout),
so that after ``briefcast token --rotate`` and the next publish the old address is dead.
"""

from __future__ import annotations

import os
import re
import secrets
from dataclasses import replace
from pathlib import Path

from ..config import Config
from ..errors import ConfigError, StoreError
from .layout import TOKEN_NAME
from .store import atomic_write

TOKEN = re.compile(r"^[0-9a-f]{64}$")


def _path(cfg: Config) -> Path:
    return cfg.output / TOKEN_NAME


def token(cfg: Config, *, create: bool = True) -> str:
    """The show's secret token; made (and kept) on first use when ``create`` is set."""
    path = _path(cfg)
    try:
        value = path.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        value = ""
    except (OSError, UnicodeDecodeError) as exc:
        raise StoreError(f"cannot read the private token {path}: {exc}") from exc
    if TOKEN.match(value):
        return value
    if value:
        raise StoreError(
            f"{path} does not hold a 64-hex token; delete it and run briefcast token --rotate"
        )
    if not create:
        return ""
    return rotate(cfg)


def rotate(cfg: Config) -> str:
    """Make a new token, replacing the old one; returns it."""
    value = secrets.token_hex(32)
    path = _path(cfg)
    try:
        atomic_write(path, value.encode("ascii") + b"\n")
        os.chmod(path, 0o600)
    except OSError as exc:
        raise StoreError(f"cannot write the private token {path}: {exc.strerror}") from exc
    return value


def prefix(cfg: Config) -> str:
    """The path prefix of the show's public files: ``"<token>/"`` for a private show."""
    return f"{token(cfg)}/" if cfg.show.private else ""


def site_config(cfg: Config) -> Config:
    """``cfg`` with ``show.base_url`` moved under the token path (unchanged when public)."""
    if not cfg.show.private:
        return cfg
    return replace(cfg, show=replace(cfg.show, base_url=cfg.show.base_url + prefix(cfg)))


def require_private(cfg: Config) -> None:
    """Refuse token commands for a show that is not private."""
    if not cfg.show.private:
        raise ConfigError(
            "this show is not private: set private = true in the [show] table "
            "of briefcast.toml to serve its feed under a secret token path"
        )
