"""The show's web page (``index.html``) and the feed's browser stylesheet (``feed.xsl``).

For listeners without a podcast app: the show (cover, description, a subscribe link), then each
episode with an HTML5 audio player, its chapters as buttons that seek the player, its show notes
and links to its transcripts. One self-contained file: inline CSS and a few lines of inline
script, no external asset, and only relative links to the output folder's own files, so it works
opened from disk and served over HTTP. Every article-derived string goes through
:func:`html.escape`; a Content-Security-Policy allows no script but the page's own.
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections.abc import Sequence
from pathlib import PurePosixPath

from . import feed, store
from .config import Config
from .models import Episode, clock

SCRIPT = """
document.addEventListener("click", function (event) {
  var button = event.target.closest("button[data-start]");
  if (!button) { return; }
  var player = document.getElementById(button.getAttribute("data-player"));
  if (!player) { return; }
  player.currentTime = parseFloat(button.getAttribute("data-start"));
  var playing = player.play();
  if (playing && playing.catch) { playing.catch(function () {}); }
});
"""

STYLE = """
:root { color-scheme: light dark; --accent: #1f5f99; }
body { font: 17px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto;
       max-width: 46rem; padding: 1.5rem; }
header { display: flex; gap: 1.5rem; align-items: center; flex-wrap: wrap; }
header img { width: 10rem; height: 10rem; border-radius: 0.5rem; }
h1 { margin: 0 0 0.3rem; } h2 { margin: 0 0 0.2rem; font-size: 1.3rem; }
article { border-top: 1px solid #8884; padding: 1.2rem 0; }
audio { width: 100%; margin: 0.6rem 0; }
.meta { opacity: 0.75; font-size: 0.9rem; }
ol.chapters { padding-left: 0; list-style: none; }
ol.chapters button { font: inherit; background: none; border: 0; padding: 0.1rem 0;
                     color: var(--accent); cursor: pointer; text-align: left; }
ol.chapters button:hover { text-decoration: underline; }
.time { font-variant-numeric: tabular-nums; display: inline-block; min-width: 3.5rem; }
a { color: var(--accent); }
"""


def _csp() -> str:
    """Content-Security-Policy: the page's own script and style only, media from anywhere."""
    digest = base64.b64encode(hashlib.sha256(SCRIPT.encode("utf-8")).digest()).decode()
    return (f"default-src 'self'; img-src * data:; media-src *; style-src 'unsafe-inline'; "
            f"script-src 'sha256-{digest}'; object-src 'none'; base-uri 'none'")


def _relative(path: str) -> str:
    """A relative link to a file of the output folder (each path segment URL-quoted)."""
    from urllib.parse import quote

    return "/".join(quote(part) for part in PurePosixPath(path).parts)


def _cover_src(cfg: Config) -> str:
    """The cover image as the page should load it: the local copy when there is one."""
    image = cfg.show.image
    if image.startswith(("http://", "https://")):
        return image
    url = feed.image_url(cfg)
    return _relative(url[len(cfg.show.base_url):])


def _episode_html(cfg: Config, episode: Episode, index: int) -> str:
    """One episode: title, date, player, chapters, show notes, transcript links."""
    esc = html.escape
    files = store.episode_files(episode)
    player = f"player-{index}"
    chapters = "".join(
        f'<li><button type="button" data-player="{player}" data-start="{seg.start:.3f}">'
        f'<span class="time">{clock(seg.start)}</span> {esc(seg.title)}</button></li>'
        for seg in episode.segments
    )
    return (
        f'<article id="episode-{esc(episode.guid)}" data-guid="{esc(episode.guid)}">\n'
        f"<h2>{esc(episode.title)}</h2>\n"
        f'<p class="meta"><time datetime="{episode.date.isoformat()}">'
        f"{episode.date:%d %B %Y}</time> · {clock(round(episode.duration))}</p>\n"
        f'<audio id="{player}" controls preload="metadata" src="{_relative(files.audio)}">'
        f'<a href="{_relative(files.audio)}">Download the episode (MP3)</a></audio>\n'
        + (f'<h3>Chapters</h3>\n<ol class="chapters">{chapters}</ol>\n' if chapters else "")
        + f'<div class="notes">{feed.show_notes_html(episode, chapters=False)}</div>\n'
        f'<p class="meta">Transcript: <a href="{_relative(files.vtt)}">WebVTT</a> · '
        f'<a href="{_relative(files.srt)}">SRT</a> · '
        f'<a href="{_relative(files.chapters)}">chapters (JSON)</a> · '
        f'<a href="{_relative(files.audio)}" download>MP3</a></p>\n'
        "</article>\n"
    )


def render_page(cfg: Config, episodes: Sequence[Episode]) -> bytes:
    """The show's ``index.html`` listing the episodes that the feed lists."""
    esc = html.escape
    show = cfg.show
    listed = feed.in_feed(cfg, episodes)
    body = "".join(_episode_html(cfg, ep, n) for n, ep in enumerate(listed, 1))
    if not listed:
        body = "<p>No episodes yet.</p>\n"
    page = (
        "<!DOCTYPE html>\n"
        f'<html lang="{esc(show.language)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{esc(_csp())}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(show.title)}</title>\n"
        f'<link rel="alternate" type="application/rss+xml" title="{esc(show.title)}" '
        f'href="{esc(cfg.feed_url)}">\n'
        f"<style>{STYLE}</style>\n</head>\n<body>\n<header>\n"
        f'<img src="{esc(_cover_src(cfg))}" alt="Cover of {esc(show.title)}" '
        f'width="160" height="160">\n'
        f"<div><h1>{esc(show.title)}</h1>\n<p>{esc(show.description)}</p>\n"
        f'<p><a class="subscribe" href="{_relative(store.FEED_NAME)}">Subscribe to the feed</a>'
        f" — paste <code>{esc(cfg.feed_url)}</code> into your podcast app.</p></div>\n"
        "</header>\n<main>\n"
        f"{body}</main>\n<script>{SCRIPT}</script>\n</body>\n</html>\n"
    )
    return page.encode("utf-8")


# The feed's own look in a browser: a CSS stylesheet for the RSS elements, linked from feed.xml
# by an xml-stylesheet processing instruction. Browsers keep CSS for XML, unlike XSLT, which
# Chromium, Firefox and Safari are removing: the feed then reads as a short page (a note on
# what a feed is, the show, each episode's title, date and summary) instead of raw XML.
STYLESHEET = """@namespace itunes url("http://www.itunes.com/dtds/podcast-1.0.dtd");
rss { display: block; font: 17px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif;
      max-width: 46rem; margin: 0 auto; padding: 1.5rem; color: #1a1a1a; background: #fff;
      overflow-wrap: anywhere; }
rss::before { display: block; content: "This is a podcast feed. To subscribe, copy this "
  "page's address from the address bar into your podcast app. To listen in the browser, "
  "open the show's page (its address is below)."; background: #e8eef5; color: #1a1a1a;
  padding: 0.8rem 1rem; border-radius: 0.4rem; margin-bottom: 1.2rem; }
channel { display: block; }
channel > *, item > * { display: none; }
channel > title { display: block; font-size: 2rem; font-weight: bold; line-height: 1.2; }
channel > description { display: block; margin: 0.6rem 0; }
channel > link { display: block; margin-bottom: 1rem; color: #1f5f99; }
channel > link::before { content: "The show's page: "; color: #1a1a1a; }
item { display: block; border-top: 1px solid #999; padding: 1rem 0; }
item > title { display: block; font-size: 1.3rem; font-weight: bold; }
item > pubDate { display: block; color: #4a4a4a; font-size: 0.9rem; }
item > description { display: block; margin-top: 0.4rem; }
@media (prefers-color-scheme: dark) {
  rss { color: #e8e8e8; background: #121212; }
  rss::before { background: #1e2a38; color: #e8e8e8; }
  channel > link { color: #8cc4ff; }
  channel > link::before { color: #e8e8e8; }
  item > pubDate { color: #bdbdbd; }
}
"""


def render_stylesheet() -> bytes:
    """The CSS stylesheet that ``feed.xml`` links to."""
    return STYLESHEET.encode("utf-8")
