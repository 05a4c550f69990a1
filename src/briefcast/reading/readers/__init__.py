"""Readers: one per input format, each turning a :class:`Document` (bytes and a media type)
into an :class:`~briefcast.models.Article`.

The registry is pelican's pattern: every reader declares the extensions and media types it
takes and how to recognise its format from the first bytes; :func:`reader_for` picks one by
the HTTP ``Content-Type`` when it says something, else by the extension, else by sniffing the
content, in registry order. Files, URLs, standard input and the pages of briefing feed entries
all go through :func:`read_document`. Adding a format is one module with a ``READER`` and one
line in :data:`READERS`. A reader with settings of its own (:class:`OwnsSettings`: the HTML
reader's ``[read.html]``) reads, checks and templates them itself; the core configuration keeps
its table as written and never imports a reader.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any
from urllib.parse import urljoin

from ... import textsafe
from ...config import Config, check_plugin_tables, plugin_settings
from ...errors import ReadError
from ...models import Article
from . import email, html, markdown, pdf, scriptfile, text
from .base import GENERIC_TYPES, STDIN, Document, OwnsSettings, Reader

log = logging.getLogger(__name__)

__all__ = [
    "READERS",
    "STDIN",
    "Document",
    "OwnsSettings",
    "Reader",
    "check_config",
    "configured",
    "media_types",
    "read_document",
    "reader_for",
    "reader_settings",
    "template_sections",
]

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


def _owning() -> dict[str, OwnsSettings]:
    """The readers that have settings of their own, by name."""
    return {r.name: r for r in READERS if isinstance(r, OwnsSettings)}


def reader_settings(cfg: Config, name: str) -> Any:
    """Reader ``name``'s own settings: its defaults updated from ``[read.<name>]`` (and from
    keys of ``[read]`` that older files wrote there), checked."""
    reader = _owning()[name]
    settings = plugin_settings(reader.settings, cfg.read, "read", name)
    reader.validate(settings)
    return settings


def check_config(cfg: Config) -> Config:
    """Check every reader's own table of ``cfg`` once (an unknown table or key is refused)."""
    owning = _owning()
    check_plugin_tables(cfg.read, "read", "reader", {n: r.settings for n, r in owning.items()})
    for name in owning:
        reader_settings(cfg, name)
    return cfg


def configured(cfg: Config) -> tuple[Reader, ...]:
    """:data:`READERS`, each reader that has settings set up with its own from ``cfg``."""
    return tuple(
        r.configured(reader_settings(cfg, r.name)) if isinstance(r, OwnsSettings) else r
        for r in READERS
    )


def template_sections() -> list[str]:
    """Every reader's commented table for ``briefcast init``, in registry order."""
    return [r.template for r in _owning().values() if r.template]


def media_types() -> frozenset[str]:
    """Every media type some reader takes (what a URL may serve)."""
    return frozenset().union(*(r.media_types for r in READERS))


def reader_for(doc: Document, readers: tuple[Reader, ...] = READERS) -> Reader:
    """The reader for ``doc`` among ``readers`` (in sniffing order, plain text last): by media
    type, else extension, else content."""
    kind = doc.media_type.split(";", 1)[0].strip().lower()
    if kind not in GENERIC_TYPES:
        for reader in readers:
            if kind in reader.media_types:
                return reader
        # A type no reader claims (XHTML served as application/xml, a feed URL that turned out
        # to be a page): the extension and the content decide, as for a file.
    name = doc.name.lower()
    if name:
        # The longest extension that fits wins: "story.script.md" is a script, not Markdown.
        fits = [
            (len(e), i) for i, r in enumerate(readers) for e in r.extensions if name.endswith(e)
        ]
        if fits:
            return readers[min(fits, key=lambda f: (-f[0], f[1]))[1]]
    for reader in readers:
        if reader.sniff(doc):
            return reader
    return readers[-1]


def read_document(doc: Document, readers: tuple[Reader, ...] = READERS) -> Article:
    """Read ``doc`` with the reader chosen for it among ``readers`` (:func:`configured` gives
    them set up from the configuration); a fetched article keeps its address."""
    if not doc.data.strip():
        raise ReadError(f"{doc.label} is empty: there is no text to read")
    article = reader_for(doc, readers).read(doc)
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
