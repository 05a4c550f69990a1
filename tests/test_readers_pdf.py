"""The PDF reader: headings by font, running headers and page numbers dropped, hyphens rejoined,
no text layer refused; PDFs from files, standard input, URLs and briefings.

The PDFs are written in the test with reportlab, so that every line's font and place is known.
"""

from __future__ import annotations

import io
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from click.testing import CliRunner
from http_helpers import serving_handler

from briefcast.cli import cli
from briefcast.errors import ReadError
from briefcast.reading import briefing, readers
from briefcast.reading.read import read_article
from briefcast.reading.readers import Document
from briefcast.reading.readers.pdf import join_lines, pdf_date

HEADER = "Harbour Board - Annual Report 2025"
# (kind, content) per page: "title" and "h" are one line, "p" a list of lines as set.
PAGES = [
    [
        ("title", "Harbour Board Annual Report"),
        ("h", "Why tidal power"),
        (
            "p",
            [
                "The harbour board voted on Tuesday night to build a tidal power plant at the",
                "mouth of the estuary, ending a two-year argument over who should pay for the",
                "new infra-",
                "structure and when the work should start.",
            ],
        ),
        (
            "p",
            [
                "Engineers have measured the currents in the estuary since 2019 and found",
                "them strong enough to run a commercial plant for most of the year, and the",
            ],
        ),
    ],
    [
        ("p", ["board expects the first turbine to turn in the spring of next year."]),
        ("h", "The objections"),
        (
            "p",
            [
                "Fishermen say the turbines will drive the fish away from the bay, and the",
                "sailing club fears for its regatta course.",
            ],
        ),
        (
            "p",
            [
                "The board promised a well-",
                "Known firm would study the fish stocks before any turbine goes in.",
            ],
        ),
    ],
    [
        ("h", "What comes next"),
        ("p", ["A public meeting is planned for March, and the final vote is due in May."]),
    ],
]


def _report_pdf(pages: list[list[tuple[str, object]]] = PAGES, running: bool = True) -> bytes:
    """A4 pages with a running header and "Page n of N" footers (when ``running``), a 22 pt
    bold title, 10 pt bold kickers, 14 pt bold headings and 11 pt body text."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4, invariant=1)
    pdf.setAuthor("Maria Okafor")
    width, height = A4
    for number, page in enumerate(pages, 1):
        if running:
            pdf.setFont("Helvetica", 9)
            pdf.drawString(72, height - 40, HEADER)
            pdf.drawCentredString(width / 2, 30, f"Page {number} of {len(pages)}")
        y = height - 100
        for kind, content in page:
            if kind == "kicker":
                pdf.setFont("Helvetica-Bold", 10)
                pdf.drawString(72, y, str(content))
                y -= 20
            elif kind == "title":
                pdf.setFont("Helvetica-Bold", 22)
                pdf.drawString(72, y, str(content))
                y -= 40
            elif kind == "h":
                pdf.setFont("Helvetica-Bold", 14)
                pdf.drawString(72, y, str(content))
                y -= 24
            else:
                pdf.setFont("Helvetica", 11)
                for line in content:
                    pdf.drawString(72, y, line)
                    y -= 14
                y -= 10
        pdf.showPage()
    pdf.save()
    return buf.getvalue()


def _scanned_pdf() -> bytes:
    """One page holding only a picture of text, as a scanner makes it: no text layer."""
    from PIL import Image, ImageDraw
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.utils import ImageReader
    from reportlab.pdfgen import canvas

    image = Image.new("L", (400, 200), 255)
    ImageDraw.Draw(image).text((20, 80), "The harbour board voted on Tuesday", fill=0)
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4)
    pdf.drawImage(ImageReader(image), 72, 400, width=400, height=200)
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The report PDF, written once for the module."""
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    path.write_bytes(_report_pdf())
    return path


def _body(article: object) -> str:
    return "\n".join(p for s in article.sections for p in s.paragraphs)  # type: ignore[attr-defined]


def test_title_and_headings_come_from_font_size_and_weight(report: Path) -> None:
    """The 22 pt line is the title; the 14 pt bold lines are the section headings, in order;
    the author comes from the PDF's metadata."""
    article = read_article(str(report))
    assert article.title == "Harbour Board Annual Report"
    assert [s.title for s in article.sections] == [
        "Why tidal power",
        "The objections",
        "What comes next",
    ]
    assert article.byline == "Maria Okafor"
    assert article.language == "en"


def test_a_kicker_above_the_title_is_not_the_title() -> None:
    """A small "PRESS RELEASE" line above the 22 pt title neither becomes the title nor is
    read as a heading."""
    data = _report_pdf(
        [
            [
                ("kicker", "PRESS RELEASE"),
                ("title", "Harbour wins tidal grant"),
                (
                    "p",
                    [
                        "The harbour board has won a grant of two million pounds",
                        "for its tidal plant, the ministry said on Monday.",
                    ],
                ),
                ("h", "Next steps"),
                ("p", ["Work starts in the spring and ends in two years."]),
            ]
        ],
        running=False,
    )
    article = readers.read_document(Document(data, "release.pdf"))
    assert article.title == "Harbour wins tidal grant"
    assert [s.title for s in article.sections] == ["", "Next steps"]
    assert "PRESS RELEASE" not in _body(article)


def test_running_header_footer_and_page_numbers_are_dropped(report: Path) -> None:
    """The header on every page and the "Page n of 3" footers are not read."""
    result = CliRunner().invoke(cli, ["script", str(report)])
    assert result.exit_code == 0, result.output
    spoken = result.output.lower()
    assert "2025" not in spoken and "twenty twenty-five" not in spoken
    assert "page" not in spoken and "of 3" not in spoken and "of three" not in spoken
    body = _body(read_article(str(report)))
    assert HEADER not in body and "Page" not in body


def test_hyphenated_line_breaks_are_rejoined(report: Path) -> None:
    """ "infra-" + "structure" is one word; a hyphen before a capital stays; a sentence cut by
    a page break is one paragraph."""
    body = _body(read_article(str(report)))
    assert "new infrastructure and when" in body
    assert "infra-" not in body and "infra " not in body
    assert "a well-Known firm" in body
    assert "most of the year, and the board expects the first turbine" in body


def test_join_lines() -> None:
    """Only a letter, a hyphen and a lower-case continuation make one word."""
    assert join_lines("new infra-", "structure") == "new infrastructure"
    assert join_lines("the 1990-", "91 season") == "the 1990-91 season"
    assert join_lines("a pause -", "then") == "a pause - then"
    assert join_lines("the end.", "Next") == "the end. Next"
    assert join_lines("a two-", "year fight", frozenset({"two-year"})) == "a two-year fight"
    # Compounds by their shape, seen nowhere else in the text.
    assert join_lines("a two-", "year fight") == "a two-year fight"
    assert join_lines("a three-", "year-old boy") == "a three-year-old boy"
    assert join_lines("the self-", "driving cars") == "the self-driving cars"
    assert join_lines("a well-", "known name") == "a well-known name"
    # Words broken at a syllable that looks like a number word are still joined.
    assert join_lines("the ten-", "sion grew") == "the tension grew"
    assert join_lines("a one-", "rous task") == "a onerous task"


def test_image_only_pdf_is_one_clear_error(tmp_path: Path) -> None:
    """A scanned PDF without a text layer gives one Error line that says so."""
    path = tmp_path / "scan.pdf"
    path.write_bytes(_scanned_pdf())
    with pytest.raises(ReadError, match="has no text layer"):
        read_article(str(path))
    result = CliRunner().invoke(cli, ["script", str(path)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: {path} has no text layer")


def test_broken_pdf_is_one_clear_error() -> None:
    """A truncated PDF is refused with a ReadError, not a traceback."""
    data = _report_pdf()
    with pytest.raises(ReadError, match="not a PDF that can be read|no text layer"):
        readers.read_document(Document(data[: len(data) // 3], "cut.pdf"))


def test_pdf_is_recognised_on_stdin_and_by_content(report: Path) -> None:
    """A PDF piped in, or saved without its extension, is read by the PDF reader."""
    data = report.read_bytes()
    assert readers.reader_for(Document(data, "-")).name == "pdf"
    result = CliRunner().invoke(cli, ["script", "-"], input=data)
    assert result.exit_code == 0, result.output
    assert "[section] The objections" in result.output


def test_pdf_date() -> None:
    """PDF dates become aware datetimes."""
    assert pdf_date("D:20250224093000+01'00'") == datetime.fromisoformat(
        "2025-02-24T09:30:00+01:00"
    )
    assert pdf_date("D:2025") == datetime(2025, 1, 1, tzinfo=UTC)
    assert pdf_date("yesterday") is None


@pytest.fixture(scope="module")
def pdf_server(report: Path) -> Iterator[str]:
    """Serves the report as application/pdf at any path, and at /feed.rss a news feed whose
    one entry links to it."""
    body = report.read_bytes()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            ctype, data = "application/pdf", body
            if self.path == "/feed.rss":
                base = f"http://127.0.0.1:{self.server.server_address[1]}"
                ctype, data = (
                    "application/rss+xml",
                    (
                        '<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour News'
                        f"</title><item><title>Annual report</title><link>{base}/annual</link>"
                        "<description>The report.</description></item></channel></rss>"
                    ).encode(),
                )
            body_out = data
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body_out)))
            self.end_headers()
            self.wfile.write(body_out)

        def log_message(self, *args: object) -> None:
            pass

    with serving_handler(Handler) as base:
        yield base


def test_url_serving_application_pdf_is_read(pdf_server: str) -> None:
    """A URL whose Content-Type is application/pdf is read by the PDF reader, with its URL."""
    article = read_article(f"{pdf_server}/download")
    assert article.title == "Harbour Board Annual Report"
    assert article.source_url == f"{pdf_server}/download"


def test_briefing_reads_a_pdf_file_and_a_pdf_url(report: Path, pdf_server: str) -> None:
    """`briefcast briefing` sources may be PDF files and URLs serving PDFs."""
    found = briefing.collect([str(report), f"{pdf_server}/report?copy=2"])
    assert not found.failed
    # The second is the same text under another address: read once.
    assert [s.article.title for s in found.stories] == ["Harbour Board Annual Report"]


def test_briefing_reads_a_feed_entry_that_links_to_a_pdf(pdf_server: str) -> None:
    """A news feed entry whose link serves application/pdf is read as the PDF, not from the
    entry's summary."""
    found = briefing.collect([f"{pdf_server}/feed.rss"])
    assert not found.failed
    (story,) = found.stories
    assert not story.from_summary
    assert story.article.title == "Harbour Board Annual Report"
    assert story.publisher == "Harbour News"


def test_a_length_reference_loop_is_refused_at_once() -> None:
    """A 700-byte PDF whose stream /Length is a reference loop (6 0 R -> 7 0 R -> 6 0 R),
    which kept pdfminer's resolver busy for ever, is one ReadError naming the loop, long
    before the time budget runs out: references are followed a bounded number of steps."""
    from hostile import reference_loop_pdf

    start = time.monotonic()
    with pytest.raises(ReadError, match=r"damaged PDF.*reference leads round in a loop"):
        readers.read_document(Document(reference_loop_pdf(), "loop.pdf"))
    assert time.monotonic() - start < 4.0


@pytest.mark.parametrize("damaged", [False, True], ids=["sound", "damaged"])
def test_a_flate_bomb_is_refused_by_its_expansion(damaged: bool) -> None:
    """A 400 KB PDF whose content stream inflates to 400 MB (the round's 816 KB bomb peaked
    at 1.7 GB) is one ReadError naming the bound on a stream's expansion, quickly; so is the
    same bomb with a damaged byte (pdfminer re-read a damaged stream byte by byte into a
    growing string: quadratic)."""
    from hostile import flate_bomb_pdf

    data = bytearray(flate_bomb_pdf(400))
    if damaged:
        data[len(data) // 2] ^= 0xFF
    start = time.monotonic()
    with pytest.raises(ReadError, match=r"a compressed stream expands past 64 MB"):
        readers.read_document(Document(bytes(data), "bomb.pdf"))
    assert time.monotonic() - start < 4.0


def test_the_memory_budget_still_refuses_what_the_bounds_let_through(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Past the bounds, the child's memory budget holds: a 100 MB bomb under a 50 MB budget
    is one ReadError naming the budget."""
    from hostile import flate_bomb_pdf

    from briefcast.reading.readers import pdf

    monkeypatch.setattr(pdf, "PDF_MEMORY_MB", 50)
    with pytest.raises(ReadError, match=r"within 50 MB of memory"):
        readers.read_document(Document(flate_bomb_pdf(60), "bomb.pdf"))


def test_a_paragraph_of_many_pages_is_laid_out_in_linear_time() -> None:
    """Lines of one paragraph over 80 dense pages (14,400 lines) are joined in about a
    second: each join looks at the line before, not the whole paragraph (it took 43 s)."""
    from briefcast.reading.readers import pdf

    words = "tide harbour board vote " * 12
    lines = [
        pdf.Line(
            n // 180, f"p{n // 180} l{n % 180} {words}infra-", 10, 580, y, y + 4, 4, False, 2000
        )
        for n in range(14_400)
        for y in [1700 - (n % 180) * 4.5]  # all in the body of a tall page
    ]
    start = time.process_time()
    article = pdf.article_from_lines(lines, "dense.pdf", "dense.pdf", {})
    assert time.process_time() - start < 5.0
    text = " ".join(p for s in article.sections for p in s.paragraphs)
    assert text.count("infrap") == 14_399  # every break rejoined, page breaks too
    assert text.count("tide") == 14_400 * 12


def test_a_page_of_one_long_word_is_laid_out_in_linear_time() -> None:
    """A line of 70,000 letters with no space or hyphen (a fuzzed PDF: finding the article's
    hyphenated compounds took 29 s on it) is laid out in well under a second of CPU, and a
    compound the article writes with its hyphen keeps it when a line break splits it."""
    from briefcast.reading.readers import pdf

    lines = [
        pdf.Line(0, "Harbour Report", 10, 580, 700, 720, 18, True, 800),
        pdf.Line(0, "x" * 70_000, 10, 580, 600, 604, 4, False, 800),
        pdf.Line(0, "The long-known board met the long-", 10, 580, 590, 594, 4, False, 800),
        pdf.Line(0, "known tide again.", 10, 580, 585, 589, 4, False, 800),
    ]
    start = time.process_time()
    article = pdf.article_from_lines(lines, "word.pdf", "word.pdf", {})
    assert time.process_time() - start < 1.0
    text = " ".join(p for s in article.sections for p in s.paragraphs)
    assert "the long-known tide" in text and "x" * 70_000 in text


def test_a_slow_pdf_keeps_the_pages_read_within_the_budget(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A PDF that takes longer than the budget to read keeps the pages finished in time, with
    a warning naming the budget: a long report is cut, not lost."""
    from briefcast.reading.readers import pdf

    line = "The harbour board measured the tides again and found the currents strong."
    pages: list[list[tuple[str, object]]] = [[("p", [line] * 55)] for _ in range(80)]
    data = _report_pdf(pages, running=False)
    # 80 full pages take pdfminer 4-8 s; the budget is well under that, and long enough for a
    # first page even on a busy machine.
    monkeypatch.setattr(pdf, "PDF_SECONDS", 1.5)
    lines, _ = pdf.extract_lines(data, "long.pdf")
    assert 0 < len({line.page for line in lines}) < 80
    assert "took more than 1.5 s to read; reading its first" in caplog.text
