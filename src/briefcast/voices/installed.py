"""Where voices installed by ``briefcast voices add`` live: the user's data folder.

Every installed voice is one folder, named for the voice, under::

    $XDG_DATA_HOME/briefcast/voices/<name>/      (else ~/.local/share/briefcast/voices)

holding its files exactly as published (a Piper voice's ``.onnx`` and ``.onnx.json``; Kokoro's
model and voices file) and ``installed.json``, written last, which lists them with their sizes
and digests. A folder without ``installed.json`` is not an installed voice: an install is
staged beside the folder and renamed into place whole. ``BRIEFCAST_DATA_DIR`` overrides the
folder (tests, a shared install).
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MANIFEST = "installed.json"


def data_dir(env: Mapping[str, str] | None = None) -> Path:
    """``$BRIEFCAST_DATA_DIR``, else ``$XDG_DATA_HOME/briefcast``, else
    ``~/.local/share/briefcast``."""
    env = os.environ if env is None else env
    own = env.get("BRIEFCAST_DATA_DIR", "")
    if own:
        return Path(own).expanduser()
    xdg = env.get("XDG_DATA_HOME", "")
    base = Path(xdg) if xdg and Path(xdg).is_absolute() else Path.home() / ".local" / "share"
    return base / "briefcast"


def voices_dir(env: Mapping[str, str] | None = None) -> Path:
    """The folder holding one folder per installed voice."""
    return data_dir(env) / "voices"


@dataclass(frozen=True)
class InstalledVoice:
    """A voice installed by ``briefcast voices add``: its engine ("piper", "kokoro"), name,
    language tag ("" when it speaks several), folder and files (name to size in bytes)."""

    name: str
    engine: str
    language: str
    folder: Path
    files: tuple[tuple[str, int], ...]

    @property
    def size(self) -> int:
        """Bytes on disk."""
        return sum(size for _, size in self.files)

    def path(self, suffix: str) -> Path | None:
        """The first of its files whose name ends with ``suffix``, if any."""
        for name, _ in self.files:
            if name.endswith(suffix):
                return self.folder / name
        return None


def read_manifest(folder: Path) -> InstalledVoice | None:
    """The installed voice in ``folder``; ``None`` when it holds no complete install."""
    try:
        data: Any = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        files = tuple((str(f["name"]), int(f["size"])) for f in data["files"])
        voice = InstalledVoice(
            str(data["name"]), str(data["engine"]), str(data.get("language", "")), folder, files
        )
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not all((folder / name).is_file() for name, _ in files):
        return None
    return voice


def installed(env: Mapping[str, str] | None = None) -> list[InstalledVoice]:
    """Every installed voice, by name."""
    root = voices_dir(env)
    if not root.is_dir():
        return []
    found = (read_manifest(p) for p in sorted(root.iterdir()) if p.is_dir())
    return [v for v in found if v is not None]


def find(name: str, env: Mapping[str, str] | None = None) -> InstalledVoice | None:
    """The installed voice ``name``, if any."""
    if not name or "/" in name or name.startswith("."):
        return None
    return read_manifest(voices_dir(env) / name)
