"""The folder target: a web server's document root or a mounted share on this machine."""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ...config import Config, NoSettings
from ...errors import PublishError
from .base import LocalFile, RemoteFile, TargetKind, digests

log = logging.getLogger(__name__)


def open_folder(spec: str, settings: NoSettings, cfg: Config, session: Any = None) -> FolderTarget:
    """The folder ``spec`` (``file://PATH`` or a path); refused inside the output folder."""
    if spec.startswith("file://"):
        spec = spec[len("file://") :]
    folder = Path(spec).expanduser()
    if not folder.is_absolute():
        folder = Path.cwd() / folder
    folder = folder.resolve()
    out = cfg.output.resolve()
    if folder == out or out in folder.parents:
        raise PublishError(
            f"the publish target {folder} is inside the output folder {out}; "
            f"choose a folder outside it"
        )
    return FolderTarget(folder)


class FolderTarget:
    """A folder on this machine: a web server's document root or a mounted share."""

    remote = False

    def __init__(self, root: Path) -> None:
        self.root = root
        self.description = str(root)

    def inventory(self) -> dict[str, RemoteFile]:
        """Every visible file under the folder (none when it does not exist yet).

        Hidden ``.*.tmp`` files that a killed publish left behind are removed on the way.
        """
        if self.root.exists() and not self.root.is_dir():
            raise PublishError(f"the publish target {self.root} is a file, not a folder")
        found: dict[str, RemoteFile] = {}
        if not self.root.is_dir():
            return found
        try:
            for path in self.root.rglob("*"):
                rel = path.relative_to(self.root)
                if path.name.startswith(".") and path.name.endswith(".tmp") and path.is_file():
                    # Left by a publish that was killed mid-copy: never a file of the show.
                    path.unlink(missing_ok=True)
                    log.info("removed a leftover temporary file %s", path)
                    continue
                if any(p.startswith(".") for p in rel.parts) or not path.is_file():
                    continue
                found[rel.as_posix()] = RemoteFile(rel.as_posix(), path.stat().st_size)
        except OSError as exc:
            raise PublishError(
                f"cannot read the publish target {self.root}: {exc.strerror or exc}"
            ) from exc
        return found

    def is_current(self, item: LocalFile, remote: RemoteFile) -> bool:
        """Same size and the same SHA-256."""
        if remote.size != item.size:
            return False
        try:
            return digests(self.root / item.key)[0] == item.sha256
        except OSError:
            return False

    def upload(self, item: LocalFile) -> None:
        """Copy through a hidden temporary file and a rename, keeping the modification time."""
        dest = self.root / item.key
        try:
            dest.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".tmp")
            os.close(fd)
            try:
                shutil.copyfile(item.path, tmp)
                shutil.copystat(item.path, tmp)
                os.chmod(tmp, 0o644)
                os.replace(tmp, dest)
            finally:
                Path(tmp).unlink(missing_ok=True)
        except OSError as exc:
            raise PublishError(
                f"cannot write {dest}: {exc.strerror or exc}; check that the "
                f"publish target is mounted and writable"
            ) from exc

    def delete(self, keys: Sequence[str]) -> None:
        """Remove the files (a missing one is already gone)."""
        for key in keys:
            try:
                (self.root / key).unlink(missing_ok=True)
            except OSError as exc:
                raise PublishError(
                    f"cannot delete {self.root / key}: {exc.strerror or exc}"
                ) from exc
            # A folder emptied by the deletion goes too: an old token's empty folder would
            # still show its name to a web server's directory listing.
            parent = (self.root / key).parent
            while parent != self.root and self.root in parent.parents:
                try:
                    parent.rmdir()
                except OSError:
                    break
                parent = parent.parent


TARGET = TargetKind("file", "file://PATH", "a folder on this machine", NoSettings, open_folder)
