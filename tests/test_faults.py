"""Fault injection: a build, rebuild or remove killed (SIGKILL) at any moment leaves a whole show.

Each case forks a child that runs the real pipeline with the fake tone voice and kills itself at
a known point (a wrapped function of the stage, before or after it runs). After each kill,
``briefcast validate`` exits 0, every file ``feed.xml`` names exists, and the next build exits
0 and leaves no stale record or file behind.
"""

from __future__ import annotations

import os
import shutil
import signal
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from fakes import ToneVoice, engine_speaking_with
from PIL import Image

from briefcast import pipeline, voices
from briefcast.audio import assemble
from briefcast.audio.formats.mp3 import Mp3
from briefcast.cli import cli
from briefcast.config import CONFIG_NAME, Config, load_config
from briefcast.show.store import Show, episode_files, feed_file_names

ARTICLE = (
    "A bridge for the town\n\nThe council met on Monday. It voted to repair the old "
    "bridge.\n\nThe money\n\nThe repair will cost two million. Work starts in May.\n"
)
OTHER = (
    "Rain in the valley\n\nIt rained all week in the valley. The river rose.\n\nWhat "
    "next\n\nMore rain is expected on Friday. Farmers are worried.\n"
)


def _config_text() -> str:
    return (
        'output = "feed"\n\n[show]\ntitle = "Fault Show"\nimage = "cover.png"\n\n'
        '[voice]\nengine = "tone"\nfallback = ""\n'
    )


@pytest.fixture(scope="module")
def base_show(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A show folder with one episode (ARTICLE, title "First"), built once for the module."""
    root = tmp_path_factory.mktemp("fault-base")
    Image.new("RGB", (1400, 1400), (10, 40, 90)).save(root / "cover.png")
    (root / CONFIG_NAME).write_text(_config_text(), encoding="utf-8")
    (root / "bridge.txt").write_text(ARTICLE, encoding="utf-8")
    (root / "rain.txt").write_text(OTHER, encoding="utf-8")
    saved = dict(voices.REGISTRY)
    voices.REGISTRY["tone"] = engine_speaking_with("tone", ToneVoice())
    try:
        pipeline.build(
            [str(root / "bridge.txt")], load_config(root / CONFIG_NAME, env={}), title="First"
        )
    finally:
        voices.REGISTRY.clear()
        voices.REGISTRY.update(saved)
    return root


@pytest.fixture
def show(base_show: Path, tmp_path: Path, tone_voice: ToneVoice) -> Iterator[Path]:
    """A fresh copy of the base show, with the tone voice registered."""
    root = tmp_path / "show"
    shutil.copytree(base_show, root)
    yield root


@dataclass(frozen=True)
class KillPoint:
    """Where the child kills itself: the ``nth`` call of ``owner.name``, before or after it."""

    owner: Any
    name: str
    after: bool = False
    nth: int = 1


def _arm(point: KillPoint) -> None:
    """Wrap ``point``'s function so that the process dies with SIGKILL at that moment."""
    original = getattr(point.owner, point.name)
    calls = [0]

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        calls[0] += 1
        if calls[0] == point.nth and not point.after:
            os.kill(os.getpid(), signal.SIGKILL)
        result = original(*args, **kwargs)
        if calls[0] == point.nth and point.after:
            os.kill(os.getpid(), signal.SIGKILL)
        return result

    setattr(point.owner, point.name, wrapper)


def run_killed(action: Callable[[], object], point: KillPoint) -> None:
    """Run ``action`` in a forked child armed with ``point``; it must die of SIGKILL there."""
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        try:
            _arm(point)
            action()
        finally:
            os._exit(3)
    _, status = os.waitpid(pid, 0)
    assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, (
        f"the child did not reach {point.name} (status {status})"
    )


def cfg_of(root: Path) -> Config:
    """The config of the show in ``root``."""
    return load_config(root / CONFIG_NAME, env={})


def assert_whole(root: Path) -> None:
    """``briefcast validate`` exits 0 and every file the feed names exists."""
    cfg = cfg_of(root)
    result = CliRunner(mix_stderr=False).invoke(
        cli, ["validate", "--config", str(root / CONFIG_NAME)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output + result.stderr
    named = feed_file_names(cfg.output / "feed.xml", cfg.show.base_url)
    assert any(n.endswith(".mp3") for n in named)
    for name in named:
        assert (cfg.output / name).is_file(), name


def assert_next_build_cleans_up(
    root: Path, article: str = "bridge.txt", title: str = "Second"
) -> None:
    """The next build exits 0; afterwards the episodes folder holds only what records name."""
    result = CliRunner(mix_stderr=False).invoke(
        cli,
        ["build", str(root / article), "--title", title, "--config", str(root / CONFIG_NAME)],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output + result.stderr
    assert_whole(root)
    show = Show(cfg_of(root).output)
    records, damaged = show.records()
    assert not damaged
    guids = [r.guid for r in records]
    assert len(guids) == len(set(guids)), "two records of one guid survived"
    episodes = [show.episode(r) for r in records]
    assert [e.guid for e in episodes] == guids
    named = {f for e in episodes for f in episode_files(e).all}
    present = {p.relative_to(show.root).as_posix() for p in show.episodes_dir.iterdir()}
    assert present <= named, "files no record names were left behind"
    assert {f for e in episodes for f in (e.file, episode_files(e).record)} <= present
    assert not (show.root / ".work").exists()  # and no empty work folder left behind


def _build(root: Path, article: str, title: str | None) -> Callable[[], object]:
    return lambda: pipeline.build([str(root / article)], cfg_of(root), title=title)


# (what is killed, which build, where): reading, voicing, encoding, tagging, storing, feed.
BUILD_CASES = [
    ("reading", "bridge.txt", "Second", KillPoint(pipeline, "read_articles")),
    ("voicing", "rain.txt", None, KillPoint(ToneVoice, "speak", nth=2)),
    ("encoding", "bridge.txt", "Second", KillPoint(assemble, "encode")),
    ("tagging", "bridge.txt", "Second", KillPoint(Mp3, "write_tags", after=True)),
    ("audio placed", "bridge.txt", "Second", KillPoint(Show, "place", after=True)),
    ("retitle record written", "bridge.txt", "Second", KillPoint(Show, "save", after=True)),
    ("new record written", "rain.txt", None, KillPoint(Show, "save", after=True)),
    ("transcripts", "bridge.txt", "Second", KillPoint(Show, "write_episode_texts", after=True)),
    ("feed written", "bridge.txt", "Second", KillPoint(Show, "write_feed", after=True)),
    ("old files removed", "bridge.txt", "Second", KillPoint(Show, "collect_garbage")),
]


@pytest.mark.parametrize(
    ("moment", "article", "title", "point"), BUILD_CASES, ids=[c[0] for c in BUILD_CASES]
)
def test_build_killed_leaves_a_whole_show(
    show: Path, moment: str, article: str, title: str | None, point: KillPoint
) -> None:
    """A build (or a rebuild under a new title) killed at ``moment`` leaves a valid show whose
    feed names only existing files, and the next build succeeds and removes the leftovers."""
    run_killed(_build(show, article, title), point)
    assert_whole(show)
    assert_next_build_cleans_up(show)


def test_same_title_rebuild_of_changed_audio_never_overwrites_the_published_file(
    show: Path,
) -> None:
    """A rebuild whose audio differs, killed after its audio is in place, leaves the file the
    published feed names untouched (the new audio takes another name)."""
    (show / "bridge.txt").write_text(
        ARTICLE + "\nOne more line was added today.\n", encoding="utf-8"
    )
    run_killed(_build(show, "bridge.txt", "First"), KillPoint(Show, "save"))
    assert_whole(show)
    assert_next_build_cleans_up(show, title="First")


@pytest.mark.parametrize(
    "point",
    [KillPoint(Show, "forget", after=True), KillPoint(Show, "write_feed", after=True)],
    ids=["record-gone", "feed-written"],
)
def test_remove_killed_midway_leaves_a_whole_show(show: Path, point: KillPoint) -> None:
    """``briefcast remove`` killed after the record or the feed is gone still validates, and
    the next run finishes the removal."""
    cfg = cfg_of(show)
    pipeline.build([str(show / "rain.txt")], cfg)
    run_killed(lambda: pipeline.remove_episode(cfg, "1"), point)
    assert_whole(show)
    pipeline.write_feed(cfg)
    assert [e.title for e in pipeline.list_episodes(cfg)] == ["First"]
    first = pipeline.list_episodes(cfg)[0]
    assert {
        p.relative_to(cfg.output).as_posix() for p in (cfg.output / "episodes").iterdir()
    } <= set(episode_files(first).all)
