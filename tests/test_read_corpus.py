"""The reading corpus: every fixture article in tests/data/ read, cleaned and scripted.

Expectations live in tests/data/read_corpus.toml: title, byline, section titles in order, the
closing credit, what must be spoken and what must never be spoken (captions, credits, widgets).
"""

from __future__ import annotations

import tomllib
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefcast.cli import cli
from briefcast.reading.read import read_article
from briefcast.scripting.script import build_script
from briefcast.scripting.speech import normalise

DATA = Path(__file__).parent / "data"
CORPUS = tomllib.loads((DATA / "read_corpus.toml").read_text(encoding="utf-8"))["article"]


def _spoken_text(path: Path) -> str:
    """Everything the voice would say for the article at ``path``, via ``briefcast script``."""
    result = CliRunner().invoke(cli, ["script", str(path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    # Drop the header and the "[kind] title (m:ss)" lines: only the voiced text remains.
    lines = result.output.splitlines()[3:]
    return "\n".join(line for line in lines if not line.startswith("["))


def test_corpus_has_at_least_eight_fixtures_of_every_input_kind() -> None:
    """The corpus covers pasted text, wrapped text, Markdown and HTML, with 8+ articles."""
    suffixes = {Path(c["file"]).suffix for c in CORPUS}
    assert len(CORPUS) >= 8
    assert {".txt", ".md", ".html"} <= suffixes


@pytest.mark.parametrize("case", CORPUS, ids=[c["file"] for c in CORPUS])
def test_article_structure(case: dict) -> None:
    """Title, byline, section titles (lead untitled), credit and language are as expected."""
    article = read_article(str(DATA / case["file"]))
    assert article.title == case["title"]
    assert article.byline == case.get("byline", "")
    assert [s.title for s in article.sections] == case["sections"]
    assert article.language == case["language"]
    if "credit" in case:
        assert case["credit"] in article.credit
    else:
        assert article.credit == ""
    if "site_name" in case:
        assert article.site_name == case["site_name"]
    if "source_url" in case:
        assert article.source_url == case["source_url"]


@pytest.mark.parametrize("case", CORPUS, ids=[c["file"] for c in CORPUS])
def test_script_speaks_the_story_and_none_of_the_junk(case: dict) -> None:
    """`briefcast script` prints each section and never a caption, credit or widget string."""
    text = _spoken_text(DATA / case["file"])
    for title in case["sections"][1:]:
        spoken_title = normalise(title, case["language"])
        assert f"\n{spoken_title}" in f"\n{text}", f"heading {title!r} not announced"
    for phrase in case["spoken"]:
        assert phrase in text, f"{phrase!r} should be spoken"
    for phrase in case["forbidden"]:
        assert phrase not in text, f"{phrase!r} must not be spoken"
    for phrase in case.get("spoken_once", []):
        assert text.count(phrase) == 1, f"{phrase!r} should be spoken exactly once"


def test_sample_sections_and_titles_keep_typography() -> None:
    """The sample has an untitled lead and the five headings, in order; titles keep the curly
    apostrophe of the source ("Europe’s plan": display text), the voice reads a plain one."""
    article = read_article(str(DATA / "npr_ukraine_pasted.txt"))
    titles = [s.title for s in article.sections]
    assert [t.replace("’", "'") for t in titles] == [
        "",
        "U.S.-Russia détente",
        "Ukraine shedding an ally?",
        "Europe's plan",
        "The place the battle stands",
        "The negotiations",
    ]
    assert titles[3] == "Europe’s plan"
    script = build_script([article], show_title="Show", day=date(2025, 3, 1))
    europe = next(s for s in script.segments if s.title == "Europe’s plan")
    assert europe.paragraphs[0].sentences == ("Europe's plan.",)


def test_sample_captions_are_not_in_the_article() -> None:
    """None of the sample's seven caption paragraphs nor its credit strings survive reading."""
    article = read_article(str(DATA / "npr_ukraine_pasted.txt"))
    body = "\n".join(p for s in article.sections for p in s.paragraphs)
    raw = (DATA / "npr_ukraine_pasted.txt").read_text(encoding="utf-8").splitlines()
    captions = [
        raw[i - 1]
        for i, line in enumerate(raw)
        if line == "Anton Shtuka for NPR"
        and i + 1 < len(raw)
        and raw[i + 1] == "cover caption"
        or line == "Alex Kent/Getty Photographs"
        and i + 1 < len(raw)
        and raw[i + 1] == "cover caption"
    ]
    assert len(captions) == 7
    for caption in captions:
        assert caption not in body
    for junk in ("Anton Shtuka for NPR", "cover caption", "toggle caption", "Getty"):
        assert junk not in body


@pytest.mark.parametrize("setting,expected", [("outro", True), ("drop", False)])
def test_contributor_note_read_in_outro_or_dropped_by_config(
    tmp_path: Path, setting: str, expected: bool
) -> None:
    """read.credits = "outro" reads the closing contributor note in the outro; "drop" omits it."""
    cfg = tmp_path / "briefcast.toml"
    cfg.write_text(f'[read]\ncredits = "{setting}"\n', encoding="utf-8")
    result = CliRunner().invoke(
        cli, ["script", str(DATA / "npr_ukraine_pasted.txt"), "--config", str(cfg), "--json"]
    )
    assert result.exit_code == 0, result.output
    import json

    data = json.loads(result.output)
    outro = data["segments"][-1]
    assert outro["kind"] == "outro"
    assert ("contributed reporting from Kyiv" in outro["text"]) is expected
    body = " ".join(s["text"] for s in data["segments"][:-1])
    assert "contributed reporting" not in body
