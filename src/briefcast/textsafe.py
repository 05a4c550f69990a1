"""Text safety at the boundary: every string that can reach a record, a tag, a page or the feed.

XML 1.0 cannot carry C0 control characters (tab, newline and carriage return aside), lone
surrogates, U+FFFE or U+FFFF; C1 controls and terminal escape sequences are legal in places
but mean nothing to a listener and break players and terminals. :func:`xml_safe` removes them
(line-breaking controls become a newline, so words stay apart) where text enters briefcast:
article text and metadata, titles, ``--title``, front matter, configuration values and feed
entries. :func:`first_unsafe` finds what an older record still holds, so that one bad record
is named and left out instead of taking the show down.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import fields, is_dataclass, replace
from typing import Any, TypeVar

T = TypeVar("T")

# The password of a URL's user information: "redis://user:secret@host" -> "redis://user:***@host".
PASSWORD_IN_URL = re.compile(r"(?<=://)([^/@:]*):([^/@]*)@")


def mask_url(url: str) -> str:
    """``url`` with its password, if any, replaced by ``***``: for every message and log."""
    return PASSWORD_IN_URL.sub(lambda m: f"{m.group(1)}:***@", url)


# Terminal escape sequences (ECMA-48), in their 7-bit form only, each with its real syntax and
# a length bound, so that a stray character never takes the text after it along:
# CSI (ESC [ params intermediates final), OSC (ESC ] ... BEL or ST, on one line), DCS, SOS, PM
# and APC strings (ESC P/X/^/_ ... ST), nF escapes (ESC ( B) and the two-character escapes
# (ESC 7, ESC c). The 8-bit C1 introducers (U+009B, U+009D, ...) start no sequence here: in
# text that reached us as Unicode they are mis-decoded bytes (UTF-8's closing quote read as
# windows-1252 ends in U+009D), not a terminal's output, and :func:`drop_unsafe` removes each
# alone.
ANSI_ESCAPE = re.compile(
    r"\x1b\[[0-?]{0,64}[ -/]{0,8}[@-~]"
    r"|\x1b\][^\x00-\x1f\x7f-\x9f]{0,2048}?(?:\x07|\x1b\\|\x9c)"
    r"|\x1b[PX^_][^\x1b\x9c]{0,4096}?(?:\x1b\\|\x9c)"
    r"|\x1b[ -/]{1,3}[0-~]"
    r"|\x1b[0-~]?"
)
# Controls that break a line: kept as a line break so that the words on either side stay apart.
LINE_BREAKS = re.compile("[\x0b\x0c\x85\u2028\u2029]")
# Everything else XML cannot carry, or a listener never means: C0 (but tab, newline, CR), DEL,
# C1, lone surrogates and the two non-characters of the BMP.
UNSAFE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
# Any character one of the cleaners acts on: most text holds none, and one scan says so.
_ANY_UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufffe\uffff]"
)


def web_address(url: str) -> str:
    """``url`` (trimmed) when it is an absolute http(s) address with a host; "" otherwise.

    A source address is a link in the feed, the chapters and the pages: one that is relative,
    lacks its scheme (``www.example.org/story``) or runs something (``javascript:``) is no
    address a listener can follow, so it is dropped where it enters.
    """
    from urllib.parse import urlsplit

    value = url.strip()
    try:
        parts = urlsplit(value)
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return ""
    if any(c.isspace() for c in value):
        return ""
    return value


def strip_ansi(text: str) -> str:
    """Remove terminal escape sequences (colours, cursor moves, titles)."""
    return ANSI_ESCAPE.sub("", text) if "\x1b" in text else text


def break_lines(text: str) -> str:
    """Vertical tab, form feed, NEL and the Unicode line/paragraph separators become newlines."""
    return LINE_BREAKS.sub("\n", text)


def drop_unsafe(text: str) -> str:
    """Remove the characters XML cannot carry and the C1 controls."""
    return UNSAFE.sub("", text)


CLEANERS = (strip_ansi, break_lines, drop_unsafe)


def xml_safe(text: str) -> str:
    """``text`` with escape sequences and unsafe characters removed (see :data:`CLEANERS`)."""
    if _ANY_UNSAFE.search(text) is None:
        return text
    for clean in CLEANERS:
        text = clean(text)
    return text


def xml_safe_line(text: str) -> str:
    """:func:`xml_safe` for one-line values (titles): line breaks and runs of space become one."""
    return " ".join(xml_safe(text).split())


def safe_value(value: T) -> T:
    """``value`` with every string in it made XML-safe: strings, tuples, lists, dicts and frozen
    dataclasses (rebuilt with :func:`dataclasses.replace`); anything else as it is."""
    result: Any
    if isinstance(value, str):
        result = xml_safe(value)
    elif isinstance(value, tuple):
        result = tuple(safe_value(v) for v in value)
    elif isinstance(value, list):
        result = [safe_value(v) for v in value]
    elif isinstance(value, dict):
        result = {safe_value(k): safe_value(v) for k, v in value.items()}
    elif is_dataclass(value) and not isinstance(value, type):
        changes = {}
        for f in fields(value):
            if not f.init:
                continue
            old = getattr(value, f.name)
            new = safe_value(old)
            if new is not old and new != old:
                changes[f.name] = new
        result = replace(value, **changes) if changes else value
    else:
        result = value
    return result  # type: ignore[no-any-return]


def first_unsafe(data: object, where: str = "") -> tuple[str, str] | None:
    """The first string in ``data`` (JSON-like) that XML cannot carry: (field, character).

    ``field`` is a dotted path ("segments.2.title"); ``character`` names it ("U+0007").
    """
    if isinstance(data, str):
        match = UNSAFE.search(data) or ANSI_ESCAPE.search(data)
        if match:
            return where or "value", f"U+{ord(match.group(0)[0]):04X}"
        return None
    items: Sequence[tuple[str, object]]
    if isinstance(data, Mapping):
        items = [(str(k), v) for k, v in data.items()]
    elif isinstance(data, (list, tuple)):
        items = [(str(i), v) for i, v in enumerate(data)]
    else:
        return None
    for key, value in items:
        found = first_unsafe(value, f"{where}.{key}" if where else key)
        if found:
            return found
    return None
