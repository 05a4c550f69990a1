"""Reading articles: from a source (file or standard input) to an :class:`Article`.

One reader per input format, chosen from a registry by file extension (pelican's pattern).
Reading the bytes is the only I/O; parsing is pure and lives in ``parse_*`` functions so tests
can feed them strings.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path

from . import clean
from .errors import ReadError
from .models import Article, Section

Parser = Callable[[str, str], Article]

MAX_BYTES = 20 * 1024 * 1024


def read_article(source: str, *, stdin_text: str | None = None) -> Article:
    """Read one article from a path (``-`` for standard input, passed as ``stdin_text``)."""
    if source == "-":
        if stdin_text is None:
            raise ReadError("no text on standard input")
        text = stdin_text
        parser = parse_markdown if _looks_like_markdown(text) else parse_plain
        return parser(_require_text(text, "standard input"), "-")
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
    parser = READERS.get(path.suffix.lower())
    if parser is None:
        parser = parse_markdown if _looks_like_markdown(text) else parse_plain
    return parser(text, str(path))


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


def is_heading(line: str, next_line: str) -> bool:
    """A heading: a short line without a closing period, followed by body text.

    "Ukraine shedding an ally?" is a heading; a short one-sentence paragraph ending with a
    period is not, nor a line followed by a blank line or another short line.
    """
    if not line or not next_line:
        return False
    if len(line) > HEADING_MAX_CHARS or len(line.split()) > HEADING_MAX_WORDS:
        return False
    if line[-1] in ".,;:!…\"”’»" or line[0] in "\"“‘«(-–—*•":
        return False
    if not (line[0].isupper() or line[0].isdigit()):
        return False
    # The next line must read as body text: a longer, finished sentence.
    return len(next_line.split()) > HEADING_MAX_WORDS or next_line[-1] in ".!?\"”’»:"


def parse_plain(text: str, source: str) -> Article:
    """Parse text pasted from a news page into an article with sections."""
    lines = clean.clean_lines(text.split("\n"))
    if not any(lines):
        raise ReadError(f"{source} holds no readable text once captions and widgets are removed")
    sections = _sections_from_lines(lines)
    title = ""
    # A first section made of one short title-like line becomes the article title.
    first = sections[0]
    if not first.title and len(first.paragraphs) == 1 and _title_like(first.paragraphs[0]):
        title = first.paragraphs[0]
        sections = sections[1:]
    if not sections:
        raise ReadError(f"{source} holds a title but no article text")
    sections = _with_dateline_softened(sections)
    return Article(title=title, sections=tuple(sections), source=source)


def _title_like(text: str) -> bool:
    """A line short enough, and unfinished enough, to be a title."""
    return len(text.split()) <= 16 and not text.endswith(".")


def _sections_from_lines(lines: Sequence[str]) -> list[Section]:
    """Group cleaned lines into sections at detected headings; every line is a paragraph."""
    sections: list[Section] = []
    title = ""
    paragraphs: list[str] = []
    content = list(lines)
    for i, line in enumerate(content):
        if not line:
            continue
        nxt = next((x for x in content[i + 1 :] if x), "")
        direct_next = content[i + 1] if i + 1 < len(content) else ""
        if is_heading(line, direct_next) and nxt:
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


def _with_dateline_softened(sections: list[Section]) -> list[Section]:
    """Speak the opening dateline naturally instead of shouting it."""
    first = sections[0]
    paragraphs = (clean.soften_dateline(first.paragraphs[0]), *first.paragraphs[1:])
    return [Section(first.title, paragraphs), *sections[1:]]


# ---------------------------------------------------------------- markdown

FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


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
        heading = MD_HEADING.match(raw)
        if heading:
            flush_paragraph()
            level, text_ = len(heading.group(1)), md_inline_to_text(heading.group(2))
            if level == 1 and not title and not paragraphs and not sections:
                title = text_
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
    cleaned = [
        Section(s.title, tuple(p for p in clean.clean_lines(list(s.paragraphs)) if p))
        for s in sections
    ]
    cleaned = [s for s in cleaned if s.paragraphs]
    if not cleaned:
        raise ReadError(f"{source} holds no readable text")
    return Article(
        title=title,
        sections=tuple(cleaned),
        source=source,
        byline=meta.get("author", ""),
        date=_parse_date(meta.get("date", "")),
        source_url=meta.get("source_url", meta.get("url", meta.get("source", ""))),
        language=meta.get("language", meta.get("lang", "")),
    )


def _parse_date(value: str) -> datetime | None:
    """An ISO date or date-time from front matter, as an aware datetime (UTC when naive)."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        try:
            parsed = datetime.combine(date.fromisoformat(value[:10]), datetime.min.time())
        except ValueError:
            return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


READERS: dict[str, Parser] = {
    ".txt": parse_plain,
    ".text": parse_plain,
    ".md": parse_markdown,
    ".markdown": parse_markdown,
}
