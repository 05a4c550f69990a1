"""Feed validation: what Apple, RSS 2.0 and the Podcasting 2.0 namespace require.

Works on any feed file, ours or anyone's. Each finding is a :class:`Problem` naming the element
concerned (``channel/itunes:image``, ``item[2]/enclosure``) and saying what is wrong and what
to do. Errors are what a directory rejects; warnings are what it recommends.

For files the feed points at that lie in the feed's own folder (URLs under the folder of the
feed's ``atom:link rel="self"`` address), the files are checked too: enclosure lengths equal
the file sizes, durations match the audio, artwork is a square RGB JPEG or PNG of 1400 to
3000 px, and transcripts and chapters parse. With ``require_local`` (our own output folder) a
missing file is an error; otherwise files that cannot be seen are not checked.
"""

from __future__ import annotations

import email.utils
import logging
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, Literal
from urllib.parse import unquote

from ..audio import formats
from ..audio.media import stream_seconds
from ..errors import AudioError, FeedError
from ..standards import (
    AI_CONTENT_PURPOSE,
    APPLE_CATEGORIES,
    ATOM_NS,
    AUDIO_TYPES,
    CHAPTERS_TYPE,
    CONTENT_NS,
    ITUNES_NS,
    MAX_ARTWORK_PX,
    MAX_DESCRIPTION_BYTES,
    MEDIUMS,
    MIN_ARTWORK_PX,
    PERSON_ROLES,
    PODCAST_NS,
    PODCAST_NS_OLD,
    SHOW_TYPES,
    TRANSCRIPT_TYPES,
    category_problem,
    host_kind,
    is_placeholder,
    podcast_guid,
)
from .transcripts import TimedText, TranscriptParseError, parse_chapters, parse_srt, parse_vtt

log = logging.getLogger(__name__)

Level = Literal["error", "warning"]

NS = {"itunes": ITUNES_NS, "atom": ATOM_NS, "content": CONTENT_NS}
LANGUAGE = re.compile(r"^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*$")
CLOCK_DURATION = re.compile(r"^(?:\d+:)?[0-5]?\d:[0-5]\d$")
# Seconds by which a stated duration may differ from the audio's.
DURATION_TOLERANCE = 1.0
# How far the length of an alternate file may differ from the enclosure's (encoder delays).
ALTERNATE_TOLERANCE = 1.0


@dataclass(frozen=True)
class Problem:
    """One finding: its level, the element concerned, and what is wrong.

    ``setup`` marks a finding that only says the show is not set up for listeners yet
    (placeholder addresses, a local or plain-http address): expected of a new show, so a build
    sums these up in one line while ``briefcast validate`` lists each.
    """

    level: Level
    element: str
    message: str
    setup: bool = False

    def __str__(self) -> str:
        return f"{self.level.capitalize()}: {self.element}: {self.message}"


@dataclass(frozen=True)
class Report:
    """Everything found in one feed."""

    source: str
    problems: tuple[Problem, ...]
    items: int = 0

    @property
    def errors(self) -> list[Problem]:
        """The errors: a directory would reject the feed."""
        return [p for p in self.problems if p.level == "error"]

    @property
    def warnings(self) -> list[Problem]:
        """The warnings: recommended, not required."""
        return [p for p in self.problems if p.level == "warning"]

    @property
    def ok(self) -> bool:
        """True when there is no error."""
        return not self.errors

    def summary(self) -> str:
        """One line: how many items, errors and warnings."""
        return (
            f"{self.source}: {self.items} episode(s), {len(self.errors)} error(s), "
            f"{len(self.warnings)} warning(s)"
        )


@dataclass
class _Checker:
    """Collects problems while walking one feed."""

    folder: Path | None
    require_local: bool
    problems: list[Problem] = field(default_factory=list)
    base_url: str = ""
    # Local files that passed a whole check, by path: [inode, mtime_ns, size, what was
    # checked against]. A file whose identity is unchanged is not parsed again.
    memo: dict[str, Any] | None = None
    # Whether briefcast wrote the feed (its <generator>): only then does advice name
    # briefcast's settings, and only then are briefcast's own conventions checked.
    ours: bool = True
    _resolved: Path | None = None

    def recall(self, path: Path, against: object) -> list[Any] | None:
        """The memo of ``path`` when it passed against ``against`` and is unchanged since."""
        if self.memo is None or self.folder is None:
            return None
        held = self.memo.get(self._key(path))
        if not isinstance(held, list) or len(held) != 5 or held[3] != against:
            return None
        st = path.stat()
        return held if held[:3] == [st.st_ino, st.st_mtime_ns, st.st_size] else None

    def remember(self, path: Path, against: object, result: object = None) -> None:
        """Note that ``path`` passed its check against ``against`` (with ``result``)."""
        if self.memo is not None and self.folder is not None:
            st = path.stat()
            self.memo[self._key(path)] = [st.st_ino, st.st_mtime_ns, st.st_size, against, result]

    def _key(self, path: Path) -> str:
        return path.relative_to(self._root()).as_posix()

    def _root(self) -> Path:
        """The feed's folder, resolved once."""
        assert self.folder is not None
        if self._resolved is None:
            self._resolved = self.folder.resolve()
        return self._resolved

    def error(self, element: str, message: str) -> None:
        self.problems.append(Problem("error", element, message))

    def setup_warning(self, element: str, message: str) -> None:
        """A warning that the show is not set up for listeners yet (see :class:`Problem`)."""
        self.problems.append(Problem("warning", element, message, setup=True))

    def warn(self, element: str, message: str) -> None:
        self.problems.append(Problem("warning", element, message))

    # -- local files -------------------------------------------------------------------

    def local_file(self, url: str, element: str) -> Path | None:
        """The local file behind ``url`` when it is in the feed's folder and exists."""
        if self.folder is None or not self.base_url or not url.startswith(self.base_url):
            return None
        relative = unquote(url[len(self.base_url) :].split("?", 1)[0].split("#", 1)[0])
        root = self._root()
        path = (root / relative).resolve()
        if not path.is_relative_to(root) or ".." in PurePosixPath(relative).parts:
            self.error(
                element,
                f"{url} names a path that leaves the feed's folder {root}: a feed may only "
                f"name files inside it; rebuild the feed (briefcast feed)",
            )
            return None
        if path.is_file():
            return path
        if self.require_local:
            self.error(
                element,
                f"{url} points at {path}, which does not exist: rebuild the "
                f"feed (briefcast feed) or restore the file",
            )
        return None


def _text(el: Any, path: str) -> str | None:
    """Stripped text of the child at ``path``, or None when absent."""
    child = el.find(path, NS)
    if child is None:
        return None
    return (child.text or "").strip()


def _is_url(value: str) -> bool:
    return value.startswith(("http://", "https://")) and len(value) > len("https://")


def _check_date(c: _Checker, element: str, value: str | None, required: bool) -> None:
    """An RFC 2822 date with a timezone."""
    if value is None:
        if required:
            c.error(element, "missing: give each episode an RFC 2822 date with a timezone")
        return
    parsed = email.utils.parsedate_tz(value)
    if parsed is None:
        c.error(
            element, f"{value!r} is not an RFC 2822 date (e.g. 'Sat, 28 Nov 2026 10:00:00 +0000')"
        )
    elif parsed[9] is None or not re.search(r"(?:[+-]\d{4}|\b[A-Z]{1,5})\s*$", value):
        c.error(element, f"{value!r} has no timezone: add one, e.g. +0000 or GMT")


def _check_explicit(c: _Checker, element: str, value: str | None, required: bool) -> None:
    if value is None:
        if required:
            c.error(element, "missing: Apple requires itunes:explicit (true or false)")
        return
    if value.lower() in ("true", "false"):
        return
    if value.lower() in ("yes", "no", "clean"):
        c.warn(element, f"{value!r} is deprecated: Apple expects true or false")
    else:
        c.error(element, f"{value!r} is not allowed: use true or false")


def _check_image_file(c: _Checker, element: str, path: Path) -> None:
    """Artwork: a square RGB JPEG or PNG of 1400 to 3000 px, of the format its name says."""
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(path) as image:
            fmt, mode, (width, height) = image.format, image.mode, image.size
    except (UnidentifiedImageError, OSError) as exc:
        c.error(element, f"{path.name} is not a readable image: {exc}")
        return
    if fmt not in ("JPEG", "PNG"):
        c.error(element, f"{path.name} is {fmt}: Apple accepts only JPEG or PNG artwork")
    expected = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG"}.get(path.suffix.lower())
    if fmt in ("JPEG", "PNG") and expected and expected != fmt:
        c.error(element, f"{path.name} is a {fmt} file with a {path.suffix} name")
    if mode != "RGB":
        c.error(element, f"{path.name} is in {mode} colour mode: Apple requires RGB")
    if width != height:
        c.error(element, f"{path.name} is {width}x{height} px: artwork must be square")
    if not (
        MIN_ARTWORK_PX <= width <= MAX_ARTWORK_PX and MIN_ARTWORK_PX <= height <= MAX_ARTWORK_PX
    ):
        c.error(
            element,
            f"{path.name} is {width}x{height} px: artwork must be between "
            f"{MIN_ARTWORK_PX} and {MAX_ARTWORK_PX} px",
        )


def _check_audio_file(
    c: _Checker, element: str, local: Path, kind: str | None, length: str | None
) -> float | None:
    """Check a local audio file against its feed entry (size, type); its duration, measured
    by its format (``None`` when no registered format has its extension or it is unreadable).
    """
    size = local.stat().st_size
    if length and length.strip().isdigit() and int(length) != size:
        c.error(element, f"length {length} but {local.name} has {size} bytes")
    fmt = formats.for_file(local.name)
    if fmt is None:
        return None
    if kind and kind != fmt.mime:
        c.error(element, f"type {kind!r} but {local.name} is {fmt.label} ({fmt.mime})")
    held = c.recall(local, fmt.name)
    if held is not None and isinstance(held[4], float):
        return held[4]
    try:
        seconds = fmt.duration(local)
        # The header's length is what players show; the packets are what they can play.
        held_seconds = stream_seconds(local)
    except AudioError:
        c.error(element, f"{local.name} is not a readable {fmt.label} file")
        return None
    if held_seconds < seconds - DURATION_TOLERANCE:
        c.error(
            element,
            f"{local.name} holds {held_seconds:.1f} s of audio but says it lasts "
            f"{seconds:.1f} s: the file is cut short; build the episode again",
        )
        return None
    c.remember(local, fmt.name, float(seconds))
    return seconds


def _is_media_type(kind: str) -> bool:
    """An enclosure type apps play: Apple's audio types, each registered format's, or video."""
    mimes = {fmt.mime for fmt in formats.REGISTRY.values()}
    return kind in AUDIO_TYPES or kind in mimes or kind.startswith("video/")


def _type_hint() -> str:
    """The type to use, as the default format declares it (its MIME type and label)."""
    fmt = formats.default_format()
    return f"{fmt.mime} for {fmt.label}"


def _check_alternates(c: _Checker, where: str, item: Any, seconds: float | None) -> None:
    """Each ``podcast:alternateEnclosure``: type, length, bitrate, a source, and its file."""
    for index, el in enumerate(_podcast(item, "alternateEnclosure"), start=1):
        element = f"{where}/podcast:alternateEnclosure[{index}]"
        kind, length = el.get("type"), el.get("length")
        if not kind:
            c.error(element, "no type attribute: give the file's media type")
        elif not _is_media_type(kind):
            c.error(element, f"type {kind!r} is not an audio type")
        if length is not None and (not length.strip().isdigit() or int(length) <= 0):
            c.error(element, f"length {length!r} is not the file's size in bytes")
        bitrate = el.get("bitrate")
        if bitrate is not None:
            try:
                float(bitrate)
            except ValueError:
                c.error(element, f"bitrate {bitrate!r} is not a number (bits per second)")
        sources = _podcast(el, "source")
        if not sources:
            c.error(
                element, "no podcast:source: give the file's address in <podcast:source uri=...>"
            )
        for source in sources:
            uri = source.get("uri", "").strip()
            if not _is_url(uri):
                c.error(f"{element}/podcast:source", f"uri {uri!r} is not an absolute http(s) URL")
                continue
            local = c.local_file(uri, element)
            if local is None:
                continue
            alt = _check_audio_file(c, element, local, kind, length)
            if alt is not None and seconds is not None and abs(alt - seconds) > ALTERNATE_TOLERANCE:
                c.error(
                    element,
                    f"{local.name} lasts {alt:.1f} s but the enclosure "
                    f"{seconds:.1f} s: they should be the same episode",
                )


def _check_channel(c: _Checker, channel: Any) -> None:
    title = _text(channel, "title")
    if not title:
        c.error("channel/title", "missing or empty: the show needs a title")
    description = _text(channel, "description")
    if not description:
        c.error("channel/description", "missing or empty: describe the show")
    elif len(description.encode("utf-8")) > MAX_DESCRIPTION_BYTES:
        c.error(
            "channel/description",
            f"{len(description.encode('utf-8'))} bytes: Apple allows "
            f"at most {MAX_DESCRIPTION_BYTES}",
        )
    language = _text(channel, "language")
    if not language:
        c.error("channel/language", "missing: give the show's ISO 639 language code")
    elif not LANGUAGE.match(language):
        c.error("channel/language", f"{language!r} is not an ISO 639 language code")
    link = _text(channel, "link")
    if not link:
        c.warn("channel/link", "missing: give the show's website")
    elif not _is_url(link):
        c.error("channel/link", f"{link!r} is not an absolute http(s) URL")
    _check_date(c, "channel/lastBuildDate", _text(channel, "lastBuildDate"), required=False)
    _check_date(c, "channel/pubDate", _text(channel, "pubDate"), required=False)
    if _text(channel, "copyright") is None:
        c.warn("channel/copyright", "missing: Apple recommends a copyright line")

    selves = [el for el in channel.findall("atom:link", NS) if el.get("rel") == "self"]
    if not selves:
        c.warn("channel/atom:link", 'missing rel="self": give the feed\'s own address')
    else:
        href = selves[0].get("href", "")
        if not _is_url(href):
            c.error("channel/atom:link", f"self address {href!r} is not an absolute URL")
        else:
            c.base_url = href.rsplit("/", 1)[0] + "/"

    image = channel.find("itunes:image", NS)
    href = image.get("href", "").strip() if image is not None else ""
    if image is None or not href:
        c.error(
            "channel/itunes:image",
            "missing: Apple requires square artwork of 1400 to 3000 px"
            + (" (set show.image, or leave it empty for a generated cover)" if c.ours else ""),
        )
    elif not _is_url(href):
        c.error("channel/itunes:image", f"href {href!r} is not an absolute http(s) URL")
    else:
        if not href.lower().split("?", 1)[0].endswith((".jpg", ".jpeg", ".png")):
            c.warn("channel/itunes:image", f"{href} does not end in .jpg or .png")
        local = c.local_file(href, "channel/itunes:image")
        if local:
            _check_image_file(c, "channel/itunes:image", local)

    categories = channel.findall("itunes:category", NS)
    if not categories:
        c.error("channel/itunes:category", "missing: choose one of Apple's categories")
    for cat in categories:
        name = cat.get("text", "")
        subs = cat.findall("itunes:category", NS)
        problem = category_problem(name, subs[0].get("text", "") if subs else "")
        if problem:
            c.error("channel/itunes:category", problem)
        elif not subs and APPLE_CATEGORIES[name]:
            c.warn("channel/itunes:category", f"{name!r} has subcategories: pick one")
    _check_explicit(c, "channel/itunes:explicit", _text(channel, "itunes:explicit"), required=True)
    if not _text(channel, "itunes:author"):
        c.warn("channel/itunes:author", "missing: name the show's author")
    owner = channel.find("itunes:owner", NS)
    email_text = _text(owner, "itunes:email") if owner is not None else None
    if not email_text:
        c.warn(
            "channel/itunes:owner",
            "missing owner e-mail: directories use it to verify that you own the show",
        )
    elif "@" not in email_text:
        c.error("channel/itunes:owner", f"{email_text!r} is not an e-mail address")
    show_type = _text(channel, "itunes:type")
    if show_type is not None and show_type not in SHOW_TYPES:
        c.error("channel/itunes:type", f"{show_type!r}: use episodic or serial")
    _check_podcast_channel(c, channel, selves[0].get("href", "") if selves else "")


def _podcast(el: Any, name: str) -> list[Any]:
    """Children in the Podcasting 2.0 namespace (current or former address)."""
    return el.findall(f"{{{PODCAST_NS}}}{name}") + el.findall(f"{{{PODCAST_NS_OLD}}}{name}")


def _check_podcast_channel(c: _Checker, channel: Any, self_href: str) -> None:
    guids = _podcast(channel, "guid")
    if not guids:
        c.warn("channel/podcast:guid", "missing: add the UUIDv5 of the feed URL")
    else:
        value = (guids[0].text or "").strip()
        try:
            uuid.UUID(value)
        except ValueError:
            c.error("channel/podcast:guid", f"{value!r} is not a UUID")
        else:
            if self_href and value != podcast_guid(self_href):
                c.warn(
                    "channel/podcast:guid",
                    f"{value} is not the UUIDv5 of the feed URL ({podcast_guid(self_href)})",
                )
    for locked in _podcast(channel, "locked"):
        if (locked.text or "").strip() not in ("yes", "no"):
            c.error("channel/podcast:locked", f"{locked.text!r}: use yes or no")
        owner = locked.get("owner", "")
        if owner and "@" not in owner:
            c.error("channel/podcast:locked", f"owner {owner!r} is not an e-mail address")
    _check_medium(c, channel)
    _check_persons(c, "channel", channel, required=True)
    for funding in _podcast(channel, "funding"):
        url = funding.get("url", "").strip()
        if not _is_url(url):
            c.error("channel/podcast:funding", f"url {url!r} is not an absolute http(s) URL")
        if len((funding.text or "").strip()) > 128:
            c.warn("channel/podcast:funding", "its text is over 128 characters: apps cut it")
    if c.ours and not any(t.get("purpose") == AI_CONTENT_PURPOSE for t in _podcast(channel, "txt")):
        c.warn(
            "channel/podcast:txt",
            f'missing purpose="{AI_CONTENT_PURPOSE}": say that the '
            "show is read by a synthetic voice (platforms ask "
            "creators to disclose AI voices)",
        )
    for block in _podcast(channel, "block"):
        if (block.text or "").strip() not in ("yes", "no"):
            c.error("channel/podcast:block", f"{block.text!r}: use yes or no")
    itunes_block = _text(channel, "itunes:block")
    if itunes_block is not None and itunes_block not in ("Yes", "yes", "No", "no"):
        c.error("channel/itunes:block", f"{itunes_block!r}: use Yes (or leave it out)")


def _check_medium(c: _Checker, channel: Any) -> None:
    """podcast:medium: present, and one of the namespace's values."""
    mediums = _podcast(channel, "medium")
    if not mediums:
        c.warn(
            "channel/podcast:medium",
            "missing: say what the feed is (podcast, audiobook, newsletter, ...)",
        )
    for medium in mediums:
        value = (medium.text or "").strip()
        if value not in MEDIUMS:
            c.error(
                "channel/podcast:medium",
                f"{value!r} is not a medium of the namespace ({', '.join(MEDIUMS[:9])}, ...)",
            )


def _check_persons(c: _Checker, where: str, parent: Any, *, required: bool) -> None:
    """podcast:person: a name, with a role and group of the namespace's taxonomy."""
    persons = _podcast(parent, "person")
    if required and not persons:
        c.warn(
            f"{where}/podcast:person", "missing: name the people behind the show, with their role"
        )
    for person in persons:
        name = (person.text or "").strip()
        if not name:
            c.error(f"{where}/podcast:person", "empty: give the person's name")
            continue
        group = person.get("group", "cast").strip().lower()
        role = person.get("role", "host").strip().lower()
        if group in PERSON_ROLES and role not in PERSON_ROLES[group]:
            c.warn(
                f"{where}/podcast:person",
                f"role {role!r} of {name!r} is not one of the "
                f"{group!r} roles of the namespace's taxonomy",
            )


def _check_duration_text(c: _Checker, element: str, value: str | None) -> float | None:
    """The stated itunes:duration in seconds, checking its form."""
    if value is None:
        c.warn(element, "missing: give the episode's length in whole seconds")
        return None
    if value.isdigit():
        return float(value)
    if CLOCK_DURATION.match(value):
        total = 0
        for part in value.split(":"):
            total = total * 60 + int(part)
        return float(total)
    try:
        seconds = float(value)
    except ValueError:
        c.error(element, f"{value!r} is not a duration: give whole seconds, e.g. 1234")
        return None
    c.warn(element, f"{value!r}: give whole seconds")
    return seconds


def _check_timed_file(
    c: _Checker,
    element: str,
    path: Path,
    parser: Callable[[str], list[TimedText]],
    duration: float | None,
) -> None:
    """A transcript or chapters file parses and lies within the audio."""
    if c.recall(path, duration) is not None:
        return
    try:
        entries = parser(path.read_text(encoding="utf-8"))
    except (TranscriptParseError, UnicodeDecodeError) as exc:
        c.error(element, f"{path.name} does not parse: {exc}")
        return
    if not entries:
        c.error(element, f"{path.name} holds no cue")
        return
    if duration is not None:
        last = max(max(e.start, e.end) for e in entries)
        if last > duration + DURATION_TOLERANCE:
            c.error(
                element,
                f"{path.name} runs to {last:.1f} s, past the end of the audio ({duration:.1f} s)",
            )
            return
    c.remember(path, duration)


def _check_item(c: _Checker, item: Any, n: int, guids: set[str], urls: set[str]) -> None:
    where = f"item[{n}]"
    if not _text(item, "title"):
        c.error(f"{where}/title", "missing or empty: every episode needs a title")
    guid = _text(item, "guid")
    if not guid:
        c.error(f"{where}/guid", "missing: give every episode a guid that never changes")
    elif guid in guids:
        c.error(f"{where}/guid", f"duplicate guid {guid!r}: each episode needs its own")
    else:
        guids.add(guid)
    _check_date(c, f"{where}/pubDate", _text(item, "pubDate"), required=True)
    if _text(item, "description") is None and _text(item, "content:encoded") is None:
        c.warn(f"{where}/description", "missing: add show notes")
    _check_explicit(c, f"{where}/itunes:explicit", _text(item, "itunes:explicit"), required=False)
    stated = _check_duration_text(c, f"{where}/itunes:duration", _text(item, "itunes:duration"))
    for name in ("itunes:season", "itunes:episode"):
        value = _text(item, name)
        if value is not None and not (value.isdigit() and int(value) > 0):
            c.error(f"{where}/{name}", f"{value!r}: use a positive whole number")
    for name in ("season", "episode"):
        for el in _podcast(item, name):
            try:
                float((el.text or "").strip())
            except ValueError:
                c.error(f"{where}/podcast:{name}", f"{el.text!r} is not a number")

    audio_seconds: float | None = None
    enclosure = item.find("enclosure")
    element = f"{where}/enclosure"
    if enclosure is None:
        c.error(element, "missing: every episode needs an enclosure with its audio")
    else:
        url = enclosure.get("url", "").strip()
        length = enclosure.get("length")
        kind = enclosure.get("type")
        if not url:
            c.error(element, "no url attribute")
        elif not _is_url(url):
            c.error(element, f"url {url!r} is not an absolute http(s) URL")
        elif url in urls:
            c.error(element, f"{url} is the audio of another episode too")
        else:
            urls.add(url)
        if length is None:
            c.error(element, "no length attribute: give the file's exact size in bytes")
        elif not length.strip().isdigit() or int(length) <= 0:
            c.error(element, f"length {length!r} is not the file's size in bytes")
        if kind is None:
            c.error(element, f"no type attribute: use {_type_hint()}")
        elif not _is_media_type(kind):
            c.error(element, f"type {kind!r} is not an audio type ({_type_hint()})")
        local = c.local_file(url, element) if _is_url(url) else None
        if local:
            audio_seconds = _check_audio_file(c, element, local, kind, length)
            if (
                audio_seconds is not None
                and stated is not None
                and abs(stated - audio_seconds) > DURATION_TOLERANCE
            ):
                c.error(
                    f"{where}/itunes:duration",
                    f"says {stated:.0f} s but {local.name} lasts {audio_seconds:.1f} s",
                )
    _check_alternates(c, where, item, audio_seconds)

    for el in _podcast(item, "transcript"):
        element = f"{where}/podcast:transcript"
        url, kind = el.get("url", "").strip(), el.get("type", "")
        if not _is_url(url):
            c.error(element, f"url {url!r} is not an absolute http(s) URL")
            continue
        if kind not in TRANSCRIPT_TYPES:
            c.error(
                element, f"type {kind!r} is not a transcript type ({', '.join(TRANSCRIPT_TYPES)})"
            )
            continue
        if kind == "text/vtt":
            if el.get("rel") != "captions":
                c.warn(
                    element,
                    "a WebVTT transcript with cue timings should say "
                    'rel="captions", so that apps show it as captions',
                )
            if not el.get("language"):
                c.warn(element, "no language attribute: give the transcript's language")
        parser = {
            "text/vtt": parse_vtt,
            "application/x-subrip": parse_srt,
            "application/srt": parse_srt,
        }.get(kind)
        local = c.local_file(url, element)
        if local and parser:
            _check_timed_file(c, element, local, parser, audio_seconds)
    _check_persons(c, where, item, required=False)
    for el in _podcast(item, "chapters"):
        element = f"{where}/podcast:chapters"
        url, kind = el.get("url", "").strip(), el.get("type", "")
        if not _is_url(url):
            c.error(element, f"url {url!r} is not an absolute http(s) URL")
            continue
        if kind != CHAPTERS_TYPE:
            c.error(element, f"type {kind!r}: use {CHAPTERS_TYPE}")
            continue
        local = c.local_file(url, element)
        if local:
            _check_timed_file(c, element, local, parse_chapters, audio_seconds)


def _check_addresses(c: _Checker, root: Any) -> None:
    """Placeholder URLs and e-mails, and a feed address that listeners cannot reach or that
    is not HTTPS (Apple asks for HTTPS on every URL)."""
    seen: set[str] = set()
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        values = [element.get(a, "") for a in ("url", "href", "owner")]
        text = (element.text or "").strip()
        if text and " " not in text and ("://" in text or "@" in text):
            values.append(text)
        for value in values:
            if value and value not in seen and is_placeholder(value):
                seen.add(value)
                name = _element_name(element)
                what = "e-mail address" if "@" in value and "://" not in value else "URL"
                c.setup_warning(
                    name,
                    f"{value} is a placeholder {what} (example.com/.org): replace it "
                    f"with the show's own before publishing",
                )
    if not c.base_url:
        return
    kind = host_kind(c.base_url)
    if kind:
        fix = "set show.base_url to" if c.ours else "serve it from"
        c.setup_warning(
            "channel/atom:link",
            f"the feed lives at {c.base_url}, a {kind} address that "
            f"podcast apps elsewhere cannot reach: {fix} "
            f"the public address it is served from",
        )
    if c.base_url.startswith("http://"):
        c.setup_warning(
            "channel/atom:link",
            f"the feed lives at {c.base_url} over plain http: Apple "
            f"recommends HTTPS for the feed, artwork and every "
            f"episode file",
        )


def _element_name(element: Any) -> str:
    """A short path of ``element`` for a Problem: ``channel/itunes:owner`` or ``item[2]/...``."""
    from lxml import etree

    prefixes = {
        ITUNES_NS: "itunes",
        PODCAST_NS: "podcast",
        PODCAST_NS_OLD: "podcast",
        ATOM_NS: "atom",
        CONTENT_NS: "content",
    }
    parts = []
    node = element
    while node is not None and node.tag != "rss":
        qname = etree.QName(node)
        name = (
            f"{prefixes[qname.namespace]}:{qname.localname}"
            if qname.namespace in prefixes
            else qname.localname
        )
        if name == "item":
            parent = node.getparent()
            name = f"item[{parent.findall('item').index(node) + 1}]"
        parts.append(name)
        node = node.getparent()
    return "/".join(reversed(parts)) or "rss"


def validate_bytes(
    data: bytes,
    folder: Path | None = None,
    *,
    require_local: bool = False,
    source: str = "feed",
    memo: dict[str, Any] | None = None,
) -> Report:
    """Validate feed XML; ``folder`` is where the feed lives (for its local files).

    ``memo`` (the store's, kept between runs) remembers the local files that passed their
    check by file identity: an unchanged transcript, chapters or audio file is not parsed
    again. Without it, every file is checked whole.
    """
    from lxml import etree

    checker = _Checker(folder, require_local, memo=memo)
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as exc:
        return Report(source, (Problem("error", "rss", f"not well-formed XML: {exc}"),))
    if root.tag != "rss":
        return Report(
            source,
            (Problem("error", "rss", f"the root element is <{root.tag}>, not an RSS 2.0 <rss>"),),
        )
    if root.get("version") != "2.0":
        checker.error("rss", f"version {root.get('version')!r}: podcast feeds are RSS 2.0")
    channel = root.find("channel")
    if channel is None:
        checker.error("rss/channel", "missing: an RSS feed holds one <channel>")
        return Report(source, tuple(checker.problems))
    checker.ours = (channel.findtext("generator") or "").strip().lower().startswith("briefcast")
    _check_channel(checker, channel)
    _check_addresses(checker, root)
    items = channel.findall("item")
    if not items:
        checker.warn("channel/item", "no episode: directories list a show once it has one")
    guids: set[str] = set()
    urls: set[str] = set()
    for n, item in enumerate(items, 1):
        _check_item(checker, item, n, guids, urls)
    return Report(source, tuple(checker.problems), len(items))


def validate_path(path: Path, *, require_local: bool = False) -> Report:
    """Validate the feed file at ``path``, checking the files beside it that it points at."""
    try:
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise FeedError(
            f"feed not found: {path} (build an episode first, or name a feed file)"
        ) from exc
    except OSError as exc:
        raise FeedError(f"cannot read {path}: {exc.strerror}") from exc
    return validate_bytes(
        data, path.resolve().parent, require_local=require_local, source=str(path)
    )
