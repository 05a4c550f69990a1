"""The Markdown reader: front matter, a ``#`` title, ``##`` sections and paragraphs.

Inline markup (links, emphasis, code, images) is read as its text; HTML inside the Markdown,
in headings, the body or the front matter, is rendered to plain text and its entities decoded,
so that nothing written as markup is spoken as written.
"""

from __future__ import annotations

import re

from ...models import Article, Section
from .base import Document
from .common import article_from_sections, join_headings, parse_date, same_text
from .encoding import decode_text, sniff_text
from .markup import drop_hidden, plain_line

FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.S)
MD_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*)$")
MD_LINK_DEFINITION = re.compile(r"^\s{0,3}\[[^\]]+\]:\s*\S+")
# Inline markup. No part may run past the next opening mark of its own kind (a "[" inside
# link text, a "(" inside a link target, a "*" inside emphasis): each opening mark then scans
# only as far as the next one, and a line of 64,000 unclosed marks is read in linear time where
# ".+?" and "[^\]]+" rescanned the rest of the line from every mark (minutes).
_IMAGE = re.compile(r"!\[[^\[\]]*\]\([^()]*\)")
_INLINE_LINK = re.compile(r"\[([^\[\]]+)\]\([^()]*\)")
_REFERENCE_LINK = re.compile(r"\[([^\[\]]+)\]\[[^\[\]]*\]")
_AUTOLINK = re.compile(r"<(https?://[^<>\s]+)>")
_CODE = re.compile(r"`([^`]*)`")
_STRONG = re.compile(r"(\*\*|__)((?:(?!\1).)+)\1")
_EMPHASIS = re.compile(r"(?<![\w*])(?:\*(?!\s)([^*]+?)(?<!\s)\*|_(?!\s)([^_]+?)(?<!\s)_)(?![\w*])")
_LIST_MARK = re.compile(r"^\s{0,3}(?:[-*+]|\d+[.)])\s+")
_QUOTE_MARK = re.compile(r"^\s{0,3}>\s?")


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
    """Speakable text of a Markdown line: links as their text, no images, emphasis, code or
    HTML tags; entities decoded."""
    line = _IMAGE.sub("", line)
    line = _INLINE_LINK.sub(r"\1", line)
    line = _REFERENCE_LINK.sub(r"\1", line)
    line = _AUTOLINK.sub("", line)
    line = _CODE.sub(r"\1", line)
    line = _STRONG.sub(r"\2", line)
    line = _EMPHASIS.sub(lambda m: m.group(1) or m.group(2), line)
    line = _LIST_MARK.sub("", line)
    line = _QUOTE_MARK.sub("", line)
    return plain_line(line)


def _heading_text(text: str) -> str:
    """An ATX heading's text without its optional closing ``#`` run ("Title ##" is "Title",
    "C#" stays). String methods, not a regex: ``(.*?)\\s*#*\\s*$`` took seconds on a heading
    followed by a long run of tabs."""
    text = text.strip(" \t")
    bare = text.rstrip("#")
    if bare != text and (not bare or bare[-1] in " \t"):
        text = bare.rstrip(" \t")
    return text


def parse_markdown(text: str, source: str) -> Article:
    """Parse Markdown: front matter, ``#`` title, ``##`` sections, paragraphs."""
    meta, body = parse_front_matter(text)
    body = drop_hidden(body)
    title = plain_line(meta.get("title", ""))
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
            level, text_ = len(heading.group(1)), md_inline_to_text(_heading_text(heading.group(2)))
            if (
                level == 1
                and not paragraphs
                and not sections
                and (not title or same_text(text_, title))
            ):
                title = title or text_
                continue
            if paragraphs:
                sections.append(Section(sec_title, tuple(paragraphs)))
                sec_title = text_
            else:  # a heading and its subheading, with no text between: one chapter
                sec_title = join_headings([sec_title, text_])
            paragraphs = []
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
        sections,
        source,
        title=title,
        byline=plain_line(meta.get("author", "")),
        date=parse_date(meta.get("date", "")),
        source_url=meta.get("source_url", meta.get("url", meta.get("source", ""))),
        language=meta.get("language", meta.get("lang", "")),
        publish_at=plain_line(meta.get("publish_at", "")),
        image=_beside(meta.get("image", ""), source),
    )


def _beside(image: str, source: str) -> str:
    """A front matter's ``image``: an address as it is, a relative path taken from the
    article file's folder."""
    image = image.strip()
    if not image or "://" in image or source == "-" or "://" in source:
        return image
    from pathlib import Path

    path = Path(image).expanduser()
    return str(path if path.is_absolute() else Path(source).parent / path)


def looks_like_markdown(text: str) -> bool:
    """Guess Markdown from front matter or ``#`` headings."""
    return text.lstrip().startswith("---\n") or bool(re.search(r"^#{1,6} \S", text, re.M))


class MarkdownReader:
    """Markdown files, ``text/markdown`` pages, and text that opens with front matter or
    holds ``#`` headings."""

    name = "markdown"
    extensions = frozenset({".md", ".markdown", ".mdown", ".mkd"})
    media_types = frozenset({"text/markdown", "text/x-markdown"})

    def sniff(self, doc: Document) -> bool:
        """Front matter or a ``#`` heading near the top."""
        return looks_like_markdown(sniff_text(doc.head).replace("\r\n", "\n"))

    def read(self, doc: Document) -> Article:
        """Decode the document and parse it as Markdown."""
        return parse_markdown(decode_text(doc.data, doc.label, doc.charset), doc.source)


READER = MarkdownReader()
