"""Show notes worth reading (issue 25): the description is the lead's first whole sentences,
a dateline read properly (initials such as "N.H." kept), a paragraph that is only a place or
a date passed over; the sources are linked and the article's date and author given."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import feedparser

from briefcast import pipeline
from briefcast.config import Config
from briefcast.models import Article, Section
from briefcast.reading.clean import soften_dateline
from briefcast.scripting.script import SUMMARY_LIMIT, summary

LEAD = (
    "PORTSMOUTH, N.H. — The harbour wall was repaired in time for the winter storms, the "
    "council said on Friday. Crews from three towns worked on it for six months. The U.S. "
    "Army Corps of Engineers paid for a third of it. Dr. Smith, who led the work, said more "
    "is needed. The next phase starts in spring."
)


def article(*paragraphs: str) -> Article:
    """An article of one untitled section."""
    return Article("Wall", (Section("", paragraphs),), "wall.txt")


def test_dateline_keeps_initials() -> None:
    """A shouted dateline is softened but initials stay as written: "Portsmouth, N.H."."""
    assert soften_dateline(LEAD).startswith("Portsmouth, N.H. The harbour wall")
    assert (
        soften_dateline("WASHINGTON, D.C. (AP) — Talks began.") == "Washington, D.C. Talks began."
    )
    assert soften_dateline("KYIV, TBILISI AND PARIS — Talks.") == "Kyiv, Tbilisi and Paris. Talks."


def test_summary_is_the_leads_first_whole_sentences() -> None:
    """The summary is whole sentences from the start of the lead, about 200 characters,
    abbreviations kept ("U.S.", "Dr."), never cut in the middle of a sentence."""
    text = summary(article(soften_dateline(LEAD), "Second paragraph, not in the summary."))
    assert text.startswith("Portsmouth, N.H. The harbour wall was repaired")
    assert text.endswith(".") and 200 <= len(text) <= SUMMARY_LIMIT
    assert "U.S. Army" in text and "Second paragraph" not in text
    assert "The next phase" not in text


def test_a_place_or_date_line_is_passed_over() -> None:
    """A first paragraph that is only a place and a date ("Manchester, 3 March 2025", as a
    press release's PDF has) is not the summary; the lead after it is."""
    text = summary(article("Manchester, 3 March 2025", "The council approved the budget."))
    assert text == "The council approved the budget."


def test_feed_description_has_summary_date_and_author(tone_config: Config, tmp_path: Path) -> None:
    """The feed item's description is the summary, then the article's date and author; the
    show notes (content:encoded) link the source."""
    path = tmp_path / "wall.md"
    path.write_text(
        "---\ntitle: Wall\nauthor: Jane Doe\ndate: 2025-03-14\n"
        "source_url: https://news.example/wall\n---\n\n" + LEAD + "\n",
        encoding="utf-8",
    )
    pipeline.build([str(path)], tone_config, now=datetime(2026, 12, 6, tzinfo=UTC))
    entry = feedparser.parse(str(tone_config.output / "feed.xml")).entries[0]
    assert entry.description.startswith("Portsmouth, N.H. The harbour wall")
    assert "Published 14 March 2025 · Written by Jane Doe." in entry.description
    notes = entry.content[0].value
    assert '<a href="https://news.example/wall">' in notes
