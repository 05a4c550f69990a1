"""Scripting: default titles that read as whole phrases, and the show's lines per language."""

from __future__ import annotations

from datetime import date

import pytest
from conftest import SAMPLE

from briefcast.models import Article, Section
from briefcast.read import read_article
from briefcast.script import TITLE_MAX_CHARS, build_script, episode_title, lead_title


def _article(*paragraphs: str, heading: str = "", title: str = "") -> Article:
    return Article(title, (Section(heading, paragraphs),), "story.txt")


LEADS = [
    ("The council voted on Tuesday night to close the library.",
     "The council voted on Tuesday night to close the library"),
    ("Practically every day for the last three years, Russian drones and missiles have hit "
     "Ukraine, striking power plants, hospitals, schools and homes.",
     "Practically every day for the last three years"),
    ("The harbour board voted on Tuesday night to dredge the main channel for the first time "
     "since 2011, ending years of complaints from fishermen.",
     "The harbour board voted on Tuesday night to dredge the main channel"),
    ("Officials in the northern province announced an ambitious programme of investment in "
     "rail lines and bus routes for the next decade.",
     "Officials in the northern province announced an ambitious programme"),
]


@pytest.mark.parametrize("sentence,title", LEADS, ids=[t[:30] for _, t in LEADS])
def test_lead_title_cuts_at_a_clause_boundary(sentence: str, title: str) -> None:
    """A long lead sentence is cut where a clause starts, never mid-phrase, without "…"."""
    got = lead_title(sentence)
    assert got == title
    assert len(got) <= TITLE_MAX_CHARS
    assert not got.endswith(("…", "...", ",", " of", " the"))


def test_first_heading_is_the_title_before_the_lead_sentence() -> None:
    """Without a headline, the first heading of the article names the episode."""
    article = Article("", (Section("", ("A lead sentence that is long enough.",)),
                           Section("The talks in Riyadh", ("Body.",))), "story.txt")
    assert episode_title([article], None) == "The talks in Riyadh"
    assert episode_title([_article("Short lead. Then more.")], None) == "Short lead"


def test_sample_without_title_has_no_fragment_in_title_or_intro() -> None:
    """The bundled sample, built without --title, never shows or reads an ellipsis."""
    article = read_article(str(SAMPLE))
    script = build_script([article], show_title="Briefcast", day=date(2026, 11, 28))
    intro = script.segments[0].text
    for text in (script.title, intro):
        assert "…" not in text and "..." not in text
    assert len(script.title) <= TITLE_MAX_CHARS
