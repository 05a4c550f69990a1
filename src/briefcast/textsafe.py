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


# ANSI/ECMA-48 escape sequences: CSI (ESC [ or the C1 byte U+009B) ... final byte, OSC
# (ESC ] or U+009D) ... BEL or ST, and the two-character escapes (ESC followed by @..._).
ANSI_ESCAPE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"
    r"|(?:\x1b\]|\x9d)[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    r"|\x1b[@-Z\\-_]?"
)
# Controls that break a line: kept as a line break so that the words on either side stay apart.
LINE_BREAKS = re.compile("[\x0b\x0c\x85\u2028\u2029]")
# Everything else XML cannot carry, or a listener never means: C0 (but tab, newline, CR), DEL,
# C1, lone surrogates and the two non-characters of the BMP.
UNSAFE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def strip_ansi(text: str) -> str:
    """Remove terminal escape sequences (colours, cursor moves, titles)."""
    return ANSI_ESCAPE.sub("", text)


def break_lines(text: str) -> str:
    """Vertical tab, form feed, NEL and the Unicode line/paragraph separators become newlines."""
    return LINE_BREAKS.sub("\n", text)


def drop_unsafe(text: str) -> str:
    """Remove the characters XML cannot carry and the C1 controls."""
    return UNSAFE.sub("", text)


CLEANERS = (strip_ansi, break_lines, drop_unsafe)


def xml_safe(text: str) -> str:
    """``text`` with escape sequences and unsafe characters removed (see :data:`CLEANERS`)."""
    if text.isascii() and text.isprintable():
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
