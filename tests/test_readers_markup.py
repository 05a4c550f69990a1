"""Markup in headings, titles, front matter and text is rendered to plain text; entities decoded."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from briefcast.cli import cli
from briefcast.reading import briefing
from briefcast.reading.readers.markdown import parse_markdown
from briefcast.reading.readers.markup import plain_line, strip_markup
from briefcast.reading.readers.text import parse_plain

BODY = (
    "The council voted on Tuesday night to expand the bus network, adding eleven routes "
    "and doubling the frequency of the busiest lines."
)


def test_plain_line_drops_tags_and_script_content_and_decodes_entities() -> None:
    """A heading with a script element reads as its words; entities become characters."""
    assert plain_line("Heading <script>alert('h1')</script> one") == "Heading one"
    assert plain_line("Fish &amp; chips &lt;3 &#8212; <em>really</em>") == (
        "Fish & chips <3 — really"
    )
    assert plain_line("x<y and <TICKER> stay") == "x<y and <TICKER> stay"
    assert strip_markup("&lt;b&gt;escaped&lt;/b&gt;") == "<b>escaped</b>"


def test_markdown_heading_title_and_front_matter_hold_no_markup() -> None:
    """Headings, the front-matter title and author, and the body are spoken without markup."""
    text = (
        '---\ntitle: "Buses &amp; <b>trams</b>"\nauthor: Ana <i>López</i>\n---\n\n'
        f"{BODY}\n\n## Heading <script>alert('h1')</script> one\n\n"
        "Fares stay at &pound;2 &amp; rise &lt; 5%, the council said.\n\n"
        "<div>\n<script>\nvar tracking = 1;\n</script>\n</div>\n\nThe last paragraph.\n"
    )
    article = parse_markdown(text, "t.md")
    assert article.title == "Buses & trams"
    assert article.byline == "Ana López"
    assert [s.title for s in article.sections] == ["", "Heading one"]
    body = " ".join(p for s in article.sections for p in s.paragraphs)
    assert "Fares stay at £2 & rise < 5%, the council said." in body
    assert "tracking" not in body and "<div>" not in body and "&amp;" not in body


def test_plain_text_entities_are_decoded_and_tags_dropped() -> None:
    """Pasted text with entities and stray tags reads as plain text."""
    article = parse_plain(f"Rents &amp; wages <b>rise</b>\n{BODY}\nCosts rose &gt; 5%.", "t.txt")
    assert article.title == "Rents & wages rise"
    assert "Costs rose > 5%." in article.sections[0].paragraphs


def test_heading_markup_is_not_spoken_by_the_script_command(tmp_path: Path) -> None:
    """`briefcast script` on Markdown with markup in a heading shows none of it."""
    path = tmp_path / "story.md"
    path.write_text(
        f"# Title &amp; more\n\n{BODY}\n\n## Heading <script>alert('h1')</script> one\n\n{BODY}\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["script", str(path)])
    assert result.exit_code == 0, result.output
    assert "[section] Heading one" in result.output
    assert "script" not in result.output.replace("[section]", "")
    assert "alert" not in result.output and "&amp;" not in result.output
    assert "Title & more" in result.output


def test_a_title_option_with_markup_is_shown_as_plain_text(tmp_path: Path) -> None:
    """`--title` with a script element and an entity is spoken and shown as plain text."""
    path = tmp_path / "story.txt"
    path.write_text(f"{BODY}\n\n{BODY}\n", encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["script", str(path), "--title", "Buses <script>alert(1)</script>&amp; trams"]
    )
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "Buses & trams"
    assert "alert" not in result.output and "&amp;" not in result.output


def test_feed_titles_hold_no_markup() -> None:
    """A feed's title and its entries' titles are plain text."""
    data = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>News &amp;amp; more'
        b"</title><item><title>&lt;b&gt;Bold&lt;/b&gt; move &amp;amp; more</title>"
        b"<link>https://example.org/a</link><description>x</description></item>"
        b"</channel></rss>"
    )
    news = briefing.parse_feed(data, "feed.rss")
    assert news.title == "News & more"
    assert news.entries[0].title == "Bold move & more"
