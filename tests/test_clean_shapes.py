"""Junk recognised by its shape and its place, in pasted text: what a new user pasted in the
trial of issue 22 (a NASA story, an AP story, a press release, a newsletter), and the lines of
the same shapes that are the article's own and must stay."""

from __future__ import annotations

from briefcast.reading import clean
from briefcast.reading.read import read_article
from briefcast.reading.readers.text import parse_plain

LONG = (
    "The launch window opens shortly after dawn on Thursday, and the crew has spent the week "
    "in quarantine at the space centre going over every step of the climb to orbit."
)
MORE = (
    "Engineers replaced a faulty valve on the second stage last month, and the agency says the "
    "fix has passed every test it has run since, including two full rehearsals."
)


def _body(text: str) -> str:
    """Everything read from a paste, sections' titles and paragraphs, one per line."""
    article = parse_plain(text, "paste.txt")
    lines = []
    for section in article.sections:
        lines += [section.title, *section.paragraphs] if section.title else list(section.paragraphs)
    return "\n".join(lines)


def test_nasa_credit_is_no_heading_and_no_chapter() -> None:
    """A pasted NASA story: the photo's caption and its "Name/NASA" credit go; the credit is
    not a section heading (it was made a chapter)."""
    text = "\n".join(
        [
            "Crew arrives at the launch site",
            "",
            "The crew walks out to the launch pad at Kennedy Space Center in Florida on Monday.",
            "Kim Shiflett/NASA",
            LONG,
            "",
            MORE,
        ]
    )
    article = parse_plain(text, "nasa.txt")
    assert article.title == "Crew arrives at the launch site"
    assert [s.title for s in article.sections] == [""]
    body = _body(text)
    assert "Shiflett" not in body and "walks out to the launch pad" not in body
    assert LONG in body and MORE in body


def test_x_for_y_heading_and_list_items_stay_a_credit_of_that_shape_goes() -> None:
    """ "Recipes for Winter" over body text is a heading, "Soup for Lunch" in a list is an item;
    "Anton Shtuka for NPR" under a caption and by a caption toggle is a credit."""
    text = "\n".join(
        [
            "What the school kitchen cooks",
            "",
            LONG,
            "Recipes for Winter",
            MORE,
            "The menu this week:",
            "Soup for Lunch",
            "Porridge for Breakfast",
            "Stew for Dinner",
            "",
            "Pupils queue for lunch in the school hall on Monday.",
            "Anton Shtuka for NPR",
            "toggle caption",
            "Anton Shtuka for NPR",
            LONG.replace("Thursday", "Friday"),
        ]
    )
    article = parse_plain(text, "menu.txt")
    assert [s.title for s in article.sections] == ["", "Recipes for Winter"]
    body = _body(text)
    for kept in ("Soup for Lunch", "Porridge for Breakfast", "Stew for Dinner"):
        assert kept in body
    assert "Anton Shtuka" not in body and "Pupils queue" not in body


def test_a_line_repeated_on_purpose_is_kept() -> None:
    """A weekly menu that serves the same dish twice, and the same question put to two people,
    keep both copies; a pull quote (a long statement said again) and a line pasted twice in a
    row go."""
    lines = [
        "Monday: Vegetable soup",
        "Tuesday: Fish pie",
        "Wednesday: Vegetable soup",
        "What did you do before the war?",
        "I taught music at the school in the old town for twenty years.",
        "What did you do before the war?",
        "I drove a bus.",
        "I taught music at the school in the old town for twenty years.",
        "Twice pasted.",
        "Twice pasted.",
    ]
    assert clean.drop_repeated_lines(lines) == lines[:7] + ["Twice pasted."]


def test_ap_copyright_notice_is_not_read() -> None:
    """AP's closing notice (copyright, all rights reserved, may not be published) goes."""
    notice = (
        "Copyright 2008 The Associated Press. All rights reserved. This material may not be "
        "published, broadcast, rewritten or redistributed."
    )
    assert clean.drop_copyright_notices([LONG, notice]) == [LONG]
    assert "Associated Press" not in _body("\n".join(["Storm hits coast", LONG, MORE, notice]))
    # A sentence about copyright is the story's.
    story = "The court ruled that the copyright in the photographs belonged to the agency."
    assert clean.drop_copyright_notices([story]) == [story]


def test_a_publishers_legal_notice_is_not_read() -> None:
    """A notice in a publisher's legal wording goes however it opens: "This document is subject
    to copyright", "No part may be reproduced without the written permission"."""
    notices = [
        "This document is subject to copyright. Apart from any fair dealing for the purpose of "
        "private study or research, no part may be reproduced without the written permission.",
        "No part of this site may be copied without prior written permission of the publisher.",
    ]
    assert clean.drop_copyright_notices([LONG, *notices]) == [LONG]


def test_gallery_slides_go_and_a_count_in_a_sentence_stays() -> None:
    """A gallery slide as a browser copies it (counter glued to its caption) goes; a sentence
    that opens with a count ("1 of 4 Americans") is the story's."""
    slides = ["1of4A shopper looks at extension cords.", "2/12Fuel cans on a shelf, Tuesday."]
    sentence = "1 of 4 Americans has kept a generator since the outages began."
    assert clean.drop_widget_lines([*slides, sentence, LONG]) == [sentence, LONG]


def test_share_buttons_go_and_a_network_named_alone_stays() -> None:
    """A share widget's buttons go: a run of them, or one under a "Share this:" label; a
    network's name standing alone (a heading in a story about social media) is read."""
    widget = ["Share this:", "Twitter", "Facebook", "", "WhatsApp"]
    assert clean.drop_share_buttons([LONG, *widget, MORE]) == [LONG, "Share this:", "", MORE]
    assert clean.drop_share_buttons(["Share", "Facebook", MORE]) == ["Share", MORE]
    heading = [LONG, "Facebook", MORE]
    assert clean.drop_share_buttons(heading) == heading


def test_press_release_tail_is_not_read() -> None:
    """A press release's "Notes to editors", "Media enquiries: ..." and short closing "About
    the Regional Water Authority" go; its text before them is read."""
    text = "\n".join(
        [
            "Regional Water Authority opens new reservoir",
            "",
            LONG,
            "",
            MORE,
            "",
            "“This reservoir secures the valley’s water for a generation,” said the chair.",
            "",
            "About the Regional Water Authority",
            "The Regional Water Authority is a public body that supplies water to 1.2 million "
            "people in the valley. www.rwa.example",
            "",
            "Notes to editors",
            "1. Photographs of the opening are available on request.",
            "Media enquiries: press@rwa.example, 01234 567890",
        ]
    )
    body = _body(text)
    assert "secures the valley" in body
    for gone in ("About the Regional", "public body", "Notes to editors", "Photographs of the"):
        assert gone not in body
    assert "Media enquiries" not in body
    lines = [LONG, MORE, LONG, "Media enquiries: press@rwa.example"]
    assert clean.drop_press_release_tail(lines) == lines[:3]


def test_updated_stamp_between_paragraphs_is_not_read() -> None:
    """ "Updated at 9.15am BST" between two paragraphs of pasted text goes (the time-stamp
    cleaner is in the one chain every reader uses)."""
    body = _body("\n".join(["Storm hits coast", LONG, "Updated at 9.15am BST", MORE]))
    assert "9.15" not in body and "Updated" not in body


def test_newsletter_reply_prompt_and_sign_off_are_not_read() -> None:
    """A newsletter's "Reply to this email, I read every one." and its sign-off over the
    writer's name go; its last paragraph of news stays."""
    text = "\n".join(
        [
            "The Harbour Letter",
            "",
            LONG,
            "",
            MORE,
            "",
            "Reply to this email, I read every one.",
            "",
            "Until next week,",
            "Maria Okafor",
        ]
    )
    body = _body(text)
    assert MORE in body
    for gone in ("Reply to this email", "Until next week", "Maria Okafor"):
        assert gone not in body


def test_donation_appeal_and_story_widgets_are_not_read() -> None:
    """A donation appeal, a "Most read" box, a gallery counter and "Continue reading" go."""
    text = "\n".join(
        [
            "Storm hits coast",
            LONG,
            "Continue reading the main story",
            "Image 1 of 13",
            "Back to Gallery",
            MORE,
            "Support our journalism: make a monthly contribution today and keep it free for all.",
            "Most read",
            "Council votes to close the pier for repairs",
            "Harbour festival returns after four years",
        ]
    )
    body = _body(text)
    assert LONG in body and MORE in body
    for gone in ("Continue reading", "Image 1", "Gallery", "journalism", "Most read", "pier"):
        assert gone not in body


def test_republication_notes_and_labelled_promos_are_not_read() -> None:
    """A note on where the story first ran, "Explore further" and a labelled promo ("Related
    Roundup: ...", "Buyer's Guide: ...") go; a sentence about an article in the news stays."""
    news = (
        "The article was published in Nature on Monday and shows that the drug slowed the "
        "disease in mice."
    )
    text = "\n".join(
        [
            "Storm hits coast",
            LONG,
            news,
            "Related Roundup: Harbour Defences",
            "Buyer's Guide: Storm Shutters (Buy Now)",
            MORE,
            "Explore further",
            "This article has been adapted from its original source.",
            "This story first appeared in The Harbour Weekly.",
        ]
    )
    body = _body(text)
    assert LONG in body and MORE in body and news in body
    for gone in ("Roundup", "Buyer", "Explore", "adapted", "first appeared"):
        assert gone not in body


def test_shouted_teasers_go_and_shouted_questions_stay() -> None:
    """Lines in capitals between paragraphs (links to other stories, app promos) go; a
    subheading in capitals that asks a question stays, as does a short one."""
    text = "\n".join(
        [
            "Storm hits coast",
            LONG,
            "HARBOUR FESTIVAL CANCELLED AFTER FOUR YEARS OF PLANNING",
            "CLICK HERE TO GET THE TOWN CRIER APP",
            "WHAT HAPPENS TO THE PIER NOW?",
            MORE,
            "THE VERDICT",
            LONG.replace("Thursday", "Friday"),
        ]
    )
    body = _body(text)
    assert "WHAT HAPPENS TO THE PIER NOW?" in body and "THE VERDICT" in body
    assert "FESTIVAL" not in body and "CRIER APP" not in body


def test_post_navigation_and_form_notices_go() -> None:
    """A blog's "« Previous Post Next Post »" and the reCAPTCHA notice under a sign-up form
    are not read; a sentence that starts with "Next" is."""
    nxt = "Next week the council meets again to decide the pier's fate."
    text = "\n".join(
        [
            "Storm hits coast",
            LONG,
            nxt,
            "« Previous Post Next Post »",
            "This site is protected by reCAPTCHA and the Google Privacy Policy and Terms of "
            "Service apply.",
            MORE,
        ]
    )
    body = _body(text)
    assert nxt in body and MORE in body
    assert "Previous" not in body and "reCAPTCHA" not in body


def test_citation_lines_inbox_promos_and_foreign_read_also_go() -> None:
    """A page's "Citation: ... retrieved ... from https://..." line, a newsletter promo that
    opens "Let our news meet your inbox" and a "(Leggi anche su: ...)" link are not read."""
    text = "\n".join(
        [
            "Storm hits coast",
            LONG,
            "(Leggi anche su: Il porto chiude per lavori –FOTO)",
            "Let our news meet your inbox. The stories that matter, delivered weekday mornings.",
            MORE,
            "Citation: Storm hits coast (2019, November 18) retrieved 20 November 2019 from "
            "https://harbour.example/news/2019-11-storm.html",
        ]
    )
    body = _body(text)
    assert LONG in body and MORE in body
    for gone in ("Leggi", "inbox", "Citation", "retrieved"):
        assert gone not in body


def test_sample_article_is_read_the_same_way() -> None:
    """The bundled sample keeps all five headings and loses every caption and credit."""
    from conftest import SAMPLE

    article = read_article(str(SAMPLE))
    assert len([s for s in article.sections if s.title]) == 5
    body = "\n".join(p for s in article.sections for p in s.paragraphs)
    assert "Shtuka" not in body and "caption" not in body


def test_a_caption_under_the_head_furniture_goes_with_its_credit() -> None:
    """In an article's head a photo's caption follows a time stamp or a share count, not a
    blank line: it still starts its block and goes with the credit under it."""
    caption = "A man rides a bicycle past the closed fuel plant on the edge of the city."
    for above in ("Updated 3:27 am PST, Wednesday, November 20, 2019", "438"):
        lines = [above, caption, "Photo: Getty Images", LONG]
        assert clean.drop_captions_before_credits(lines) == [above, "Photo: Getty Images", LONG]
    # Under a body paragraph, the line above a credit is the story's, and stays.
    assert clean.drop_captions_before_credits([MORE, caption, "Photo: Getty Images"])[1] == caption
