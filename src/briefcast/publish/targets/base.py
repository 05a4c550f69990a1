"""What a publish target is: the :class:`Target` Protocol and the files it handles.

A target is somewhere the output folder is copied to (a folder, an S3 bucket). It lists what
it holds, says whether a file is already current, uploads one file in one step and deletes
files; planning what to upload is :mod:`briefcast.publish.publish`'s job, never a target's.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

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
