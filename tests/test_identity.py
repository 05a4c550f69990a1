"""An episode is known by what its article is, not by its file name (issue 24, finding 1).

``build monday/article.txt`` then ``build tuesday/article.txt`` once replaced Monday's episode
(the guid came from the file's base name), and the new content reused the old guid, so apps
never fetched it. Now the guid comes from the article's URL, else its content and title: a
different article is a new episode; the same article built again (the same URL, or the same
title after an edit) replaces its episode and says so; ``--new`` and ``--replace EPISODE``
make the choice explicit; and episodes stored the old way keep their guids.
"""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from ownedshow import (
    article,
    assert_valid_show,
    new_show,
    ok,
    read_record,
    records,
    run,
    use_tone_voice,
    write_record,
)

from briefcast.pipeline import GUID_NAMESPACE


@pytest.fixture
def show(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty show voiced by the tone voice."""
    use_tone_voice(monkeypatch)
    return new_show(tmp_path / "show")


def _guids(root: Path) -> set[str]:
    return {read_record(r)["guid"] for r in records(root)}


def test_two_articles_with_the_same_file_name_are_two_episodes(show: Path) -> None:
    """``monday/article.txt`` and ``tuesday/article.txt`` (different stories): the second build
    adds an episode, Monday's audio is kept, and the feed lists both with different guids."""
    for day, topic in (("monday", "harbour"), ("tuesday", "rail")):
        folder = show / day
        folder.mkdir()
        text = f"{topic.title()} news for {day}.\n\n" + article(f"{topic} plan", topic)[2:]
        (folder / "article.txt").write_text(text, encoding="utf-8")
        result = ok(run(show, "build", str(folder / "article.txt")))
        assert result.stdout.startswith("Added episode"), result.stdout
    assert len(_guids(show)) == 2
    assert len(assert_valid_show(show, items=2)) == 2


def test_an_edited_article_replaces_its_episode_and_says_why(show: Path) -> None:
    """The same file built again after an edit (same title): "Replaced episode", the reason
    named, one episode with the first guid and date."""
    story = show / "story.md"
    story.write_text(article("Harbour plan", "harbour"), encoding="utf-8")
    ok(run(show, "build", str(story)))
    (first,) = records(show)
    before = read_record(first)
    story.write_text(article("Harbour plan", "harbour") + "\nA correction.\n", encoding="utf-8")
    result = ok(run(show, "build", str(story)))
    assert result.stdout.startswith("Replaced episode"), result.stdout
    assert "same title" in result.stdout and "--new" in result.stdout
    (after,) = records(show)
    assert read_record(after)["guid"] == before["guid"]
    assert read_record(after)["date"] == before["date"]
    assert_valid_show(show, items=1)


def test_the_same_url_under_a_new_title_replaces_its_episode(show: Path) -> None:
    """Two builds of one source URL with different titles and text are one episode."""
    url = "https://news.example/2026/harbour"
    story = show / "story.md"
    story.write_text(article("Harbour plan", "harbour", url=url), encoding="utf-8")
    ok(run(show, "build", str(story)))
    story.write_text(article("Harbour plan approved", "port", url=url), encoding="utf-8")
    result = ok(run(show, "build", str(story)))
    assert result.stdout.startswith("Replaced episode") and "same source address" in result.stdout
    assert len(records(show)) == 1
    assert_valid_show(show, items=1)


def test_new_keeps_both_and_replace_names_the_episode(show: Path) -> None:
    """``--new`` adds a second episode of the same title; ``--replace 2`` replaces the older
    one with a different article, keeping its guid."""
    story = show / "story.md"
    story.write_text(article("Daily notes", "harbour"), encoding="utf-8")
    ok(run(show, "build", str(story)))
    story.write_text(article("Daily notes", "market"), encoding="utf-8")
    assert ok(run(show, "build", str(story), "--new")).stdout.startswith("Added episode")
    assert len(_guids(show)) == 2
    older_guid = json.loads(ok(run(show, "list", "--json")).stdout)[1]["guid"]
    other = show / "other.md"
    other.write_text(article("Bridge works", "bridge"), encoding="utf-8")
    result = ok(run(show, "build", str(other), "--replace", "2"))
    assert result.stdout.startswith("Replaced episode"), result.stdout
    titles = {read_record(r)["title"]: read_record(r)["guid"] for r in records(show)}
    assert titles["Bridge works"] == older_guid and len(titles) == 2
    both = run(show, "build", str(other), "--new", "--replace", "1")
    assert both.exit_code == 2 and "exclude each other" in both.stderr
    assert_valid_show(show, items=2)


def test_a_show_built_the_old_way_keeps_its_guids(show: Path) -> None:
    """A record stored under the old file-name guid (``file:article.txt``): ``feed`` keeps it,
    and a rebuild of the edited article replaces it under that same guid."""
    story = show / "article.txt"
    story.write_text("Harbour plan\n\n" + article("x", "harbour")[4:], encoding="utf-8")
    ok(run(show, "build", str(story)))
    old_guid = str(uuid.uuid5(GUID_NAMESPACE, "file:article.txt"))
    (record,) = records(show)
    data = read_record(record)
    data["guid"] = old_guid
    write_record(record, data)
    ok(run(show, "feed"))
    assert _guids(show) == {old_guid}
    story.write_text(story.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    result = ok(run(show, "build", str(story)))
    assert result.stdout.startswith("Replaced episode"), result.stdout
    assert _guids(show) == {old_guid}
    assert old_guid in (show / "feed" / "feed.xml").read_text(encoding="utf-8")
    assert_valid_show(show, items=1)
