"""The generated cover: square, 1400 to 3000 px, RGB, and of the format its name says."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from feed_helpers import show_config
from PIL import Image, ImageStat

from briefcast import pipeline
from briefcast.show import layout
from briefcast.site import cover


@pytest.mark.parametrize(
    "title",
    [
        "Briefcast",
        "The Very Long Morning Briefing of World News, Politics, Markets & Science for Busy People",
    ],
)
def test_generated_cover_meets_apples_artwork_rules(title: str) -> None:
    """The cover is a 3000 px square RGB PNG with the title drawn on it (not a blank image)."""
    data = cover.render_cover(title)
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "PNG"
        assert image.mode == "RGB"
        assert image.size == (3000, 3000)
        # White type on a plain dark colour: some pixels are near white, most are not.
        grey = image.convert("L")
        assert ImageStat.Stat(grey).extrema[0][1] >= 250
        white = sum(grey.histogram()[240:])
        assert 0.005 < white / (3000 * 3000) < 0.5


def test_cover_is_deterministic() -> None:
    """The same title gives the same bytes, so rebuilds do not rewrite the file."""
    assert cover.render_cover("Same") == cover.render_cover("Same")
    assert cover.render_cover("Same") != cover.render_cover("Other")


def test_show_without_artwork_gets_cover_png_in_its_feed(tmp_path: Path) -> None:
    """write_feed with no show.image writes cover.png, of the format its extension says."""
    cfg = show_config(tmp_path / "feed")
    pipeline.write_feed(cfg)
    path = cfg.output / layout.COVER_NAME
    with Image.open(path) as image:
        assert (image.format, image.mode, image.size) == ("PNG", "RGB", (3000, 3000))
    assert (
        b'<itunes:image href="https://podcast.example/show/cover.png"/>'
        in (cfg.output / "feed.xml").read_bytes()
    )
