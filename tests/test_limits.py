"""Bounded work: over-long articles, episodes and titles are refused or cut with one clear line,
quickly and in little memory, before anything is voiced; the audio writer stops a runaway
episode; a build's work folder goes away however the build ends."""

from __future__ import annotations

import os
import random
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from fakes import ToneVoice, engine_speaking_with
from PIL import Image

from briefcast import pipeline, voices
from briefcast.cli import cli
from briefcast.config import CONFIG_NAME, load_config
from briefcast.errors import AudioError, StoreError
from briefcast.show.store import LOCK_NAME, WORK_DIR

SRC = Path(__file__).resolve().parent.parent / "src"
TESTS = Path(__file__).resolve().parent
# Runs the CLI in a fresh interpreter with the tone voice registered as engine "tone"; at exit
# it writes its peak memory (VmHWM, which, unlike ru_maxrss, does not count the forking parent)
# to the file named by BRIEFCAST_TEST_PEAK.
HARNESS = (
    "import sys, os, atexit; sys.path[:0] = [{src!r}, {tests!r}]; "
    "atexit.register(lambda: os.environ.get('BRIEFCAST_TEST_PEAK') and open("
    "os.environ['BRIEFCAST_TEST_PEAK'], 'w').write(next(l for l in open("
    "'/proc/self/status') if l.startswith('VmHWM')))); "
    "from fakes import ToneVoice, engine_speaking_with; from briefcast import voices; "
    "voices.REGISTRY['tone'] = engine_speaking_with('tone', ToneVoice({voice})); "
    "from briefcast.cli import main; sys.argv = ['briefcast'] + sys.argv[1:]; main()"
)
WORDS = "the council met on monday and voted to repair the old bridge over the river".split()


@pytest.fixture
def show_root(tmp_path: Path) -> Path:
    """A show folder with artwork and a config voicing with engine "tone"."""
    Image.new("RGB", (1400, 1400), (20, 90, 20)).save(tmp_path / "cover.png")
    (tmp_path / CONFIG_NAME).write_text(
        'output = "feed"\n\n[show]\ntitle = "Limits Show"\nimage = "cover.png"\n\n'
        '[voice]\nengine = "tone"\nfallback = ""\n',
        encoding="utf-8",
    )
    return tmp_path


def _article(words: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    sentences = []
    for _ in range(max(1, words // 10)):
        sentences.append(" ".join(rng.choice(WORDS) for _ in range(10)).capitalize() + ".")
    paragraphs = [" ".join(sentences[i : i + 8]) for i in range(0, len(sentences), 8)]
    return "A long story\n\n" + "\n\n".join(paragraphs) + "\n"


def run_measured(
    root: Path, args: list[str], voice: str = "", timeout: float = 60
) -> tuple[int, str, float, float]:
    """Run the CLI in a subprocess: exit code, stderr, CPU seconds and peak memory in MB.

    The time is the child's CPU time (user and system), not the wall clock: a budget on the
    wall clock failed whenever the machine was busy with other work, which says nothing of
    what briefcast costs.
    """
    code = HARNESS.format(src=str(SRC), tests=str(TESTS), voice=voice)
    peak_file = root / "peak.txt"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=root,
        capture_output=True,
        env={**os.environ, "BRIEFCAST_TEST_PEAK": str(peak_file)},
        timeout=timeout,
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    seconds = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    peak_kb = int(peak_file.read_text().split()[1])
    return proc.returncode, proc.stderr.decode("utf-8", "replace"), seconds, peak_kb / 1024


def error_lines(stderr: str) -> list[str]:
    """The non-empty lines of ``stderr``."""
    return [line for line in stderr.splitlines() if line.strip()]


def test_200000_word_article_is_refused_quickly_in_little_memory(show_root: Path) -> None:
    """A 200,000-word article is refused with one line naming read.max_words, within 5 s of CPU
    and under 300 MB of peak memory, before any voicing."""
    article = show_root / "huge.txt"
    article.write_text(_article(200_000), encoding="utf-8")
    code, stderr, seconds, peak_mb = run_measured(
        show_root, ["build", str(article), "--config", str(show_root / CONFIG_NAME)]
    )
    print(f"200,000 words: {seconds:.2f} s CPU, {peak_mb:.0f} MB peak")
    assert code == 1
    lines = error_lines(stderr)
    assert len(lines) == 1 and lines[0].startswith("Error: ") and "read.max_words" in lines[0]
    assert "200,000 words" in lines[0] or "words" in lines[0]
    assert seconds < 5 and peak_mb < 300
    assert not (show_root / "feed" / "episodes").exists() or not list(
        (show_root / "feed" / "episodes").iterdir()
    )


def test_2000_character_title_is_cut_with_a_warning(show_root: Path) -> None:
    """A 2,000-character --title is cut to at most 255 characters (at a word) with one warning
    line; the build finishes within 5 s of CPU and under 300 MB, and the feed carries the cut
    title."""
    (show_root / "story.txt").write_text(_article(40), encoding="utf-8")
    title = ("Long title words " * 200)[:2000]
    code, stderr, seconds, peak_mb = run_measured(
        show_root,
        ["build", "story.txt", "--title", title, "--config", str(show_root / CONFIG_NAME)],
        voice="chars_per_second=400",
    )
    print(f"2,000-character title: {seconds:.2f} s CPU, {peak_mb:.0f} MB peak")
    assert code == 0, stderr
    warnings = [line for line in error_lines(stderr) if "--title" in line]
    assert len(warnings) == 1 and "cut to" in warnings[0] and "2000" not in warnings[0]
    assert seconds < 5 and peak_mb < 300
    episode = pipeline.list_episodes(load_config(show_root / CONFIG_NAME, env={}))[0]
    kept = episode.title.removesuffix("…")
    assert 200 < len(episode.title) <= 255 and kept != episode.title
    assert title.startswith(kept) and title[len(kept)] == " "  # cut between words


def test_episode_over_max_minutes_is_refused_before_voicing(
    show_root: Path, tone_voice: ToneVoice
) -> None:
    """An article whose estimated length passes audio.max_minutes is refused with one line
    naming the limit, and not one sentence is voiced."""
    (show_root / "story.txt").write_text(_article(400), encoding="utf-8")
    (show_root / CONFIG_NAME).write_text(
        (show_root / CONFIG_NAME).read_text() + "\n[audio]\nmax_minutes = 1\n"
    )
    result = CliRunner(mix_stderr=False).invoke(
        cli, ["build", str(show_root / "story.txt"), "--config", str(show_root / CONFIG_NAME)]
    )
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: the episode would run about")
    assert "audio.max_minutes = 1" in result.stderr and len(error_lines(result.stderr)) == 1
    assert tone_voice.calls == 0
    # The preview still shows the script, and warns that build would refuse it.
    preview = CliRunner(mix_stderr=False).invoke(
        cli, ["script", str(show_root / "story.txt"), "--config", str(show_root / CONFIG_NAME)]
    )
    assert preview.exit_code == 0, preview.stderr
    assert "Thanks for listening." in preview.output
    warnings = error_lines(preview.stderr)
    assert len(warnings) == 1 and warnings[0].startswith("Warning: the episode would run")
    assert "audio.max_minutes = 1" in warnings[0]


def test_audio_writer_stops_a_runaway_episode_and_cleans_up(
    show_root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A voice that speaks far longer than estimated is stopped by the audio writer past the
    limit; nothing is published and the work folder is gone."""
    slow = ToneVoice(min_seconds=30)
    monkeypatch.setitem(voices.REGISTRY, "tone", engine_speaking_with("tone", slow))
    (show_root / "story.txt").write_text(_article(60), encoding="utf-8")
    cfg = load_config(show_root / CONFIG_NAME, overrides={"audio.max_minutes": 1}, env={})
    with pytest.raises(AudioError, match="past 1 minutes|audio.max_minutes = 1"):
        pipeline.build([str(show_root / "story.txt")], cfg)
    assert slow.calls < 6
    assert not (cfg.output / "feed.xml").exists()
    assert not (cfg.output / WORK_DIR).exists()  # emptied, then removed


def test_stale_work_folders_are_removed_and_live_ones_kept(
    show_root: Path, tone_voice: ToneVoice
) -> None:
    """The next build removes the work folder a killed build left (its lock is free) and
    keeps one whose lock is held by a running build."""
    import fcntl

    cfg = load_config(show_root / CONFIG_NAME, env={})
    stale = cfg.output / WORK_DIR / "build-stale"
    live = cfg.output / WORK_DIR / "build-live"
    for folder in (stale, live):
        folder.mkdir(parents=True)
        (folder / LOCK_NAME).touch()
        (folder / "episode.pcm").write_bytes(b"\0" * 1000)
    with open(live / LOCK_NAME) as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        (show_root / "story.txt").write_text(_article(30), encoding="utf-8")
        pipeline.build([str(show_root / "story.txt")], cfg)
        assert not stale.exists() and live.is_dir()
    assert sorted(p.name for p in (cfg.output / WORK_DIR).iterdir()) == ["build-live"]


def test_sigterm_removes_the_work_folder(show_root: Path) -> None:
    """A build stopped with SIGTERM while voicing exits without a traceback and leaves no
    work folder."""
    (show_root / "story.txt").write_text(_article(400), encoding="utf-8")
    code = HARNESS.format(src=str(SRC), tests=str(TESTS), voice="")
    slow = code.replace(
        "main()",
        "import time; ToneVoice.speak = (lambda f: lambda self, s: "
        "(time.sleep(0.05), f(self, s))[1])(ToneVoice.speak); main()",
    )
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            slow,
            "build",
            "story.txt",
            "--config",
            str(show_root / CONFIG_NAME),
        ],
        cwd=show_root,
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
    )
    work = show_root / "feed" / WORK_DIR
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and not (
        work.is_dir() and any((f / "episode.pcm").exists() for f in work.iterdir())
    ):
        time.sleep(0.05)
    proc.send_signal(signal.SIGTERM)
    _, stderr = proc.communicate(timeout=20)
    assert proc.returncode == 128 + signal.SIGTERM
    assert b"Traceback" not in stderr
    assert not work.exists()  # emptied, then removed


def test_free_space_check_refuses_before_voicing(
    show_root: Path, tone_voice: ToneVoice, monkeypatch: pytest.MonkeyPatch
) -> None:
    """When the output disk lacks room for the work files, the build is refused with one line
    naming the folder and the sizes, before any voicing."""
    import shutil

    real = shutil.disk_usage
    monkeypatch.setattr(shutil, "disk_usage", lambda path: real(path)._replace(free=100_000))
    (show_root / "story.txt").write_text(_article(30), encoding="utf-8")
    cfg = load_config(show_root / CONFIG_NAME, env={})
    with pytest.raises(StoreError, match="not enough free space in .*MB is free"):
        pipeline.build([str(show_root / "story.txt")], cfg)
    assert tone_voice.calls == 0


# ---------------------------------------------------------------- the second hostile round


def _seconds(func: object, text: str) -> float:
    """CPU seconds of one call of ``func(text)`` (the process's own time: wall time on a
    shared, loaded machine measured the other processes)."""
    start = time.process_time()
    func(text)  # type: ignore[operator]
    return time.process_time() - start


@pytest.mark.parametrize(
    "hostile",
    ["*a " * 10_000, "[" * 10_000, "![" * 10_000, "[a](" * 10_000, "<http://" * 10_000],
    ids=["emphasis", "brackets", "images", "open-links", "autolinks"],
)
def test_markdown_inline_markup_is_linear(hostile: str) -> None:
    """Runs of unclosed Markdown emphasis, brackets, images, links and autolinks (30-80 KB on
    one line) are read in well under a second: the inline rules never rescan the rest of the
    line from every opening mark (each took 1-6 s at this size, minutes at 64,000)."""
    from briefcast.reading.readers.markdown import md_inline_to_text

    assert _seconds(md_inline_to_text, hostile) < 1.0
    assert md_inline_to_text("See *this* and **that**, [the report](https://x.example/r).") == (
        "See this and that, the report."
    )


def test_unclosed_script_runs_are_dropped_in_linear_time() -> None:
    """10,000 unclosed ``<script>`` tags are dropped with what follows them in well under a
    second (each one searched the rest of the text for its end: 4 s at 8,000)."""
    from briefcast.reading.readers.markup import drop_hidden

    assert _seconds(drop_hidden, "<script>" * 10_000) < 1.0
    assert drop_hidden("a <script>x</script> b <style>y") == "a   b  "


def test_currency_amounts_are_expanded_in_linear_time() -> None:
    """ "$5-" 10,000 times is spoken in well under a second: the grammar of each amount looks
    only at the words beside it, not the whole text before it (17 s at 8,000)."""
    from briefcast.scripting.speech import normalise
    from briefcast.scripting.speech.classes import speak_classes

    assert _seconds(speak_classes, "$5-" * 10_000) < 1.0
    assert _seconds(normalise, "a $5 fee and " * 5_000) < 5.0
    assert speak_classes("a $5 fee, then $360 billion") == (
        "a five-dollar fee, then 360 billion dollars"
    )


def test_a_text_of_one_long_word_is_read_in_linear_time(tmp_path: Path) -> None:
    """A pasted text whose body is "$5-" 10,000 times (one 30 KB word) is read in well under a
    second: the newsletter sign-off check judges short lines only, by characters as well as
    words (its address pattern took 90 s on 40,000)."""
    from briefcast.reading.read import read_article

    path = tmp_path / "prices.txt"
    path.write_text("Prices\n\n" + "$5-" * 10_000 + "\n", encoding="utf-8")
    start = time.process_time()  # CPU time: a busy machine does not fail it
    read_article(str(path))
    assert time.process_time() - start < 1.5


@pytest.mark.parametrize(
    "hostile",
    ["1-" * 4_000, "Jan. 5, " * 4_000, "3:30 p.m. " * 4_000, "5 km " * 4_000, "<b>1</b>" * 4_000],
    ids=["ranges", "dates", "times", "measures", "markup"],
)
def test_number_classes_are_read_in_linear_time(hostile: str) -> None:
    """Long runs of one class (ranges, dates, times, measures, numbers in markup; 20-40 KB)
    are read in a few seconds at most: each verbaliser looks only at the words beside its
    token, and every pattern starts only where its token can start."""
    from briefcast.scripting.speech.classes import speak_classes

    assert _seconds(speak_classes, hostile) < 3.0


def test_an_oversized_html_page_is_refused_before_extraction(tmp_path: Path) -> None:
    """An HTML page of 200,000 words (1.2 MB; extraction took 39-63 s before read.max_words
    refused it) is refused by the same limit before the extractor runs, with one line."""
    from briefcast.errors import ReadError
    from briefcast.reading.read import ReadOptions, read_article

    page = tmp_path / "huge.html"
    paragraphs = "".join(f"<p>{' '.join(WORDS)} {n}.</p>\n" for n in range(13_000))
    page.write_text(f"<html><body><article>{paragraphs}</article></body></html>", "utf-8")
    start = time.process_time()  # CPU time: a busy machine does not fail it
    with pytest.raises(ReadError, match="read.max_words = 30,000"):
        read_article(str(page), options=ReadOptions(max_words=30_000))
    assert time.process_time() - start < 3.0
