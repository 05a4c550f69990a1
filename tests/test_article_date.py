"""The article's own date (issue 25): read from the input or set with ``--date``, said in the
intro when it is not the episode's day, kept in the record, shown on the episode page and in
the feed item's description and show notes."""

from __future__ import annotations

from datetime import UTC, date, datetime
from email.message import EmailMessage
from pathlib import Path

import feedparser
import pytest
from click.testing import CliRunner
from lxml import html as lxml_html

from briefcast import pipeline
from briefcast.cli import cli
from briefcast.config import Config, parse_time
from briefcast.errors import ConfigError
from briefcast.scripting.wording import wording_for
from briefcast.show import store

NOW = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)
MARKDOWN = """---
title: Harbour wall repaired before the storms
author: Jane Doe
date: 2025-03-14
---

The harbour wall was repaired in time for the winter storms, the council said on Friday.

Work began in January and cost less than planned.
"""


@pytest.fixture
def article(tmp_path: Path) -> Path:
    """A Markdown article dated 14 March 2025 in its front matter."""
    path = tmp_path / "harbour.md"
    path.write_text(MARKDOWN, encoding="utf-8")
    return path


def intro(script: pipeline.Script) -> str:
    """The intro's spoken text."""
    return script.segments[0].text


def test_markdown_date_is_spoken_stored_and_shown(tone_config: Config, article: Path) -> None:
    """Acceptance 2: a Markdown article with ``date: 2025-03-14`` has an intro that says the
    date, a record that keeps it, and an episode page and feed item description that show it
    (read by feedparser)."""
    result = pipeline.build([str(article)], tone_config, now=NOW)
    episode = result.episode
    script = pipeline.preview_script([str(article)], tone_config, now=NOW)
    assert "This story was published on Friday, the fourteenth of March" in intro(script)
    assert episode.published is not None and episode.published.date() == date(2025, 3, 14)
    reread = store.Show(tone_config.output).episodes()[0]
    assert reread.published == episode.published
    parsed = feedparser.parse(str(tone_config.output / "feed.xml"))
    description = parsed.entries[0].description
    assert "Published 14 March 2025" in description and "Jane Doe" in description
    page = lxml_html.fromstring(
        (tone_config.output / store.episode_files(episode).page).read_bytes()
    )
    times = [t.get("datetime", "") for t in page.iter("time")]
    assert any(t.startswith("2025-03-14") for t in times)
    assert "14 March 2025" in page.text_content()


def test_eml_date_header_is_the_article_date(tone_config: Config, tmp_path: Path) -> None:
    """Acceptance 2: an e-mail's ``Date:`` header is the article's date, said in the intro and
    kept in the record."""
    message = EmailMessage()
    message["Subject"] = "The Harbour Letter: the wall is done"
    message["From"] = "Harbour Letter <letter@example.org>"
    message["Date"] = "Tue, 04 Nov 2025 07:30:00 +0000"
    message.set_content(
        "The harbour wall was repaired in time for the winter storms.\n\n"
        "Work began in January and cost less than planned.\n"
    )
    path = tmp_path / "letter.eml"
    path.write_bytes(bytes(message))
    result = pipeline.build([str(path)], tone_config, now=NOW)
    assert result.episode.published == datetime(2025, 11, 4, 7, 30, tzinfo=UTC)
    script = pipeline.preview_script([str(path)], tone_config, now=NOW)
    assert "published on Tuesday, the fourth of November" in intro(script)


def test_date_flag_sets_the_date_and_today_is_not_said(tone_config: Config, article: Path) -> None:
    """``--date`` replaces the article's own date; an article dated the episode's own day
    gets no "published on" line."""
    script = pipeline.preview_script(
        [str(article)], tone_config, now=NOW, article_date=datetime(2026, 12, 6, tzinfo=UTC)
    )
    assert "published" not in intro(script)
    script = pipeline.preview_script(
        [str(article)], tone_config, now=NOW, article_date=datetime(2026, 11, 2, tzinfo=UTC)
    )
    assert "published on Monday, the second of November." in intro(script)


def test_cli_date_flag_reaches_the_record(tone_config: Config, article: Path) -> None:
    """``briefcast build --date`` keeps the given date in the record; a bad date is one
    Error line naming the flag."""
    runner = CliRunner(mix_stderr=False)
    args = ["build", str(article), "--out", str(tone_config.output), "--engine", "tone"]
    env = {"BRIEFCAST_FALLBACK": ""}
    bad = runner.invoke(cli, [*args, "--date", "14/03/2025"], env=env)
    assert bad.exit_code == 1 and bad.stderr.startswith("Error: --date: '14/03/2025'")
    assert len(bad.stderr.strip().splitlines()) == 1
    good = runner.invoke(cli, [*args, "--date", "2024-02-29 18:30"], env=env)
    assert good.exit_code == 0, good.stderr
    stored = store.Show(tone_config.output).episodes()[0]
    assert stored.published == datetime(2024, 2, 29, 18, 30, tzinfo=UTC)


def test_parse_time_uses_the_show_zone_for_naive_times() -> None:
    """A time without a zone is in show.timezone; one with a zone keeps it; junk is refused."""
    local = parse_time("2026-12-07 06:00", "Europe/London", "--publish-at")
    assert local.utcoffset() is not None and local.astimezone(UTC).hour == 6
    summer = parse_time("2026-07-07 06:00", "Europe/London", "--publish-at")
    assert summer.astimezone(UTC).hour == 5
    assert parse_time("2026-12-07T06:00+01:00", "UTC", "x").astimezone(UTC).hour == 5
    with pytest.raises(ConfigError, match="--publish-at"):
        parse_time("tomorrow", "UTC", "--publish-at")


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("en", "This story was published on Friday, the 14th of March, 2025."),
        ("fr", "Cet article a été publié le vendredi 14 mars 2025."),
        ("de", "Dieser Artikel erschien am Freitag, dem vierzehnten März 2025."),
        ("es", "Esta noticia se publicó el viernes 14 de marzo de 2025."),
    ],
)
def test_published_line_in_each_language(lang: str, expected: str) -> None:
    """The intro's "published on" line in the show's language, the year said only when it is
    not the episode's year."""
    words = wording_for(lang)
    assert words.published_line(date(2025, 3, 14), date(2026, 12, 6)) == expected
    assert "2025" not in words.published_line(date(2025, 3, 14), date(2025, 12, 6))
