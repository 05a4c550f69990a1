"""The editable script file (``*.script.md``): written by ``briefcast script --save``, read
back by ``briefcast build`` like any other input.

The file is the episode's script as a producer edits it: front matter (the episode's title,
date and language, the article's source, address, author and date, the voice it was scripted
for), then one ``##`` block per segment: the intro (``{intro}``), each chapter (its heading is
the chapter's title; ``<https://...>`` after it is the chapter's source link) and the outro
(``{outro}``). Inside a block a blank line ends a paragraph and each line is one sentence,
voiced and timed on its own, exactly as written (normalised for speech, never cleaned again).

Directives, each on a line of its own:

- ``[pause 1.5s]`` (or ``800ms``): silence before the paragraph that follows;
- ``[say Kyiv = Keev]``: how to say a word or phrase, in every line of this script (it may
  also stand before the first block);
- ``[voice piper]``: the voice engine (by its name in ``briefcast voices``) that speaks the
  paragraph that follows, in place of the episode's.

A line that starts with ``\\`` is spoken as written (for a sentence that starts with ``#``
or ``[``). Anything malformed is one :class:`~briefcast.errors.ReadError` naming the line.
This module owns the format both ways: :func:`render` writes it, :data:`READER` reads it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime

from ...errors import ReadError
from ...models import (
    Article,
    DraftParagraph,
    DraftSegment,
    Script,
    ScriptDraft,
    Section,
    SegmentKind,
)
from .base import Document
from .common import parse_date
from .encoding import decode_text

EXTENSION = ".script.md"
FORMAT = "briefcast-script/1"
_ESCAPE_STARTS = ("#", "[", "\\", "<!--", "---")
_DIRECTIVE = re.compile(r"^\[\s*([A-Za-z]+)\b\s*(.*?)\s*\]$")
_HEADING = re.compile(r"^##(?!#)\s*(.*?)\s*$")
_TAG = re.compile(r"\s*\{(intro|outro)\}\s*$")
_LINK = re.compile(r"\s*<(https?://[^\s<>]+)>\s*$")
_PAUSE = re.compile(r"^(\d+(?:\.\d+)?)\s*(ms|s)?$")
# A pause longer than this is surely a typo ("[pause 2000]" meant milliseconds).
MAX_PAUSE_MS = 60_000

GUIDE = """<!--
This is an episode script for briefcast: edit it, then voice it with
    briefcast build {name}
It is spoken exactly as it stands (numbers, dates and abbreviations are still read out the
way a newsreader would); nothing is cleaned or rewritten.

- Each "## " heading starts a chapter; its text is the chapter's title in podcast apps.
  Move a block to move its chapter. "{{intro}}" and "{{outro}}" mark the show's own lines.
  "<https://...>" after a heading is the chapter's source link.
- A blank line ends a paragraph. Each line is one sentence, voiced and timed on its own:
  change one line and only that sentence is voiced again.
- [pause 1.5s] on a line of its own: a pause (seconds, or 800ms) before the next paragraph.
- [say Kyiv = Keev] on a line of its own: how to say a word or name in this script.
- [voice piper] on a line of its own: the voice (an engine of briefcast voices) that reads
  the next paragraph.
- Start a line with \\ to speak it as written when it begins with # or [.
- The front matter: title (the episode's), description (its show notes), date (the day the
  intro names), article_date, author, source and source_url (they name the episode, so a
  rebuild replaces it), language, voice, publish_at (schedule it), image (its artwork).
This comment is not spoken.
-->
"""


@dataclass(frozen=True)
class ScriptFacts:
    """What the script file's front matter says besides the script itself."""

    date: datetime
    voice: str
    description: str = ""
    image: str = ""


def render(script: Script, facts: ScriptFacts, name: str = "story" + EXTENSION) -> str:
    """The script file of ``script``: front matter, the guide, one block per segment.

    Building the file unedited gives the same episode as building the articles: every
    sentence is written as the voice was given it (before normalising), one per line.
    """
    article = script.articles[0]
    lines = ["---", f"format: {FORMAT}"]
    fields: list[tuple[str, str]] = [
        ("title", script.title),
        ("description", facts.description),
        ("date", facts.date.isoformat()),
        ("article_date", article.date.isoformat() if article.date else ""),
        ("author", article.byline),
        ("site_name", article.site_name),
        ("source", article.source),
        ("source_url", article.source_url),
        ("language", article.language),
        ("voice", facts.voice),
        ("publish_at", article.publish_at),
        ("image", facts.image or article.image),
    ]
    lines += [f"{key}: {_quoted(value)}" for key, value in fields]
    lines += ["---", "", GUIDE.format(name=name).rstrip(), ""]
    for segment in script.segments:
        heading = f"## {_one_line(segment.title) or segment.kind.title()}"
        if segment.kind != "section":
            heading += f" {{{segment.kind}}}"
        elif segment.url:
            heading += f" <{segment.url}>"
        lines += [heading, ""]
        for paragraph in segment.paragraphs:
            if paragraph.pause_ms:
                lines += [f"[pause {paragraph.pause_ms}ms]", ""]
            if paragraph.voice:
                lines += [f"[voice {paragraph.voice}]", ""]
            written = paragraph.written or paragraph.sentences
            lines += [_escaped(_one_line(s)) for s in written]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _quoted(value: str) -> str:
    """A front-matter value on one line, quoted so that leading or trailing spaces and
    quotes survive the round trip."""
    value = _one_line(value)
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"' if value else '""'


def _unquoted(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return re.sub(r"\\(.)", r"\1", value[1:-1])
    if len(value) >= 2 and value[0] == value[-1] == "'":
        return value[1:-1]
    return value


def _escaped(line: str) -> str:
    return "\\" + line if line.startswith(_ESCAPE_STARTS) else line


# ---------------------------------------------------------------- reading


class _Problem(ReadError):
    """A malformed script file: which line, and what is wrong."""


def _fail(doc: Document, number: int, message: str) -> _Problem:
    return _Problem(f"{doc.label}, line {number}: {message}")


def _front_matter(doc: Document, lines: Sequence[str]) -> tuple[dict[str, tuple[str, int]], int]:
    """The front matter's fields (value and line number) and the index of its closing line."""
    if not lines or lines[0].strip() != "---":
        raise _fail(
            doc,
            1,
            'a script file starts with front matter ("---"), as written by briefcast script --save',
        )
    fields: dict[str, tuple[str, int]] = {}
    for index in range(1, len(lines)):
        line = lines[index]
        if line.strip() == "---":
            return fields, index
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, sep, value = line.partition(":")
        if not sep or not re.fullmatch(r"[A-Za-z_]+", key.strip()):
            raise _fail(doc, index + 1, f"front matter lines are 'key: value', not {line!r}")
        fields[key.strip().lower()] = (_unquoted(value), index + 1)
    raise _fail(doc, len(lines), 'the front matter is never closed with "---"')


def _content_lines(lines: Sequence[str], start: int) -> Iterator[tuple[int, str]]:
    """(line number, line) of the body, HTML comments left out."""
    in_comment = False
    for index in range(start, len(lines)):
        line = lines[index].rstrip()
        if in_comment:
            if "-->" in line:
                in_comment = False
            continue
        if line.lstrip().startswith("<!--"):
            in_comment = "-->" not in line
            continue
        yield index + 1, line


def _pause(doc: Document, number: int, value: str) -> int:
    match = _PAUSE.match(value.strip().lower())
    if not match:
        raise _fail(
            doc, number, f"[pause {value}]: give a length such as [pause 1.5s] or [pause 800ms]"
        )
    amount = float(match.group(1))
    ms = int(round(amount if match.group(2) == "ms" else amount * 1000))
    if not 0 < ms <= MAX_PAUSE_MS:
        raise _fail(
            doc,
            number,
            f"[pause {value}]: a pause lasts more than 0 and at most "
            f"{MAX_PAUSE_MS // 1000} seconds",
        )
    return ms


def parse(doc: Document) -> Article:
    """The article an edited script file holds, its draft voiced as it stands."""
    text = (
        decode_text(doc.data, doc.label, doc.charset)
        .replace("\r\n", "\n")
        .replace("\r", "\n")
        .lstrip("\ufeff")
    )
    lines = text.split("\n")
    fields, end = _front_matter(doc, lines)
    meta = {k: v for k, (v, _) in fields.items()}

    segments: list[DraftSegment] = []
    pronunciations: list[tuple[str, str]] = []
    kind: SegmentKind | None = None
    title, url, heading_line = "", "", 0
    paragraphs: list[DraftParagraph] = []
    current: list[str] = []
    pause = 0
    voice = ""

    def end_paragraph() -> None:
        nonlocal current, pause, voice
        if current:
            paragraphs.append(DraftParagraph(tuple(current), pause, voice))
            current, pause, voice = [], 0, ""

    def end_segment(number: int) -> None:
        nonlocal paragraphs
        end_paragraph()
        if kind is None:
            return
        if pause or voice:
            what = "[pause]" if pause else "[voice]"
            raise _fail(doc, number, f"a {what} must stand before a paragraph of its block")
        if not paragraphs:
            raise _fail(doc, heading_line, f"the block {title!r} has nothing to say")
        segments.append(DraftSegment(kind, title, tuple(paragraphs), url))
        paragraphs = []

    last = end + 1
    for number, line in _content_lines(lines, end + 1):
        last = number
        heading = _HEADING.match(line)
        if heading and not line.startswith("\\"):
            end_segment(number)
            raw = heading.group(1)
            tag = _TAG.search(raw)
            link = _LINK.search(raw)
            kind = tag.group(1) if tag else "section"  # type: ignore[assignment]
            raw = _TAG.sub("", _LINK.sub("", raw)).strip()
            title, url, heading_line = raw, link.group(1) if link else "", number
            if not title:
                raise _fail(doc, number, "a ## heading needs a title (the chapter's name)")
            continue
        if not line.strip():
            end_paragraph()
            continue
        if line.startswith("#"):
            raise _fail(
                doc,
                number,
                f"{line.split()[0]} is no heading of a script: chapters "
                "start with '## '; start the line with \\ to speak it",
            )
        directive = _DIRECTIVE.match(line.strip()) if line.startswith("[") else None
        if line.startswith("[") and directive is None:
            raise _fail(
                doc, number, f"{line.strip()!r} is no directive; start the line with \\ to speak it"
            )
        if kind is None and not (directive and directive.group(1).lower() == "say"):
            raise _fail(doc, number, "text before the first ## heading: put it in a block")
        if directive is not None:
            name, value = directive.group(1).lower(), directive.group(2)
            if name == "pause":
                end_paragraph()
                pause += _pause(doc, number, value)
            elif name == "voice":
                end_paragraph()
                if not re.fullmatch(r"[A-Za-z][\w-]*", value):
                    raise _fail(
                        doc, number, f"[voice {value}]: name one voice engine, as [voice piper]"
                    )
                voice = value.lower()
            elif name == "say":
                written, sep, spoken = value.partition("=")
                if not sep or not written.strip() or not spoken.strip():
                    raise _fail(
                        doc, number, f"[say {value}]: write it as [say WORD = HOW TO SAY IT]"
                    )
                pronunciations.append((written.strip(), spoken.strip()))
            else:
                raise _fail(
                    doc,
                    number,
                    f"unknown directive [{name}]: a script knows [pause 1.5s], "
                    "[say WORD = HOW TO SAY IT] and [voice ENGINE]; start the line with \\ "
                    "to speak it",
                )
            continue
        current.append(" ".join((line[1:] if line.startswith("\\") else line).split()))
    end_segment(last)
    _check_order(doc, segments, lines)
    return _article(doc, meta, fields, segments, pronunciations)


def _check_order(doc: Document, segments: Sequence[DraftSegment], lines: Sequence[str]) -> None:
    kinds = [s.kind for s in segments]
    if "section" not in kinds:
        raise _fail(
            doc, len(lines), "the script has no chapter to read: add a ## heading with its text"
        )
    if "intro" in kinds[1:] or kinds.count("intro") > 1:
        raise _fail(doc, len(lines), "the {intro} block must be the first, and only one")
    if "outro" in kinds[:-1] or kinds.count("outro") > 1:
        raise _fail(doc, len(lines), "the {outro} block must be the last, and only one")


def _article(
    doc: Document,
    meta: dict[str, str],
    fields: dict[str, tuple[str, int]],
    segments: Sequence[DraftSegment],
    pronunciations: Sequence[tuple[str, str]],
) -> Article:
    chapters = [s for s in segments if s.kind == "section"]
    title = meta.get("title", "").strip() or chapters[0].title
    when = None
    if meta.get("article_date"):
        when = parse_date(meta["article_date"])
        if when is None:
            raise _fail(
                doc,
                fields["article_date"][1],
                f"article_date: {meta['article_date']!r} is not a date such as 2025-03-14",
            )
    draft = ScriptDraft(
        title=title,
        segments=tuple(segments),
        pronunciations=tuple(pronunciations),
        description=meta.get("description", ""),
    )
    sections = tuple(
        Section(s.title, tuple(" ".join(p.lines) for p in s.paragraphs)) for s in chapters
    )
    return Article(
        title=title,
        sections=sections,
        source=meta.get("source") or doc.source,
        byline=meta.get("author", ""),
        date=when,
        source_url=meta.get("source_url", ""),
        language=meta.get("language", ""),
        site_name=meta.get("site_name", ""),
        publish_at=meta.get("publish_at", ""),
        draft=draft,
        image=meta.get("image", ""),
    )


class ScriptFileReader:
    """Reads the edited script files that ``briefcast script --save`` writes."""

    name = "script"
    extensions = frozenset({EXTENSION})
    media_types = frozenset({"text/x-briefcast-script"})

    def sniff(self, doc: Document) -> bool:
        """Front matter that opens with the script format's mark."""
        head = doc.head.lstrip(b"\xef\xbb\xbf").replace(b"\r\n", b"\n")
        return head.startswith(b"---\n") and f"format: {FORMAT}".encode() in head[:200]

    def read(self, doc: Document) -> Article:
        """The article holding the script as edited."""
        return parse(doc)


READER = ScriptFileReader()
