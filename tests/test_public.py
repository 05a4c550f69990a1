"""One declaration of what is public: ``publish`` (folder and S3) and ``serve`` hand out only the
feed, pages, stylesheet, icon, artwork and each episode's audio, transcripts, chapters and
page; records and internal files stay home, and nothing public holds a build-machine path."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from fakes import ToneVoice, engine_speaking_with
from PIL import Image
from s3_helpers import moto_s3, use_dummy_aws

from briefcast import pipeline, voices
from briefcast.config import CONFIG_NAME, Config, load_config
from briefcast.errors import PublishError
from briefcast.publish.publish import publish
from briefcast.publish.serve import serving
from briefcast.publish.targets.s3 import S3Settings, S3Target
from briefcast.show.public import is_public

BUCKET = "public-test"
STORY = (
    "Bridge news\n\nThe council met on Monday. It voted to repair the bridge.\n\nMoney\n\n"
    "The repair will cost two million. Work starts in May.\n"
)
PUBLIC_SHOW_FILES = {"feed.xml", "index.html", "feed.css", "favicon.ico", "cover.png"}
EPISODE_SUFFIXES = (".mp3", ".vtt", ".srt", ".chapters.json", ".html")


@pytest.fixture(autouse=True)
def aws_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Dummy credentials; no AWS config files or metadata lookups."""
    use_dummy_aws(monkeypatch, tmp_path)


@pytest.fixture
def moto_endpoint() -> Iterator[str]:
    """moto's S3 in server mode on a free port."""
    with moto_s3() as endpoint:
        yield endpoint


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Config]:
    """A really built show (its record names the article's absolute path), plus the internal
    files a briefing leaves (covered.json, speaking-rates.json) holding that path too. Built
    once for the module; the tests only read it."""
    root = tmp_path_factory.mktemp("build-machine-folder")
    Image.new("RGB", (1400, 1400), (60, 20, 90)).save(root / "cover.png")
    (root / CONFIG_NAME).write_text(
        'output = "feed"\n\n[show]\ntitle = "Public Show"\nimage = "cover.png"\n'
        'base_url = "https://cdn.example.org/show/"\n\n[voice]\nengine = "tone"\n'
        'fallback = ""\n',
        encoding="utf-8",
    )
    article = root / "local-story-file.txt"
    article.write_text(STORY, encoding="utf-8")
    cfg = load_config(root / CONFIG_NAME, env={})
    saved = dict(voices.REGISTRY)
    voices.REGISTRY["tone"] = engine_speaking_with("tone", ToneVoice())
    try:
        pipeline.build([str(article)], cfg)
    finally:
        voices.REGISTRY.clear()
        voices.REGISTRY.update(saved)
    for name in ("covered.json", "speaking-rates.json"):
        (cfg.output / name).write_text(json.dumps({"origin": str(article)}), encoding="utf-8")
    record = next(
        p for p in (cfg.output / "episodes").glob("*.json") if not p.name.endswith(".chapters.json")
    )
    assert str(root) in record.read_text(encoding="utf-8")
    yield cfg


def assert_only_public(files: dict[str, bytes], machine_path: str) -> None:
    """Exactly the declared public files, and none of them names the build folder."""
    show_files = {k for k in files if "/" not in k}
    episode_files = {k for k in files if k.startswith("episodes/")}
    assert show_files == PUBLIC_SHOW_FILES
    assert episode_files and all(k.endswith(EPISODE_SUFFIXES) for k in episode_files)
    assert len(episode_files) == len(EPISODE_SUFFIXES)
    for key, data in files.items():
        assert machine_path.encode() not in data, key
        assert b"local-story-file" not in data, key


def test_declaration_names_public_and_internal_files() -> None:
    """Feed, pages, artwork and episode media are public; records, memory files, hidden and
    temporary files are not."""
    for key in (
        "feed.xml",
        "index.html",
        "feed.css",
        "favicon.ico",
        "cover.png",
        "art.jpg",
        "episodes/a-1.mp3",
        "episodes/a-1.m4a",
        "episodes/a-1.vtt",
        "episodes/a-1.srt",
        "episodes/a-1.chapters.json",
        "episodes/a-1.html",
    ):
        assert is_public(key), key
    for key in (
        "episodes/a-1.json",
        "covered.json",
        "speaking-rates.json",
        ".lock",
        ".private-token",
        ".work/build-1/episode.pcm",
        "episodes/.a-1.mp3.x.tmp",
        "briefcast.toml",
        "notes.txt",
        "other/feed.xml",
        "episodes/sub/a.mp3",
    ):
        assert not is_public(key), key


def test_folder_and_s3_publish_only_public_files(
    built: Config, tmp_path: Path, moto_endpoint: str
) -> None:
    """After publishing to a folder and to S3 (moto), each holds exactly the public files, and
    none contains the build folder's path."""
    target = tmp_path / "www"
    publish(built, str(target), force=True)
    folder_files = {
        p.relative_to(target).as_posix(): p.read_bytes() for p in target.rglob("*") if p.is_file()
    }
    assert_only_public(folder_files, str(built.output.parent))

    client = boto3.client("s3", endpoint_url=moto_endpoint, region_name="us-east-1")
    client.create_bucket(Bucket=BUCKET)
    from dataclasses import replace

    cfg = replace(
        built, publish=replace(built.publish, sections={"s3": {"endpoint_url": moto_endpoint}})
    )
    publish(cfg, f"s3://{BUCKET}/show", force=True)
    objects = {
        o["Key"][len("show/") :]: client.get_object(Bucket=BUCKET, Key=o["Key"])["Body"].read()
        for o in client.list_objects_v2(Bucket=BUCKET).get("Contents", [])
    }
    assert_only_public(objects, str(built.output.parent))


def test_serve_answers_404_for_records_and_internal_files(built: Config) -> None:
    """serve gives records, covered.json, speaking-rates.json and hidden files a 404, and the
    public files a 200 with CORS, audio included."""
    record = next(
        p
        for p in (built.output / "episodes").glob("*.json")
        if not p.name.endswith(".chapters.json")
    )
    audio = next((built.output / "episodes").glob("*.mp3"))
    with serving(built.output) as server:
        base = f"http://127.0.0.1:{server.port}/"
        for key in (
            f"episodes/{record.name}",
            "covered.json",
            "speaking-rates.json",
            ".lock",
            "nothing-here.txt",
        ):
            with pytest.raises(urllib.error.HTTPError) as caught:
                urllib.request.urlopen(base + key, timeout=5)
            assert caught.value.code == 404, key
        listing = urllib.request.urlopen(base + "episodes/", timeout=5).read().decode()
        assert record.name not in listing and audio.name in listing
        for key in ("feed.xml", f"episodes/{audio.name}", "cover.png"):
            with urllib.request.urlopen(base + key, timeout=5) as resp:
                assert resp.status == 200
                assert resp.headers["Access-Control-Allow-Origin"] == "*", key


def test_folder_target_leftover_temp_files_are_removed(built: Config, tmp_path: Path) -> None:
    """Hidden .tmp files a killed publish left in a folder target go with the next publish."""
    target = tmp_path / "www"
    publish(built, str(target), force=True)
    leftover = target / "episodes" / ".story.mp3.abc123.tmp"
    leftover.write_bytes(b"half a file")
    (target / ".feed.xml.x1.tmp").write_bytes(b"<rss")
    publish(built, str(target), force=True)
    assert not leftover.exists() and not (target / ".feed.xml.x1.tmp").exists()


def test_s3_access_denied_names_bucket_and_key() -> None:
    """An S3 AccessDenied (403) says "access denied" with the bucket and key, not that the
    credentials are wrong."""
    target = S3Target(
        "my-bucket",
        "show",
        S3Settings(),
        session=boto3.session.Session(
            aws_access_key_id="x", aws_secret_access_key="y", region_name="us-east-1"
        ),
    )
    error: dict[str, Any] = {"Error": {"Code": "AccessDenied", "Message": "Access Denied"}}
    with pytest.raises(PublishError) as caught, target._errors("upload to", "feed.xml"):
        raise ClientError(error, "PutObject")  # type: ignore[arg-type]
    message = str(caught.value)
    assert "access denied" in message and "my-bucket" in message and "show/feed.xml" in message
    assert "credentials" not in message.split(";")[0]
