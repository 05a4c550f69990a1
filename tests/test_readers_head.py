"""The head of a pasted article: headline as title, standfirst kept, bylines, stamps, reading
times and share counts removed, the author, date and place kept for the record."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from conftest import SAMPLE

from briefcast.reading.read import read_article
from briefcast.reading.readers.head import byline_name, is_byline, is_headline, read_head
from briefcast.reading.readers.text import parse_plain
from briefcast.scripting.script import build_script

BODY = (
    "The harbour board voted on Tuesday night to build a tidal power plant at the mouth of the "
    "estuary, ending a two-year argument over who should pay for it and where it should go."
)
MORE = (
    "Engineers have measured the currents in the estuary since 2019 and found them strong "
    "enough for a commercial plant that would run for most of the year, the board said."
)


def _read(*head: str) -> tuple[str, list[str], object]:
    """Title, paragraphs and article of a paste made of ``head`` lines over two body lines."""
    article = parse_plain("\n".join([*head, "", BODY, "", MORE]), "paste.txt")
    return article.title, [p for s in article.sections for p in s.paragraphs], article


def test_headline_is_never_glued_to_the_byline_under_it() -> None:
    """A headline over "Name - date, time" is the title; the byline line is not read."""
    title, paragraphs, article = _read(
        "Harbour towns bet on tidal power to cut their bills",
        "Chris Davies - Nov 19, 2019, 10:31 pm CST",
        "0",
    )
    assert title == "Harbour towns bet on tidal power to cut their bills"
    assert paragraphs == [BODY, MORE]
    assert article.byline == "Chris Davies"  # type: ignore[attr-defined]
    assert article.date == datetime(2019, 11, 19, tzinfo=UTC)  # type: ignore[attr-defined]


def test_a_headline_ending_with_a_period_or_running_long_is_the_title() -> None:
    """A headline in headline capitals that ends with a period, and one of 24 words, are
    titles; the stamp line under each is removed."""
    headline = "Home Depot Stock Is Falling After Its Earnings Release. Why You Shouldn’t Worry."
    title, paragraphs, _ = _read(
        headline, "By Al Root Updated Nov. 19, 2019 8:21 am ET / Original Nov. 19, 2019 8:02 am ET"
    )
    assert title == headline and paragraphs == [BODY, MORE]
    long = (
        "‘He died in my hands’: 3 pro-Morales demonstrators killed in clashes with Bolivia’s "
        "police & soldiers near barricaded fuel plant"
    )
    title, paragraphs, _ = _read(long, "20 Nov, 2019 05:47")
    assert title == long and paragraphs == [BODY, MORE]


def test_head_furniture_goes_and_the_standfirst_stays() -> None:
    """Byline, handle, stamp with a reading time, share count and share buttons go; the
    standfirst between headline and byline is kept as the first paragraph."""
    standfirst = "One member of the defence did not hold back when asked about the fight"
    title, paragraphs, article = _read(
        "Browns player on the fight: He asked for it",
        standfirst,
        "by Bryan DeArdo",
        "@BryanDeArdo",
        "Nov 18, 2019 at 9:24 pm ET • 2 min read",
        "195Shares",
        "Share Tweet Submit",
    )
    assert title == "Browns player on the fight: He asked for it"
    assert paragraphs == [standfirst, BODY, MORE]
    assert article.byline == "Bryan DeArdo"  # type: ignore[attr-defined]


def test_a_long_standfirst_with_the_byline_under_it_is_still_the_head() -> None:
    """A standfirst of body length with the date and byline, then category labels, under it:
    the furniture goes (the date kept for the record), the standfirst stays."""
    standfirst = (
        "The board has a plan to bring the cost of tidal power down by half by 2030, and it "
        "wants the town and the port to share the bill for the first turbines in the estuary."
    )
    title, paragraphs, article = _read(
        "The harbour's road to cheaper tidal power",
        "",
        standfirst,
        "",
        "November 20, 2019 Emma Bell",
        "Markets",
        "Policy",
        "Tidal power",
    )
    assert title == "The harbour's road to cheaper tidal power"
    assert paragraphs == [standfirst, BODY, MORE]
    assert article.date == datetime(2019, 11, 20, tzinfo=UTC)  # type: ignore[attr-defined]


def test_a_headline_right_above_a_longer_standfirst_is_not_joined_to_it() -> None:
    """No blank line between a headline of 85 characters and the longer standfirst under it:
    a line wrapper never writes a line past its width, so the two are not one paragraph."""
    headline = "The Wild Story of How the Harbour Board Wrote the Best Tidal Power Plan of the Year"
    standfirst = (
        "The board's chair went into hospital for a routine operation in 2009. Hours later she "
        "woke up with a plan for the estuary, and the town has argued about it ever since."
    )
    title, paragraphs, _ = _read(f"{headline}\n{standfirst}")
    assert title == headline
    assert paragraphs == [standfirst, BODY, MORE]


def test_icon_names_copied_with_the_text_are_not_read() -> None:
    """An icon font's names ("chevron_left", "arrow_forward") copied under a headline are no
    part of it, and a code name of the same shape in the body stays."""
    title, paragraphs, _ = _read("New chief for the harbour board", "chevron_left Browse All Posts")
    assert title == "New chief for the harbour board"
    assert all("chevron" not in p and "Browse" not in p for p in paragraphs)
    text = parse_plain(f"Harbour data\n\n{BODY} The field is called tide_height.", "p.txt")
    assert "tide_height" in text.sections[0].paragraphs[0]


def test_place_comes_from_the_head_or_the_dateline() -> None:
    """ "Reuters, Washington," in the head, or a shouted dateline, gives the place."""
    _, _, article = _read("Beijing tariff demands may expand trade deal", "Reuters, Washington,")
    assert article.place == "Washington"  # type: ignore[attr-defined]
    pasted = "Flooded farmers count losses\n\nVALENCIA, Spain (AP) — " + BODY
    assert parse_plain(pasted, "p.txt").place == "Valencia, Spain"


@pytest.mark.parametrize(
    "line,name",
    [
        ("By ANA LOPEZ and PETER HOLM Associated Press", "Ana Lopez and Peter Holm"),
        ("Gwyn Topham Transport correspondent", "Gwyn Topham"),
        ("By Jason Cipriani | November 18, 2019 -- 19:14 GMT | Topic: Hardware", "Jason Cipriani"),
        ("BY KASHMIRA GANDER ON 11/13/19 AT 4:00 PM EST", "Kashmira Gander"),
        ("Steve Peoples, Ap National Political Writer", "Steve Peoples"),
    ],
)
def test_bylines_and_their_names(line: str, name: str) -> None:
    """Bylines in each common shape are recognised and give the author's name."""
    assert is_byline(line)
    assert byline_name(line) == name


def test_a_first_line_of_body_text_is_no_headline() -> None:
    """A paste that starts with the story has no title; sentences are not bylines."""
    assert not is_headline(BODY, [MORE])
    assert not is_headline("It passed by one vote. The board then left.", [MORE])
    assert not is_byline("By noon the harbour was full of boats and the quay was closed.")
    head = read_head([BODY, "", MORE])
    assert head.title == "" and head.lines == [BODY, "", MORE]


def test_the_sample_is_titled_by_its_lead_and_has_six_different_chapters() -> None:
    """The bundled sample has no headline: its title is its lead sentence's main clause (the
    scene-setting "Practically day-after-day for the final three years" passed over, the list
    after it cut), not its first section heading, and its six chapters have six names."""
    article = read_article(str(SAMPLE))
    assert article.title == ""
    assert article.place == "Kyiv, Tbilisi and Paris"
    script = build_script([article], show_title="Show", day=date(2025, 3, 1))
    headings = {s.title for s in article.sections if s.title}
    assert script.title not in headings
    assert script.title == "Russian drones and missiles have hit Ukraine"
    chapters = [s.title for s in script.segments if s.kind == "section"]
    assert len(chapters) == 6 and len(set(chapters)) == 6


def test_without_a_headline_the_title_is_never_a_stamp_or_a_credit() -> None:
    """A paste that opens with a time stamp or a photo credit has no headline: neither becomes
    the title, and the episode is named by the lead sentence."""
    for first in ("Updated at 9.15am BST", "Kim Shiflett/NASA", "Nov 18, 2019 at 9:24 pm ET"):
        article = parse_plain("\n".join([first, "", BODY, "", MORE]), "paste.txt")
        assert article.title == "", first
        script = build_script([article], show_title="Show", day=date(2025, 3, 1))
        assert script.title.startswith("The harbour board voted"), first


def test_unspaced_scripts_are_counted_by_their_characters() -> None:
    """Japanese has no spaces: a long first sentence ending in "。" is no headline, and the short
    lines of a paragraph that open a list ("また、その他にも、") are body text, not labels of the
    head, however many words a space count finds."""
    lead = "先日、不正に改造した携帯電話を販売したとして、商標法違反の疑いで男性が逮捕されました。"
    body = "報道によると、今回販売されたのは、いわゆる改造した携帯電話で、その数は数百台です。"
    item = "商品を小分けにして販売するような行為は、"
    lines = [lead, "", body, "", "また、その他にも、", item, body]
    head = read_head(lines)
    assert head.title == ""
    assert "また、その他にも、" in head.lines
    article = parse_plain("\n".join(lines), "paste.txt")
    assert any("また、その他にも、" in p for s in article.sections for p in s.paragraphs)
