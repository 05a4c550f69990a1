"""Text safety at the boundary: hostile text is cleaned where it enters, or refused; never stored
in a form that takes the show down. Also: a stored record that cannot be rendered is named by
``feed`` and ``validate`` and taken out by ``remove``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from fakes import ToneVoice, engine_speaking_with
from lxml import etree
from lxml import html as lxml_html
from PIL import Image

from briefcast import textsafe, voices
from briefcast.cli import cli
from briefcast.config import CONFIG_NAME, load_config
from briefcast.show.store import Show

HOSTILE = [
    "\x07 bell",
    "vertical\x0btab",
    "next\x85line",
    "C1\x9bcontrol",
    "nul\x00byte",
    "\x1b[31mred\x1b[0m",
    "lone \ud800 surrogate",
    "not\ufffe this",
    "right\u200fto left",
    "emoji \U0001f399",
    "<script>alert(1)</script>",
    "a ]]> b",
    "&#0; entity",
    "**bold** _heading_",
]


def test_strip_ansi_removes_colour_and_title_sequences() -> None:
    """CSI colour codes, OSC window titles and a lone ESC are removed, the words kept."""
    assert textsafe.strip_ansi("\x1b[1;31mred\x1b[0m \x1b]0;title\x07ok \x1b") == "red ok "


def test_a_c1_character_removes_itself_and_nothing_more() -> None:
    """U+009D (the 8-bit OSC introducer, and the last of UTF-8's closing quote read as
    windows-1252) and U+009B in the middle of a text go alone: the words after them stay."""
    text = "He said \u00e2\u20ac\u009dno\u009d and left.\n" + "More words follow. " * 500
    cleaned = textsafe.xml_safe(text)
    assert cleaned.startswith("He said \u00e2\u20acno and left.\n")
    assert cleaned.count("More words follow.") == 500
    assert textsafe.xml_safe("C1\x9bcontrol \x9b31m") == "C1control 31m"


def test_escape_sequences_need_their_real_syntax_and_terminator() -> None:
    """An OSC without its terminator, or running past the end of its line, takes only its
    introducer; a CSI is bounded, so a long run of digits after ESC [ is not one."""
    assert textsafe.strip_ansi("a\x1b]0;title\nrest of the story") == "a0;title\nrest of the story"
    assert textsafe.strip_ansi("a\x1b]8;;https://x.example\x1b\\link\x1b]8;;\x1b\\ b") == "alink b"
    assert textsafe.strip_ansi("\x1bP1$r0m\x1b\\ok \x1b(Bok \x1b7ok") == "ok ok ok"
    long = "\x1b[" + "1;" * 100 + "m text"
    assert textsafe.strip_ansi(long).endswith("m text") and "1;1;" in textsafe.strip_ansi(long)


def test_break_lines_keeps_words_apart() -> None:
    """Vertical tab, form feed, NEL and U+2028 become newlines, so words do not run together."""
    assert textsafe.break_lines("a\x0bb\x0cc\x85d\u2028e") == "a\nb\nc\nd\ne"


def test_drop_unsafe_removes_what_xml_cannot_carry() -> None:
    """NUL, C0 (but tab and newline), DEL, C1, lone surrogates and U+FFFE/U+FFFF go; tab,
    newline, RTL marks and emoji stay."""
    text = "a\x00b\x07c\td\ne\x7ff\x9ag\ud800h\ufffei\uffffj\u200fk\U0001f399"
    assert textsafe.drop_unsafe(text) == "abc\td\nefghij\u200fk\U0001f399"


def test_xml_safe_output_is_accepted_by_lxml() -> None:
    """Samples lxml refuses as XML text (C0, NUL, lone surrogate, U+FFFE) are accepted once
    made safe, as is every other hostile sample."""
    refused = 0
    for sample in HOSTILE:
        try:
            etree.Element("t").text = sample
        except ValueError:
            refused += 1
        etree.Element("t").text = textsafe.xml_safe(sample)
    assert refused >= 5


def test_first_unsafe_names_the_field_and_character() -> None:
    """In a JSON-like record, the path of the first unsafe string and its code point."""
    record = {"title": "ok", "segments": [{"title": "fine"}, {"title": "bad\x07"}]}
    assert textsafe.first_unsafe(record) == ("segments.1.title", "U+0007")
    assert textsafe.first_unsafe({"title": "ok \U0001f399"}) is None


def test_config_values_enter_xml_safe(tmp_path: Path) -> None:
    """A show title with control characters in briefcast.toml is cleaned when loaded."""
    (tmp_path / CONFIG_NAME).write_text(
        '[show]\ntitle = "Morning\\u0007 \\u001b[1mBrief"\n', encoding="utf-8"
    )
    assert load_config(tmp_path / CONFIG_NAME, env={}).show.title == "Morning Brief"


@pytest.fixture
def show_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A show folder with artwork and a config that voices with a fast-talking tone voice (short
    audio keeps the many builds of these tests cheap)."""
    monkeypatch.setitem(
        voices.REGISTRY,
        "tone",
        engine_speaking_with("tone", ToneVoice(chars_per_second=400, overhead=0.05)),
    )
    Image.new("RGB", (1400, 1400), (90, 20, 20)).save(tmp_path / "cover.png")
    (tmp_path / CONFIG_NAME).write_text(
        'output = "feed"\n\n[show]\ntitle = "Hostile Show"\nimage = "cover.png"\n\n'
        '[voice]\nengine = "tone"\nfallback = ""\n',
        encoding="utf-8",
    )
    return tmp_path


def run(root: Path, *args: str) -> Result:
    """Run the CLI on the show in ``root``."""
    return CliRunner(mix_stderr=False).invoke(cli, [*args, "--config", str(root / CONFIG_NAME)])


def assert_built_or_refused(result: Result) -> bool:
    """Exit 0, or exit 1 with exactly one ``Error:`` line and no traceback; True when built."""
    if result.exit_code == 0:
        return True
    assert result.exit_code == 1, (result.exit_code, result.stderr, result.exception)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert "Traceback" not in result.stderr
    return False


def _article(hostile: str) -> str:
    # Padding keeps control characters under the reader's binary threshold.
    padding = " ".join(f"Plain sentence number {n} about the town." for n in range(12))
    return (
        f"# Heading <script>alert('h1')</script> one {hostile}\n\n{padding}\n\n"
        f"A paragraph with {hostile} inside it. {padding}\n"
    )


def test_hostile_articles_and_titles_build_or_are_refused(show_root: Path) -> None:
    """Articles and --title values holding each hostile sample build (the feed and page parse,
    no unsafe character reaches them) or are refused with one Error line; afterwards ``feed``
    exits 0 and ``validate`` passes."""
    built = 0
    article = show_root / "story.md"
    for sample in HOSTILE:
        article.write_bytes(_article(sample).encode("utf-8", "surrogatepass"))
        result = run(show_root, "build", str(article), "--title", f"Title {sample} end")
        if not assert_built_or_refused(result):  # the article was refused: try the title alone
            article.write_text(_article("calm"), encoding="utf-8")
            result = run(show_root, "build", str(article), "--title", f"Title {sample} end")
        if assert_built_or_refused(result):
            built += 1
            episode = Show(show_root / "feed").episodes()[0]
            shown = [episode.title] + [c.text for seg in episode.segments for c in seg.cues]
            for text in shown:  # neither spoken nor shown as markup or escapes
                assert "<script" not in text and "alert(" not in text
                assert not textsafe.UNSAFE.search(text) and "\x1b" not in text
            # Markdown in the article's headings is rendered, not read out.
            headings = [
                seg.title
                for seg in episode.segments
                if seg.kind == "section" and seg.title != episode.title
            ]
            assert not any("**" in h or "<script" in h for h in headings), headings
    assert built >= len(HOSTILE) - 2
    assert run(show_root, "feed").exit_code == 0
    result = run(show_root, "validate")
    assert result.exit_code == 0, result.output
    out = show_root / "feed"
    feed_text = (out / "feed.xml").read_text(encoding="utf-8")
    page = (out / "index.html").read_text(encoding="utf-8")
    for text in (feed_text, page):
        assert not textsafe.UNSAFE.search(text) and "\x1b" not in text
    items = etree.parse(str(out / "feed.xml")).getroot().findall("channel/item")
    # Each hostile article is an article of its own (its content and title differ).
    assert 1 <= len(items) == len(Show(out).episodes()) <= built
    scripts = [s.text_content() for s in lxml_html.fromstring(page).iter("script")]
    assert not any("alert" in s for s in scripts)


def test_unrenderable_record_is_named_left_out_and_removable(show_root: Path) -> None:
    """A stored record holding a control character (written by an older version) does not take
    the show down: ``feed`` exits 0 and names it, ``validate`` names it, ``remove`` takes it
    out."""
    article = show_root / "story.md"
    article.write_text(_article("calm"), encoding="utf-8")
    assert run(show_root, "build", str(article)).exit_code == 0
    records = [
        p
        for p in (show_root / "feed" / "episodes").glob("*.json")
        if not p.name.endswith(".chapters.json")
    ]
    data = json.loads(records[0].read_text(encoding="utf-8"))
    data["title"] = "Broken\x07 title"
    records[0].write_text(json.dumps(data), encoding="utf-8")
    result = run(show_root, "feed")
    assert result.exit_code == 0, result.stderr
    assert records[0].name in result.stderr and "U+0007" in result.stderr
    result = run(show_root, "validate")
    assert result.exit_code == 0 and records[0].name in result.output
    result = run(show_root, "remove", records[0].name)
    assert result.exit_code == 0, result.stderr
    assert not records[0].exists()
    assert not list((show_root / "feed" / "episodes").glob("*.mp3"))
