"""Two anchors for a briefing (voice.anchors): stories alternate between two real voices
(Piper's joe and the stand-in Kokoro's jf_alpha), handoff lines are spoken in the show's
language, the record says who read what, the captions, page and feed name the speakers, and
the WebVTT voice spans parse in Chromium's own track parser. The settings are checked once,
with one Error: line."""

from __future__ import annotations

import functools
import http.server
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from audio_helpers import decode
from click.testing import CliRunner
from feed_helpers import show_config, tone_voice
from http_helpers import serving_handler
from kokoro_helpers import make_standin, skip_without_standin

from briefcast import pipeline
from briefcast.cli import cli
from briefcast.config import load_config
from briefcast.models import Anchor, Article, Episode, Section
from briefcast.scripting.script import build_briefing_script
from briefcast.show import layout
from briefcast.site import transcripts

DATA = Path(__file__).parent / "data" / "briefing"
SHORT = [str(DATA / f"short_{n}.md") for n in ("bridge", "library", "market")]
RATE = 16000


def first_paragraphs(folder: Path) -> list[str]:
    """The three short stories, each cut to its first paragraph (two sentences), in
    ``folder``: real voices cost CPU by the second of speech, and each story is still long
    enough to measure its reader's pitch."""
    folder.mkdir()
    stories = []
    for source in map(Path, SHORT):
        front_matter, first, *_ = source.read_text(encoding="utf-8").split("\n\n")
        story = folder / source.name
        story.write_text(f"{front_matter}\n\n{first}\n", encoding="utf-8")
        stories.append(str(story))
    return stories


@pytest.fixture(scope="module")
def briefing(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Episode]:
    """A three-story briefing read by Alex (Piper's joe) and Sam (Kokoro's jf_alpha)."""
    pytest.importorskip("piper")
    skip_without_standin()
    from briefcast.show.rates import remember_rate
    from briefcast.timing import DEFAULT_RATE
    from briefcast.voices import get_voice

    work = tmp_path_factory.mktemp("anchors")
    model, styles = make_standin(work / "kokoro")
    (work / "briefcast.toml").write_text(
        f"""
[show]
title = "Morning Test"

[voice]
engine = "piper"
fallback = ""
workers = 2
anchors = ["piper:joe", "kokoro:jf_alpha"]
anchor_names = ["Alex", "Sam"]

[voice.kokoro]
model = "{model}"
voices_file = "{styles}"

[cache]
dir = "{work / "cache"}"
""",
        encoding="utf-8",
    )
    cfg = pipeline.load_config(work / "briefcast.toml", env={}, cwd=work)
    # A show that has built before remembers its voice's speaking rate; without it the
    # briefing's plan first voices Piper's whole calibration text (9 s of CPU), which
    # test_timing.py and test_briefing.py check.
    cfg.output.mkdir(parents=True)
    remember_rate(cfg.output, get_voice("piper", cfg, "en").identity(), DEFAULT_RATE, "test")
    result = pipeline.build_briefing(first_paragraphs(work / "stories"), cfg)
    assert result.build is not None
    return cfg, result.build.episode


def median_pitch(samples: np.ndarray, rate: int = RATE) -> float:
    """Median fundamental frequency (Hz) of the voiced 40 ms frames, by autocorrelation."""
    frame, hop = int(0.04 * rate), int(0.02 * rate)
    lags = np.arange(int(rate / 400), int(rate / 60))
    found = []
    for start in range(0, len(samples) - frame, hop):
        x = samples[start : start + frame]
        if np.sqrt(np.mean(x**2)) < 0.02:
            continue
        x = x - x.mean()
        ac = np.correlate(x, x, "full")[frame - 1 :]
        best = lags[np.argmax(ac[lags])]
        if ac[best] > 0.4 * ac[0]:
            found.append(rate / best)
    return float(np.median(found))


def test_stories_alternate_voices_with_handoffs(briefing):
    """The first anchor opens, reads stories 1 and 3 and closes; Sam reads story 2; each
    change of reader is handed over aloud (the handoff cue holds speech); the record names
    each segment's voice; and the stories read by the other voice differ clearly in median
    pitch (jf_alpha speaks well above joe)."""
    cfg, episode = briefing
    assert episode.anchors == ("Alex", "Sam")
    intro, first, second, third, outro = episode.segments
    assert [s.voice for s in episode.segments] == [
        "Alex (piper:joe)",
        "Alex (piper:joe)",
        "Sam (kokoro:jf_alpha)",
        "Alex (piper:joe)",
        "Alex (piper:joe)",
    ]
    assert {c.speaker for c in intro.cues} == {"Alex"} == {c.speaker for c in outro.cues}
    assert (second.cues[0].text, second.cues[0].speaker) == (
        "Here's Sam with the next story.",
        "Alex",
    )
    assert {c.speaker for c in second.cues[1:]} == {"Sam"}
    assert (third.cues[0].text, third.cues[0].speaker) == (
        "Here's Alex with the next story.",
        "Sam",
    )

    samples = decode(cfg.output / episode.file, RATE)

    def spoken(cue) -> np.ndarray:
        return samples[int(cue.start * RATE) : int(cue.end * RATE)]

    for handoff in (second.cues[0], third.cues[0]):
        assert np.sqrt(np.mean(spoken(handoff) ** 2)) > 0.01, handoff

    def pitch(segment) -> float:
        body = [c for c in segment.cues if c.speaker == segment.voice.split()[0]]
        return median_pitch(np.concatenate([spoken(c) for c in body]))

    joe = (pitch(first), pitch(third))
    sam = pitch(second)
    assert all(sam > 1.3 * p for p in joe), (sam, joe)


def test_transcripts_and_page_say_who_speaks(briefing):
    """WebVTT cues carry <v Name> spans (and still parse), SRT lines start with the name, and
    the episode page shows the speaker of each line and who read the episode."""
    cfg, episode = briefing
    files = layout.episode_files(episode)
    vtt = (cfg.output / files.vtt).read_text(encoding="utf-8")
    assert "<v Sam>Here's Alex with the next story." in vtt
    assert "\n<v Alex>" in vtt
    assert len(transcripts.parse_vtt(vtt)) == sum(len(s.cues) for s in episode.segments)
    srt = (cfg.output / files.srt).read_text(encoding="utf-8")
    assert "\nAlex: Here's Sam with the next story.\n" in srt
    page = (cfg.output / files.page).read_text(encoding="utf-8")
    assert '<span class="speaker">Sam:</span>' in page and "Read by Alex and Sam" in page


def test_feed_lists_each_anchor_as_host(briefing):
    """podcast-partytime reads each anchor as a podcast:person of the item, role host."""
    from node_tools import partytime

    cfg, episode = briefing
    parsed = partytime(cfg.output / "feed.xml")
    item = next(i for i in parsed["items"] if i["guid"] == episode.guid)
    hosts = [(p["name"], p["role"]) for p in item["podcastPeople"] if p["role"] == "Host"]
    assert hosts == [("Alex", "Host"), ("Sam", "Host")]


def test_chromium_parses_the_voice_spans(briefing, tmp_path_factory):
    """Chromium's own WebVTT parser loads the captions track of the episode page, with every
    cue, and turns each <v Name> into a span titled with the speaker's name."""
    from test_page import headless_chromium

    browser = headless_chromium(tmp_path_factory.mktemp("chromium-anchors"))
    from selenium.webdriver.support.ui import WebDriverWait  # selenium is there by now

    cfg, episode = briefing
    quiet = type("Quiet", (http.server.SimpleHTTPRequestHandler,), {"log_message": lambda *a: None})
    handler = functools.partial(quiet, directory=str(cfg.output))
    try:
        with serving_handler(handler) as base:  # type: ignore[arg-type]
            browser.get(f"{base}/{layout.episode_files(episode).page}")
            speakers = WebDriverWait(browser, 20, poll_frequency=0.1).until(
                lambda d: d.execute_script(
                    "var e = document.querySelector('#player track');"
                    "var t = document.getElementById('player').textTracks[0];"
                    "if (!e || e.readyState !== 2 || !t.cues || !t.cues.length) { return null; }"
                    "return Array.from(t.cues).map(function (c) {"
                    "  var s = c.getCueAsHTML().querySelector('span[title]');"
                    "  return s ? s.title : ''; });"
                )
            )
    finally:
        browser.quit()
    assert speakers == [c.speaker for s in episode.segments for c in s.cues]
    assert set(speakers) == {"Alex", "Sam"}


def test_handoff_is_in_the_shows_language():
    """A French briefing hands over in French, and each anchor's paragraphs name their voice."""
    articles = [
        Article(
            f"Titre {n}",
            (Section("", (f"Le conseil s'est réuni {n} fois.",)),),
            f"a{n}",
            language="fr",
        )
        for n in (1, 2)
    ]
    script = build_briefing_script(
        articles,
        ["", ""],
        show_title="Le Matin",
        day=date(2026, 3, 2),
        anchors=(Anchor("Léa", "piper"), Anchor("Marc", "gtts:fr")),
    )
    story = script.segments[2]
    assert story.paragraphs[0].sentences == ("Voici Marc avec le sujet suivant.",)
    assert (story.paragraphs[0].speaker, story.paragraphs[0].voice) == ("Léa", "piper")
    assert {(p.speaker, p.voice) for p in story.paragraphs[1:]} == {("Marc", "gtts:fr")}
    assert {p.speaker for s in (script.segments[0], script.segments[-1]) for p in s.paragraphs} == {
        "Léa"
    }


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        ('anchors = ["piper"]', "voice.anchors names exactly two voices (or none), not 1"),
        (
            'anchors = ["piper", "piper", "piper"]',
            "voice.anchors names exactly two voices (or none), not 3",
        ),
        ('anchors = ["piper", "espeak:x"]', "voice.anchors: 'espeak:x': unknown engine 'espeak'"),
        (
            'anchors = ["piper", "kokoro:not a voice"]',
            "voice.anchors: 'kokoro:not a voice': voice.kokoro.voice must name a Kokoro voice",
        ),
        (
            'anchors = ["piper", "gtts:co.uk"]\nanchor_names = ["Alex"]',
            "voice.anchor_names gives one name for each anchor",
        ),
        (
            'anchors = ["piper", "gtts:co.uk"]\nanchor_names = ["Alex", "Alex"]',
            "voice.anchor_names: the two anchors need different names",
        ),
        ('anchor_names = ["Alex", "Sam"]', "voice.anchor_names is set but voice.anchors"),
    ],
)
def test_anchor_settings_are_one_error_line(tmp_path, lines, message):
    """Anchors that are not exactly two resolvable voices, or names that do not match them,
    stop any command at load with one Error: line and no traceback."""
    (tmp_path / "briefcast.toml").write_text(f"[voice]\n{lines}\n", encoding="utf-8")
    run = CliRunner().invoke(
        cli, ["script", "--config", str(tmp_path / "briefcast.toml"), SHORT[0]]
    )
    assert run.exit_code != 0
    errors = [line for line in run.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and message in errors[0], run.output
    assert "Traceback" not in run.output


def test_anchors_default_names_and_load(tmp_path):
    """Two anchors without names are Alex and Sam, the first opening the show."""
    from briefcast.voices import anchors

    cfg = load_config(overrides={"voice.anchors": ["piper", "gtts:co.uk"]}, env={}, cwd=tmp_path)
    assert anchors(pipeline.check_config(cfg)) == (
        Anchor("Alex", "piper"),
        Anchor("Sam", "gtts:co.uk"),
    )


def test_single_article_is_read_by_the_shows_voice(tmp_path):
    """With anchors set, one article built alone is read by voice.engine as always, with no
    speaker marks: anchors are for briefings."""
    with tone_voice():
        cfg = show_config(
            tmp_path / "out", **{"voice.anchors": ["piper", "gtts:co.uk"], "cache.enabled": False}
        )
        result = pipeline.build([SHORT[0]], pipeline.check_config(cfg))
    episode = result.episode
    assert episode.engine == "piper" and episode.anchors == ()
    assert all(not c.speaker for s in episode.segments for c in s.cues)
    assert all(not s.voice for s in episode.segments)
    vtt = (cfg.output / layout.episode_files(episode).vtt).read_text(encoding="utf-8")
    assert "<v " not in vtt


def test_renamed_anchors_are_not_served_from_the_cache(tmp_path):
    """The same briefing (one story: the first anchor reads it all) built again with the same
    voices but other anchor names says the new name (the episode cached by the first build
    carries the old one in its captions)."""
    said = []
    with tone_voice():
        for n, names in enumerate((["Alex", "Sam"], ["Ana", "Ben"])):
            cfg = show_config(
                tmp_path / f"out{n}",
                **{
                    "voice.anchors": ["piper", "piper:joe"],
                    "voice.anchor_names": names,
                    "cache.dir": str(tmp_path / "cache"),
                },
            )
            result = pipeline.build_briefing(SHORT[:1], pipeline.check_config(cfg))
            assert result.build is not None
            episode = result.build.episode
            said.append(episode.anchors)
            assert {c.speaker for s in episode.segments for c in s.cues} == {names[0]}
    assert said == [("Alex",), ("Ana",)]
