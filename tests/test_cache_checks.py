"""Damaged cache entries are misses, never published (issue 24, findings 6 and 7).

An encoded episode in the cache cut to 1,000 bytes once went out as a new show's episode: the
feed said 46 s, the file played 0.07 s, and ``validate`` found nothing. A cover in the cache
that began like a PNG but was not one failed every build of the show without naming the
cache. Now every entry is checked against the checksum kept with it: a damaged one is named
in one warning, dropped, and made again; and ``validate`` compares the audio a file really
holds with the length it announces.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from mutagen.id3 import ID3
from ownedshow import (
    article,
    assert_valid_show,
    new_show,
    ok,
    read_record,
    records,
    run,
    use_tone_voice,
    warnings,
)
from PIL import Image

from briefcast.audio.media import decode_to_pcm


def _cache() -> Path:
    return Path(os.environ["BRIEFCAST_CACHE_DIR"]) / "audio"


@pytest.fixture(autouse=True)
def _tone(monkeypatch: pytest.MonkeyPatch) -> None:
    use_tone_voice(monkeypatch)


def test_a_truncated_cached_episode_is_made_again_not_published(tmp_path: Path) -> None:
    """The same article built into a second show after its cached MP3 was cut to 1,000 bytes:
    one warning names the cache entry, the new show's file holds all of its audio, and the
    show is valid."""
    first = new_show(tmp_path / "first")
    story = tmp_path / "story.md"
    story.write_text(article("Harbour plan", "harbour"), encoding="utf-8")
    ok(run(first, "build", str(story)))
    cached = sorted((_cache() / "episodes").rglob("*.mp3"))
    assert cached
    for entry in cached:
        entry.write_bytes(entry.read_bytes()[:1000])
    second = new_show(tmp_path / "second")
    result = ok(run(second, "build", str(story)))
    named = [w for w in warnings(result) if "cached episode" in w]
    assert len(named) == 1 and cached[0].name in named[0], result.stderr
    data = read_record(records(second)[0])
    decoded = len(decode_to_pcm(second / "feed" / data["file"], 8000)) / 16000
    assert abs(decoded - data["duration"]) < 1.0, (decoded, data["duration"])
    assert_valid_show(second, items=1)


def test_validate_reports_a_file_cut_short(tmp_path: Path) -> None:
    """An episode file cut 1,000 bytes into its audio (its feed length changed to match)
    still announces its whole length in its header: ``validate`` reports that it is cut
    short."""
    show = new_show(tmp_path / "show")
    (tmp_path / "story.md").write_text(article("Harbour plan", "harbour"), encoding="utf-8")
    ok(run(show, "build", str(tmp_path / "story.md")))
    data = read_record(records(show)[0])
    audio = show / "feed" / data["file"]
    keep = ID3(audio).size + 1000  # the tags (with the cover) and 1,000 bytes of audio
    audio.write_bytes(audio.read_bytes()[:keep])
    feed = show / "feed" / "feed.xml"
    feed.write_text(
        feed.read_text(encoding="utf-8").replace(f'length="{data["size"]}"', f'length="{keep}"'),
        encoding="utf-8",
    )
    result = run(show, "validate")
    assert result.exit_code == 1
    assert "cut short" in result.output, result.output


def test_a_damaged_cached_cover_is_drawn_again(tmp_path: Path) -> None:
    """A show with a generated cover whose cached PNG was replaced by garbage that passes the
    PNG header check: the next build works, one warning names the cache entry, and the
    show's cover is a real image again."""
    show = new_show(tmp_path / "show", image=False)
    (tmp_path / "a.md").write_text(article("Harbour plan", "harbour"), encoding="utf-8")
    ok(run(show, "build", str(tmp_path / "a.md")))
    covers = sorted((_cache() / "artwork").rglob("*.png"))
    assert covers
    for entry in covers:
        entry.write_bytes(b"\x89PNG\r\n\x1a\n" + b"garbage" * 200)
    (show / "feed" / "cover.png").unlink()
    (tmp_path / "b.md").write_text(article("Rail plan", "rail"), encoding="utf-8")
    result = ok(run(show, "build", str(tmp_path / "b.md")))
    named = [w for w in warnings(result) if "cached artwork" in w]
    assert len(named) == len(covers) and covers[0].name in "".join(named), result.stderr
    with Image.open(show / "feed" / "cover.png") as image:
        image.load()
    assert_valid_show(show, items=2)
