"""Episode artwork (issue 25): the article's lead picture (``og:image``, front matter
``image``, ``--image``) made square, in the item's ``itunes:image``, the file's tags and the
episode page's ``og:image``; the show's cover, with one warning, when it cannot be used."""

from __future__ import annotations

import io
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import podcastparser
import pytest
from click.testing import CliRunner
from http_helpers import serving_handler
from lxml import html as lxml_html
from mutagen.id3 import ID3
from node_tools import partytime
from PIL import Image

from briefcast import pipeline
from briefcast.config import Config
from briefcast.errors import FeedError
from briefcast.show import store
from briefcast.site.cover import square_artwork

PARAGRAPH = (
    "The harbour wall was repaired in time for the winter storms, the council said on "
    "Friday, after six months of work by crews from three towns along the coast. "
)


def picture(width: int, height: int, colour: tuple[int, int, int] = (200, 40, 40)) -> bytes:
    """PNG bytes of a plain ``width`` x ``height`` picture."""
    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, format="PNG")
    return out.getvalue()


def page(image: str) -> bytes:
    """An article page whose ``og:image`` is ``image``."""
    return (
        "<!DOCTYPE html><html lang='en'><head><title>Harbour wall repaired</title>"
        f"<meta property='og:image' content='{image}'></head><body><article>"
        "<h1>Harbour wall repaired</h1>"
        + f"<p>{PARAGRAPH * 3}</p>" * 4
        + "</article></body></html>"
    ).encode()


Routes = dict[str, tuple[int, str, bytes]]


@pytest.fixture
def site() -> Iterator[tuple[str, Routes]]:
    """A local web server: its base URL and the routes it answers (path -> status, type, body)."""
    routes: Routes = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the http.server API
            status, kind, body = routes.get(self.path, (404, "text/plain", b"not found"))
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    with serving_handler(Handler) as base:
        yield base, routes


def near(colour: object, expected: tuple[int, int, int], tolerance: int = 10) -> bool:
    """Whether an RGB pixel is within ``tolerance`` of ``expected`` in every channel."""
    assert isinstance(colour, tuple)
    return all(abs(a - b) < tolerance for a, b in zip(colour, expected, strict=True))


def embedded(path: Path) -> Image.Image:
    """The picture embedded in an MP3's tags."""
    frames = ID3(path).getall("APIC")
    assert len(frames) == 1
    return Image.open(io.BytesIO(frames[0].data))


def test_square_artwork_pads_and_bounds() -> None:
    """A wide picture is padded to a square (the whole picture kept, centred, the padding in
    its edge colour), a small one enlarged to 1400 px, a huge one reduced to 3000 px; every
    result is a JPEG; junk is a clear error."""
    wide = Image.open(io.BytesIO(square_artwork(picture(2000, 1000), "wide")))
    assert wide.format == "JPEG" and wide.size == (2000, 2000)
    assert near(wide.getpixel((1000, 1000)), (200, 40, 40), 8)
    assert near(wide.getpixel((5, 5)), (200, 40, 40), 8)
    small = Image.open(io.BytesIO(square_artwork(picture(300, 200), "small")))
    assert small.size == (1400, 1400)
    huge = Image.open(io.BytesIO(square_artwork(picture(5000, 1000), "huge")))
    assert huge.size == (3000, 3000)
    with pytest.raises(FeedError, match="junk.png is not a picture"):
        square_artwork(b"not a picture", "junk.png")


def test_og_image_is_the_episode_artwork(tone_config: Config, site: tuple[str, Routes]) -> None:
    """Acceptance 4: an HTML page with an og:image, served locally: the item has an
    itunes:image that podcastparser and podcast-partytime read, the MP3 holds the (square)
    picture, and the episode page's og:image names it."""
    base, routes = site
    routes["/story.html"] = (200, "text/html; charset=utf-8", page("/pictures/lead.png"))
    routes["/pictures/lead.png"] = (200, "image/png", picture(1600, 900, (20, 120, 200)))
    result = pipeline.build([base + "/story.html"], tone_config)
    episode = result.episode
    assert result.warnings == ()
    assert episode.image == store.episode_files(episode).image
    url = tone_config.show.base_url + episode.image
    stored = Image.open(tone_config.output / episode.image)
    assert stored.format == "JPEG" and stored.size == (1600, 1600)
    feed_path = tone_config.output / "feed.xml"
    with feed_path.open("rb") as handle:
        parsed = podcastparser.parse(tone_config.feed_url, handle)
    assert parsed["episodes"][0]["episode_art_url"] == url
    items = partytime(feed_path)["items"]
    assert items[0]["image"] == url
    art = embedded(tone_config.output / episode.file)
    assert art.size[0] == art.size[1] and near(art.getpixel((700, 700)), (20, 120, 200), 10)
    tree = lxml_html.fromstring(
        (tone_config.output / store.episode_files(episode).page).read_bytes()
    )
    assert tree.xpath("//meta[@property='og:image']/@content") == [url]


def test_broken_picture_gives_one_warning_and_the_show_cover(
    tone_config: Config, site: tuple[str, Routes], tmp_path: Path
) -> None:
    """Acceptance 4: a lead picture that is not a picture (here an HTML page) gives one
    ``Warning:`` line; the episode carries the show's cover (no item image, the cover in the
    file's tags and on the page)."""
    base, routes = site
    routes["/story.html"] = (200, "text/html; charset=utf-8", page(base + "/broken.png"))
    routes["/broken.png"] = (200, "image/png", b"<html>oops</html>")
    result = CliRunner(mix_stderr=False).invoke(
        pipeline_cli(),
        ["build", base + "/story.html", "--out", str(tone_config.output), "--engine", "tone"],
        env={"BRIEFCAST_FALLBACK": ""},
    )
    assert result.exit_code == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "picture" in line]
    assert len(warnings) == 1 and warnings[0].startswith("Warning: ")
    assert "broken.png is not a picture" in warnings[0] and "show's cover" in warnings[0]
    episode = store.Show(tone_config.output).episodes()[0]
    assert episode.image == ""
    assert "itunes:image" not in (tone_config.output / "feed.xml").read_text().split("<item>")[1]
    art = embedded(tone_config.output / episode.file)
    assert art.size == (1400, 1400)
    tree = lxml_html.fromstring(
        (tone_config.output / store.episode_files(episode).page).read_bytes()
    )
    assert tree.xpath("//meta[@property='og:image']/@content") == [
        tone_config.show.base_url + "cover.png"
    ]


def test_image_flag_and_front_matter(tone_config: Config, tmp_path: Path) -> None:
    """``image:`` in front matter (a path beside the article) is the episode's artwork;
    ``--image`` wins over it."""
    (tmp_path / "lead.png").write_bytes(picture(1500, 1500, (10, 200, 10)))
    (tmp_path / "other.png").write_bytes(picture(1400, 1000, (200, 200, 10)))
    article = tmp_path / "story.md"
    article.write_text(f"---\ntitle: Wall\nimage: lead.png\n---\n\n{PARAGRAPH}\n", encoding="utf-8")
    episode = pipeline.build([str(article)], tone_config).episode
    colour = Image.open(tone_config.output / episode.image).getpixel((750, 750))
    assert near(colour, (10, 200, 10), 10)
    episode = pipeline.build([str(article)], tone_config, image=str(tmp_path / "other.png")).episode
    colour = Image.open(tone_config.output / episode.image).getpixel((700, 700))
    assert near(colour, (200, 200, 10), 10)


def pipeline_cli() -> object:
    """The click group (imported late: only the CLI imports click)."""
    from briefcast.cli import cli

    return cli


def test_lead_image_is_found_in_order_and_resolved() -> None:
    """og:image wins over twitter:image, which wins over the first figure; a relative
    address is resolved against the page's URL (and <base>), or the saved page's folder."""
    import lxml.html

    from briefcast.reading.readers.html import lead_image

    both = lxml.html.document_fromstring(
        '<html><head><meta name="twitter:image" content="/t.png">'
        '<meta property="og:image" content="/o.png"></head><body><p>x</p></body></html>'
    )
    assert lead_image(both, "https://news.example/a/story.html") == "https://news.example/o.png"
    figure = lxml.html.document_fromstring(
        '<html><head><base href="https://cdn.example/x/"></head><body><article><p>x</p>'
        '<figure><img src="lead.jpg"></figure><img src="second.jpg"></article></body></html>'
    )
    assert lead_image(figure, "https://news.example/a/") == "https://cdn.example/x/lead.jpg"
    saved = lxml.html.document_fromstring(
        '<html><body><figure><img src="img/lead.jpg"></figure></body></html>'
    )
    assert lead_image(saved, "", "/srv/pages/story.html") == "/srv/pages/img/lead.jpg"
    none = lxml.html.document_fromstring("<html><body><p>No picture.</p></body></html>")
    assert lead_image(none, "https://news.example/") == ""
