"""Readers: plain text, Markdown, HTML files and standard input into one Article model."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefcast.cli import cli
from briefcast.errors import ReadError
from briefcast.reading import readers
from briefcast.reading.read import read_article
from briefcast.reading.readers import Document
from briefcast.reading.readers.html import parse_html
from briefcast.reading.readers.markdown import parse_markdown
from briefcast.reading.readers.text import is_heading, join_wrapped_lines, parse_plain

DATA = Path(__file__).parent / "data"
LONG = (
    "Engineers at the regional university have measured the currents in the estuary since "
    "2019 and found them strong enough for a commercial plant."
)


def test_html_page_yields_only_the_articles_own_text() -> None:
    """Navigation, cookie banner, ads, figure captions, related stories, comments and footer are
    gone; the paragraphs and headings of the article remain, in order, with title, author, date,
    site name and address from the page's metadata."""
    article = read_article(str(DATA / "read_courier_page.html"))
    assert article.title == "Harbour towns bet on tidal power"
    assert article.byline == "Maria Okafor"
    assert article.site_name == "The Coastal Courier"
    assert article.date == datetime(2025, 3, 4, tzinfo=UTC)
    assert article.source_url == "https://courier.example/energy/tidal-power"
    assert [(s.title, len(s.paragraphs)) for s in article.sections] == [
        ("", 2),
        ("Why tidal, why now?", 2),
        ("The objections", 2),
    ]
    paragraphs = [p for s in article.sections for p in s.paragraphs]
    assert paragraphs[0].startswith("Three small harbour towns on the north coast")
    assert paragraphs[-1] == (
        "The councils have promised a two-year study and say no "
        "construction will start before it is published."
    )
    # Every paragraph is one of the article's own <p> elements.
    page = (DATA / "read_courier_page.html").read_text(encoding="utf-8")
    for paragraph in paragraphs:
        assert f"<p>{paragraph}</p>" in page


def test_html_json_ld_metadata() -> None:
    """Author and date come from JSON-LD when the page has no author meta tag."""
    article = read_article(str(DATA / "read_blog_page.html"))
    assert article.byline == "Devon Achebe"
    assert article.date is not None and article.date.date().isoformat() == "2024-11-20"
    assert article.site_name == "Street Notes"


def test_html_article_wrapper_with_a_widget_like_class_is_kept() -> None:
    """A class name such as "share-enabled" on the article's own wrapper does not remove it."""
    paragraphs = "".join(f"<p>{LONG} Paragraph {i}.</p>" for i in range(6))
    page = (
        f"<html lang='en'><body><div class='ad'><p>Buy now!</p></div>"
        f"<div class='post-body share-enabled'><h1>Title</h1>{paragraphs}</div></body></html>"
    )
    article = parse_html(page, "wrapper.html")
    assert len(article.sections[0].paragraphs) == 6
    assert "Buy now" not in " ".join(article.sections[0].paragraphs)


def test_html_without_article_text_is_a_clear_error() -> None:
    """A page with nothing but navigation gives a ReadError that says so."""
    page = "<html><body><nav><a href='/'>Home</a></nav></body></html>"
    with pytest.raises(ReadError, match="no article text"):
        parse_html(page, "empty.html")


def test_markdown_front_matter_lists_links_code_and_images() -> None:
    """Front matter gives the metadata; links are spoken as their text; code, images and link
    definitions are dropped; list items become finished sentences."""
    article = parse_markdown((DATA / "read_newsletter.md").read_text(encoding="utf-8"), "nl.md")
    assert article.title == "Libraries lend more than books"
    assert article.byline == "Rosa Jiménez"
    assert article.source_url == "https://citydesk.example/libraries-lend"
    assert article.date == datetime(2025, 1, 15, tzinfo=UTC)
    text = "\n".join(p for s in article.sections for p in s.paragraphs)
    assert "according to the state library association." in text
    assert "cordless drills." in text.split("\n")
    for gone in ("](", "drill.jpg", "loans =", "[association]", "Advertisement"):
        assert gone not in text


def test_plain_text_headings_by_shape() -> None:
    """A short line without a closing period before body text is a heading, "?" included."""
    assert is_heading("Ukraine shedding an ally?", LONG)
    assert is_heading("The negotiations", LONG)
    assert not is_heading("It did not have to be this bad.", LONG)
    assert not is_heading("But will it last?", LONG)
    assert not is_heading("“It is their worst nightmare,” he said", LONG)
    assert not is_heading("Sleeper services are back. Can they last?", LONG)
    assert not is_heading("The negotiations", "")


def test_short_one_sentence_paragraphs_are_not_headings() -> None:
    """One-sentence paragraphs between body paragraphs stay in their section."""
    text = "\n".join(
        [
            "Lead paragraph. " + LONG,
            "Why now?",
            LONG,
            "It passed by one vote.",
            LONG,
            "That is the problem.",
            LONG,
        ]
    )
    article = parse_plain(text, "t.txt")
    assert [s.title for s in article.sections] == ["", "Why now?"]
    assert "It passed by one vote." in article.sections[1].paragraphs


def test_a_heading_and_its_subheading_make_one_chapter() -> None:
    """Two headings with no text between them, in pasted text or in Markdown, become one
    chapter title, never a line read as a sentence of the story nor an empty chapter."""
    text = "\n".join(["Lead paragraph. " + LONG, "What happens next", "The plan", LONG])
    article = parse_plain(text, "t.txt")
    assert [s.title for s in article.sections] == ["", "What happens next — The plan"]
    assert all("What happens next" not in p for s in article.sections for p in s.paragraphs)
    markdown = "\n\n".join(
        [
            "# Title",
            "Lead paragraph. " + LONG,
            "## Part one",
            "### Background",
            LONG,
            "### Details",
            LONG,
        ]
    )
    article = parse_markdown(markdown, "t.md")
    assert [s.title for s in article.sections] == ["", "Part one — Background", "Details"]


def test_a_page_trafilatura_cannot_reread_is_still_read() -> None:
    """A fuzzed page made trafilatura raise XMLSyntaxError on its own output; that pass finds
    nothing and the page is read by the others."""
    import gzip

    data = gzip.decompress(
        (Path(__file__).parent / "data" / "fuzz" / "trafilatura_cannot_reread.html.gz").read_bytes()
    )
    article = read_article("-", stdin=data)
    assert sum(len(p.split()) for s in article.sections for p in s.paragraphs) > 200


def test_a_page_with_an_attribute_lxml_cannot_name_is_still_read() -> None:
    """A fuzzed page with attributes named "{" and 'button"' (lxml raised ValueError when
    they were deleted by name, before trafilatura's second pass) is read."""
    import gzip

    data = gzip.decompress(
        (
            Path(__file__).parent / "data" / "fuzz" / "attribute_lxml_cannot_name.html.gz"
        ).read_bytes()
    )
    article = read_article("-", stdin=data)
    assert sum(len(p.split()) for s in article.sections for p in s.paragraphs) > 100


def test_markdown_headings_close_and_never_stall() -> None:
    """An ATX heading loses its closing #s ("Title ##") but not a # of its own ("C#"); a
    heading followed by 20,000 tabs (a regex once took seconds on a few thousand) parses at
    once."""
    import time

    article = parse_markdown(
        "# Doc\n\n## Title ##\n\n" + LONG + "\n\n## Learning C#\n\n" + LONG + "\n", "t.md"
    )
    assert [s.title for s in article.sections] == ["Title", "Learning C#"]
    start = time.process_time()
    article = parse_markdown("# Doc\n\n## What\t" + "\t" * 20_000 + "next\n\n" + LONG, "t.md")
    assert time.process_time() - start < 1
    assert article.sections[0].title.startswith("What")


def test_wrapped_lines_are_joined_into_paragraphs() -> None:
    """Hard-wrapped blocks become one paragraph each; one-line paragraphs stay as they are."""
    lines = [
        "The harbour board voted on Tuesday night to dredge the main channel",
        "for the first time since 2011, ending a two-year argument over who",
        "should pay.",
        "",
        "Why now?",
        "",
        "Short line.",
        "Another short line.",
    ]
    assert join_wrapped_lines(lines) == [
        "The harbour board voted on Tuesday night to dredge the main channel for the first "
        "time since 2011, ending a two-year argument over who should pay.",
        "Why now?",
        "Short line.",
        "Another short line.",
    ]
    # Python's textwrap (like e-mail programs) breaks after a hyphen the text already has.
    import textwrap

    text = (
        "The harbour board voted on Tuesday night to dredge the main channel, ending a "
        "long-running and bad-tempered two-year argument over who should pay for it."
    )
    for width in range(50, 80):
        assert join_wrapped_lines(textwrap.wrap(text, width)) == [text], width


@pytest.mark.parametrize(
    "text,name",
    [
        ("<!DOCTYPE html><html><body><p>Hi</p></body></html>", "html"),
        ("---\ntitle: x\n---\nBody.", "markdown"),
        ("# Title\n\nBody.", "markdown"),
        ("Just some pasted text.\nAnd more.", "text"),
    ],
)
def test_sniffing_picks_the_reader(text: str, name: str) -> None:
    """Without an extension or a media type, the content chooses the reader."""
    assert readers.reader_for(Document(text.encode(), "-")).name == name


def test_stdin_html_is_read_through_the_cli() -> None:
    """`briefcast script -` reads an HTML page piped on standard input."""
    page = (DATA / "read_courier_page.html").read_text(encoding="utf-8")
    result = CliRunner().invoke(cli, ["script", "-"], input=page)
    assert result.exit_code == 0, result.output
    assert "[section] Why tidal, why now?" in result.output
    assert "Boatland" not in result.output


def test_unknown_extension_is_sniffed(tmp_path: Path) -> None:
    """A saved page without a known extension is still read as HTML."""
    path = tmp_path / "story.download"
    path.write_bytes((DATA / "read_courier_page.html").read_bytes())
    assert read_article(str(path)).title == "Harbour towns bet on tidal power"


def test_script_command_json_and_title(tmp_path: Path) -> None:
    """`briefcast script --json --title` gives kind, title, text and an estimate per segment."""
    import json

    result = CliRunner().invoke(
        cli,
        [
            "script",
            str(DATA / "npr_ukraine_pasted.txt"),
            "--json",
            "--title",
            "Ukraine, Russia and the talks",
        ],
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["title"] == "Ukraine, Russia and the talks"
    kinds = [s["kind"] for s in data["segments"]]
    assert kinds == ["intro"] + ["section"] * 6 + ["outro"]
    assert [s["title"] for s in data["segments"][2:7]] == [
        "U.S.-Russia détente",
        "Ukraine shedding an ally?",
        "Europe’s plan",
        "The place the battle stands",
        "The negotiations",
    ]
    # About 1,700 words at a newsreader's 155 words a minute: roughly 10 to 12 minutes.
    assert 540 < data["seconds"] < 720
    assert all(s["seconds"] > 0 for s in data["segments"])


def test_script_command_has_help() -> None:
    """`briefcast script --help` documents the command."""
    result = CliRunner().invoke(cli, ["script", "--help"])
    assert result.exit_code == 0
    assert "without making audio" in result.output
