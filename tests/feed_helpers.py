"""Helpers of the feed, page and validation tests: a fake voice and a small built show.

The fake voice speaks each sentence as a tone of plausible length (about 14 characters a
second), so that episodes build in a second or two with real, measured timings; the feed and
page tests do not depend on what the audio says.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from fakes import ToneVoice, engine_speaking_with

from briefcast import pipeline, voices
from briefcast.config import Config, load_config

BASE_URL = "https://podcast.example/show/"
OWNER_EMAIL = "producer@podcast.example"
NASTY_TITLE = '<script>alert(1)</script> & "quotes"'
FIRST_DATE = datetime(2026, 11, 20, 7, 30, tzinfo=UTC)
SECOND_DATE = datetime(2026, 11, 27, 7, 30, tzinfo=UTC)

# Markup in a heading is read as text (the reader drops tags), so the title that must stay
# literal text everywhere is written with entities: it reads as ``<script>...`` in plain text.
ARTICLE_NASTY = """---
source_url: https://news.example/2026/11/nasty?a=1&b=2
---
# &lt;script&gt;alert(1)&lt;/script&gt; & "quotes"

Officials met on Monday to discuss the plan. The talks lasted four hours & ended late.

## What &lt;b&gt;comes&lt;/b&gt; next

Another round is expected in December. Both sides said progress was made.
"""

ARTICLE_PLAIN = """---
source_url: https://news.example/2026/11/markets
---
# Markets rally after the talks

Shares rose in early trading. Analysts pointed to the ceasefire news.

## The oil price

Oil fell for a third day. Traders expect more supply next year.
"""


@contextmanager
def tone_voice() -> Iterator[None]:
    """Let the engine name "piper" speak with :class:`ToneVoice` inside the block."""
    with pytest.MonkeyPatch.context() as mp:
        voice = ToneVoice(
            sample_rate=22050,
            chars_per_second=14.0,
            overhead=0.0,
            min_seconds=0.4,
            max_seconds=4.0,
            identity="tone-1",
        )
        mp.setitem(voices.REGISTRY, "piper", engine_speaking_with("piper", voice))
        yield


def show_config(out: Path, **overrides: object) -> Config:
    """A config for a test show in ``out``, voiced by the (faked) piper engine."""
    values: dict[str, object] = {
        "output": str(out),
        "voice.engine": "piper",
        "voice.fallback": "",
        "show.base_url": BASE_URL,
        "show.title": "Test Briefing",
        "show.email": OWNER_EMAIL,
        **overrides,
    }
    return load_config(None, overrides=values, env={}, cwd=out.parent)


@dataclass(frozen=True)
class BuiltShow:
    """A show built from the two sample articles."""

    cfg: Config
    root: Path
    articles: tuple[Path, Path]


def write_articles(folder: Path) -> tuple[Path, Path]:
    """The two sample articles as Markdown files in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    nasty = folder / "nasty.md"
    plain = folder / "markets.md"
    nasty.write_text(ARTICLE_NASTY, encoding="utf-8")
    plain.write_text(ARTICLE_PLAIN, encoding="utf-8")
    return nasty, plain


def build_show(root: Path, **overrides: object) -> BuiltShow:
    """Build both sample episodes (pinned dates) into ``root / "feed"`` with the tone voice."""
    articles = write_articles(root / "articles")
    cfg = show_config(root / "feed", **overrides)
    with tone_voice():
        pipeline.build([str(articles[0])], cfg, now=FIRST_DATE)
        pipeline.build([str(articles[1])], cfg, now=SECOND_DATE)
    return BuiltShow(cfg, cfg.output, articles)
