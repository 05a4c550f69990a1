"""``briefcast validate``: a built show passes clean; each broken feed reports its error."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from feed_helpers import BuiltShow, build_show

from briefcast.cli import cli
from briefcast.show import store
from briefcast.site.validate import validate_bytes, validate_path

FEEDS = Path(__file__).parent / "data" / "feeds"

# Broken feed -> (element, part of the message) that validation must report as an error.
EXPECTED: dict[str, tuple[str, str]] = {
    "missing_enclosure_length": ("item[1]/enclosure", "no length attribute"),
    "duplicate_guid": ("item[2]/guid", "duplicate guid 'episode-2'"),
    "bad_category": ("channel/itunes:category", "'Newz' is not one of Apple's podcast categories"),
    "bad_subcategory": ("channel/itunes:category", "'Cooking' is not a subcategory of 'News'"),
    "naive_date": ("item[1]/pubDate", "has no timezone"),
    "artwork_too_small": ("channel/itunes:image", "600x600 px: artwork must be between 1400"),
    "artwork_not_rgb": ("channel/itunes:image", "Apple requires RGB"),
    "explicit_invalid": ("channel/itunes:explicit", "'maybe' is not allowed"),
    "missing_title": ("channel/title", "missing"),
    "description_too_long": ("channel/description", "Apple allows at most 4000"),
    "relative_enclosure_url": ("item[1]/enclosure", "is not an absolute http(s) URL"),
    "wrong_enclosure_type": ("item[1]/enclosure", "'text/html' is not an audio type"),
    "bad_duration": ("item[1]/itunes:duration", "'one minute' is not a duration"),
    "missing_guid": ("item[1]/guid", "missing"),
    "missing_image": ("channel/itunes:image", "missing"),
    "bad_podcast_guid": ("channel/podcast:guid", "'not-a-uuid' is not a UUID"),
    "bad_chapters_type": ("item[1]/podcast:chapters", "use application/json+chapters"),
    "broken_transcript": ("item[1]/podcast:transcript", "broken.vtt does not parse"),
    "missing_enclosure": ("item[1]/enclosure", "missing"),
    "bad_language": ("channel/language", "'English' is not an ISO 639 language code"),
    "malformed_xml": ("rss", "not well-formed XML"),
    "not_rss": ("rss", "not an RSS 2.0"),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuiltShow:
    """Two episodes built with the tone voice."""
    return build_show(tmp_path_factory.mktemp("validate"))


def test_every_broken_feed_in_the_data_folder_has_an_expectation() -> None:
    """tests/data/feeds holds at least 12 broken feeds, each listed above, and a valid one."""
    names = {p.stem for p in FEEDS.glob("*.xml")} - {"valid"}
    assert names == set(EXPECTED) and len(names) >= 12
    assert (FEEDS / "valid.xml").is_file()


def test_the_valid_sample_feed_has_no_problem() -> None:
    """The feed the broken ones derive from is clean, so each error comes from its defect."""
    report = validate_path(FEEDS / "valid.xml")
    assert report.problems == () and report.items == 2


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_broken_feed_reports_its_error(name: str) -> None:
    """`briefcast validate FEED` prints the expected error with its element and exits 1."""
    element, message = EXPECTED[name]
    result = CliRunner().invoke(cli, ["validate", str(FEEDS / f"{name}.xml")])
    assert result.exit_code == 1, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error: ")]
    assert any(line.startswith(f"Error: {element}: ") and message in line for line in errors), (
        result.output
    )


def test_built_show_validates_without_error_or_warning(built: BuiltShow) -> None:
    """The show's own feed (default FEED), with every local file checked: nothing to report."""
    result = CliRunner().invoke(cli, ["validate", "--strict", "--out", str(built.root)])
    assert result.exit_code == 0, result.output
    assert "2 episode(s), 0 error(s), 0 warning(s)" in result.output
    assert "Error:" not in result.output and "Warning:" not in result.output


def test_local_files_are_checked_against_the_feed(built: BuiltShow, tmp_path: Path) -> None:
    """Changed audio, a broken transcript or chapters file, or a missing file are errors."""
    copy = tmp_path / "feed"
    shutil.copytree(built.root, copy)
    episode = store.Show(copy).episodes()[0]
    files = store.episode_files(episode)
    with (copy / files.audio).open("ab") as handle:
        handle.write(b"\0" * 100)
    (copy / files.srt).write_text("1\nnot a timing\nhello\n", encoding="utf-8")
    (copy / files.chapters).write_text('{"version": "1.2.0", "chapters": []}', encoding="utf-8")
    other = store.episode_files(store.Show(copy).episodes()[1])
    (copy / other.vtt).unlink()
    report = validate_path(copy / "feed.xml", require_local=True)
    found = [(p.element, p.message) for p in report.errors]
    assert any(
        e == "item[1]/enclosure"
        and f"but {Path(files.audio).name} has {episode.size + 100} bytes" in m
        for e, m in found
    ), found
    assert any(e == "item[1]/podcast:transcript" and "bad cue timing" in m for e, m in found)
    assert any(e == "item[1]/podcast:chapters" and "non-empty list" in m for e, m in found)
    assert any(e == "item[2]/podcast:transcript" and "does not exist" in m for e, m in found)


def test_duration_must_match_the_audio(built: BuiltShow, tmp_path: Path) -> None:
    """An itunes:duration 30 s off the real audio length is an error."""
    xml = (built.root / "feed.xml").read_bytes()
    episode = store.Show(built.root).episodes()[0]
    stated = f"<itunes:duration>{round(episode.duration)}</itunes:duration>".encode()
    assert stated in xml
    wrong = xml.replace(
        stated, f"<itunes:duration>{round(episode.duration) + 30}</itunes:duration>".encode(), 1
    )
    report = validate_bytes(wrong, built.root, require_local=True)
    assert any(
        p.element == "item[1]/itunes:duration" and "lasts" in p.message for p in report.errors
    ), report.problems


def test_deprecated_values_are_warnings_not_errors() -> None:
    """itunes:explicit "no" and a fractional duration warn; the exit code stays 0."""
    xml = (FEEDS / "valid.xml").read_bytes()
    xml = xml.replace(
        b"<itunes:explicit>false</itunes:explicit>\n    <podcast:guid>",
        b"<itunes:explicit>no</itunes:explicit>\n    <podcast:guid>",
    )
    xml = xml.replace(b"<itunes:duration>60<", b"<itunes:duration>60.5<")
    report = validate_bytes(xml)
    assert report.ok
    assert {p.element for p in report.warnings} == {
        "channel/itunes:explicit",
        "item[1]/itunes:duration",
    }


def test_validate_without_a_feed_says_what_to_do(tmp_path: Path) -> None:
    """No feed.xml yet: one Error line saying to build first, exit 1."""
    result = CliRunner().invoke(cli, ["validate", "--out", str(tmp_path / "empty")])
    assert result.exit_code == 1
    assert result.output.startswith("Error: feed not found: ")
    assert "build an episode first" in result.output


def test_build_refuses_to_publish_a_feed_with_errors(tmp_path: Path) -> None:
    """`briefcast build` with 600 px artwork stores the episode but writes no feed.xml."""
    from feed_helpers import BASE_URL, tone_voice, write_articles
    from PIL import Image

    small = tmp_path / "small.png"
    Image.new("RGB", (600, 600), (1, 2, 3)).save(small)
    config = tmp_path / "briefcast.toml"
    config.write_text(
        f'output = "feed"\n[show]\nbase_url = "{BASE_URL}"\nimage = "small.png"\n'
        f'[voice]\nengine = "piper"\nfallback = ""\n',
        encoding="utf-8",
    )
    article, _ = write_articles(tmp_path / "articles")
    with tone_voice():
        result = CliRunner().invoke(cli, ["build", str(article), "--config", str(config)])
    assert result.exit_code == 1
    (error,) = [line for line in result.output.splitlines() if line.startswith("Error: ")]
    assert "was stored, but the new feed has 1 error(s), so feed.xml was left unchanged" in error
    assert "channel/itunes:image: small.png is 600x600 px" in error
    assert not (tmp_path / "feed" / "feed.xml").exists()
    assert len(store.Show(tmp_path / "feed").episodes()) == 1


def _valid_with(old: bytes, new: bytes) -> bytes:
    xml = (FEEDS / "valid.xml").read_bytes()
    assert old in xml
    return xml.replace(old, new)


def _warnings(xml: bytes) -> list[str]:
    return [str(p) for p in validate_bytes(xml).warnings]


def test_placeholder_example_com_url_warns() -> None:
    """An example.com address anywhere in the feed is a warning naming it and its element."""
    xml = _valid_with(
        b'<itunes:image href="https://podcast.example/show/cover.jpg"/>',
        b'<itunes:image href="https://www.example.com/cover.jpg"/>',
    )
    assert any(
        w.startswith(
            "Warning: channel/itunes:image: https://www.example.com/cover.jpg is a placeholder URL"
        )
        for w in _warnings(xml)
    ), _warnings(xml)


def test_placeholder_example_org_url_warns() -> None:
    """An example.org episode URL is a warning."""
    xml = _valid_with(
        b"https://podcast.example/show/episodes/one.mp3", b"https://example.org/one.mp3"
    )
    assert any(
        "item[2]/enclosure: https://example.org/one.mp3 is a placeholder URL" in w
        for w in _warnings(xml)
    ), _warnings(xml)


def test_placeholder_example_email_warns() -> None:
    """The template's owner e-mail (podcast@example.com) and any @example.* address warn."""
    xml = _valid_with(
        b"<itunes:email>owner@podcast.example</itunes:email>",
        b"<itunes:email>podcast@example.net</itunes:email>",
    )
    assert any(
        w.startswith(
            "Warning: channel/itunes:owner/itunes:email: podcast@example.net "
            "is a placeholder e-mail address"
        )
        for w in _warnings(xml)
    )


@pytest.mark.parametrize("host", ["localhost:8000", "127.0.0.1:8000", "[::1]"])
def test_loopback_base_url_warns(host: str) -> None:
    """A feed whose own address is this computer's loopback is a warning."""
    xml = (FEEDS / "valid.xml").read_bytes().replace(b"podcast.example", host.encode())
    assert any(
        "a loopback address that podcast apps elsewhere cannot reach" in w for w in _warnings(xml)
    ), _warnings(xml)


@pytest.mark.parametrize("host", ["192.168.1.20:8000", "10.0.0.5", "studio.local"])
def test_private_network_base_url_warns(host: str) -> None:
    """A feed on a private network address (RFC 1918, mDNS .local) is a warning."""
    xml = (FEEDS / "valid.xml").read_bytes().replace(b"podcast.example", host.encode())
    assert any(
        "a private address that podcast apps elsewhere cannot reach" in w for w in _warnings(xml)
    ), _warnings(xml)


def test_plain_http_base_url_warns_with_apples_https_advice() -> None:
    """A feed served over http (not https) is a warning citing Apple's HTTPS recommendation."""
    xml = (
        (FEEDS / "valid.xml")
        .read_bytes()
        .replace(b"https://podcast.example", b"http://podcast.example")
    )
    assert any("over plain http: Apple recommends HTTPS" in w for w in _warnings(xml))


def test_podcasting20_tags_are_checked() -> None:
    """medium, person role, funding URL, the AI disclosure and VTT rel/language are checked."""
    xml = _valid_with(
        b"<podcast:medium>podcast</podcast:medium>",
        b"<podcast:medium>radio</podcast:medium>"
        b'<podcast:funding url="support">Support us</podcast:funding>',
    )
    report = validate_bytes(xml)
    assert {(p.element, p.level) for p in report.errors} == {
        ("channel/podcast:medium", "error"),
        ("channel/podcast:funding", "error"),
    }
    bare = (FEEDS / "valid.xml").read_bytes()
    for tag in (
        b"    <podcast:medium>podcast</podcast:medium>\n",
        b'    <podcast:txt purpose="ai-content">true</podcast:txt>\n',
        b'    <podcast:person role="producer" group="creative direction">Example'
        b"</podcast:person>\n",
        b' \\\nlanguage="en" rel="captions"',
        b' language="en"',
        b' rel="captions"',
    ):
        bare = bare.replace(tag, b"")
    found = {p.element for p in validate_bytes(bare).warnings}
    assert {
        "channel/podcast:medium",
        "channel/podcast:txt",
        "channel/podcast:person",
        "item[1]/podcast:transcript",
    } <= found, found
    odd = _valid_with(b'role="producer"', b'role="dancer"')
    assert any("role 'dancer' of 'Example' is not one of" in w for w in _warnings(odd))
