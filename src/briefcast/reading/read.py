"""Reading articles: from a source (file, URL or standard input) to an :class:`Article`.

This is the reading stage's edge, the only place where it does I/O: it loads the source's bytes
into a :class:`~briefcast.reading.readers.Document` (a file or standard input read up to the
size limit, a URL fetched by :mod:`briefcast.reading.fetch` within the same limit), hands the
document to the reader the registry in :mod:`briefcast.reading.readers` picks for it, and
settles the article's language (forced, else from its metadata, else detected by
:mod:`briefcast.reading.language`). The same path serves files, URLs, standard input and the
pages of briefing feed entries, so a size limit, binary detection or encoding detection never
depends on where the bytes came from.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import BinaryIO

from ..errors import ReadError
from ..models import Article
from . import fetch, language, readers
from .readers import READERS, STDIN, Document, Reader
from .readers.markup import drop_hidden

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ReadOptions:
    """How to read: limits of fetching and of every input's size, a language that overrides
    metadata and detection, and the readers (each set up with its own settings:
    :func:`briefcast.reading.readers.configured`)."""

    limits: fetch.FetchLimits = field(default_factory=fetch.FetchLimits)
    language: str = ""
    readers: tuple[Reader, ...] = READERS
    # read.max_words: a document whose raw text clearly runs past it (ROUGH_FACTOR times, so
    # that menus and footers never tip an article over) is refused before its reader runs.
    max_words: int = 0


# How far past read.max_words a document's raw word count must be to be refused unread.
ROUGH_FACTOR = 4
_TAG = re.compile(r"<[^<>]*>")
# The bytes after which a word may start in the Latin-1 text the check reads.
_SPLITTERS = tuple(bytes([c]) for c in b" \t\n\r\x0b\x0c<\xa0\x85\x1c\x1d\x1e\x1f")


def read_article(
    source: str, *, stdin: bytes | None = None, options: ReadOptions | None = None
) -> Article:
    """Read one article from a path, an ``http(s)://`` URL, or ``-`` (the bytes ``stdin``)."""
    options = options or ReadOptions()
    doc = load_document(source, stdin=stdin, limits=options.limits)
    if options.max_words:
        _check_rough_length(doc, options.max_words)
    return finish_article(readers.read_document(doc, options.readers), options)


def _check_rough_length(doc: Document, max_words: int) -> None:
    """Refuse a document whose raw text runs to more than :data:`ROUGH_FACTOR` times
    ``max_words``, before its reader runs: HTML extraction of a 200,000-word page took a
    minute only for read.max_words to refuse the result. Tags, scripts and styles are not
    counted; a PDF (compressed) is bounded by its own reader."""
    if b"%PDF-" in doc.head[:1024]:
        return
    limit = ROUGH_FACTOR * max_words
    # An upper bound first, in C, lets an ordinary page through without removing its tags:
    # every word but the first follows a separator, which is a white-space byte, a tag
    # replaced by a space, or a byte that is white space only as Latin-1 text (NBSP, NEL).
    data = doc.data
    if 1 + sum(data.count(b) for b in _SPLITTERS) <= limit:
        return
    text = doc.data.decode("latin-1")
    if "<" in text:
        text = _TAG.sub(" ", drop_hidden(text))
    words = len(text.split())
    if words > limit:
        raise ReadError(
            f"{doc.label} runs to about {words:,} words, over read.max_words = {max_words:,}; "
            "nothing was voiced (shorten it, or raise max_words under [read] in briefcast.toml)"
        )


def load_document(
    source: str,
    *,
    stdin: bytes | None = None,
    limits: fetch.FetchLimits | None = None,
    extra_types: frozenset[str] = frozenset(),
) -> Document:
    """The bytes of ``source`` (a path, a URL, or ``-`` for ``stdin``) within ``limits``.

    ``extra_types`` are media types a URL may serve besides those the readers take (news
    feeds, for briefings).
    """
    limits = limits or fetch.FetchLimits()
    if source == STDIN:
        if stdin is None:
            raise ReadError("no text on standard input")
        _check_size(len(stdin), limits.max_bytes, "standard input")
        return Document(stdin, STDIN)
    if fetch.is_url(source):
        page = fetch.fetch(source, limits, extra_types=readers.media_types() | extra_types)
        return Document(page.body, source, page.content_type, page.charset, page.final_url)
    return Document(read_file(source, limits.max_bytes), source)


# What an article's lead picture may be served as.
IMAGE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp", "image/gif", "image/avif"})


def load_image(source: str, limits: fetch.FetchLimits | None = None) -> bytes:
    """The bytes of an article's picture: a URL fetched with the limits, timeout and content
    check of every page (it must be served as an image), or a local file within the size
    limit. Raises :class:`ReadError` with the cause."""
    limits = limits or fetch.FetchLimits()
    if not fetch.is_url(source):
        if not Path(source).is_file():
            raise ReadError(f"picture not found: {source}")
        return read_file(source, limits.max_bytes)
    got = fetch.fetch(source, limits, extra_types=IMAGE_TYPES)
    if got.content_type and got.content_type not in IMAGE_TYPES:
        raise ReadError(f"{source} is {got.content_type}, not a picture")
    return got.body


def read_file(source: str, max_bytes: int) -> bytes:
    """The bytes of the file ``source``; refuse a missing file, a folder, or one over
    ``max_bytes`` (found out without reading more than ``max_bytes`` + 1 bytes)."""
    path = Path(source)
    try:
        if path.is_dir():
            raise ReadError(f"{source} is a folder, not an article file")
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise ReadError(f"article not found: {source}") from None
    except OSError as exc:
        raise ReadError(f"cannot read {source}: {exc.strerror or exc}") from None
    _check_size(len(data), max_bytes, source, exact=False)
    return data


def read_stream(stream: BinaryIO, max_bytes: int) -> bytes:
    """Standard input's bytes, at most ``max_bytes`` of them: more is refused, not read."""
    try:
        data = stream.read(max_bytes + 1)
    except OSError as exc:
        raise ReadError(f"cannot read standard input: {exc.strerror or exc}") from None
    _check_size(len(data), max_bytes, "standard input", exact=False)
    return data


def _check_size(size: int, max_bytes: int, label: str, exact: bool = True) -> None:
    """Refuse an input over the size limit, saying how to raise it."""
    if size > max_bytes:
        amount = f"{size} bytes" if exact else f"over {max_bytes} bytes"
        raise ReadError(
            f"{label} is too large ({amount}; the limit is {max_bytes}, "
            f"read.max_bytes in the config)"
        )


def finish_article(article: Article, options: ReadOptions) -> Article:
    """Settle the article's language: the forced one, else its metadata's, else detected."""
    if options.language:
        return replace(article, language=language.normalise_tag(options.language))
    if article.language:
        return replace(article, language=language.normalise_tag(article.language))
    text = " ".join(p for s in article.sections for p in s.paragraphs)
    return replace(article, language=language.detect(text))
