"""``briefcast publish``: to a local folder, and to S3 as emulated by moto's server on 127.0.0.1."""

from __future__ import annotations

import hashlib
import socket
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import boto3
import botocore.session
import podcastparser
import pytest
from click.testing import CliRunner
from fakeshow import add_episode, make_show
from s3_helpers import moto_s3, use_dummy_aws

from briefcast import pipeline
from briefcast.cli import cli
from briefcast.config import Config, load_config
from briefcast.errors import PublishError
from briefcast.publish import targets
from briefcast.publish.publish import publish
from briefcast.publish.serve import serving
from briefcast.publish.targets.s3 import S3Settings
from briefcast.show.store import Show
from briefcast.site import feed

BUCKET = "podcast"
PREFIX = "show"
SHORT, LONG = "public, max-age=300", "public, max-age=86400"
EXPECTED_TYPES = {
    ".mp3": "audio/mpeg",
    ".vtt": "text/vtt",
    ".srt": "application/x-subrip",
    ".chapters.json": "application/json+chapters",
    ".png": "image/png",
    ".xml": "application/xml",
    ".css": "text/css",
    ".ico": "image/x-icon",
    ".html": "text/html",
}


def free_port() -> int:
    """A port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(autouse=True)
def aws_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Dummy credentials; no AWS config files, profiles or instance metadata lookups."""
    use_dummy_aws(
        monkeypatch, tmp_path, also_unset=("BRIEFCAST_PUBLISH_TARGET", "BRIEFCAST_BASE_URL")
    )


@pytest.fixture(scope="module")
def moto_endpoint() -> Iterator[str]:
    """moto's S3 in server mode, on a free port of 127.0.0.1, for this module's tests."""
    with moto_s3() as endpoint:
        yield endpoint


@pytest.fixture
def bucket(moto_endpoint: str, aws_env: None) -> Iterator[Any]:
    """A fresh bucket; yields a plain client to inspect it."""
    client = boto3.client("s3", endpoint_url=moto_endpoint, region_name="us-east-1")
    client.create_bucket(Bucket=BUCKET)
    yield client
    for obj in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=obj["Key"])
    client.delete_bucket(Bucket=BUCKET)


class Recorder:
    """A boto3 session whose clients record every request they send, in order."""

    def __init__(self) -> None:
        core = botocore.session.get_session()
        core.register("before-send.s3", self._record)
        self.session = boto3.session.Session(botocore_session=core)
        self.requests: list[tuple[str, str]] = []

    def _record(self, request: Any, **_: Any) -> None:
        path = request.url.split("?", 1)[0].split(f"/{BUCKET}/{PREFIX}/", 1)
        self.requests.append((request.method, path[1] if len(path) == 2 else ""))

    def puts(self) -> list[str]:
        """Keys PUT, in order."""
        return [key for method, key in self.requests if method == "PUT"]

    def clear(self) -> None:
        """Forget what was recorded."""
        self.requests.clear()


def s3_cfg(root: Path, endpoint: str, episodes: int = 2) -> Config:
    """A show whose publish settings point at ``endpoint``."""
    cfg = make_show(root, episodes=episodes, base_url="https://cdn.example/show/")
    return replace(cfg, publish=replace(cfg.publish, sections={"s3": {"endpoint_url": endpoint}}))


def expected_type(key: str) -> str:
    """The media type a key must be stored with."""
    suffix = ".chapters.json" if key.endswith(".chapters.json") else "." + key.rsplit(".", 1)[1]
    return EXPECTED_TYPES[suffix]


def published(client: Any) -> dict[str, bytes]:
    """Every object under the prefix, with its content."""
    out = {}
    for obj in client.list_objects_v2(Bucket=BUCKET, Prefix=PREFIX + "/").get("Contents", []):
        body = client.get_object(Bucket=BUCKET, Key=obj["Key"])["Body"].read()
        out[obj["Key"][len(PREFIX) + 1 :]] = body
    return out


def local_public_files(cfg: Config) -> set[str]:
    """Files of the output folder that must be published (all but records and hidden files)."""
    return {
        p.relative_to(cfg.output).as_posix()
        for p in cfg.output.rglob("*")
        if p.is_file()
        and not (p.suffix == ".json" and not p.name.endswith(".chapters.json"))
        and not any(part.startswith(".") for part in p.relative_to(cfg.output).parts)
    }


def test_s3_objects_have_type_cache_control_and_hash(
    tmp_path: Path, moto_endpoint: str, bucket: Any
) -> None:
    """Each object gets its Content-Type, Cache-Control (long for media only) and SHA-256.

    The feed's stylesheet sorts after feed.xml but is uploaded before it.
    """
    cfg = s3_cfg(tmp_path, moto_endpoint)
    rec = Recorder()
    result = publish(cfg, f"s3://{BUCKET}/{PREFIX}", session=rec.session)
    objects = published(bucket)
    assert set(objects) == local_public_files(cfg)
    assert set(result.uploaded) == set(objects)
    for key, body in objects.items():
        assert body == (cfg.output / key).read_bytes()
        head = bucket.head_object(Bucket=BUCKET, Key=f"{PREFIX}/{key}")
        assert head["ContentType"].split(";")[0] == expected_type(key), key
        media = (key.startswith("episodes/") and not key.endswith(".html")) or key.endswith(
            (".png", ".ico")
        )
        assert head["CacheControl"] == (LONG if media else SHORT), key
        assert head["Metadata"]["sha256"] == hashlib.sha256(body).hexdigest()
    puts = rec.puts()
    assert puts[-2:] == ["feed.xml", "index.html"]
    assert puts.index("feed.css") < puts.index("feed.xml")
    assert len(puts) == len(objects)


def test_s3_second_publish_uploads_nothing_and_new_episode_uploads_only_its_files(
    tmp_path: Path, moto_endpoint: str, bucket: Any
) -> None:
    """Unchanged: no PUT. After a new episode: its five files, then the feed and page, no more."""
    cfg = s3_cfg(tmp_path, moto_endpoint)
    rec = Recorder()
    publish(cfg, f"s3://{BUCKET}/{PREFIX}", session=rec.session)
    rec.clear()
    again = publish(cfg, f"s3://{BUCKET}/{PREFIX}", session=rec.session)
    assert rec.puts() == [] and again.uploaded == ()
    assert again.plan.unchanged == len(local_public_files(cfg))

    (cfg.output / "episodes" / "story-number-1-00000000.mp3").touch()  # new mtime, same bytes
    episode = add_episode(cfg, 3)
    pipeline.write_feed(cfg)
    rec.clear()
    publish(cfg, f"s3://{BUCKET}/{PREFIX}", session=rec.session)
    stem = episode.file.removesuffix(".mp3")
    new_files = {f"{stem}{s}" for s in (".mp3", ".vtt", ".srt", ".chapters.json", ".html")}
    puts = rec.puts()
    # The page lists the new episode too, so it changes with the feed and goes last.
    assert set(puts) == new_files | {"feed.xml", "index.html"}
    assert puts[-2:] == ["feed.xml", "index.html"]
    assert published(bucket)["feed.xml"] == (cfg.output / "feed.xml").read_bytes()


def test_s3_prune_deletes_only_with_prune_after_the_feed(
    tmp_path: Path, moto_endpoint: str, bucket: Any
) -> None:
    """An episode removed from the show stays published until --prune, which deletes it last."""
    cfg = s3_cfg(tmp_path, moto_endpoint)
    rec = Recorder()
    target = f"s3://{BUCKET}/{PREFIX}"
    publish(cfg, target, session=rec.session)
    gone = sorted(p for p in (cfg.output / "episodes").glob("story-number-1-*"))
    for path in gone:
        path.unlink()
    pipeline.write_feed(cfg)
    gone_keys = {f"episodes/{p.name}" for p in gone if not p.name.endswith("0.json")}

    rec.clear()
    kept = publish(cfg, target, session=rec.session)
    assert set(kept.plan.stale) == gone_keys and kept.deleted == ()
    assert gone_keys <= set(published(bucket))
    assert [m for m, _ in rec.requests if m in ("DELETE", "POST")] == []

    rec.clear()
    dry = publish(cfg, target, session=rec.session, prune=True, dry_run=True)
    assert set(dry.plan.deletes) == gone_keys
    assert {m for m, _ in rec.requests} == {"GET"}

    rec.clear()
    done = publish(cfg, target, session=rec.session, prune=True)
    assert set(done.deleted) == gone_keys
    assert not gone_keys & set(published(bucket))
    assert rec.requests[-1][0] == "POST"  # DeleteObjects, after every upload


def test_cli_dry_run_lists_uploads_and_changes_nothing(
    tmp_path: Path, moto_endpoint: str, bucket: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """--dry-run prints each file it would upload and leaves the bucket empty."""
    cfg = s3_cfg(tmp_path, moto_endpoint, episodes=1)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto_endpoint)
    result = CliRunner().invoke(cli, ["publish", "--to", f"s3://{BUCKET}/{PREFIX}", "--dry-run"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "would upload feed.xml" in " ".join(lines)
    assert lines[-1].startswith(f"Dry run: {len(local_public_files(cfg))} to upload")
    assert published(bucket) == {}


def test_unreachable_endpoint_fails_fast_with_one_line(
    tmp_path: Path, moto_endpoint: str, bucket: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A dead endpoint: one Error line within seconds; the published feed is unchanged."""
    cfg = s3_cfg(tmp_path, moto_endpoint, episodes=1)
    publish(cfg, f"s3://{BUCKET}/{PREFIX}")
    before = published(bucket)
    add_episode(cfg, 2)
    pipeline.write_feed(cfg)
    dead = f"http://127.0.0.1:{free_port()}"
    with (tmp_path / "briefcast.toml").open("a", encoding="utf-8") as toml:
        toml.write(f'\n[publish]\ntarget = "s3://{BUCKET}/{PREFIX}"\nendpoint_url = "{dead}"\n')
    monkeypatch.chdir(tmp_path)
    started = time.monotonic()
    result = CliRunner().invoke(cli, ["publish"])
    elapsed = time.monotonic() - started
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"Error: cannot reach {dead}")
    assert "Traceback" not in result.output
    assert elapsed < 15
    assert published(bucket) == before


def test_refused_credentials_give_one_line_and_leave_the_feed(
    tmp_path: Path, moto_endpoint: str, bucket: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Wrong keys (moto checking signatures): one Error line; nothing at the target changes."""
    cfg = s3_cfg(tmp_path, moto_endpoint, episodes=1)
    publish(cfg, f"s3://{BUCKET}/{PREFIX}")
    before = published(bucket)
    add_episode(cfg, 2)
    pipeline.write_feed(cfg)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAWRONGWRONGWRONG0")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "not-the-secret")
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto_endpoint)

    def auth(count: str) -> None:
        request = urllib.request.Request(
            f"{moto_endpoint}/moto-api/reset-auth",
            data=count.encode(),
            method="POST",
            headers={"Content-Type": "text/plain"},
        )
        with urllib.request.urlopen(request, timeout=10) as reply:
            assert reply.status == 200

    auth("0")
    try:
        result = CliRunner().invoke(cli, ["publish", "--to", f"s3://{BUCKET}/{PREFIX}"])
    finally:
        auth("inf")
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    assert lines[0].startswith(
        f"Error: s3://{BUCKET}/{PREFIX} refused the credentials (InvalidAccessKeyId"
    )
    assert published(bucket) == before


def test_no_credentials_at_all_is_one_clear_line(
    tmp_path: Path, moto_endpoint: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without any AWS credentials the error names the variables to set."""
    cfg = s3_cfg(tmp_path, moto_endpoint, episodes=1)
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    with pytest.raises(PublishError, match="no usable AWS credentials .* AWS_ACCESS_KEY_ID"):
        publish(cfg, f"s3://{BUCKET}/{PREFIX}")


# -- local folder target ------------------------------------------------------------------


def test_folder_publish_copies_changed_files_only(tmp_path: Path) -> None:
    """A folder target gets identical copies; unchanged files (even touched) are not copied."""
    cfg = make_show(tmp_path / "show", episodes=2)
    www = tmp_path / "www"
    first = publish(cfg, str(www), force=True)
    assert {
        p.relative_to(www).as_posix() for p in www.rglob("*") if p.is_file()
    } == local_public_files(cfg)
    for key in first.uploaded:
        assert (www / key).read_bytes() == (cfg.output / key).read_bytes()
    assert first.uploaded[-2:] == ("feed.xml", "index.html")

    (cfg.output / "feed.xml").touch()
    assert publish(cfg, str(www), force=True).uploaded == ()
    (cfg.output / "index.html").write_text("<!DOCTYPE html><title>new</title>\n")
    assert publish(cfg, str(www), force=True).uploaded == ("index.html",)
    assert (www / "index.html").read_text() == "<!DOCTYPE html><title>new</title>\n"


def test_folder_episode_out_of_the_feed_is_neither_uploaded_nor_kept_after_prune(
    tmp_path: Path,
) -> None:
    """A stored episode the feed no longer lists is not uploaded; --prune removes its copies."""
    cfg = make_show(tmp_path / "show", episodes=2)
    www = tmp_path / "www"
    publish(cfg, str(www), force=True)
    show = Show(cfg.output)
    newest = show.episodes()[:1]
    show.write_feed(feed.render_feed(cfg, newest))  # the older episode left the feed
    old_stem = "episodes/story-number-1-00000000"

    result = publish(cfg, str(www), force=True)
    assert not any(k.startswith(old_stem) for k in result.uploaded)
    assert result.uploaded == ("feed.xml",)
    assert {s.rsplit(".", 1)[0].split(".")[0] for s in result.plan.stale} == {old_stem}
    assert (www / f"{old_stem}.mp3").is_file()

    result = publish(cfg, str(www), prune=True, force=True)
    assert not list((www / "episodes").glob("story-number-1-*"))
    assert (www / newest[0].file).is_file()
    assert (cfg.output / f"{old_stem}.mp3").is_file()  # the producer's copy stays


def test_failure_mid_publish_leaves_the_published_feed(tmp_path: Path) -> None:
    """When a new episode's audio cannot be written, the old feed stays and says so."""
    cfg = make_show(tmp_path / "show", episodes=1)
    www = tmp_path / "www"
    publish(cfg, str(www), force=True)
    old_feed = (www / "feed.xml").read_bytes()
    episode = add_episode(cfg, 2)
    pipeline.write_feed(cfg)
    (www / episode.file).mkdir(parents=True)  # the audio's place is taken: the copy fails
    with pytest.raises(
        PublishError,
        match=r"cannot write .*mp3.*the published feed was left "
        r"as it was",
    ):
        publish(cfg, str(www), force=True)
    assert (www / "feed.xml").read_bytes() == old_feed
    assert not list(www.rglob(".*.tmp"))


def test_feed_pointing_at_a_missing_file_is_not_published(tmp_path: Path) -> None:
    """A feed whose enclosure is missing locally is refused before anything is copied."""
    cfg = make_show(tmp_path / "show", episodes=1)
    next((cfg.output / "episodes").glob("*.mp3")).unlink()
    www = tmp_path / "www"
    with pytest.raises(PublishError, match="feed.xml links to episodes/.*mp3, which is not in"):
        publish(cfg, str(www), force=True)
    assert not www.exists()


def test_feed_written_for_another_base_url_is_not_published(tmp_path: Path) -> None:
    """Enclosures outside show.base_url mean a stale feed; publishing it is refused."""
    make_show(tmp_path, episodes=1, base_url="http://127.0.0.1:8000/")
    cfg = load_config(
        tmp_path / "briefcast.toml", overrides={"show.base_url": "https://cdn.example/"}, env={}
    )
    with pytest.raises(PublishError, match="outside show.base_url https://cdn.example/"):
        publish(cfg, str(tmp_path / "www"), force=True)


def test_bad_targets_are_refused(tmp_path: Path) -> None:
    """No target, a target inside the output folder, a file, or an unknown scheme: clear errors."""
    cfg = make_show(tmp_path / "show", episodes=1)
    with pytest.raises(PublishError, match="no publish target"):
        publish(cfg)
    with pytest.raises(PublishError, match="inside the output folder"):
        publish(cfg, str(cfg.output / "copy"), force=True)
    (tmp_path / "afile").write_text("x")
    with pytest.raises(PublishError, match="is a file"):
        publish(cfg, str(tmp_path / "afile"), force=True)
    with pytest.raises(PublishError, match="unknown publish target"):
        publish(cfg, "ftp://example.org/show")
    with pytest.raises(PublishError, match="no bucket"):
        publish(cfg, "s3:///prefix")


def test_cli_publish_to_folder_reports_counts(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The command prints what it did; the target can come from the config's [publish] table."""
    cfg = make_show(tmp_path, episodes=1, base_url="https://podcast.harbour-news.net/")
    with (tmp_path / "briefcast.toml").open("a", encoding="utf-8") as toml:
        toml.write('\n[publish]\ntarget = "www"\n')
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # a folder in briefcast.toml is relative to that file
    result = CliRunner().invoke(cli, ["publish", "--config", str(tmp_path / "briefcast.toml")])
    assert result.exit_code == 0, result.output
    monkeypatch.chdir(tmp_path)
    count = len(local_public_files(cfg))
    assert f"Published to {tmp_path / 'www'}: {count} uploaded" in result.output
    result = CliRunner().invoke(cli, ["publish"])
    assert f": 0 uploaded (0 bytes), 0 deleted, {count} unchanged" in result.output


def test_publish_config_table(tmp_path: Path) -> None:
    """[publish] and the S3 target's own [publish.s3] load from the template, the file and the
    environment, and each is checked by its owner (the S3 target checks its table)."""
    from briefcast.errors import ConfigError

    toml = tmp_path / "briefcast.toml"
    toml.write_text(pipeline.config_template("Show"), encoding="utf-8")
    cfg = pipeline.load_config(toml, env={})
    assert cfg.publish.target == "" and cfg.publish.feed_max_age == 300
    assert targets.target_settings(cfg, "s3") == S3Settings()
    cfg = pipeline.load_config(toml, env={"BRIEFCAST_PUBLISH_TARGET": "s3://b/p"})
    assert cfg.publish.target == "s3://b/p"
    cfg = pipeline.load_config(toml, overrides={"publish.s3.region": "eu-west-1"}, env={})
    assert targets.target_settings(cfg, "s3") == S3Settings(region="eu-west-1")
    with pytest.raises(ConfigError, match="publish.s3.endpoint_url must start with http"):
        pipeline.load_config(toml, overrides={"publish.s3.endpoint_url": "minio:9000"}, env={})
    with pytest.raises(ConfigError, match="publish.s3.attempts must be between 1 and 10"):
        pipeline.load_config(toml, overrides={"publish.s3.attempts": 0}, env={})
    with pytest.raises(ConfigError, match="unknown setting 'publish.ftp'.*no such target"):
        pipeline.load_config(toml, overrides={"publish.ftp.host": "x"}, env={})


def test_s3_settings_written_in_publish_still_load(tmp_path: Path) -> None:
    """A briefcast.toml from before targets owned their settings, with S3's keys directly in
    [publish], gives the S3 target the same settings (its own table wins where both are
    written); a key of [publish] that no target has is still an unknown setting."""
    from briefcast.errors import ConfigError

    toml = tmp_path / "briefcast.toml"
    toml.write_text(
        '[publish]\ntarget = "s3://b/p"\nendpoint_url = "http://minio:9000"\n'
        'region = "eu-west-1"\nconnect_timeout = 2.0\nread_timeout = 30\nattempts = 5\n'
        "feed_max_age = 60\n",
        encoding="utf-8",
    )
    cfg = pipeline.load_config(toml, env={})
    assert cfg.publish.target == "s3://b/p" and cfg.publish.feed_max_age == 60
    assert targets.target_settings(cfg, "s3") == S3Settings(
        "http://minio:9000", "eu-west-1", 2.0, 30.0, 5
    )
    with toml.open("a", encoding="utf-8") as handle:
        handle.write('\n[publish.s3]\nregion = "us-east-2"\n')
    cfg = pipeline.load_config(toml, env={})
    assert targets.target_settings(cfg, "s3").region == "us-east-2"
    # An old key is checked by the target, under the name of its new home.
    with pytest.raises(ConfigError, match="publish.s3.attempts must be between 1 and 10"):
        pipeline.load_config(toml, overrides={"publish.attempts": 0}, env={})
    with pytest.raises(ConfigError, match="publish.attempts must be a whole number"):
        pipeline.load_config(toml, overrides={"publish.attempts": "many"}, env={})
    with pytest.raises(ConfigError, match="unknown setting 'publish.endpoit_url'"):
        pipeline.load_config(toml, overrides={"publish.endpoit_url": "http://x"}, env={})


def test_built_episode_published_to_a_folder_plays_from_there(
    tone_voice: Any, tmp_path: Path
) -> None:
    """A real build, published to a folder and served from it, is a podcast a client can play."""
    article = tmp_path / "short.txt"
    article.write_text(
        "Harbour reopens\n\nThe harbour reopened today. Boats returned.\n", encoding="utf-8"
    )
    port = free_port()
    cfg = load_config(
        None,
        overrides={
            "voice.engine": "tone",
            "voice.fallback": "",
            "show.base_url": f"http://127.0.0.1:{port}/",
        },
        env={},
        cwd=tmp_path,
    )
    built = pipeline.build([str(article)], cfg)
    www = tmp_path / "www"
    publish(cfg, str(www), force=True)
    with serving(www, "127.0.0.1", port):
        with urllib.request.urlopen(cfg.feed_url, timeout=10) as reply:
            parsed = podcastparser.parse(cfg.feed_url, reply)
        enclosure = parsed["episodes"][0]["enclosures"][0]
        assert enclosure["file_size"] == built.episode.size
        request = urllib.request.Request(enclosure["url"], headers={"Range": "bytes=0-99"})
        with urllib.request.urlopen(request, timeout=10) as reply:
            assert reply.status == 206
            assert reply.read() == built.audio_path.read_bytes()[:100]


def test_s3_publish_refuses_a_localhost_feed_without_force(
    tmp_path: Path, moto_endpoint: str, bucket: Any
) -> None:
    """A feed built for http://127.0.0.1 is refused by S3 publishing (nothing uploaded);
    --force publishes it anyway."""
    cfg = make_show(tmp_path, episodes=1, base_url="http://127.0.0.1:8000/")
    cfg = replace(
        cfg, publish=replace(cfg.publish, sections={"s3": {"endpoint_url": moto_endpoint}})
    )
    with pytest.raises(
        PublishError,
        match=r"points at http://127.0.0.1:8000/, a loopback "
        r"address .* or pass --force; nothing was published",
    ):
        publish(cfg, f"s3://{BUCKET}/{PREFIX}")
    assert published(bucket) == {}
    result = publish(cfg, f"s3://{BUCKET}/{PREFIX}", force=True)
    assert "feed.xml" in result.uploaded and "feed.xml" in published(bucket)


def test_cli_publish_refusal_is_one_error_line(
    tmp_path: Path, moto_endpoint: str, bucket: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`briefcast publish --to s3://...` of a private-network show: one Error line, exit 1."""
    cfg = make_show(tmp_path, episodes=1, base_url="http://192.168.1.20:8000/")
    monkeypatch.setenv("AWS_ENDPOINT_URL", moto_endpoint)
    result = CliRunner().invoke(
        cli, ["publish", "--to", f"s3://{BUCKET}/{PREFIX}", "--config", str(cfg.source)]
    )
    assert result.exit_code == 1
    assert result.output.startswith(
        "Error: the feed points at http://192.168.1.20:8000/, a private address"
    )
    assert len(result.output.strip().splitlines()) == 1


def test_publish_refuses_symlinks_that_serve_refuses(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A link in the show to a file outside it, and a link to the show's own .index.json,
    are not uploaded (their contents were), each named once in a warning; the show's own
    files are published as before, and a FIFO in the folder is skipped without blocking."""
    import os

    cfg = make_show(tmp_path / "show", episodes=1)
    secret = tmp_path / "secret.png"
    secret.write_bytes(b"\x89PNG\r\n\x1a\nSECRET")
    (cfg.output / "banner.png").symlink_to(secret)
    (cfg.output / "banner2.jpg").symlink_to(cfg.output / ".index.json")
    os.mkfifo(cfg.output / "pipe.png")
    www = tmp_path / "www"
    result = publish(cfg, str(www), force=True)
    published = {p.relative_to(www).as_posix() for p in www.rglob("*") if p.is_file()}
    assert "banner.png" not in published and "banner2.jpg" not in published
    assert not any(b"SECRET" in (www / key).read_bytes() for key in published)
    assert "feed.xml" in result.uploaded
    assert caplog.text.count("banner.png") == 1 and caplog.text.count("banner2.jpg") == 1
