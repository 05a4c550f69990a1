"""Stored records are checked, never trusted (issue 24, findings 4 and 7).

A damaged record (a field of the wrong type, a number out of range, a date without a time zone,
a file that is missing or outside ``episodes/``, JSON nested past reason) is left out of the
feed and named once in a ``Warning:`` line; the rest of the show goes on (``feed``, ``build``,
``list`` and ``remove`` work), nothing is written outside the output folder and no file of
another episode is lost. The index is a cache: when it disagrees with the records, the records
win.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from ownedshow import (
    article,
    assert_valid_show,
    copy_show,
    new_show,
    ok,
    read_record,
    records,
    run,
    use_tone_voice,
    warnings,
    write_record,
)

from briefcast.show.store import Show


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A show of two episodes (two different articles), built once for the module."""
    root = new_show(tmp_path_factory.mktemp("owned") / "show")
    with pytest.MonkeyPatch.context() as mp:
        use_tone_voice(mp)
        for name, title, topic in (
            ("a.md", "Harbour plan", "harbour"),
            ("b.md", "Rail plan", "rail"),
        ):
            (root / name).write_text(article(title, topic), encoding="utf-8")
            ok(run(root, "build", str(root / name)))
    assert len(records(root)) == 2
    return root


@pytest.fixture
def show(template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh copy of the two-episode show for one test."""
    use_tone_voice(monkeypatch)
    return copy_show(template, tmp_path / "show")


def _set(key: str, value: Any) -> Callable[[dict[str, Any], Path], None]:
    def change(data: dict[str, Any], record: Path) -> None:
        data[key] = value

    return change


def _first_cue(data: dict[str, Any], record: Path) -> None:
    cue = data["segments"][0]["cues"][0]
    cue["start"], cue["end"] = cue["end"] + 5, cue["start"]


def _alternate(data: dict[str, Any], record: Path) -> None:
    data["alternates"] = [{"format": "m4a", "file": f"episodes/{record.stem}.m4a", "size": 999}]


def _naive_date(data: dict[str, Any], record: Path) -> None:
    data["date"] = data["date"][:19]


DAMAGE: dict[str, Callable[[dict[str, Any], Path], None]] = {
    "file-int": _set("file", 42),
    "duration-negative": _set("duration", -12.5),
    "duration-nan": _set("duration", math.nan),
    "duration-inf": _set("duration", math.inf),
    "date-naive": _naive_date,
    "title-list": _set("title", ["a", "b"]),
    "title-empty": _set("title", ""),
    "guid-int": _set("guid", 1234),
    "size-negative": _set("size", -1),
    "alternate-missing": _alternate,
    "cues-reversed": _first_cue,
    "loudness-string": _set("loudness_lufs", "loud"),
    "segments-dict": _set("segments", {"kind": "intro"}),
}


@pytest.mark.parametrize("case", sorted(DAMAGE))
def test_a_damaged_record_is_left_out_and_named_once(show: Path, case: str) -> None:
    """Each kind of damage: ``feed`` exits 0 with one Warning line naming the record, the feed
    lists the other episode, ``list`` works, a new build works, the damaged record's own
    files stay, and ``remove`` takes it out by its file name."""
    damaged, healthy = records(show)
    data = read_record(damaged)
    DAMAGE[case](data, damaged)
    write_record(damaged, data)
    audio = sorted(p.name for p in damaged.parent.glob(f"{damaged.stem}.*"))

    result = ok(run(show, "feed"))
    named = [w for w in warnings(result) if damaged.name in w]
    assert len(named) == 1, result.stderr
    assert_valid_show(show, items=1)
    assert len(json.loads(ok(run(show, "list", "--json")).stdout)) == 1
    (show / "c.md").write_text(article("Bridge plan", "bridge"), encoding="utf-8")
    ok(run(show, "build", str(show / "c.md")))
    assert_valid_show(show, items=2)
    # Nothing lost: the damaged episode's files are all still there, the healthy one listed.
    assert sorted(p.name for p in damaged.parent.glob(f"{damaged.stem}.*")) == audio
    assert read_record(healthy)["title"] in ok(run(show, "list")).stdout
    ok(run(show, "remove", damaged.name))
    assert not damaged.exists()
    assert_valid_show(show, items=2)


def test_a_record_nested_past_reason_is_left_out(show: Path) -> None:
    """A record whose JSON nests 100,000 lists deep is damaged, not a crash."""
    damaged = records(show)[0]
    damaged.write_text('{"title": ' + "[" * 100_000 + "]" * 100_000 + "}", encoding="utf-8")
    result = ok(run(show, "feed"))
    assert len([w for w in warnings(result) if damaged.name in w]) == 1, result.stderr
    assert_valid_show(show, items=1)
    ok(run(show, "list"))
    ok(run(show, "remove", damaged.name))


@pytest.mark.parametrize("where", ["parent", "absolute"])
def test_a_record_naming_a_file_outside_the_folder_writes_nothing_there(
    show: Path, tmp_path: Path, where: str
) -> None:
    """A record whose ``file`` climbs out of the output folder (``episodes/../../outside/``) or
    is absolute: ``feed`` writes no transcript, chapters or page there, deletes none of the
    episode's real files, and names the record once."""
    outside = tmp_path / "outside"
    outside.mkdir()
    damaged = records(show)[0]
    before = sorted(p.name for p in damaged.parent.iterdir())
    data = read_record(damaged)
    data["file"] = (
        "episodes/../../outside/evil.mp3" if where == "parent" else str(outside / "evil.mp3")
    )
    write_record(damaged, data)
    for _ in range(2):  # the second run would delete what the first one orphaned
        result = ok(run(show, "feed"))
        assert len([w for w in warnings(result) if damaged.name in w]) == 1, result.stderr
    assert list(outside.iterdir()) == []
    assert not list(tmp_path.glob("evil*")) and not list((show).glob("evil*"))
    after = sorted(p.name for p in damaged.parent.iterdir())
    assert set(before) <= set(after)
    assert_valid_show(show, items=1)


def test_a_record_naming_another_episodes_file_loses_neither(show: Path) -> None:
    """A record pointing at the other episode's audio is damaged; both records and both
    episodes' files survive two runs of ``feed``."""
    first, second = records(show)
    before = sorted(p.name for p in first.parent.iterdir())
    data = read_record(first)
    data["file"] = read_record(second)["file"]
    write_record(first, data)
    for _ in range(2):
        result = ok(run(show, "feed"))
        assert len([w for w in warnings(result) if first.name in w]) == 1, result.stderr
    assert sorted(p.name for p in first.parent.iterdir()) == before
    assert_valid_show(show, items=1)


def test_a_renamed_record_keeps_its_files(show: Path) -> None:
    """A record file renamed by hand no longer matches its files: it is named and left out,
    and neither it nor its audio vanishes after two runs of ``feed``."""
    first = records(show)[0]
    renamed = first.with_name("renamed-by-hand.json")
    first.rename(renamed)
    audio = first.with_suffix(".mp3")
    for _ in range(2):
        result = ok(run(show, "feed"))
        assert len([w for w in warnings(result) if renamed.name in w]) == 1, result.stderr
    assert renamed.is_file() and audio.is_file()
    assert_valid_show(show, items=1)


def test_the_index_cannot_point_outside_the_folder(show: Path, tmp_path: Path) -> None:
    """An index entry whose ``file`` leaves the folder (its record unchanged) is not believed:
    the record wins, the index is rebuilt, and nothing is written or deleted outside."""
    ok(run(show, "feed"))
    index_path = show / "feed" / ".index.json"
    index = json.loads(index_path.read_text(encoding="utf-8"))
    name = records(show)[0].name
    index["records"][name]["file"] = "episodes/../../outside/evil.mp3"
    index_path.write_text(json.dumps(index), encoding="utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    ok(run(show, "feed"))
    assert list(outside.iterdir()) == []
    assert_valid_show(show, items=2)
    rebuilt = json.loads(index_path.read_text(encoding="utf-8"))
    assert rebuilt["records"][name]["file"] == read_record(records(show)[0])["file"]


def test_show_writes_only_inside_its_folder(tmp_path: Path) -> None:
    """The store refuses to write a file whose relative path leaves the output folder."""
    from briefcast.errors import StoreError

    show = Show(tmp_path / "feed")
    show.ensure()
    for bad in ("../evil.vtt", "episodes/../../evil.vtt", str(tmp_path / "evil.vtt")):
        with pytest.raises(StoreError):
            show.write_file(bad, b"x")
    assert not list(tmp_path.glob("evil*"))


def test_validate_names_a_feed_link_that_leaves_the_folder(show: Path) -> None:
    """A feed whose link climbs out of the folder under the base URL is an error of
    ``validate``, not a file it quietly reads."""
    feed = show / "feed" / "feed.xml"
    text = feed.read_text(encoding="utf-8")
    first = read_record(records(show)[0])["file"]
    feed.write_text(text.replace(first, "episodes/../../cover.png", 1), encoding="utf-8")
    result = run(show, "validate")
    assert result.exit_code == 1
    assert "leaves" in result.output, result.output
