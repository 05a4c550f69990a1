"""Private shows: block tags, noindex pages, the secret token path, rotation and publishing."""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from fakeshow import make_show
from lxml import etree

from briefcast import pipeline
from briefcast.cli import cli
from briefcast.config import Config, load_config
from briefcast.publish.publish import ROOT_PAGE, publish
from briefcast.publish.serve import serving
from briefcast.show import private
from briefcast.standards import ITUNES_NS, PODCAST_NS

BASE = "https://subscribers.podcast.example/show/"


def private_show(root: Path) -> Config:
    """A one-episode show made private in its briefcast.toml, its feed rewritten."""
    cfg = make_show(root, episodes=1, base_url=BASE)
    assert cfg.source is not None
    with cfg.source.open("a", encoding="utf-8") as handle:
        handle.write("private = true\n")
    cfg = load_config(cfg.source, env={}, cwd=root)
    assert cfg.show.private
    pipeline.write_feed(cfg)
    return cfg


@pytest.fixture(scope="module")
def show(tmp_path_factory: pytest.TempPathFactory) -> Config:
    """A private show built once for this module's read-only tests."""
    return private_show(tmp_path_factory.mktemp("private"))


def _open(request: urllib.request.Request) -> int:
    try:
        with urllib.request.urlopen(request, timeout=10) as reply:
            return int(reply.status)
    except urllib.error.HTTPError as exc:
        return exc.code


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as reply:
            return reply.status, reply.read()
    except urllib.error.HTTPError as exc:
        return exc.code, b""


def test_private_feed_is_blocked_and_lives_under_the_token(show: Config) -> None:
    """itunes:block Yes and podcast:block yes; every URL of the feed is under <base>/<token>/;
    the pages say noindex."""
    token = private.token(show)
    assert private.TOKEN.match(token)
    xml = (show.output / "feed.xml").read_bytes()
    channel = etree.fromstring(xml).find("channel")
    ns = {"itunes": ITUNES_NS, "podcast": PODCAST_NS}
    assert channel.findtext("itunes:block", namespaces=ns) == "Yes"
    assert channel.findtext("podcast:block", namespaces=ns) == "yes"
    urls = [el.get(a) for el in channel.iter() for a in ("url", "href") if el.get(a)]
    assert urls and all(u.startswith(BASE + token + "/") for u in urls), urls
    pages = [show.output / "index.html", *(show.output / "episodes").glob("*.html")]
    assert len(pages) == 2
    for page in pages:
        text = page.read_text("utf-8")
        assert '<meta name="robots" content="noindex, nofollow">' in text
        assert '<meta name="referrer" content="no-referrer">' in text


def test_serve_answers_only_under_the_token_path(show: Config) -> None:
    """/<token>/feed.xml is the feed; /feed.xml, /, another token and the token file: 404."""
    token = private.token(show)
    with serving(show.output, prefix=private.prefix(show)) as server:
        root = f"http://127.0.0.1:{server.port}/"
        status, body = _get(f"{root}{token}/feed.xml")
        assert status == 200 and b"<rss" in body
        with urllib.request.urlopen(f"{root}{token}/feed.xml", timeout=10) as reply:
            assert reply.headers["X-Robots-Tag"] == "noindex, nofollow"
        assert _get(f"{root}{token}/index.html")[0] == 200
        for path in (
            "feed.xml",
            "",
            "index.html",
            f"{'0' * 64}/feed.xml",
            token,
            f"{token}/.private-token",
            ".private-token",
            "episodes/",
        ):
            assert _get(root + path)[0] == 404, path
        for method, path in (
            ("HEAD", "/feed.xml"),
            ("OPTIONS", "/feed.xml"),
            ("OPTIONS", f"/{token}/feed.xml"),
        ):
            request = urllib.request.Request(root.rstrip("/") + path, method=method)
            status = _open(request)
            assert status == (204 if token in path else 404), (method, path)


def test_token_command_shows_and_rotates_the_subscribe_url(tmp_path: Path) -> None:
    """`briefcast token` prints the feed URL under the token; --rotate prints a new one and
    rewrites the feed with it; a public show is refused with one Error line."""
    cfg = private_show(tmp_path / "show")
    args = ["--config", str(cfg.source)]
    first = CliRunner().invoke(cli, ["token", *args])
    assert first.exit_code == 0, first.output
    assert first.output.strip() == f"{BASE}{private.token(cfg)}/feed.xml"
    rotated = CliRunner().invoke(cli, ["token", "--rotate", *args])
    assert rotated.exit_code == 0, rotated.output
    new_url = rotated.output.strip().splitlines()[-1]
    assert new_url != first.output.strip() and new_url.endswith(f"/{private.token(cfg)}/feed.xml")
    assert new_url.encode() in (cfg.output / "feed.xml").read_bytes()
    public = make_show(tmp_path / "public", episodes=0)
    refused = CliRunner().invoke(cli, ["token", "--config", str(public.source)])
    assert refused.exit_code == 1
    assert refused.output.startswith("Error: this show is not private")


def test_rotate_and_publish_retires_the_old_path(tmp_path: Path) -> None:
    """After `token --rotate` and a publish, the old token's files are gone from the target,
    the new ones are there; nothing is published outside the token folder, and no published
    file outside it (there is none) nor any file name shows the token."""
    cfg = private_show(tmp_path / "show")
    target = tmp_path / "www"
    old = private.token(cfg)
    publish(cfg, str(target))
    assert (target / old / "feed.xml").is_file()
    assert sorted(p.name for p in target.iterdir()) == [old, "index.html"]
    pipeline.private_feed_url(cfg, rotate=True)
    new = private.token(cfg)
    result = publish(cfg, str(target))
    assert not (target / old).exists() or not any((target / old).rglob("*.*"))
    assert any(k.startswith(old + "/") for k in result.deleted)
    assert (target / new / "feed.xml").is_file()
    assert f"{BASE}{new}/episodes/".encode() in (target / new / "feed.xml").read_bytes()
    # Nothing of the old token is left, not even an empty folder; the root holds only the
    # blank page that keeps a directory listing from showing the token.
    assert not [p for p in target.rglob("*") if old in p.as_posix()]
    outside = [p for p in target.rglob("*") if p.is_file() and new not in p.parts]
    assert outside == [target / "index.html"]
    assert new.encode() not in outside[0].read_bytes()
    assert not list(target.rglob(".private-token"))
    # The new address works: every URL of the published feed names a file at the target.
    channel = etree.fromstring((target / new / "feed.xml").read_bytes()).find("channel")
    urls = {el.get(a) for el in channel.iter() for a in ("url", "href") if el.get(a)}
    assert urls and all((target / u[len(BASE) :]).is_file() for u in urls), urls


def test_a_public_show_turned_private_removes_its_public_files(tmp_path: Path) -> None:
    """Published public first, then private: the old public feed, page and episodes go."""
    cfg = make_show(tmp_path / "show", episodes=1, base_url=BASE)
    target = tmp_path / "www"
    publish(cfg, str(target))
    assert (target / "feed.xml").is_file()
    private_cfg = replace(cfg, show=replace(cfg.show, private=True))
    pipeline.write_feed(private_cfg)
    publish(private_cfg, str(target))
    token = private.token(private_cfg)
    leftovers = [
        p.relative_to(target).as_posix()
        for p in target.rglob("*")
        if p.is_file() and not p.relative_to(target).as_posix().startswith(token)
    ]
    assert leftovers == ["index.html"]  # the private root's blank page, not the old one
    assert (target / "index.html").read_bytes() == ROOT_PAGE
    public_texts = [
        p.read_bytes()
        for p in target.rglob("*")
        if p.is_file() and token not in p.relative_to(target).parts
    ]
    assert all(token.encode() not in t for t in public_texts)


def test_rotation_keeps_the_podcast_guid(tmp_path: Path) -> None:
    """podcast:guid is that of the feed URL without the token: rotating leaves it unchanged
    (apps recognise the show), and the validator accepts it."""
    from briefcast.site.validate import validate_path
    from briefcast.standards import podcast_guid

    cfg = private_show(tmp_path / "show")
    ns = {"podcast": PODCAST_NS}

    def guid() -> str:
        root = etree.fromstring((cfg.output / "feed.xml").read_bytes())
        return str(root.find("channel").findtext("podcast:guid", namespaces=ns))

    before = guid()
    assert before == podcast_guid(BASE + "feed.xml")
    pipeline.private_feed_url(cfg, rotate=True)
    assert guid() == before
    report = validate_path(cfg.output / "feed.xml", require_local=True)
    assert not [p for p in report.problems if "podcast:guid" in p.element], report.problems
