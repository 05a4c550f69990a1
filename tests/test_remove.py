"""``briefcast remove EPISODE``: by the number ``list`` shows, the slug or the guid; the feed
loses the episode first, then its files go; an unknown episode is one clear error."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from fakeshow import make_show

from briefcast.cli import cli
from briefcast.config import Config
from briefcast.show import store
from briefcast.show.store import Show, feed_file_names


@pytest.fixture
def show(tmp_path: Path) -> Config:
    """A show of three one-second episodes with its feed written."""
    return make_show(tmp_path, episodes=3)


def run(cfg: Config, *args: str) -> Result:
    """The CLI on the show of ``cfg``."""
    assert cfg.source is not None
    return CliRunner(mix_stderr=False).invoke(
        cli, [*args, "--config", str(cfg.source)], catch_exceptions=False
    )


def feed_titles(cfg: Config) -> list[str]:
    """Titles of the items in feed.xml, in order."""
    from lxml import etree

    root = etree.parse(str(cfg.output / "feed.xml")).getroot()
    return [str(item.findtext("title")) for item in root.iter("item")]


def test_list_numbers_episodes_and_remove_takes_a_number_slug_or_guid(show: Config) -> None:
    """``list`` numbers the episodes newest first; ``remove`` accepts that number, a slug or a
    guid, and each removal leaves a feed that validates and files only of what remains."""
    listing = run(show, "list").output.splitlines()[1:]
    assert listing[0].lstrip().startswith("1 ") and "Story number 3" in listing[0]
    assert run(show, "remove", "1").exit_code == 0
    assert feed_titles(show) == ["Story number 2", "Story number 1"]
    slug = Path(Show(show.output).episodes()[0].file).stem
    assert run(show, "remove", slug).exit_code == 0
    guid = Show(show.output).episodes()[0].guid
    result = run(show, "remove", guid)
    assert result.exit_code == 0 and "Story number 1" in result.output
    assert feed_titles(show) == []
    assert not list((show.output / "episodes").iterdir())


def test_unknown_episode_is_one_clear_error(show: Config) -> None:
    """Removing an episode that is not there is one Error line and changes nothing."""
    before = (show.output / "feed.xml").read_bytes()
    result = run(show, "remove", "no-such-episode")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: no episode 'no-such-episode'")
    assert len(result.stderr.strip().splitlines()) == 1
    assert (show.output / "feed.xml").read_bytes() == before


def test_feed_loses_the_episode_before_its_files_go(
    show: Config, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the old files are removed, the feed on disk already leaves the episode out, and
    every file it names still exists."""
    seen: list[tuple[list[str], bool]] = []
    collect = store.Show.collect_garbage
    target = Show(show.output).episodes()[0]

    def check(self: Show, base_url: str) -> list[str]:
        names = feed_file_names(self.feed_path, base_url)
        seen.append((feed_titles(show), (self.root / target.file).exists()))
        assert all((self.root / n).is_file() for n in names)
        return collect(self, base_url)

    monkeypatch.setattr(store.Show, "collect_garbage", check)
    assert run(show, "remove", target.guid).exit_code == 0
    titles, audio_still_there = seen[-1]
    assert target.title not in titles and audio_still_there
    assert not (show.output / target.file).exists()
