"""What every reader shares: the :class:`Document` it reads and the :class:`Reader` Protocol.

A document is the raw bytes of one input with what is known of it (its media type, declared
charset, name and address), whether it came from a file, a URL, standard input or a feed
entry's link. A reader turns a document into an :class:`~briefcast.models.Article`; the
registry in :mod:`briefcast.reading.readers` picks one by media type, extension or content.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any, Protocol, runtime_checkable
from urllib.parse import urlsplit

from ...models import Article

STDIN = "-"
# Media types that say nothing about the format: the extension or the content decides.
GENERIC_TYPES = frozenset(
    {"", "application/octet-stream", "binary/octet-stream", "application/unknown", "text/plain"}
)


@dataclass(frozen=True)
class Document:
    """One input to read: its bytes and what is known about them.

    ``source`` is the name the producer gave (a path, a URL, or ``-`` for standard input) and
    becomes the article's ``source``; ``media_type`` is the HTTP ``Content-Type`` without its
    parameters ("" when unknown, as for files and standard input); ``charset`` is the declared
    character set ("" when none); ``url`` is the final address of a fetched document ("" for a
    file or standard input).
    """

    data: bytes
    source: str
    media_type: str = ""
    charset: str = ""
    url: str = ""

    @property
    def label(self) -> str:
        """The document's name in messages: the path or URL, or "standard input"."""
        return "standard input" if self.source == STDIN else self.source

    @property
    def extension(self) -> str:
        """The lower-case suffix of the file name or URL path ("" for standard input)."""
        if self.source == STDIN:
            return ""
        path = (
            urlsplit(self.url or self.source).path
            if "://" in (self.url or self.source)
            else self.source
        )
        return PurePosixPath(path.replace("\\", "/")).suffix.lower()

    @property
    def name(self) -> str:
        """The file name, or the last part of the URL's path ("" for standard input)."""
        if self.source == STDIN:
            return ""
        where = self.url or self.source
        path = urlsplit(where).path if "://" in where else self.source
        return PurePosixPath(path.replace("\\", "/")).name

    @property
    def head(self) -> bytes:
        """The first 4 KiB, for sniffing."""
        return self.data[:4096]


class Reader(Protocol):
    """One input format: the extensions and media types it claims, how to recognise it, and
    how to read it.

    ``sniff`` looks at the first bytes only (a reader whose format cannot be told from them
    returns False); ``read`` raises :class:`~briefcast.errors.ReadError` with the cause when the
    document cannot be read.
    """

    name: str
    extensions: frozenset[str]
    media_types: frozenset[str]

    def sniff(self, doc: Document) -> bool:
        """True when the document's first bytes show it is in this reader's format."""
        ...

    def read(self, doc: Document) -> Article:
        """The article the document holds."""
        ...


@runtime_checkable
class OwnsSettings(Protocol):
    """A reader with settings of its own, as a voice engine has: ``settings`` is a frozen
    dataclass whose field defaults are the reader's defaults, read from ``[read.<name>]``;
    ``validate`` raises :class:`~briefcast.errors.ConfigError` naming the setting;
    ``configured`` is the reader set up with them; ``template`` is its commented table for
    ``briefcast init``. A reader without settings simply has none of these."""

    settings: type[Any]
    template: str

    def validate(self, settings: Any) -> None:
        """Refuse settings this reader cannot work with."""
        ...

    def configured(self, settings: Any) -> Reader:
        """This reader, reading with ``settings``."""
        ...
