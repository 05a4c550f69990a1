"""The cleaning chain: each small cleaner on its own, then the chain on a mixed block."""

from __future__ import annotations

import pytest

from briefcast.reading import clean

BODY = "The councils say the station will supply about 40% of the towns' electricity."


def test_strip_whitespace_folds_nbsp_and_tabs() -> None:
    """Inner runs of spaces, tabs and no-break spaces become one space; ends are trimmed."""
    assert clean.strip_whitespace(["  a\u00a0\u00a0b\tc  "]) == ["a b c"]


def test_drop_caption_blocks_npr_style() -> None:
    """Caption, credit, "cover caption", "toggle caption", credit: the whole block goes."""
    lines = [
        "",
        "Defensive fortifications near Sumy, Ukraine, on Feb. 9.",
        "Anton Shtuka for NPR",
        "cover caption",
        "toggle caption",
        "Anton Shtuka for NPR",
        BODY,
    ]
    assert clean.drop_caption_blocks(lines) == ["", BODY]


def test_drop_caption_blocks_keeps_a_heading_above_the_block() -> None:
    """A short title-like line before the credit is a heading, not a caption."""
    lines = ["Europe's plan", "Alex Kent/Getty Images", "toggle caption", BODY]
    assert clean.drop_caption_blocks(lines) == ["Europe's plan", BODY]


@pytest.mark.parametrize(
    "credit",
    [
        "Alex Kent/Getty Images",
        "Justin Sullivan/Getty Images",
        "REUTERS/Toby Melville",
        "Photo: Jane Smith",
        "Photograph by Tom Reed",
        "Efrem Lukatsky/AP",
        "Gleb Garanich/Reuters",
        "Photo by Sergei Supinsky/AFP via Getty Images",
        "Kim Shiflett/NASA",
        "(AP Photo/Jose Breton)",
        "Copyright 2025 NPR",
        "© Reuters",
        "Credit: Jane Smith for The New York Times",
    ],
)
def test_drop_credit_lines(credit: str) -> None:
    """Agency and photographer credits standing alone are dropped."""
    assert clean.drop_credit_lines([credit, BODY]) == [BODY]


def test_drop_credits_by_captions_judges_name_for_outlet_by_its_place() -> None:
    """ "Name for Outlet" by a caption toggle or a widget label is a credit and goes; the same
    shape over body text is a heading and stays."""
    lines = ["Caitlin O'Hara for NPR", "toggle caption", BODY, "Recipes for Winter", BODY]
    assert clean.drop_credits_by_captions(lines) == [
        "toggle caption",
        BODY,
        "Recipes for Winter",
        BODY,
    ]


@pytest.mark.parametrize(
    "line",
    [
        "Russia holds about 20% of Ukrainian territory, including Crimea.",
        "Trump met Putin for NPR's reporters to see.",
        "The negotiations",
        "Keith Kellogg, the special envoy for Ukraine, praised Zelenskyy.",
    ],
)
def test_drop_credit_lines_keeps_body_text(line: str) -> None:
    """Sentences and headings that merely mention an outlet are not credits."""
    assert clean.drop_credit_lines([line]) == [line]


def test_drop_captions_before_credits() -> None:
    """A caption sentence set off above a credit goes, with a "Name for Outlet" credit that
    closes the photo's block; a body paragraph after it stays."""
    lines = [
        "",
        "A farmer checks an irrigation canal near Yuma, Ariz., on Feb. 10.",
        "Caitlin O'Hara for NPR",
        "",
        BODY,
    ]
    assert clean.drop_captions_before_credits(lines) == ["", "", BODY]


@pytest.mark.parametrize(
    "caption",
    [
        "A farmer inspects a ruined orange grove near Valencia, Spain. (AP Photo/Jose Breton)",
        "Passengers board a sleeper train in Brussels. "
        "Photograph: Thierry Roge/Belga/AFP via Getty Images",
        "Bank of England Governor Andrew Bailey speaks in London. REUTERS/Toby Melville",
        "Un train de nuit en gare d'Austerlitz, à Paris. Photo : Jean Dupont/AFP",
    ],
)
def test_drop_inline_credit_captions(caption: str) -> None:
    """Captions that carry their own credit at the end are dropped."""
    assert clean.drop_inline_credit_captions([caption, BODY]) == [BODY]


@pytest.mark.parametrize(
    "widget",
    [
        "cover caption",
        "toggle caption",
        "Advertisement",
        "ADVERTISEMENT",
        "Share this article",
        "Listen to this article",
        "Listen to this article · 4:12 min",
        "Listen · 3:58",
        "3:58",
        "Enlarge this image",
        "Image source, Getty Images",
        "Image caption, Pupils in pouches",
        "Heard on Morning Edition",
        "5 min read",
        "Published",
        "After newsletter promotion",
        "Our Standards: The Thomson Reuters Trust Principles.",
        "Publicité",
        "Copy link",
    ],
)
def test_drop_widget_lines(widget: str) -> None:
    """Labels of page widgets are dropped."""
    assert clean.drop_widget_lines([widget, BODY]) == [BODY]


@pytest.mark.parametrize(
    "prompt",
    [
        "Sign up for our newsletter",
        "Sign up here.",
        "Sign up to First Edition, our free daily newsletter",
        "Read more: Spain's dry years and wet years, explained",
        "READ MORE: The war in maps",
        "Subscribe now for $1 a week",
        "Related: Five things to know",
        "Click here to download",
        "Inscrivez-vous à notre newsletter",
    ],
)
def test_drop_call_to_action(prompt: str) -> None:
    """Newsletter, read-more and sharing prompts are dropped."""
    assert clean.drop_call_to_action([prompt, BODY]) == [BODY]


def test_drop_call_to_action_keeps_sentences_that_only_start_alike() -> None:
    """A sentence that happens to begin "Readers ..." or "Signs ..." is not a prompt."""
    lines = ["Readers wrote in by the hundreds.", "Signs of recovery are few."]
    assert clean.drop_call_to_action(lines) == lines


def test_drop_link_lists_keeps_the_heading_after_the_links() -> None:
    """ "Related topics" and its link titles go; a heading followed by body text stays."""
    lines = [
        "Related topics",
        "Education",
        "What do the pupils say?",
        "A survey by the school found that 63% of pupils in Year 9 thought the ban was fair, "
        "but only 41% in Year 11 agreed.",
    ]
    assert clean.drop_link_lists(lines) == lines[2:]


def test_drop_spinner_artefacts() -> None:
    """``{that a}`` and ``{{name}}`` leftovers go; spintax keeps its first choice."""
    assert clean.drop_spinner_artefacts(["and need {that a} constant repairs."]) == [
        "and need constant repairs."
    ]
    assert clean.drop_spinner_artefacts(["Dear {{name}}, hello."]) == ["Dear, hello."]
    assert clean.drop_spinner_artefacts(["a {quick|fast} fox"]) == ["a quick fox"]


def test_drop_stray_markup() -> None:
    """Tags and entities left by a copy and paste are removed or decoded."""
    assert clean.drop_stray_markup(["<p>Fish &amp; chips</p>"]) == ["Fish & chips"]


def test_drop_repeated_lines_removes_pull_quotes_and_double_pastes() -> None:
    """A line that repeats an earlier one, even with other lines between, is dropped."""
    quote = "“Without public money, the night train is a museum piece,” Moser said."
    assert clean.drop_repeated_lines([quote, BODY, quote.replace("“", '"'), "", BODY]) == [
        quote,
        BODY,
        "",
    ]


def test_collapse_blank_lines() -> None:
    """At most one blank line in a row, none at the ends."""
    assert clean.collapse_blank_lines(["", "a", "", "", "b", ""]) == ["a", "", "b"]


@pytest.mark.parametrize(
    "written,spoken",
    [
        (
            "KYIV, TBILISI AND PARIS — Practically every day",
            "Kyiv, Tbilisi and Paris. Practically every day",
        ),
        ("VALENCIA, Spain (AP) — Farmers", "Valencia, Spain. Farmers"),
        ("LONDON, Feb 24 (Reuters) - The Bank", "London, Feb 24. The Bank"),
        ("BOULDER CITY, Nev. — The seven states", "Boulder City, Nev. The seven states"),
        ("PARIS — Les trains", "Paris. Les trains"),
        ("Trump — and he is acting on them.", "Trump — and he is acting on them."),
        ("A US-led plan was agreed.", "A US-led plan was agreed."),
    ],
)
def test_soften_dateline(written: str, spoken: str) -> None:
    """A shouted dateline becomes the first spoken words; ordinary text is left alone."""
    assert clean.soften_dateline(written) == spoken


@pytest.mark.parametrize(
    "note",
    [
        "NPR's Joanna Kakissis reported from Kyiv and Charles Maynes reported from Tbilisi.",
        "Associated Press writer Ciarán Giles in Madrid contributed to this report.",
        "Reporting by Tom Reed; Editing by Hugh Lawson",
        "Additional reporting by Ana Lopez in Valencia.",
    ],
)
def test_split_contributor_note(note: str) -> None:
    """The closing contributor note is set apart from the body."""
    body, credit = clean.split_contributor_note([BODY, note])
    assert body == [BODY] and credit == note


def test_split_contributor_note_leaves_reporting_in_the_story() -> None:
    """A body paragraph about reporting (not a credit) stays in the story."""
    para = "The BBC reported from the scene that two people had been hurt in the blast on Monday."
    assert clean.split_contributor_note([BODY, para]) == ([BODY, para], "")


def test_clean_lines_chain_on_a_mixed_block() -> None:
    """The whole chain leaves only the story's own lines."""
    raw = [
        "Share this article",
        "  Advertisement ",
        "",
        "Defensive fortifications near Sumy.",
        "Anton Shtuka for NPR",
        "cover caption",
        "toggle caption",
        "Anton Shtuka for NPR",
        BODY,
        "Read more: Related story",
        BODY,
        "Sign up for our newsletter",
        "",
    ]
    assert clean.clean_lines(raw) == [BODY]


def test_drop_shortcodes() -> None:
    """A paired CMS shortcode goes with its label; a lone one with attributes goes; [sic] stays."""
    assert clean.drop_shortcodes(
        [
            '[button link="https://x.example" size="big"]Buy now[/button]',
            '[gallery ids="1,2,3"] He said [sic] it twice.',
        ]
    ) == ["", "He said [sic] it twice."]


@pytest.mark.parametrize(
    "promo",
    [
        "Sign up for the free daily newsletter.",
        "There's plenty more where that came from. Sign up for The Water Coolest today to get the "
        "free daily newsletter delivered to your inbox daily.",
        "Get access to India's fastest growing financial subscriptions service Moneycontrol "
        "Pro for as little as Rs 599 for first year. Use the code GETPRO.",
    ],
)
def test_drop_promos(promo: str) -> None:
    """Short calls to sign up, subscribe or get access are dropped; the story is kept."""
    assert clean.drop_promos([promo, BODY]) == [BODY]


def test_drop_promos_keeps_a_story_about_subscriptions() -> None:
    """A sentence that reports on subscriptions without asking the reader to act stays."""
    line = "Netflix said subscriptions rose by 2 million after the price cut in March."
    assert clean.drop_promos([line]) == [line]


@pytest.mark.parametrize(
    "stamp",
    [
        "Updated at 1:23 p.m.",
        "5:45 AM PST 11/19/2019 by Patrick Shanley",
        "Published Nov 18, 2019 at 4:07 PM | Updated at 5:36 PM CST on Nov 18, 2019",
        "Last updated: 2019-11-18 10:02 GMT",
    ],
)
def test_drop_timestamp_lines(stamp: str) -> None:
    """Lines that only say when the story was published or updated are dropped."""
    assert clean.drop_timestamp_lines([stamp, BODY]) == [BODY]


def test_timestamp_keeps_sentences_with_times() -> None:
    """A sentence of the story that mentions a time is not a time stamp."""
    line = "The bus left at 7 p.m. on Friday."
    assert clean.drop_timestamp_lines([line]) == [line]


def test_drop_tag_lists() -> None:
    """A "Filed under:" line and a closing run of bare tags go; list items with periods stay."""
    assert clean.drop_tag_lists([BODY, "Filed under: Khawarij |"]) == [BODY]
    assert clean.drop_tag_lists([BODY, "Tags:", "harbour", "council", "storms"]) == [BODY]
    items = [BODY, "Eggs.", "Milk.", "Bread."]
    assert clean.drop_tag_lists(items) == items


@pytest.mark.parametrize(
    "teaser",
    [
        "Related post: Ten harbours that survived the storms",
        "RELATED: The wall in 1950",
        "Also on rt.com Journalists threatened with arrests",
        "Like this story? Share it with a friend!",
        "Image credit: All About Space",
    ],
)
def test_teasers_and_credits_are_dropped(teaser: str) -> None:
    """Teaser links, share prompts and image credits are dropped by the cleaning chain."""
    assert clean.clean_lines([teaser, BODY]) == [BODY]


def test_closing_company_boilerplate() -> None:
    """A closing "About" block of a press release is found; a company in the news is not."""
    about = (
        "Ascom is a global solutions provider focused on healthcare ICT. Ascom is "
        "headquartered in Baar and employs around 1,300 people."
    )
    assert clean.closing_boilerplate_start([BODY] * 4 + [about]) == 4
    news = "Ascom is a global solutions provider, and its shares fell 5% on the news."
    assert clean.closing_boilerplate_start([BODY] * 4 + [news]) == 5


def test_angle_brackets_around_a_title_are_not_markup() -> None:
    """ "<The Palace: Tale of Jang Noksu>" is a title in brackets, not a stray tag."""
    line = "They came to watch <The Palace: Tale of Jang Noksu> and loved it."
    assert clean.drop_stray_markup([line]) == [line]


def test_only_a_short_closing_about_block_is_boilerplate() -> None:
    """A company "About" block of a few sentences is boilerplate; the same heading over a long
    section (an interview under "About Faculty in this Article") is the story."""
    blurb = ["Harbourworks is a leading provider of sea defences, headquartered in Dover."]
    assert clean.is_boilerplate_about("About Harbourworks", blurb)
    interview = blurb + ["The interview went on at length about the sea. " * 10] * 6
    assert not clean.is_boilerplate_about("About Faculty in this Article", interview)
    paragraphs = ["Story."] * 4 + ["About Harbourworks", *interview]
    assert clean.closing_boilerplate_start(paragraphs) == len(paragraphs)
