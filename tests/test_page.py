"""The show's web page in a real headless browser (Debian's chromium through selenium).

The page is served from 127.0.0.1 by a small server that answers byte-range requests (as a
podcast host must; browsers need them to seek) and also opened from disk. Every episode must
appear, its player must load the MP3, clicking a chapter must move the player to the chapter's
start, and the script-tag title of an article must show as text without running.
"""

from __future__ import annotations

import os
import re
import shutil
import threading
from collections.abc import Iterator
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from feed_helpers import NASTY_TITLE, BuiltShow, build_show

from briefcast import page, store

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--mute-audio")


def _browser_missing() -> str:
    """Why the browser test cannot run here ("" when it can)."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed"
    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        return "chromium and chromium-driver are not installed (apt-get install chromium " \
               "chromium-driver)"
    return ""


class RangeHandler(SimpleHTTPRequestHandler):
    """A static file handler that answers ``Range: bytes=a-b`` with 206, as podcast hosts do."""

    def log_message(self, format: str, *args: Any) -> None:
        """Keep the test output quiet."""

    def send_head(self):  # type: ignore[no-untyped-def]
        match = re.fullmatch(r"bytes=(\d*)-(\d*)", self.headers.get("Range", ""))
        path = Path(self.translate_path(self.path))
        if not match or not path.is_file():
            return super().send_head()
        size = path.stat().st_size
        first, last = match.groups()
        start = int(first) if first else max(0, size - int(last or 0))
        end = min(int(last), size - 1) if first and last else size - 1
        if start >= size:
            self.send_error(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
            return None
        handle = path.open("rb")
        handle.seek(start)
        self.send_response(HTTPStatus.PARTIAL_CONTENT)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(end - start + 1))
        self.send_header("Accept-Ranges", "bytes")
        self.end_headers()
        self._remaining = end - start + 1
        return handle

    def copyfile(self, source, outputfile):  # type: ignore[no-untyped-def]
        remaining = getattr(self, "_remaining", None)
        if remaining is None:
            return super().copyfile(source, outputfile)
        outputfile.write(source.read(remaining))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuiltShow:
    """Two episodes built with the tone voice."""
    return build_show(tmp_path_factory.mktemp("page"))


@pytest.fixture(scope="module")
def server(built: BuiltShow) -> Iterator[str]:
    """The output folder served on 127.0.0.1 with byte ranges; yields the base URL."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0),
                                partial(RangeHandler, directory=str(built.root)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture(scope="module")
def driver(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Headless chromium with a fresh profile."""
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
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    browser = webdriver.Chrome(options=options, service=Service(executable_path=CHROMEDRIVER))
    browser.set_page_load_timeout(30)
    try:
        yield browser
    finally:
        browser.quit()


def _wait(driver: Any, script: str, timeout: float = 15) -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout).until(lambda d: d.execute_script(script))


def _check_page(driver: Any, built: BuiltShow, url: str) -> None:
    """Every episode shows with its literal title, loads its MP3, and chapters seek it."""
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    driver.get(url)
    episodes = {e.guid: e for e in store.Show(built.root).episodes()}
    articles = driver.find_elements(By.CSS_SELECTOR, "article[data-guid]")
    assert {a.get_attribute("data-guid") for a in articles} == set(episodes)
    for article in articles:
        episode = episodes[article.get_attribute("data-guid")]
        assert article.find_element(By.TAG_NAME, "h2").text == episode.title
        audio = article.find_element(By.TAG_NAME, "audio")
        player = audio.get_attribute("id")
        duration = _wait(driver, f"var a = document.getElementById('{player}');"
                                 f"return a.readyState >= 1 && a.duration > 0 && a.duration;")
        assert abs(duration - episode.duration) < 0.5, (duration, episode.duration)
        buttons = article.find_elements(By.CSS_SELECTOR, "ol.chapters button")
        assert len(buttons) == len(episode.segments)
        for button, segment in reversed(list(zip(buttons, episode.segments, strict=True))):
            button.click()
            now = driver.execute_script(
                f"var a = document.getElementById('{player}'); a.pause(); return a.currentTime;")
            assert abs(now - segment.start) < 0.3, (segment.title, now, segment.start)
    assert NASTY_TITLE in driver.find_element(By.TAG_NAME, "main").text
    assert driver.execute_script("return document.scripts.length") == 1
    try:
        alert = driver.switch_to.alert
    except NoAlertPresentException:
        alert = None
    assert alert is None, f"a script from an article ran and opened an alert: {alert.text}"


def test_page_over_http_plays_and_seeks(driver: Any, built: BuiltShow, server: str) -> None:
    """Served over HTTP: every episode, its MP3 loaded, chapters seek, no injected script."""
    _check_page(driver, built, server + "index.html")
    assert driver.title == "Test Briefing"


def test_page_from_disk_plays_and_seeks(driver: Any, built: BuiltShow) -> None:
    """Opened from disk (file://): the same, with relative links only."""
    _check_page(driver, built, (built.root / "index.html").as_uri())


def test_page_has_no_external_assets(built: BuiltShow) -> None:
    """Every src/href of the page is relative, except the feed address and source articles."""
    html_text = (built.root / "index.html").read_text(encoding="utf-8")
    srcs = re.findall(r'\ssrc="([^"]*)"', html_text)
    assert srcs and all("://" not in s for s in srcs)
    assert "<link rel=\"stylesheet\"" not in html_text
    hrefs = re.findall(r'\shref="([^"]*)"', html_text)
    external = {h for h in hrefs if "://" in h}
    assert external <= {built.cfg.feed_url, built.cfg.show.base_url + "index.html",
                        "https://news.example/2026/11/markets",
                        "https://news.example/2026/11/nasty?a=1&amp;b=2"}
    assert page.SCRIPT in html_text
