"""`briefcast say`: one line voiced as an episode would say it, to audition a name."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from briefcast.audio.formats.mp3 import mp3_duration
from briefcast.audio.media import decode_to_pcm
from briefcast.cli import cli


def test_say_with_piper_writes_a_decodable_mp3_of_the_expected_length(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The acceptance command writes an MP3 that decodes to about as long as five words take,
    says the lexicon's respelling, and reports the file's own duration."""
    pytest.importorskip("piper")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "briefcast.toml").write_text(
        '[pronunciations]\n"Zelenskyy" = "Zeh-LEN-skee"\n', encoding="utf-8"
    )
    result = CliRunner(mix_stderr=False).invoke(
        cli, ["say", "Zelenskyy met Macron in Kyiv.", "--engine", "piper", "--out", "x.mp3"]
    )
    assert result.exit_code == 0, result.stderr
    assert "Said: Zeh-LEN-skee met Macron in Kyiv." in result.output
    mp3 = tmp_path / "x.mp3"
    seconds = len(decode_to_pcm(mp3, 44100, codec="mp3")) / (2 * 44100)
    assert seconds == pytest.approx(mp3_duration(mp3), abs=0.1)
    assert 1.2 < seconds < 6.0
    reported = float(re.search(r"\(([\d.]+) s, piper\)", result.output).group(1))
    assert reported == pytest.approx(seconds, abs=0.15)


def test_say_without_out_prints_where_the_file_went(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tone_voice
) -> None:
    """Without --out the MP3 goes to the temporary folder and the path is printed."""
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    import tempfile

    monkeypatch.setattr(tempfile, "tempdir", None)
    result = CliRunner(mix_stderr=False).invoke(cli, ["say", "Hello there.", "--engine", "tone"])
    assert result.exit_code == 0, result.stderr
    path = Path(re.search(r"Wrote (\S+\.mp3)", result.output).group(1))
    assert path.is_file() and tmp_path in path.parents
    assert mp3_duration(path) > 0.3


def test_say_of_nothing_is_one_error_line(tone_voice) -> None:
    """Empty text is refused with one Error line."""
    result = CliRunner(mix_stderr=False).invoke(cli, ["say", "  ", "--engine", "tone"])
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: give the text to say")


def test_say_of_a_lexicon_that_expands_a_word_is_refused_before_voicing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tone_voice
) -> None:
    """A lexicon entry that turns one word into 5,000 (it voiced up to 225 minutes) is
    refused by the same length limit as a build, with one Error line, before any voicing."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "briefcast.toml").write_text(
        '[audio]\nmax_minutes = 5\n\n[pronunciations]\n"Kyiv" = "' + "word " * 5_000 + '"\n',
        encoding="utf-8",
    )
    result = CliRunner(mix_stderr=False).invoke(
        cli, ["say", "Kyiv Kyiv.", "--engine", "tone", "--out", "x.mp3"]
    )
    assert result.exit_code == 1
    assert result.stderr.count("Error: ") == 1 and "max_minutes" in result.stderr
    assert tone_voice.sentences_spoken == 0
    assert not (tmp_path / "x.mp3").exists()


@pytest.mark.parametrize("kind", ["fifo", "folder", "device"])
def test_say_out_onto_a_fifo_or_a_folder_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tone_voice, kind: str
) -> None:
    """`say --out` naming a FIFO, a device node (/dev/null) or a folder (it replaced FIFOs
    and device nodes with a regular file and exited 0; as root, /dev/full) is one Error line
    before voicing, and the node is left as it was."""
    import os
    import stat

    target = tmp_path / "x.mp3"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "device":
        target = Path(os.devnull)  # a character device every system has
    else:
        target.mkdir()
    result = CliRunner(mix_stderr=False).invoke(
        cli, ["say", "Hello there.", "--engine", "tone", "--out", str(target)]
    )
    # A folder is click's usage error (status 2); a FIFO is briefcast's (status 1).
    assert result.exit_code == (2 if kind == "folder" else 1)
    assert result.stderr.count("Error: ") == 1
    assert "not a regular file" in result.stderr or kind == "folder"
    mode = target.lstat().st_mode
    left = {"fifo": stat.S_ISFIFO, "device": stat.S_ISCHR, "folder": stat.S_ISDIR}
    assert left[kind](mode)
    assert tone_voice.sentences_spoken == 0
