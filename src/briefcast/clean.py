"""Cleaning text for the ear: what a page shows but a listener must not hear.

Pasted news text carries photo captions, credit lines, widget labels ("toggle caption") and
template leftovers. Each cleaner is a small pure ``list[str] -> list[str]`` function over the
article's lines (blank lines kept as paragraph breaks), applied in order by :func:`clean_lines`.
No I/O, no clock.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

Lines = list[str]
Cleaner = Callable[[Lines], Lines]

# Labels of photo and media widgets that pages render as text.
WIDGET_LINE = re.compile(
    r"^(?:cover caption|toggle caption|hide caption|show caption|enlarge this image|"
    r"image|photo|video|audio|advertisement|sponsored|share this article|share|"
    r"listen to this article|listen|play|pause|close|menu|loading\.*)$",
    re.IGNORECASE,
)
CAPTION_TOGGLE = re.compile(r"^(?:toggle|hide|show) caption$", re.IGNORECASE)
COVER_CAPTION = re.compile(r"^cover caption$", re.IGNORECASE)

_AGENCIES = (
    r"Getty Images|Getty Photographs|AFP|AP|Reuters|EPA|Associated Press|Shutterstock|"
    r"Bloomberg|Sipa USA|Sipa|Anadolu|NurPhoto|Pool|NPR|Xinhua|TASS|iStock|Alamy|"
    r"AFP via Getty Images|AP Photo|Reuters/[A-Z][a-z]+"
)
# "Name/Getty Images", "Name for NPR", "Photo: Name", "AP Photo/Name", "Credit: ...".
CREDIT_LINE = re.compile(
    rf"^(?:"
    rf"(?:photo|photograph|image|credit|illustration|video)s?(?: by)?\s*:.{{1,80}}"
    rf"|[\w .'’-]{{2,60}}\s*/\s*(?:{_AGENCIES})(?: via .{{2,40}})?"
    rf"|(?:{_AGENCIES})\s*/\s*[\w .'’-]{{2,60}}"
    rf"|[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){{0,4}} for (?:[A-Z][\w.&'’-]*)(?: [A-Z][\w.&'’-]*){{0,4}}"
    rf")$"
)
# Spinner / template leftovers such as "{that a}" or "{{name}}".
SPINNER = re.compile(r"\{+\s*([^{}]{0,60}?)\s*\}+")
STRAY_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")


def strip_whitespace(lines: Lines) -> Lines:
    """Trim each line and fold runs of inner white space (including NBSP) to one space."""
    return [re.sub(r"[ \t\u00a0\u2009\u202f]+", " ", line).strip() for line in lines]


def drop_caption_blocks(lines: Lines) -> Lines:
    """Drop photo blocks: caption, credit, "cover caption", "toggle caption", credit.

    A block is anchored on a caption-toggle line; the credit lines around it and the caption
    paragraph before the first credit are removed with it.
    """
    drop: set[int] = set()
    for i, line in enumerate(lines):
        if not CAPTION_TOGGLE.match(line):
            continue
        drop.add(i)
        # Credit repeated after the toggle.
        if i + 1 < len(lines) and _is_credit(lines[i + 1]):
            drop.add(i + 1)
        j = i - 1
        if j >= 0 and COVER_CAPTION.match(lines[j]):
            drop.add(j)
            j -= 1
        if j >= 0 and _is_credit(lines[j]):
            drop.add(j)
            j -= 1
        # The caption itself: the non-blank line just before the credit.
        if j >= 0 and lines[j] and not _looks_like_heading_before(lines, j):
            drop.add(j)
    return [line for i, line in enumerate(lines) if i not in drop]


def _looks_like_heading_before(lines: Sequence[str], j: int) -> bool:
    """Guard: never treat a short title-like line as a caption (captions are sentences)."""
    return len(lines[j].split()) <= 3 and not lines[j].endswith(".")


def _is_credit(line: str) -> bool:
    """True when ``line`` reads like a photo credit."""
    return bool(line) and len(line) <= 90 and bool(CREDIT_LINE.match(line))


def drop_credit_lines(lines: Lines) -> Lines:
    """Drop stand-alone credit lines ("Name/Getty Images", "Photo: Name")."""
    return [line for line in lines if not _is_credit(line)]


def drop_widget_lines(lines: Lines) -> Lines:
    """Drop lines that are only a widget's label ("cover caption", "Advertisement")."""
    return [line for line in lines if not WIDGET_LINE.match(line)]


def drop_call_to_action(lines: Lines) -> Lines:
    """Drop newsletter, sharing and read-more prompts."""
    pattern = re.compile(
        r"^(?:sign up (?:for|to)\b|subscribe (?:to|now)\b|read more\s*:|related\s*:|"
        r"see also\s*:|follow us\b|share (?:this|on)\b|click here\b|download the app\b)",
        re.IGNORECASE,
    )
    return [line for line in lines if not (pattern.match(line) and len(line) < 160)]


def drop_spinner_artefacts(lines: Lines) -> Lines:
    """Replace template leftovers such as ``{that a}`` by their inner words."""
    return [SPINNER.sub(lambda m: m.group(1), line) for line in lines]


def drop_stray_markup(lines: Lines) -> Lines:
    """Remove HTML tags that survived a copy and paste."""
    return [STRAY_TAG.sub("", line).strip() if "<" in line else line for line in lines]


def drop_repeated_lines(lines: Lines) -> Lines:
    """Drop a non-blank line that repeats the line just before it (ignoring blanks)."""
    out: Lines = []
    last = None
    for line in lines:
        if line and line == last:
            continue
        out.append(line)
        if line:
            last = line
    return out


def collapse_blank_lines(lines: Lines) -> Lines:
    """Keep at most one blank line in a row and none at either end."""
    out: Lines = []
    for line in lines:
        if not line and (not out or not out[-1]):
            continue
        out.append(line)
    while out and not out[-1]:
        out.pop()
    return out


CLEANERS: tuple[Cleaner, ...] = (
    strip_whitespace,
    drop_stray_markup,
    drop_caption_blocks,
    drop_widget_lines,
    drop_credit_lines,
    drop_call_to_action,
    drop_spinner_artefacts,
    drop_repeated_lines,
    collapse_blank_lines,
)


def clean_lines(lines: Sequence[str], cleaners: Sequence[Cleaner] = CLEANERS) -> Lines:
    """Apply every cleaner in order."""
    out = list(lines)
    for cleaner in cleaners:
        out = cleaner(out)
    return out


DATELINE = re.compile(r"^([A-Z][A-Z .,'’-]{2,80}?)\s*[—–-]{1,2}\s+(?=\S)")


def soften_dateline(paragraph: str) -> str:
    """Turn a shouted dateline ("KYIV AND PARIS — Text") into spoken words ("Kyiv and Paris. Text")."""
    match = DATELINE.match(paragraph)
    if not match or not any(c.isalpha() for c in match.group(1)):
        return paragraph
    words = []
    for word in match.group(1).split():
        lower = word.lower()
        words.append(lower if lower in ("and", "of", "the", "de", "la") else word.capitalize())
    place = " ".join(words).rstrip(",")
    return f"{place}. {paragraph[match.end():]}"
