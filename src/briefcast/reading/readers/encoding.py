"""Bytes to text for the text readers: binary detection and encoding detection.

The order is fixed, from the most to the least certain: a byte-order mark (UTF-8, UTF-16 and
UTF-32, little and big endian); UTF-16 or UTF-32 without a mark, recognised by the zero bytes
of their ASCII characters; UTF-8, strict or but for a few stray bytes; the charset the server
or page declares; then charset-normalizer's guess. Among the guesses that fit equally well,
windows-1252 wins: it is the Web's legacy default, and short Western texts fit a dozen code
pages equally.

Labels and decoders are the WHATWG Encoding Standard's, as browsers have them (the label table
is webencodings'): "iso-8859-1", "latin1", "us-ascii" and "ascii" all mean windows-1252, whose
five unassigned bytes decode to the C1 controls of the same number. Text that is UTF-8 but for
a few bytes (a quote pasted from a word processor into a UTF-8 page) is read as UTF-8, each
stray byte read as windows-1252 (the usual source of such bytes) rather than the whole page
re-guessed as a single-byte code page, which garbles every correct character
("â€śChoose your own adventureâ€ť"). Known binary formats (images, archives,
audio) and data with NUL bytes or many control codes are refused as binary, whatever reached
us: a file, a URL or standard input; the few control characters a real text may hold are
removed (:func:`briefcast.textsafe.xml_safe`) before any reader parses it.
"""

from __future__ import annotations

import codecs
import re

from ...errors import ReadError
from ...textsafe import xml_safe

SNIFF_BYTES = 4096
# Magic numbers of the binary files most often handed to briefcast by mistake.
MAGIC: tuple[tuple[bytes, str], ...] = (
    # Only marks that text cannot start with (a story may well begin "MZ Wallace" or "ID3").
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"\x7fELF", "a program"),
    (b"SQLite format 3\x00", "an SQLite database"),
)
BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 LE first: its mark starts with UTF-16 LE's.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_LEGACY_DEFAULT = "cp1252"
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")
# Bytes a strict decoder refused, as "surrogateescape" hands them back.
_ESCAPED = re.compile("[\udc80-\udcff]+")
# UTF-8 but for a few bytes: at most this many stray bytes per well-formed multi-byte
# character. Single-byte text almost never forms a valid UTF-8 sequence by chance (a capital
# letter with an accent followed by a symbol), so its bytes are nearly all stray.
STRAY_SHARE = 0.5


def binary_kind(data: bytes) -> str:
    """What known binary format ``data`` is in ("" when none of those)."""
    for magic, kind in MAGIC:
        if data.startswith(magic):
            return kind
    return ""


def bom_encoding(data: bytes) -> tuple[str, int]:
    """The encoding a byte-order mark names and the mark's length (("", 0) without one)."""
    for bom, name in BOMS:
        if data.startswith(bom):
            return name, len(bom)
    return "", 0


def wide_encoding(data: bytes) -> str:
    """UTF-16 or UTF-32 without a mark, told by where the zero bytes of ASCII text fall."""
    sample = data[:SNIFF_BYTES]
    if len(sample) < 4 or b"\0" not in sample:
        return ""  # the zero bytes it is told by are missing
    for width, names in ((4, ("utf-32-le", "utf-32-be")), (2, ("utf-16-le", "utf-16-be"))):
        if len(data) % width:
            continue
        sample = sample[: len(sample) - len(sample) % width]
        units = [sample[i : i + width] for i in range(0, len(sample), width)]
        if width == 4:
            le = sum(u[1:] == b"\0\0\0" and u[0] != 0 for u in units)
            be = sum(u[:3] == b"\0\0\0" and u[3] != 0 for u in units)
        else:
            le = sum(u[1] == 0 and u[0] != 0 for u in units)
            be = sum(u[0] == 0 and u[1] != 0 for u in units)
        # Mostly ASCII: most units have the pattern; text of other scripts has no zero bytes
        # to go by and is left to the detector.
        if le >= 0.6 * len(units):
            return names[0]
        if be >= 0.6 * len(units):
            return names[1]
    return ""


def detect_encoding(data: bytes, declared: str = "") -> str:
    """The encoding of ``data``: its BOM, UTF-16/32, UTF-8, ``declared``, or the best guess.

    Returns "" when no encoding fits (the bytes are not text).
    """
    name, _ = bom_encoding(data)
    if name:
        return name
    wide = wide_encoding(data)
    if wide and _decodes(data, wide):
        return wide
    if _decodes(data, "utf-8") or mostly_utf8(data):
        return "utf-8"
    legacy = label_encoding(declared)
    if legacy and not legacy.startswith(("utf-8", "utf-16", "utf-32")) and _decodes(data, legacy):
        return legacy
    return _guess(data)


def label_encoding(label: str) -> str:
    """The Python codec for an encoding label, as the WHATWG Encoding Standard reads it.

    "iso-8859-1", "latin1" and "ascii" give "cp1252", "utf8" gives "utf-8"; a label the
    standard does not know, or one Python has no codec for, gives "".
    """
    import webencodings

    found = webencodings.lookup(label) if label and "\0" not in label else None
    if found is None:
        return ""
    name = str(found.codec_info.name)
    return name if _known(name) else ""


def mostly_utf8(data: bytes) -> bool:
    """True when ``data`` is UTF-8 but for a few stray bytes (see :data:`STRAY_SHARE`)."""
    text = data.decode("utf-8", errors="surrogateescape")
    stray = sum(len(run) for run in _ESCAPED.findall(text))
    wide = len(text) - len(text.encode("ascii", errors="ignore")) - stray
    return 0 < stray <= STRAY_SHARE * wide


def decode(data: bytes, encoding: str) -> str:
    """``data`` decoded as browsers decode it: windows-1252's unassigned bytes are the C1
    controls of the same number, a stray byte in UTF-8 is read as windows-1252, and any other
    undecodable byte becomes U+FFFD."""
    name = codecs.lookup(encoding).name
    if name not in ("cp1252", "utf-8"):
        return data.decode(encoding, errors="replace")
    try:
        return data.decode(name)
    except UnicodeDecodeError:
        return _ESCAPED.sub(_stray_bytes, data.decode(name, errors="surrogateescape"))


def _stray_bytes(match: re.Match[str]) -> str:
    """Refused bytes (as surrogate escapes) read as windows-1252, unassigned ones as C1."""
    raw = bytes(ord(c) - 0xDC00 for c in match.group(0))
    return "".join(chr(b) if b in _CP1252_UNASSIGNED else bytes([b]).decode("cp1252") for b in raw)


_CP1252_UNASSIGNED = frozenset({0x81, 0x8D, 0x8F, 0x90, 0x9D})


def _guess(data: bytes) -> str:
    """charset-normalizer's guess, with windows-1252 among equally good fits."""
    import charset_normalizer

    matches = list(charset_normalizer.from_bytes(data))
    if not matches:
        return _LEGACY_DEFAULT if _decodes(data, _LEGACY_DEFAULT) else ""
    least = min(m.chaos for m in matches)
    tied = [m for m in matches if m.chaos <= least + 0.01]
    if any(_LEGACY_DEFAULT in m.could_be_from_charset for m in tied):
        return _LEGACY_DEFAULT
    best = min(tied, key=lambda m: (m.chaos, -m.coherence))
    return str(best.encoding)


def decode_text(data: bytes, label: str, declared: str = "") -> str:
    """Decode article bytes into text with newlines as ``\\n``; refuse binary and empty input.

    ``label`` names the input in messages; ``declared`` is a charset the server or page
    declared ("" when none).
    """
    kind = binary_kind(data)
    if kind:
        raise ReadError(f"{label} is {kind}, not a text article")
    encoding = detect_encoding(data, declared)
    if not encoding or (b"\0" in data[:SNIFF_BYTES] and encoding.startswith("utf-8")):
        raise ReadError(f"{label} is a binary file, not a text article")
    text = decode(data, encoding)
    text = text.removeprefix("\ufeff")
    if control_ratio(text) > 0.01:
        raise ReadError(f"{label} is a binary file, not a text article")
    # The few controls a text may hold go here, before any parser sees them.
    text = xml_safe(text)
    if not text.strip():
        raise ReadError(f"{label} is empty: there is no text to read")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def sniff_text(head: bytes) -> str:
    """The first bytes as text, leniently, for recognising a format ("" for binary data)."""
    if binary_kind(head):
        return ""
    name, skip = bom_encoding(head)
    name = name or wide_encoding(head) or "utf-8"
    # A multi-byte character may be cut at the end of the sample; "replace" keeps the rest.
    return head[skip:].decode(name, errors="replace")


def control_ratio(text: str) -> float:
    """Share of characters in the first 8 KiB that are control codes other than white space."""
    sample = text[:8192]
    if not sample:
        return 0.0
    return len(_CONTROL.findall(sample)) / len(sample)


def _known(name: str) -> bool:
    """True when Python has a codec called ``name``."""
    try:
        codecs.lookup(name)
    except (LookupError, ValueError):  # ValueError: a NUL in a declared charset
        return False
    return True


def _decodes(data: bytes, encoding: str) -> bool:
    """True when ``data`` decodes strictly in ``encoding`` (windows-1252 as browsers have it:
    every byte)."""
    if encoding == "cp1252":
        return True
    try:
        data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return False
    return True
