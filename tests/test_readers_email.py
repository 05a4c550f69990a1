"""The e-mail reader: a newsletter (.eml, or one message on standard input) read without its
furniture; Subject, From and Date become title, author and date."""

from __future__ import annotations

import time
from datetime import datetime
from email.message import EmailMessage
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefcast.cli import cli
from briefcast.errors import ReadError
from briefcast.reading import briefing, readers
from briefcast.reading.read import read_article
from briefcast.reading.readers import Document
from briefcast.reading.readers.email import strip_newsletter_text

PARAGRAPHS = [
    "The harbour board voted on Tuesday night to build a tidal power plant at the mouth of "
    "the estuary, ending a two-year argument over who should pay for it.",
    "Engineers have measured the currents in the estuary since 2019 and found them strong "
    "enough for a commercial plant that would run for most of the year.",
    "Fishermen say the turbines will drive the fish away from the bay, and the sailing club "
    "fears for its regatta course on the eastern shore.",
    "The board promised a study of the fish stocks before any turbine goes into the water, "
    "and a public meeting in March before the final vote in May.",
]
TRACKER = "https://click.harbourletter.example/track/c/AbC123?u=9f8e&utm_source=newsletter"
# Words of the newsletter's furniture: none may be spoken.
FURNITURE = [
    "browser",
    "unsubscribe",
    "Unsubscribe",
    "preferences",
    "receiving this",
    "address book",
    "click.",
    "track",
    "utm_",
    "pixel",
    "http",
]

HTML = f"""<!DOCTYPE html><html><head><title>The Harbour Letter</title>
<style>td {{ font-family: Georgia; }}</style></head><body>
<div style="display:none">Tidal power wins the vote, and what the fishermen say</div>
<table width="100%"><tr><td align="center">
  <p><a href="{TRACKER}&l=web">View this email in your browser</a></p>
  <img src="https://harbourletter.example/logo.png" width="200" height="60" alt="">
</td></tr>
<tr><td>
  <h1>Tidal power wins the vote</h1>
  <p>{PARAGRAPHS[0]}</p>
  <p>{PARAGRAPHS[1]} <a href="{TRACKER}&l=2">Read the report</a>.</p>
  <h2>What the fishermen say</h2>
  <p>{PARAGRAPHS[2]}</p>
  <p>{PARAGRAPHS[3]} Details: {TRACKER}&l=3</p>
</td></tr>
<tr><td style="font-size:11px">
  <p>You are receiving this email because you signed up for The Harbour Letter.</p>
  <p><a href="{TRACKER}&l=unsub">Unsubscribe</a> | <a href="{TRACKER}&l=prefs">Update your
  preferences</a> | Add us to your address book</p>
</td></tr></table>
<img src="https://open.harbourletter.example/pixel.gif?id=77" width="1" height="1" alt="">
</body></html>"""

TEXT = (
    "\n\n".join(
        [
            f"View this email in your browser: {TRACKER}",
            "Tidal power wins the vote",
            PARAGRAPHS[0],
            f"{PARAGRAPHS[1]} Read the report ({TRACKER}&l=2).",
            "What the fishermen say",
            PARAGRAPHS[2],
            PARAGRAPHS[3],
            "You are receiving this email because you signed up for The Harbour Letter.",
            f"Unsubscribe: {TRACKER}&l=unsub",
            f"Update your preferences: {TRACKER}&l=prefs",
        ]
    )
    + "\n"
)


def _message(html: bool = True) -> bytes:
    """A multipart/alternative newsletter (text and HTML), or a text-only one."""
    msg = EmailMessage()
    msg["From"] = "Maria Okafor <maria@harbourletter.example>"
    msg["To"] = "reader@example.org"
    msg["Subject"] = "The Harbour Letter: tidal power wins the vote"
    msg["Date"] = "Tue, 25 Feb 2025 07:30:00 +0100"
    msg["Message-ID"] = "<letter-77@harbourletter.example>"
    msg["List-Unsubscribe"] = f"<{TRACKER}&l=header>"
    msg.set_content(TEXT)
    if html:
        msg.add_alternative(HTML, subtype="html")
    return msg.as_bytes()


@pytest.fixture(scope="module")
def eml(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The newsletter saved as an .eml file."""
    path = tmp_path_factory.mktemp("mail") / "letter.eml"
    path.write_bytes(_message())
    return path


def _script(args: list[str], data: bytes | None = None) -> str:
    result = CliRunner().invoke(cli, ["script", *args], input=data)
    assert result.exit_code == 0, result.output
    return result.output


def test_title_author_and_date_come_from_the_headers(eml: Path) -> None:
    """Subject is the title, the sender's name the author, the Date header the date."""
    article = read_article(str(eml))
    assert article.title == "The Harbour Letter: tidal power wins the vote"
    assert article.byline == "Maria Okafor"
    assert article.date == datetime.fromisoformat("2025-02-25T07:30:00+01:00")


def test_the_html_part_is_read_without_furniture_or_tracking(eml: Path) -> None:
    """The HTML part is read: every paragraph and the heading, and none of the "View in
    browser" line, the footer, the tracking pixel or the tracking links."""
    article = read_article(str(eml))
    body = " ".join(p for s in article.sections for p in s.paragraphs)
    for paragraph in PARAGRAPHS:
        assert paragraph in body
    out = _script([str(eml)])
    assert "[section] What the fishermen say" in out
    for word in FURNITURE:
        assert word not in out, word


def test_the_same_message_on_stdin_gives_the_same_script(eml: Path) -> None:
    """`briefcast script -` with the message piped in prints the same script."""
    assert _script(["-"], eml.read_bytes()) == _script([str(eml)])
    assert readers.reader_for(Document(eml.read_bytes(), "-")).name == "email"


def test_a_text_only_message_is_read_from_its_text_part(tmp_path: Path) -> None:
    """Without an HTML part the text part is read, without its footer or tracking URLs."""
    path = tmp_path / "plain.eml"
    path.write_bytes(_message(html=False))
    article = read_article(str(path))
    body = " ".join(p for s in article.sections for p in s.paragraphs)
    assert PARAGRAPHS[0] in body and PARAGRAPHS[3] in body
    assert article.title == "The Harbour Letter: tidal power wins the vote"
    for word in FURNITURE:
        assert word not in body, word


def test_strip_newsletter_text_drops_the_signature_and_footer() -> None:
    """A "-- " signature and everything after it goes, and furniture lines."""
    text = f"Real news.\nView it online\nMore news ({TRACKER}).\n-- \nThe Team\nUnsubscribe"
    assert strip_newsletter_text(text) == "Real news.\nMore news ."


def test_a_message_without_a_body_is_one_clear_error() -> None:
    """A message with only an attachment is refused with a ReadError."""
    msg = EmailMessage()
    msg["From"] = "a@example.org"
    msg["Subject"] = "Picture"
    msg.add_attachment(b"\x89PNG\r\n\x1a\n", maintype="image", subtype="png", filename="p.png")
    with pytest.raises(ReadError, match="without a text or HTML part"):
        readers.read_document(Document(msg.as_bytes(), "pic.eml"))


def test_briefing_reads_a_newsletter_file(eml: Path) -> None:
    """An .eml file is a briefing source like any article."""
    found = briefing.collect([str(eml)])
    assert not found.failed
    assert [s.article.title for s in found.stories] == [
        "The Harbour Letter: tidal power wins the vote"
    ]
    assert found.stories[0].article.byline == "Maria Okafor"


def _read_hostile(data: bytes) -> object:
    return readers.read_document(Document(data, "hostile.eml"))


def test_a_subject_of_thousands_of_encoded_words_is_read_in_little_time_and_memory() -> None:
    """A Subject of 4,000 encoded words (100 KB; 8,000 peaked at 852 MB and 60,000 were
    OOM-killed) is read quickly in little memory: headers are cut to a bounded length before
    the standard library parses them."""
    import resource

    from hostile import encoded_subject_mail

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    start = time.process_time()  # CPU time: a busy machine does not fail it
    article = _read_hostile(encoded_subject_mail(4_000))
    assert time.process_time() - start < 5.0
    # Adjacent encoded words join without the space between them (RFC 2047).
    assert article.title.startswith("café newscafé news")  # type: ignore[attr-defined]
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 60


@pytest.mark.parametrize(
    ("builder", "depth"),
    [("nested_multipart_mail", 5_000), ("nested_rfc822_mail", 3_000)],
)
def test_deeply_nested_mime_is_one_clear_error(builder: str, depth: int) -> None:
    """5,000 nested multiparts or 3,000 nested message/rfc822 parts (a RecursionError, "this
    is a bug") are one ReadError naming the nesting, found before the parser recurses."""
    import hostile

    data = getattr(hostile, builder)(depth)
    with pytest.raises(ReadError, match="nested MIME parts"):
        _read_hostile(data)


def test_a_from_of_nested_comments_is_read_without_its_author() -> None:
    """A From: header of 50,000 nested comments (a RecursionError) leaves the letter readable:
    the Subject is its title, and the author is whatever the header yields without recursing."""
    from hostile import nested_comment_from_mail

    article = _read_hostile(nested_comment_from_mail(50_000))
    assert article.title == "Comments"  # type: ignore[attr-defined]


def test_a_mail_bomb_through_the_cli_is_one_error_line(tmp_path: Path) -> None:
    """`briefcast script` of a letter of 5,000 nested multiparts prints one Error: line."""
    from hostile import nested_multipart_mail

    path = tmp_path / "deep.eml"
    path.write_bytes(nested_multipart_mail(5_000))
    result = CliRunner().invoke(cli, ["script", str(path)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and "nested" in lines[0]


def test_a_short_newsletter_keeps_its_headings() -> None:
    """A short letter whose blocks stand right in <body> keeps its section headings ("What
    changes", "What comes next"): the extractor lost the headings of a page with no container."""
    msg = EmailMessage()
    msg["From"] = "Jane Doe <jane@citydesk.example>"
    msg["Subject"] = "Bike lanes approved"
    msg.set_content("The council voted on Thursday.")
    msg.add_alternative(
        "<html><body><p>The city council voted on Thursday to build twelve kilometres of "
        "protected bike lanes.</p><h2>What changes</h2><p>Three streets lose a lane of "
        "parking.</p><h2>What comes next</h2><p>A public meeting is planned for January.</p>"
        "</body></html>",
        subtype="html",
    )
    article = readers.read_document(Document(msg.as_bytes(), "letter.eml"))
    assert [s.title for s in article.sections] == ["", "What changes", "What comes next"]
