"""A cheap but real show folder for the serve and publish tests.

Episodes are one-second sine tones encoded to MP3 by the bundled ffmpeg, stored through the
real store and turned into ``feed.xml`` by the real pipeline; each gets a WebVTT and SRT
transcript and a JSON chapters file beside it, as the feed stage writes them. No speech needed.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from briefcast import pipeline
from briefcast.audio.formats.mp3 import Mp3, mp3_duration
from briefcast.audio.media import run_ffmpeg
from briefcast.config import CONFIG_NAME, Config, load_config
from briefcast.models import Cue, Episode, SegmentTiming
from briefcast.show.store import Show, slugify

BASE_DATE = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)


def show_config(root: Path, base_url: str = "http://127.0.0.1:8000/", **publish: str) -> Config:
    """A show in ``root/feed`` with artwork, its ``briefcast.toml`` written in ``root``.

    ``publish`` holds ``[publish]`` settings given as overrides; the environment is ignored.
    """
    root.mkdir(parents=True, exist_ok=True)
    cover = root / "cover.png"
    if not cover.exists():
        run_ffmpeg(
            ["-f", "lavfi", "-i", "color=c=navy:s=1400x1400", "-frames:v", "1", "-y", str(cover)]
        )
    toml = root / CONFIG_NAME
    toml.write_text(
        f'output = "feed"\n\n[show]\ntitle = "Test Brief"\nbase_url = "{base_url}"\n'
        f'image = "cover.png"\n',
        encoding="utf-8",
    )
    overrides = {f"publish.{key}": value for key, value in publish.items()}
    return load_config(toml, overrides=overrides, env={}, cwd=root)


def add_episode(cfg: Config, index: int) -> Episode:
    """Store episode number ``index`` (a tone whose pitch depends on it) with its side files."""
    show = Show(cfg.output)
    show.ensure()
    title = f"Story number {index}"
    guid = f"00000000-0000-4000-8000-{index:012d}"
    slug = f"{slugify(title)}-{guid[:8]}"
    audio_path = show.episodes_dir / f"{slug}{Mp3.extension}"
    run_ffmpeg(
        [
            "-f",
            "lavfi",
            "-i",
            f"sine=frequency={300 + 40 * index}:duration=1",
            "-ac",
            "1",
            "-ar",
            "44100",
            "-b:a",
            "64k",
            "-y",
            str(audio_path),
        ]
    )
    duration = mp3_duration(audio_path)
    episode = Episode(
        guid=guid,
        title=title,
        date=BASE_DATE + timedelta(days=index),
        duration=round(duration, 3),
        file=audio_path.relative_to(cfg.output).as_posix(),
        size=audio_path.stat().st_size,
        engine="fake",
        sources=(f"story{index}.txt",),
        segments=(
            SegmentTiming(
                "intro", title, 0.0, duration, cues=(Cue(0.0, duration, f"This is story {index}."),)
            ),
        ),
        description=f"A one-second tone standing in for story {index}.",
    )
    show.save(episode)
    end = f"00:00:0{duration:.3f}"
    (show.episodes_dir / f"{slug}.vtt").write_text(
        f"WEBVTT\n\n{'00:00:00.000'} --> {end}\nThis is story {index}.\n", encoding="utf-8"
    )
    (show.episodes_dir / f"{slug}.srt").write_text(
        f"1\n00:00:00,000 --> {end.replace('.', ',')}\nThis is story {index}.\n", encoding="utf-8"
    )
    chapters = {"version": "1.2.0", "chapters": [{"startTime": 0, "title": title}]}
    (show.episodes_dir / f"{slug}.chapters.json").write_text(json.dumps(chapters), encoding="utf-8")
    return episode


def make_show(root: Path, episodes: int = 1, base_url: str = "http://127.0.0.1:8000/") -> Config:
    """A show with ``episodes`` episodes, feed.xml and its stylesheet, cover art and a page."""
    cfg = show_config(root, base_url)
    for index in range(1, episodes + 1):
        add_episode(cfg, index)
    # Writes feed.xml with its stylesheet feed.css, the page index.html and the side files.
    pipeline.write_feed(cfg)
    return cfg
