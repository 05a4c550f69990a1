"""Publish the output folder to where listeners fetch it: a local folder or S3-compatible storage.

A publish is planned before anything is written. The plan holds every public file of the show
with its content hash; the target is listed once, and only files whose content differs are
uploaded. Uploads run in an order that never leaves the published feed pointing at a missing
file: audio, transcripts, chapters and artwork first, then ``feed.xml``, then ``index.html``.
Only what the show itself uploaded there is ever deleted (or replaced at a private show's
target root): each publish records the show's files at the target in a manifest kept in the
output folder (``.published.json``, never served or published), and a file at the target that
no manifest names (a web site's own page, another show's files) is never touched. Files of
episodes that left the feed are deleted only with ``prune``, and only after the new feed is in
place; the show's own files under an earlier private token (or its public layout, before it
went private) go at every publish. The show's lock is held from the plan to the last upload,
so a build or ``remove`` that finishes meanwhile waits, and the feed uploaded is the one
planned. When the target cannot be reached or refuses the credentials, the publish stops with
one :class:`~briefcast.errors.PublishError` line and the previously published feed stays as
it was. The targets themselves (a folder, S3) live in :mod:`briefcast.publish.targets`.
"""

from __future__ import annotations

import json
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
from ..show.layout import EPISODES_DIR, FEED_NAME, MANIFEST_NAME, PAGE_NAME
from ..show.store import Show, atomic_write
from ..standards import host_kind, is_placeholder
from .serve import content_type
from .targets import addresses, open_target
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
    # Every key the show publishes, and every key the target listed.
    published: tuple[str, ...] = ()
    listed: tuple[str, ...] = ()

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


def make_plan(
    cfg: Config, target: Target, *, prune: bool = False, owned: frozenset[str] = frozenset()
) -> Plan:
    """Compare the show with the target: what to upload, delete, and leave.

    ``owned`` holds the keys (as the target lists them) that the show uploaded before: only
    those of them that the show no longer publishes are its stale files, deleted with
    ``prune``. Nothing else at the target is the show's to delete.
    """
    files = collect(cfg)
    remote = target.inventory()
    uploads = [f for f in files if f.key not in remote or not target.is_current(f, remote[f.key])]
    published = {f.key for f in files}
    gone = sorted(k for k in remote if k in owned and k not in published)
    return Plan(
        target=target.description,
        uploads=tuple(uploads),
        deletes=tuple(gone) if prune else (),
        stale=() if prune else tuple(gone),
        unchanged=len(files) - len(uploads),
        published=tuple(sorted(published)),
        listed=tuple(sorted(remote)),
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
            f"no publish target: pass --to ({addresses()}) or set publish.target in briefcast.toml"
        )
    if not to and cfg.source and "://" not in spec and not Path(spec).expanduser().is_absolute():
        # A folder named in briefcast.toml is relative to that file, like ``output``.
        spec = str(cfg.source.parent / spec)
    from ..show import private

    target: Target = open_target(spec, cfg, session=session)
    cfg = private.site_config(cfg)
    secret = private.prefix(cfg)
    view: Target = PrefixedTarget(target, secret) if secret else target
    # One run at a time changes the show: a build or a removal finishing now waits until
    # every planned file is up, so the feed uploaded is the feed planned, naming files that
    # were uploaded before it.
    with Show(cfg.output).lock():
        return _publish(
            cfg, view, secret, dry_run=dry_run, prune=prune, progress=progress, force=force
        )


def _publish(
    cfg: Config,
    target: Target,
    secret: str,
    *,
    dry_run: bool,
    prune: bool,
    progress: ProgressCallback | None,
    force: bool,
) -> PublishResult:
    """:func:`publish` under the show's lock, to ``target`` (seen through the private
    ``secret`` prefix when there is one): plan, check, upload, delete, and record in the
    manifest what the show now has at the target."""
    manifest = Manifest(cfg.output)
    owned = manifest.keys(target.description)
    # The show's own keys in the current layout (under its token, for a private show); the
    # rest of them are in an earlier layout (another token, or public before it went private).
    here = frozenset(
        k[len(secret) :]
        for k in owned
        if k.startswith(secret) and (secret or not OLD_TOKEN_DIR.match(k))
    )
    try:
        plan = make_plan(cfg, target, prune=prune, owned=here)
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
    if isinstance(target, PrefixedTarget):
        elsewhere = [k for k in target.outside if k != ROOT_PAGE_KEY]
    else:
        elsewhere = [k for k in plan.listed if OLD_TOKEN_DIR.match(k)]
    retired = sorted(k for k in elsewhere if k in owned)
    if retired:
        plan = replace(plan, deletes=plan.deletes + tuple(retired))
    cover = _root_cover(target, owned) if secret else None
    planned = {item.key for item in plan.uploads}

    def record(sent: set[str], deleted: list[str]) -> None:
        # What the show has at the target now: what it had, less what it deleted, with what
        # it uploaded and what was already there with its content.
        gone = {k if k in retired else secret + k for k in deleted}
        current = {secret + k for k in plan.published if k not in planned or secret + k in sent}
        manifest.record(target.description, (owned - gone) | current | sent)

    try:
        return _carry_out(plan, target, retired, cover, dry_run, progress, secret, record)
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
    secret: str = "",
    record: Callable[[set[str], list[str]], None] | None = None,
) -> PublishResult:
    """Upload, then delete, as ``plan`` says (``cover``: the private root's blank page);
    then ``record`` what was sent (full keys) and deleted, however it ended."""
    if cover is not None:
        plan = replace(plan, uploads=plan.uploads + (cover,))
    if dry_run:
        return PublishResult(plan, (), (), True)
    uploaded: list[str] = []
    deleted: list[str] = []
    sent: set[str] = set()
    try:
        for item in plan.uploads:
            if progress:
                progress("upload", item.key)
            log.info("uploading %s (%d bytes, %s)", item.key, item.size, item.content_type)
            if item is cover and isinstance(target, PrefixedTarget):
                target.target.upload(item)
                sent.add(item.key)
            else:
                target.upload(item)
                sent.add(secret + item.key)
            uploaded.append(item.key)
        if plan.deletes:
            for key in plan.deletes:
                if progress:
                    progress("delete", key)
                log.info("deleting %s", key)
            own = [k for k in plan.deletes if k not in retired]
            if own:
                target.delete(own)
                deleted.extend(own)
            if retired:
                # Files of an earlier token (or the public layout): the old address dies.
                base = target.target if isinstance(target, PrefixedTarget) else target
                base.delete(retired)
                deleted.extend(retired)
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
    finally:
        if record is not None:
            record(sent, deleted)
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


def _root_cover(target: PrefixedTarget | Target, owned: frozenset[str]) -> LocalFile | None:
    """The blank page for the root of a private show's target, when the root does not hold
    it yet (it goes beside, not under, the token's folder, and replaces the public layout's
    page of before the show went private). A root page the show did not upload (``owned``
    does not name it: the web site's own) is left alone."""
    if not isinstance(target, PrefixedTarget):
        return None
    if target.has(ROOT_PAGE_KEY) and ROOT_PAGE_KEY not in owned:
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

    Keys are given and listed relative to the prefix; :attr:`outside` is what else the target
    holds (of which the show deletes only what its manifest names as its own).
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

    @property
    def outside(self) -> list[str]:
        """Keys (full, not relative) the last :meth:`inventory` found outside the prefix."""
        return sorted(self._outside)

    def has(self, key: str) -> bool:
        """Whether the last :meth:`inventory` found ``key`` (full) outside the prefix."""
        return key in self._outside

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


MANIFEST_VERSION = 1


class Manifest:
    """What the show has at each target, by target: the only files a publish may delete.

    Kept in the output folder as ``.published.json`` (hidden: never served or published),
    written atomically after every publish, even one that failed half-way. A damaged manifest
    reads as empty: the show then deletes nothing until it has published again.
    """

    def __init__(self, root: Path) -> None:
        self.path = root / MANIFEST_NAME
        self._data: dict[str, list[str]] | None = None

    def _load(self) -> dict[str, list[str]]:
        if self._data is None:
            self._data = {}
            try:
                data = json.loads(self.path.read_text(encoding="utf-8"))
            except FileNotFoundError:
                return self._data
            except (OSError, ValueError, RecursionError) as exc:
                log.warning(
                    "the publish manifest %s cannot be read (%s); nothing at the targets "
                    "is deleted until the show is published again",
                    self.path,
                    exc,
                )
                return self._data
            targets = data.get("targets") if isinstance(data, dict) else None
            if isinstance(targets, dict):
                self._data = {
                    str(k): [key for key in v if isinstance(key, str)]
                    for k, v in targets.items()
                    if isinstance(v, list)
                }
        return self._data

    def keys(self, target: str) -> frozenset[str]:
        """The keys the show has uploaded to ``target`` and not deleted since."""
        return frozenset(self._load().get(target, ()))

    def record(self, target: str, keys: set[str] | frozenset[str]) -> None:
        """Note that the show has exactly ``keys`` at ``target``; a manifest that cannot be
        written is a warning (the next publish then deletes less, never more)."""
        data = self._load()
        data[target] = sorted(keys)
        text = json.dumps({"version": MANIFEST_VERSION, "targets": data}, indent=1)
        try:
            atomic_write(self.path, text.encode("utf-8"))
        except OSError as exc:
            log.warning("cannot write the publish manifest %s (%s)", self.path, exc)
