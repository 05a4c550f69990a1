"""Reading articles: from a source (file, URL or standard input) to an :class:`Article`.

One reader per input format, chosen from a registry by file extension (pelican's pattern), or by
the content when there is no extension to go by (standard input, a URL's content type): plain
text as pasted from a web page, Markdown, HTML. ``http(s)://`` sources are fetched by
:mod:`briefcast.fetch`. Reading the bytes is the only I/O; parsing is pure and lives in
``parse_*`` functions so tests can feed them strings. The article's language comes from its
metadata, else it is detected (:mod:`briefcast.language`).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from . import clean, fetch, language
from .errors import ReadError
from .models import Article, Section
from .readers.common import article_from_sections, parse_date, same_text
from .readers.html import parse_html

log = logging.getLogger(__name__)

Parser = Callable[[str, str], Article]

MAX_BYTES = 20 * 1024 * 1024


@dataclass(frozen=True)
class ReadOptions:
    """How to read: limits of URL fetching, and a language that overrides metadata and detection."""

    limits: fetch.FetchLimits = field(default_factory=fetch.FetchLimits)
    language: str = ""


def read_article(source: str, *, stdin_text: str | None = None,
                 options: ReadOptions | None = None) -> Article:
    """Read one article from a path, an ``http(s)://`` URL, or ``-`` (``stdin_text``)."""
    options = options or ReadOptions()
    if source == "-":
        if stdin_text is None:
            raise ReadError("no text on standard input")
        text = _require_text(stdin_text, "standard input")
        article = sniff_parser(text)(text, "-")
    elif fetch.is_url(source):
        page = fetch.fetch(source, options.limits)
        text = _require_text(page.text, source)
        if page.content_type in fetch.HTML_TYPES:
            article = parse_html(text, source, url=page.final_url)
        else:
            article = sniff_parser(text)(text, source)
            article = replace(article, source_url=article.source_url or page.final_url)
    else:
        article = _read_file(source)
    return finish_article(article, options)


def _read_file(source: str) -> Article:
    """Read an article file with the reader its extension (or else its content) calls for."""
    path = Path(source)
    if not path.exists():
        raise ReadError(f"article not found: {source}")
    if path.is_dir():
        raise ReadError(f"{source} is a folder, not an article file")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise ReadError(f"{source} is too large ({size} bytes; the limit is {MAX_BYTES})")
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError(f"cannot read {source}: {exc.strerror}") from exc
    text = decode_text(data, source)
    parser = READERS.get(path.suffix.lower()) or sniff_parser(text)
    return parser(text, str(path))


def finish_article(article: Article, options: ReadOptions) -> Article:
    """Settle the article's language: the forced one, else its metadata's, else detected."""
    if options.language:
        return replace(article, language=language.normalise_tag(options.language))
    if article.language:
        return replace(article, language=language.normalise_tag(article.language))
    text = " ".join(p for s in article.sections for p in s.paragraphs)
    return replace(article, language=language.detect(text))


def sniff_parser(text: str) -> Parser:
    """The reader for text with no extension to go by: HTML, Markdown or plain text."""
    if _looks_like_html(text):
        return parse_html
    return parse_markdown if _looks_like_markdown(text) else parse_plain


def _looks_like_html(text: str) -> bool:
    """An HTML document starts with a doctype or a tag and closes tags."""
    head = text.lstrip("\ufeff \t\r\n")[:500].lower()
    return bool(re.match(r"<(?:!doctype html|html|head|body|article|main|div|p|section)\b", head)
                ) and "</" in text


def decode_text(data: bytes, source: str) -> str:
    """Decode article bytes as UTF-8 (with or without BOM); refuse binary and empty input."""
    if b"\x00" in data[:8192]:
        raise ReadError(f"{source} is a binary file, not a text article")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise ReadError(f"{source} is not UTF-8 text") from exc
    if _control_ratio(text) > 0.01:
        raise ReadError(f"{source} is a binary file, not a text article")
    return _require_text(text, source)


def _control_ratio(text: str) -> float:
    """Share of characters that are control codes other than white space."""
    sample = text[:8192]
    if not sample:
        return 0.0
    bad = sum(1 for c in sample if ord(c) < 32 and c not in "\n\r\t\f")
    return bad / len(sample)


def _require_text(text: str, source: str) -> str:
    """Refuse an article with nothing but white space."""
    if not text.strip():
        raise ReadError(f"{source} is empty: there is no text to read")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _looks_like_markdown(text: str) -> bool:
    """Guess Markdown from front matter or ``#`` headings."""
    return text.lstrip().startswith("---\n") or bool(re.search(r"^#{1,6} \S", text, re.M))


# ---------------------------------------------------------------- plain text

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
    if not line or not next_line:
        return False
    if len(line) > HEADING_MAX_CHARS or len(line.split()) > HEADING_MAX_WORDS:
        return False
    if line[-1] in ".,;:!…\"”’»)" or line[0] in "\"“‘«(-–—*•'":
        return False
    if not (line[0].isupper() or line[0].isdigit()):
        return False
    if line.endswith("?") and line.split()[0].lower().strip(",") in _SENTENCE_OPENERS:
        return False
    if any(q in line for q in "\"“”") or re.search(r"[.!?]\s", line):
        return False
    # The next line must read as body text: a longer, finished sentence.
    return len(next_line.split()) > HEADING_MAX_WORDS or next_line[-1] in ".!?\"”’»:"


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
            len(block) >= 2 and 45 <= max(widths) <= 100
            and min(widths) >= 0.6 * max(widths)
            and any(x[-1] not in ".!?\"”’:" for x in body)
            and (continued or max(widths) >= 60)
        )
        if wrapped:
            paragraphs.append(" ".join(block))
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
    lines = clean.clean_lines(text.split("\n"))
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
    return Article(title=title, sections=tuple(sections), source=source, byline=byline,
                   date=when, credit=credit)


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
            byline = " ".join(w.capitalize() if w.isupper() and len(w) > 1 else w
                              for w in who.split()).replace(" And ", " and ")
            continue
        if DATE_LINE.match(para):
            when = when or _parse_loose_date(para)
            continue
        if not byline and PERSON_NAME.match(para) and i + 1 < len(rest) and (
                i + 1 >= header_end or DATE_LINE.match(rest[i + 1])
                or not is_heading(para, rest[i + 1])):
            byline = para
            continue
        keep.append(para)
    return title, byline, when, keep + rest[min(header_end, 6):]


def _parse_loose_date(line: str) -> datetime | None:
    """The date of a date line such as "Updated February 24, 2025 5:00 AM ET", in UTC."""
    from dateutil import parser as dateparser

    text = re.sub(r"^(?:updated|published|posted|last updated|first published)\b[:\s]*(?:on\s+)?",
                  "", line, flags=re.IGNORECASE)
    match = re.search(rf"({_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH}\s+\d{{4}}|"
                      r"\d{4}-\d{2}-\d{2})", text, re.IGNORECASE)
    if not match:
        return None
    try:
        parsed = dateparser.parse(match.group(1))
    except (ValueError, OverflowError):
        return None
    return parsed.replace(tzinfo=UTC) if parsed else None


def _title_like(text: str) -> bool:
    """A line short enough, and unfinished enough, to be a title."""
    return (len(text.split()) <= 16 and text[-1:] not in ".,;:" and not BYLINE.match(text)
            and not clean.DATELINE.match(text))


def _sections_from_lines(lines: Sequence[str]) -> list[Section]:
    """Group paragraphs into sections at detected headings."""
    sections: list[Section] = []
    title = ""
    paragraphs: list[str] = []
    content = [x for x in lines if x]
    for i, line in enumerate(content):
        nxt = content[i + 1] if i + 1 < len(content) else ""
        if is_heading(line, nxt):
            if paragraphs:
                sections.append(Section(title, tuple(paragraphs)))
            elif title:
                # Two headings in a row: keep the first as a one-line section.
                sections.append(Section(title, (title,)))
            title, paragraphs = line, []
            continue
        paragraphs.append(line)
    if paragraphs:
        sections.append(Section(title, tuple(paragraphs)))
    elif title:
        sections.append(Section("", (title,)))
    return sections


# ---------------------------------------------------------------- markdown

FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
MD_LINK_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+")


def parse_front_matter(text: str) -> tuple[dict[str, str], str]:
    """Split simple ``key: value`` front matter from the body."""
    match = FRONT_MATTER.match(text)
    if not match:
        return {}, text
    meta: dict[str, str] = {}
    for line in match.group(1).split("\n"):
        if ":" in line and not line.startswith((" ", "#")):
            key, value = line.split(":", 1)
            meta[key.strip().lower()] = value.strip().strip("\"'")
    return meta, text[match.end() :]


def md_inline_to_text(line: str) -> str:
    """Speakable text of a Markdown line: links as their text, no images, emphasis or code."""
    line = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", line)
    line = re.sub(r"\[([^\]]+)\]\([^)]*\)", r"\1", line)
    line = re.sub(r"\[([^\]]+)\]\[[^\]]*\]", r"\1", line)
    line = re.sub(r"<(https?://[^>]+)>", "", line)
    line = re.sub(r"`([^`]*)`", r"\1", line)
    line = re.sub(r"(\*\*|__)(.+?)\1", r"\2", line)
    line = re.sub(r"(?<![\w*])([*_])(?!\s)(.+?)(?<!\s)\1(?![\w*])", r"\2", line)
    line = re.sub(r"^\s{0,3}(?:[-*+]|\d+[.)])\s+", "", line)
    line = re.sub(r"^\s{0,3}>\s?", "", line)
    return line.strip()


def parse_markdown(text: str, source: str) -> Article:
    """Parse Markdown: front matter, ``#`` title, ``##`` sections, paragraphs."""
    meta, body = parse_front_matter(text)
    title = meta.get("title", "")
    sections: list[Section] = []
    sec_title = ""
    paragraphs: list[str] = []
    current: list[str] = []
    in_code = False

    def flush_paragraph() -> None:
        if current:
            joined = " ".join(current).strip()
            if joined:
                paragraphs.append(joined)
            current.clear()

    for raw in body.split("\n"):
        if raw.strip().startswith(("```", "~~~")):
            in_code = not in_code
            flush_paragraph()
            continue
        if in_code or raw.startswith(("    ", "\t")) and not current:
            continue
        if MD_LINK_DEFINITION.match(raw) or raw.strip().startswith("<!--"):
            continue
        heading = MD_HEADING.match(raw)
        if heading:
            flush_paragraph()
            level, text_ = len(heading.group(1)), md_inline_to_text(heading.group(2))
            if level == 1 and not paragraphs and not sections and (
                    not title or same_text(text_, title)):
                title = title or text_
                continue
            if paragraphs:
                sections.append(Section(sec_title, tuple(paragraphs)))
            paragraphs = []
            sec_title = text_
            continue
        if re.match(r"^\s*(?:[-*_]\s*){3,}$", raw):
            flush_paragraph()
            continue
        line = md_inline_to_text(raw)
        if not line:
            flush_paragraph()
            continue
        if re.match(r"^\s{0,3}(?:[-*+]|\d+[.)])\s+", raw):
            # Each list item is its own paragraph, spoken as a finished sentence.
            flush_paragraph()
            paragraphs.append(line if line[-1] in ".!?" else line + ".")
            continue
        current.append(line)
    flush_paragraph()
    if paragraphs:
        sections.append(Section(sec_title, tuple(paragraphs)))
    return article_from_sections(
        sections, source, title=title, byline=meta.get("author", ""),
        date=parse_date(meta.get("date", "")),
        source_url=meta.get("source_url", meta.get("url", meta.get("source", ""))),
        language=meta.get("language", meta.get("lang", "")),
    )


READERS: dict[str, Parser] = {
    ".txt": parse_plain,
    ".text": parse_plain,
    ".md": parse_markdown,
    ".markdown": parse_markdown,
    ".html": parse_html,
    ".htm": parse_html,
    ".xhtml": parse_html,
}
