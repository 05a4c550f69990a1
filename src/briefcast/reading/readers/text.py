"""The plain-text reader: text as pasted from a news page, or as wrapped in an e-mail.

Cleaning removes captions, credits and widgets; the title, byline and date lines at the top are
recognised; hard-wrapped lines are joined into paragraphs; headings are found by their shape (a
short unfinished line followed by body text). Markup and entities that slipped into the text are
rendered to plain text first.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ...errors import ReadError
from ...models import Article, Section
from .. import clean
from .base import Document
from .common import join_headings
from .encoding import decode_text
from .head import is_head_furniture, read_head
from .markup import strip_markup

HEADING_MAX_WORDS = 10
HEADING_MAX_CHARS = 80
# A question that opens with one of these is a sentence of the story, not a heading.
_SENTENCE_OPENERS = frozenset(
    "but and so or yet then still i you we he she they it this that there".split()
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


def _first_chunk(line: str) -> str:
    """The first piece a line wrapper could have moved to this line: the first word, or the
    part of it up to its first hyphen ("long-" of "long-running")."""
    match = re.match(r"\S*?[^\W\d_]-(?=[^\W\d_])|\S+", line)
    return match.group(0) if match else ""


def _greedy_wrapped(block: Sequence[str]) -> bool:
    """The lines were broken by a line wrapper at one width: every line but the last is as
    full as it could be, since the next line's first word would not have fitted after it.

    A headline over a standfirst, or a title over its byline, fails this: the next line's first
    word would have fitted on the shorter line above it, or the line under it is longer than
    the width it would have been wrapped at.
    """
    width = max(len(x) for x in block[:-1])
    if len(block[-1]) > width and " " in block[-1]:
        return False  # a wrapper never writes a line past its width
    for line, nxt in zip(block, block[1:], strict=False):
        chunk = _first_chunk(nxt)
        room = len(line) + len(chunk) + (0 if line.endswith("-") else 1)
        if room <= width:
            return False
    return True


def join_wrapped_lines(lines: Sequence[str], *, keep_blank_lines: bool = False) -> list[str]:
    """Paragraphs from cleaned lines: one per line, or one per block when lines are hard-wrapped.

    Text pasted from a page has one paragraph per line; text from e-mail or a terminal is
    wrapped at a fixed width, with blank lines between paragraphs. A block is wrapped when it
    was broken at one width of at most 100 characters (:func:`_greedy_wrapped`) and some line
    ends mid-sentence. ``keep_blank_lines`` keeps the blank lines between blocks.
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
            and any(x[-1] not in '.!?"”’:' for x in body)
            and (continued or max(widths) >= 60)
            and _greedy_wrapped(block)
            # A headline over its byline or time stamp is two lines, not one paragraph ("June
            # 3rd." closing a wrapped sentence ends with its period; a stamp does not).
            and not any(is_head_furniture(x) and x[-1] != "." for x in block)
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
            if keep_blank_lines:
                paragraphs.append("")
    flush()
    return paragraphs


def parse_plain(text: str, source: str) -> Article:
    """Parse text pasted from a news page into an article with sections.

    Cleaning removes captions, credits and widgets; then the title, byline and date lines at the
    top are recognised, the dateline is softened, the closing contributor note is set apart as
    the credit, and the rest is split into sections at detected headings.
    """
    # Wrapped lines are joined first: the cleaners judge paragraphs ("June 3rd." closing a
    # wrapped sentence is not a time stamp). Icon names go before, as they are not text at all
    # ("chevron_left Browse All Posts" under a headline is no continuation of it).
    lines = clean.drop_icon_names(clean.strip_whitespace(strip_markup(text).split("\n")))
    lines = clean.clean_lines(join_wrapped_lines(lines, keep_blank_lines=True))
    if not any(lines):
        raise ReadError(f"{source} holds no readable text once captions and widgets are removed")
    head = read_head(lines)
    paragraphs = [x for x in head.lines if x]
    if not paragraphs:
        raise ReadError(f"{source} holds a title but no article text")
    paragraphs, credit = clean.split_contributor_note(paragraphs)
    if not paragraphs:
        raise ReadError(f"{source} holds no article text besides its credits")
    place = clean.dateline_place(paragraphs[0]) or head.place
    paragraphs[0] = clean.soften_dateline(paragraphs[0])
    sections = _sections_from_lines(paragraphs)
    return Article(
        title=head.title,
        sections=tuple(sections),
        source=source,
        byline=head.byline,
        date=head.date,
        place=place,
        credit=credit,
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
    in_list = False  # the items of a list the text introduces with a colon are no headings
    for i, line in enumerate(content):
        nxt = content[i + 1] if i + 1 < len(content) else ""
        in_list = heading_shaped(line) and (in_list or (i > 0 and content[i - 1].endswith(":")))
        if in_list or (
            not is_heading(line, nxt)
            and not (
                heading_shaped(line)
                and is_heading(nxt, content[i + 2] if i + 2 < len(content) else "")
            )
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
