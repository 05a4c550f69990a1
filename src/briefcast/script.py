"""Scripting: articles in, the narrated :class:`Script` out.

An intro (show, episode title, date), each section announced by its heading and read, and an
outro. Paragraphs are split into sentences here, because sentences are the unit that is voiced
and timed, and each sentence is normalised for speech (:mod:`briefcast.speech`: "Jan. 30" is
voiced "January 30"). Segment titles keep the article's own typography ("Europe’s plan"), since
they are display text for chapters and show notes. Pure: the date is passed in, nothing is read
or written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import Any

from .errors import ScriptError
from .models import Article, Paragraph, Script, Section, Segment, clock
from .speech import normalise

# Average pace of a news reader; used only for the estimate shown before any audio exists.
WORDS_PER_MINUTE = 155

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


def _is_place_list(sentence: str) -> bool:
    """A short run of capitalised names ("Kyiv, Tbilisi and Paris."), as a dateline leaves."""
    words = sentence.rstrip(".").replace(",", " ").split()
    return 0 < len(words) <= 8 and all(w[0].isupper() or w in ("and", "of", "the") for w in words)


def _paragraph(text: str, language: str = "en") -> Paragraph | None:
    """A :class:`Paragraph` of ``text`` normalised for speech, or ``None`` when nothing remains."""
    pairs = [(normalise(x, language), x) for x in split_sentences(text)]
    pairs = [(spoken, written) for spoken, written in pairs if any(c.isalnum() for c in spoken)]
    if not pairs:
        return None
    return Paragraph(tuple(s for s, _ in pairs), tuple(w for _, w in pairs))


def _spoken(lines: Sequence[str], language: str = "en") -> Paragraph:
    """A paragraph of script lines (intro, outro), each normalised for speech."""
    return Paragraph(tuple(normalise(line, language) for line in lines), tuple(lines))


def _section_paragraphs(section: Section, language: str) -> list[Paragraph]:
    """A section as script paragraphs: its heading announced (when it has one), then its text."""
    paragraphs = [_spoken((_finish(section.title),), language)] if section.title else []
    paragraphs += [p for p in (_paragraph(t, language) for t in section.paragraphs) if p]
    return paragraphs


def _finish(text: str) -> str:
    """End spoken text with punctuation so that the voice closes the sentence."""
    text = text.strip()
    return text if text[-1:] in (".", "!", "?", "…") else text + "."


def spoken_date(day: date) -> str:
    """A date as a voice should read it: "Saturday, November 28, 2026"."""
    return f"{day:%A}, {day:%B} {day.day}, {day.year}"


TITLE_MAX_CHARS = 80
# Where a lead sentence can be cut into a title that still reads as a whole: before a clause.
_CLAUSE_CUT = re.compile(r"[,;:]\s|\s[—–]\s|\s(?=(?:after|as|because|before|but|since|"
                         r"that|when|where|which|while|who|whose|with|amid|despite|"
                         r"following|including|according)\b)")
_DANGLING = frozenset("a an and as at by for from in into of on or the to with".split())


def lead_title(sentence: str, limit: int = TITLE_MAX_CHARS) -> str:
    """A title from a lead sentence: whole when it fits in ``limit`` characters, else cut at
    the last clause boundary that fits (never "…"), else at the last word that fits."""
    text = " ".join(sentence.split()).rstrip(".!?;:, ")
    if len(text) <= limit:
        return text
    cuts = [m.start() for m in _CLAUSE_CUT.finditer(text) if 20 <= m.start() <= limit]
    if cuts:
        return text[:cuts[-1]].rstrip(",;: ")
    words = text[:limit + 1].rsplit(" ", 1)[0].split()
    while len(words) > 1 and words[-1].lower() in _DANGLING:
        words.pop()
    return " ".join(words).rstrip(",;:")


def episode_title(articles: Sequence[Article], title: str | None) -> str:
    """The episode title: the given one, else the first article's, else its first heading,
    else its lead sentence cut at a clause boundary (at most 80 characters, never "…")."""
    if title and title.strip():
        return " ".join(title.split())
    for article in articles:
        if article.title:
            return article.title
    for section in articles[0].sections:
        if section.title.strip():
            return " ".join(section.title.split())
    first = articles[0].sections[0].paragraphs[0]
    sentences = split_sentences(first) or (first,)
    if len(sentences) > 1 and _is_place_list(sentences[0]):
        sentences = sentences[1:]  # a softened dateline ("Kyiv and Paris.") is no title
    return lead_title(sentences[0])


def build_script(
    articles: Sequence[Article],
    *,
    show_title: str,
    day: date,
    title: str | None = None,
    read_credits: bool = True,
) -> Script:
    """Script one episode from one or more articles.

    ``read_credits`` reads each article's closing contributor note (``Article.credit``) in the
    outro; without it the note is dropped.
    """
    if not articles:
        raise ScriptError("no article to script")
    lang = articles[0].language or "en"
    ep_title = episode_title(articles, title)
    intro_lines = [f"This is {show_title}.", _finish(ep_title), f"{spoken_date(day)}."]
    sites = list(dict.fromkeys(a.site_name for a in articles if a.site_name))
    bylines = [a.byline for a in articles if a.byline]
    if bylines:
        writers = " and ".join(dict.fromkeys(bylines))
        where = f", for {sites[0]}" if len(sites) == 1 else ""
        intro_lines.append(f"Written by {writers}{where}.")
    elif len(sites) == 1:
        intro_lines.append(f"From {sites[0]}.")
    segments: list[Segment] = [
        Segment("intro", "Introduction", (_spoken(intro_lines, lang),))
    ]
    for article in articles:
        alang = article.language or lang
        for index, section in enumerate(article.sections):
            paragraphs = _section_paragraphs(section, alang)
            if not paragraphs:
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
    credits = [a.credit for a in articles if a.credit] if read_credits else []
    if credits:
        outro.insert(1, _finish(" ".join(credits)))
    outro.append("Thanks for listening.")
    segments.append(Segment("outro", "Outro", (_spoken(outro, lang),)))
    return Script(title=ep_title, segments=tuple(segments), articles=tuple(articles))


# ---------------------------------------------------------------- briefings

NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                "ten", "eleven", "twelve")

# Spoken before a story in the middle of a briefing: (with its source named, without one).
TRANSITIONS: tuple[tuple[str, str], ...] = (
    ("Next, from {source}: {headline}", "Next: {headline}"),
    ("Turning now to {source}: {headline}", "Turning now to another story: {headline}"),
    ("Also today, from {source}: {headline}", "Also today: {headline}"),
    ("Meanwhile, {source} reports: {headline}", "Meanwhile: {headline}"),
    ("In other news, from {source}: {headline}", "In other news: {headline}"),
    ("Our next story comes from {source}: {headline}", "Our next story: {headline}"),
    ("Now to a report from {source}: {headline}", "Now to another report: {headline}"),
    ("Moving on, from {source}: {headline}", "Moving on: {headline}"),
)
FIRST_TRANSITION = ("Our first story, from {source}: {headline}", "Our first story: {headline}")
LAST_TRANSITION = ("And finally, from {source}: {headline}", "And finally: {headline}")
ONLY_TRANSITION = ("Today's story, from {source}: {headline}", "Today's story: {headline}")


def headline(article: Article) -> str:
    """A story's spoken headline: its title, else its opening words."""
    return episode_title([article], None)


def transition_order(headlines: Sequence[str]) -> list[int]:
    """A fixed shuffle of :data:`TRANSITIONS` for this set of stories.

    Derived from a hash of the headlines, so the same briefing always speaks the same words and
    different days vary; within one briefing no transition repeats until all have been used.
    """
    import hashlib

    seed = "\n".join(headlines)
    return sorted(range(len(TRANSITIONS)),
                  key=lambda i: hashlib.sha256(f"{seed}\n{i}".encode()).hexdigest())


def transitions(headlines: Sequence[str], sources: Sequence[str]) -> list[str]:
    """The spoken line that announces each story: a transition, its source and headline."""
    order = transition_order(headlines)
    lines = []
    count = len(headlines)
    for index, (head, source) in enumerate(zip(headlines, sources, strict=True)):
        if count == 1:
            pair = ONLY_TRANSITION
        elif index == 0:
            pair = FIRST_TRANSITION
        elif index == count - 1:
            pair = LAST_TRANSITION
        else:
            pair = TRANSITIONS[order[(index - 1) % len(order)]]
        template = pair[0] if source else pair[1]
        lines.append(_finish(template.format(source=source, headline=head)))
    return lines


def briefing_title(day: date, title: str | None = None) -> str:
    """The title of a briefing episode: the given one, else "Briefing for <date>"."""
    if title and title.strip():
        return " ".join(title.split())
    return f"Briefing for {spoken_date(day)}"


def build_briefing_script(
    articles: Sequence[Article],
    sources: Sequence[str],
    *,
    show_title: str,
    day: date,
    title: str | None = None,
    read_credits: bool = True,
) -> Script:
    """Script a briefing: intro with the date and the headlines, one segment per story, outro.

    ``sources`` names the publisher of each article as it should be spoken ("" when unknown).
    Each story is one ``section`` segment titled by its headline, carrying its source URL, so
    it becomes one chapter; it opens with a spoken transition that announces the headline and
    the source, then reads the story's sections (headings announced). Every spoken line is
    normalised for speech, in the story's language; ``read_credits`` reads the stories'
    contributor notes in the outro.
    """
    if not articles:
        raise ScriptError("a briefing needs at least one story")
    if len(sources) != len(articles):
        raise ScriptError("a briefing needs one source name per story")
    lang = articles[0].language or "en"
    ep_title = briefing_title(day, title)
    heads = [headline(a) for a in articles]
    count = len(articles)
    opening = [f"This is {show_title}."]
    if title and title.strip():
        opening += [_finish(ep_title), f"{spoken_date(day)}."]
    else:
        opening.append(f"Your briefing for {spoken_date(day)}.")
    number = NUMBER_WORDS[count] if count < len(NUMBER_WORDS) else str(count)
    rundown = [f"Today, {number} {'story' if count == 1 else 'stories'}."]
    rundown += [_finish(f"From {src}: {h}" if src else h) for h, src in zip(heads, sources,
                                                                              strict=True)]
    segments: list[Segment] = [
        Segment("intro", "Headlines", (_spoken(opening, lang), _spoken(rundown, lang)))
    ]
    for article, head, line in zip(articles, heads, transitions(heads, sources), strict=True):
        alang = article.language or lang
        paragraphs = [_spoken((line,), alang)]
        for section in article.sections:
            paragraphs += _section_paragraphs(section, alang)
        if len(paragraphs) == 1:
            raise ScriptError(f"the story {head!r} holds no text that can be read aloud")
        segments.append(Segment("section", head, tuple(paragraphs), url=article.source_url))
    outro = [f"That was your briefing for {spoken_date(day)}."]
    credits = [a.credit for a in articles if a.credit] if read_credits else []
    if credits:
        outro.append(_finish(" ".join(dict.fromkeys(credits))))
    outro += [f"You have been listening to {show_title}.", "Thanks for listening."]
    segments.append(Segment("outro", "Outro", (_spoken(outro, lang),)))
    return Script(title=ep_title, segments=tuple(segments), articles=tuple(articles))


def estimate_seconds(text: str, words_per_minute: int = WORDS_PER_MINUTE) -> float:
    """Estimated spoken duration of ``text`` at a news reader's pace, in seconds."""
    return len(text.split()) * 60.0 / words_per_minute


def script_to_json(script: Script) -> dict[str, Any]:
    """The script as a JSON-ready dict: title, language, estimate, and each segment's text."""
    segments = [
        {"kind": seg.kind, "title": seg.title, "url": seg.url,
         "seconds": round(estimate_seconds(seg.text), 1), "text": seg.text}
        for seg in script.segments
    ]
    return {
        "title": script.title,
        "language": script.articles[0].language if script.articles else "",
        "seconds": round(sum(s["seconds"] for s in segments), 1),  # type: ignore[misc]
        "sources": [a.source_url or a.source for a in script.articles],
        "segments": segments,
    }


def render_text(script: Script) -> str:
    """The script as a producer reads it: a header, then each segment's title and spoken text."""
    total = sum(estimate_seconds(seg.text) for seg in script.segments)
    lang = script.articles[0].language if script.articles and script.articles[0].language else "?"
    lines = [f"{script.title}", f"language {lang}, about {clock(round(total))} spoken, "
             f"{len(script.segments)} segments", ""]
    for seg in script.segments:
        lines.append(f"[{seg.kind}] {seg.title} ({clock(round(estimate_seconds(seg.text)))})")
        lines.append(seg.text)
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
