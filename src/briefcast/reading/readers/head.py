"""The head of an article, read as an editor reads it: headline, standfirst, and the furniture
between them.

Text pasted from a page starts where the producer began the selection, at the headline. Under
it sit, in every site's own order, a standfirst (the one- or two-sentence summary that is part
of the story) and the page's furniture: the byline, the dateline, "Updated"/"Published" stamps,
a reading time, share counts and share buttons, the section's label. The head block is the run
of lines before the first paragraph of body text; in it the headline is the first line, the
standfirst is kept, and the furniture goes, its author, date and place kept for the record.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from .. import clean

# Body text: a paragraph this long is the story, not its head.
BODY_MIN_WORDS = 25
# The head block is read over at most this many lines before the body starts.
HEAD_MAX_LINES = 14
# Headlines run long on some sites (a question and its answer, a colon and a clause).
HEADLINE_MAX_WORDS = 30
_SMALL = frozenset(
    "a an and as at but by for from in into is its of on or the to with vs via de la le".split()
)
_NAME_WORD = r"(?:[A-Z][\w'’-]+|[A-Z]\.)"
# "By Jane Doe", "by Jane Doe | November 18, 2019 | Topic: Hardware", "BY JANE DOE ON 11/13/19",
# "Written by Jane Doe", "Author: Jane Doe".
_BY = re.compile(r"^(?:(?:written |posted |reported )?by|author|authors|words)\b\s*:?\s*", re.I)
# "Jane Doe - Nov 19, 2019", "Jane Doe 27/09/2018 ...", "Jane Doe, AP Sports Writer",
# "Jane Doe, CNN Business": a name, then a date, a role or an outlet.
_NAME_THEN = re.compile(
    rf"^(?P<name>{_NAME_WORD}(?: (?:{_NAME_WORD}|de|van|von|da|del|di|le|la)){{1,3}})"
    r"(?:\s*[-–—|,•·]\s*|\s+(?=\d))(?P<rest>.*)$"
)
_ROLE = re.compile(
    r"\b(?:writer|reporter|correspondent|editor|columnist|journalist|contributor|staff|"
    r"producer|critic|bureau|desk|team|news|business|sport|sports)\b",
    re.IGNORECASE,
)
# A bare name in the head ("Kirk Siegler"), as NPR and others print the byline.
PERSON_NAME = re.compile(r"^[A-Z][a-z'’-]+(?: (?:[A-Z]\.|[A-Z][a-z'’-]+)){1,3}$")
_HANDLE = re.compile(r"^@\w{2,30}$")
_HANDLE_IN = re.compile(r"\s*@\w{2,30}\s*$")
# "0", "4553", "438.3K", "195Shares", "258 Shares", "57 comments", "SHARES".
SHARE_COUNT = re.compile(
    r"^(?:\d[\d.,]*\s*[KkMm]?\s*(?:shares?|comments?|views?|reads?|likes?)?|"
    r"(?:shares?|comments?|views?))$",
    re.IGNORECASE,
)
# "2 min read", "Reading time: 4 minutes", "Tempo de leitura: 1 minuto", "Lesezeit: 3 Min.".
READING_TIME = re.compile(
    r"\b\d{1,3}\s*(?:-\s*)?(?:min|mins|minutes?|minutos?|minuten|m)\b\.?", re.I
)


# Chinese and Japanese write no spaces between words: a run of their characters is counted
# as one word per two characters (about their average word length), so that a paragraph of
# 80 characters is body text as a paragraph of 40 English words is.
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def word_count(line: str) -> int:
    """Words in ``line``, counting unspaced Chinese and Japanese script at two characters to
    the word."""
    extra = sum(len(run) // 2 for run in _UNSPACED.findall(line))
    return len(line.split()) + extra


@dataclass(frozen=True)
class Head:
    """What the head of a pasted article holds.

    ``title`` is the headline ("" when the text has none); ``byline``, ``date`` and ``place``
    come from the furniture that was removed ("" or ``None`` when not given); ``lines`` are the
    article's lines from the standfirst (or the first body line) on, blank lines kept.
    """

    title: str
    byline: str
    date: datetime | None
    place: str
    lines: list[str]


def is_byline(line: str) -> bool:
    """A line that names who wrote the story, alone or with the date, role or outlet.

    "By Jane Doe", "by Jane Doe | Nov 18, 2019 | Topic: Hardware", "Jane Doe - Nov 19, 2019,
    10:31 pm CST", "Jane Doe, AP Sports Writer", "@janedoe". A sentence ("By noon the ...") has
    more words than a byline and no name after "by".
    """
    if not line or len(line.split()) > 20 or line[-1] in "?!":
        return False
    if _HANDLE.match(line):
        return True
    by = _BY.match(line)
    if by:
        rest = line[by.end() :]
        return (
            not rest
            or bool(re.match(_NAME_WORD, rest))
            or rest.isupper()
            or clean.has_time_or_date(rest)  # "By admin - 2018-09-16"
        )
    bare = _ROLE_SUFFIX.sub("", line)
    if bare != line and PERSON_NAME.match(bare):
        return True  # "Gwyn Topham Transport correspondent"
    match = _NAME_THEN.match(_HANDLE_IN.sub("", line))
    if not match:
        return False
    rest = match.group("rest")
    return bool(
        clean.is_timestamp(rest)
        or clean.has_time_or_date(rest)
        or (_ROLE.search(rest) and len(rest.split()) <= 6)
    )


_AGENCY_SUFFIX = re.compile(
    r"(?:,|\s+[|·•-]|(?=\s+(?:The )?Associated Press))\s*(?:The )?"
    r"(?:Associated Press|Reuters|AP|AFP|NPR|BBC(?: News)?|CNN(?: \w+)?|"
    r"Bloomberg|[A-Z][\w ]{1,30} (?:staff|correspondent|reporter|writer|editor)s?)\s*$",
    re.IGNORECASE,
)
_ROLE_SUFFIX = re.compile(
    r"(?:,?(?:\s+(?-i:[A-Z])\w*)?\s+(?:correspondent|reporter|editor|writer|columnist|"
    r"journalist|contributor)s?)\s*$",
    re.IGNORECASE,
)


def byline_name(line: str) -> str:
    """The author's name in a byline ("" for a handle or a bare "By").

    The name runs up to the date, a separator or the outlet: "By ANA LOPEZ and PETER HOLM
    Associated Press" is "Ana Lopez and Peter Holm", "Gwyn Topham Transport correspondent" is
    "Gwyn Topham"; names in capitals are written as names.
    """
    if _HANDLE.match(line):
        return ""
    by = _BY.match(line)
    text = _HANDLE_IN.sub("", line[by.end() :] if by else line)
    text = re.split(r"\s*(?:[|•·/]|\s[-–—]\s|\d|\b(?i:on|at|updated|published)\b)", text)[0]
    for _ in range(2):
        text = _AGENCY_SUFFIX.sub("", text).strip(" ,")
        text = _ROLE_SUFFIX.sub("", text).strip(" ,")
    text = text.split(",")[0].strip()
    words = text.split()
    if not words or len(words) > 8 or not words[0][:1].isupper():
        return ""
    return " ".join(w.capitalize() if w.isupper() and len(w) > 1 else w for w in words).replace(
        " And ", " and "
    )


def is_label(line: str) -> bool:
    """A short unfinished line in the head: a section label, a share button, a site name, a
    bare author name ("Editorial", "Print Article", "Telegraph Sport", "Share via")."""
    return 0 < word_count(line) <= 4 and len(line) <= 40 and line[-1] not in '.!?:”"’)。！？：、，'


def is_head_furniture(line: str) -> bool:
    """Anything a page prints in an article's head besides headline and standfirst: a byline,
    a date or time stamp, a reading time, a share count, a label, a photo credit."""
    return bool(
        clean.is_timestamp(line)
        or is_byline(line)
        or SHARE_COUNT.match(line)
        or (READING_TIME.search(line) and len(line.split()) <= 6)
        or clean.is_credit(line)
        or clean.is_stamp_with_extras(line)
    )


def _title_case(line: str) -> bool:
    """Most words that are not small words start with a capital (headline style)."""
    words = [w for w in re.findall(r"[^\W\d_][\w'’-]*", line) if w.lower() not in _SMALL]
    return len(words) >= 2 and sum(w[0].isupper() for w in words) >= 0.75 * len(words)


def is_headline(line: str, after: Sequence[str]) -> bool:
    """The first line of a paste is its headline unless it reads as something else.

    Not furniture, not body text (a headline is at most 30 words) and not a run of sentences:
    a headline that ends with a period (some sites end theirs so) is taken when it is written
    in headline capitals or the line under it is the head's furniture.
    """
    if not line or word_count(line) > HEADLINE_MAX_WORDS or is_head_furniture(line):
        return False
    if clean.DATELINE.match(line):
        return False
    nxt = next((x for x in after if x), "")
    if not nxt:
        return False
    if line[-1] in ".…。．" and not line.endswith(".."):
        return _title_case(line) or is_head_furniture(nxt)
    if line[-1] in ",;":
        return False
    # A body sentence that happens to be first: long, and the next line continues it.
    return word_count(line) <= 20 or _title_case(line) or is_head_furniture(nxt)


def _date_from(lines: Sequence[str]) -> datetime | None:
    """The first date the furniture gives, in UTC."""
    for line in lines:
        found = clean.parse_stamp_date(line)
        if found:
            return found
    return None


def _place_from(lines: Sequence[str]) -> str:
    """A place named in the furniture: "Reuters, Washington," or "New Delhi, X Bureau | ..."."""
    for line in lines:
        if not ("," in line or "|" in line):
            continue
        parts = [p.strip() for p in re.split(r"[,|]", line) if p.strip()]
        if not parts:
            continue
        agency = [p for p in parts if re.fullmatch(r"[A-Z]{2,6}|Reuters|Bloomberg", p)]
        named = [
            p
            for p in parts
            if p not in agency and re.fullmatch(r"[A-Z][a-z]+(?: [A-Z][a-z]+){0,2}", p)
        ]
        bureau = any(p.lower().endswith("bureau") for p in parts)
        if named and (agency or bureau):
            return named[0]
    return ""


def read_head(lines: Sequence[str]) -> Head:
    """Split the head of pasted text (cleaned lines, blank lines kept) off its body.

    The head block is the lines before the first body paragraph (a paragraph of at least 25
    words), at most 14; a standfirst may stand among them and is kept. A paragraph that long
    with furniture right under it (a byline, a date) is a long standfirst, and the head goes
    on to the next body paragraph. In it, the first line is
    the headline when it reads as one (:func:`is_headline`); bylines, stamps, reading times,
    share counts and short labels are removed, and the byline's name, the first date and a
    place named beside an agency or bureau are returned.
    """
    content = [i for i, x in enumerate(lines) if x]
    if not content:
        return Head("", "", None, "", list(lines))
    first = content[0]
    title = ""
    if is_headline(lines[first], lines[first + 1 :]):
        title = lines[first]
        start = first + 1
    else:
        start = first
    body_at = next(
        (i for i in content if i >= start and word_count(lines[i]) >= BODY_MIN_WORDS),
        len(lines),
    )
    after = next((i for i in content if i > body_at), None)
    if after is not None and is_head_furniture(lines[after]):
        # A long standfirst with the byline or the date under it: the head goes on past it
        # to the first paragraph of body text after that furniture.
        body_at = next(
            (i for i in content if i > after and word_count(lines[i]) >= BODY_MIN_WORDS),
            len(lines),
        )
    end = min(body_at, content[min(len(content) - 1, HEAD_MAX_LINES)] + 1)
    furniture: list[str] = []
    kept: list[str] = []
    for i in range(start, end):
        line = lines[i]
        if not line:
            kept.append(line)
            continue
        nxt = next((x for x in lines[i + 1 :] if x), "")
        if is_head_furniture(line):
            furniture.append(line)
            continue
        # A short label stands in the head; the same shape right above the body is a heading,
        # unless it is a bare name (the byline as NPR prints it).
        if is_label(line) and (
            PERSON_NAME.match(line)
            or line[-1] in ",;|-–—"
            or not (i == content[-1] or _opens_body(nxt))
        ):
            furniture.append(line)
            continue
        kept.append(line)
    bylines = [x for x in furniture if is_byline(x)]
    name = next((n for n in map(byline_name, bylines) if n), "")
    if not name:
        # A bare name standing alone under the headline: "Ed Cara".
        name = next((x for x in furniture if PERSON_NAME.match(x)), "")
    body = kept + list(lines[end:])
    if title:
        # The headline repeated in the body (a gallery, a second copy) is not read twice.
        key = clean.line_key(title)
        body = [x for x in body if not x or clean.line_key(x) != key]
    return Head(
        title=title,
        byline=name,
        date=_date_from(furniture),
        place=_place_from(furniture),
        lines=body,
    )


def _opens_body(nxt: str) -> bool:
    """A short line followed by body text is the body's first heading."""
    return word_count(nxt) >= BODY_MIN_WORDS
