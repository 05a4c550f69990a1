"""A new user's first hour: messages spelled one way and printed as written, one setup line for
a show with default settings, a readable `list`, a folder publish that checks addresses, and
nothing left behind (issue "Green on a fresh machine")."""

from __future__ import annotations

import json
import os
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from fakeshow import make_show

from briefcast import pipeline
from briefcast.cli import cli
from briefcast.config import load_config
from briefcast.show import private

TESTS = Path(__file__).parent
SRC = TESTS.parent / "src"
ARTICLE = "Harbour vote\n\nThe council voted on the harbour plan tonight. " * 1 + (
    "Members spoke for an hour about the wall, the boats and the cost of the work. " * 3
)


def _invoke(args: list[str], cwd: Path):
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner(mix_stderr=False).invoke(cli, args, catch_exceptions=False)
    finally:
        os.chdir(old)


def test_warning_with_an_emoji_code_is_printed_as_written_on_a_terminal(tmp_path: Path) -> None:
    """On a pseudo-terminal, under the live display, a warning holding ``atom:link:`` (an emoji
    code to rich) and ``[bold]`` (markup) comes out exactly as written, with its prefix."""
    pexpect = pytest.importorskip("pexpect")
    script = tmp_path / "warn.py"
    script.write_text(
        textwrap.dedent(
            """
            import logging
            from briefcast.cli import _setup_logging
            from briefcast.display import progress_display
            from briefcast.progress import Progress
            _setup_logging(0)
            with progress_display(0) as show:
                show(Progress("reading", 0, 1, "x"))
                logging.getLogger("briefcast.test").warning(
                    "channel/atom:link: the feed lives at http://localhost/ [bold]here[/bold]")
            """
        ),
        encoding="utf-8",
    )
    env = dict(os.environ, PYTHONPATH=str(SRC), TERM="xterm", COLUMNS="160")
    child = pexpect.spawn(
        sys.executable, [str(script)], env=env, encoding="utf-8", dimensions=(30, 160), timeout=30
    )
    screen = child.read()
    child.close()
    assert child.exitstatus == 0, screen
    assert (
        "Warning: channel/atom:link: the feed lives at http://localhost/ [bold]here[/bold]"
        in screen
    ), screen
    assert "🔗" not in screen


def test_default_show_gets_one_setup_line_and_validate_lists_each(
    tmp_path: Path, tone_voice
) -> None:
    """A build into a show with default settings prints one setup warning (what is wrong and
    what sets it up), not one per finding; `briefcast validate` still lists each finding."""
    (tmp_path / "story.txt").write_text(ARTICLE, encoding="utf-8")
    result = _invoke(["build", "story.txt", "--engine", "tone"], tmp_path)
    assert result.exit_code == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(warnings) == 1, result.stderr
    assert warnings[0].startswith("Warning: the show is not ready to publish")
    assert "briefcast init" in warnings[0] and "show.base_url" in warnings[0]
    check = _invoke(["validate"], tmp_path)
    listed = [line for line in check.output.splitlines() if line.startswith("Warning: ")]
    assert len(listed) >= 3, check.output
    assert any("placeholder e-mail" in line for line in listed)
    assert any("over plain http" in line for line in listed)
    assert any("loopback address" in line for line in listed)


def test_set_up_show_builds_without_a_setup_line(tmp_path: Path, tone_voice) -> None:
    """A show with its own public address and e-mail builds with no warning at all."""
    (tmp_path / "briefcast.toml").write_text(
        '[show]\nemail = "desk@harbour-news.net"\nbase_url = "https://podcast.harbour-news.net/"\n',
        encoding="utf-8",
    )
    (tmp_path / "story.txt").write_text(ARTICLE, encoding="utf-8")
    result = _invoke(["build", "story.txt", "--engine", "tone"], tmp_path)
    assert result.exit_code == 0 and result.stderr.strip() == "", result.stderr


def test_validate_on_a_third_party_feed_leaves_out_briefcasts_advice(tmp_path: Path) -> None:
    """A feed briefcast did not write is checked against the standards, without advice about
    briefcast's settings (show.image, show.base_url) or its own AI-voice disclosure."""
    valid = (TESTS / "data" / "feeds" / "valid.xml").read_text(encoding="utf-8")
    theirs = valid.replace("    <generator>briefcast</generator>\n", "").replace(
        '    <podcast:txt purpose="ai-content">true</podcast:txt>\n', ""
    )
    theirs = theirs.replace(
        '    <itunes:image href="https://podcast.example/show/cover.jpg"/>\n', ""
    )
    theirs = theirs.replace("https://podcast.example", "http://localhost")
    feed = tmp_path / "other-show.xml"
    feed.write_text(theirs, encoding="utf-8")
    result = _invoke(["validate", str(feed)], tmp_path)
    assert "channel/itunes:image" in result.output  # the standards are still checked
    assert "show." not in result.output and "briefcast" not in result.output, result.output
    assert "synthetic voice" not in result.output


def test_list_has_a_header_fits_100_columns_and_has_json(tmp_path: Path) -> None:
    """`briefcast list` on three episodes (one with a very long title) prints a header and
    aligned rows within 100 characters; `list --json` parses and holds every episode."""
    cfg = make_show(tmp_path, episodes=3)
    records = sorted((cfg.output / "episodes").glob("*.json"))
    data = json.loads(records[0].read_text(encoding="utf-8"))
    data["title"] = "A very long title about the harbour wall vote " * 4
    records[0].write_text(json.dumps(data), encoding="utf-8")
    result = _invoke(["list"], tmp_path)
    assert result.exit_code == 0, result.stderr
    lines = result.output.splitlines()
    assert lines[0].split() == ["#", "Date", "Title", "Length", "File"]
    assert len(lines) == 4 and all(len(line) <= 100 for line in lines), lines
    assert [line.split()[0] for line in lines[1:]] == ["1", "2", "3"]
    assert len({line.index(":") for line in lines[1:]}) == 1  # the length column is aligned
    listed = json.loads(_invoke(["list", "--json"], tmp_path).output)
    assert [e["number"] for e in listed] == [1, 2, 3]
    assert all(e["file"].startswith("episodes/") and e["duration"] > 0 for e in listed)


def test_folder_publish_refuses_a_localhost_feed_unless_forced(tmp_path: Path) -> None:
    """`publish --to FOLDER` of a feed on localhost is one Error line and exit 1, like S3;
    with --force it publishes."""
    make_show(tmp_path, episodes=1)  # base_url http://127.0.0.1:8000/
    refused = _invoke(["publish", "--to", str(tmp_path / "www")], tmp_path)
    assert refused.exit_code == 1
    lines = [line for line in refused.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: the feed points at"), lines
    assert "loopback" in lines[0] and "--force" in lines[0]
    assert not (tmp_path / "www").exists()
    forced = _invoke(["publish", "--to", str(tmp_path / "www"), "--force"], tmp_path)
    assert forced.exit_code == 0, forced.stderr
    assert (tmp_path / "www" / "feed.xml").is_file()


def test_folder_publish_refuses_a_placeholder_address(tmp_path: Path) -> None:
    """A feed whose address is a documentation placeholder (example.com) is refused too."""
    make_show(tmp_path, episodes=1, base_url="https://podcast.example.com/show/")
    refused = _invoke(["publish", "--to", str(tmp_path / "www")], tmp_path)
    assert refused.exit_code == 1 and "placeholder address" in refused.stderr


def test_token_rotation_leaves_no_trace_of_the_old_token(tmp_path: Path) -> None:
    """After `token --rotate` and `publish`, no path under the target (file or folder) holds
    the old token, and the root has an index page that names no token."""
    cfg = make_show(tmp_path, episodes=1, base_url="https://subscribers.harbour-news.net/")
    assert cfg.source is not None
    with cfg.source.open("a", encoding="utf-8") as handle:
        handle.write("private = true\n")
    cfg = load_config(cfg.source, env={}, cwd=tmp_path)
    pipeline.write_feed(cfg)
    www = tmp_path / "www"
    assert _invoke(["publish", "--to", str(www)], tmp_path).exit_code == 0
    old = private.token(cfg)
    assert (www / old / "feed.xml").is_file()
    assert _invoke(["token", "--rotate"], tmp_path).exit_code == 0
    assert _invoke(["publish", "--to", str(www)], tmp_path).exit_code == 0
    new = private.token(cfg)
    assert new != old and (www / new / "feed.xml").is_file()
    assert not [p for p in www.rglob("*") if old in p.as_posix()]
    root_page = (www / "index.html").read_text(encoding="utf-8")
    assert new not in root_page and old not in root_page


def test_build_leaves_no_work_folder_and_cache_info_names_what_it_counts(
    tmp_path: Path, tone_voice
) -> None:
    """A successful build leaves no (empty) .work folder; `cache info` counts voiced
    sentences, encoded episodes and artwork files under those names."""
    (tmp_path / "story.txt").write_text(ARTICLE, encoding="utf-8")
    cache = tmp_path / "cache"
    env = {"BRIEFCAST_CACHE_DIR": str(cache)}
    old = dict(os.environ)
    os.environ.update(env)
    try:
        assert _invoke(["build", "story.txt", "--engine", "tone"], tmp_path).exit_code == 0
        info = _invoke(["cache", "info"], tmp_path).output
    finally:
        os.environ.clear()
        os.environ.update(old)
    assert not (tmp_path / "feed" / ".work").exists()
    assert "voiced sentences" in info and "artwork files" in info, info
    artwork_line = next(line for line in info.splitlines() if line.split()[0] == "artwork")
    assert "sentences" not in artwork_line
