"""Tests of briefings: collecting stories, the covered-story memory, scripts and the CLI."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from click.testing import CliRunner
from fakes import ToneVoice, engine_speaking_with
from http_helpers import serving_handler

from briefcast import pipeline, timing, voices
from briefcast.cli import cli
from briefcast.config import Config, load_config
from briefcast.errors import StoreError, VoiceError
from briefcast.models import Article, Episode, Section
from briefcast.reading import briefing
from briefcast.scripting import summarise
from briefcast.scripting.script import TRANSITIONS, build_briefing_script, transitions
from briefcast.show.covered import CoveredStories
from briefcast.show.layout import COVERED_NAME
from briefcast.voices import Clip

DATA = Path(__file__).parent / "data" / "briefing"
SHORT = [str(DATA / f"short_{n}.md") for n in ("bridge", "library", "market")]
SHORT_TITLES = [
    "River bridge reopens after repairs",
    "New library branch opens in Northside",
    "Farmers market moves indoors for winter",
]


@pytest.fixture
def tone(monkeypatch: pytest.MonkeyPatch) -> ToneVoice:
    """The fake voice, standing in for both engines."""
    voice = ToneVoice()
    monkeypatch.setitem(voices.REGISTRY, "piper", engine_speaking_with("piper", voice))
    monkeypatch.setitem(voices.REGISTRY, "gtts", engine_speaking_with("gtts", voice))
    return voice


@pytest.fixture
def cfg(tmp_path: Path) -> Config:
    """A show in a temporary folder, voiced by piper (the fake one when ``tone`` is used)."""
    return load_config(
        overrides={
            "output": str(tmp_path / "feed"),
            "voice.engine": "piper",
            "voice.fallback": "",
            "show.title": "Morning Test",
        },
        env={},
        cwd=tmp_path,
    )


Route = tuple[int, str, bytes]


@pytest.fixture
def server() -> Iterator[tuple[str, dict[str, Route]]]:
    """An HTTP server on 127.0.0.1 serving ``routes`` (path -> status, type, body)."""
    routes: dict[str, Route] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            status, ctype, body = routes.get(self.path, (404, "text/plain", b"not found"))
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    with serving_handler(Handler) as base:
        yield base, routes


def _run(args: Sequence[str], cfg: Config) -> tuple[int, str, str]:
    runner = CliRunner(mix_stderr=False)
    result = runner.invoke(
        cli,
        [*args, "--out", str(cfg.output), "--engine", "piper"],
        catch_exceptions=False,
        env={"BRIEFCAST_FALLBACK": "", "BRIEFCAST_ENGINE": "piper"},
    )
    return result.exit_code, result.stdout, result.stderr


def _episodes(cfg: Config) -> list[Episode]:
    return pipeline.list_episodes(cfg)


def rss(items: Sequence[tuple[str, str, str]], title: str = "Example News") -> bytes:
    """An RSS 2.0 news feed of (title, link, summary) items."""
    from xml.sax.saxutils import escape

    body = "".join(
        f"<item><title>{escape(t)}</title><link>{escape(link)}</link>"
        f"<description>{escape(summary)}</description><guid>{escape(link)}</guid>"
        f"</item>"
        for t, link, summary in items
    )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>https://news.example.org/</link>"
        f"<description>News</description>{body}</channel></rss>"
    ).encode()


# ---------------------------------------------------------------- identity and memory


def test_canonical_url_drops_what_does_not_change_the_story() -> None:
    """Tracking parameters, fragments, www, default ports and trailing slashes are ignored."""
    same = [
        "https://www.Example.org/news/story/?utm_source=rss&utm_medium=feed#top",
        "http://example.org:80/news/story",
        "https://example.org/news/story",
    ]
    assert len({briefing.canonical_url(u) for u in same}) == 1
    assert briefing.canonical_url("https://example.org/news?id=2&page=1") != briefing.canonical_url(
        "https://example.org/news?id=3&page=1"
    )
    assert briefing.canonical_url("http://127.0.0.1:8123/a") == "https://127.0.0.1:8123/a"


def test_fingerprint_ignores_case_and_punctuation_only() -> None:
    """Two copies of one text share a fingerprint; a changed word gives a new one."""
    a = Article("A", (Section("", ("The bridge reopened, on Monday.",)),), "a")
    b = Article("B", (Section("Heading", ("the bridge reopened on monday",)),), "b")
    c = Article("A", (Section("", ("The bridge reopened on Tuesday.",)),), "a")
    assert briefing.fingerprint(a) == briefing.fingerprint(b) != briefing.fingerprint(c)


def test_memory_round_trip_and_atomic_file(tmp_path: Path) -> None:
    """Remembered stories are covered by URL or by fingerprint after reloading covered.json."""
    memory = CoveredStories.load(tmp_path)
    article = Article("Story", (Section("", ("Some text.",)),), "x")
    story = briefing.Story(
        article,
        "feed.xml",
        "https://www.example.org/s?utm_source=x",
        "Example",
        briefing.fingerprint(article),
    )
    assert not memory.covers(story)
    memory.remember([story], "guid-1", datetime(2026, 11, 28, tzinfo=UTC))
    again = CoveredStories.load(tmp_path)
    assert again.covers(story)
    assert again.covers_key(briefing.canonical_url("https://example.org/s"))
    moved = briefing.Story(
        article, "other", "https://elsewhere.example/copy", "", story.fingerprint
    )
    assert again.covers(moved)
    data = json.loads((tmp_path / "covered.json").read_text())
    assert data["stories"][0]["episode"] == "guid-1"
    assert not list(tmp_path.glob(".covered.json.*"))


def test_damaged_memory_is_a_clear_error(tmp_path: Path) -> None:
    """A damaged covered.json stops the run with a message saying how to recover."""
    (tmp_path / "covered.json").write_text("{not json")
    with pytest.raises(StoreError, match="delete it"):
        CoveredStories.load(tmp_path)


# ---------------------------------------------------------------- feeds


def test_parse_feed_reads_titles_links_and_summaries() -> None:
    """An RSS file parses into the feed title and entries with plain-text summaries."""
    news = briefing.parse_feed(
        rss([("One", "https://x.example/1", "<p>First <b>para</b>.</p><p>Second &amp; last.</p>")]),
        "test",
    )
    assert news.title == "Example News"
    assert news.entries[0].title == "One"
    assert news.entries[0].link == "https://x.example/1"
    assert news.entries[0].summary == ("First para .", "Second & last.")


def test_a_damaged_feed_parses_in_a_moment_in_any_encoding() -> None:
    """A podcast feed damaged by a fuzzer (an 80,000-letter run, stray bytes its declared
    UTF-8 cannot decode) took feedparser over four minutes, asking chardet to guess; decoded
    by briefcast first, it parses at once. A feed in Latin-1 that says so reads right too."""
    import gzip
    import time

    damaged = gzip.decompress(
        (Path(__file__).parent / "data" / "feeds" / "damaged_slow_for_chardet.xml.gz").read_bytes()
    )
    start = time.process_time()
    news = briefing.parse_feed(damaged, "damaged.xml")
    assert time.process_time() - start < 5
    assert news.title == "Example Show" and news.entries
    latin = rss([("Café crème", "https://x.example/1", "<p>Déjà vu à Orléans.</p>")])
    latin = (
        latin.replace(b'encoding="UTF-8"', b'encoding="iso-8859-1"')
        .decode("utf-8")
        .encode("latin-1")
    )
    news = briefing.parse_feed(latin, "latin.xml")
    assert news.entries[0].title == "Café crème"
    assert news.entries[0].summary == ("Déjà vu à Orléans.",)


def test_feeds_that_break_feedparser_read_or_fail_with_one_line() -> None:
    """Two fuzzed feeds that made feedparser raise (a surrogate in a character reference; a
    UTF-16 fragment in a UTF-8 document): the first is read (the reference becomes U+FFFD),
    the second is refused as a feed that cannot be read, not a traceback."""
    import gzip

    folder = Path(__file__).parent / "data" / "feeds"
    news = briefing.parse_feed(
        gzip.decompress((folder / "damaged_surrogate_charref.xml.gz").read_bytes()), "a.xml"
    )
    assert len(news.entries) == 2
    with pytest.raises(briefing.ReadError, match="b.xml is not a news feed that can be read"):
        briefing.parse_feed(
            gzip.decompress((folder / "damaged_breaks_feedparser.xml.gz").read_bytes()), "b.xml"
        )


def test_a_feed_with_a_150_kb_author_parses_in_a_moment() -> None:
    """A podcast feed whose <itunes:author> a fuzzer had grown into 150,000 letters (one
    run, no space) kept feedparser's e-mail regex busy for minutes; it parses at once, and
    an author of that run's shape alongside a real feed's entries keeps them."""
    import gzip
    import time

    found = gzip.decompress(
        (Path(__file__).parent / "data" / "feeds" / "damaged_long_author.xml.gz").read_bytes()
    )
    made = rss([("Bridge vote", "https://x.example/1", "<p>The council voted.</p>")]).replace(
        b"<channel>", b"<channel><author>" + b"Ab1." * 40_000 + b"</author>", 1
    )
    for data in (found, made):
        start = time.process_time()
        news = briefing.parse_feed(data, "long.xml")
        assert time.process_time() - start < 3
        assert news.entries
    assert news.entries[0].title == "Bridge vote"


def test_feed_sniffing() -> None:
    """Feeds are told from pages by media type or first element."""
    assert briefing._looks_like_feed(b'<?xml version="1.0"?>\n<!-- c -->\n<rss version="2.0">')
    assert briefing._looks_like_feed(b"<feed xmlns='http://www.w3.org/2005/Atom'>")
    assert briefing._looks_like_feed(b"anything", "application/rss+xml; charset=utf-8")
    assert not briefing._looks_like_feed(b"<!doctype html><html>", "text/html")


def test_entry_without_readable_page_uses_its_summary(tmp_path: Path) -> None:
    """A feed entry whose page cannot be read falls back to the feed's summary, with a note."""
    feed = tmp_path / "news.rss"
    feed.write_bytes(
        rss([("Summary only", "file:///nowhere", "<p>The summary is the story today.</p>")])
    )
    found = briefing.collect([str(feed)])
    assert len(found.stories) == 1
    story = found.stories[0]
    assert story.from_summary and story.publisher == "Example News"
    assert story.article.sections[0].paragraphs == ("The summary is the story today.",)


# ---------------------------------------------------------------- script


def test_transitions_vary_and_never_repeat_word_for_word() -> None:
    """Every story gets a different announcement; middle ones use distinct templates."""
    heads = [f"Story number {i}" for i in range(len(TRANSITIONS) + 2)]
    lines = transitions(heads, ["Example News"] * len(heads))
    assert len(set(lines)) == len(lines)
    openings = [line.split(":")[0] for line in lines]
    assert len(set(openings)) == len(openings)
    assert lines[0].startswith("Our first story, from Example News: Story number 0")
    assert lines[-1].startswith("And finally")
    assert transitions(heads, ["Example News"] * len(heads)) == lines


def test_briefing_script_has_rundown_chapters_and_outro() -> None:
    """The intro names the date and every headline; each story is one segment with its URL."""
    articles = [
        Article(
            t,
            (Section("", ("Body text of the story.",)),),
            f"s{i}",
            source_url=f"https://news.example.org/{i}",
        )
        for i, t in enumerate(["Alpha rises", "Beta falls", "Gamma holds"])
    ]
    script = build_briefing_script(
        articles, ["Example", "", "Other"], show_title="Morning", day=date(2026, 11, 28)
    )
    kinds = [s.kind for s in script.segments]
    assert kinds == ["intro", "section", "section", "section", "outro"]
    intro = script.segments[0].text
    assert "Saturday, November twenty-eighth, twenty twenty-six" in intro
    assert "From Example: Alpha rises." in intro and "Beta falls." in intro
    assert [s.url for s in script.segments[1:4]] == [a.source_url for a in articles]
    assert script.segments[2].paragraphs[0].sentences[0].endswith("Beta falls.")
    assert "Other" in script.segments[3].paragraphs[0].sentences[0]
    assert script.title == "Briefing for Saturday, November 28, 2026"


# ---------------------------------------------------------------- acceptance


def test_briefing_from_three_articles(cfg: Config, tone: ToneVoice) -> None:
    """Acceptance 1 (files): three articles give one episode with the rundown in the intro,
    one chapter per story with its source URL, varied transitions; the feed item's show notes
    link every story, and the JSON chapters carry each story's URL."""
    code, out, err = _run(["briefing", *SHORT], cfg)
    assert code == 0, err
    [episode] = _episodes(cfg)
    stories = [s for s in episode.segments if s.kind == "section"]
    assert [s.title for s in stories] == SHORT_TITLES
    assert [s.url for s in stories] == [
        "https://news.example.org/local/bridge-reopens",
        "https://news.example.org/culture/northside-library",
        "https://news.example.org/business/market-winter",
    ]
    intro = " ".join(c.text for c in episode.segments[0].cues)
    for title in SHORT_TITLES:
        assert title in intro
    announcements = [s.cues[0].text for s in stories]
    assert len(set(a.split(":")[0] for a in announcements)) == 3
    for story, title in zip(stories, SHORT_TITLES, strict=True):
        assert "news.example.org" in story.cues[0].text
        assert story.cues[0].text.endswith(f": {title}.")
        assert story.end > story.start
    assert episode.sources == tuple(s.url for s in stories)
    assert episode.briefing is not None
    assert [s.title for s in episode.briefing.stories] == SHORT_TITLES
    assert "3 stories" in out and "Added episode" in out
    import feedparser

    parsed = feedparser.parse((cfg.output / "feed.xml").read_bytes())
    assert parsed.entries[0].title == episode.title
    notes = parsed.entries[0].content[0].value
    for story in stories:
        assert f'<a href="{story.url}">{story.title}</a>' in notes
    _assert_chapters(cfg, episode, [s.url for s in stories])
    covered = json.loads((cfg.output / "covered.json").read_text())
    assert len(covered["stories"]) == 3


def test_failed_source_is_skipped_with_a_warning(
    cfg: Config, tone: ToneVoice, server: tuple[str, dict[str, Route]]
) -> None:
    """Acceptance 4: one of three sources answering 404 gives a two-story briefing and a
    warning that names the failed source."""
    base, _routes = server
    missing = f"{base}/news/gone"
    code, out, err = _run(["briefing", SHORT[0], missing, SHORT[2]], cfg)
    assert code == 0, err
    assert "Warning: " in err and missing in err and "404" in err
    [episode] = _episodes(cfg)
    assert [s.title for s in episode.segments if s.kind == "section"] == [
        SHORT_TITLES[0],
        SHORT_TITLES[2],
    ]


def test_no_readable_source_publishes_nothing(cfg: Config, tone: ToneVoice, tmp_path: Path) -> None:
    """When every source fails, nothing is published and the CLI exits 1 with one Error line."""
    code, out, err = _run(
        ["briefing", str(tmp_path / "missing.md"), str(tmp_path / "gone.txt")], cfg
    )
    assert code == 1
    errors = [line for line in err.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "nothing was published" in errors[0]
    assert not (cfg.output / "feed.xml").exists()
    assert _episodes(cfg) == []


def test_second_run_on_same_files_has_nothing_new(cfg: Config, tone: ToneVoice) -> None:
    """Acceptance 3 (files): the same sources again publish nothing and say so, exit 0."""
    assert _run(["briefing", *SHORT], cfg)[0] == 0
    feed_before = (cfg.output / "feed.xml").read_bytes()
    code, out, err = _run(["briefing", *SHORT], cfg)
    assert code == 0
    assert out.startswith("Nothing new: the 3 stories found were covered")
    assert len(_episodes(cfg)) == 1
    assert (cfg.output / "feed.xml").read_bytes() == feed_before


def test_max_stories_takes_the_first_new_ones(cfg: Config, tone: ToneVoice) -> None:
    """--max-stories 2 takes the first two; the next run takes the one left."""
    assert _run(["briefing", *SHORT, "--max-stories", "2"], cfg)[0] == 0
    [first] = _episodes(cfg)
    assert [s.title for s in first.segments if s.kind == "section"] == SHORT_TITLES[:2]
    assert _run(["briefing", *SHORT, "--max-stories", "2"], cfg)[0] == 0
    # Both runs may fall in the same second: pick the new episode by guid, not by date.
    [newest] = [e for e in _episodes(cfg) if e.guid != first.guid]
    assert [s.title for s in newest.segments if s.kind == "section"] == SHORT_TITLES[2:]


def test_plan_fits_long_articles_with_the_fake_voice(cfg: Config, tone: ToneVoice) -> None:
    """Planning five long stories to 3 minutes estimates within 10% of the target, measuring
    the voice once and keeping the rate in the output folder."""
    sources = [
        str(DATA / f"long_{n}.md") for n in ("transit", "drought", "birds", "factory", "heat")
    ]
    plan = pipeline.plan_briefing(sources, cfg, target_minutes=3)
    assert plan.script is not None
    assert 162 <= plan.estimate_seconds <= 198 < plan.full_seconds
    rates = json.loads((cfg.output / "speaking-rates.json").read_text())
    assert abs(rates["tone:16cps"]["chars_per_second"] - 16.0) < 0.5
    spoken = tone.sentences_spoken
    pipeline.plan_briefing(sources, cfg, target_minutes=3)
    assert tone.sentences_spoken == spoken


LONG = [str(DATA / f"long_{n}.md") for n in ("transit", "drought", "birds", "factory", "heat")]


def test_target_minutes_with_the_real_voice(cfg: Config, piper_rate: timing.SpeakingRate) -> None:
    """Acceptance 2: five long articles fitted to 3 minutes with the real Piper voice give an
    episode of 2.7 to 3.3 minutes (decoded), and every story keeps its lead sentence; the
    voice's rate is then refined from the episode's own measured sentences."""
    from briefcast.audio.media import decode_to_pcm, pcm_seconds
    from briefcast.reading import read
    from briefcast.show.rates import remember_rate, remembered_rate

    # The show's first build measures Piper on the calibration text and remembers the rate;
    # the session has measured it once already (the same figures: Piper is deterministic).
    # The tone-voiced briefings here go through the measuring itself.
    identity = voices.get_voice("piper", cfg, "en").identity()
    cfg.output.mkdir(parents=True)
    remember_rate(cfg.output, identity, piper_rate, "calibration")
    result = pipeline.build_briefing(LONG, cfg, target_minutes=3)
    assert result.build is not None
    episode = result.build.episode
    decoded = pcm_seconds(len(decode_to_pcm(result.build.audio_path, 16000)), 16000)
    assert 162 <= decoded <= 198, decoded
    assert abs(decoded - episode.duration) < 0.2
    assert abs(result.plan.estimate_seconds - 180) < 18
    assert result.plan.full_seconds > 600
    stories = [s for s in episode.segments if s.kind == "section"]
    assert len(stories) == 5
    for path, story in zip(LONG, stories, strict=True):
        lead = summarise.rank(read.read_article(path)).lead
        assert story.cues[1].text == lead
    rates = json.loads((cfg.output / "speaking-rates.json").read_text())
    [entry] = rates.values()
    assert entry["measured_on"].endswith("sentences of the last episode")
    assert remembered_rate(cfg.output, identity) != piper_rate
    assert 120 < entry["words_per_minute"] < 260


PAGES = {
    "ferry": "Night ferry service returns to the harbour",
    "orchestra": "Youth orchestra wins national prize",
    "trees": "Ten thousand trees to be planted along the ring road",
}


def _serve_news(base: str, routes: dict[str, Route], *, broken: str = "") -> str:
    """Serve a news feed at /rss.xml whose entries link to three HTML pages on the server."""
    items = []
    for name, title in PAGES.items():
        if name != broken:
            routes[f"/news/{name}"] = (
                200,
                "text/html; charset=utf-8",
                (DATA / f"page_{name}.html").read_bytes(),
            )
        items.append(
            (
                title,
                f"{base}/news/{name}",
                f"<p>Summary of the {name} story, from the feed itself.</p>",
            )
        )
    routes["/rss.xml"] = (200, "application/rss+xml; charset=utf-8", rss(items))
    return f"{base}/rss.xml"


def test_briefing_from_a_news_feed_over_http(
    cfg: Config, tone: ToneVoice, server: tuple[str, dict[str, Route]]
) -> None:
    """Acceptance 1 (feed): a feed served on 127.0.0.1 gives one chapter per entry, each with
    its page's URL, the page text read (not the feed summary), a rundown, transitions, and the
    feed item's show notes list the stories with links."""
    base, routes = server
    feed_url = _serve_news(base, routes)
    code, out, err = _run(["briefing", feed_url], cfg)
    assert code == 0, err
    [episode] = _episodes(cfg)
    stories = [s for s in episode.segments if s.kind == "section"]
    assert [s.title for s in stories] == list(PAGES.values())
    assert [s.url for s in stories] == [f"{base}/news/{n}" for n in PAGES]
    intro = " ".join(c.text for c in episode.segments[0].cues)
    assert "Today, three stories." in intro
    for title in PAGES.values():
        assert f"From Example News: {title}." in intro
    for story in stories:
        assert "Example News" in story.cues[0].text
        assert not any("from the feed itself" in c.text for c in story.cues)
    assert len({s.cues[0].text.split(":")[0] for s in stories}) == 3
    assert episode.sources == tuple(f"{base}/news/{n}" for n in PAGES)
    import feedparser

    item = feedparser.parse((cfg.output / "feed.xml").read_bytes()).entries[0]
    notes = item.content[0].value
    for name, title in PAGES.items():
        assert title in item.description
        assert f'<a href="{base}/news/{name}">{title}</a>' in notes
    _assert_chapters(cfg, episode, [f"{base}/news/{n}" for n in PAGES])


def _assert_chapters(cfg: Config, episode: Episode, urls: list[str]) -> None:
    """The episode's JSON chapters: the headlines, one per story with its URL, the outro."""
    chapters_file = (cfg.output / episode.file).with_suffix(".chapters.json")
    chapters = json.loads(chapters_file.read_text())["chapters"]
    assert [c["title"] for c in chapters][0] == "Headlines"
    assert [c.get("url") for c in chapters[1:-1]] == urls
    starts = [c["startTime"] for c in chapters]
    assert starts == sorted(starts) and len(set(starts)) == len(starts)


def test_unreadable_entry_page_falls_back_to_the_feed_summary(
    cfg: Config, tone: ToneVoice, server: tuple[str, dict[str, Route]]
) -> None:
    """A feed entry whose page answers 404 is read from the feed's summary, with a warning
    naming its link; the other entries are read from their pages."""
    base, routes = server
    feed_url = _serve_news(base, routes, broken="orchestra")
    code, out, err = _run(["briefing", feed_url], cfg)
    assert code == 0, err
    assert f"{base}/news/orchestra" in err and "summary" in err
    [episode] = _episodes(cfg)
    middle = [s for s in episode.segments if s.kind == "section"][1]
    assert any("from the feed itself" in c.text for c in middle.cues)
    assert episode.briefing is not None
    assert episode.briefing.stories[1].from_summary is True


def test_same_feed_twice_publishes_nothing_new(
    cfg: Config, tone: ToneVoice, server: tuple[str, dict[str, Route]]
) -> None:
    """Acceptance 3: a second run on the unchanged feed reports that nothing is new, exits 0
    and publishes nothing; with --allow-repeats it builds the same stories again (the same
    episode, replaced rather than duplicated) from the synthesis cache, voicing nothing."""
    base, routes = server
    feed_url = _serve_news(base, routes)
    assert _run(["briefing", feed_url], cfg)[0] == 0
    [first] = _episodes(cfg)
    feed_before = (cfg.output / "feed.xml").read_bytes()
    files_before = sorted(p.name for p in (cfg.output / "episodes").iterdir())
    spoken = tone.sentences_spoken

    code, out, err = _run(["briefing", feed_url], cfg)
    assert code == 0, err
    assert out.strip() == (
        "Nothing new: the 3 stories found were covered in earlier episodes; "
        "nothing was published (use --allow-repeats to include them)."
    )
    assert (cfg.output / "feed.xml").read_bytes() == feed_before
    assert sorted(p.name for p in (cfg.output / "episodes").iterdir()) == files_before
    assert tone.sentences_spoken == spoken
    code, out, err = _run(["script", "--briefing", feed_url], cfg)
    assert code == 0 and "there is nothing to script" in out

    code, out, err = _run(["briefing", feed_url, "--allow-repeats"], cfg)
    assert code == 0, err
    assert "Replaced episode" in out
    [again] = _episodes(cfg)
    assert again.guid == first.guid
    assert [s.title for s in again.segments] == [s.title for s in first.segments]
    # Every sentence came from the synthesis cache: the voice spoke nothing new.
    assert tone.sentences_spoken == spoken
    assert [c.text for s in again.segments for c in s.cues] == [
        c.text for s in first.segments for c in s.cues
    ]


def test_script_shows_the_rundown_and_fitted_length(
    cfg: Config, tone: ToneVoice, server: tuple[str, dict[str, Route]]
) -> None:
    """`briefcast script` with briefing options prints the rundown and the fitted length, and
    neither publishes nor marks the stories as covered."""
    base, routes = server
    feed_url = _serve_news(base, routes)
    code, out, err = _run(["script", feed_url, *LONG[:2], "--target-minutes", "1.5"], cfg)
    assert code == 0, err
    first = out.splitlines()[0]
    assert first.startswith("Briefing for ") and "5 stories" in first and "target 1:30" in first
    for number, title in enumerate(PAGES.values(), 1):
        assert f"  {number}. {title} — Example News" in out
    assert "[intro] Headlines" in out
    assert not (cfg.output / "feed.xml").exists()
    assert not (cfg.output / "covered.json").exists()
    code, out, err = _run(["script", "--json", "--max-stories", "2", feed_url], cfg)
    data = json.loads(out)
    assert [s["title"] for s in data["briefing"]["stories"]] == list(PAGES.values())[:2]
    assert data["briefing"]["target_seconds"] is None


def test_files_without_urls_are_told_apart_by_content(tmp_path: Path) -> None:
    """Two different articles with no URL are both kept; an identical copy is read once."""
    one = tmp_path / "one.txt"
    two = tmp_path / "two.txt"
    copy = tmp_path / "copy.txt"
    one.write_text("The harbour wall was repaired on Monday after the storm.\n")
    two.write_text("The school choir sang at the town hall on Sunday evening.\n")
    copy.write_text(one.read_text())
    found = briefing.collect([str(one), str(two), str(copy)])
    assert [s.origin for s in found.stories] == [str(one), str(two)]
    assert all(s.url == "" and s.publisher == "" for s in found.stories)


class MuteVoice(ToneVoice):
    """A fake voice that cannot speak (as gTTS without a network)."""

    def identity(self) -> str:
        return "mute"

    def speak(self, sentences: Sequence[str]) -> list[Clip]:
        raise VoiceError("no network")


def test_rate_comes_from_the_fallback_when_the_engine_cannot_speak(
    cfg: Config, tone: ToneVoice, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the configured engine cannot be measured, the fallback's rate is used; when no
    engine can be, a rough default is used with a warning, and the plan is still made."""
    monkeypatch.setitem(voices.REGISTRY, "gtts", engine_speaking_with("gtts", MuteVoice()))
    from dataclasses import replace

    with_fallback = replace(cfg, voice=replace(cfg.voice, engine="gtts", fallback="piper"))
    plan = pipeline.plan_briefing(SHORT, with_fallback, target_minutes=1)
    assert abs(plan.rate.chars_per_second - 16.0) < 0.5
    alone = replace(
        cfg, voice=replace(cfg.voice, engine="gtts", fallback=""), output=cfg.output / "other"
    )
    plan = pipeline.plan_briefing(SHORT, alone, target_minutes=1)
    assert plan.rate == timing.DEFAULT_RATE and plan.script is not None


def test_atom_feed_file_with_content_instead_of_summary(tmp_path: Path) -> None:
    """An Atom feed file is recognised by its content (any extension); an entry's
    ``content`` stands in for a missing summary, and the feed title names the source."""
    atom = tmp_path / "updates.txt"
    atom.write_text(
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>Harbour Gazette</title>'
        "<id>urn:x</id><updated>2026-11-28T06:00:00Z</updated>"
        "<entry><title>Lighthouse relit</title><id>urn:1</id>"
        "<updated>2026-11-28T06:00:00Z</updated>"
        '<content type="html">&lt;p&gt;The old lighthouse shone again on Friday night.&lt;/p&gt;'
        "</content></entry></feed>"
    )
    found = briefing.collect([str(atom)])
    [story] = found.stories
    assert story.publisher == "Harbour Gazette" and story.from_summary
    assert story.article.title == "Lighthouse relit"
    assert story.article.sections[0].paragraphs == (
        "The old lighthouse shone again on Friday night.",
    )


def test_removing_a_briefing_gives_its_stories_back(cfg: Config, tone: ToneVoice) -> None:
    """Acceptance 5 of issue 25: ``remove`` of a briefing takes its stories out of
    covered.json and says so; ``briefing`` on the same sources then builds again."""
    assert _run(["briefing", *SHORT], cfg)[0] == 0
    covered = json.loads((cfg.output / COVERED_NAME).read_text())["stories"]
    assert len(covered) == 3
    result = CliRunner(mix_stderr=False).invoke(
        cli, ["remove", "1", "--out", str(cfg.output)], catch_exceptions=False
    )
    assert result.exit_code == 0, result.stderr
    assert "3 stories" in result.stdout and "covered" in result.stdout
    assert json.loads((cfg.output / COVERED_NAME).read_text())["stories"] == []
    code, out, err = _run(["briefing", *SHORT], cfg)
    assert code == 0, err
    assert not out.startswith("Nothing new")
    assert len(_episodes(cfg)) == 1


def test_forget_keeps_the_stories_of_other_episodes(tmp_path: Path) -> None:
    """Forgetting one episode's stories leaves those of every other episode covered."""
    memory = CoveredStories.load(tmp_path)
    stories = [
        briefing.Story(
            Article(f"Story {n}", (Section("", (f"Text number {n}.",)),), f"s{n}.md"),
            origin=f"s{n}.md",
            url=f"https://example.org/{n}",
            publisher="",
            fingerprint=f"print{n}",
        )
        for n in range(3)
    ]
    day = datetime(2026, 1, 1, tzinfo=UTC)
    memory = memory.remember(stories[:2], "first", day).remember(stories[2:], "second", day)
    memory, count = memory.forget("first")
    assert count == 2
    reread = CoveredStories.load(tmp_path)
    assert [r["episode"] for r in reread.records] == ["second"]
    assert reread.covers(stories[2]) and not reread.covers(stories[0])
