"""``briefcast serve``: a real server process on 127.0.0.1, probed the way podcast apps probe."""

from __future__ import annotations

import http.client
import os
import queue
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import podcastparser
import pytest
from fakeshow import make_show

from briefcast.audio.formats.mp3 import mp3_duration
from briefcast.config import Config
from briefcast.publish.serve import Unsatisfiable, base_url_mismatch, content_type, parse_range

SRC = Path(__file__).resolve().parents[1] / "src"


def free_port() -> int:
    """A port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Served:
    """A running ``briefcast serve`` and what it printed."""

    cfg: Config
    port: int
    proc: subprocess.Popen[str]
    stdout: list[str]

    def request(
        self, method: str, path: str, headers: dict[str, str] | None = None
    ) -> tuple[http.client.HTTPResponse, bytes]:
        """One raw request (http.client sends the path exactly as given)."""
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            conn.putrequest(method, path, skip_accept_encoding=True)
            for key, value in (headers or {}).items():
                conn.putheader(key, value)
            conn.endheaders()
            resp = conn.getresponse()
            body = resp.read()
            return resp, body
        finally:
            conn.close()


def start_serve(out: Path, port: int, cwd: Path) -> tuple[subprocess.Popen[str], list[str]]:
    """Start ``python -m briefcast serve`` and wait for its "Subscribe to:" line."""
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    env.pop("BRIEFCAST_BASE_URL", None)
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "briefcast",
            "serve",
            "--out",
            str(out),
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
        ],
        cwd=cwd,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    lines: queue.Queue[str] = queue.Queue()
    stream = proc.stdout

    def pump() -> None:
        for line in stream:
            lines.put(line.rstrip("\n"))

    threading.Thread(target=pump, daemon=True).start()
    seen: list[str] = []
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.5)
        except queue.Empty:
            if proc.poll() is not None:
                break
            continue
        seen.append(line)
        if line.startswith("Subscribe to:"):
            return proc, seen
    proc.kill()
    raise AssertionError(f"serve did not start: {seen} {proc.stderr.read() if proc.stderr else ''}")


def stop(proc: subprocess.Popen[str]) -> str:
    """Stop the server; return what it wrote to stderr."""
    proc.terminate()
    try:
        _, err = proc.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
        _, err = proc.communicate()
    return err


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    """A two-episode show served by ``briefcast serve`` at the address of its base_url."""
    root = tmp_path_factory.mktemp("serve")
    port = free_port()
    cfg = make_show(root, episodes=2, base_url=f"http://127.0.0.1:{port}/")
    (root / "secret.txt").write_text("TOP SECRET outside the output folder\n")
    os.symlink(root / "secret.txt", cfg.output / "escape.txt")
    proc, lines = start_serve(cfg.output, port, root)
    server = Served(cfg, port, proc, lines)
    yield server
    server.stdout.append(stop(proc))


def first_episode(cfg: Config) -> str:
    """Relative path of the first episode's MP3."""
    return sorted(
        p.relative_to(cfg.output).as_posix() for p in (cfg.output / "episodes").glob("*.mp3")
    )[0]


def test_serve_prints_the_feed_url_to_subscribe_to(served: Served) -> None:
    """The server announces the feed URL, which is the show's own feed address."""
    assert f"Subscribe to: http://127.0.0.1:{served.port}/feed.xml" in served.stdout
    assert served.cfg.feed_url == f"http://127.0.0.1:{served.port}/feed.xml"


def test_head_and_get_on_feed_and_mp3(served: Served) -> None:
    """HEAD gives the headers of GET with no body; GET gives the file's exact bytes."""
    for rel in ("feed.xml", first_episode(served.cfg)):
        data = (served.cfg.output / rel).read_bytes()
        head, head_body = served.request("HEAD", "/" + rel)
        assert head.status == 200 and head_body == b""
        assert int(head.headers["Content-Length"]) == len(data)
        assert head.headers["Accept-Ranges"] == "bytes"
        assert head.headers["ETag"] and head.headers["Last-Modified"]
        get, body = served.request("GET", "/" + rel)
        assert get.status == 200 and body == data
        assert get.headers["ETag"] == head.headers["ETag"]
        assert get.headers["Content-Type"] == head.headers["Content-Type"]


def test_range_gives_206_with_exactly_the_bytes_asked(served: Served) -> None:
    """bytes=0-99 is 206 with 100 bytes and Content-Range; open and suffix ranges work too."""
    rel = first_episode(served.cfg)
    data = (served.cfg.output / rel).read_bytes()
    size = len(data)
    resp, body = served.request("GET", "/" + rel, {"Range": "bytes=0-99"})
    assert resp.status == 206
    assert body == data[:100] and len(body) == 100
    assert resp.headers["Content-Range"] == f"bytes 0-99/{size}"
    assert resp.headers["Content-Length"] == "100"
    resp, body = served.request("GET", "/" + rel, {"Range": f"bytes={size - 50}-"})
    assert resp.status == 206 and body == data[-50:]
    assert resp.headers["Content-Range"] == f"bytes {size - 50}-{size - 1}/{size}"
    resp, body = served.request("GET", "/" + rel, {"Range": "bytes=-10"})
    assert resp.status == 206 and body == data[-10:]
    resp, body = served.request("GET", "/" + rel, {"Range": f"bytes=100-{size * 2}"})
    assert resp.status == 206 and body == data[100:]


def test_unsatisfiable_range_gives_416(served: Served) -> None:
    """A range starting past the end is 416 with Content-Range naming the real size."""
    rel = first_episode(served.cfg)
    size = (served.cfg.output / rel).stat().st_size
    resp, _ = served.request("GET", "/" + rel, {"Range": f"bytes={size}-{size + 100}"})
    assert resp.status == 416
    assert resp.headers["Content-Range"] == f"bytes */{size}"


def test_if_range_with_a_stale_etag_sends_the_whole_file(served: Served) -> None:
    """A resumed download of a file that changed gets the whole new file, not a range."""
    rel = first_episode(served.cfg)
    data = (served.cfg.output / rel).read_bytes()
    resp, body = served.request("GET", "/" + rel, {"Range": "bytes=0-99", "If-Range": '"stale"'})
    assert resp.status == 200 and body == data


def test_conditional_requests_give_304(served: Served) -> None:
    """If-None-Match with the current ETag, or If-Modified-Since, gives 304 with no body."""
    first, _ = served.request("GET", "/feed.xml")
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    resp, body = served.request("GET", "/feed.xml", {"If-None-Match": etag})
    assert resp.status == 304 and body == b"" and resp.headers["ETag"] == etag
    resp, _ = served.request("HEAD", "/feed.xml", {"If-None-Match": f'"other", {etag}'})
    assert resp.status == 304
    resp, _ = served.request("GET", "/feed.xml", {"If-Modified-Since": modified})
    assert resp.status == 304
    resp, body = served.request("GET", "/feed.xml", {"If-None-Match": '"something-else"'})
    assert resp.status == 200 and body


@pytest.mark.parametrize(
    "path",
    [
        "/../secret.txt",
        "/episodes/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/secret.txt",
        "/..%2fsecret.txt",
        "/%2e%2e%2fsecret.txt",
        "/episodes%2f..%2f..%2fsecret.txt",
        "/episodes/%2e%2e/%2e%2e/secret.txt",
        "/%252e%252e/secret.txt",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "/escape.txt",
        "/.hidden",
        "/episodes/%00.mp3",
    ],
)
def test_no_path_leads_outside_the_output_folder(served: Served, path: str) -> None:
    """Dot-dot segments, encoded or not, and symlinks out are refused with 404 or 400."""
    resp, body = served.request("GET", path)
    assert resp.status in (400, 404)
    assert b"TOP SECRET" not in body


def test_content_types_and_cors(served: Served) -> None:
    """Every kind of file goes out with its type; transcripts and chapters carry CORS."""
    rel = first_episode(served.cfg)
    stem = rel[: -len(".mp3")]
    expected = {
        "/feed.xml": "application/xml",
        "/" + rel: "audio/mpeg",
        f"/{stem}.vtt": "text/vtt",
        f"/{stem}.srt": "application/x-subrip",
        f"/{stem}.chapters.json": "application/json+chapters",
        "/cover.png": "image/png",
        "/feed.css": "text/css",
        "/index.html": "text/html",
        "/": "text/html",
    }
    for path, ctype in expected.items():
        resp, body = served.request("GET", path)
        assert resp.status == 200, path
        assert resp.headers["Content-Type"].split(";")[0] == ctype, path
        assert body
    for suffix in (".vtt", ".srt", ".chapters.json"):
        resp, _ = served.request("GET", f"/{stem}{suffix}", {"Origin": "https://player.example"})
        assert resp.headers["Access-Control-Allow-Origin"] == "*"
    resp, _ = served.request("OPTIONS", f"/{stem}.vtt")
    assert resp.status == 204 and resp.headers["Access-Control-Allow-Origin"] == "*"


def test_folders_list_only_their_own_files_and_writes_are_refused(served: Served) -> None:
    """A folder without a page gets a listing of its visible files; POST/PUT are 405."""
    resp, _ = served.request("GET", "/episodes")
    assert resp.status == 301 and resp.headers["Location"] == "/episodes/"
    resp, body = served.request("GET", "/episodes/")
    assert resp.status == 200
    assert first_episode(served.cfg).split("/")[1].encode() in body
    assert b"secret" not in body
    for method in ("POST", "PUT", "DELETE"):
        resp, _ = served.request(method, "/feed.xml")
        assert resp.status == 405


def test_podcast_client_reads_the_feed_and_downloads_an_episode(served: Served) -> None:
    """podcastparser reads the served feed; the enclosure downloads in two ranged parts."""
    feed_url = served.cfg.feed_url
    with urllib.request.urlopen(feed_url, timeout=10) as reply:
        parsed = podcastparser.parse(feed_url, reply)
    assert parsed["title"] == "Test Brief"
    assert len(parsed["episodes"]) == 2
    episode = parsed["episodes"][0]
    enclosure = episode["enclosures"][0]
    assert enclosure["mime_type"] == "audio/mpeg"
    url, size = enclosure["url"], enclosure["file_size"]
    assert url.startswith(f"http://127.0.0.1:{served.port}/episodes/")
    parts = []
    for header in (f"bytes=0-{size // 2 - 1}", f"bytes={size // 2}-"):
        request = urllib.request.Request(url, headers={"Range": header})
        with urllib.request.urlopen(request, timeout=10) as reply:
            assert reply.status == 206
            parts.append(reply.read())
    audio = b"".join(parts)
    assert len(audio) == size
    rel = url.removeprefix(served.cfg.show.base_url)
    assert audio == (served.cfg.output / rel).read_bytes()
    downloaded = served.cfg.output.parent / "downloaded.mp3"
    downloaded.write_bytes(audio)
    assert abs(mp3_duration(downloaded) - episode["total_time"]) <= 1
    assert mp3_duration(downloaded) == pytest.approx(1.0, abs=0.1)


def test_serve_warns_when_base_url_points_elsewhere(tmp_path: Path) -> None:
    """Served on another port than show.base_url names, serve warns and prints the real URL."""
    cfg = make_show(tmp_path, episodes=1, base_url="http://127.0.0.1:8000/")
    port = free_port()
    proc, lines = start_serve(cfg.output, port, tmp_path)
    err = stop(proc)
    assert f"Subscribe to: http://127.0.0.1:{port}/feed.xml" in lines
    assert "Warning: show.base_url http://127.0.0.1:8000/ names port 8000" in err


def test_base_url_mismatch_rules() -> None:
    """localhost matches 127.0.0.1 on the same port; other ports, hosts or paths do not."""
    assert base_url_mismatch("http://localhost:8000/", "127.0.0.1", 8000) == ""
    assert base_url_mismatch("http://127.0.0.1:8000/", "127.0.0.1", 8000) == ""
    assert "port" in base_url_mismatch("http://localhost:8000/", "127.0.0.1", 9000)
    assert "https" in base_url_mismatch("https://localhost:8000/", "127.0.0.1", 8000)
    assert "path" in base_url_mismatch("http://localhost:8000/show/", "127.0.0.1", 8000)
    assert "does not point" in base_url_mismatch("http://192.0.2.7:8000/", "127.0.0.1", 8000)
    assert "other devices" in base_url_mismatch("http://localhost:8000/", "0.0.0.0", 8000)


def test_parse_range() -> None:
    """Single ranges parse; several or malformed ones mean the whole file; past the end is 416."""
    assert parse_range("bytes=0-99", 1000) is not None
    r = parse_range("bytes=0-99", 1000)
    assert r and (r.start, r.end, r.length) == (0, 99, 100)
    r = parse_range("bytes=-100", 50)
    assert r and (r.start, r.end) == (0, 49)
    assert parse_range("bytes=0-1,5-6", 1000) is None
    assert parse_range("items=0-1", 1000) is None
    assert parse_range("bytes=5-1", 1000) is None
    with pytest.raises(Unsatisfiable):
        parse_range("bytes=1000-", 1000)
    with pytest.raises(Unsatisfiable):
        parse_range("bytes=-0", 1000)


def test_content_type_by_name() -> None:
    """Chapters JSON is matched by its compound suffix before plain JSON."""
    assert content_type("episodes/a-1.chapters.json") == "application/json+chapters"
    assert content_type("episodes/a-1.json") == "application/json"
    assert content_type("feed.xml") == "application/xml; charset=utf-8"
    assert content_type("cover.JPG") == "image/jpeg"
    assert content_type("notes.bin") == "application/octet-stream"


def test_commands_have_help() -> None:
    """serve and publish explain themselves and their options."""
    from click.testing import CliRunner

    from briefcast.cli import cli

    for command, option in (("serve", "--host"), ("publish", "--dry-run")):
        result = CliRunner().invoke(cli, [command, "--help"])
        assert result.exit_code == 0 and option in result.output
        assert "Examples:" in result.output


def test_serve_errors_are_one_line(tmp_path: Path) -> None:
    """A missing output folder or a port already taken: one Error line, exit 1."""
    from click.testing import CliRunner

    from briefcast.cli import cli

    result = CliRunner().invoke(cli, ["serve", "--out", str(tmp_path / "nothing"), "--port", "0"])
    assert result.exit_code == 1
    assert (
        result.output.strip()
        .splitlines()[-1]
        .startswith(f"Error: output folder {tmp_path / 'nothing'} does not exist")
    )
    (tmp_path / "feed").mkdir()
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(
            cli, ["serve", "--out", str(tmp_path / "feed"), "--port", str(port)]
        )
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"Error: cannot listen on 127.0.0.1:{port}: Address already in use; choose another "
        f"--port or --host"
    ]


BROWSER_ACCEPT = (
    "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
)


def test_feed_url_gives_browsers_the_page_and_apps_the_feed(served: Served) -> None:
    """A browser navigation (Sec-Fetch-Dest: document, HTML preferred) to /feed.xml gets
    index.html; an app gets the XML, even with a browser-like Accept; both carry Vary."""
    page = (served.cfg.output / "index.html").read_bytes()
    feed_xml = (served.cfg.output / "feed.xml").read_bytes()
    resp, body = served.request(
        "GET", "/feed.xml", {"Accept": BROWSER_ACCEPT, "Sec-Fetch-Dest": "document"}
    )
    assert resp.status == 200 and body == page
    assert resp.headers["Content-Type"].startswith("text/html")
    assert resp.headers["Vary"] == "Accept, Sec-Fetch-Dest"
    for headers in (
        {},
        {"Accept": "*/*"},
        {"Accept": BROWSER_ACCEPT},
        {"Accept": "application/rss+xml, text/html;q=0.5", "Sec-Fetch-Dest": "document"},
    ):
        resp, body = served.request("GET", "/feed.xml", headers)
        assert resp.status == 200 and body == feed_xml, headers
        assert resp.headers["Content-Type"] == "application/xml; charset=utf-8"
        assert resp.headers["Vary"] == "Accept, Sec-Fetch-Dest"


def test_serve_notes_of_the_second_round(served: Served) -> None:
    """An absolute-form request is redirected within this server, never to the host it names;
    feed.xml/ with a trailing slash is not the feed; a folder listing leaves out the links it
    would refuse to serve."""
    resp, _ = served.request("GET", "http://evil.example/episodes")
    assert resp.status == 301 and resp.headers["Location"] == "/episodes/"
    resp, _ = served.request("GET", "/feed.xml/")
    assert resp.status == 404
    leak = served.cfg.output / "episodes" / "leak-00000000.mp3"
    os.symlink(served.cfg.output.parent / "secret.txt", leak)
    try:
        resp, body = served.request("GET", "/episodes/")
        assert resp.status == 200 and b"leak" not in body
    finally:
        leak.unlink()
