"""Scheduling (issue 25): ``--publish-at`` stores an episode now and lists it in the feed and
pages only from that time, its files withheld by serve and publish until then; ``feed`` and
``publish`` release what has fallen due; ``--pub-date`` backdates an archive episode."""

from __future__ import annotations

import urllib.error
import urllib.request
from datetime import UTC, datetime, timedelta
from pathlib import Path

import feedparser
import podcastparser
import pytest
from click.testing import CliRunner, Result

from briefcast import pipeline
from briefcast.cli import cli
from briefcast.config import Config
from briefcast.errors import ConfigError
from briefcast.publish.serve import serving
from briefcast.show import store

NOW = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)
ARTICLE = """---
title: Ferry timetable changes for the winter
{extra}---

The ferry will run every two hours from Monday, the operator said.

Tickets bought before the change stay valid.
"""


class Clock:
    """A clock the test moves by hand, standing in for :func:`briefcast.show.store.utcnow`."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    """The scheduling clock, set to NOW."""
    fake = Clock(NOW)
    monkeypatch.setattr(store, "utcnow", fake)
    return fake


def write_article(folder: Path, extra: str = "") -> Path:
    """A short Markdown article, with ``extra`` front matter lines."""
    path = folder / "ferry.md"
    path.write_text(ARTICLE.format(extra=extra), encoding="utf-8")
    return path


def feed_guids(cfg: Config) -> tuple[list[str], list[str]]:
    """The items' guids as feedparser and podcastparser read feed.xml."""
    path = cfg.output / "feed.xml"
    by_feedparser = [e.id for e in feedparser.parse(str(path)).entries]
    with path.open("rb") as handle:
        parsed = podcastparser.parse(cfg.show.base_url + "feed.xml", handle)
    return by_feedparser, [e["guid"] for e in parsed["episodes"]]


def status(url: str) -> int:
    """The HTTP status of a GET of ``url``."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        return exc.code


def run(cfg: Config, *args: str) -> Result:
    """The CLI on the show of ``cfg``, voiced by the tone voice."""
    return CliRunner(mix_stderr=False).invoke(
        cli, [*args, "--out", str(cfg.output)], env={"BRIEFCAST_FALLBACK": ""}
    )


def test_publish_at_one_minute_ahead(tone_config: Config, tmp_path: Path, clock: Clock) -> None:
    """Acceptance 3: built with --publish-at one minute ahead, the episode is stored but
    feed.xml (feedparser, podcastparser) lacks it and serve answers 404 for its audio and
    page; after that minute, ``briefcast feed`` releases it: both parsers list it and serve
    answers 200."""
    article = write_article(tmp_path)
    result = pipeline.build(
        [str(article)], tone_config, now=NOW, publish_at=NOW + timedelta(minutes=1)
    )
    episode = result.episode
    assert episode.date == NOW + timedelta(minutes=1)
    assert (tone_config.output / episode.file).is_file()
    assert feed_guids(tone_config) == ([], [])
    assert episode.title not in (tone_config.output / "index.html").read_text()
    listing = run(tone_config, "list")
    assert "scheduled, goes out 2026-12-06 09:01 UTC" in listing.stdout
    page = store.episode_files(episode).page
    with serving(tone_config.output) as server:
        base = f"http://127.0.0.1:{server.port}/"
        assert status(base + episode.file) == 404
        assert status(base + page) == 404
        assert status(base + "feed.xml") == 200
        clock.now = NOW + timedelta(minutes=2)
        released = run(tone_config, "feed")
        assert released.exit_code == 0, released.stderr
        assert "Released 'Ferry timetable changes for the winter'" in released.stdout
        assert feed_guids(tone_config) == ([episode.guid], [episode.guid])
        assert status(base + episode.file) == 200
        assert status(base + page) == 200
    assert episode.title in (tone_config.output / "index.html").read_text()


def test_publish_releases_what_fell_due(tone_config: Config, tmp_path: Path, clock: Clock) -> None:
    """``publish`` (from cron) uploads nothing of a scheduled episode before its time, and
    after it rewrites the feed first, so the episode and its files go out together. The
    time comes from ``publish_at`` in the front matter, in show.timezone."""
    article = write_article(tmp_path, 'publish_at: "2026-12-06 10:30"\n')
    cfg = pipeline.replace(
        tone_config, show=pipeline.replace(tone_config.show, timezone="Europe/Paris")
    )
    episode = pipeline.build([str(article)], cfg, now=NOW).episode
    assert episode.date == datetime(2026, 12, 6, 9, 30, tzinfo=UTC)
    target = tmp_path / "www"
    published = run(cfg, "publish", "--to", str(target), "--force")
    assert published.exit_code == 0, published.stderr
    assert not (target / episode.file).exists()
    clock.now = NOW + timedelta(hours=1)
    published = run(cfg, "publish", "--to", str(target), "--force")
    assert published.exit_code == 0, published.stderr
    assert "Released" in published.stdout
    assert (target / episode.file).is_file()
    assert episode.guid in (target / "feed.xml").read_text()


def test_pub_date_backdates_an_archive_episode(
    tone_config: Config, tmp_path: Path, clock: Clock
) -> None:
    """``--pub-date`` dates the episode in the past: its pubDate, and its intro's day; a
    future --pub-date, or both flags at once, is refused."""
    article = write_article(tmp_path)
    old = datetime(2019, 5, 1, 8, 0, tzinfo=UTC)
    episode = pipeline.build([str(article)], tone_config, now=NOW, pub_date=old).episode
    assert episode.date == old
    entries = feedparser.parse(str(tone_config.output / "feed.xml")).entries
    assert entries[0].published_parsed[:3] == (2019, 5, 1)
    script_intro = episode.segments[0].cues
    assert any("Wednesday, May 1, 2019" in c.text for c in script_intro)
    with pytest.raises(ConfigError, match="--pub-date"):
        pipeline.build([str(article)], tone_config, now=NOW, pub_date=NOW + timedelta(days=1))
    with pytest.raises(ConfigError, match="not both"):
        pipeline.build([str(article)], tone_config, now=NOW, pub_date=old, publish_at=NOW)
