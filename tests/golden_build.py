"""The golden build: the sample article scripted and built with the fake tone voice.

Everything that could change between two runs is pinned: the clock (``NOW``), the output and
cache folders (fresh ones under ``work``), the voice (:class:`fakes.ToneVoice`, registered as
engine "tone" for the duration) and the settings (defaults, with no settings file and no
environment). The guid follows from the sample's file name, the cover is drawn from the show's
title, and a public show has no token. ``tests/test_golden.py`` compares the result with
``tests/golden/`` byte for byte; ``scripts/update_golden.py`` rewrites those files on purpose.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from contextlib import chdir, contextmanager
from datetime import UTC, datetime
from pathlib import Path

from fakes import ToneVoice, engine_speaking_with

from briefcast import pipeline, voices
from briefcast.config import Config, load_config
from briefcast.scripting.script import script_to_json

GOLDEN = Path(__file__).resolve().parent / "golden"
SAMPLE = Path(__file__).resolve().parent / "data" / "npr_ukraine_pasted.txt"
NOW = datetime(2026, 3, 14, 9, 30, tzinfo=UTC)


@contextmanager
def tone_engine() -> Iterator[None]:
    """The tone voice registered as engine "tone" while the block runs."""
    saved = voices.REGISTRY.get("tone")
    voices.REGISTRY["tone"] = engine_speaking_with("tone", ToneVoice())
    try:
        yield
    finally:
        if saved is None:
            del voices.REGISTRY["tone"]
        else:
            voices.REGISTRY["tone"] = saved


def golden_config(work: Path) -> Config:
    """The default settings, with the tone voice, no fallback, and folders under ``work``."""
    return load_config(
        None,
        overrides={
            "voice.engine": "tone",
            "voice.fallback": "",
            "cache.dir": str(work / "cache"),
            "output": str(work / "feed"),
        },
        env={},
        cwd=work,
    )


def script_json(cfg: Config, article: Path) -> str:
    """What ``briefcast script ARTICLE --json`` prints for ``article`` at :data:`NOW`."""
    script = pipeline.preview_script([str(article)], cfg, now=NOW)
    seconds = pipeline.estimate_segments(script, cfg)
    return json.dumps(script_to_json(script, seconds), ensure_ascii=False, indent=2) + "\n"


def build_outputs(work: Path) -> dict[str, bytes]:
    """The golden files, by their name under ``tests/golden/``, made in the folder ``work``.

    The sample is copied into ``work`` first so that its path (which the script's sources
    name) is the same wherever the build runs.
    """
    article = work / SAMPLE.name
    shutil.copyfile(SAMPLE, article)
    with tone_engine(), chdir(work):
        cfg = golden_config(work)
        # The script names its source as given; a relative path keeps the folder out of it.
        outputs = {"script.json": script_json(cfg, Path(article.name)).encode("utf-8")}
        result = pipeline.build([article.name], cfg, now=NOW)
    feed = cfg.output
    stem = Path(result.episode.file).with_suffix("")
    outputs["feed.xml"] = (feed / "feed.xml").read_bytes()
    outputs["index.html"] = (feed / "index.html").read_bytes()
    outputs["episode.html"] = (feed / stem.with_suffix(".html")).read_bytes()
    outputs["episode.vtt"] = (feed / stem.with_suffix(".vtt")).read_bytes()
    outputs["episode.chapters.json"] = (feed / stem.with_suffix(".chapters.json")).read_bytes()
    return outputs
