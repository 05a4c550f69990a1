"""Readers: one per input format, each turning a :class:`Document` (bytes and a media type)
into an :class:`~briefcast.models.Article`.

The registry is pelican's pattern: every reader declares the extensions and media types it
takes and how to recognise its format from the first bytes; :func:`reader_for` picks one by
the HTTP ``Content-Type`` when it says something, else by the extension, else by sniffing the
content, in registry order. Files, URLs, standard input and the pages of briefing feed entries
all go through :func:`read_document`. Adding a format is one module with a ``READER`` and one
line in :data:`READERS`.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from urllib.parse import urljoin

from ... import textsafe
from ...errors import ReadError
from ...models import Article
from . import email, html, markdown, pdf, scriptfile, text
from .base import GENERIC_TYPES, STDIN, Document, Reader

log = logging.getLogger(__name__)

__all__ = ["READERS", "STDIN", "Document", "Reader", "media_types", "read_document", "reader_for"]

# Sniffed in this order: the formats with the surest marks first, plain text last (it takes
# whatever no other reader recognised).
READERS: tuple[Reader, ...] = (
    scriptfile.READER,
    pdf.READER,
    email.READER,
    html.READER,
    markdown.READER,
    text.READER,
)


def media_types() -> frozenset[str]:
    """Every media type some reader takes (what a URL may serve)."""
    return frozenset().union(*(r.media_types for r in READERS))


def reader_for(doc: Document) -> Reader:
    """The reader for ``doc``: by media type, else extension, else content."""
    kind = doc.media_type.split(";", 1)[0].strip().lower()
    if kind not in GENERIC_TYPES:
        for reader in READERS:
            if kind in reader.media_types:
                return reader
        # A type no reader claims (XHTML served as application/xml, a feed URL that turned out
        # to be a page): the extension and the content decide, as for a file.
    name = doc.name.lower()
    if name:
        # The longest extension that fits wins: "story.script.md" is a script, not Markdown.
        fits = [
            (len(e), i) for i, r in enumerate(READERS) for e in r.extensions if name.endswith(e)
        ]
        if fits:
            return READERS[min(fits, key=lambda f: (-f[0], f[1]))[1]]
    for reader in READERS:
        if reader.sniff(doc):
            return reader
    return READERS[-1]


def read_document(doc: Document, *, tables: str = "read") -> Article:
    """Read ``doc`` with the reader chosen for it; a fetched article keeps its address.

    ``tables`` is the HTML reader's setting for data tables ("read" or "skip").
    """
    if not doc.data.strip():
        raise ReadError(f"{doc.label} is empty: there is no text to read")
    reader = reader_for(doc)
    if isinstance(reader, html.HtmlReader) and tables != reader.tables:
        reader = html.HtmlReader(tables)
    article = reader.read(doc)
    if doc.url and article.source_url and "://" not in article.source_url:
        # An address relative to the page it came from (a canonical link "/story").
        article = replace(article, source_url=urljoin(doc.url, article.source_url.strip()))
    if article.source_url and not textsafe.web_address(article.source_url):
        log.warning(
            "%s gives its address as %r, which is not an http(s) address; it is left out",
            doc.label,
            article.source_url,
        )
        article = replace(article, source_url="")
    if doc.url and not article.source_url:
        article = replace(article, source_url=doc.url)
    return article
