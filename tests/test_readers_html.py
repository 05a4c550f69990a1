"""The HTML reader (readers/html.py) on small pages built in the test, one behaviour each."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefcast.errors import ConfigError
from briefcast.reading.readers import Document, read_document, reader_for
from briefcast.reading.readers.html import parse_html

BODY = (
    "The council voted on Tuesday to rebuild the old harbour wall, which storms have battered "
    "for three winters in a row, and to pay for it from the reserve fund it kept for floods."
)
MORE = (
    "Residents who spoke at the meeting said the work could not wait another year, and the "
    "engineers agreed that a fourth winter might bring the wall down across the road."
)
LAST = (
    "Work starts in March and should end before the autumn storms, the council said in a "
    "statement after the vote, which passed by eleven votes to two."
)


def page(article: str, *, lang: str = "en", around: str = "") -> str:
    """A news page: navigation, the article, and a footer."""
    return (
        f"<!doctype html><html lang='{lang}'><head><title>Harbour wall</title></head><body>"
        f"<nav><a href='/'>Home</a> <a href='/news'>News</a></nav>{around}"
        f"<article><h1>Harbour wall</h1>{article}</article>"
        "<footer><p>Copyright the Town Crier. All rights reserved.</p></footer></body></html>"
    )


def spoken(html: str, **options: str) -> str:
    """Everything the article's sections hold: headings and paragraphs, one per line."""
    article = parse_html(html, "page.html", **options)
    return "\n".join(line for s in article.sections for line in (s.title, *s.paragraphs) if line)


def test_text_after_a_heading_is_kept() -> None:
    """Text that follows a heading outside any paragraph is read (it was dropped before)."""
    html = page(
        f"<p>{BODY}</p><h2>What comes next</h2>Engineers will survey the wall first, "
        f"from the harbour side, over two weeks in January.<p>{LAST}</p>"
    )
    article = parse_html(html, "page.html")
    assert article.sections[-1].title == "What comes next"
    assert article.sections[-1].paragraphs[0].startswith("Engineers will survey the wall first")


def test_two_headings_in_a_row_become_one_heading_read_once() -> None:
    """A heading straight after another is joined to it; neither is read as a paragraph."""
    html = page(
        f"<p>{BODY}</p><h2>Five steps</h2><h3>1. Survey the wall</h3><p>{MORE}</p><p>{LAST}</p>"
    )
    article = parse_html(html, "page.html")
    assert [s.title for s in article.sections] == ["", "Five steps — 1. Survey the wall"]
    assert spoken(html).count("Five steps") == 1


def test_a_form_around_the_whole_page_is_not_junk() -> None:
    """A <form> (or a "modal" class) wrapping the article is the page, not a widget."""
    html = page(f"<p>{BODY}</p><p>{MORE}</p><p>{LAST}</p>")
    for wrapped in (
        html.replace("<article>", "<form id='aspnetForm'><article>").replace(
            "</article>", "</article></form>"
        ),
        html.replace("<article>", "<article class='box article modal-enabled'>"),
    ):
        text = spoken(wrapped)
        assert BODY in text and LAST in text


def test_print_only_and_hidden_blocks_are_not_read() -> None:
    """A print-only reprint notice, a hidden block and a link-only teaser are dropped."""
    html = page(
        f"<div class='print-header'><p>This copy is for your personal, non-commercial "
        f"use only. To order presentation-ready copies visit our reprints desk.</p></div>"
        f"<p>{BODY}</p><p hidden>Hidden text that a reader of the page never sees.</p>"
        f"<p><strong><a href='/other-story'>SEAN SPICER ELIMINATED FROM THE SHOW</a>"
        f"</strong></p><p>{MORE}</p><p>{LAST}</p>"
    )
    text = spoken(html)
    assert BODY in text and MORE in text
    for junk in ("personal, non-commercial", "Hidden text", "SEAN SPICER"):
        assert junk not in text


def test_line_breaks_split_list_like_lines_but_not_sentences() -> None:
    """<br> between lines of a list gives separate lines; one inside a sentence is a space."""
    html = page(
        f"<p>{BODY}</p><p>June 10 - Tampa, FL<br>June 14 - Atlanta, GA<br>June 17 - "
        f"Nashville, TN</p><p>The wall was built in 1890 and<br>rebuilt in 1950.</p>"
        f"<p>{LAST}</p>"
    )
    lines = spoken(html).split("\n")
    assert "June 14 - Atlanta, GA" in lines
    assert "The wall was built in 1890 and rebuilt in 1950." in lines


STANDINGS = (
    "<table><thead><tr><th>Pos</th><th>Team</th><th>Points</th></tr></thead><tbody>"
    "<tr><td>1</td><td>Harbour Rovers</td><td>30</td></tr>"
    "<tr><td>2</td><td>Town United</td><td>28</td></tr>"
    "<tr><td>3</td><td>Quay Athletic</td><td>27</td></tr></tbody></table>"
)


def test_data_table_is_read_row_by_row_with_its_headers() -> None:
    """Each row of a data table becomes a line that names each cell by its column."""
    lines = spoken(page(f"<p>{BODY}</p>{STANDINGS}<p>{LAST}</p>")).split("\n")
    assert "Pos: 1. Team: Harbour Rovers. Points: 30." in lines
    assert "Pos: 3. Team: Quay Athletic. Points: 27." in lines


def test_data_table_can_be_announced_and_skipped() -> None:
    """With tables="skip" the table is announced by its size and its cells are not read."""
    text = spoken(page(f"<p>{BODY}</p>{STANDINGS}<p>{LAST}</p>"), tables="skip")
    assert "A table of 3 rows is not read." in text
    assert "Harbour Rovers" not in text
    assert LAST in text


def test_layout_table_keeps_its_headings_and_paragraphs() -> None:
    """A page laid out in a table is read as text, headings and paragraphs kept apart."""
    html = (
        "<html><body><table><tr><td><a href='/'>Home</a><br><a href='/archive'>Archive</a>"
        "</td><td><h1>Harbour wall</h1>"
        f"<p>{BODY}</p><h2>The vote</h2><p>{MORE}</p><p>{LAST}</p></td></tr></table>"
        "</body></html>"
    )
    article = parse_html(html, "page.html")
    assert [s.title for s in article.sections] == ["", "The vote"]
    assert article.sections[0].paragraphs == (BODY,)
    assert "Archive" not in spoken(html)


def test_unknown_table_setting_is_refused() -> None:
    """The table setting is "read" or "skip"; the HTML reader refuses anything else, whether
    it is written in its own [read.html] table or as read.tables (older files)."""
    from briefcast import pipeline

    with pytest.raises(
        ConfigError, match="read.html.tables must be one of read, skip, not 'maybe'"
    ):
        pipeline.load_config(overrides={"read.html.tables": "maybe"}, env={})
    with pytest.raises(
        ConfigError, match="read.html.tables must be one of read, skip, not 'maybe'"
    ):
        pipeline.load_config(overrides={"read.tables": "maybe"}, env={})


def test_the_table_setting_reaches_the_html_reader(tmp_path: Path) -> None:
    """[read.html] tables = "skip" (or read.tables = "skip" of an older file) has a page's
    data table announced, not read, when the article is read through the configuration."""
    from briefcast import pipeline

    html = tmp_path / "standings.html"
    html.write_text(page(f"<p>{BODY}</p>{STANDINGS}<p>{LAST}</p>"), encoding="utf-8")
    for table in ('[read.html]\ntables = "skip"\n', '[read]\ntables = "skip"\n'):
        (tmp_path / "briefcast.toml").write_text(table, encoding="utf-8")
        cfg = pipeline.load_config(env={}, cwd=tmp_path)
        [article] = pipeline.read_articles([str(html)], None, pipeline.read_options(cfg))
        text = " ".join(p for s in article.sections for p in s.paragraphs)
        assert "Harbour Rovers" not in text and "A table of 3 rows is not read." in text
    (tmp_path / "briefcast.toml").write_text("", encoding="utf-8")
    cfg = pipeline.load_config(env={}, cwd=tmp_path)
    [article] = pipeline.read_articles([str(html)], None, pipeline.read_options(cfg))
    assert "Harbour Rovers" in " ".join(p for s in article.sections for p in s.paragraphs)


def test_junk_kinds_are_not_read() -> None:
    """Shortcodes, "Related post:" teasers, promos, time stamps and tags are dropped."""
    html = page(
        f"<p>Updated at 1:23 p.m.</p><p>{BODY}</p>"
        '<p>[button link="https://shop.example" color="red"]Buy now[/button]</p>'
        "<p>Related post: Ten harbours that survived the storms</p>"
        f'<p>{MORE} [caption id="x"]The wall in 1950.[/caption]</p>'
        "<p>Sign up for our free daily newsletter to get the news in your inbox.</p>"
        f"<p>{LAST}</p><p>Tags:</p><p>harbour</p><p>council</p><p>storms</p>"
    )
    text = spoken(html)
    assert MORE in text and LAST in text
    for junk in (
        "Updated at",
        "Buy now",
        "button",
        "Related post",
        "The wall in 1950",
        "newsletter",
        "Tags",
    ):
        assert junk not in text
    assert not {"harbour", "council", "storms"} & set(text.split("\n"))


def test_company_about_block_closing_a_press_release_is_dropped() -> None:
    """An "About <Company>" section after the news is boilerplate, not the story."""
    html = page(
        f"<p>{BODY}</p><p>{MORE}</p><p>{LAST}</p><h2>About Harbourworks</h2>"
        "<p>Harbourworks is a leading provider of sea defences. Harbourworks is "
        "headquartered in Dover and employs 300 people. For more information visit "
        "www.harbourworks.example.</p>"
    )
    text = spoken(html)
    assert LAST in text
    assert "Harbourworks" not in text


def test_language_is_detected_on_the_text_when_the_template_says_otherwise() -> None:
    """A Portuguese article on a page that declares "en-US" is read as Portuguese."""
    pt = (
        "<p>A câmara municipal aprovou na terça-feira a reconstrução do antigo muro do porto, "
        "que as tempestades danificaram durante três invernos seguidos, e vai pagar a obra "
        "com o fundo de reserva que guardava para as cheias.</p><p>Os moradores que falaram "
        "na reunião disseram que a obra não podia esperar mais um ano.</p>"
    )
    assert parse_html(page(pt, lang="en-US"), "page.html").language == "pt"
    assert (
        parse_html(page(f"<p>{BODY}</p><p>{LAST}</p>", lang="en-GB"), "page.html").language
        == "en-gb"
    )


def test_never_emptier_than_the_untouched_page() -> None:
    """When the pre-cleaning removes the article (each paragraph in a "share" box), the page
    is read as trafilatura alone reads it."""
    paragraphs = (
        BODY,
        MORE,
        BODY.replace("Tuesday", "Monday"),
        MORE.replace("another year", "a month"),
        LAST,
    )
    boxed = "".join(f"<div class='share-enabled'><p>{p}</p></div>" for p in paragraphs)
    text = spoken(page(boxed))
    assert all(p in text for p in paragraphs)


def test_a_closing_about_section_of_the_story_is_kept() -> None:
    """ "About the study" closing a news story is part of it, not company boilerplate."""
    html = page(f"<p>{BODY}</p><p>{MORE}</p><h2>About the study</h2><p>{LAST}</p>")
    text = spoken(html)
    assert "About the study" in text and LAST in text


# ---------------------------------------------------------------- bytes to text, as browsers do


def read_bytes(data: bytes, source: str = "-", charset: str = "") -> str:
    """What the registry reads from ``data`` (standard input unless named): sniffed, decoded,
    extracted; the sections' lines, one per line."""
    article = read_document(Document(data, source, charset=charset))
    return "\n".join(line for s in article.sections for line in (s.title, *s.paragraphs) if line)


def test_a_page_with_an_xml_declaration_is_read() -> None:
    """An XHTML page that begins with ``<?xml ... encoding="..."?>`` is read as HTML, from a
    file or recognised on standard input (lxml refuses a decoded text that still declares an
    encoding); the declaration's encoding is the page's."""
    xhtml = (
        '<?xml version="1.0" encoding="iso-8859-1"?>\n<!-- generated -->\n'
        '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
        '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n'
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>Harbour wall</title></head>'
        f"<body><div id='story'><h1>Harbour wall</h1><p>{BODY}</p><p>{MORE}</p>"
        f"<p>{LAST} \x93Finally,\x94 said the caf\xe9 owner.</p></div></body></html>"
    ).encode("latin-1")
    for source in ("page.xhtml", "-"):
        doc = Document(xhtml, source)
        assert reader_for(doc).name == "html"
        article = read_document(doc)
        text = "\n".join(p for s in article.sections for p in s.paragraphs)
        assert article.title == "Harbour wall"
        assert BODY in text and "\u201cFinally,\u201d said the caf\u00e9 owner." in text
        assert "<" not in text


def test_a_c1_character_in_the_middle_of_a_page_removes_only_itself() -> None:
    """U+009D inside a paragraph (once taken for a terminal escape running to the end of the
    text) goes alone: every paragraph after it is read."""
    html = page(
        f"<p>{BODY}</p><p>The mayor said \u201cno\u009d and left.</p><p>{MORE}</p><p>{LAST}</p>"
    )
    text = read_bytes(html.encode("utf-8"), "page.html")
    assert "The mayor said \u201cno and left." in text
    assert MORE in text and LAST in text


def test_iso_8859_1_is_read_as_windows_1252() -> None:
    """A page declaring ISO-8859-1 whose quotes and dashes are windows-1252 bytes keeps them
    (browsers read the label as windows-1252): no word glued to the next ("dont", "Bushs")."""
    html = page(
        f"<p>{BODY}</p><p>\x93We don\x92t know,\x94 Bush\x92s aide said \x97 twice.</p>"
        f"<p>{LAST}</p>"
    ).replace(
        "<head>", "<head><meta http-equiv='Content-Type' content='text/html; charset=iso-8859-1'>"
    )
    text = read_bytes(html.encode("latin-1"), "page.html")
    assert "\u201cWe don\u2019t know,\u201d Bush\u2019s aide said \u2014 twice." in text
    for label in ("latin1", "us-ascii", "ascii"):
        assert "don\u2019t" in read_bytes(html.encode("latin-1"), "page.html", charset=label)


def test_utf8_with_two_stray_bytes_is_read_as_utf8() -> None:
    """A UTF-8 page with two windows-1252 bytes in it is read as UTF-8 (its curly quotes and
    accents intact, the stray bytes read for what they were), not re-guessed as a single-byte
    code page that turns every quote into mojibake ("\u00e2\u20ac\u0153")."""
    story = (
        f"<p>{BODY}</p><p>\u201cChoose your own adventure,\u201d the caf\u00e9 owner said of the "
        "r\u00e9sum\u00e9s \u2014 na\u00efve ones \u2014 that arrive each week.</p>"
        f"<p>{MORE}</p><p>{LAST}</p>"
    )
    data = page(story).encode("utf-8")
    data = data.replace(b"Residents who", b"Residents\xa0who").replace(b"it kept", b"it\x92s kept")
    text = read_bytes(data, "page.html")
    assert "\u201cChoose your own adventure,\u201d the caf\u00e9 owner" in text
    assert "Residents who" in text and "it\u2019s kept" in text
    assert "\u00e2\u20ac" not in text


# ---------------------------------------------------------------- which block is the article

STORY = (
    BODY,
    MORE,
    LAST,
    BODY.replace("Tuesday", "Monday").replace("harbour", "river"),
    MORE.replace("another year", "a month"),
    LAST.replace("March", "April"),
)


def test_headline_and_standfirst_in_the_article_header_are_read() -> None:
    """The article's own ``<header>``: its ``<h1>`` is the title (not a chapter), its
    standfirst is read before the body, even set as a heading; the page's banner is not."""
    standfirst = (
        "Three winters of storms have left the old wall close to collapse, and the town "
        "says it can wait no longer."
    )
    for dek in (f"<p class='standfirst'>{standfirst}</p>", f"<h2>{standfirst}</h2>"):
        html = (
            "<!doctype html><html lang='en'><head><title>Harbour wall | The Town Crier</title>"
            "</head><body><header><a href='/'>The Town Crier</a><nav><a href='/news'>News</a>"
            "</nav></header><main><article><header><h1>Council votes to rebuild the harbour "
            f"wall</h1>{dek}</header>"
            + "".join(f"<p>{p}</p>" for p in STORY)
            + "</article></main></body></html>"
        )
        article = parse_html(html, "page.html")
        assert article.title == "Council votes to rebuild the harbour wall"
        first = article.sections[0]
        assert first.title == "" and first.paragraphs[0] == standfirst
        assert first.paragraphs[1] == BODY
        assert "The Town Crier" not in spoken(html)


def test_a_long_final_section_headed_about_is_kept() -> None:
    """A sidebar heading "About Faculty in this Article" that comes before an interview opens
    a section holding the whole story: it is read. Only a short closing "About" block goes."""
    interview = [
        f"{p} The institute was founded in 1950 and lists its staff at www.example.edu."
        for p in STORY * 3
    ]
    html = page(
        f"<p>{BODY}</p><h3>About Faculty in this Article</h3>"
        + "".join(f"<p>{p}</p>" for p in interview)
    )
    text = spoken(html)
    assert all(p in text for p in interview)


def test_wire_copyright_notice_and_other_stories_are_not_read() -> None:
    """The AP's rights notice and an "Other stories in this section" list (as a heading over
    links, or as a bold label over lines of links) are dropped; the story is kept."""
    notice = (
        "Copyright 2008 The Associated Press. All rights reserved. This material may not be "
        "published, broadcast, rewritten or redistributed."
    )
    links = "<a href='/a'>Pier to close for repairs next spring</a>"
    for others in (
        f"<h3>Other stories in this section</h3><ul><li>{links}</li><li>{links}</li></ul>",
        f"<p><b>Other stories in this section:</b><br>{links}<br>{links}</p>",
    ):
        text = spoken(page("".join(f"<p>{p}</p>" for p in STORY) + f"<p>{notice}</p>{others}"))
        assert all(p in text for p in STORY)
        for junk in ("Copyright", "rights reserved", "Other stories", "Pier to close"):
            assert junk not in text


def test_image_captions_in_blockquotes_are_read() -> None:
    """A caption the article sets in a blockquote under its image is read, whether as text
    after the image, in a caption-classed element or a figure's caption."""
    caption = "The old harbour wall after the storm of January 2018, seen from the pier."
    for quoted in (
        f"<img src='wall.jpg'><br>{caption}",
        f"<img src='wall.jpg'><span class='caption'>{caption}</span>",
        f"<figure><img src='wall.jpg'><figcaption>{caption}</figcaption></figure>",
    ):
        text = spoken(page(f"<p>{BODY}</p><blockquote>{quoted}</blockquote><p>{MORE}</p>"))
        assert caption in text and BODY in text and MORE in text


def test_a_sidebar_the_fast_pass_takes_for_the_article_is_not_read() -> None:
    """A table of fixtures in a block whose class says "entry-content", before the story: the
    fast pass reads the table, readability the story; trafilatura's full pass decides, and
    the story is read."""
    teams = ["Harbour Town", "Riverside", "Quay Rovers", "Old Mill", "Dockers", "Northgate"]
    rows = "".join(
        f"<tr><td>Sat {d} Nov</td><td>{teams[d % 6]}</td><td>v</td><td>{teams[(d + 3) % 6]}"
        "</td><td>3pm</td></tr>"
        for d in range(1, 25)
    )
    html = (
        "<html><head><title>Harbour wall</title></head><body><div id='side'>"
        f"<div class='entry-content'><h3>Fixtures</h3><table>{rows}</table></div></div>"
        "<div id='main'><h1>Harbour wall</h1>"
        + "".join(f"<p>{p}</p>" for p in STORY)
        + "</div></body></html>"
    )
    text = spoken(html)
    assert all(p in text for p in STORY)
    assert "Fixtures" not in text and "Riverside" not in text


def test_a_masthead_header_is_not_the_article_header() -> None:
    """A page's masthead (a ``<header>`` outside the article, its ``<h1>`` the site's name)
    gives neither the title nor text."""
    html = (
        "<html><head><title>Harbour wall - The Town Crier</title></head><body><div id='page'>"
        "<header><h1>The Town Crier</h1><p>News from the coast since 1851.</p></header>"
        "<div class='post-content'><h1>Harbour wall</h1>"
        + "".join(f"<p>{p}</p>" for p in STORY)
        + "</div></div></body></html>"
    )
    article = parse_html(html, "page.html")
    assert article.title == "Harbour wall"
    assert "Town Crier" not in spoken(html) and "since 1851" not in spoken(html)
