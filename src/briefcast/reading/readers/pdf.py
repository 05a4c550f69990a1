"""The PDF reader: press releases and reports with a text layer, read with pdfminer.six.

Why pdfminer.six: it is MIT-licensed like briefcast (PyMuPDF is AGPL, which does not fit), pure
Python, and its layout analysis gives every character's font name and size and every line's
position on the page, which is what headings (bigger or bolder than the body) and running
headers and footers (the same line in the same margin on several pages) are told by. pypdf
(BSD) extracts text well but leaves the grouping of text runs into lines, and their sizes, to
the caller; pdfplumber (MIT) is a layer over pdfminer.six with more dependencies.

From the lines of every page: running headers and footers, and page numbers, are dropped;
lines are grouped into paragraphs by their spacing and shape, a word hyphenated at a line end
is rejoined, and a paragraph cut by a page break continues; a line set larger than the body
text, or in bold when the body is not, is a heading, and the largest one at the top of the
first page is the title (else the document's Title metadata). A PDF with no text layer (a
scan) is one clear error.
"""

from __future__ import annotations

import io
import json
import logging
import re
import struct
import subprocess
import sys
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import astuple, dataclass
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

from ...errors import ReadError
from ...models import Article, Section
from .base import Document
from .common import article_from_sections, same_text
from .markup import plain_line

log = logging.getLogger(__name__)

# More pages than this are not read (with a warning): 80 pages of a dense report are some
# 40,000 words, past any episode, and pdfminer takes about 0.1 s a page.
MAX_PAGES = 80
# The budgets of the child process that reads a PDF: past the time, the pages read so far are
# kept; past the memory, the PDF is refused. 80 pages of an ordinary report take about 8 s.
# 8 s leaves a 10 s budget for the whole read (the process's start, the layout of the lines).
PDF_SECONDS = 8.0
PDF_MEMORY_MB = 300
# Bounds inside the reader: an indirect reference is followed this many steps (a loop such as
# 6 0 R -> 7 0 R -> 6 0 R is refused at once, not when the time runs out), and a compressed
# stream may expand to this many bytes (a flate bomb is refused before it fills the memory).
MAX_REFERENCE_STEPS = 32
MAX_STREAM_BYTES = 64 << 20
# Where the child finds this package: the folder holding "briefcast".
_PACKAGE_PARENT = str(Path(__file__).resolve().parents[len(__name__.split(".")) - 1])
# The share of the page height, at the top and at the bottom, where running headers live.
MARGIN = 0.1
HEADING_RATIO = 1.15
_BOLD = re.compile(r"bold|black|heavy|semibold|demi", re.I)
_PAGE_NUMBER = re.compile(
    r"^(?:[-–—]\s*)?(?:page\s+)?\d{1,4}(?:\s*(?:/|of)\s*\d{1,4})?(?:\s*[-–—])?$|^[ivxlcdm]{1,6}$",
    re.I,
)
_JUNK_TITLE = re.compile(
    r"^(?:microsoft \w+ - |untitled)|\.(?:docx?|pdf|odt|rtf|indd|pages)$", re.I
)
# Typographic ligatures as the letters they stand for ("ﬁle" is "file").
_LIGATURES = str.maketrans(
    {
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\ufb05": "st",
        "\ufb06": "st",
    }
)
# What PDF writers put in the Author field when nobody set it.
_NO_AUTHOR = frozenset({"anonymous", "unknown", "author", "user", "admin", "administrator"})
_PDF_DATE = re.compile(
    r"D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Z+-])?(\d{2})?'?(\d{2})?"
)


@dataclass(frozen=True)
class Line:
    """One line of text on a page: its words, place, median font size and whether it is bold."""

    page: int
    text: str
    x0: float
    x1: float
    y0: float
    y1: float
    size: float
    bold: bool
    page_height: float

    @property
    def in_margin(self) -> bool:
        """True when the line sits in the top or bottom margin of its page."""
        return self.y1 > self.page_height * (1 - MARGIN) or self.y0 < self.page_height * MARGIN


class PdfReader:
    """PDF documents: ``.pdf``, ``application/pdf``, or bytes that start with ``%PDF-``."""

    name = "pdf"
    extensions = frozenset({".pdf"})
    media_types = frozenset({"application/pdf", "application/x-pdf"})

    def sniff(self, doc: Document) -> bool:
        """The PDF header, within the first KiB as the specification allows."""
        return b"%PDF-" in doc.head[:1024]

    def read(self, doc: Document) -> Article:
        """Read the text layer into an article with sections at its headings."""
        lines, meta = extract_lines(doc.data, doc.label)
        return article_from_lines(lines, doc.source, doc.label, meta)


READER = PdfReader()


def extract_lines(data: bytes, label: str) -> tuple[list[Line], dict[str, str]]:
    """Every text line of the PDF, page by page in reading order, and its Info metadata.

    pdfminer runs in a child process under a time budget (:data:`PDF_SECONDS`) and a memory
    budget (:data:`PDF_MEMORY_MB`): a 725-byte PDF whose ``/Length`` is a reference loop kept
    its resolver busy for ever, an 816 KB flate bomb took 1.7 GB, and 80 dense pages took
    minutes. A child that runs out of time keeps the pages it finished (with a warning); one
    that runs out of memory, or finishes no page in time, is a :class:`ReadError`.
    """
    lines, meta = _extract_in_child(data, label)
    if sum(len(line.text) for line in lines) < 20:
        raise ReadError(
            f"{label} has no text layer (a scanned or image-only PDF): briefcast "
            "reads the text of a PDF and cannot read images of pages; run it "
            "through OCR first (for example ocrmypdf) or use the text version"
        )
    return lines, meta


def _extract_in_child(data: bytes, label: str) -> tuple[list[Line], dict[str, str]]:
    """Run :func:`_extract` in a child process within the budgets; its lines and metadata."""
    code = (
        f"import sys; sys.path[:0] = [{_PACKAGE_PARENT!r}]; "
        f"from {__name__} import _child_main; "
        f"_child_main({PDF_MEMORY_MB}, {PDF_SECONDS})"
    )
    proc = subprocess.Popen(
        [sys.executable, "-I", "-c", code],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    late = False
    try:
        out, _ = proc.communicate(data, timeout=PDF_SECONDS)
    except subprocess.TimeoutExpired:
        late = True
        proc.kill()
        out, _ = proc.communicate()
    except BaseException:
        proc.kill()
        proc.wait()
        raise
    meta: dict[str, str] = {}
    lines: list[Line] = []
    pages = 0
    for raw in out.splitlines():
        try:
            message = json.loads(raw)
        except ValueError:
            continue
        if "error" in message:
            raise ReadError(f"{label} {message['error']}")
        if "warning" in message:
            log.warning("%s %s", label, message["warning"])
        if "meta" in message:
            meta = {str(k): str(v) for k, v in message["meta"].items()}
        if "page" in message:
            pages += 1
            lines += [Line(*fields) for fields in message["page"]]
    if late:
        if not pages:
            raise ReadError(
                f"{label} could not be read within {PDF_SECONDS:g} s (a damaged PDF, or one "
                "made to stall its reader); save it again from a PDF viewer and read that copy"
            )
        log.warning(
            "%s took more than %g s to read; reading its first %d pages", label, PDF_SECONDS, pages
        )
    elif proc.returncode != 0:
        raise ReadError(
            f"{label} could not be read within {PDF_MEMORY_MB} MB of memory (a damaged PDF, "
            "or one whose compressed streams expand without end)"
        )
    return lines, meta


def _child_main(memory_mb: int, seconds: float) -> None:
    """The child process: set its own limits, read the PDF from standard input, write JSON
    lines (the metadata, one per page, or an error) to standard output."""
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (memory_mb << 20, memory_mb << 20))
    # A CPU limit as well, so that an orphaned child ends by itself.
    cpu = int(seconds) + 2
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
    out = sys.stdout

    def emit(message: dict[str, object]) -> None:
        out.write(json.dumps(message) + "\n")
        out.flush()

    data = sys.stdin.buffer.read()
    _bound_pdfminer()
    try:
        _extract(
            data,
            lambda meta: emit({"meta": meta}),
            lambda page: emit({"page": [list(astuple(line)) for line in page]}),
            lambda warning: emit({"warning": warning}),
        )
    except ReadError as exc:
        emit({"error": str(exc)})
    except MemoryError:
        emit(
            {
                "error": f"could not be read within {memory_mb} MB of memory (a damaged PDF, "
                "or one whose compressed streams expand without end)"
            }
        )


class _Unreadable(ValueError):
    """A bound of :func:`_bound_pdfminer` was passed (caught as a damaged PDF)."""


def _bound_pdfminer() -> None:
    """Put bounds into pdfminer, in the child process only: references are followed at most
    :data:`MAX_REFERENCE_STEPS` steps, and a FlateDecode stream (sound or damaged) expands to at
    most :data:`MAX_STREAM_BYTES`, in linear time (pdfminer re-reads a damaged stream one byte
    at a time into a growing bytes object, which is quadratic)."""
    import importlib

    from pdfminer import pdftypes

    # Every module that took its own copy of resolve1 is loaded now, so its copy is replaced.
    for part in ("converter", "pdfdocument", "pdfinterp", "pdfpage", "pdfparser", "pdffont"):
        importlib.import_module(f"pdfminer.{part}")

    def resolve1(x: object, default: object = None) -> object:
        for _ in range(MAX_REFERENCE_STEPS):
            if not isinstance(x, pdftypes.PDFObjRef):
                return x
            x = x.resolve(default=default)
        if isinstance(x, pdftypes.PDFObjRef):
            raise _Unreadable("an indirect reference leads round in a loop")
        return x

    def resolve_all(x: object, default: object = None, depth: int = 0) -> object:
        x = resolve1(x, default)
        if depth > MAX_REFERENCE_STEPS:
            raise _Unreadable("its objects are nested past reason")
        if isinstance(x, list):
            return [resolve_all(v, default, depth + 1) for v in x]
        if isinstance(x, dict):
            return {k: resolve_all(v, default, depth + 1) for k, v in x.items()}
        return x

    def inflate(data: bytes, damaged: bool = False) -> bytes:
        inflater = zlib.decompressobj()
        out: list[bytes] = []
        size = 0
        for i in range(0, len(data), 4096):
            chunk = data[i : i + 4096]
            saved = inflater.copy()
            try:
                piece = inflater.decompress(chunk, MAX_STREAM_BYTES - size + 1)
            except zlib.error:
                if not damaged:
                    raise
                # As pdfminer does: keep what the bytes before the damage expand to.
                inflater = saved
                for j in range(len(chunk)):
                    try:
                        out.append(inflater.decompress(chunk[j : j + 1]))
                    except zlib.error:
                        break
                break
            out.append(piece)
            size += len(piece)
            if size > MAX_STREAM_BYTES or inflater.unconsumed_tail:
                raise _Unreadable(f"a compressed stream expands past {MAX_STREAM_BYTES >> 20} MB")
        return b"".join(out)

    class _Zlib:
        """pdfminer.pdftypes' view of zlib: decompress is bounded."""

        error = zlib.error

        @staticmethod
        def decompress(data: bytes) -> bytes:
            return inflate(data)

        def __getattr__(self, name: str) -> object:
            return getattr(zlib, name)

    for module in [m for name, m in sys.modules.items() if name.startswith("pdfminer.")]:
        for name, bounded in (("resolve1", resolve1), ("resolve_all", resolve_all)):
            if getattr(module, name, None) is getattr(pdftypes, name):
                setattr(module, name, bounded)
    pdftypes.zlib = _Zlib()  # type: ignore[assignment]
    pdftypes.decompress_corrupted = lambda data: inflate(data, damaged=True)


def _extract(
    data: bytes,
    on_meta: Callable[[dict[str, str]], None],
    on_page: Callable[[list[Line]], None],
    on_warning: Callable[[str], None],
) -> None:
    """Read the PDF in this process: its metadata, then each page's lines, as they come.
    Raises :class:`ReadError` (its message without the document's name) when it cannot."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams, LTChar, LTTextContainer, LTTextLine
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser
    from pdfminer.psexceptions import PSException

    try:
        document = PDFDocument(PDFParser(io.BytesIO(data)))
        on_meta(_info(document))
        manager = PDFResourceManager()
        device = PDFPageAggregator(manager, laparams=LAParams())
        interpreter = PDFPageInterpreter(manager, device)
        for number, page in enumerate(PDFPage.create_pages(document)):
            if number >= MAX_PAGES:
                on_warning(f"has more than {MAX_PAGES} pages; reading the first {MAX_PAGES}")
                break
            interpreter.process_page(page)
            lines: list[Line] = []
            layout = device.get_result()
            for box in layout:
                if not isinstance(box, LTTextContainer):
                    continue
                for item in box:
                    if not isinstance(item, LTTextLine):
                        continue
                    text = " ".join(item.get_text().translate(_LIGATURES).split())
                    chars = [c for c in item if isinstance(c, LTChar) and c.get_text().strip()]
                    if not text or not chars:
                        continue
                    sizes = sorted(round(c.size * 2) / 2 for c in chars)
                    bold = sum(bool(_BOLD.search(c.fontname)) for c in chars) > len(chars) / 2
                    lines.append(
                        Line(
                            number,
                            text,
                            item.x0,
                            item.x1,
                            item.y0,
                            item.y1,
                            sizes[len(sizes) // 2],
                            bold,
                            layout.height,
                        )
                    )
            on_page(lines)
    except _Unreadable as exc:
        raise ReadError(
            f"is a damaged PDF, or one made to stall its reader ({exc}); save it again from a "
            "PDF viewer and read that copy"
        ) from None
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise ReadError(
            "is an encrypted PDF; save a copy without a password and read that"
        ) from None
    except (
        PSException,
        ValueError,
        LookupError,
        TypeError,
        AttributeError,
        AssertionError,
        OSError,
        EOFError,
        RecursionError,
        struct.error,
        zlib.error,
    ) as exc:
        # pdfminer reports a damaged file through whichever of these its parser hit.
        raise ReadError(
            f"is not a PDF that can be read ({type(exc).__name__}: "
            f"{str(exc)[:300]}); is the file complete?"
        ) from None


def _info(document: object) -> dict[str, str]:
    """The Title, Author and CreationDate of the PDF's Info dictionary, as text."""
    from pdfminer.pdftypes import resolve1
    from pdfminer.utils import decode_text

    found: dict[str, str] = {}
    for info in getattr(document, "info", []) or []:
        for key in ("Title", "Author", "CreationDate"):
            value = resolve1(info.get(key)) if isinstance(info, dict) else None
            if isinstance(value, bytes):
                value = decode_text(value)
            if (
                isinstance(value, str)
                and value.strip()
                and key not in found
                and (key != "Author" or value.strip().lower() not in _NO_AUTHOR)
            ):
                found[key] = plain_line(value)
    return found


def running_lines(lines: list[Line]) -> set[int]:
    """Indexes of running headers and footers and of page numbers.

    A header or footer is a line in a page's margin whose text, digits aside, recurs in the
    margin of another page; a page number is a margin line of just a number ("3", "Page 3 of
    9", "- 3 -", "iv").
    """

    def key(line: Line) -> tuple[bool, str]:
        top = line.y1 > line.page_height * (1 - MARGIN)
        return top, re.sub(r"\d+", "#", line.text.lower())

    pages_of: dict[tuple[bool, str], set[int]] = {}
    for line in lines:
        if line.in_margin:
            pages_of.setdefault(key(line), set()).add(line.page)
    return {
        i
        for i, line in enumerate(lines)
        if line.in_margin and (_PAGE_NUMBER.match(line.text) or len(pages_of[key(line)]) >= 2)
    }


def _body_style(lines: list[Line]) -> tuple[float, bool]:
    """The size and boldness of most of the text (counted in characters)."""
    sizes: Counter[float] = Counter()
    bold: Counter[bool] = Counter()
    for line in lines:
        sizes[line.size] += len(line.text)
        bold[line.bold] += len(line.text)
    return sizes.most_common(1)[0][0], bold.most_common(1)[0][0]


def _is_heading(line: Line, body_size: float, body_bold: bool) -> bool:
    """Set larger than the body, or bold when the body is not; short and unfinished."""
    words = len(line.text.split())
    if words > 20 or _PAGE_NUMBER.match(line.text):
        return False
    if line.size >= body_size * HEADING_RATIO:
        return True
    return (
        line.bold
        and not body_bold
        and line.size >= body_size * 0.95
        and words <= 15
        and line.text[-1] not in ".,;"
    )


# A number word before a unit ("two-year", "three-day-old") or one of these before anything
# ("self-driving", "well-known") makes a compound whose hyphen stays: no English word breaks
# into those syllables. Other heads ("ten-" + "sion") are broken words, joined.
_NUMBER_HEADS = frozenset(
    "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety "
    "hundred thousand million billion half".split()
)
_UNIT_TAILS = frozenset(
    "year years month months week weeks day days hour hours minute minutes second seconds "
    "mile miles kilometre kilometres kilometer kilometers metre metres meter meters foot feet "
    "inch inches point points page pages game games seat seats member members story stories "
    "time times percent person people man woman vote votes party way part term run".split()
)
_COMPOUND_HEADS = frozenset({"self", "well"})


def _compound(head: str, tail: str) -> bool:
    """Whether ``head``-``tail`` broken at its hyphen is a compound by its shape alone."""
    head, tail = head.lower(), tail.lower().split("-", 1)[0]
    return head in _COMPOUND_HEADS or (head in _NUMBER_HEADS and tail in _UNIT_TAILS)


def join_lines(first: str, second: str, compounds: frozenset[str] = frozenset()) -> str:
    """Two lines of one paragraph, a word hyphenated across them rejoined ("infra-" +
    "structure" is "infrastructure"); a hyphen that belongs to the words stays, without a space
    ("well-" + "Known" is "well-Known", "1990-" + "91" is "1990-91", "two-" + "year" and
    "self-" + "driving", and any compound that ``compounds``, the hyphenated words found
    elsewhere in the text, hold)."""
    end = first[-2:]  # only the end of ``first`` is looked at: it may be long
    if re.search(r"[^\W\d_][-\u00ad]$", end) and second[:1].islower():
        head = first[:-1].rsplit(" ", 1)[-1]
        tail = second.split(" ", 1)[0].rstrip('.,;:!?)"”’')
        if first[-1] == "-" and (f"{head}-{tail}".lower() in compounds or _compound(head, tail)):
            return first + second
        return first[:-1] + second
    if re.search(r"\S[-\u00ad]$", end):
        return first.removesuffix("\u00ad") + second
    return f"{first} {second}"


def _paragraphs(
    lines: list[Line], compounds: frozenset[str] = frozenset()
) -> list[tuple[str, Line]]:
    """Body lines grouped into paragraphs (each with its first line), by spacing and shape."""
    pitches = Counter(
        round(a.y1 - b.y1)
        for a, b in zip(lines, lines[1:], strict=False)
        if a.page == b.page and 0 < a.y1 - b.y1 < 3 * a.size and round(a.size) == round(b.size)
    )
    pitch = pitches.most_common(1)[0][0] if pitches else 0.0
    width = max((line.x1 - line.x0 for line in lines), default=0.0)
    out: list[tuple[str, Line]] = []
    # The paragraph so far as its lines (each as joined to the one before), so that joining a
    # line looks only at the line before it: a PDF of one 80-page paragraph took minutes when
    # every line searched and copied the whole paragraph.
    parts: list[str] = []
    start, prev = None, None
    for line in lines:
        if prev is not None and start is not None:
            ends = prev.text[-1] in '.!?:"”’)'
            if line.page != prev.page:
                # A sentence cut by the page break goes on, unless the new page starts afresh.
                new = ends or not line.text[:1].islower()
            else:
                gap = prev.y1 - line.y1
                new = (
                    (gap > 1.4 * pitch if pitch else gap > 1.8 * prev.size)
                    or gap < 0
                    or (ends and prev.x1 - prev.x0 < 0.8 * width)
                    or abs(line.size - prev.size) > 1
                )
            if new:
                out.append(("".join(parts), start))
                parts, start = [], None
        if parts:
            # join_lines ends with the new line as given; only the line before may change.
            joined = join_lines(parts[-1], line.text, compounds)
            parts[-1] = joined[: len(joined) - len(line.text)]
        parts.append(line.text)
        start = start or line
        prev = line
    if parts and start is not None:
        out.append(("".join(parts), start))
    return out


def article_from_lines(lines: list[Line], source: str, label: str, meta: dict[str, str]) -> Article:
    """Sections at the headings, the title, author and date, from the PDF's lines."""
    running = running_lines(lines)
    content = [line for i, line in enumerate(lines) if i not in running]
    if not content:
        raise ReadError(f"{label} holds only running headers and page numbers")
    body_size, body_bold = _body_style(content)
    # A compound starts only where a word starts: unanchored, the search tried every letter
    # of a long unbroken run and backtracked through the rest of it (a fuzzed page of one
    # 68,000-letter word took 29 s).
    compounds = frozenset(
        re.findall(
            r"(?<![^\W\d_])[^\W\d_]+-[^\W\d_]+",
            " ".join(line.text for line in content).lower(),
        )
    )
    blocks: list[tuple[str, list[Line]]] = []  # ("h", [line]) or ("p", lines)
    for line in content:
        kind = "h" if _is_heading(line, body_size, body_bold) else "p"
        if (
            blocks
            and blocks[-1][0] == kind
            and (
                kind == "p"
                or (
                    blocks[-1][1][-1].size == line.size
                    and blocks[-1][1][-1].page == line.page
                    and blocks[-1][1][-1].y0 - line.y1 < line.size
                )
            )
        ):
            blocks[-1][1].append(line)  # a heading set on two lines is one heading
        else:
            blocks.append((kind, [line]))
    # The title: the largest heading near the top of the first page. Only short lines (a
    # kicker such as "PRESS RELEASE", a dateline) may stand above it; they go with it.
    title = ""
    biggest = max((b[1][0].size for b in blocks if b[0] == "h"), default=0.0)
    above = 0
    for i, (kind, group) in enumerate(blocks[:5]):
        if group[0].page != 0:
            break
        if kind == "h" and group[0].size >= biggest:
            title = " ".join(line.text for line in group)
            del blocks[: i + 1]
            break
        above += sum(len(line.text.split()) for line in group)
        if above > 12:
            break
    if not title and not _JUNK_TITLE.search(meta.get("Title", "")):
        title = meta.get("Title", "")
    sections: list[Section] = []
    heading, paragraphs = "", list[str]()
    for kind, group in blocks:
        if kind == "h":
            words = " ".join(line.text for line in group)
            if not sections and not paragraphs and same_text(words, title):
                continue
            if paragraphs:
                sections.append(Section(heading, tuple(paragraphs)))
            heading, paragraphs = words, []
        else:
            paragraphs.extend(text for text, _ in _paragraphs(group, compounds))
    if paragraphs:
        sections.append(Section(heading, tuple(paragraphs)))
    if not sections:
        raise ReadError(f"{label} holds headings but no text to read")
    return article_from_sections(
        sections,
        source,
        title=title,
        byline=meta.get("Author", ""),
        date=pdf_date(meta.get("CreationDate", "")),
    )


def pdf_date(value: str) -> datetime | None:
    """A PDF date ("D:20250224093000+01'00'") as an aware datetime (UTC when no zone)."""
    match = _PDF_DATE.match(value.strip())
    if not match:
        return None
    year, month, day, hour, minute, second, sign, tzh, tzm = match.groups()
    try:
        when = datetime(
            int(year),
            int(month or 1),
            int(day or 1),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
        )
    except ValueError:
        return None
    if sign in ("+", "-") and tzh:
        offset = timedelta(hours=int(tzh), minutes=int(tzm or 0))
        return when.replace(tzinfo=timezone(offset if sign == "+" else -offset))
    return when.replace(tzinfo=UTC)
