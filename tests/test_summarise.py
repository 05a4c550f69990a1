"""Tests of the extractive summariser, the speaking-rate model and fitting to a target length."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path

import pytest
from fakes import ToneVoice

from briefcast import pipeline, timing
from briefcast.audio import assemble
from briefcast.config import AudioConfig
from briefcast.models import Article, Section
from briefcast.reading import read
from briefcast.scripting import summarise
from briefcast.scripting.script import build_briefing_script, split_sentences

DATA = Path(__file__).parent / "data" / "briefing"
AUDIO = AudioConfig()
RATE = timing.SpeakingRate(chars_per_second=16.0, sentence_overhead=0.2)


def _long(name: str) -> Article:
    return read.read_article(str(DATA / f"long_{name}.md"))


def _sentences(article: Article) -> list[str]:
    return [s for sec in article.sections for p in sec.paragraphs for s in split_sentences(p)]


def test_textrank_ranks_the_central_sentence_highest() -> None:
    """A sentence that shares words with every other sentence gets the top TextRank score."""
    sentences = [
        "The council approved the bus plan for the eastern district.",
        "The bus plan adds routes to the eastern district and doubles council funding.",
        "Eastern district residents welcomed the plan.",
        "The council will fund the bus routes.",
        "Weather tomorrow is sunny.",
    ]
    scores = summarise.textrank(sentences)
    assert max(range(5), key=lambda i: scores[i]) == 1
    assert min(range(5), key=lambda i: scores[i]) == 4


def test_summary_keeps_lead_order_and_whole_sentences() -> None:
    """A summary keeps the lead sentence, whole sentences only, in their original order."""
    article = _long("transit")
    ranked = summarise.rank(article)
    short = summarise.summarise(ranked, 40.0, RATE, AUDIO)
    original = _sentences(article)
    kept = _sentences(short)
    assert kept[0] == original[0] == ranked.lead
    positions = [original.index(s) for s in kept]
    assert positions == sorted(positions)
    assert 3 <= len(kept) < len(original)
    assert summarise.article_seconds(short, RATE, AUDIO) <= 40.0
    assert short.title == article.title and short.source_url == article.source_url


def test_summary_is_deterministic_and_whole_when_it_fits() -> None:
    """The same budget gives the same summary; a budget above the length returns the article."""
    ranked = summarise.rank(_long("birds"))
    first = summarise.summarise(ranked, 50.0, RATE, AUDIO)
    assert first == summarise.summarise(summarise.rank(_long("birds")), 50.0, RATE, AUDIO)
    assert summarise.summarise(ranked, 10_000.0, RATE, AUDIO) == ranked.article


def test_lead_is_kept_even_over_budget() -> None:
    """A budget smaller than the lead sentence still keeps the lead, and only it."""
    ranked = summarise.rank(_long("heat"))
    short = summarise.summarise(ranked, 1.0, RATE, AUDIO)
    assert _sentences(short) == [ranked.lead]


def test_fit_rate_recovers_a_linear_voice() -> None:
    """Fitting measured (sentence, seconds) pairs recovers the characters-per-second model."""
    texts = _sentences(_long("drought"))[:12]
    samples = [
        (t, timing.spoken_chars(t) / 14.0 + 0.3 * timing.pause_marks(t) + 0.35) for t in texts
    ]
    rate = timing.fit_rate(samples)
    assert abs(rate.chars_per_second - 14.0) < 0.01
    assert abs(rate.pause_seconds - 0.3) < 0.01
    assert abs(rate.sentence_overhead - 0.35) < 0.01
    plain = timing.fit_rate([(t, len(t) / 14.0) for t in ("Short one.", "Short two.")])
    assert plain.chars_per_second > 0 and plain.pause_seconds == 0
    assert 100 < rate.words_per_minute < 250


def test_estimate_matches_rendered_audio(tmp_path: Path) -> None:
    """With the rate measured on the fake voice (whose length model is its own, not the
    estimator's), the estimate of a script's length is within 5% of the audio render lays
    out, with and without a bed's lead; the layout's sum of segments is the estimate."""

    articles = [_long("factory")]
    script = build_briefing_script(
        articles, ["news.example.org"], show_title="Test", day=date(2026, 11, 28)
    )
    voice = ToneVoice()
    rate = pipeline.measure_speaking_rate(voice)
    rendered = assemble.render(script, voice, AUDIO, tmp_path)
    estimate = timing.estimate_script_seconds(script, rate, AUDIO)
    assert abs(estimate - rendered.duration) / rendered.duration < 0.05
    with_bed = timing.estimate_script_seconds(script, rate, AUDIO, timing.MusicTimes(bed=True))
    assert with_bed - estimate == pytest.approx(AUDIO.bed_lead_ms / 1000 * 2 - 0.5, abs=0.01)
    parts = timing.segment_seconds(script, AUDIO, rate.sentence_seconds)
    assert sum(parts) == pytest.approx(estimate)
    starts = [t.start for t in rendered.segments]
    for part, start, following in zip(parts, starts, [*starts[1:], rendered.duration], strict=True):
        assert part == pytest.approx(following - start, rel=0.1, abs=0.5)


def test_fit_to_target_lands_near_the_target() -> None:
    """Fitting five long stories to three minutes gives an estimate within 5% of it."""
    names = ("transit", "drought", "birds", "factory", "heat")
    articles = [_long(n) for n in names]
    ranked = [summarise.rank(a) for a in articles]

    def build(arts: Sequence[Article]) -> object:
        return build_briefing_script(
            arts, ["news.example.org"] * len(arts), show_title="Test", day=date(2026, 11, 28)
        )

    fit = summarise.fit_to_target(ranked, build, 180.0, RATE, AUDIO)  # type: ignore[arg-type]
    assert fit.full_seconds > 600
    assert abs(fit.estimate_seconds - 180.0) < 9.0
    for original, short in zip(ranked, fit.articles, strict=True):
        assert _sentences(short)[0] == original.lead
    assert fit.estimate_seconds == timing.estimate_script_seconds(fit.script, RATE, AUDIO)


def test_fit_reads_short_stories_in_full() -> None:
    """When the stories already fit, nothing is cut."""
    article = Article("Short", (Section("", ("One sentence here. Another one.",)),), "x")
    fit = summarise.fit_to_target(
        [summarise.rank(article)],
        lambda arts: build_briefing_script(arts, [""], show_title="T", day=date(2026, 1, 1)),
        600.0,
        RATE,
        AUDIO,
    )
    assert fit.articles == (article,) and fit.cap_seconds is None
