"""Publish the output folder to where listeners fetch it: a local folder or S3-compatible storage.

A publish is planned before anything is written. The plan holds every public file of the show
with its content hash; the target is listed once, and only files whose content differs are
uploaded. Uploads run in an order that never leaves the published feed pointing at a missing
file: audio, transcripts, chapters and artwork first, then ``feed.xml``, then ``index.html``.
Files of episodes that left the feed are deleted only with ``prune``, and only after the new
feed is in place. When the target cannot be reached or refuses the credentials, the publish
stops with one :class:`~briefcast.errors.PublishError` line and the previously published feed
stays as it was. The targets themselves (a folder, S3) live in :mod:`briefcast.publish.targets`.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import tempfile
import xml.etree.ElementTree as ET
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..config import Config, PublishConfig
from ..errors import PublishError
from ..show import public
from ..show.layout import EPISODES_DIR, FEED_NAME, PAGE_NAME
from ..standards import host_kind, is_placeholder
from .serve import content_type
from .targets import open_target
from .targets.base import LocalFile, RemoteFile, Target, digests

log = logging.getLogger(__name__)

# Ranks of the upload order: everything the feed links to, then the feed, then the page.
RANK_MEDIA, RANK_FEED, RANK_PAGE = 0, 1, 2
# Attributes of feed elements that hold the addresses of the show's own files.
LINK_ATTRIBUTES = ("url", "href")


@dataclass(frozen=True)
class Plan:
    """What a publish will do.

    ``uploads`` is in upload order (the feed, then the page, last); ``deletes`` are removed after
    every upload; ``stale`` are episode files at the target that the show no longer has, kept
    because pruning was not asked for.
    """

    target: str
    uploads: tuple[LocalFile, ...]
    deletes: tuple[str, ...]
    stale: tuple[str, ...]
    unchanged: int

    @property
    def upload_bytes(self) -> int:
        """Total size of the uploads."""
        return sum(f.size for f in self.uploads)


@dataclass(frozen=True)
class PublishResult:
    """What a publish did (or, for a dry run, would do)."""

    plan: Plan
    uploaded: tuple[str, ...]
    deleted: tuple[str, ...]
    dry_run: bool


ProgressCallback = Callable[[str, str], None]


# -- the show's files -------------------------------------------------------------------------


def rank_of(key: str) -> int:
    """Upload rank: the page last, the feed just before it, everything else first."""
    if key == PAGE_NAME:
        return RANK_PAGE
    if key == FEED_NAME:
        return RANK_FEED
    return RANK_MEDIA


def cache_control(key: str, ctype: str, cfg: PublishConfig) -> str:
    """Short caching for the feed, pages and other show-level files; long for media."""
    media = (
        key.startswith(EPISODES_DIR + "/") and not ctype.startswith("text/html")
    ) or ctype.startswith(("audio/", "image/"))
    return f"public, max-age={cfg.media_max_age if media else cfg.feed_max_age}"


def _episode_stem(key: str) -> str:
    """The episode slug of a file in ``episodes/`` (``a-1f.chapters.json`` -> ``a-1f``)."""
    return key.split("/", 1)[1].split(".", 1)[0]


def feed_links(cfg: Config) -> set[str]:
    """Keys of the output folder's files that ``feed.xml`` links to under the show's base URL.

    Raises :class:`PublishError` when there is no feed, it does not parse, or it links to a
    file the output folder does not have: publishing that feed would break episodes.
    """
    feed_path = cfg.output / FEED_NAME
    if not feed_path.is_file():
        raise PublishError(
            f"no {FEED_NAME} in {cfg.output}: build an episode first "
            f"(briefcast build) or pass --out"
        )
    try:
        root = ET.parse(feed_path).getroot()
    except (ET.ParseError, OSError) as exc:
        raise PublishError(
            f"{feed_path} cannot be read as XML ({exc}); rewrite it with briefcast feed"
        ) from exc
    base = cfg.show.base_url
    for enclosure in root.iter("enclosure"):
        url = enclosure.get("url", "")
        if not url.startswith(base):
            raise PublishError(
                f"{FEED_NAME} links to {url}, outside show.base_url {base}: it "
                f"was written for another address; rewrite it with "
                f"briefcast feed"
            )
    keys: set[str] = set()
    for element in root.iter():
        for attribute in LINK_ATTRIBUTES:
            url = element.get(attribute, "")
            if url.startswith(base) and len(url) > len(base):
                keys.add(url[len(base) :].split("?", 1)[0].split("#", 1)[0])
    missing = sorted(k for k in keys if not (cfg.output / k).is_file())
    if missing:
        raise PublishError(
            f"{FEED_NAME} links to {missing[0]}, which is not in {cfg.output} "
            f"({len(missing)} missing); rebuild the feed with briefcast feed "
            f"before publishing"
        )
    return keys


def collect(cfg: Config) -> list[LocalFile]:
    """Every public file of the show, in upload order.

    Only the files :func:`briefcast.show.public.is_public` declares (never the store's records,
    ``covered.json`` or other internal and temporary files), and not the files of episodes
    that are not in the feed.
    """
    linked = feed_links(cfg)
    in_feed = {_episode_stem(k) for k in linked if k.startswith(EPISODES_DIR + "/")}
    files: list[LocalFile] = []
    root = os.path.realpath(cfg.output)
    for path in sorted(cfg.output.rglob("*")):
        rel = path.relative_to(cfg.output)
        key = rel.as_posix()
        if not public.is_public(key) or not path.is_file():
            continue  # is_file: FIFOs, devices and sockets are never read
        if not _served_as_itself(root, path):
            log.warning(
                "not publishing %s: it is a link to a file outside the show or to one it "
                "keeps private (serve refuses it too)",
                key,
            )
            continue
        if key.startswith(EPISODES_DIR + "/") and _episode_stem(key) not in in_feed:
            continue
        sha, md5 = digests(path)
        ctype = content_type(key)
        files.append(
            LocalFile(
                key=key,
                path=path,
                size=path.stat().st_size,
                sha256=sha,
                md5=md5,
                content_type=ctype,
                cache_control=cache_control(key, ctype, cfg.publish),
                rank=rank_of(key),
            )
        )
    return sorted(files, key=lambda f: (f.rank, f.key))


def _served_as_itself(root: str, path: Path) -> bool:
    """True when ``path`` (or a folder on its way) is no symlink, or its links lead to a
    public file inside the show ``root``: what serve answers."""
    real = os.path.realpath(path)
    if not real.startswith(root + os.sep):
        return False
    return public.is_public(Path(os.path.relpath(real, root)).as_posix())


def make_plan(cfg: Config, target: Target, *, prune: bool = False) -> Plan:
    """Compare the show with the target: what to upload, delete, and leave."""
    files = collect(cfg)
    remote = target.inventory()
    uploads = [f for f in files if f.key not in remote or not target.is_current(f, remote[f.key])]
    published = {f.key for f in files}
    gone = sorted(k for k in remote if k.startswith(EPISODES_DIR + "/") and k not in published)
    return Plan(
        target=target.description,
        uploads=tuple(uploads),
        deletes=tuple(gone) if prune else (),
        stale=() if prune else tuple(gone),
        unchanged=len(files) - len(uploads),
    )


def unreachable_kind(url: str) -> str:
    """Why listeners cannot reach ``url``: "loopback", "private", "placeholder" or ""."""
    return host_kind(url) or ("placeholder" if is_placeholder(url) else "")


def unreachable_links(cfg: Config) -> list[str]:
    """The feed's URLs (and ``show.base_url``) that point at loopback, private or placeholder
    (example.com) addresses.

    Such a feed works only on the producer's machine or network, if at all: published, every
    episode link would be dead for listeners.
    """
    found = [cfg.show.base_url] if unreachable_kind(cfg.show.base_url) else []
    feed_path = cfg.output / FEED_NAME
    try:
        root = ET.parse(feed_path).getroot()
    except (ET.ParseError, OSError):
        return found
    for element in root.iter():
        for attribute in LINK_ATTRIBUTES:
            url = element.get(attribute, "")
            if url and unreachable_kind(url) and url not in found:
                found.append(url)
    return found


def publish(
    cfg: Config,
    to: str | None = None,
    *,
    dry_run: bool = False,
    prune: bool = False,
    session: Any = None,
    progress: ProgressCallback | None = None,
    force: bool = False,
) -> PublishResult:
    """Publish the show's output folder to ``to`` (default: ``publish.target`` of the config).

    ``session`` is a ``boto3.session.Session`` to use for S3 (default: a new one from the usual
    AWS settings). ``progress`` is called with ("upload" or "delete", key) before each step.
    A remote target (S3) refuses a feed whose links point at loopback or private addresses
    unless ``force`` is given.
    """
    spec = to or cfg.publish.target
    if not spec:
        raise PublishError(
            "no publish target: pass --to (a folder or s3://bucket/prefix) or "
            "set publish.target in briefcast.toml"
        )
    if not to and cfg.source and "://" not in spec and not Path(spec).expanduser().is_absolute():
        # A folder named in briefcast.toml is relative to that file, like ``output``.
        spec = str(cfg.source.parent / spec)
    from ..show import private

    target: Target = open_target(spec, cfg, session=session)
    cfg = private.site_config(cfg)
    secret = private.prefix(cfg)
    if secret:
        target = PrefixedTarget(target, secret)
    try:
        plan = make_plan(cfg, target, prune=prune)
    except PublishError as exc:
        raise PublishError(f"{exc}; nothing was published") from exc
    if not force:
        # A folder is published to be served too: a feed naming loopback, private or
        # placeholder addresses is as unreachable from there as from S3.
        bad = unreachable_links(cfg)
        if bad:
            raise PublishError(
                f"the feed points at {bad[0]}, a {unreachable_kind(bad[0])} address "
                f"that listeners cannot reach ({len(bad)} such link(s)); set "
                f"show.base_url to the public address of {target.description} "
                f"and rebuild the feed (briefcast feed), or pass --force; "
                f"nothing was published"
            )
    retired = target.retired() if isinstance(target, PrefixedTarget) else []
    if retired:
        plan = replace(plan, deletes=plan.deletes + tuple(retired))
    cover = _root_cover(target) if secret else None
    try:
        return _carry_out(plan, target, retired, cover, dry_run, progress)
    finally:
        if cover is not None:
            shutil.rmtree(cover.path.parent, ignore_errors=True)


def _carry_out(
    plan: Plan,
    target: Target,
    retired: list[str],
    cover: LocalFile | None,
    dry_run: bool,
    progress: ProgressCallback | None,
) -> PublishResult:
    """Upload, then delete, as ``plan`` says (``cover``: the private root's blank page)."""
    if cover is not None:
        plan = replace(plan, uploads=plan.uploads + (cover,))
    if dry_run:
        return PublishResult(plan, (), (), True)
    uploaded: list[str] = []
    deleted: list[str] = []
    try:
        for item in plan.uploads:
            if progress:
                progress("upload", item.key)
            log.info("uploading %s (%d bytes, %s)", item.key, item.size, item.content_type)
            if item is cover and isinstance(target, PrefixedTarget):
                target.target.upload(item)
            else:
                target.upload(item)
            uploaded.append(item.key)
        if plan.deletes:
            for key in plan.deletes:
                if progress:
                    progress("delete", key)
                log.info("deleting %s", key)
            own = [k for k in plan.deletes if k not in retired]
            if own:
                target.delete(own)
            if isinstance(target, PrefixedTarget) and retired:
                # Files of an earlier token (or the public layout): the old address dies.
                target.target.delete(retired)
            deleted.extend(plan.deletes)
    except PublishError as exc:
        feed_sent = FEED_NAME in uploaded
        note = (
            "the new feed was published but the rest was not"
            if feed_sent
            else "the published feed was left as it was"
        )
        raise PublishError(
            f"{exc} ({len(uploaded)} of {len(plan.uploads)} files uploaded; {note})"
        ) from exc
    return PublishResult(plan, tuple(uploaded), tuple(deleted), False)


# What a private show's target answers at its root: a blank page, so that a web server with
# directory listing never shows the token folder's name.
ROOT_PAGE = (
    b'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
    b'<meta name="robots" content="noindex"><title>Private podcast</title></head>'
    b"<body><p>This podcast is private: use the subscribe address you were given.</p>"
    b"</body></html>\n"
)


ROOT_PAGE_KEY = PAGE_NAME


def _root_cover(target: PrefixedTarget | Target) -> LocalFile | None:
    """The blank page for the root of a private show's target, when the root does not hold
    it yet (it goes beside, not under, the token's folder, and replaces the public layout's
    page of before the show went private)."""
    if not isinstance(target, PrefixedTarget):
        return None
    folder = Path(tempfile.mkdtemp(prefix="briefcast-root-"))
    path = folder / ROOT_PAGE_KEY
    path.write_bytes(ROOT_PAGE)
    sha, md5 = digests(path)
    page = LocalFile(
        key=ROOT_PAGE_KEY,
        path=path,
        size=len(ROOT_PAGE),
        sha256=sha,
        md5=md5,
        content_type="text/html; charset=utf-8",
        cache_control="no-cache",
        rank=rank_of(ROOT_PAGE_KEY),
    )
    if target.needs_root_page(page):
        return page
    shutil.rmtree(folder, ignore_errors=True)
    return None


# Files at a target that belong to the show's public layout or to an earlier private token.
OLD_TOKEN_DIR = re.compile(r"^[0-9a-f]{64}/")


class PrefixedTarget:
    """A target seen through a private show's ``<token>/`` prefix.

    Keys are given and listed relative to the prefix; :meth:`retired` lists what else of the
    show is at the target (an earlier token's folder, the public layout), to be deleted so
    that only the current token's address works.
    """

    def __init__(self, target: Target, prefix: str) -> None:
        self.target = target
        self.prefix = prefix
        self.description = target.description
        self.remote = target.remote
        self._outside: dict[str, RemoteFile] = {}

    def inventory(self) -> dict[str, RemoteFile]:
        """The files under the prefix, keyed relative to it."""
        found: dict[str, RemoteFile] = {}
        self._outside = {}
        for key, remote in self.target.inventory().items():
            if key.startswith(self.prefix):
                inner = key[len(self.prefix) :]
                found[inner] = replace(remote, key=inner)
            else:
                self._outside[key] = remote
        return found

    def needs_root_page(self, page: LocalFile) -> bool:
        """Whether the target's root lacks the blank page ``page`` (or holds another)."""
        held = self._outside.get(page.key)
        return held is None or not self.target.is_current(page, held)

    def retired(self) -> list[str]:
        """Keys (full, not relative) of the show's files outside the current prefix: public
        files (as :mod:`briefcast.show.public` declares them) under an earlier token or in the
        public layout of before the show went private."""
        return sorted(
            k
            for k in self._outside
            if k != ROOT_PAGE_KEY and public.is_public(OLD_TOKEN_DIR.sub("", k, count=1))
        )

    def is_current(self, item: LocalFile, remote: RemoteFile) -> bool:
        """Whether the prefixed copy holds ``item``'s content."""
        return self.target.is_current(
            replace(item, key=self.prefix + item.key), replace(remote, key=self.prefix + remote.key)
        )

    def upload(self, item: LocalFile) -> None:
        """Upload under the prefix."""
        self.target.upload(replace(item, key=self.prefix + item.key))

    def delete(self, keys: Sequence[str]) -> None:
        """Delete keys given relative to the prefix."""
        self.target.delete([self.prefix + k for k in keys])
