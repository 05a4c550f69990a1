"""One reading path for files, URLs and standard input: encodings, binary input, size limits."""

from __future__ import annotations

import logging
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefcast.cli import cli
from briefcast.errors import ReadError
from briefcast.reading import briefing
from briefcast.reading.readers.encoding import decode_text, detect_encoding, label_encoding

SRC = Path(__file__).resolve().parent.parent / "src"
# Latin-1 can only hold the first; windows-1252 and the Unicode encodings hold both.
LATIN = (
    "Café owners in Zürich\n\n"
    "The façade of the old café on the Bahnhofstraße was repainted this week, and the "
    "owners say the rent is now too high for a small business. Señor Muñoz, who runs the "
    "bar next door, agrees with them.\n\nWhy now?\n\n"
    "The landlord, a pension fund, raised the rent by a third in January after the street "
    "was closed to cars, and more shops are expected to leave before the summer.\n"
)
WINDOWS = LATIN.replace("say the rent", "say “the rent” — a sore point —").replace(
    "a third", "a third (€400 a month)"
)
CASES = [
    ("utf-8", WINDOWS),
    ("utf-8-sig", WINDOWS),
    ("utf-16", WINDOWS),
    ("utf-16-le", WINDOWS),
    ("utf-16-be", WINDOWS),
    ("utf-32", WINDOWS),
    ("utf-32-be", WINDOWS),
    ("cp1252", WINDOWS),
    ("latin-1", LATIN),
]
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06" + bytes(64)


def _script(args: list[str], data: bytes | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["script", *args], input=data)
    return result.exit_code, result.output


@pytest.mark.parametrize("encoding,text", CASES, ids=[c[0] for c in CASES])
def test_every_encoding_gives_the_same_script_from_a_file_and_stdin(
    encoding: str, text: str, tmp_path: Path
) -> None:
    """UTF-8 with and without BOM, UTF-16/32 with and without BOM, cp1252 and latin-1: the
    script equals the one of the UTF-8 text, whether read from a file or standard input."""
    plain = tmp_path / "plain.txt"
    plain.write_text(text, encoding="utf-8")
    code, expected = _script([str(plain)])
    assert code == 0, expected
    assert "Zürich" in expected and "Why now?" in expected
    data = text.encode(encoding)
    path = tmp_path / "story.txt"
    path.write_bytes(data)
    code, from_file = _script([str(path)])
    assert code == 0, from_file
    code, from_stdin = _script(["-"], data)
    assert code == 0, from_stdin
    assert from_file == expected
    assert from_stdin == expected


def test_detection_order_names_the_encoding() -> None:
    """BOMs first, then UTF-16/32 by their zero bytes, then UTF-8, then the detector."""
    assert detect_encoding(WINDOWS.encode("utf-32")) == "utf-32-le"
    assert detect_encoding(WINDOWS.encode("utf-16-be")) == "utf-16-be"
    assert detect_encoding(b"plain ascii") == "utf-8"
    assert detect_encoding(WINDOWS.encode("cp1252")) == "cp1252"
    cyrillic = "Городской совет во вторник проголосовал за расширение автобусной сети."
    assert decode_text(cyrillic.encode("cp1251"), "x") == cyrillic


def test_labels_are_read_as_the_whatwg_encoding_standard_reads_them() -> None:
    """iso-8859-1, latin1, us-ascii and ascii mean windows-1252; unknown labels mean nothing;
    a declared ISO-8859-1 text keeps its windows-1252 quotes and its unassigned bytes go."""
    for label in ("iso-8859-1", "ISO_8859-1", " latin1", "us-ascii", "ascii", "windows-1252"):
        assert label_encoding(label) == "cp1252"
    assert label_encoding("utf8") == "utf-8"
    assert label_encoding("no-such-charset") == label_encoding("utf\0") == ""
    data = WINDOWS.encode("cp1252") + b" \x9d end"
    assert decode_text(data, "x", "iso-8859-1").startswith(WINDOWS)
    assert decode_text(data, "x", "iso-8859-1").endswith(" end")


def test_utf8_but_for_a_few_bytes_is_read_as_utf8() -> None:
    """Two stray windows-1252 bytes in UTF-8 text: UTF-8, each stray byte read as
    windows-1252; text that is really windows-1252 or cp1251 is still told apart."""
    data = (
        WINDOWS.encode("utf-8").replace(b"repainted", b"repainted \x96").replace(b"bar", b"\x93bar")
    )
    assert detect_encoding(data) == "utf-8"
    assert decode_text(data, "x") == WINDOWS.replace("repainted", "repainted \u2013").replace(
        "bar", "\u201cbar"
    )
    assert detect_encoding(WINDOWS.encode("cp1252")) == "cp1252"
    cyrillic = "Городской совет во вторник проголосовал за расширение автобусной сети."
    assert detect_encoding(cyrillic.encode("cp1251")) != "utf-8"
    # Declared as UTF-8 changes nothing for text that is not.
    assert detect_encoding(WINDOWS.encode("cp1252"), "utf-8") == "cp1252"


def test_png_on_stdin_is_refused_as_a_file_would_be(tmp_path: Path) -> None:
    """A PNG piped in gives the same one-line error as the same PNG given as a file."""
    path = tmp_path / "photo.png"
    path.write_bytes(PNG)
    code_file, out_file = _script([str(path)])
    code_stdin, out_stdin = _script(["-"], PNG)
    assert code_file == code_stdin == 1
    assert out_file.strip() == f"Error: {path} is a PNG image, not a text article"
    assert out_stdin.strip() == "Error: standard input is a PNG image, not a text article"


@pytest.mark.parametrize(
    "data", [b"abc\x00def" * 100, bytes(range(256)) * 8], ids=["nul", "all-bytes"]
)
def test_binary_data_is_refused(data: bytes) -> None:
    """Bytes with NULs or control codes are refused as binary, not read as text."""
    with pytest.raises(ReadError, match="is a binary file"):
        decode_text(data, "x")


def test_size_limit_is_the_same_for_files_and_stdin(tmp_path: Path) -> None:
    """read.max_bytes refuses a file and standard input alike, with one line naming it."""
    cfg = tmp_path / "briefcast.toml"
    cfg.write_text("[read]\nmax_bytes = 2048\n", encoding="utf-8")
    data = ("A sentence of the story. " * 100).encode()
    path = tmp_path / "long.txt"
    path.write_bytes(data)
    for args, label in (([str(path)], str(path)), (["-"], "standard input")):
        code, out = _script([*args, "--config", str(cfg)], data)
        assert code == 1
        assert out.strip() == (
            f"Error: {label} is too large (over 2048 bytes; the limit is "
            f"2048, read.max_bytes in the config)"
        )


def _measured(args: list[str], tmp_path: Path) -> tuple[int, str, float, float]:
    """Run the CLI in a fresh interpreter; return exit code, stderr, CPU seconds and peak MB."""
    # VmHWM is this process's own peak: ru_maxrss would carry the forking test process's
    # peak over the exec.
    probe = (
        "import re, sys\n"
        "from briefcast.cli import main\n"
        "code = 0\n"
        "try:\n    main()\nexcept SystemExit as exc:\n    code = exc.code\n"
        "status = open('/proc/self/status').read()\n"
        "sys.stderr.write('PEAK ' + re.search(r'VmHWM:\\s+(\\d+)', status).group(1))\n"
        "sys.exit(code)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC), "BRIEFCAST_ENGINE": "piper"}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", probe, *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
    )
    wall = time.monotonic() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # CPU time, not the wall clock, so that a machine busy with other work cannot fail it.
    seconds = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    assert wall < 30, wall
    err, _, peak = done.stderr.rpartition("PEAK ")
    return done.returncode, err, seconds, int(peak) / 1024


def test_a_50_mb_rss_file_is_refused_quickly_and_in_little_memory(tmp_path: Path) -> None:
    """`briefcast briefing` on a 50 MB RSS file refuses it within 5 s and 300 MB of memory."""
    item = (
        b"<item><title>Story</title><link>https://news.example.org/s</link><description>"
        + b"word " * 1000
        + b"</description></item>"
    )
    path = tmp_path / "huge.rss"
    with path.open("wb") as out:
        out.write(b'<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>')
        for _ in range(50 * 1024 * 1024 // len(item) + 1):
            out.write(item)
        out.write(b"</channel></rss>")
    code, err, seconds, peak_mb = _measured(
        ["briefing", str(path), "--out", str(tmp_path / "show")], tmp_path
    )
    assert code == 1
    assert f"{path} is too large (over 5242880 bytes" in err
    assert "Traceback" not in err
    assert seconds < 5.0 and peak_mb < 300, (seconds, peak_mb)
    print(f"50 MB RSS: refused in {seconds:.2f} s of CPU, peak {peak_mb:.0f} MB")


@pytest.mark.parametrize(
    "size,message",
    [
        (
            5 * 1024 * 1024 + 64,
            "is too large (over 5242880 bytes; the limit is 5242880, read.max_bytes in the config)",
        ),
        (5_000_000, "over read.max_words = 30,000; nothing was voiced"),
    ],
    ids=["over-max-bytes", "under-max-bytes"],
)
def test_a_5_mb_single_line_file_is_refused_quickly_and_in_little_memory(
    size: int, message: str, tmp_path: Path
) -> None:
    """`briefcast script` on a single line of 5 MB refuses it within 5 s and 300 MB: by the
    size limit past 5 MiB, by the word limit under it."""
    words = b"council voted tuesday expand network routes "
    path = tmp_path / "one-line.txt"
    path.write_bytes((words * (size // len(words) + 1))[:size])
    code, err, seconds, peak_mb = _measured(["script", str(path)], tmp_path)
    assert code == 1
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and message in lines[0], err
    assert seconds < 5.0 and peak_mb < 300, (seconds, peak_mb)
    print(f"{size} bytes: refused in {seconds:.2f} s of CPU, peak {peak_mb:.0f} MB")


def test_a_feed_of_too_many_entries_is_cut(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A briefing reads at most MAX_FEED_ENTRIES entries of one feed and says so."""
    items = "".join(
        f"<item><title>Story {n}</title><link>story-{n}</link><description>"
        f"Story number {n} says the council voted again.</description></item>"
        for n in range(briefing.MAX_FEED_ENTRIES + 50)
    )
    path = tmp_path / "archive.rss"
    path.write_text(
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>Archive</title>'
        f"{items}</channel></rss>",
        encoding="utf-8",
    )
    # The CLI's own handler stops briefcast's records from reaching the root logger.
    logger = logging.getLogger("briefcast.reading.briefing")
    logger.addHandler(caplog.handler)
    try:
        found = briefing.collect([str(path)])
    finally:
        logger.removeHandler(caplog.handler)
    assert len(found.stories) == briefing.MAX_FEED_ENTRIES
    assert f"has {briefing.MAX_FEED_ENTRIES + 50} entries; reading the first" in caplog.text
