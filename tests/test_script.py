"""Scripting: default titles that read as whole phrases, and the show's lines per language."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from conftest import SAMPLE

from briefcast.models import Article, Section
from briefcast.reading.read import read_article
from briefcast.scripting.script import TITLE_MAX_CHARS, build_script, episode_title, lead_title


def _article(*paragraphs: str, heading: str = "", title: str = "") -> Article:
    return Article(title, (Section(heading, paragraphs),), "story.txt")


LEADS = [
    (
        "The council voted on Tuesday night to close the library.",
        "The council voted on Tuesday night to close the library",
    ),
    (
        "Practically every day for the last three years, Russian drones and missiles have hit "
        "Ukraine, striking power plants, hospitals, schools and homes.",
        "Russian drones and missiles have hit Ukraine",
    ),
    (
        "The harbour board voted on Tuesday night to dredge the main channel for the first time "
        "since 2011, ending years of complaints from fishermen.",
        "The harbour board voted on Tuesday night to dredge the main channel",
    ),
    (
        "Officials in the northern province announced an ambitious programme of investment in "
        "rail lines and bus routes for the next decade.",
        "Officials in the northern province announced an ambitious programme",
    ),
    (
        "On Tuesday, after a week of talks that ran late into every night, the union and the "
        "port operators agreed a new contract for the dock workers.",
        "The union and the port operators agreed a new contract for the dock workers",
    ),
]


@pytest.mark.parametrize("sentence,title", LEADS, ids=[t[:30] for _, t in LEADS])
def test_lead_title_cuts_at_a_clause_boundary(sentence: str, title: str) -> None:
    """A long lead sentence is cut where a clause starts, never mid-phrase, without "…"."""
    got = lead_title(sentence)
    assert got == title
    assert len(got) <= TITLE_MAX_CHARS
    assert not got.endswith(("…", "...", ",", " of", " the"))


def test_without_a_headline_the_title_is_the_lead_never_a_heading() -> None:
    """Without a headline the lead sentence names the episode, never the first section heading
    (it names one part of the story), and no two chapters share a name."""
    article = Article(
        "",
        (
            Section("", ("A lead sentence that is long enough.",)),
            Section("The talks in Riyadh", ("Body.",)),
        ),
        "story.txt",
    )
    assert episode_title([article], None) == "A lead sentence that is long enough"
    assert episode_title([_article("Short lead. Then more.")], None) == "Short lead"
    script = build_script([article], show_title="Show", day=date(2026, 11, 28))
    chapters = [s.title for s in script.segments if s.kind == "section"]
    assert chapters == ["A lead sentence that is long enough", "The talks in Riyadh"]


def test_no_two_chapters_share_a_name() -> None:
    """A given title equal to a heading, or a heading the text repeats, never names two
    chapters alike: the lead is named by its first sentence, a repeated heading goes on."""
    article = Article(
        "",
        (
            Section("", ("The lead of the story is here.",)),
            Section("Power", ("Body.",)),
            Section("Power", ("More body.",)),
            Section("POWER", ("Yet more body.",)),
        ),
        "story.txt",
    )
    script = build_script([article], show_title="Show", day=date(2026, 11, 28), title="Power")
    chapters = [s.title for s in script.segments if s.kind == "section"]
    assert chapters == [
        "The lead of the story is here",
        "Power",
        "Power (continued)",
        "POWER (continued 2)",
    ]


def test_sample_without_title_has_no_fragment_in_title_or_intro() -> None:
    """The bundled sample, built without --title, never shows or reads an ellipsis."""
    article = read_article(str(SAMPLE))
    script = build_script([article], show_title="Briefcast", day=date(2026, 11, 28))
    intro = script.segments[0].text
    for text in (script.title, intro):
        assert "…" not in text and "..." not in text
    assert len(script.title) <= TITLE_MAX_CHARS


FRENCH = """Les trains de nuit reviennent en Europe

Paris. Les trains de nuit reviennent en Europe, portés par les voyageurs qui veulent éviter
l'avion. La SNCF a rouvert la ligne vers Nice en 2021.

Les syndicats demandent cependant plus de personnel à bord.
"""


@pytest.mark.parametrize(
    "lang,intro,outro",
    [
        ("fr", "Vous écoutez Le Journal.", "Merci de votre écoute."),
        ("es", "Esto es Le Journal.", "Gracias por escuchar."),
        ("de", "Hier ist Le Journal.", "Danke fürs Zuhören."),
        ("it", "Questo è Le Journal.", "Grazie per l'ascolto."),
        ("pt", "Este é o Le Journal.", "Obrigado por ouvir."),
        ("en", "This is Le Journal.", "Thanks for listening."),
    ],
)
def test_show_lines_are_in_the_article_language(lang: str, intro: str, outro: str) -> None:
    """Intro and outro are the show's own lines in the six languages with their own wording."""
    article = Article("Un titre", (Section("", ("Une phrase.",)),), "a.txt", language=lang)
    script = build_script([article], show_title="Le Journal", day=date(2026, 11, 28))
    assert script.segments[0].paragraphs[0].written[0] == intro
    assert script.segments[-1].paragraphs[0].written[-1] == outro


def test_dates_are_written_and_read_in_the_language() -> None:
    """The intro's date is written as the language writes it, then read in its words."""
    article = Article("Titre", (Section("", ("Une phrase.",)),), "a.txt", language="fr")
    intro = build_script([article], show_title="X", day=date(2026, 11, 28)).segments[0]
    assert intro.paragraphs[0].written[2] == "samedi 28 novembre 2026."
    assert intro.paragraphs[0].sentences[2] == "samedi vingt-huit novembre deux mille vingt-six."


def test_other_languages_fall_back_to_english_with_a_warning(caplog) -> None:
    """A language without its own wording gets the English lines and one warning."""
    article = Article("Tytuł", (Section("", ("Jedno zdanie.",)),), "a.txt", language="pl")
    import logging

    logger = logging.getLogger("briefcast")
    level = logger.level
    logger.addHandler(caplog.handler)  # the CLI's set-up may stop propagation to the root
    logger.setLevel(logging.WARNING)
    try:
        script = build_script([article], show_title="Radio", day=date(2026, 11, 28))
    finally:
        logger.removeHandler(caplog.handler)
        logger.setLevel(level)
    assert script.segments[0].paragraphs[0].written[0] == "This is Radio."
    assert [r for r in caplog.records if "'pl'" in r.getMessage()]


def test_french_article_with_gtts_gets_french_intro_and_outro(tmp_path, monkeypatch) -> None:
    """Built with gTTS (mocked), a French article is spoken in French from intro to outro, and
    Google is asked for French."""
    import responses
    from click.testing import CliRunner
    from fake_google import FakeGoogle

    from briefcast.cli import cli

    monkeypatch.chdir(tmp_path)
    (tmp_path / "train.txt").write_text(FRENCH, encoding="utf-8")
    (tmp_path / "briefcast.toml").write_text(
        '[show]\ntitle = "Le Journal"\n[voice]\nfallback = ""\n'
        "[voice.gtts]\nmin_interval = 0.0\nretries = 1\n",
        encoding="utf-8",
    )
    with responses.RequestsMock(assert_all_requests_are_fired=False) as rsps:
        google = FakeGoogle(rsps)
        result = CliRunner(mix_stderr=False).invoke(cli, ["build", "train.txt"])
        bodies = [c.request.body for c in rsps.calls]
    assert result.exit_code == 0, result.stderr
    sent = " ".join(google.texts)
    assert "Vous écoutez Le Journal." in sent
    assert (
        "Vous avez écouté Le Journal. Cet épisode a été lu par une voix de synthèse. "
        "Merci de votre écoute."
    ) in sent
    assert "This is" not in sent and "Thanks for listening" not in sent
    from urllib.parse import unquote_plus

    assert bodies and all('\\"fr\\"' in unquote_plus(str(b)) for b in bodies)


@pytest.mark.parametrize("lang", ["en", "fr", "es", "de", "it", "pt"])
def test_the_outro_says_a_synthetic_voice_read_it(lang: str) -> None:
    """The outro's last line but one tells the listener a synthetic voice read the episode,
    in the show's language; show.spoken_disclosure = false leaves it out."""
    from briefcast.scripting.wording import wording_for

    article = Article("Un titre", (Section("", ("Une phrase.",)),), "a.txt", language=lang)
    words = wording_for(lang)
    script = build_script([article], show_title="Le Journal", day=date(2026, 11, 28))
    written = script.segments[-1].paragraphs[0].written
    assert written[-2:] == (words.synthetic, words.thanks)
    quiet = build_script([article], show_title="Le Journal", day=date(2026, 11, 28), disclose=False)
    assert words.synthetic not in quiet.segments[-1].paragraphs[0].written


def test_the_setting_reaches_the_script(tmp_path) -> None:
    """show.spoken_disclosure in briefcast.toml decides whether the built script says it."""
    from briefcast.config import load_config
    from briefcast.pipeline import make_script

    article = Article("A title", (Section("", ("One sentence.",)),), "a.txt", language="en")
    for value, said in (("true", True), ("false", False)):
        toml = tmp_path / f"{value}.toml"
        toml.write_text(f"[show]\nspoken_disclosure = {value}\n", encoding="utf-8")
        cfg = load_config(toml, env={}, cwd=tmp_path)
        script = make_script([article], cfg, None, datetime(2026, 11, 28, tzinfo=UTC))
        lines = [line for p in script.segments[-1].paragraphs for line in p.written]
        assert ("This episode was read by a synthetic voice." in lines) is said
