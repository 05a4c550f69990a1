"""The plain-text reader: text as pasted from a news page, or as wrapped in an e-mail.

Cleaning removes captions, credits and widgets; the title, byline and date lines at the top are
recognised; hard-wrapped lines are joined into paragraphs; headings are found by their shape (a
short unfinished line followed by body text). Markup and entities that slipped into the text are
rendered to plain text first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime

from ...errors import ReadError
from ...models import Article, Section
from .. import clean
from .base import Document
from .common import join_headings
from .encoding import decode_text
from .markup import strip_markup

HEADING_MAX_WORDS = 10
HEADING_MAX_CHARS = 80
# A question that opens with one of these is a sentence of the story, not a heading.
_SENTENCE_OPENERS = frozenset(
    "but and so or yet then still i you we he she they it this that there".split()
)
BYLINE = re.compile(
    r"^(?:(?:by|written by)\s+(?P<who>[A-Z][^.!?]{1,120})|"
    r"(?P<named>[A-Z][\w'’-]+(?: [A-Z][\w'’-]+){1,3}?),? (?:[A-Z][\w]*(?: [A-Z][\w]*){0,3} )?"
    r"(?:correspondent|reporter|editor|writer|columnist|journalist)s?)$",
    re.IGNORECASE,
)
# A bare name in the header ("Kirk Siegler"), as NPR and others print the byline.
PERSON_NAME = re.compile(r"^[A-Z][a-z'’-]+(?: (?:[A-Z]\.|[A-Z][a-z'’-]+)){1,3}$")
_AGENCY_SUFFIX = re.compile(
    r"(?:,|\s+[|·•-]|(?=\s+(?:The )?Associated Press))\s*(?:The )?"
    r"(?:Associated Press|Reuters|AP|AFP|NPR|BBC(?: News)?|CNN|"
    r"Bloomberg|[A-Z][\w ]{1,30} (?:staff|correspondent|reporter)s?)\s*$"
)
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
DATE_LINE = re.compile(
    rf"^(?:(?:updated|published|posted|last updated|first published)\b[:\s]*(?:on\s+)?)?"
    rf"(?:[A-Z][a-z]{{2,8}}\.?,?\s+)?(?:(?:{_MONTH}\s+\d{{1,2}},?\s+\d{{4}})|(?:\d{{1,2}}\s+{_MONTH}"
    rf"\s+\d{{4}})|(?:\d{{4}}-\d{{2}}-\d{{2}}))"
    rf"[\s,·•|at]*(?:\d{{1,2}}[:.]\d{{2}}\s*(?:[ap]\.?m\.?)?\s*[A-Z]{{0,4}}(?:\s+[A-Z]{{2,4}})?)?"
    rf"\s*(?:\(?updated[^.!?]{{0,40}})?$"
    rf"|^(?:updated|published|posted|last updated|first published)\b[^.!?]{{0,60}}$",
    re.IGNORECASE,
)


def is_heading(line: str, next_line: str) -> bool:
    """A heading: a short line without a closing period, followed by body text.

    "Ukraine shedding an ally?" is a heading; a short one-sentence paragraph ending with a
    period is not, nor a question that opens like a sentence ("But will it last?"), nor a line
    followed by nothing or by another short line.
    """
    if not line or not next_line or not heading_shaped(line):
        return False
    # The next line must read as body text: a longer, finished sentence.
    return len(next_line.split()) > HEADING_MAX_WORDS or next_line[-1] in '.!?"”’»:'


def heading_shaped(line: str) -> bool:
    """A line shaped like a heading: short, capitalised, not a finished sentence."""
    if not line:
        return False
    if len(line) > HEADING_MAX_CHARS or len(line.split()) > HEADING_MAX_WORDS:
        return False
    if line[-1] in '.,;:!…"”’»)' or line[0] in "\"“‘«(-–—*•'":
        return False
    if not (line[0].isupper() or line[0].isdigit()):
        return False
    if line.endswith("?") and line.split()[0].lower().strip(",") in _SENTENCE_OPENERS:
        return False
    return not (any(q in line for q in '"“”') or re.search(r"[.!?]\s", line))


def _join_wrapped(block: Sequence[str]) -> str:
    """The lines of one wrapped paragraph as one line. Wrapping breaks lines at spaces and
    after the hyphens a text already has (as e-mail programs and ``textwrap`` do), never inside
    a word, so a line ending in a hyphen after a letter continues the same word: "two-" and
    "year" are "two-year"."""
    text = block[0]
    for line in block[1:]:
        glued = re.search(r"[^\W\d_]-$", text) and line[:1].isalpha()
        text = f"{text}{line}" if glued else f"{text} {line}"
    return text


def join_wrapped_lines(lines: Sequence[str]) -> list[str]:
    """Paragraphs from cleaned lines: one per line, or one per block when lines are hard-wrapped.

    Text pasted from a page has one paragraph per line; text from e-mail or a terminal is
    wrapped at a fixed width, with blank lines between paragraphs. A block is wrapped when its
    lines (but the last) are of similar width, at most 100 characters, and some end mid-sentence.
    """
    paragraphs: list[str] = []
    block: list[str] = []

    def flush() -> None:
        if not block:
            return
        body = block[:-1]
        widths = [len(x) for x in body]
        continued = any(nxt[:1].islower() for nxt in block[1:])
        wrapped = (
            len(block) >= 2
            and 45 <= max(widths) <= 100
            and min(widths) >= 0.6 * max(widths)
            and any(x[-1] not in '.!?"”’:' for x in body)
            and (continued or max(widths) >= 60)
        )
        if wrapped:
            paragraphs.append(_join_wrapped(block))
        elif len(block) >= 3 and len(block[0]) < 0.55 * max(len(x) for x in block[1:]):
            # A heading right above a wrapped paragraph.
            rest = block[1:]
            paragraphs.append(block[0])
            block[:] = rest
            flush()
            return
        else:
            paragraphs.extend(block)
        block.clear()

    for line in lines:
        if line:
            block.append(line)
        else:
            flush()
    flush()
    return paragraphs


def parse_plain(text: str, source: str) -> Article:
    """Parse text pasted from a news page into an article with sections.

    Cleaning removes captions, credits and widgets; then the title, byline and date lines at the
    top are recognised, the dateline is softened, the closing contributor note is set apart as
    the credit, and the rest is split into sections at detected headings.
    """
    lines = clean.clean_lines(strip_markup(text).split("\n"))
    if not any(lines):
        raise ReadError(f"{source} holds no readable text once captions and widgets are removed")
    paragraphs = join_wrapped_lines(lines)
    title, byline, when, paragraphs = _split_header(paragraphs)
    if not paragraphs:
        raise ReadError(f"{source} holds a title but no article text")
    paragraphs, credit = clean.split_contributor_note(paragraphs)
    if not paragraphs:
        raise ReadError(f"{source} holds no article text besides its credits")
    paragraphs[0] = clean.soften_dateline(paragraphs[0])
    sections = _sections_from_lines(paragraphs)
    return Article(
        title=title,
        sections=tuple(sections),
        source=source,
        byline=byline,
        date=when,
        credit=credit,
    )


def _split_header(paragraphs: list[str]) -> tuple[str, str, datetime | None, list[str]]:
    """Take the title, byline and date lines off the top of a pasted article.

    The title is a first paragraph short and unfinished enough to be one; bylines ("By ...",
    "Name, Role correspondent", or a bare name) and date lines are taken from the header, the
    paragraphs before the first long one (a standfirst may sit between them).
    """
    title, byline, when = "", "", None
    rest = list(paragraphs)
    if len(rest) > 1 and _title_like(rest[0]):
        title = rest.pop(0)
    header_end = next((i for i, p in enumerate(rest) if len(p.split()) > 14), len(rest))
    keep: list[str] = []
    for i, para in enumerate(rest[: min(header_end, 6)]):
        match = BYLINE.match(para)
        if match and not byline and len(para.split()) <= 16:
            who = _AGENCY_SUFFIX.sub("", match.group("who") or match.group("named")).strip(" ,")
            # "By ANA LOPEZ and PETER HOLM": names in capitals are read as names, not letters.
            byline = " ".join(
                w.capitalize() if w.isupper() and len(w) > 1 else w for w in who.split()
            ).replace(" And ", " and ")
            continue
        if DATE_LINE.match(para):
            when = when or _parse_loose_date(para)
            continue
        if (
            not byline
            and PERSON_NAME.match(para)
            and i + 1 < len(rest)
            and (
                i + 1 >= header_end
                or DATE_LINE.match(rest[i + 1])
                or not is_heading(para, rest[i + 1])
            )
        ):
            byline = para
            continue
        keep.append(para)
    return title, byline, when, keep + rest[min(header_end, 6) :]


def _parse_loose_date(line: str) -> datetime | None:
    """The date of a date line such as "Updated February 24, 2025 5:00 AM ET", in UTC."""
    from dateutil import parser as dateparser

    text = re.sub(
        r"^(?:updated|published|posted|last updated|first published)\b[:\s]*(?:on\s+)?",
        "",
        line,
        flags=re.IGNORECASE,
    )
    match = re.search(
        rf"({_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH}\s+\d{{4}}|"
        r"\d{4}-\d{2}-\d{2})",
        text,
        re.IGNORECASE,
    )
    if not match:
        return None
    try:
        parsed = dateparser.parse(match.group(1))
    except (ValueError, OverflowError):
        return None
    return parsed.replace(tzinfo=UTC) if parsed else None


def _title_like(text: str) -> bool:
    """A line short enough, and unfinished enough, to be a title."""
    return (
        len(text.split()) <= 16
        and text[-1:] not in ".,;:"
        and not BYLINE.match(text)
        and not clean.DATELINE.match(text)
    )


def _sections_from_lines(lines: Sequence[str]) -> list[Section]:
    """Group paragraphs into sections at detected headings.

    A heading-shaped line right above a heading ("What happens next", then "The plan", then
    the text) is its heading: the two make one chapter title, as the other readers do.
    """
    sections: list[Section] = []
    title = ""
    paragraphs: list[str] = []
    pending: list[str] = []
    content = [x for x in lines if x]
    for i, line in enumerate(content):
        nxt = content[i + 1] if i + 1 < len(content) else ""
        if not is_heading(line, nxt) and not (
            heading_shaped(line) and is_heading(nxt, content[i + 2] if i + 2 < len(content) else "")
        ):
            paragraphs.append(line)
            continue
        if paragraphs:
            sections.append(Section(title, tuple(paragraphs)))
            title, paragraphs = "", []
        pending.append(line)
        if is_heading(line, nxt):
            title, pending = join_headings([title, *pending]), []
    if paragraphs:
        sections.append(Section(title, tuple(paragraphs)))
    elif title:
        sections.append(Section("", (title,)))
    return sections


class PlainTextReader:
    """Plain text: the reader of last resort, for whatever no other reader claims."""

    name = "text"
    extensions = frozenset({".txt", ".text"})
    media_types = frozenset({"text/plain"})

    def sniff(self, doc: Document) -> bool:
        """Any text: this reader comes last in the registry."""
        return True

    def read(self, doc: Document) -> Article:
        """Decode the document and parse it as pasted text."""
        return parse_plain(decode_text(doc.data, doc.label, doc.charset), doc.source)


READER = PlainTextReader()
