"""Extractive summarising, and fitting stories to a spoken length.

Sentences are scored with TextRank (Mihalcea and Tarau, "TextRank: Bringing Order into Texts",
EMNLP 2004): a graph whose nodes are sentences and whose edge weights are the normalised word
overlap of two sentences, ranked by weighted PageRank. A summary keeps the article's lead
sentence, then adds the best-ranked sentences that still fit the budget, and reads them in their
original order. Sentences are never cut: a summary is always a subset of whole sentences.

Spoken length is estimated by :mod:`briefcast.timing` (the voice's measured speaking rate and
the pauses the audio stage inserts), so that a briefing can be fitted to a target duration.
Pure: no I/O, no clock, no randomness; the same input always gives the same summary.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from ..config import AudioConfig
from ..models import Article, Script, Section
from ..timing import MusicTimes, SpeakingRate, estimate_script_seconds
from .script import split_sentences

# Words too common to say anything about what a sentence is about.
STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each few
    for from further had has have having he her here hers herself him himself his how i if in
    into is it its itself just me more most my myself no nor not now of off on once only or
    other our ours ourselves out over own said same says she should so some such than that the
    their theirs them themselves then there these they this those through to too under until
    up very was we were what when where which while who whom why will with would you your
    yours yourself yourselves mr mrs ms""".split()
)

DAMPING = 0.85
TOLERANCE = 1e-6
MAX_ITERATIONS = 200

_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


# ---------------------------------------------------------------- TextRank


def _terms(sentence: str) -> frozenset[str]:
    """The content words of a sentence, lowercased, with a light plural/possessive fold."""
    terms = set()
    for word in _WORD.findall(sentence.lower()):
        word = word.replace("’", "'")
        if word.endswith("'s"):
            word = word[:-2]
        if word in STOPWORDS or len(word) < 2:
            continue
        if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        terms.add(word)
    return frozenset(terms)


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """TextRank's sentence similarity: shared words over the log lengths of both sentences."""
    if len(a) < 2 or len(b) < 2:
        shared = len(a & b)
        return float(shared) / 2 if shared else 0.0
    shared = len(a & b)
    return shared / (math.log(len(a)) + math.log(len(b))) if shared else 0.0


def textrank(sentences: Sequence[str]) -> list[float]:
    """TextRank score of every sentence, in the order given (higher is more central)."""
    n = len(sentences)
    if n == 0:
        return []
    terms = [_terms(s) for s in sentences]
    weights = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            w = similarity(terms[i], terms[j])
            weights[i][j] = weights[j][i] = w
    out_sum = [sum(row) for row in weights]
    scores = [1.0] * n
    for _ in range(MAX_ITERATIONS):
        new = []
        for i in range(n):
            incoming = sum(
                weights[j][i] / out_sum[j] * scores[j]
                for j in range(n)
                if weights[j][i] and out_sum[j]
            )
            new.append((1 - DAMPING) + DAMPING * incoming)
        delta = max(abs(x - y) for x, y in zip(new, scores, strict=True))
        scores = new
        if delta < TOLERANCE:
            break
    return scores


# ---------------------------------------------------------------- summaries


@dataclass(frozen=True)
class _Unit:
    """One sentence of an article and where it sits (section, paragraph)."""

    section: int
    paragraph: int
    text: str


@dataclass(frozen=True)
class RankedArticle:
    """An article split into sentences, each with its TextRank score; computed once per story.

    Invariant: ``units`` are in reading order and ``scores`` has one score per unit; unit 0 is
    the lead sentence.
    """

    article: Article
    units: tuple[_Unit, ...]
    scores: tuple[float, ...]

    @property
    def sentence_count(self) -> int:
        """How many sentences the full article has."""
        return len(self.units)

    @property
    def lead(self) -> str:
        """The article's first sentence, which every summary keeps."""
        return self.units[0].text if self.units else ""


def rank(article: Article) -> RankedArticle:
    """Split ``article`` into sentences and score them with :func:`textrank`."""
    units = tuple(
        _Unit(s_index, p_index, sentence)
        for s_index, section in enumerate(article.sections)
        for p_index, paragraph in enumerate(section.paragraphs)
        for sentence in split_sentences(paragraph)
    )
    return RankedArticle(article, units, tuple(textrank([u.text for u in units])))


def _rebuild(ranked: RankedArticle, keep: set[int]) -> Article:
    """The article with only the sentences at ``keep`` (indices into units), in order."""
    article = ranked.article
    grouped: dict[tuple[int, int], list[str]] = {}
    for index, unit in enumerate(ranked.units):
        if index in keep:
            grouped.setdefault((unit.section, unit.paragraph), []).append(unit.text)
    sections = []
    for s_index, section in enumerate(article.sections):
        paragraphs = tuple(
            " ".join(grouped[(s_index, p_index)])
            for p_index in range(len(section.paragraphs))
            if (s_index, p_index) in grouped
        )
        if paragraphs:
            sections.append(Section(section.title, paragraphs))
    return replace(article, sections=tuple(sections))


def summarise(
    ranked: RankedArticle, budget_seconds: float, rate: SpeakingRate, audio: AudioConfig
) -> Article:
    """The article cut to at most ``budget_seconds`` of speech (estimated), by whole sentences.

    The lead sentence is always kept (even when it alone exceeds the budget); the other
    sentences are taken best-ranked first while they fit, including the pauses and section
    headings they bring, and read in their original order. A budget that holds the whole
    article returns it unchanged.
    """
    if not ranked.units:
        return ranked.article
    sentence_pause = audio.sentence_pause_ms / 1000
    paragraph_pause = audio.paragraph_pause_ms / 1000
    costs = [rate.sentence_seconds(u.text) for u in ranked.units]
    heading_cost = {
        s_index: rate.sentence_seconds(section.title) + paragraph_pause
        for s_index, section in enumerate(ranked.article.sections)
        if section.title
    }
    if sum(costs) + sentence_pause * len(costs) + sum(heading_cost.values()) <= budget_seconds:
        return ranked.article
    keep = {0}
    used = costs[0] + heading_cost.get(ranked.units[0].section, 0.0)
    paragraphs = {(ranked.units[0].section, ranked.units[0].paragraph)}
    sections = {ranked.units[0].section}
    # Highest score first; ties go to the earlier sentence, so the order is deterministic.
    order = sorted(range(1, len(ranked.units)), key=lambda i: (-ranked.scores[i], i))
    for index in order:
        unit = ranked.units[index]
        extra = costs[index]
        if (unit.section, unit.paragraph) in paragraphs:
            extra += sentence_pause
        else:
            extra += paragraph_pause
        if unit.section not in sections:
            extra += heading_cost.get(unit.section, 0.0)
        if used + extra <= budget_seconds:
            keep.add(index)
            used += extra
            paragraphs.add((unit.section, unit.paragraph))
            sections.add(unit.section)
    return _rebuild(ranked, keep)


def article_seconds(article: Article, rate: SpeakingRate, audio: AudioConfig) -> float:
    """Estimated speech of an article's body as :func:`summarise` counts it."""
    ranked_units = [
        s for sec in article.sections for p in sec.paragraphs for s in split_sentences(p)
    ]
    headings = [sec.title for sec in article.sections if sec.title]
    return (
        sum(rate.sentence_seconds(s) for s in ranked_units)
        + audio.sentence_pause_ms / 1000 * len(ranked_units)
        + sum(rate.sentence_seconds(h) + audio.paragraph_pause_ms / 1000 for h in headings)
    )


@dataclass(frozen=True)
class Fit:
    """The outcome of fitting stories to a target: the shortened articles and the estimates.

    ``cap_seconds`` is the most speech any one story was allowed (``None`` when nothing had to be
    cut); ``full_seconds`` is the estimate had every story been read in full.
    """

    articles: tuple[Article, ...]
    script: Script
    estimate_seconds: float
    full_seconds: float
    cap_seconds: float | None


def fit_to_target(
    ranked: Sequence[RankedArticle],
    build: Callable[[Sequence[Article]], Script],
    target_seconds: float,
    rate: SpeakingRate,
    audio: AudioConfig,
    music: MusicTimes | None = None,
) -> Fit:
    """Shorten stories until the whole episode's estimated length is closest to the target.

    Every story gets the same cap on its speech; stories shorter than the cap are read in full
    and leave their share to the others (water-filling). The cap is found by bisection, and the
    cap whose episode estimate lands closest to ``target_seconds`` wins. ``build`` scripts the
    episode (intro, transitions, outro) from the shortened articles, so the fixed parts are
    counted exactly as they will be spoken.
    """

    def attempt(cap: float | None) -> tuple[tuple[Article, ...], Script, float]:
        articles = tuple(
            r.article if cap is None else summarise(r, cap, rate, audio) for r in ranked
        )
        script = build(articles)
        return articles, script, estimate_script_seconds(script, rate, audio, music)

    full_articles, full_script, full = attempt(None)
    if full <= target_seconds:
        return Fit(full_articles, full_script, full, full, None)
    low, high = 0.0, max(article_seconds(r.article, rate, audio) for r in ranked)
    best = (abs(full - target_seconds), full_articles, full_script, full, high)
    for _ in range(40):
        cap = (low + high) / 2
        articles, script, estimate = attempt(cap)
        if abs(estimate - target_seconds) < best[0]:
            best = (abs(estimate - target_seconds), articles, script, estimate, cap)
        if estimate > target_seconds:
            high = cap
        else:
            low = cap
        if high - low < 0.05:
            break
    _, articles, script, estimate, cap = best
    return Fit(articles, script, estimate, full, cap)
