"""The speech normaliser: written forms in, the words a newsreader would say out.

Table-driven: each row is (written, spoken). Rows where nothing should change are as important
as the others: the normaliser must never change what a sentence means.
"""

from __future__ import annotations

import pytest

from briefcast.speech import cardinal, normalise, ordinal

CASES = [
    # Dates: month abbreviations, as in the sample.
    ("Sumy residents wait, Jan. 30.", "Sumy residents wait, January 30."),
    ("killed since Feb. 24, 2022.", "killed since February 24, 2022."),
    ("the talks on Feb. 17, as a step", "the talks on February 17, as a step"),
    ("in Sumy, Jan 30.", "in Sumy, January 30."),
    ("the Sept. 11 attacks", "the September 11 attacks"),
    ("the 2022-02-24 invasion", "the February 24, 2022 invasion"),
    ("a meeting in May 2024", "a meeting in May 2024"),
    # Money.
    ("more than $360 billion to deter", "more than 360 billion dollars to deter"),
    ("it costs $5", "it costs 5 dollars"),
    ("a $1 coin", "a 1 dollar coin"),
    ("a $3.50 coffee", "a 3 dollars 50 cents coffee"),
    ("US$2 million in aid", "2 million US dollars in aid"),
    ("a €5m fund", "a 5 million euros fund"),
    ("a £2bn deal", "a 2 billion pounds deal"),
    ("a £3.50 ticket", "a 3 pounds 50 pence ticket"),
    ("from €69 for a seat", "from 69 euros for a seat"),
    ("a $10k bonus", "a 10 thousand dollars bonus"),
    ("$1,200 in rent", "1,200 dollars in rent"),
    ("about $45, and a grove", "about 45 dollars, and a grove"),
    # Percentages.
    ("has a 63% approval ranking", "has a 63 percent approval ranking"),
    ("holds round 20% of Ukrainian territory", "holds round 20 percent of Ukrainian territory"),
    ("fell 0.4% to $1.24", "fell 0.4 percent to 1 dollar 24 cents"),
    # Numbers and ordinals.
    ("the No. 1 priority", "the number 1 priority"),
    ("Nos. 3 and 4", "numbers 3 and 4"),
    ("a #1 hit", "a number 1 hit"),
    ("No. It is not.", "No. It is not."),
    ("the 21st century", "the twenty-first century"),
    ("on June 3rd", "on June third"),
    ("the 2nd year", "the second year"),
    ("the 112th Congress", "the one hundred twelfth Congress"),
    ("1000’s of civilians have been killed", "Thousands of civilians have been killed"),
    ("a 63-year-old customs official", "a 63-year-old customs official"),
    ("from 2010–2015", "from 2010 to 2015"),
    ("a score of 3-2", "a score of 3-2"),
    ("3+4=7", "3 plus 4 equals 7"),
    ("about ~40 people", "about 40 people"),
    # Abbreviations and titles.
    ("U.S. policy", "U S policy"),
    ("the U.K. and the E.U.", "the U K and the E U."),
    ("a shift in U.S. coverage.", "a shift in U S coverage."),
    ("Dr. Helen Price said", "Doctor Helen Price said"),
    ("Mr. Smith and Mrs. Jones", "Mister Smith and Missus Jones"),
    ("St. Petersburg", "Saint Petersburg"),
    ("Gen. Mark Milley", "General Mark Milley"),
    ("tools, e.g. drills", "tools, for example drills"),
    ("drills, saws, etc.", "drills, saws, et cetera."),
    ("Trump vs. Biden", "Trump versus Biden"),
    ("Boulder City, Nev., on Monday", "Boulder City, Nevada, on Monday"),
    ("in Reno, Nev. The", "in Reno, Nevada. The"),
    # Times.
    ("at 5 p.m. on Monday", "at 5 PM on Monday"),
    ("At 7.52pm the train leaves", "At 7:52 PM the train leaves"),
    ("opens at 10am.", "opens at 10 AM."),
    # Addresses.
    ("see https://www.npr.org/2025/02/24/story.", "see npr dot org."),
    ("at www.example.com/page today", "at example dot com today"),
    ("email tips@npr.org today", "email tips at npr dot org today"),
    # Symbols, quotes and dashes.
    ("AT&T and Verizon", "AT&T and Verizon"),
    ("the S&P 500", "the S&P 500"),
    ("fish & chips", "fish and chips"),
    ("rock & roll", "rock and roll"),
    ("“That is a part of our life,” he says.", '"That is a part of our life," he says.'),
    ("on Russia’s terms", "on Russia's terms"),
    ("quickly — and he’s acting on them.", "quickly, and he's acting on them."),
    ("yes — no.", "yes, no."),
    ("cash and/or cards", "cash and or cards"),
    ("24/7 news", "twenty-four seven news"),
    ("a Reuters/Ipsos poll", "a Reuters Ipsos poll"),
    ("wait… what", "wait... what"),
    ("30°C heat", "30 degrees Celsius heat"),
    ("5 km away", "5 kilometres away"),
    # Plain sentences pass through untouched.
    ("It is their worst nightmare.", "It is their worst nightmare."),
    ("The contours of a negotiated peace are anybody's guess.",
     "The contours of a negotiated peace are anybody's guess."),
]


def test_table_has_at_least_forty_cases() -> None:
    """The table is big enough to mean something (the issue asks for 40 or more)."""
    assert len(CASES) >= 40


@pytest.mark.parametrize("written,spoken", CASES, ids=[c[0][:40] for c in CASES])
def test_normalise(written: str, spoken: str) -> None:
    """Each written form is read as the words it stands for, and nothing else changes."""
    assert normalise(written) == spoken


def test_normalise_is_idempotent_on_the_table() -> None:
    """Normalising spoken text again changes nothing: rules never re-fire on their output."""
    for _, spoken in CASES:
        assert normalise(spoken) == spoken


def test_other_languages_get_only_neutral_rules() -> None:
    """French text keeps its own numbers and abbreviations; only typography and URLs change."""
    text = "Le prix varie de 39 à 120 € — selon « la saison », voir https://www.sncf.com/fr."
    assert normalise(text, "fr") == ('Le prix varie de 39 à 120 €, selon "la saison", voir '
                                     "sncf point com.")


@pytest.mark.parametrize("n,words", [(0, "zero"), (21, "twenty-one"), (100, "one hundred"),
                                     (1205, "one thousand two hundred five")])
def test_cardinal(n: int, words: str) -> None:
    """Cardinal numbers in words."""
    assert cardinal(n) == words


@pytest.mark.parametrize("n,words", [(1, "first"), (2, "second"), (3, "third"), (12, "twelfth"),
                                     (20, "twentieth"), (22, "twenty-second"),
                                     (100, "one hundredth")])
def test_ordinal(n: int, words: str) -> None:
    """Ordinal numbers in words, including the irregular ones."""
    assert ordinal(n) == words
