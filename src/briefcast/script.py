"""Scripting: articles in, the narrated :class:`Script` out.

An intro (show, episode title, date), each section announced by its heading and read, and an
outro. Paragraphs are split into sentences here, because sentences are the unit that is voiced
and timed. Pure: the date is passed in, nothing is read or written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from .errors import ScriptError
from .models import Article, Paragraph, Script, Segment

# Abbreviations after which a period does not end a sentence.
ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sr jr st mt ft gen col lt sgt capt cmdr adm gov sen rep rev hon pres
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun
    no nos vol vols fig figs approx est dept univ inc ltd co corp bros vs etc al e.g i.e
    u.s u.k u.n u.s.a e.u d.c a.m p.m""".split()
)

_SENTENCE_END = re.compile(r"([.!?…]+[\"”’»)\]]*)(\s+)(?=[\"“‘«(\[]?[A-Z0-9À-Þ])")


def split_sentences(paragraph: str) -> tuple[str, ...]:
    """Split a paragraph into sentences, keeping abbreviations, initials and decimals whole."""
    text = " ".join(paragraph.split())
    if not text:
        return ()
    sentences: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end(1)
        candidate = text[start:end]
        if match.group(1).startswith(".") and _ends_with_abbreviation(candidate):
            continue
        sentences.append(candidate.strip())
        start = match.end()
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return tuple(s for s in sentences if any(c.isalnum() for c in s))


def _ends_with_abbreviation(candidate: str) -> bool:
    """True when the period closing ``candidate`` belongs to an abbreviation or initial."""
    word = candidate.rstrip(".").rsplit(" ", 1)[-1].lstrip("\"“‘«([").lower()
    if word in ABBREVIATIONS:
        return True
    # Single initials ("J. R. R. Tolkien") and dotted acronyms ("U.S.-Russian" ends elsewhere).
    return len(word) == 1 and word.isalpha()


def _paragraph(text: str) -> Paragraph | None:
    """A :class:`Paragraph` of ``text``, or ``None`` when nothing speakable remains."""
    sentences = split_sentences(text)
    return Paragraph(sentences) if sentences else None


def _finish(text: str) -> str:
    """End spoken text with punctuation so that the voice closes the sentence."""
    text = text.strip()
    return text if text[-1:] in (".", "!", "?", "…") else text + "."


def spoken_date(day: date) -> str:
    """A date as a voice should read it: "Saturday, November 28, 2026"."""
    return f"{day:%A}, {day:%B} {day.day}, {day.year}"


def episode_title(articles: Sequence[Article], title: str | None) -> str:
    """The episode title: the given one, else the first article's, else its opening words."""
    if title and title.strip():
        return " ".join(title.split())
    for article in articles:
        if article.title:
            return article.title
    first = articles[0].sections[0].paragraphs[0]
    sentence = split_sentences(first)[0] if split_sentences(first) else first
    words = sentence.rstrip(".").split()
    short = " ".join(words[:12])
    return short + ("…" if len(words) > 12 else "")


def build_script(
    articles: Sequence[Article],
    *,
    show_title: str,
    day: date,
    title: str | None = None,
) -> Script:
    """Script one episode from one or more articles."""
    if not articles:
        raise ScriptError("no article to script")
    ep_title = episode_title(articles, title)
    intro_lines = [f"This is {show_title}.", _finish(ep_title), f"{spoken_date(day)}."]
    bylines = [a.byline for a in articles if a.byline]
    if bylines:
        intro_lines.append(f"Written by {' and '.join(dict.fromkeys(bylines))}.")
    segments: list[Segment] = [
        Segment("intro", "Introduction", (Paragraph(tuple(intro_lines)),))
    ]
    for article in articles:
        for index, section in enumerate(article.sections):
            paragraphs: list[Paragraph] = []
            if section.title:
                paragraphs.append(Paragraph((_finish(section.title),)))
            for text in section.paragraphs:
                para = _paragraph(text)
                if para:
                    paragraphs.append(para)
            if not any(p for p in paragraphs):
                continue
            chapter = section.title or (
                article.title if len(articles) > 1 and article.title else ep_title
                if index == 0 else "Continued"
            )
            segments.append(
                Segment("section", chapter, tuple(paragraphs), url=article.source_url)
            )
    if len(segments) == 1:
        raise ScriptError("the article holds no text that can be read aloud")
    outro = [f"That was {_finish(ep_title)}", f"You have been listening to {show_title}."]
    credits = [a.credit for a in articles if a.credit]
    if credits:
        outro.insert(1, _finish(" ".join(credits)))
    outro.append("Thanks for listening.")
    segments.append(Segment("outro", "Outro", (Paragraph(tuple(outro)),)))
    return Script(title=ep_title, segments=tuple(segments), articles=tuple(articles))
