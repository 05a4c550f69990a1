"""Scripting: articles in, the narrated :class:`Script` out.

An intro (show, episode title, date, and the day the article was published when that is
another day), each section announced by its heading and read, and an
outro. Paragraphs are split into sentences here, because sentences are the unit that is voiced
and timed, and each sentence is normalised for speech (:mod:`briefcast.scripting.speech`: "Jan. 30"
is voiced "January 30"). Segment titles keep the article's own typography ("Europe’s plan"), since
they are display text for chapters and show notes. Pure: the date is passed in, nothing is read
or written.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from ..errors import ScriptError
from ..models import Anchor, Article, Paragraph, Script, ScriptDraft, Section, Segment, clock
from .speech import DEFAULT_SPEECH, Entry, Lexicon, Speech
from .speech.english import SENTENCE_STARTERS
from .wording import ENGLISH, Wording, wording_for

# Abbreviations that stand before a name ("Mr. Smith", "Gov. Newsom"): never a sentence's end
# when a word follows.
TITLE_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen col lt sgt capt cmdr adm gov sen rep rev hon pres mt ft messrs
    e.g i.e cf""".split()
)
# Abbreviations that may close a sentence ("at 7 p.m. Last spring", "in the U.S. The"): the
# period ends it only when the next word starts a sentence.
ABBREVIATIONS = (
    frozenset(
        """sr jr st jan feb mar apr jun jul aug sep sept oct nov dec mon tue wed thu fri sat sun
    no nos vol vols fig figs approx est dept univ inc ltd co corp bros vs etc al
    u.s u.k u.n u.s.a e.u d.c a.m p.m""".split()
    )
    | TITLE_ABBREVIATIONS
)
_TIMES = frozenset({"a.m", "p.m"})
# After a time, these go on the same sentence ("7 p.m. Eastern", "6 a.m. Monday").
_AFTER_TIME = frozenset(
    """eastern pacific central mountain atlantic local monday tuesday wednesday thursday friday
    saturday sunday january february march april may june july august september october
    november december gmt utc bst cet""".split()
)

_SENTENCE_END = re.compile(r"([.!?…]+[\"”’»)\]]*)(\s+)(?=[\"“‘«(\[]?[A-Z0-9À-Þ])")


def split_sentences(paragraph: str) -> tuple[str, ...]:
    """Split a paragraph into sentences, keeping abbreviations, initials and decimals whole.

    After an abbreviation the period ends the sentence only when the next word starts one:
    "at 7 p.m. Last spring" and "at 6 a.m. Riders" split, "Mr. Smith", "U.S. forces",
    "No. 10 Downing St." and "7 p.m. Eastern" do not.
    """
    text = " ".join(paragraph.split())
    if not text:
        return ()
    sentences: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end(1)
        candidate = text[start:end]
        if match.group(1).startswith(".") and not _abbreviation_ends_sentence(
            candidate, text[match.end() :]
        ):
            continue
        sentences.append(candidate.strip())
        start = match.end()
    tail = text[start:].strip()
    if tail:
        sentences.append(tail)
    return tuple(s for s in sentences if any(c.isalnum() for c in s))


def _abbreviation_ends_sentence(candidate: str, rest: str) -> bool:
    """Whether the period closing ``candidate`` ends a sentence, given the text after it.

    A plain word's period always does. An abbreviation's does when the next word starts a
    sentence: after a title ("Dr.") never; after a time ("p.m.") unless a zone, day or month
    follows; after another abbreviation when the next word is one that opens sentences.
    """
    word = candidate.rstrip(".").rsplit(" ", 1)[-1].lstrip('"“‘«([').lower()
    if candidate.strip().rstrip(".").isdigit():
        return False  # a list item's number opening the paragraph ("2. Avoid skipping meals")
    if len(word) == 1 and word.isalpha():
        return False  # an initial ("J. R. R. Tolkien")
    dotted = bool(re.fullmatch(r"(?:[a-z]\.)+[a-z]", word))  # "W.M. Keck", "in the U.S. The"
    if word not in ABBREVIATIONS and not dotted:
        return True
    if word in TITLE_ABBREVIATIONS:
        return False
    following = rest.lstrip('"“‘«([').split(" ", 1)[0]
    bare = following.strip('.,;:!?"”’»)').lower()
    if not following or following[0].isdigit():
        return False
    if word in _TIMES:
        return bare not in _AFTER_TIME and not (following.isupper() and len(bare) <= 4)
    return bare in SENTENCE_STARTERS


def _is_place_list(sentence: str) -> bool:
    """A short run of capitalised names ("Kyiv, Tbilisi and Paris."), as a dateline leaves."""
    words = sentence.rstrip(".").replace(",", " ").split()
    return 0 < len(words) <= 8 and all(w[0].isupper() or w in ("and", "of", "the") for w in words)


def _paragraph(text: str, language: str, speech: Speech) -> Paragraph | None:
    """A :class:`Paragraph` of ``text`` as it is spoken, or ``None`` when nothing remains."""
    pairs = [(speech.say(x, language), x) for x in split_sentences(text)]
    pairs = [(spoken, written) for spoken, written in pairs if any(c.isalnum() for c in spoken)]
    if not pairs:
        return None
    return Paragraph(tuple(s for s, _ in pairs), tuple(w for _, w in pairs))


def _spoken(lines: Sequence[str], language: str, speech: Speech) -> Paragraph:
    """A paragraph of script lines (intro, outro), each as it is spoken."""
    return Paragraph(tuple(speech.say(line, language) for line in lines), tuple(lines))


def _section_paragraphs(section: Section, language: str, speech: Speech) -> list[Paragraph]:
    """A section as script paragraphs: its heading announced (when it has one), then its text."""
    paragraphs = [_spoken((_finish(section.title),), language, speech)] if section.title else []
    paragraphs += [p for p in (_paragraph(t, language, speech) for t in section.paragraphs) if p]
    return paragraphs


def _finish(text: str) -> str:
    """End spoken text with punctuation so that the voice closes the sentence."""
    text = text.strip()
    return text if text[-1:] in (".", "!", "?", "…") else text + "."


def spoken_date(day: date, language: str = "en") -> str:
    """A date as the show writes it before it is read: "Saturday, November 28, 2026"."""
    return wording_for(language).spoken_date(day)


def article_day(articles: Sequence[Article]) -> date | None:
    """The day the articles were published, as their own dates say (in their own time zone),
    when they agree on one; ``None`` when none has a date or they differ."""
    days = {a.date.date() for a in articles if a.date is not None}
    return days.pop() if len(days) == 1 else None


# Show notes' summary: whole lead sentences up to about this many characters, at most LIMIT.
SUMMARY_CHARS = 200
SUMMARY_LIMIT = 600
_DATE_WORDS = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\b|\b\d{4}\b", re.I
)


def _no_sentence(paragraph: str) -> bool:
    """A paragraph that is a dateline, a date or a place on its own ("Manchester, 3 March
    2025"), not a sentence of the story: short, no closing stop, or only names and numbers."""
    words = paragraph.replace(",", " ").split()
    if len(words) > 8:
        return False
    names = all(w[0].isupper() or w[0].isdigit() or w in ("and", "of", "the") for w in words)
    return names or (
        not paragraph.rstrip().endswith((".", "!", "?")) and bool(_DATE_WORDS.search(paragraph))
    )


def summary(article: Article) -> str:
    """The show notes' summary: the lead's first whole sentences (about
    :data:`SUMMARY_CHARS`, at most :data:`SUMMARY_LIMIT`), as the article wrote them; a
    leading paragraph that is only a place or a date is passed over."""
    chosen: list[str] = []
    for section in article.sections:
        for paragraph in section.paragraphs:
            if not chosen and _no_sentence(paragraph):
                continue
            for sentence in split_sentences(paragraph):
                if chosen and len(" ".join([*chosen, sentence])) > SUMMARY_LIMIT:
                    break
                chosen.append(sentence)
                if len(" ".join(chosen)) >= SUMMARY_CHARS:
                    break
            if chosen:
                break
        if chosen:
            break
    text = " ".join(chosen) or article.sections[0].paragraphs[0]
    if len(text) > SUMMARY_LIMIT:
        text = text[: SUMMARY_LIMIT - 3].rsplit(" ", 1)[0] + "…"
    return text


TITLE_MAX_CHARS = 80
# Where a lead sentence can be cut into a title that still reads as a whole: before a clause.
_CLAUSE_CUT = re.compile(
    r"[,;:]\s|\s[—–]\s|\s(?=(?:after|as|because|before|but|since|"
    r"that|when|where|which|while|who|whose|with|amid|despite|"
    r"following|including|according)\b)"
)
_DANGLING = frozenset("a an and as at by for from in into of on or the to with".split())


# The first word of a phrase that sets the scene before a sentence's main clause ("Practically
# every day for three years, ...", "On Tuesday, ...", "After a week of talks, ...").
_SCENE_OPENERS = frozenset(
    "after against along amid amidst among as at before behind besides by despite during "
    "earlier following for from if in inside last later meanwhile months nearly now on once "
    "over since though although throughout today under until upon when whenever where while "
    "with within without years yesterday".split()
)


def _main_clause(text: str) -> str:
    """``text`` without a scene-setting phrase before its main clause: the words up to the
    first comma, when they open like an adverbial (a preposition, a conjunction of time, an
    adverb in -ly) and are at most 12 words, are not what the story says, only when."""
    for _ in range(3):  # "On Tuesday, after a week of talks, the union agreed ..."
        head, sep, rest = text.partition(", ")
        words = head.split()
        if not sep or not words or len(words) > 12 or len(rest.split()) < 4:
            return text
        first = words[0].lower().strip("\"“‘'(")
        if not (first in _SCENE_OPENERS or (len(first) > 4 and first.endswith("ly"))):
            return text
        text = rest[:1].upper() + rest[1:]
    return text


def _in_list(text: str, at: int) -> bool:
    """The comma at ``at`` separates items of a list ("hospitals, schools and homes"), not
    clauses: an item of at most two words stands before it after another comma, or after it
    before another comma."""
    if text[at] != ",":
        return False
    before = text[:at].rsplit(",", 1)
    after = text[at + 1 :].split(",", 1)
    return (len(before) == 2 and len(before[1].split()) <= 2) or (
        len(after) == 2 and len(after[0].split()) <= 2
    )


def lead_title(sentence: str, limit: int = TITLE_MAX_CHARS) -> str:
    """A title from a lead sentence: whole when it fits in ``limit`` characters, else its main
    clause (a scene-setting opening phrase is passed over, :func:`_main_clause`) cut at the last
    clause boundary that fits (never "…"), else at the last word that fits."""
    text = " ".join(sentence.split()).rstrip(".!?;:, ")
    if len(text) <= limit:
        return text
    text = _main_clause(text)
    if len(text) <= limit:
        return text
    cuts = [
        m.start()
        for m in _CLAUSE_CUT.finditer(text)
        if 20 <= m.start() <= limit and not _in_list(text, m.start())
    ]
    if cuts:
        return text[: cuts[-1]].rstrip(",;: ")
    words = text[: limit + 1].rsplit(" ", 1)[0].split()
    while len(words) > 1 and words[-1].lower() in _DANGLING:
        words.pop()
    return " ".join(words).rstrip(",;:")


def episode_title(articles: Sequence[Article], title: str | None) -> str:
    """The episode title: the given one, else the first article's headline, else its lead
    sentence cut at a clause boundary (at most 80 characters, never "…").

    A section heading is never the title: it names one part of the story, and the untitled
    lead would be announced under it too, giving two chapters one name.
    """
    if title and title.strip():
        return " ".join(title.split())
    for article in articles:
        if article.title:
            return article.title
    return lead_title(_lead_sentence(articles[0].sections[0]))


def script_title(articles: Sequence[Article], title: str | None = None) -> str:
    """The title :func:`build_script` gives the episode of ``articles``, found without
    scripting them: the given one, else an edited script's own, else :func:`episode_title`."""
    if not articles:
        raise ScriptError("no article to script")
    draft = articles[0].draft
    if draft is not None and not (title and title.strip()):
        return draft.title
    return episode_title(articles, title)


def _chapter_key(title: str) -> str:
    """A chapter name as a listener tells names apart: case and punctuation ignored."""
    return re.sub(r"\W+", " ", title.lower()).strip()


def _lead_sentence(section: Section) -> str:
    """The first sentence of a section, past a softened dateline ("Kyiv and Paris.")."""
    first = section.paragraphs[0]
    sentences = split_sentences(first) or (first,)
    if len(sentences) > 1 and _is_place_list(sentences[0]):
        sentences = sentences[1:]
    return sentences[0]


def build_script(
    articles: Sequence[Article],
    *,
    show_title: str,
    day: date,
    title: str | None = None,
    read_credits: bool = True,
    speech: Speech = DEFAULT_SPEECH,
    disclose: bool = True,
) -> Script:
    """Script one episode from one or more articles.

    The show's own lines (intro, outro) are in the first article's language when it has its
    own wording (:mod:`briefcast.scripting.wording`), else in English. Every spoken line is
    normalised and has the pronunciation lexicon applied (``speech``). ``read_credits`` reads each
    article's closing contributor note (``Article.credit``) in the outro; without it the note
    is dropped. ``disclose`` has the outro say that a synthetic voice read the episode (the
    feed and show notes say so too, for apps and directories).
    """
    if not articles:
        raise ScriptError("no article to script")
    if articles[0].draft is not None:
        if len(articles) > 1:
            raise ScriptError("an edited script file is built on its own, not with other articles")
        return script_from_draft(articles[0], articles[0].draft, title=title, speech=speech)
    lang = articles[0].language or "en"
    words = wording_for(lang)
    show_lang = words.language if words.language != "en" else lang
    ep_title = episode_title(articles, title)
    intro_lines = [
        words.this_is.format(show=show_title),
        _finish(ep_title),
        f"{words.spoken_date(day)}.",
    ]
    sites = list(dict.fromkeys(a.site_name for a in articles if a.site_name))
    bylines = [a.byline for a in articles if a.byline]
    if bylines:
        writers = words.joiner.join(dict.fromkeys(bylines))
        where = words.for_site.format(site=sites[0]) if len(sites) == 1 else ""
        intro_lines.append(words.written_by.format(writers=writers, where=where))
    elif len(sites) == 1:
        intro_lines.append(words.from_site.format(site=sites[0]))
    published = article_day(articles)
    if published is not None and published != day:
        intro_lines.append(words.published_line(published, day))
    segments: list[Segment] = [
        Segment("intro", words.introduction, (_spoken(intro_lines, show_lang, speech),))
    ]
    named: set[str] = set()  # chapter names given so far
    for article in articles:
        taken = named | {_chapter_key(s.title) for s in article.sections if s.title}
        alang = article.language or lang
        for index, section in enumerate(article.sections):
            paragraphs = _section_paragraphs(section, alang, speech)
            if not paragraphs:
                continue
            chapter = section.title or (
                article.title
                if len(articles) > 1 and article.title
                else ep_title
                if index == 0
                else words.continued
            )
            if not section.title and _chapter_key(chapter) in taken:
                # The untitled lead is never named like one of the article's own chapters.
                chapter = lead_title(_lead_sentence(section))
            if _chapter_key(chapter) in named:
                # A heading the text repeats names a second chapter: say it goes on (and a
                # third: "Summary (continued 2)").
                base = f"{chapter} ({words.continued.lower()}"
                chapter, count = f"{base})", 2
                while _chapter_key(chapter) in named:
                    chapter, count = f"{base} {count})", count + 1
            named.add(_chapter_key(chapter))
            segments.append(Segment("section", chapter, tuple(paragraphs), url=article.source_url))
    if len(segments) == 1:
        raise ScriptError("the article holds no text that can be read aloud")
    outro = [
        words.that_was.format(title=_finish(ep_title)),
        words.listening.format(show=show_title),
    ]
    credits = [a.credit for a in articles if a.credit] if read_credits else []
    if credits:
        outro.insert(1, _finish(" ".join(credits)))
    if disclose:
        outro.append(words.synthetic)
    outro.append(words.thanks)
    segments.append(Segment("outro", words.outro, (_spoken(outro, show_lang, speech),)))
    return Script(title=ep_title, segments=tuple(segments), articles=tuple(articles))


def script_from_draft(
    article: Article,
    draft: ScriptDraft,
    *,
    title: str | None = None,
    speech: Speech = DEFAULT_SPEECH,
) -> Script:
    """The script a producer edited, voiced as it stands: each line one sentence, normalised
    for speech (with the script's own pronunciations added to the lexicon), never cleaned or
    re-scripted; chapters follow its blocks.

    The show's own lines (intro, outro) are normalised in the show's language as
    :func:`build_script` does, so an unedited script speaks exactly what the article did.
    """
    lang = article.language or "en"
    words = wording_for(lang)
    show_lang = words.language if words.language != "en" else lang
    if draft.pronunciations:
        mine = tuple(Entry(w, s) for w, s in draft.pronunciations)
        keys = {e.written for e in mine}
        speech = replace(
            speech,
            lexicon=Lexicon(
                mine + tuple(e for e in speech.lexicon.entries if e.written not in keys),
                speech.lexicon.normaliser,
            ),
        )
    segments = []
    for block in draft.segments:
        language = lang if block.kind == "section" else show_lang
        paragraphs = []
        for para in block.paragraphs:
            pairs = [(speech.say(line, language), line) for line in para.lines]
            pairs = [(spoken, line) for spoken, line in pairs if any(c.isalnum() for c in spoken)]
            if pairs:
                paragraphs.append(
                    Paragraph(
                        tuple(p for p, _ in pairs),
                        tuple(w for _, w in pairs),
                        para.pause_ms,
                        para.voice,
                    )
                )
        if not paragraphs:
            raise ScriptError(f"the block {block.title!r} holds nothing that can be read aloud")
        segments.append(Segment(block.kind, block.title, tuple(paragraphs), url=block.url))
    ep_title = script_title([article], title)
    return Script(title=ep_title, segments=tuple(segments), articles=(article,))


# ---------------------------------------------------------------- briefings

# The English transitions, spoken before a story in the middle of a briefing (each language's
# own are in :mod:`briefcast.scripting.wording`).
TRANSITIONS: tuple[tuple[str, str], ...] = ENGLISH.transitions


def headline(article: Article) -> str:
    """A story's spoken headline: its title, else its opening words."""
    return episode_title([article], None)


def transition_order(headlines: Sequence[str], size: int = len(TRANSITIONS)) -> list[int]:
    """A fixed shuffle of ``size`` transitions for this set of stories.

    Derived from a hash of the headlines, so the same briefing always speaks the same words and
    different days vary; within one briefing no transition repeats until all have been used.
    """
    import hashlib

    seed = "\n".join(headlines)
    return sorted(range(size), key=lambda i: hashlib.sha256(f"{seed}\n{i}".encode()).hexdigest())


def transitions(
    headlines: Sequence[str], sources: Sequence[str], words: Wording = ENGLISH
) -> list[str]:
    """The spoken line that announces each story: a transition, its source and headline."""
    order = transition_order(headlines, len(words.transitions))
    lines = []
    count = len(headlines)
    for index, (head, source) in enumerate(zip(headlines, sources, strict=True)):
        if count == 1:
            pair = words.only
        elif index == 0:
            pair = words.first
        elif index == count - 1:
            pair = words.last
        else:
            pair = words.transitions[order[(index - 1) % len(order)]]
        template = pair[0] if source else pair[1]
        lines.append(_finish(template.format(source=source, headline=head)))
    return lines


def briefing_title(day: date, title: str | None = None, language: str = "en") -> str:
    """The title of a briefing episode: the given one, else "Briefing for <date>"."""
    if title and title.strip():
        return " ".join(title.split())
    words = wording_for(language)
    return words.briefing_title.format(date=words.spoken_date(day))


def build_briefing_script(
    articles: Sequence[Article],
    sources: Sequence[str],
    *,
    show_title: str,
    day: date,
    title: str | None = None,
    read_credits: bool = True,
    speech: Speech = DEFAULT_SPEECH,
    disclose: bool = True,
    anchors: Sequence[Anchor] = (),
) -> Script:
    """Script a briefing: intro with the date and the headlines, one segment per story, outro.

    With ``anchors`` (two) the stories alternate between them: the first anchor reads the
    intro, the first story and the outro; a story read by another anchor than the one before
    opens with a handoff line in the show's language ("Here's Sam with the next story."), said
    by the one before. Each paragraph then names its anchor's voice and name (``voice``,
    ``speaker``).

    ``sources`` names the publisher of each article as it should be spoken ("" when unknown).
    Each story is one ``section`` segment titled by its headline, carrying its source URL, so
    it becomes one chapter; it opens with a spoken transition that announces the headline and
    the source, then reads the story's sections (headings announced). The show's lines are in
    the first story's language (English when it has no wording of its own); every spoken line
    is normalised in its story's language with the lexicon applied; ``read_credits`` reads the
    stories' contributor notes in the outro.
    """
    if not articles:
        raise ScriptError("a briefing needs at least one story")
    if len(sources) != len(articles):
        raise ScriptError("a briefing needs one source name per story")
    lang = articles[0].language or "en"
    words = wording_for(lang)
    show_lang = words.language if words.language != "en" else lang
    when = words.spoken_date(day)
    ep_title = briefing_title(day, title, words.language)
    heads = [headline(a) for a in articles]
    count = len(articles)
    opening = [words.this_is.format(show=show_title)]
    if title and title.strip():
        opening += [_finish(ep_title), f"{when}."]
    else:
        opening.append(words.your_briefing.format(date=when))
    rundown = [words.count(count)]
    rundown += [
        _finish(words.from_source.format(source=src, headline=h) if src else h)
        for h, src in zip(heads, sources, strict=True)
    ]
    segments: list[Segment] = [
        Segment(
            "intro",
            words.headlines,
            (_spoken(opening, show_lang, speech), _spoken(rundown, show_lang, speech)),
        )
    ]
    previous = 0
    for index, (article, head, line) in enumerate(
        zip(articles, heads, transitions(heads, sources, words), strict=True)
    ):
        alang = article.language or lang
        paragraphs = [_spoken((line,), alang, speech)]
        for section in article.sections:
            paragraphs += _section_paragraphs(section, alang, speech)
        if len(paragraphs) == 1:
            raise ScriptError(f"the story {head!r} holds no text that can be read aloud")
        if anchors:
            reader = index % len(anchors)
            paragraphs = [_read_by(p, anchors[reader]) for p in paragraphs]
            if reader != previous:
                handoff = words.handoff.format(name=anchors[reader].name)
                paragraphs.insert(
                    0, _read_by(_spoken((handoff,), show_lang, speech), anchors[previous])
                )
            previous = reader
        segments.append(Segment("section", head, tuple(paragraphs), url=article.source_url))
    outro = [words.that_was_briefing.format(date=when)]
    credits = [a.credit for a in articles if a.credit] if read_credits else []
    if credits:
        outro.append(_finish(" ".join(dict.fromkeys(credits))))
    outro += [
        words.listening.format(show=show_title),
        *([words.synthetic] if disclose else []),
        words.thanks,
    ]
    segments.append(Segment("outro", words.outro, (_spoken(outro, show_lang, speech),)))
    if anchors:
        # The first anchor opens and closes the show.
        for at in (0, -1):
            first = segments[at]
            segments[at] = replace(
                first, paragraphs=tuple(_read_by(p, anchors[0]) for p in first.paragraphs)
            )
    return Script(title=ep_title, segments=tuple(segments), articles=tuple(articles))


def _read_by(paragraph: Paragraph, anchor: Anchor) -> Paragraph:
    """``paragraph`` as ``anchor`` reads it: in the anchor's voice, shown with their name."""
    return replace(paragraph, voice=anchor.voice, speaker=anchor.name)


def script_to_json(script: Script, seconds: Sequence[float]) -> dict[str, Any]:
    """The script as a JSON-ready dict: title, language, estimate, and each segment's text.

    ``seconds`` is each segment's estimated length (:func:`briefcast.pipeline.estimate_segments`).
    """
    segments = [
        {
            "kind": seg.kind,
            "title": seg.title,
            "url": seg.url,
            "seconds": round(length, 1),
            "text": seg.text,
        }
        for seg, length in zip(script.segments, seconds, strict=True)
    ]
    return {
        "title": script.title,
        "language": script.articles[0].language if script.articles else "",
        "seconds": round(sum(seconds), 1),
        "sources": [a.source_url or a.source for a in script.articles],
        "segments": segments,
    }


def render_text(script: Script, seconds: Sequence[float]) -> str:
    """The script as a producer reads it: a header, then each segment's title, estimated
    length (``seconds``, one per segment) and spoken text."""
    total = sum(seconds)
    lang = script.articles[0].language if script.articles and script.articles[0].language else "?"
    lines = [
        f"{script.title}",
        f"language {lang}, about {clock(round(total))} spoken, {len(script.segments)} segments",
        "",
    ]
    for seg, length in zip(script.segments, seconds, strict=True):
        lines.append(f"[{seg.kind}] {seg.title} ({clock(round(length))})")
        lines.append(seg.text)
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
