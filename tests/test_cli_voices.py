"""`briefcast build --engine gtts` end to end against a mocked Google, its fallback to Piper,
and `briefcast voices` on a machine without network."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import feedparser
import pytest
import responses
from click.testing import CliRunner
from fake_google import FakeGoogle

from briefcast.audio.formats.mp3 import mp3_duration
from briefcast.audio.media import decode_to_pcm
from briefcast.cli import cli
from briefcast.show.store import Show

SRC = Path(__file__).resolve().parents[1] / "src"
ARTICLE = """# Harbour reopens after the storm

The harbour reopened on Monday. Fishing boats left at dawn, and the market was busy by noon.
"""
CONFIG = """
[show]
email = "desk@harbour-news.net"
base_url = "https://podcast.harbour-news.net/"

[voice.gtts]
min_interval = 0.0
backoff = 0.01
retries = 2
timeout = 2.0
"""


@pytest.fixture
def show(tmp_path, monkeypatch):
    """A show folder with a short article, fast gTTS settings and its own cache."""
    (tmp_path / "briefcast.toml").write_text(CONFIG, encoding="utf-8")
    (tmp_path / "harbour.md").write_text(ARTICLE, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("BRIEFCAST_CACHE_DIR", str(tmp_path / "cache"))
    for var in ("BRIEFCAST_ENGINE", "BRIEFCAST_FALLBACK", "BRIEFCAST_OUT"):
        monkeypatch.delenv(var, raising=False)
    return tmp_path


def _episode(show: Path) -> dict:
    episodes = Show(show / "feed").episodes()
    assert len(episodes) == 1
    return episodes[0].to_json()


def test_gtts_build_end_to_end_and_cached_rebuild(show):
    """A gTTS build decodes and is in the feed; the rebuild sends no request at all."""
    runner = CliRunner(mix_stderr=False)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        google = FakeGoogle(rsps)
        result = runner.invoke(cli, ["build", "harbour.md", "--engine", "gtts"])
        assert result.exit_code == 0, result.output + result.stderr
        first = google.requests
        assert 1 <= first <= 4  # intro, the article, the outro (with its disclosure)
        again = runner.invoke(cli, ["build", "harbour.md", "--engine", "gtts"])
        assert again.exit_code == 0, again.stderr
        assert google.requests == first
    ep = _episode(show)
    assert ep["engine"] == "gtts" and ep["fallback_reason"] == ""
    mp3 = show / "feed" / ep["file"]
    pcm = decode_to_pcm(mp3, 44100, codec="mp3")
    assert len(pcm) / 88200 == pytest.approx(mp3_duration(mp3), abs=0.1)
    assert len(pcm) / 88200 > 4
    parsed = feedparser.parse(str(show / "feed" / "feed.xml"))
    assert parsed.entries[0].enclosures[0]["length"] == str(mp3.stat().st_size)


def test_two_429_replies_then_success_complete_the_build(show):
    """Google refusing twice with 429 only delays the build; gTTS still voices the episode."""
    (show / "briefcast.toml").write_text(
        CONFIG.replace("retries = 2", "retries = 3"), encoding="utf-8"
    )
    runner = CliRunner(mix_stderr=False)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        google = FakeGoogle(rsps, script=[(429, 0), (429, 0)])
        result = runner.invoke(cli, ["build", "harbour.md", "--engine", "gtts"])
    assert result.exit_code == 0, result.stderr
    ep = _episode(show)
    assert ep["engine"] == "gtts" and ep["fallback_reason"] == ""
    assert "Warning" not in result.stderr
    assert google.requests >= 3


def test_refusing_endpoint_falls_back_to_piper_for_the_whole_episode(show):
    """When Google refuses the connection, Piper voices the episode at once (no retry), the
    record says so and one short warning shows; the next build remembers that Google is
    unreachable and sends no request at all."""
    pytest.importorskip("piper")
    runner = CliRunner(mix_stderr=False)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        google = FakeGoogle(rsps, default="refuse")
        started = time.monotonic()
        result = runner.invoke(cli, ["build", "harbour.md", "--engine", "gtts"])
        assert result.exit_code == 0, result.stderr
        assert google.requests == 1  # unreachable: not retried
        again = runner.invoke(cli, ["build", "harbour.md", "--engine", "gtts"])
        assert again.exit_code == 0, again.stderr
        assert google.requests == 1  # remembered: not even tried
    ep = _episode(show)
    assert ep["engine"] == "piper"
    assert "cannot reach Google" in ep["fallback_reason"]
    for run in (result, again):
        lines = run.stderr.splitlines()
        # The show's setup line (localhost, placeholders) is the one other warning allowed.
        warnings = [w for w in lines if w.startswith("Warning:") and "ready to publish" not in w]
        assert len(warnings) == 1 and warnings[0].endswith("voiced by piper."), run.stderr
        assert len(warnings[0]) <= 120
        assert not [
            w
            for w in lines
            if w.upper().startswith("WARNING") and w not in warnings and "ready to publish" not in w
        ], run.stderr
    assert time.monotonic() - started < 60


def test_refusing_endpoint_without_fallback_is_one_error_line(show):
    """With fallback = "", a refused build exits 1 with a single Error line and no traceback."""
    (show / "briefcast.toml").write_text(CONFIG + '\n[voice]\nfallback = ""\n', encoding="utf-8")
    runner = CliRunner(mix_stderr=False)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        FakeGoogle(rsps, default=403)
        result = runner.invoke(cli, ["build", "harbour.md", "--engine", "gtts"])
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "403" in errors[0]
    assert "Traceback" not in result.stderr
    assert not list((show / "feed" / "episodes").glob("*.mp3"))


def _voices(
    env_extra: dict[str, str], timeout: str = "2"
) -> tuple[subprocess.CompletedProcess, float]:
    env = {k: v for k, v in os.environ.items() if k.lower() not in ("https_proxy", "no_proxy")}
    env.update(PYTHONPATH=str(SRC), **env_extra)
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "briefcast", "voices", "--timeout", timeout],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    return proc, time.monotonic() - started


def test_voices_without_network_says_gtts_is_unreachable():
    """With Google unreachable (refused), `voices` exits 0 and lists both engines."""
    with socket.socket() as sock:  # a port that nothing listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    proc, _ = _voices({"HTTPS_PROXY": f"http://127.0.0.1:{port}"})
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    gtts = next(line for line in lines if line.startswith("gtts"))
    assert "unreachable" in gtts
    assert "Connection refused" in proc.stdout
    assert "co.uk (United Kingdom)" in proc.stdout and " fr," in proc.stdout
    piper = next(line for line in lines if line.startswith("piper"))
    assert ("ready" in piper and "en_US-joe-medium" in proc.stdout) or "not installed" in piper
    assert "Error" not in proc.stderr


def test_voices_gives_up_on_a_silent_network_quickly():
    """When the connection hangs, `voices` waits only its probe timeout, then says so."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(4)
    held: list[socket.socket] = []
    accepting = threading.Thread(target=lambda: held.append(server.accept()[0]), daemon=True)
    accepting.start()
    try:
        proc, took = _voices(
            {"HTTPS_PROXY": f"http://127.0.0.1:{server.getsockname()[1]}"}, timeout="1"
        )
    finally:
        for conn in held:
            conn.close()
        server.close()
    assert proc.returncode == 0, proc.stderr
    assert "unreachable: no answer within 1 s" in proc.stdout
    assert took < 15  # interpreter start-up plus a one-second probe, on a busy machine


def test_new_commands_have_help():
    """voices, cache, cache info and cache clear each explain themselves in --help."""
    runner = CliRunner()
    for args in (["voices"], ["cache"], ["cache", "info"], ["cache", "clear"]):
        result = runner.invoke(cli, [*args, "--help"])
        assert result.exit_code == 0
        assert len(result.output.split("\n\n")[1].strip()) > 20, args
