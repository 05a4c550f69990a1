"""The semiotic classes of the speech normaliser: every example of issue 23, and unseen forms.

Each row is (written, spoken) for the default English (en-US) reading. The rows are grouped by
class; the issue's own examples come first in each group, then forms of the same class that no
rule was written for (a new form of a known class must need no new rule).
"""

from __future__ import annotations

from datetime import date

import pytest

from briefcast.models import Article, Section
from briefcast.scripting.script import build_script
from briefcast.scripting.speech import Speech, normalise
from briefcast.scripting.speech.catalogue import catalogue
from briefcast.scripting.speech.classes import Context, speak_classes, tokens

DATES = [
    ("july 25 2012", "July twenty-fifth, twenty twelve"),
    ("JAN 15 2020", "January fifteenth, twenty twenty"),
    ("jan. 15", "January fifteenth"),
    ("He was born on 19 June.", "He was born on the nineteenth of June."),
    ("25 jul 2012", "the twenty-fifth of July twenty twelve"),
    ("2016/07/03", "July third, twenty sixteen"),
    ("10/06/2005", "October sixth, two thousand five"),
    ("15-01-2020", "the fifteenth of January twenty twenty"),
    ("15.01.2020", "the fifteenth of January twenty twenty"),
    ("Jan-15-2020", "January fifteenth, twenty twenty"),
    ("11/17/05", "November seventeenth, oh five"),
    # Unseen forms of the class.
    ("on SEPTEMBER 9", "on September ninth"),
    ("due 3 Sept. 2024", "due the third of September twenty twenty-four"),
    ("2024.12.31", "December thirty-first, twenty twenty-four"),
    ("31/12/1999", "the thirty-first of December nineteen ninety-nine"),
    ("on 1-2 March", "on the first to second of March"),
    ("in august 1914", "in August nineteen fourteen"),
    ("the 4th of July", "the fourth of July"),
    ("He may 5 times try.", "He may 5 times try."),
]

YEARS = [
    ("2012", "twenty twelve"),
    ("a 2021 audit", "a twenty twenty-one audit"),
    ("Q3 2026 results", "Q3 twenty twenty-six results"),
    ("in FY2026", "in fiscal year twenty twenty-six"),
    ("rates rose 25bps", "rates rose 25 basis points"),
    # Unseen forms: a year before a noun, periods, and quantities that are no years.
    ("the 1922 compact", "the nineteen twenty-two compact"),
    ("its 2019 report", "its twenty nineteen report"),
    ("FY 2025", "fiscal year twenty twenty-five"),
    ("H1 2024 sales", "H1 twenty twenty-four sales"),
    ("a cut of 50 bps", "a cut of 50 basis points"),
    ("the 1500 troops", "the 1500 troops"),
    ("a crowd of 2020 fans", "a crowd of 2020 fans"),
    ("the 1960s-80s", "the nineteen sixties to eighties"),
    ("1980 s", "nineteen eighties"),
]

TIMES = [
    ("01:00", "one o'clock"),
    ("at 1 a.m.", "at one A.M."),
    ("1:01:01", "one hour, one minute and one second"),
    ("21:51", "twenty-one fifty-one"),
    ("at 3pmEST", "at three PM EST"),
    ("1:59 p.m. est", "one fifty-nine PM EST"),
    ("from 9am-5pm", "from nine A.M. to five PM"),
    ("Updated at 9.15am BST", "Updated at nine fifteen A.M. BST"),
    # Unseen forms.
    ("won in 2:03:45", "won in two hours, three minutes and forty-five seconds"),
    ("from 9-11am", "from 9 to eleven A.M."),
    ("at 7:05 PM PT", "at seven oh five PM PT"),
    ("by 06:30", "by six thirty"),
    ("at 00:00", "at midnight"),
    ("a ratio of 3:2", "a ratio of 3:2"),
]

MEASURES = [
    ("3 mbps", "3 megabits per second"),
    ("12kg/kg", "12 kilograms per kilogram"),
    ("100 million kg", "100 million kilograms"),
    ("12KG", "12 kilograms"),
    ("12kg", "12 kilograms"),
    ("a 200 m2 flat", "a 200-square-meter flat"),
    ("4 sq km", "4 square kilometers"),
    ("5 m³ of water", "5 cubic meters of water"),
    ("(Ml/d)", "(megaliters per day)"),
    # Unseen forms.
    ("a 40 Gbps link", "a 40-gigabit per second link"),
    ("20KM", "20 kilometers"),
    ("2-5lb", "2 to 5 pounds"),
    (
        "1980-1970 kg",
        "one thousand nine hundred eighty to one thousand nine hundred seventy kilograms",
    ),
    ("400 Ml/d", "400 megaliters per day"),
    ("a 3.5 GHz chip", "a 3.5-gigahertz chip"),
    ("1 kg of rice", "1 kilogram of rice"),
    ("40 in total", "40 in total"),
]

MONEY = [
    ("$26/month", "26 dollars per month"),
    ("$0.5/hr", "50 cents per hour"),
    ("$20/mo", "20 dollars per month"),
    ("$.01", "1 cent"),
    ("¥30B", "30 billion yen"),
    ("$50.00-$100.00", "50 dollars to 100 dollars"),
    ("$150.25-$250.67", "150 dollars 25 cents to 250 dollars 67 cents"),
    ("4m homes", "4 million homes"),
    ("1.6m people", "1.6 million people"),
    ("£1.6m", "1.6 million pounds"),
    ("Sales rose to 1.6m.", "Sales rose to 1.6 million."),
    ("Waves reached 1.6m.", "Waves reached 1.6m."),
    # Unseen forms.
    ("£10/wk", "10 pounds per week"),
    ("€3bn", "3 billion euros"),
    ("$5K bonus", "five-thousand-dollar bonus"),
    ("a 5m budget", "a 5m budget"),
    ("₦500 fee", "500-naira fee"),
]

TELEPHONE = [
    ("(123)-123-5678", "one two three, one two three, five six seven eight"),
    ("+1(123) 123-5678", "plus one, one two three, one two three, five six seven eight"),
    ("111-11-1111", "one one one, one one, one one one one"),
    ("1-800-GO-U-HAUL", "one, eight zero zero, GO U HAUL"),
    ("0800 123 4567", "zero eight zero zero, one two three, four five six seven"),
    (
        "call 555-123-4567 ext. 12",
        "call five five five, one two three, four five six seven, extension one two",
    ),
    (
        "IP address is 123.123.0.40",
        "IP address is one two three dot one two three dot zero dot four zero",
    ),
    # Unseen forms.
    ("(555)555-5555", "five five five, five five five, five five five five"),
    ("call 020 7946 0958", "call zero two zero, seven nine four six, zero nine five eight"),
    ("+33 1 42 68 53 00", "plus three three, one, four two, six eight, five three, zero zero"),
]

SYMBOLS = [
    ("1/4th", "one quarter"),
    ("1/3RD", "one third"),
    ("31/32", "thirty-one thirty-seconds"),
    ("a .5 rise", "a point five rise"),
    ("fell .5 percent", "fell point five percent"),
    ("2*8", "2 times 8"),
    ("1-2=5", "1 minus 2 equals 5"),
    ("upgrade/update", "upgrade/update"),
    ("a 401(k) plan", "a four oh one K plan"),
    # Unseen forms.
    ("a 403(b) account", "a four oh three B account"),
    ("1-413-te-b-1-5", "1 413-te-b-1 5"),
    ("the A320-200 jet", "the A320 200 jet"),
    ("a 5-7-year-old", "a 5 to 7-year-old"),
    ("a 3-4-day trip", "a 3 to 4-day trip"),
    ("a 501(c)(3) group", "a five oh one C three group"),
    ("3 5/2", "three and five halves"),
    ("1/10th of it", "one tenth of it"),
    ("there -0.4kg", "there minus 0.4 kilograms"),
    ("a Reuters/Ipsos poll", "a Reuters Ipsos poll"),
]

ABBREVIATIONS = [
    ("Mon.", "Monday."),
    ("on Mon. the council met", "on Monday the council met"),
    ("the U.S. Army", "the U S Army"),
    ("for Tu (2/22) at 5 pm.", "for Tuesday (two twenty-seconds) at five PM."),
    # Unseen forms.
    ("Thurs., Jan. 5", "Thursday, January fifth"),
    ("in the U.K. Parliament", "in the UK Parliament"),
    ("He writes for the Sun.", "He writes for the Sun."),
    ("PART XL", "PART Forty"),
]

ADDRESSES = [
    ("Nancy lived on 1428 Elm St.", "Nancy lived on fourteen twenty-eight Elm Street."),
    ("1211 E Arques Ave", "twelve eleven East Arques Avenue"),
    ("123 Laguna Ct, Town", "one twenty-three Laguna Court, Town"),
    # Unseen forms.
    ("at 350 Fifth Ave.", "at three fifty Fifth Avenue."),
    ("10 Downing St is", "ten Downing Street is"),
]

ELECTRONIC = [
    ("a@hotmail.it", "eh at hotmail dot I T"),
    ("write to a.bc@gmail.com", "write to eh dot bc at gmail dot com"),
    ("see https://www.npr.org/2025/02/24/story.", "see npr dot org."),
    # Unseen forms.
    ("tips@lemonde.fr", "tips at lemonde dot F R"),
    ("x_y-1@mail.example.org", "X underscore Y dash 1 at mail dot example dot org"),
]

ALL = DATES + YEARS + TIMES + MEASURES + MONEY + TELEPHONE + SYMBOLS + ABBREVIATIONS + ADDRESSES
ALL += ELECTRONIC


@pytest.mark.parametrize("written,spoken", ALL, ids=[c[0][:40] for c in ALL])
def test_each_class_is_said_as_a_newsreader_says_it(written: str, spoken: str) -> None:
    """Every form of every class, the issue's and unseen ones, is said in the expected words."""
    assert normalise(written) == spoken


def test_no_class_writes_am_the_engine_reads_as_the_word_am() -> None:
    """ "1 a.m." never becomes "AM", which Piper reads as the word "am", at any position."""
    for written in ("1 a.m.", "at 1 a.m. on Monday", "at 10am.", "01:00 am", "at 6AM today"):
        spoken = normalise(written)
        assert " AM" not in spoken.replace("A.M.", ""), spoken
        assert "A.M." in spoken


@pytest.mark.parametrize(
    "language,written,spoken",
    [
        ("en-US", "3/4/2025", "March fourth, twenty twenty-five"),
        ("en-GB", "3/4/2025", "the third of April twenty twenty-five"),
        ("en", "3/4/2025", "March fourth, twenty twenty-five"),
        ("en-AU", "3/4/2025", "the third of April twenty twenty-five"),
        # A part above 12 decides whatever the locale.
        ("en-US", "25/12/2024", "the twenty-fifth of December twenty twenty-four"),
        ("en-GB", "12/25/2024", "December twenty-fifth, twenty twenty-four"),
    ],
)
def test_numeric_dates_follow_the_locale_unless_a_part_decides(
    language: str, written: str, spoken: str
) -> None:
    """en-US reads 3/4/2025 as March 4, en-GB as 3 April; a part above 12 is the day."""
    assert normalise(written, language) == spoken


def test_unit_words_are_spelled_for_the_locale() -> None:
    """en-US (and a bare "en") says "kilometers", en-GB "kilometres": the American voice
    reads each as its speakers say it."""
    assert normalise("a 10 km race", "en-US") == "a 10-kilometer race"
    assert normalise("a 10 km race", "en-GB") == "a 10-kilometre race"
    assert normalise("500 ml", "en-AU") == "500 millilitres"


def test_markup_for_the_engine_is_left_as_written() -> None:
    """Inline markup ("<pitch=-.3>") is not read as numbers."""
    assert speak_classes("<pitch=-.3>123 123</pitch>") == "<pitch=-.3>123 123</pitch>"


def test_without_a_confident_class_the_text_stays_as_written() -> None:
    """Forms no class is sure of are left for the engine: codes, scores, odd slashes."""
    for written in ("1/2007", "5/2", "a 5m budget", "a ratio of 3:2", "the F-35 jet", "A321sam"):
        assert speak_classes(written) == written


def test_tokens_name_their_class() -> None:
    """The tokenizer reports each span with its class, the longest candidate winning."""
    found = tokens("On 15-01-2020 at 3pm, call (555) 123-4567 about $5m.", Context())
    assert [t.kind.name for t in found] == ["date", "time", "telephone", "money"]


def test_classes_that_need_a_digit_are_skipped_only_without_one() -> None:
    """A sentence without a digit is read as if every class had been tried: the classes whose
    every match holds a digit are skipped, and the others (URLs, e-mail, spelled dates) still
    apply."""
    from briefcast.scripting.speech.classes import CLASSES

    needing = {c.name for c in CLASSES if c.pattern.needs_digit}
    assert {"money", "telephone", "cardinal"} <= needing
    assert not all(c.pattern.needs_digit for c in CLASSES if c.name == "electronic")
    assert "example.com" not in speak_classes("Write to news@example.com today.")
    assert speak_classes("It cost $5m.") != "It cost $5m."


def test_the_catalogue_is_data() -> None:
    """Units, rates, magnitudes, months and weekdays come from the shipped catalogue."""
    cat = catalogue()
    assert cat.unit("KG") is not None and cat.unit("KG").many == "kilograms"
    assert cat.rate("mo") == "month" and cat.rate("kg") == "kilogram"
    assert cat.month("SEPT.") == "September"
    assert cat.weekdays["thurs"] == "Thursday"
    assert cat.magnitudes["bn"] == "billion"


def test_a_headline_and_the_body_say_an_amount_with_the_same_grammar() -> None:
    """The title in the intro and the body read "a $1.2 billion flood wall" alike."""
    article = Article(
        "Congress approves $1.2 billion flood wall",
        (Section("", ("The city will build a $1.2 billion flood wall by 2030.",)),),
        "story.txt",
    )
    script = build_script([article], show_title="Briefcast", day=date(2026, 12, 6))
    intro = " ".join(script.segments[0].paragraphs[0].sentences)
    body = " ".join(script.segments[1].paragraphs[0].sentences)
    assert "1.2-billion-dollar flood wall" in intro
    assert "1.2-billion-dollar flood wall" in body
    assert "twenty thirty" in body


def test_show_lines_go_through_the_same_normaliser() -> None:
    """A briefing's or an episode's own lines are normalised like the body (no "AM")."""
    speech = Speech()
    assert speech.say("Updated at 9.15am BST") == "Updated at nine fifteen A.M. BST"


def test_an_amount_without_a_whole_part_is_read_in_cents() -> None:
    """ "$.50" (no digit before the point, as price lists write it) is cents, before a noun
    too, where it used to stop the script with a crash ("a $.50 fee")."""
    assert normalise("a $.50 fee") == "a fifty-cent fee"
    assert normalise("a $0.99 app") == "a ninety-nine-cent app"
    assert normalise("It cost $.02.") == "It cost 2 cents."
    assert normalise("$.01 each") == "1 cent each"
