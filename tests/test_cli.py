"""The command line: help texts, init, and one clear error line for every kind of bad input."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefcast.cli import cli


def _invoke(args: list[str], cwd: Path):
    """Run the CLI in-process from ``cwd``, stderr kept apart from stdout."""
    old = os.getcwd()
    os.chdir(cwd)
    try:
        return CliRunner(mix_stderr=False).invoke(cli, args, catch_exceptions=False)
    finally:
        os.chdir(old)


def test_every_command_has_help():
    """`briefcast --help` lists every command and each command has its own help text."""
    runner = CliRunner()
    result = runner.invoke(cli, ["--help"])
    assert result.exit_code == 0
    for name, command in cli.commands.items():
        assert name in result.output
        assert command.help and command.help.strip(), name
        sub = runner.invoke(cli, [name, "--help"])
        assert sub.exit_code == 0, name


def test_init_writes_commented_valid_config(tmp_path):
    """`briefcast init DIR` writes a commented briefcast.toml that loads, and the output folder."""
    result = _invoke(["init", "show", "--title", 'The "Morning" Brief'], tmp_path)
    assert result.exit_code == 0, result.output
    config = tmp_path / "show" / "briefcast.toml"
    text = config.read_text()
    assert text.count("\n#") >= 10
    data = tomllib.loads(text)
    assert data["show"]["title"] == 'The "Morning" Brief'
    for key in (
        "title",
        "description",
        "author",
        "email",
        "language",
        "category",
        "explicit",
        "base_url",
        "image",
    ):
        assert key in data["show"]
    assert data["voice"]["engine"] in ("gtts", "piper")
    assert (tmp_path / "show" / "feed").is_dir()
    again = _invoke(["init", "show"], tmp_path)
    assert again.exit_code == 1 and "already exists" in again.stderr


@pytest.fixture
def existing_show(tmp_path, tone_voice):
    """A show folder with one episode built by the tone voice."""
    article = tmp_path / "story.txt"
    article.write_text("A first story for the show. It has two sentences.\n")
    result = _invoke(["build", str(article), "--engine", "tone"], tmp_path)
    assert result.exit_code == 0, result.stderr
    return tmp_path


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.mark.parametrize(
    ("make", "args", "message"),
    [
        (None, ["build", "missing.txt", "--engine", "tone"], "article not found: missing.txt"),
        (("empty.txt", b""), ["build", "empty.txt", "--engine", "tone"], "is empty"),
        (("blank.txt", b"  \n\t\n   \n"), ["build", "blank.txt", "--engine", "tone"], "is empty"),
        (
            ("image.txt", bytes(range(256)) * 8),
            ["build", "image.txt", "--engine", "tone"],
            "is a binary file",
        ),
        (
            ("ok.txt", b"Fine text. Really.\n"),
            ["build", "ok.txt", "--engine", "klingon"],
            "unknown engine 'klingon'",
        ),
    ],
    ids=["missing", "empty", "whitespace", "binary", "unknown-engine"],
)
def test_bad_input_gives_one_error_line_and_leaves_show_untouched(
    existing_show, make, args, message
):
    """Bad input: one `Error:` line, exit 1, no traceback, feed and episodes unchanged."""
    folder = existing_show
    if make:
        (folder / make[0]).write_bytes(make[1])
    before = _snapshot(folder / "feed")
    result = _invoke(args, folder)
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    assert message in lines[0]
    assert "Traceback" not in result.stderr + result.output
    assert _snapshot(folder / "feed") == before


def test_unknown_option_is_a_usage_error(tmp_path):
    """An unknown option exits 2 with click's usage error, not a traceback."""
    result = _invoke(["build", "x.txt", "--colour", "blue"], tmp_path)
    assert result.exit_code == 2
    assert "No such option: --colour" in result.stderr


def test_list_shows_stored_episodes(existing_show):
    """`briefcast list` prints a header, then number, date, title, length and file."""
    result = _invoke(["list"], existing_show)
    assert result.exit_code == 0
    header, line = result.output.strip().splitlines()
    assert header.split() == ["#", "Date", "Title", "Length", "File"]
    assert line.lstrip().startswith("1 ") and ".mp3" in line
    assert "A first story for the show" in line


SRC = Path(__file__).resolve().parent.parent / "src"


@pytest.mark.parametrize("command", [["voices"], ["init", "--title", "Pipe Show"]])
def test_a_closed_pipe_ends_quietly(command: list[str], tmp_path: Path) -> None:
    """`briefcast voices | head -1` and a command whose reader went away print no
    "Error: ... Broken pipe" (they printed one and exited 1 after the work was done): they
    end quietly with the pipe's status, and the work is done (init's config is written)."""
    import subprocess
    import sys

    proc = subprocess.Popen(
        [sys.executable, "-m", "briefcast", *command],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(SRC)},
    )
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # the reader is gone before the first line is written
    stderr = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert "Error" not in stderr and "Traceback" not in stderr and "Broken pipe" not in stderr
    assert proc.returncode in (0, 141)
    if command[0] == "init":
        tomllib.loads((tmp_path / "briefcast.toml").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    "title",
    ["Morning\nBrief", "Morning\x01\x1b[31m Brief", "Morning {voice_sections} Brief", 'a\\"b'],
    ids=["newline", "controls", "placeholder", "quote"],
)
def test_init_writes_only_a_config_that_parses(title: str, tmp_path: Path) -> None:
    """`init --title` with a newline, control characters, a template placeholder or quotes
    writes a briefcast.toml that parses and loads, its title on one line as typed (a newline or
    "{voice_sections}" wrote a file that did not parse, and left it)."""
    from briefcast.config import load_config

    result = CliRunner().invoke(cli, ["init", str(tmp_path / "show"), "--title", title])
    assert result.exit_code == 0, result.output
    path = tmp_path / "show" / "briefcast.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["show"]["title"] == " ".join(
        title.replace("\x01", "").replace("\x1b[31m", "").split()
    )
    assert load_config(path).show.title == data["show"]["title"]


def test_reading_standard_input_when_it_is_closed_is_one_error_line(tmp_path: Path) -> None:
    """`briefcast script -` with standard input closed (not just empty) prints one Error: line
    (it failed with "'NoneType' object has no attribute 'buffer'", "this is a bug")."""
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "briefcast", "script", "-"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(SRC)},
        preexec_fn=lambda: os.close(0),  # noqa: PLW1509 - the test needs fd 0 closed
        timeout=60,
    )
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and "standard input" in lines[0]
    assert "bug" not in lines[0]


def test_a_deleted_current_folder_is_named_as_such(tmp_path: Path) -> None:
    """Run from a folder that was deleted, a command says so in one Error: line (it said
    "cannot read a file")."""
    import subprocess
    import sys

    gone = tmp_path / "gone"
    gone.mkdir()

    def leave_a_deleted_folder() -> None:
        os.chdir(gone)
        os.rmdir(gone)

    proc = subprocess.run(
        [sys.executable, "-c", "from briefcast.cli import main; main()", "list"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(SRC)},
        preexec_fn=leave_a_deleted_folder,  # noqa: PLW1509 - the test needs the cwd gone
        timeout=60,
    )
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "current folder" in lines[0] and "deleted" in lines[0], lines


def test_build_and_publish_dry_run_into_a_closed_pipe_end_quietly_with_the_work_done(
    tmp_path: Path,
) -> None:
    """`briefcast build ... | true` and `briefcast publish --dry-run | head -1`, run as real
    processes whose standard output is closed before they write (they printed "Error:
    cannot read a file: Broken pipe" and exited 1): no Error line, the pipe's status, the
    episode stored and named by a feed that parses, and the dry run uploads nothing."""
    import subprocess
    import sys
    import xml.etree.ElementTree as ET

    tests = Path(__file__).resolve().parent
    (tmp_path / "story.txt").write_text(
        "Bridge news\n\nThe council met on Monday. It voted to repair the bridge.\n",
        encoding="utf-8",
    )
    (tmp_path / "briefcast.toml").write_text(
        '[show]\nbase_url = "https://pod.example/show/"\n', encoding="utf-8"
    )
    target = tmp_path / "site"
    commands = [
        [str(tests / "slow_tone_cli.py"), "build", "story.txt", "--engine", "tone"],
        ["-m", "briefcast", "publish", "--to", str(target), "--dry-run"],
    ]
    for command in commands:
        proc = subprocess.Popen(
            [sys.executable, *command],
            cwd=tmp_path,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), str(tests)])},
        )
        assert proc.stdout is not None and proc.stderr is not None
        proc.stdout.close()  # the reader is gone before the first line is written
        stderr = proc.stderr.read().decode()
        proc.wait(timeout=60)
        assert "Error" not in stderr and "Traceback" not in stderr, stderr
        assert proc.returncode in (0, 141)
    (audio,) = (tmp_path / "feed" / "episodes").glob("*.mp3")
    feed = ET.parse(tmp_path / "feed" / "feed.xml")
    (enclosure,) = feed.iter("enclosure")
    assert enclosure.get("url", "").endswith(audio.name)
    assert not target.exists() or not any(target.iterdir())
