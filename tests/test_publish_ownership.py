"""Publish deletes only what the show uploaded, and never races a build (issue 24, findings 2
and 5).

Publishing a private show once deleted files it never published (the site's own
``index.html``, ``logo.png``, ``favicon.ico``, ``feed.css``, another show's episode, another
64-hex folder), because any public-looking key outside the token folder counted as the show's
old layout. Now only keys in the manifest of the show's own uploads are ever deleted. And a
build or ``remove`` that finished during a publish once left the target's feed naming a file
never uploaded, or made the publish fail blaming the target: now publish holds the show's lock.
"""

from __future__ import annotations

import threading
import urllib.parse
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import boto3
import feedparser
import pytest
from fakeshow import add_episode, make_show
from s3_helpers import moto_s3, use_dummy_aws

from briefcast import pipeline
from briefcast.config import Config, load_config
from briefcast.publish.publish import publish
from briefcast.show import private

BASE = "https://subscribers.podcast.example/show/"
OTHER_TOKEN = "ab" * 32
# Files of the web site and of another show, at the target before the show is published.
FOREIGN = {
    "index.html": b"<!DOCTYPE html><title>The site's own home page</title>\n",
    "logo.png": b"\x89PNG\r\n\x1a\nthe site's logo",
    "favicon.ico": b"\x00\x00\x01\x00the site's icon",
    "feed.css": b"body { color: teal }\n",
    "episodes/other-show-ep1.mp3": b"ID3 another show's episode",
    "episodes/other-show-ep1.vtt": b"WEBVTT\n",
    f"{OTHER_TOKEN}/feed.xml": b"<rss version='2.0'/>",
    f"{OTHER_TOKEN}/episodes/secret-ep.mp3": b"ID3 another private show's episode",
}


def private_show(root: Path) -> Config:
    """A one-episode private show."""
    cfg = make_show(root, episodes=1, base_url=BASE)
    assert cfg.source is not None
    with cfg.source.open("a", encoding="utf-8") as handle:
        handle.write("private = true\n")
    cfg = load_config(cfg.source, env={}, cwd=root)
    pipeline.write_feed(cfg)
    return cfg


def _folder_keys(www: Path) -> dict[str, bytes]:
    return {p.relative_to(www).as_posix(): p.read_bytes() for p in www.rglob("*") if p.is_file()}


def _assert_feed_complete(files: dict[str, bytes], prefix: str, base: str) -> None:
    """The target's feed parses and every file it names under ``base`` is at the target."""
    parsed = feedparser.parse(files[prefix + "feed.xml"])
    assert not parsed.bozo and parsed.entries
    for entry in parsed.entries:
        for link in entry.enclosures:
            key = urllib.parse.unquote(link["href"][len(base) :])
            assert key in files, (key, sorted(files))


def test_a_private_show_deletes_nothing_it_did_not_upload_from_a_folder(tmp_path: Path) -> None:
    """A private show published, rotated, published with --prune into a folder that holds a
    site and another show: every foreign file survives untouched; the old token's files go."""
    cfg = private_show(tmp_path / "show")
    www = tmp_path / "www"
    for key, data in FOREIGN.items():
        (www / key).parent.mkdir(parents=True, exist_ok=True)
        (www / key).write_bytes(data)
    first = publish(cfg, str(www))
    assert first.deleted == ()
    old = private.token(cfg)
    pipeline.private_feed_url(cfg, rotate=True)
    new = private.token(cfg)
    second = publish(cfg, str(www), prune=True)
    files = _folder_keys(www)
    for key, data in FOREIGN.items():
        assert files.get(key) == data, key
    assert not any(k.startswith(old + "/") for k in files)
    assert all(k.startswith(old + "/") for k in second.deleted) and second.deleted
    _assert_feed_complete(files, f"{new}/", BASE)


def test_a_public_show_prunes_only_its_own_episodes(tmp_path: Path) -> None:
    """--prune on a public show deletes its own episode that left the show, never another
    show's episode in the same ``episodes/`` folder."""
    cfg = make_show(tmp_path / "show", episodes=2, base_url=BASE)
    www = tmp_path / "www"
    for key in ("episodes/other-show-ep1.mp3", "episodes/other-show-ep1.vtt"):
        (www / key).parent.mkdir(parents=True, exist_ok=True)
        (www / key).write_bytes(FOREIGN[key])
    publish(cfg, str(www))
    pipeline.remove_episode(cfg, "2")
    result = publish(cfg, str(www), prune=True)
    files = _folder_keys(www)
    assert files["episodes/other-show-ep1.mp3"] == FOREIGN["episodes/other-show-ep1.mp3"]
    assert files["episodes/other-show-ep1.vtt"] == FOREIGN["episodes/other-show-ep1.vtt"]
    assert result.deleted and all("story-number-1" in k for k in result.deleted)
    assert not any("story-number-1" in k for k in files)
    _assert_feed_complete(files, "", BASE)


@pytest.fixture
def s3(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, Any]]:
    """moto's S3 with an empty bucket "site"; its endpoint and a client."""
    use_dummy_aws(monkeypatch, tmp_path, also_unset=("BRIEFCAST_PUBLISH_TARGET",))
    with moto_s3() as endpoint:
        client = boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1")
        client.create_bucket(Bucket="site")
        yield endpoint, client


def test_a_private_show_deletes_nothing_it_did_not_upload_from_s3(
    tmp_path: Path, s3: tuple[str, Any]
) -> None:
    """The same on S3: the bucket's site files and another show's objects survive two
    publishes and a rotation; the old token's objects go."""
    endpoint, client = s3
    cfg = private_show(tmp_path / "show")
    cfg = replace(cfg, publish=replace(cfg.publish, sections={"s3": {"endpoint_url": endpoint}}))
    for key, data in FOREIGN.items():
        client.put_object(Bucket="site", Key=key, Body=data)
    publish(cfg, "s3://site", force=True)
    old = private.token(cfg)
    pipeline.private_feed_url(cfg, rotate=True)
    publish(cfg, "s3://site", force=True, prune=True)
    objects = {
        o["Key"]: client.get_object(Bucket="site", Key=o["Key"])["Body"].read()
        for o in client.list_objects_v2(Bucket="site")["Contents"]
    }
    for key, data in FOREIGN.items():
        assert objects.get(key) == data, key
    assert not any(k.startswith(old + "/") for k in objects)
    _assert_feed_complete(objects, f"{private.token(cfg)}/", BASE)


def _during_first_upload(action: Any) -> tuple[Any, list[BaseException], threading.Event]:
    """A publish progress callback that starts ``action`` in a thread at the first upload and
    gives it a second to finish (it cannot while publish holds the show's lock)."""
    errors: list[BaseException] = []
    done = threading.Event()
    threads: list[threading.Thread] = []

    def run() -> None:
        try:
            action()
        except BaseException as exc:  # reported by the test
            errors.append(exc)
        finally:
            done.set()

    def progress(kind: str, key: str) -> None:
        if kind == "upload" and not threads:
            threads.append(threading.Thread(target=run))
            threads[0].start()
            done.wait(1.0)

    return progress, errors, done


def test_a_build_finishing_during_publish_never_leaves_a_feed_naming_a_missing_file(
    tmp_path: Path,
) -> None:
    """A new episode stored and its feed written while a publish uploads: the target's feed
    names only files that are at the target; the next publish brings the new episode."""
    cfg = make_show(tmp_path / "show", episodes=1, base_url=BASE)
    www = tmp_path / "www"

    def build() -> None:
        add_episode(cfg, 2)
        pipeline.write_feed(cfg)

    progress, errors, done = _during_first_upload(build)
    publish(cfg, str(www), progress=progress)
    assert done.wait(30) and not errors, errors
    _assert_feed_complete(_folder_keys(www), "", BASE)
    publish(cfg, str(www))
    files = _folder_keys(www)
    _assert_feed_complete(files, "", BASE)
    assert len(feedparser.parse(files["feed.xml"]).entries) == 2


def test_a_remove_during_publish_does_not_fail_the_publish(tmp_path: Path) -> None:
    """``remove`` of the episode being uploaded, run during the publish: the publish succeeds,
    the remove succeeds after it, and the target's feed names only files it holds."""
    cfg = make_show(tmp_path / "show", episodes=2, base_url=BASE)
    www = tmp_path / "www"
    progress, errors, done = _during_first_upload(lambda: pipeline.remove_episode(cfg, "2"))
    publish(cfg, str(www), progress=progress)
    assert done.wait(30) and not errors, errors
    _assert_feed_complete(_folder_keys(www), "", BASE)
    publish(cfg, str(www), prune=True)
    files = _folder_keys(www)
    _assert_feed_complete(files, "", BASE)
    assert len(feedparser.parse(files["feed.xml"]).entries) == 1
