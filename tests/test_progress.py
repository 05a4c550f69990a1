"""Progress a person can trust: every phase on a terminal with no long still stretch, only
the final lines in a pipe, one line per phase with -v, nothing with -q."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import SAMPLE

from briefcast.display import PhaseLines, progress_display
from briefcast.progress import PHASES, Progress

TESTS = Path(__file__).parent
SRC = TESTS.parent / "src"
PHASE_NAMES = ("Reading", "Voicing", "Loudness", "Encoding", "Tagging", "Feed")


def _env(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        PYTHONPATH=f"{SRC}{os.pathsep}{TESTS}",
        BRIEFCAST_CACHE_DIR=str(tmp_path / "c"),
        COLUMNS="120",
        LINES="40",
        TERM="xterm",
    )
    for var in ("BRIEFCAST_ENGINE", "BRIEFCAST_FALLBACK", "BRIEFCAST_OUT"):
        env.pop(var, None)
    return env


def _command(*extra: str) -> list[str]:
    return [str(TESTS / "slow_tone_cli.py"), *extra, "build", str(SAMPLE), "--engine", "tone"]


@pytest.fixture(scope="module")
def terminal_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, list[float]]:
    """The sample built under a pseudo-terminal; the screen output and when each part came."""
    pexpect = pytest.importorskip("pexpect")
    work = tmp_path_factory.mktemp("pty")
    # A show whose feed has nothing to warn about, so that only progress and results show.
    (work / "briefcast.toml").write_text(
        '[show]\nemail = "desk@harbour-news.net"\nbase_url = "https://podcast.harbour-news.net/"\n',
        encoding="utf-8",
    )
    child = pexpect.spawn(
        sys.executable,
        _command(),
        cwd=str(work),
        env=_env(work),
        encoding="utf-8",
        dimensions=(40, 120),
        timeout=60,
    )
    started = time.monotonic()
    stamps: list[float] = []
    chunks: list[str] = []
    while True:
        try:
            chunks.append(child.read_nonblocking(65536, timeout=60))
        except pexpect.EOF:
            break
        stamps.append(time.monotonic() - started)
    child.close()
    assert child.exitstatus == 0, "".join(chunks)[-2000:]
    return work, "".join(chunks), stamps


def test_terminal_shows_every_phase_without_a_long_still_gap(terminal_build) -> None:
    """Under a pseudo-terminal the build shows every phase, and the screen never stands still
    for more than two seconds from its first update to its last."""
    _, screen, stamps = terminal_build
    for name in PHASE_NAMES:
        assert name in screen, f"phase {name} never shown"
    gaps = [b - a for a, b in zip(stamps, stamps[1:], strict=False)]
    assert stamps[0] < 8, f"first screen update after {stamps[0]:.1f} s"
    assert max(gaps) <= 2.0, f"the screen stood still for {max(gaps):.1f} s"
    assert "Added episode" in screen


def test_pipe_prints_only_the_final_lines(terminal_build) -> None:
    """In a pipe, a (re)build prints only its result lines: nothing on stderr, two on stdout
    (-q and -v are checked on the display itself, below)."""
    work, _, _ = terminal_build
    run = subprocess.run(
        [sys.executable, *_command()],
        cwd=work,
        env=_env(work),
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 0, run.stderr
    assert run.stderr == ""
    lines = run.stdout.splitlines()
    assert (
        len(lines) == 2
        and lines[0].startswith("Replaced episode")
        and lines[1].startswith("Feed: ")
    )


def test_verbose_in_a_pipe_is_one_line_per_phase() -> None:
    """With -v in a pipe each phase is announced once, however many events it sends."""
    out = io.StringIO()
    lines = PhaseLines(out)
    for phase in PHASES:
        for done in range(3):
            lines(Progress(phase, done, 2 if phase == "voicing" else 0))
    printed = out.getvalue().splitlines()
    assert [line.split(":")[0].rstrip(".") for line in printed] == list(PHASE_NAMES)
    assert printed[1] == "Voicing: 2 sentences"


def test_quiet_and_piped_builds_get_no_callback() -> None:
    """-q never shows progress; a pipe without -v gets none either."""
    with progress_display(-1, io.StringIO(), terminal=True) as callback:
        assert callback is None
    with progress_display(0, io.StringIO(), terminal=False) as callback:
        assert callback is None
