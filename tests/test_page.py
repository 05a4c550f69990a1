"""The show's pages in a real headless browser (Debian's chromium through selenium).

Everything runs against ``briefcast serve`` (started once for the module, as a listener would
run it) with one browser for the module: the index lists every episode and its chapters seek;
the feed URL reads as a page while podcast clients still get the feed; an episode page plays,
loads its captions, highlights the sentence being read and seeks on a click on a sentence;
axe-core finds no serious or critical violation in the light or the dark scheme; and nothing
scrolls sideways on a 320 or 390 px wide phone. Screenshots go to ``$BRIEFCAST_SCREENSHOTS``
when it is set (to look at), else to the test's temporary folder.
"""

from __future__ import annotations

import os
import queue
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import feedparser
import podcastparser
import pytest
from feed_helpers import NASTY_TITLE, BuiltShow, build_show, tone_voice
from node_tools import AXE_JS, partytime, require_node_tools

from briefcast import pipeline
from briefcast.models import Episode, clock
from briefcast.show import layout, store
from briefcast.site import page

SRC = Path(__file__).resolve().parents[1] / "src"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--mute-audio",
    "--window-size=1000,900",
)
LONG_URL = "https://news.example/" + "very-long-path-segment-" * 8 + "story?id=" + "9" * 40
ARTICLE_LONG = f"""---
source_url: {LONG_URL}
---
# A story with a very long address

The first sentence is short. The second one is a little longer than the first.

## Later

A third sentence closes the story.
"""


def _browser_missing() -> str:
    """Why the browser test cannot run here ("" when it can)."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed"
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        return (
            "chromium and chromium-driver are not installed (apt-get install chromium "
            "chromium-driver)"
        )
    return ""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[BuiltShow, str]]:
    """Three episodes (one citing a very long URL) served by ``briefcast serve``."""
    root = tmp_path_factory.mktemp("page")
    port = _free_port()
    base = f"http://127.0.0.1:{port}/"
    built = build_show(root, **{"show.base_url": base})
    long_article = root / "articles" / "long.md"
    long_article.write_text(ARTICLE_LONG, encoding="utf-8")
    with tone_voice():
        pipeline.build([str(long_article)], built.cfg)
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    env.pop("BRIEFCAST_BASE_URL", None)
    proc = subprocess.Popen(
        [sys.executable, "-m", "briefcast", "serve", "--out", str(built.root), "--port", str(port)],
        cwd=root,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    lines: queue.Queue[str] = queue.Queue()
    stream = proc.stdout
    threading.Thread(target=lambda: [lines.put(line) for line in stream], daemon=True).start()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if lines.get(timeout=0.5).startswith("Subscribe to:"):
                break
        except queue.Empty:
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
    else:
        proc.kill()
        raise AssertionError("briefcast serve did not start")
    try:
        yield built, base
    finally:
        proc.terminate()
        proc.communicate(timeout=10)


def headless_chromium(profile: Path) -> Any:
    """Headless chromium (selenium's driver) with the profile folder ``profile``; the test
    skips when the browser or its driver is missing, and fails under CI."""
    reason = _browser_missing()
    if reason:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the browser test: {reason}")
        pytest.skip(reason)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    browser = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    browser.set_page_load_timeout(30)
    return browser


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Headless chromium with a fresh profile, shared by the module's tests."""
    browser = headless_chromium(tmp_path_factory.mktemp("chromium-profile"))
    try:
        yield browser
    finally:
        browser.quit()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where screenshots go."""
    folder = os.environ.get("BRIEFCAST_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        return Path(folder)
    return tmp_path_factory.mktemp("screenshots")


def _wait(driver: Any, script: str, timeout: float = 15) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.05).until(
        lambda d: d.execute_script(script)
    )


# True once the highlighted sentence is the one being played: the last cue starting at or
# before the player's time, and the player is past ``arguments[0]`` seconds and playing.
FOLLOWS = """
var a = document.getElementById('player'), since = arguments[0];
var c = document.querySelector('.transcript .current');
if (a.paused || a.currentTime < since || !c) { return false; }
var starts = Array.from(document.querySelectorAll('.transcript [data-start]'))
    .map(function (e) { return parseFloat(e.getAttribute('data-start')); });
var expected = starts.filter(function (s) { return s <= a.currentTime + 0.05; }).pop();
return parseFloat(c.getAttribute('data-start')) === expected && [a.currentTime, expected];
"""


def _follows(driver: Any, since: float) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, 15, poll_frequency=0.05).until(
        lambda d: d.execute_script(FOLLOWS, since)
    )


def _episodes(built: BuiltShow) -> list[Episode]:
    return store.Show(built.root).episodes()


def _check_index(driver: Any, built: BuiltShow, url: str) -> None:
    """Every episode newest first with its literal title and page link; players load their
    MP3 with an accessible name; the length shown is the player's; chapters seek."""
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    driver.get(url)
    episodes = _episodes(built)
    articles = driver.find_elements(By.CSS_SELECTOR, "article[data-guid]")
    assert [a.get_attribute("data-guid") for a in articles] == [e.guid for e in episodes]
    for article, episode in zip(articles, episodes, strict=True):
        link = article.find_element(By.CSS_SELECTOR, "h2 a")
        assert link.text == episode.title
        assert link.get_attribute("href").endswith(layout.episode_files(episode).page)
        audio = article.find_element(By.TAG_NAME, "audio")
        assert audio.get_attribute("aria-label") == f"Play the episode: {episode.title}"
        player = audio.get_attribute("id")
        duration = _wait(
            driver,
            f"var a = document.getElementById('{player}');"
            f"return a.readyState >= 1 && a.duration > 0 && a.duration;",
        )
        assert abs(duration - episode.duration) < 0.5, (duration, episode.duration)
        shown = article.find_element(By.CSS_SELECTOR, ".meta").text.rsplit("· ", 1)[1]
        assert shown == clock(duration), (shown, duration)
        buttons = article.find_elements(By.CSS_SELECTOR, "ol.chapters button")
        assert len(buttons) == len(episode.segments)
        for button, segment in reversed(list(zip(buttons, episode.segments, strict=True))):
            button.click()
            now = driver.execute_script(
                f"var a = document.getElementById('{player}'); a.pause(); return a.currentTime;"
            )
            assert abs(now - segment.start) < 0.3, (segment.title, now, segment.start)
    assert NASTY_TITLE in driver.find_element(By.TAG_NAME, "main").text
    assert driver.execute_script("return document.scripts.length") == 1
    try:
        alert = driver.switch_to.alert
    except NoAlertPresentException:
        alert = None
    assert alert is None, f"a script from an article ran and opened an alert: {alert.text}"


def test_index_over_http_lists_plays_and_seeks(
    driver: Any, served: tuple[BuiltShow, str], shots: Path
) -> None:
    """Served by briefcast serve: every episode, its MP3 loaded, chapters seek, no injection."""
    built, base = served
    _check_index(driver, built, base + "index.html")
    assert driver.title == "Test Briefing"
    driver.save_screenshot(str(shots / "index.png"))


def test_index_from_disk_plays_and_seeks(driver: Any, served: tuple[BuiltShow, str]) -> None:
    """Opened from disk (file://): the same, with relative links only."""
    built, _ = served
    _check_index(driver, built, (built.root / "index.html").as_uri())


def test_feed_url_is_a_page_in_chromium_and_a_feed_for_apps(
    driver: Any, served: tuple[BuiltShow, str], shots: Path
) -> None:
    """Chromium opening /feed.xml sees the show's page (HTML, not XML text); podcastparser,
    feedparser and podcast-partytime fetching the same URL read the feed's episodes."""
    from selenium.webdriver.common.by import By

    built, base = served
    url = base + "feed.xml"
    driver.get(url)
    assert driver.execute_script("return document.contentType") == "text/html"
    assert driver.find_element(By.TAG_NAME, "h1").text == "Test Briefing"
    assert len(driver.find_elements(By.CSS_SELECTOR, "article[data-guid]")) == 3
    driver.save_screenshot(str(shots / "feed-url.png"))
    guids = {e.guid for e in _episodes(built)}
    with urllib.request.urlopen(url, timeout=10) as reply:
        assert reply.headers["Content-Type"] == "application/xml; charset=utf-8"
        podcast = podcastparser.parse(url, reply)
    assert {e["guid"] for e in podcast["episodes"]} == guids
    parsed = feedparser.parse(url)
    assert not parsed.bozo and {e.id for e in parsed.entries} == guids
    assert {i["guid"] for i in partytime(url)["items"]} == guids


def test_published_feed_reads_as_a_page_through_its_css(
    driver: Any, served: tuple[BuiltShow, str], shots: Path
) -> None:
    """The feed file itself (as a static host sends it, here from disk) is styled by feed.css:
    Chromium renders the show's title and each episode title, not its raw-XML viewer."""
    built, _ = served
    driver.get((built.root / "feed.xml").as_uri())
    assert driver.execute_script("return document.contentType") in ("text/xml", "application/xml")
    root_display = driver.execute_script(
        "return getComputedStyle(document.documentElement).display"
    )
    assert root_display == "block"
    shown = driver.execute_script("""
        return Array.from(document.querySelectorAll('item > title, channel > title'))
            .filter(e => getComputedStyle(e).display === 'block').map(e => e.textContent);""")
    assert shown[0] == "Test Briefing" and NASTY_TITLE in shown
    hidden = driver.execute_script(
        "return getComputedStyle(document.querySelector('item > guid')).display"
    )
    assert hidden == "none"
    driver.save_screenshot(str(shots / "feed-css.png"))


def test_episode_page_captions_follow_playback_and_click_to_seek(
    driver: Any, served: tuple[BuiltShow, str], shots: Path
) -> None:
    """The episode page loads its VTT as a captions track; playing after a click on a sentence
    starts there and highlights it; a seek moves the highlight to the sentence at that time."""
    from selenium.webdriver.common.by import By

    built, base = served
    episode = next(e for e in _episodes(built) if e.title == "Markets rally after the talks")
    cues = [c for s in episode.segments for c in s.cues]
    driver.get(base + layout.episode_files(episode).page)
    assert driver.title == f"{episode.title} — Test Briefing"
    # Cues arrive while the VTT is parsed: count them once the <track> says it is loaded (2).
    count = _wait(
        driver,
        "var e = document.querySelector('#player track');"
        "var t = document.getElementById('player').textTracks[0];"
        "return e && e.readyState === 2 && t.kind === 'captions' && t.cues"
        " && t.cues.length;",
    )
    assert count == len(cues)
    duration = _wait(
        driver, "var a = document.getElementById('player');return a.readyState >= 1 && a.duration;"
    )
    assert clock(duration) in driver.find_element(By.CSS_SELECTOR, "header .meta").text
    sentences = driver.find_elements(By.CSS_SELECTOR, ".transcript button[data-start]")
    assert [s.find_element(By.CSS_SELECTOR, ".text").text for s in sentences] == [
        c.text for c in cues
    ]
    target = 3
    sentences[target].find_element(By.CSS_SELECTOR, ".text").click()
    now, highlighted = _follows(driver, 0.0)
    # Playback started at the clicked sentence (give or take a poll) and it is highlighted.
    assert cues[target].start - 0.05 <= now < cues[target].start + 1.0, (now, cues[target])
    assert highlighted in (cues[target].start, cues[target + 1].start)
    later = len(cues) - 2
    driver.execute_script(
        f"document.getElementById('player').currentTime = {cues[later].start + 0.1};"
    )
    now, highlighted = _follows(driver, cues[later].start)
    assert highlighted >= cues[later].start, (now, highlighted)
    assert (
        driver.execute_script(
            "return document.querySelectorAll('.transcript [aria-current=true]').length"
        )
        == 1
    )
    driver.save_screenshot(str(shots / "episode.png"))
    driver.execute_script("document.getElementById('player').pause();")
    head = driver.find_element(By.TAG_NAME, "head").get_attribute("innerHTML")
    page_url = base + layout.episode_files(episode).page
    assert f'<link rel="canonical" href="{page_url}">' in head
    assert f'<meta property="og:image" content="{base}cover.png">' in head
    assert '<meta name="twitter:card" content="summary">' in head


def _set_scheme(driver: Any, scheme: str) -> None:
    driver.execute_cdp_cmd(
        "Emulation.setEmulatedMedia",
        {"features": [{"name": "prefers-color-scheme", "value": scheme}]},
    )


def test_axe_finds_no_serious_violation_light_and_dark(
    driver: Any, served: tuple[BuiltShow, str], shots: Path
) -> None:
    """axe-core (WCAG 2 A/AA rules) on the index and an episode page, in the light and the
    dark colour scheme: no violation of serious or critical impact."""
    require_node_tools()
    built, base = served
    episode = _episodes(built)[0]
    axe = AXE_JS.read_text(encoding="utf-8")
    found = {}
    try:
        for scheme in ("light", "dark"):
            _set_scheme(driver, scheme)
            for name, path in (
                ("index", "index.html"),
                ("episode", layout.episode_files(episode).page),
            ):
                driver.get(base + path)
                driver.execute_script(axe)
                result = driver.execute_async_script(
                    "var done = arguments[arguments.length - 1];"
                    "axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'best-practice']})"
                    ".then(function (r) { done(r.violations.map(function (v) {"
                    "  return [v.id, v.impact, v.nodes.length, v.help]; })); });"
                )
                found[(scheme, name)] = [v for v in result if v[1] in ("serious", "critical")]
                driver.save_screenshot(str(shots / f"{name}-{scheme}.png"))
    finally:
        _set_scheme(driver, "light")
    assert all(not v for v in found.values()), found


@pytest.mark.parametrize("width", [320, 390])
def test_no_sideways_scroll_on_a_phone(
    driver: Any, served: tuple[BuiltShow, str], shots: Path, width: int
) -> None:
    """At 320 and 390 px wide, neither the index nor an episode page (with a very long source
    URL) is wider than the screen."""
    built, base = served
    episode = next(e for e in _episodes(built) if e.title.startswith("A story with"))
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": 800, "deviceScaleFactor": 1, "mobile": True},
    )
    try:
        for name, path in (
            ("index", "index.html"),
            ("episode", layout.episode_files(episode).page),
        ):
            driver.get(base + path)
            assert LONG_URL.split("?")[0] in driver.page_source
            widths = driver.execute_script(
                "return [document.documentElement.scrollWidth, window.innerWidth];"
            )
            assert widths[0] <= widths[1], (name, width, widths)
            driver.save_screenshot(str(shots / f"{name}-{width}.png"))
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def test_page_has_no_external_assets(served: tuple[BuiltShow, str]) -> None:
    """Every src of the pages is relative; the only absolute hrefs are the show's own
    addresses (feed, canonical pages) and the articles' sources; the CSP allows only the
    pages' own script and style, by hash; the favicon they link to is served."""
    built, base = served
    pages = [built.root / "index.html", *(built.root / "episodes").glob("*.html")]
    assert len(pages) == 4
    from PIL import Image

    with Image.open(built.root / layout.FAVICON_NAME) as icon:  # linked by every page
        assert icon.format == "ICO"
    with urllib.request.urlopen(base + layout.FAVICON_NAME, timeout=10) as reply:
        assert reply.status == 200 and reply.headers["Content-Type"] == "image/x-icon"
    for path in pages:
        html_text = path.read_text(encoding="utf-8")
        srcs = re.findall(r'\ssrc="([^"]*)"', html_text)
        assert srcs and all("://" not in s for s in srcs)
        assert '<link rel="stylesheet"' not in html_text
        hrefs = re.findall(r'\shref="([^"]*)"', html_text)
        external = {h for h in hrefs if "://" in h and not h.startswith(base)}
        assert external <= {
            "https://news.example/2026/11/markets",
            "https://news.example/2026/11/nasty?a=1&amp;b=2",
            LONG_URL.replace("&", "&amp;"),
        }, external
        assert page.SCRIPT in html_text and page.STYLE in html_text
        policy = page.csp()
        assert "default-src 'none'" in policy and "'unsafe-inline'" not in policy
        assert re.search(r"script-src 'sha256-[A-Za-z0-9+/=]+';", policy)
