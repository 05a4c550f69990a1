"""What a publish target is: the :class:`Target` Protocol and the files it handles.

A target is somewhere the output folder is copied to (a folder, an S3 bucket). It lists what
it holds, says whether a file is already current, uploads one file in one step and deletes
files; planning what to upload is :mod:`briefcast.publish.publish`'s job, never a target's.

Each kind of target is registered as a :class:`TargetKind`, which owns everything about it as
a voice engine's :class:`~briefcast.voices.base.Engine` does: its address scheme, its settings
dataclass (defaults in the fields) read from ``[publish.<scheme>]``, their validation, its
commented part of the ``init`` template, and how to open it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, Protocol, TypeVar

from ...config import Config

CHUNK = 1024 * 1024


@dataclass(frozen=True)
class LocalFile:
    """One public file of the output folder, ready to upload.

    ``key`` is its path relative to the output folder, with ``/`` separators; ``sha256`` and
    ``md5`` are hex digests of its content.
    """

    key: str
    path: Path
    size: int
    sha256: str
    md5: str
    content_type: str
    cache_control: str
    rank: int


@dataclass(frozen=True)
class RemoteFile:
    """A file already at the target; ``etag`` is S3's ETag without quotes ("" elsewhere)."""

    key: str
    size: int
    etag: str = ""


class Target(Protocol):
    """Somewhere the output folder is copied to.

    ``remote`` is true when listeners reach it over the network from elsewhere (S3): such a
    target refuses a feed whose links point at this machine or a private network.
    """

    description: str
    remote: bool

    def inventory(self) -> dict[str, RemoteFile]:
        """Every file at the target, by key; raises PublishError when it cannot be reached."""
        ...

    def is_current(self, item: LocalFile, remote: RemoteFile) -> bool:
        """Whether ``remote`` already holds exactly ``item``'s content."""
        ...

    def upload(self, item: LocalFile) -> None:
        """Copy ``item`` to the target, replacing any older copy in one step."""
        ...

    def delete(self, keys: Sequence[str]) -> None:
        """Remove ``keys`` from the target."""
        ...


def digests(path: Path) -> tuple[str, str]:
    """SHA-256 and MD5 hex digests of a file, read once."""
    sha, md5 = hashlib.sha256(), hashlib.md5(usedforsecurity=False)
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            sha.update(chunk)
            md5.update(chunk)
    return sha.hexdigest(), md5.hexdigest()


S = TypeVar("S")


def _nothing_to_check(settings: Any) -> None:
    return None


@dataclass(frozen=True)
class TargetKind(Generic[S]):
    """A registered kind of target, chosen by the scheme of its address.

    ``scheme`` is the address's scheme (``s3`` for ``s3://bucket/prefix``) and the name of the
    target's own table (``[publish.s3]``); ``address`` shows the form of an address and
    ``summary`` says what the target is (both for messages and the ``init`` template).
    ``settings`` is a frozen dataclass whose field defaults are the target's defaults; its
    table is read into it and passed to ``validate`` (which raises
    :class:`~briefcast.errors.ConfigError` naming the setting). ``open`` makes the target from
    ``(address, settings, config, session)``, where ``session`` is an optional client session
    (boto3's for S3). ``template`` is the target's commented table for ``briefcast init``.
    """

    scheme: str
    address: str
    summary: str
    settings: type[S]
    open: Callable[[str, S, Config, Any], Target]
    validate: Callable[[S], None] = _nothing_to_check
    template: str = ""
