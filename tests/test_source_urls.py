"""Source addresses that are no web address are dropped where they enter (issue 24, finding 3).

A front-matter ``source_url`` without its scheme, a ``javascript:`` address or a news feed
entry whose ``<link>`` is relative once made a stored episode whose chapter link the feed check
refused, so that every later build of the show failed. Now such an address is left out, with
one warning, when it is read; and a show that already stores one is not blocked: the link is
left out of what the feed names.
"""

from __future__ import annotations

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
    warnings,
    write_record,
)

from briefcast import textsafe


@pytest.fixture
def show(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty show voiced by the tone voice."""
    use_tone_voice(monkeypatch)
    return new_show(tmp_path / "show")


def test_web_address_takes_only_absolute_http_addresses() -> None:
    """http(s) with a host passes; no scheme, other schemes, relative paths and spaces do not."""
    assert textsafe.web_address(" https://news.example/a?b=1 ") == "https://news.example/a?b=1"
    for bad in (
        "www.citynews.example/council-vote",
        "javascript:alert(1)",
        "/news/council-vote",
        "ftp://news.example/a",
        "http:///nohost",
        "https://news.example/a b",
        "data:text/html,hi",
    ):
        assert textsafe.web_address(bad) == "", bad


@pytest.mark.parametrize(
    "address", ["www.citynews.example/council-vote", "javascript:alert(document.cookie)"]
)
def test_a_front_matter_address_without_http_is_dropped_with_one_warning(
    show: Path, address: str
) -> None:
    """The episode builds, one warning names the address, the stored record and chapters
    carry no link, and the next build of another article works."""
    story = show / "vote.md"
    story.write_text(article("Council vote", "council", url=address), encoding="utf-8")
    result = ok(run(show, "build", str(story)))
    named = [w for w in warnings(result) if address in w]
    assert len(named) == 1, result.stderr
    data = read_record(records(show)[0])
    assert all(seg.get("url", "") == "" for seg in data["segments"])
    assert address not in (show / "feed" / "feed.xml").read_text(encoding="utf-8")
    (show / "other.md").write_text(article("Other story", "harbour"), encoding="utf-8")
    ok(run(show, "build", str(show / "other.md")))
    assert_valid_show(show, items=2)


def test_a_relative_feed_entry_link_is_dropped_and_the_briefing_builds(show: Path) -> None:
    """A news feed file whose entries link to relative paths: the briefing is read from the
    summaries, each link is named in a warning and left out, and later builds work."""
    items = "".join(
        f"<item><title>Story {n}</title><link>/news/story-{n}</link>"
        f"<description>The council met on day {n} and voted on the harbour plan. "
        f"Members argued for an hour before the vote.</description></item>"
        for n in (1, 2)
    )
    news = show / "news.rss"
    news.write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>City</title>'
        f"<link>https://city.example/</link><description>d</description>{items}"
        f"</channel></rss>",
        encoding="utf-8",
    )
    result = ok(run(show, "briefing", str(news)))
    assert len([w for w in warnings(result) if "/news/story-1" in w]) == 1, result.stderr
    for seg in read_record(records(show)[0])["segments"]:
        assert seg.get("url", "") in ("",) or seg["url"].startswith("https://"), seg
    (show / "other.md").write_text(article("Other story", "harbour"), encoding="utf-8")
    ok(run(show, "build", str(show / "other.md")))
    assert_valid_show(show, items=2)


def test_a_stored_record_with_a_bad_link_does_not_block_the_show(show: Path) -> None:
    """A record stored by an older version with a chapter link and a source that are no web
    address: ``feed`` and the next build work, the feed is valid and names no such link."""
    (show / "a.md").write_text(article("Harbour plan", "harbour"), encoding="utf-8")
    ok(run(show, "build", str(show / "a.md")))
    record = records(show)[0]
    data = read_record(record)
    for seg in data["segments"]:
        seg["url"] = "www.citynews.example/council-vote"
    data["sources"] = ["javascript:alert(1)"]
    write_record(record, data)
    ok(run(show, "feed"))
    (show / "b.md").write_text(article("Rail plan", "rail"), encoding="utf-8")
    ok(run(show, "build", str(show / "b.md")))
    assert_valid_show(show, items=2)
    out = show / "feed"
    for name in ["feed.xml", *(p.name for p in out.glob("episodes/*.chapters.json"))]:
        path = out / name if (out / name).exists() else out / "episodes" / name
        text = path.read_text(encoding="utf-8")
        assert "citynews" not in text and "javascript:" not in text, name
