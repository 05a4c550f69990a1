"""Sentence splitting (script.split_sentences): sentences end where a reader would stop."""

from __future__ import annotations

import pytest

from briefcast.scripting.script import split_sentences


@pytest.mark.parametrize(
    "text, sentences",
    [
        (
            "The bus was gone by 7 p.m. Last spring the city cut the route.",
            ("The bus was gone by 7 p.m.", "Last spring the city cut the route."),
        ),
        (
            "Trains start at 6 a.m. Riders say they are often late.",
            ("Trains start at 6 a.m.", "Riders say they are often late."),
        ),
        (
            "It happened in the U.S. The rest of the world watched.",
            ("It happened in the U.S.", "The rest of the world watched."),
        ),
        (
            "He lives on Downing St. The house is old.",
            ("He lives on Downing St.", "The house is old."),
        ),
        (
            "They bought pens, paper, etc. The bill was small.",
            ("They bought pens, paper, etc.", "The bill was small."),
        ),
    ],
)
def test_an_abbreviation_ends_a_sentence_when_the_next_word_starts_one(
    text: str, sentences: tuple[str, ...]
) -> None:
    """ "7 p.m. Last spring" and "6 a.m. Riders" are two sentences each, like any other end."""
    assert split_sentences(text) == sentences


@pytest.mark.parametrize(
    "text",
    [
        "Mr. Smith met U.S. forces at No. 10 Downing St. on Monday.",
        "Dr. Jones and Gov. Newsom spoke with Sen. Padilla about fires.",
        "The meeting starts at 7 p.m. Eastern time on Friday.",
        "The call is at 9 a.m. ET with analysts.",
        "They used the W.M. Keck Observatory and J. R. R. Tolkien's maps.",
        "Some cities, e.g. Paris, ban cars on Sundays.",
        "2. Avoid skipping meals",
    ],
)
def test_an_abbreviation_before_a_name_or_number_does_not_end_a_sentence(text: str) -> None:
    """ "Mr. Smith", "U.S. forces", "No. 10 Downing St." and "7 p.m. Eastern" stay whole."""
    assert split_sentences(text) == (text,)
