"""The show's index (store.py): records are read once, changes on disk always win.

Growth must cost little (a build reads only the records that changed, and rewrites only its
own episode's transcripts and page), but the index is only a cache: a record rewritten behind
its back, a damaged index or changed settings are all noticed.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
from fakeshow import add_episode, make_show

from briefcast import pipeline
from briefcast.show.store import INDEX_NAME, Show, episode_files


@pytest.fixture
def show(tmp_path: Path):  # type: ignore[no-untyped-def]
    """A real show of three tone episodes, with its feed written once."""
    return make_show(tmp_path, 3)


def test_feed_rewrites_only_what_changed(show) -> None:  # type: ignore[no-untyped-def]
    """A second `feed` leaves every episode's page and transcripts alone; a new episode gets
    its own written; a settings change rewrites them all."""
    pages = {e.guid: show.output / episode_files(e).page for e in Show(show.output).episodes()}
    before = {guid: path.stat().st_mtime_ns for guid, path in pages.items()}
    for path in pages.values():
        path.write_text("stale page", encoding="utf-8")  # would be restored by a rewrite
    pipeline.write_feed(show)
    assert all(p.read_text(encoding="utf-8") == "stale page" for p in pages.values())
    new = add_episode(show, 4)
    pipeline.write_feed(show)
    assert (show.output / episode_files(new).page).read_text(encoding="utf-8").startswith("<!")
    assert all(p.read_text(encoding="utf-8") == "stale page" for p in pages.values())
    retitled = replace(show, show=replace(show.show, title="Another Title"))
    pipeline.write_feed(retitled)
    assert all("Another Title" in p.read_text(encoding="utf-8") for p in pages.values())
    assert before  # the three episodes had pages to begin with


def test_a_record_changed_on_disk_is_read_again(show) -> None:  # type: ignore[no-untyped-def]
    """Rewriting a record file behind the index's back (another machine, an editor) is seen
    by the next read, and by an object that read the show before."""
    held = Show(show.output)
    first = held.episodes()[0]
    record = show.output / episode_files(first).record
    data = json.loads(record.read_text(encoding="utf-8"))
    data["title"] = "Renamed on another machine"
    record.write_text(json.dumps(data), encoding="utf-8")
    assert Show(show.output).find(first.guid).title == "Renamed on another machine"
    assert held.find(first.guid).title == "Renamed on another machine"
    pipeline.write_feed(show)
    assert b"Renamed on another machine" in (show.output / "feed.xml").read_bytes()


def test_a_damaged_or_missing_index_is_rebuilt(show) -> None:  # type: ignore[no-untyped-def]
    """The index is a cache: garbage in it, or no index at all, gives the same episodes and
    a whole index again after the next feed."""
    expected = [e.guid for e in Show(show.output).episodes()]
    index = show.output / INDEX_NAME
    assert set(json.loads(index.read_text(encoding="utf-8"))["records"]) == {
        Path(episode_files(e).record).name for e in Show(show.output).episodes()
    }
    index.write_text("{not json", encoding="utf-8")
    assert [e.guid for e in Show(show.output).episodes()] == expected
    index.unlink()
    pipeline.write_feed(show)
    assert [e.guid for e in Show(show.output).episodes()] == expected
    assert len(json.loads(index.read_text(encoding="utf-8"))["records"]) == 3


def test_the_index_is_never_published(show) -> None:  # type: ignore[no-untyped-def]
    """.index.json is a dot-file: publishing collects every public file but it."""
    from briefcast.publish import publish

    keys = {f.key for f in publish.collect(show)}
    assert "feed.xml" in keys
    assert not any(INDEX_NAME in key for key in keys)


def test_a_file_changed_since_its_check_is_checked_again(show) -> None:  # type: ignore[no-untyped-def]
    """The build's check of its new feed skips only files unchanged since they passed: a
    transcript broken behind the index's back is found by the next feed, which leaves that
    episode out (the rest of the show goes on); put right, the episode is listed again."""
    pipeline.write_feed(show)  # every file has passed its check once
    newest = Show(show.output).episodes()[0]
    vtt = show.output / episode_files(newest).vtt
    good = vtt.read_text(encoding="utf-8")
    vtt.write_text("WEBVTT\n\nthis is not a cue\n", encoding="utf-8")
    pipeline.write_feed(show)
    assert newest.guid.encode() not in (show.output / "feed.xml").read_bytes()
    vtt.write_text(good, encoding="utf-8")
    pipeline.write_feed(show)
    assert newest.guid.encode() in (show.output / "feed.xml").read_bytes()
    checked = json.loads((show.output / INDEX_NAME).read_text(encoding="utf-8"))["checked"]
    assert episode_files(newest).vtt in checked


def test_numbers_count_every_episode_when_the_feed_lists_fewer(tmp_path: Path) -> None:
    """With more episodes stored than the feed lists, only the listed ones are decoded, but
    episode numbers still count every stored episode (podcastparser reads them)."""
    import podcastparser

    cfg = make_show(tmp_path, 4)
    cfg = replace(cfg, show=replace(cfg.show, number_episodes=True, max_episodes=2))
    pipeline.write_feed(cfg)
    with (cfg.output / "feed.xml").open("rb") as handle:
        parsed = podcastparser.parse(cfg.feed_url, handle)
    got = [(e["title"], e["number"]) for e in parsed["episodes"]]
    assert got == [("Story number 4", 4), ("Story number 3", 3)]
    # The show's page lists the same two.
    page = (cfg.output / "index.html").read_text(encoding="utf-8")
    assert "Story number 3" in page and "Story number 2" not in page


def test_the_index_keeps_summaries_not_whole_records(show) -> None:  # type: ignore[no-untyped-def]
    """What the index holds per record is what ordering and naming need (a few hundred
    bytes), so reading and rewriting it stays cheap however long the episodes are."""
    index = json.loads((show.output / INDEX_NAME).read_text(encoding="utf-8"))
    for name, held in index["records"].items():
        assert set(held) <= {
            "sig",
            "guid",
            "title",
            "date",
            "season",
            "file",
            "alternates",
            "rendered",
        }
        assert len(json.dumps(held)) < 400, name
    listing = Show(show.output).listing()
    assert [r.guid for r in listing] == [e.guid for e in Show(show.output).episodes()]


DEEP_JSON = "[" * 100_000 + "]" * 100_000


def test_deep_json_in_the_index_rates_and_covered_files_is_never_a_bug(show) -> None:  # type: ignore[no-untyped-def]
    """100,000 nested arrays in .index.json, speaking-rates.json or covered.json (each a
    RecursionError, "this is a bug", and with the index every command failed): the index is
    rebuilt from the records, the rates are measured again, and the covered-stories memory is
    one StoreError that says how to recover."""
    from briefcast.errors import StoreError
    from briefcast.show.covered import CoveredStories
    from briefcast.show.layout import COVERED_NAME, RATES_NAME
    from briefcast.show.rates import remembered_rate

    expected = [e.guid for e in Show(show.output).episodes()]
    (show.output / INDEX_NAME).write_text(DEEP_JSON, encoding="utf-8")
    assert [e.guid for e in Show(show.output).episodes()] == expected
    pipeline.write_feed(show)
    assert len(json.loads((show.output / INDEX_NAME).read_text(encoding="utf-8"))["records"]) == 3
    (show.output / RATES_NAME).write_text(DEEP_JSON, encoding="utf-8")
    assert remembered_rate(show.output, "tone:16cps") is None
    (show.output / COVERED_NAME).write_text(DEEP_JSON, encoding="utf-8")
    with pytest.raises(StoreError, match="delete it"):
        CoveredStories.load(show.output)


@pytest.mark.parametrize("bad", ["NaN", "Infinity", "-1.0", "0"])
def test_a_speaking_rate_that_is_not_a_positive_number_is_measured_again(
    tmp_path: Path, bad: str
) -> None:
    """NaN, infinity or a rate that is not positive in speaking-rates.json (NaN failed every
    build as "this is a bug") counts as no rate remembered."""
    from briefcast.show.layout import RATES_NAME
    from briefcast.show.rates import remembered_rate

    (tmp_path / RATES_NAME).write_text(
        json.dumps({"v": {"pause_seconds": 0.3, "sentence_overhead": 0.2}})[:-2]
        + f', "chars_per_second": {bad}}}}}',
        encoding="utf-8",
    )
    assert remembered_rate(tmp_path, "v") is None
