"""Helpers shared by the readers: cleaning sections into an :class:`Article`, front-matter dates."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, date, datetime

from ...errors import ReadError
from ...models import Article, Section
from .. import clean


def article_from_sections(sections: Sequence[Section], source: str, **meta: object) -> Article:
    """Clean each section's paragraphs, set the contributor note apart, build the article."""
    cleaned = [
        Section(s.title, tuple(p for p in clean.clean_lines(list(s.paragraphs)) if p))
        for s in sections
    ]
    cleaned = [s for s in cleaned if s.paragraphs]
    if not cleaned:
        raise ReadError(f"{source} holds no readable text")
    last = cleaned[-1]
    body, credit = clean.split_contributor_note(last.paragraphs)
    if credit:
        cleaned = cleaned[:-1] + ([Section(last.title, tuple(body))] if body else [])
        if not cleaned:
            raise ReadError(f"{source} holds no article text besides its credits")
    first = cleaned[0]
    cleaned[0] = Section(
        first.title, (clean.soften_dateline(first.paragraphs[0]), *first.paragraphs[1:])
    )
    return Article(sections=tuple(cleaned), source=source, credit=credit, **meta)  # type: ignore[arg-type]


def join_headings(headings: Sequence[str]) -> str:
    """One heading from headings that follow each other with no text between them ("Part
    one — The start"): each reader's chapter title for a heading and its subheading."""
    parts = [h.rstrip(":").strip() for h in headings if h.strip()]
    return " — ".join(dict.fromkeys(parts))


def parse_date(value: str) -> datetime | None:
    """An ISO date or date-time from front matter, as an aware datetime (UTC when naive)."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        try:
            parsed = datetime.combine(date.fromisoformat(value[:10]), datetime.min.time())
        except ValueError:
            return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def same_text(a: str, b: str) -> bool:
    """Equal once case and punctuation are ignored."""
    return re.sub(r"\W+", "", a.lower()) == re.sub(r"\W+", "", b.lower())
