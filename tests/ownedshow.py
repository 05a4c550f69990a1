"""A small real show for the ownership tests (issue 24): built by the CLI with a fast tone voice,
then damaged on purpose, and checked with real parsers afterwards.

:func:`new_show` writes the config and registers the tone voice; :func:`run` drives the CLI;
:func:`assert_valid_show` checks what every acceptance test asks of the show afterwards: the
feed parses (feedparser and podcastparser), ``validate`` finds no error and every file the feed
names is in the folder.
"""

from __future__ import annotations

import json
import shutil
import urllib.parse
from pathlib import Path
from typing import Any

import feedparser
import podcastparser
import pytest
from click.testing import CliRunner, Result
from fakes import ToneVoice, engine_speaking_with
from PIL import Image

from briefcast import voices
from briefcast.cli import cli
from briefcast.config import CONFIG_NAME

BASE_URL = "https://podcast.example/show/"


def use_tone_voice(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let the engine name "tone" speak with a fast :class:`ToneVoice` (short audio)."""
    monkeypatch.setitem(
        voices.REGISTRY,
        "tone",
        engine_speaking_with("tone", ToneVoice(chars_per_second=400, overhead=0.05)),
    )


def new_show(root: Path, extra: str = "", *, image: bool = True) -> Path:
    """A show folder ``root`` with a config voicing with "tone" into ``feed``, and artwork of
    its own (else briefcast draws a cover)."""
    root.mkdir(parents=True, exist_ok=True)
    if image:
        Image.new("RGB", (1400, 1400), (20, 60, 90)).save(root / "cover.png")
    artwork = 'image = "cover.png"\n' if image else ""
    (root / CONFIG_NAME).write_text(
        f'output = "feed"\n\n[show]\ntitle = "Owned Show"\n{artwork}'
        f'base_url = "{BASE_URL}"\nauthor = "Test Producer"\n'
        f'email = "producer@podcast.invalid"\n{extra}\n'
        '[voice]\nengine = "tone"\nfallback = ""\n',
        encoding="utf-8",
    )
    return root


def article(title: str, topic: str, url: str = "") -> str:
    """A Markdown article about ``topic`` (front matter with ``url`` when given)."""
    front = f"---\nsource_url: {url}\n---\n" if url else ""
    body = " ".join(f"The {topic} report adds point number {n}." for n in range(6))
    return f"{front}# {title}\n\n{body}\n\nA second paragraph on the {topic}. {body}\n"


def run(root: Path, *args: str) -> Result:
    """Run the CLI on the show in ``root``."""
    return CliRunner(mix_stderr=False).invoke(cli, [*args, "--config", str(root / CONFIG_NAME)])


def ok(result: Result) -> Result:
    """``result``, asserting it exited 0 without an error line."""
    assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
    assert "Error:" not in result.stderr and "Traceback" not in result.stderr, result.stderr
    return result


def warnings(result: Result) -> list[str]:
    """The warning lines a command printed."""
    return [line for line in result.stderr.splitlines() if line.lower().startswith("warning:")]


def records(root: Path) -> list[Path]:
    """The show's record files, sorted."""
    folder = root / "feed" / "episodes"
    return sorted(p for p in folder.glob("*.json") if not p.name.endswith(".chapters.json"))


def read_record(path: Path) -> dict[str, Any]:
    """A record file as JSON."""
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def write_record(path: Path, data: dict[str, Any]) -> None:
    """Write a record file back (NaN and infinities as JSON's extensions)."""
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")


def copy_show(template: Path, root: Path) -> Path:
    """A copy of the show folder ``template`` at ``root``."""
    shutil.copytree(template, root)
    return root


def assert_valid_show(root: Path, items: int | None = None) -> list[str]:
    """The show in ``root`` is valid: the feed parses with feedparser and podcastparser,
    ``validate`` exits 0, and every file it names under the base URL exists. Returns the
    enclosure files (relative to the output folder)."""
    out = root / "feed"
    data = (out / "feed.xml").read_bytes()
    parsed = feedparser.parse(data)
    assert not parsed.bozo, parsed.bozo_exception
    with (out / "feed.xml").open("rb") as handle:
        podcast = podcastparser.parse(BASE_URL + "feed.xml", handle)
    if items is not None:
        assert len(parsed.entries) == len(podcast["episodes"]) == items
    result = run(root, "validate")
    assert result.exit_code == 0, result.output
    named = []
    for entry in parsed.entries:
        for link in entry.get("enclosures", []):
            assert link["href"].startswith(BASE_URL), link["href"]
            rel = urllib.parse.unquote(link["href"][len(BASE_URL) :])
            assert (out / rel).is_file(), rel
            named.append(rel)
    return named
