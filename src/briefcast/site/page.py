"""The show's web pages: ``index.html``, one page per episode, and the feed's browser stylesheet.

For listeners without a podcast app. ``index.html`` shows the show (cover, description, how to
subscribe) and lists the episodes newest first, each with its player, chapters and a link to its
own page. An episode page (``episodes/<slug>.html``) has the player with the WebVTT transcript
as a captions track, the chapters, the show notes and sources, and the whole transcript sentence
by sentence with start times: the sentence being spoken is highlighted as the episode plays,
and a click on a sentence (or its time) plays from there. Open Graph and Twitter card tags (with
the cover) and a canonical link make shared links look right; a private show's pages say
``noindex``.

Every page is self-contained and strict: inline CSS and one short inline script, both allowed
by hash in a Content-Security-Policy that allows nothing else (no other script, no external
asset, no form, no plugin); only relative links to the output folder's own files, so the pages
work opened from disk and served over HTTP. Every article-derived string goes through
:func:`html.escape`, so no script from an article can run. Colours meet WCAG AA contrast in the
light and the dark scheme, long URLs wrap, and durations are shown the way players show them
(whole seconds, cut down: a 62.9 s episode is 1:02).
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections.abc import Sequence
from pathlib import PurePosixPath
from urllib.parse import quote

from ..audio import formats
from ..config import Config
from ..models import Episode, clock
from ..show import layout
from . import feed

SCRIPT = """
(function () {
  function play(player, start) {
    player.currentTime = start;
    var playing = player.play();
    if (playing && playing.catch) { playing.catch(function () {}); }
  }
  document.addEventListener("click", function (event) {
    var target = event.target.closest("[data-start]");
    if (!target) { return; }
    var player = document.getElementById(target.getAttribute("data-player"));
    if (player) { play(player, parseFloat(target.getAttribute("data-start"))); }
  });
  Array.prototype.forEach.call(document.querySelectorAll(".transcript[data-player]"),
    function (transcript) {
      var player = document.getElementById(transcript.getAttribute("data-player"));
      var cues = transcript.querySelectorAll("[data-start]");
      var current = null;
      function inView(element) {
        var box = element.getBoundingClientRect();
        return box.bottom > 0 && box.top < window.innerHeight;
      }
      function follow() {
        // Keep the spoken sentence in view while playing, unless the listener scrolled away.
        var keepInView = !player.paused && (!current || inView(current));
        var now = player.currentTime + 0.05, found = null;
        for (var i = 0; i < cues.length; i++) {
          if (parseFloat(cues[i].getAttribute("data-start")) > now) { break; }
          found = cues[i];
        }
        if (found === current) { return; }
        if (current) {
          current.classList.remove("current");
          current.removeAttribute("aria-current");
        }
        if (found) {
          found.classList.add("current");
          found.setAttribute("aria-current", "true");
          if (keepInView && !inView(found)) { found.scrollIntoView({block: "nearest"}); }
        }
        current = found;
      }
      if (player) {
        player.addEventListener("timeupdate", follow);
        player.addEventListener("seeked", follow);
      }
    });
})();
"""

STYLE = """
:root { color-scheme: light dark; --text: #1a1a1a; --muted: #4a4a4a; --bg: #ffffff;
        --accent: #1f5f99; --rule: #8a8a8a; --now: #fff0a8; --now-text: #1a1a1a; }
@media (prefers-color-scheme: dark) {
  :root { --text: #ececec; --muted: #c2c2c2; --bg: #121212; --accent: #8cc4ff;
          --rule: #6a6a6a; --now: #4a3f00; --now-text: #ffffff; }
}
* { box-sizing: border-box; }
html { background: var(--bg); color: var(--text); }
body { font: 17px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0 auto;
       max-width: 46rem; padding: 1rem; overflow-wrap: anywhere; background: var(--bg);
       color: var(--text); }
header { display: flex; gap: 1.2rem; align-items: center; flex-wrap: wrap; }
header img { width: 10rem; height: 10rem; max-width: 100%; border-radius: 0.5rem; }
img { max-width: 100%; height: auto; }
h1 { margin: 0 0 0.3rem; line-height: 1.2; } h2 { margin: 0 0 0.2rem; font-size: 1.3rem; }
h3 { font-size: 1.05rem; margin: 1rem 0 0.3rem; }
article { border-top: 1px solid var(--rule); padding: 1.2rem 0; }
audio { width: 100%; margin: 0.6rem 0; }
.meta { color: var(--muted); font-size: 0.9rem; }
a { color: var(--accent); }
code { word-break: break-all; }
ol.chapters, ol.cues { padding-left: 0; list-style: none; margin: 0; }
button[data-start] { font: inherit; color: inherit; background: none; border: 0;
                     padding: 0.1rem 0.2rem; cursor: pointer; text-align: left;
                     border-radius: 0.25rem; width: 100%; display: flex; gap: 0.4rem; }
ol.chapters button { color: var(--accent); }
button[data-start]:hover .text { text-decoration: underline; }
button[data-start]:focus-visible { outline: 2px solid var(--accent); outline-offset: 1px; }
button.current { background: var(--now); color: var(--now-text); }
.time { font-variant-numeric: tabular-nums; flex: none; min-width: 3.2rem;
        color: var(--muted); }
button.current .time { color: var(--now-text); }
ol.chapters .time { color: var(--accent); }
footer { border-top: 1px solid var(--rule); margin-top: 1rem; padding-top: 0.6rem; }
"""


def _digest(text: str) -> str:
    return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


def csp() -> str:
    """The pages' Content-Security-Policy: nothing but their own script and style (by hash),
    images and media from the show's own files (or an artwork URL), no plugin, form or base."""
    return (
        f"default-src 'none'; script-src 'sha256-{_digest(SCRIPT)}'; "
        f"style-src 'sha256-{_digest(STYLE)}'; img-src 'self' https: data:; "
        f"media-src 'self'; base-uri 'none'; form-action 'none'; object-src 'none'"
    )


def _relative(path: str, up: int = 0) -> str:
    """A relative link to a file of the output folder from a page ``up`` folders below it."""
    return "../" * up + "/".join(quote(part) for part in PurePosixPath(path).parts)


def _cover_src(cfg: Config, up: int = 0) -> str:
    """The cover image as a page should load it: the local copy when there is one."""
    image = cfg.show.image
    if image.startswith(("http://", "https://")):
        return image
    url = feed.image_url(cfg)
    return _relative(url[len(cfg.show.base_url) :], up)


def _duration(episode: Episode) -> str:
    """The episode's length as a player shows it (whole seconds, cut down)."""
    return clock(episode.duration)


def _head(
    cfg: Config,
    *,
    title: str,
    description: str,
    canonical: str,
    up: int,
    og_type: str,
    audio: str = "",
    image: str = "",
    image_alt: str = "",
) -> str:
    """The ``<head>``: CSP, viewport, title, canonical, social cards, icon, feed, style.

    ``image`` is the page's own picture (an episode's artwork), else the show's cover."""
    esc = html.escape
    show = cfg.show
    image = image or feed.image_url(cfg)
    social = [
        ("og:type", og_type),
        ("og:site_name", show.title),
        ("og:title", title),
        ("og:description", description),
        ("og:url", canonical),
        ("og:image", image),
        ("og:image:alt", image_alt or f"Cover of {show.title}"),
    ]
    if audio:
        social.append(("og:audio", audio))
    cards = [
        ("twitter:card", "summary"),
        ("twitter:title", title),
        ("twitter:description", description),
        ("twitter:image", image),
    ]
    meta = "".join(f'<meta property="{k}" content="{esc(v)}">\n' for k, v in social)
    meta += "".join(f'<meta name="{k}" content="{esc(v)}">\n' for k, v in cards)
    # A private show's pages sit under its secret path: keep them out of search engines, and
    # send no Referer to the article sites they link to (it would carry the token).
    robots = (
        '<meta name="robots" content="noindex, nofollow">\n'
        '<meta name="referrer" content="no-referrer">\n'
        if show.private
        else ""
    )
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{esc(show.language)}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{esc(csp())}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n"
        f'<meta name="description" content="{esc(description)}">\n{robots}'
        f'<link rel="canonical" href="{esc(canonical)}">\n{meta}'
        f'<link rel="icon" href="{_relative(layout.FAVICON_NAME, up)}" sizes="any">\n'
        f'<link rel="alternate" type="application/rss+xml" title="{esc(show.title)}" '
        f'href="{esc(cfg.feed_url)}">\n'
        f"<style>{STYLE}</style>\n</head>\n"
    )


def _chapters(episode: Episode, player: str) -> str:
    """The chapters as buttons that play the episode from each chapter's start."""
    esc = html.escape
    items = "".join(
        f'<li><button type="button" data-player="{player}" data-start="{seg.start:.3f}">'
        f'<span class="time">{clock(seg.start)}</span> <span class="text">{esc(seg.title)}'
        f"</span></button></li>"
        for seg in episode.segments
    )
    return f'<h3>Chapters</h3>\n<ol class="chapters">{items}</ol>\n' if items else ""


def _player(episode: Episode, player: str, up: int, captions_lang: str = "") -> str:
    """An audio player with an accessible name (and captions on the episode page)."""
    esc = html.escape
    files = layout.episode_files(episode)
    src = _relative(files.audio, up)
    # One <source> per format, the enclosure's first: the browser plays the first it can.
    sources = "".join(
        f'<source src="{_relative(m.file, up)}" type="{formats.get_format(m.format).mime}">'
        for m in episode.media
    )
    track = (
        f'<track kind="captions" src="{_relative(files.vtt, up)}" '
        f'srclang="{esc(captions_lang)}" label="Captions ({esc(captions_lang)})" default>'
        if captions_lang
        else ""
    )
    label = formats.get_format(episode.format).label
    return (
        f'<audio id="{player}" controls preload="metadata" '
        f'aria-label="Play the episode: {esc(episode.title)}">{sources}{track}'
        f'<a href="{src}">Download the episode ({label})</a></audio>\n'
    )


def _downloads(episode: Episode, up: int) -> str:
    """A download link per audio file ("MP3", "AAC")."""
    return " · ".join(
        f'<a href="{_relative(m.file, up)}" download>{formats.get_format(m.format).label}</a>'
        for m in episode.media
    )


def _episode_summary(cfg: Config, episode: Episode, index: int) -> str:
    """One episode on the index page: linked title, date, length, player, chapters, notes."""
    esc = html.escape
    files = layout.episode_files(episode)
    player = f"player-{index}"
    return (
        f'<article id="episode-{esc(episode.guid)}" data-guid="{esc(episode.guid)}">\n'
        f'<h2><a href="{_relative(files.page)}">{esc(episode.title)}</a></h2>\n'
        f'<p class="meta"><time datetime="{episode.date.isoformat()}">'
        f"{episode.date:%d %B %Y}</time> · {_duration(episode)}</p>\n"
        + _player(episode, player, 0)
        + _chapters(episode, player)
        + f'<div class="notes">{feed.show_notes_html(episode, chapters=False)}</div>\n'
        f'<p class="meta"><a href="{_relative(files.page)}">Episode page with the full '
        f'transcript</a> · Transcript files: <a href="{_relative(files.vtt)}">WebVTT</a> · '
        f'<a href="{_relative(files.srt)}">SRT</a> · '
        f'<a href="{_relative(files.chapters)}">chapters (JSON)</a> · '
        + _downloads(episode, 0)
        + "</p>\n"
        "</article>\n"
    )


def render_page(cfg: Config, episodes: Sequence[Episode]) -> bytes:
    """The show's ``index.html``, listing the episodes the feed lists, newest first."""
    esc = html.escape
    show = cfg.show
    listed = feed.in_feed(cfg, episodes)
    body = "".join(_episode_summary(cfg, ep, n) for n, ep in enumerate(listed, 1))
    if not listed:
        body = "<p>No episodes yet.</p>\n"
    page = (
        _head(
            cfg,
            title=show.title,
            description=show.description,
            canonical=feed.page_url(cfg),
            up=0,
            og_type="website",
        )
        + "<body>\n<header>\n"
        f'<img src="{esc(_cover_src(cfg))}" alt="Cover of {esc(show.title)}" '
        f'width="160" height="160">\n'
        f"<div><h1>{esc(show.title)}</h1>\n<p>{esc(show.description)}</p>\n"
        f'<p><a class="subscribe" href="{_relative(layout.FEED_NAME)}">Subscribe to the feed</a>'
        f" — paste <code>{esc(cfg.feed_url)}</code> into your podcast app.</p></div>\n"
        "</header>\n<main>\n"
        f"{body}</main>\n<script>{SCRIPT}</script>\n</body>\n</html>\n"
    )
    return page.encode("utf-8")


def _transcript(episode: Episode, player: str) -> str:
    """The whole transcript, one button per sentence with its start time, by chapter."""
    esc = html.escape
    parts = [
        f'<section class="transcript" data-player="{player}" aria-labelledby="transcript">'
        '<h2 id="transcript">Transcript</h2>\n'
    ]
    for seg in episode.segments:
        if not seg.cues:
            continue
        parts.append(f'<h3>{esc(seg.title)}</h3>\n<ol class="cues">')
        parts.extend(
            f'<li><button type="button" data-player="{player}" data-start="{cue.start:.3f}">'
            f'<span class="time">{clock(cue.start)}</span> '
            + (f'<span class="speaker">{esc(cue.speaker)}:</span> ' if cue.speaker else "")
            + f'<span class="text">{esc(cue.text)}</span></button></li>'
            for cue in seg.cues
        )
        parts.append("</ol>\n")
    parts.append("</section>\n")
    return "".join(parts)


def _episode_picture(cfg: Config, episode: Episode) -> str:
    """The picture at the top of an episode's page: its own artwork, else the show's cover."""
    esc = html.escape
    if episode.image:
        src, alt = _relative(episode.image, 1), f"Picture of {episode.title}"
    else:
        src, alt = _cover_src(cfg, 1), f"Cover of {cfg.show.title}"
    return f'<img src="{esc(src)}" alt="{esc(alt)}" width="160" height="160">\n'


def render_episode_page(cfg: Config, episode: Episode) -> bytes:
    """``episodes/<slug>.html``: player with captions, chapters, notes, live transcript."""
    esc = html.escape
    show = cfg.show
    player = "player"
    description = episode.description or episode.title
    names = feed.authors(episode)
    byline = f" · Written by {esc(', '.join(names))}" if names else ""
    if episode.published is not None:
        byline += (
            f' · Article published <time datetime="{episode.published.isoformat()}">'
            f"{feed.written_date(episode.published)}</time>"
        )
    if episode.anchors:
        byline += f" · Read by {esc(' and '.join(episode.anchors))}"
    page = (
        _head(
            cfg,
            title=f"{episode.title} — {show.title}",
            description=description,
            canonical=feed.page_url(cfg, episode),
            up=1,
            og_type="article",
            audio=feed.enclosure_url(cfg, episode),
            image=feed.asset_url(cfg, episode.image) if episode.image else "",
            image_alt=f"Picture of {episode.title}" if episode.image else "",
        )
        + "<body>\n<header>\n"
        + _episode_picture(cfg, episode)
        + f'<div><p><a href="{_relative(layout.PAGE_NAME, 1)}">{esc(show.title)}</a></p>\n'
        f"<h1>{esc(episode.title)}</h1>\n"
        f'<p class="meta"><time datetime="{episode.date.isoformat()}">'
        f"{episode.date:%d %B %Y}</time> · {_duration(episode)}{byline}</p></div>\n"
        "</header>\n<main>\n"
        + _player(episode, player, 1, show.language)
        + _chapters(episode, player)
        + f'<div class="notes">{feed.show_notes_html(episode, chapters=False, facts=False)}</div>\n'
        + _transcript(episode, player)
        + "</main>\n<footer>\n"
        f'<p class="meta"><a href="{_relative(layout.PAGE_NAME, 1)}">All episodes</a> · '
        f'<a href="{_relative(layout.FEED_NAME, 1)}">Subscribe to the feed</a> · Files: '
        f'<a href="{_relative(layout.episode_files(episode).vtt, 1)}">WebVTT</a> · '
        f'<a href="{_relative(layout.episode_files(episode).srt, 1)}">SRT</a> · '
        + _downloads(episode, 1)
        + "</p>\n"
        f"</footer>\n<script>{SCRIPT}</script>\n</body>\n</html>\n"
    )
    return page.encode("utf-8")


# The feed's own look in a browser: a CSS stylesheet for the RSS elements, linked from feed.xml
# by an xml-stylesheet processing instruction. Browsers keep CSS for XML, unlike XSLT, which
# Chromium, Firefox and Safari are removing: the feed then reads as a short page (a note on
# what a feed is, the show, each episode's title, date and summary) instead of raw XML.
STYLESHEET = """/* "|name" selects RSS's own elements (no namespace), not atom:link and the like. */
|rss { display: block; font: 17px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif;
      max-width: 46rem; margin: 0 auto; padding: 1.5rem; color: #1a1a1a; background: #fff;
      overflow-wrap: anywhere; }
|rss::before { display: block; content: "This is a podcast feed. To subscribe, copy this "
  "page's address from the address bar into your podcast app. To listen in the browser, "
  "open the show's page (its address is below)."; background: #e8eef5; color: #1a1a1a;
  padding: 0.8rem 1rem; border-radius: 0.4rem; margin-bottom: 1.2rem; }
|channel { display: block; }
channel > *, item > * { display: none; }
channel > |title { display: block; font-size: 2rem; font-weight: bold; line-height: 1.2; }
channel > |description { display: block; margin: 0.6rem 0; }
channel > |link { display: block; margin-bottom: 1rem; color: #1f5f99; }
channel > |link::before { content: "The show's page: "; color: #1a1a1a; }
|item { display: block; border-top: 1px solid #999; padding: 1rem 0; }
item > |title { display: block; font-size: 1.3rem; font-weight: bold; }
item > |pubDate { display: block; color: #4a4a4a; font-size: 0.9rem; }
item > |description { display: block; margin-top: 0.4rem; }
@media (prefers-color-scheme: dark) {
  |rss { color: #e8e8e8; background: #121212; }
  |rss::before { background: #1e2a38; color: #e8e8e8; }
  channel > |link { color: #8cc4ff; }
  channel > |link::before { color: #e8e8e8; }
  item > |pubDate { color: #bdbdbd; }
}
"""


def render_stylesheet() -> bytes:
    """The CSS stylesheet that ``feed.xml`` links to."""
    return STYLESHEET.encode("utf-8")
