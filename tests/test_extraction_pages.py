"""Real news pages (from the extraction benchmark's development set) read as a listener hears them.

Each page in tests/data/extraction/ was chosen for one failure kind of the HTML reader (see
cases.toml, written by scripts/make_extraction_fixtures.py). The text checked is what
``briefcast script PAGE.html`` speaks from the article, in written form: the first and the last
paragraph of the page's ground truth must be read, and the junk seen on the page must not be.
Texts are compared as runs of ``\\w+`` tokens, as the benchmark's metric does.
"""

from __future__ import annotations

import gzip
import re
import tomllib
from datetime import date
from pathlib import Path

import pytest

from briefcast.reading.read import read_article
from briefcast.scripting.script import build_script

DATA = Path(__file__).parent / "data" / "extraction"
CASES = tomllib.loads((DATA / "cases.toml").read_text(encoding="utf-8"))["page"]


def _tokens(text: str) -> str:
    """The text as space-separated ``\\w+`` tokens, so typography and spacing do not matter."""
    return " " + " ".join(re.findall(r"\w+", text)) + " "


@pytest.fixture(scope="module")
def spoken(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Each page's article text as scripted (sections only, written form), by file name."""
    folder = tmp_path_factory.mktemp("pages")
    texts = {}
    for case in CASES:
        page = folder / case["file"].replace(".gz", "")
        page.write_bytes(gzip.decompress((DATA / case["file"]).read_bytes()))
        script = build_script([read_article(str(page))], show_title="Test", day=date(2026, 1, 1))
        texts[case["file"]] = "\n".join(
            " ".join(p.written or p.sentences)
            for seg in script.segments
            if seg.kind == "section"
            for p in seg.paragraphs
        )
    return texts


def test_at_least_ten_pages_with_their_licence() -> None:
    """Ten or more benchmark pages are kept, with the benchmark's MIT licence notice."""
    assert len(CASES) >= 10
    assert all((DATA / c["file"]).is_file() for c in CASES)
    assert "Permission is hereby granted" in (DATA / "LICENSE").read_text(encoding="utf-8")


@pytest.mark.parametrize("case", CASES, ids=[c["kind"] for c in CASES])
def test_first_and_last_paragraphs_are_read(case: dict, spoken: dict[str, str]) -> None:
    """The article's first and last paragraphs (by the ground truth) are both spoken."""
    text = _tokens(spoken[case["file"]])
    assert _tokens(case["first"]) in text, f"first paragraph of {case['url']} not read"
    assert _tokens(case["last"]) in text, f"last paragraph of {case['url']} not read"


@pytest.mark.parametrize(
    "case", [c for c in CASES if c["junk"]], ids=[c["kind"] for c in CASES if c["junk"]]
)
def test_junk_seen_on_the_page_is_not_read(case: dict, spoken: dict[str, str]) -> None:
    """Captions, promotions, teasers, tags, time stamps and boilerplate are not spoken."""
    text = _tokens(spoken[case["file"]])
    for junk in case["junk"]:
        assert _tokens(junk) not in text, f"{junk!r} is spoken"


def test_two_headings_in_a_row_are_read_once(spoken: dict[str, str]) -> None:
    """A heading directly followed by another is announced once, not again as a paragraph."""
    text = _tokens(next(t for f, t in spoken.items() if f.startswith("ec3878db")))
    assert text.count(_tokens("5 Tips to Enjoy Game Day Parties")) == 1


def test_line_breaks_separate_words(spoken: dict[str, str]) -> None:
    """Lines split by <br> are not glued together ("FL" + "June 10" is not "FLJune 10")."""
    text = next(t for f, t in spoken.items() if f.startswith("9cb8224b"))
    assert "FLJune" not in text
    assert _tokens("West Palm Beach FL June 10") in _tokens(text)


def test_link_words_inside_a_paragraph_are_read_once(spoken: dict[str, str]) -> None:
    """A sentence whose middle is a link is read whole, and once (precision mode drops the
    link's words; the reader restores them from the untouched page's extraction)."""
    text = _tokens(next(t for f, t in spoken.items() if f.startswith("08f79376")))
    sentence = _tokens("has reported that the NFL will fine Rudolph for his role in the fight")
    assert text.count(sentence) == 1
    assert text.count(_tokens("CBS Sports NFL Insider Jason La Canfora")) == 1
