"""Write errors and unexpected failures: one ``Error:`` line, exit 1, no traceback, the previous
feed byte-identical and no work files left. Real file systems where the test runs as root (a
read-only and a 2 MB tmpfs, as in CI), patched writes otherwise."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from fakes import ToneVoice, engine_speaking_with
from PIL import Image

from briefcast import pipeline, voices
from briefcast.cli import cli
from briefcast.config import CONFIG_NAME
from briefcast.show import store
from briefcast.show.store import WORK_DIR

Copier = Callable[[Path], Path]

STORY = (
    "Bridge news\n\nThe council met on Monday. It voted to repair the bridge.\n\nMoney\n\n"
    "The repair will cost two million. Work starts in May.\n"
)
OTHER = (
    "Rain news\n\nIt rained all week in the valley. The river rose.\n\nNext\n\n"
    "More rain is expected on Friday.\n"
)


@pytest.fixture(scope="module")
def built_show(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A show folder with one built episode, made once for the module."""
    root = tmp_path_factory.mktemp("errors-base")
    Image.new("RGB", (1400, 1400), (30, 30, 90)).save(root / "cover.png")
    (root / CONFIG_NAME).write_text(
        'output = "feed"\n\n[show]\ntitle = "Errors Show"\nimage = "cover.png"\n\n'
        '[voice]\nengine = "tone"\nfallback = ""\n\n[cache]\nenabled = false\n',
        encoding="utf-8",
    )
    (root / "story.txt").write_text(STORY, encoding="utf-8")
    (root / "other.txt").write_text(OTHER, encoding="utf-8")
    saved = dict(voices.REGISTRY)
    voices.REGISTRY["tone"] = engine_speaking_with("tone", ToneVoice())
    try:
        result = run(root, "build", "story.txt")
    finally:
        voices.REGISTRY.clear()
        voices.REGISTRY.update(saved)
    assert result.exit_code == 0, result.stderr
    return root


@pytest.fixture
def copy_show(built_show: Path) -> Copier:
    """Copies the built show into a folder; returns its output folder."""

    def make(root: Path) -> Path:
        shutil.copytree(built_show, root, dirs_exist_ok=True)
        return root / "feed"

    return make


def run(root: Path, *args: str) -> Result:
    """The CLI on the show in ``root``; an exception escaping it fails the test."""
    cwd = os.getcwd()
    os.chdir(root)
    try:
        return CliRunner(mix_stderr=False).invoke(
            cli, [*args, "--config", str(root / CONFIG_NAME)], catch_exceptions=False
        )
    finally:
        os.chdir(cwd)


def assert_one_error(result: Result, *needles: str) -> str:
    """Exit 1 with exactly one ``Error:`` line (holding ``needles``) and no traceback."""
    assert result.exit_code == 1, (result.exit_code, result.stderr)
    assert "Traceback" not in result.stderr
    lines = [
        line
        for line in result.stderr.splitlines()
        if line.strip() and not line.startswith("Warning:")
    ]
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    for needle in needles:
        assert needle in lines[0], lines[0]
    return lines[0]


def no_work_files(out: Path) -> bool:
    """No build work folder and no temporary file is left in the output folder."""
    work = out / WORK_DIR
    leftovers = list(work.iterdir()) if work.is_dir() else []
    temps = list(out.rglob("*.tmp"))
    return not leftovers and not temps


@contextlib.contextmanager
def tmpfs(path: Path, size: str) -> Iterator[bool]:
    """Mount a tmpfs of ``size`` at ``path`` (True) when allowed (root), else yield False."""
    path.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or shutil.which("mount") is None:
        yield False
        return
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True
    )
    if done.returncode != 0:
        yield False
        return
    try:
        yield True
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


def _raising(code: int) -> object:
    """A stand-in for a write function that fails with ``code`` naming its path."""

    def fail(path: Path, *args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code), str(path))

    return fail


def test_read_only_output_folder(
    tmp_path: Path, tone_voice: ToneVoice, copy_show: Copier, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read-only output folder: one Error line naming the cause, exit 1, feed unchanged."""
    root = tmp_path / "show"
    with tmpfs(root, "16m") as mounted:
        out = copy_show(root)
        before = (out / "feed.xml").read_bytes()
        if mounted:
            subprocess.run(["mount", "-o", "remount,ro", str(root)], check=True)
        else:
            monkeypatch.setattr(store, "atomic_write", _raising(errno.EROFS))
            monkeypatch.setattr(store.tempfile, "mkdtemp", _raising(errno.EROFS))
        line = assert_one_error(run(root, "build", "other.txt"), "Read-only file system")
        assert str(out) in line
        assert (out / "feed.xml").read_bytes() == before
        assert no_work_files(out)


def test_read_only_after_voicing(
    tmp_path: Path, tone_voice: ToneVoice, copy_show: Copier, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The output folder turning read-only after synthesis: one Error line, feed unchanged."""
    root = tmp_path / "show"
    out = copy_show(root)
    before = (out / "feed.xml").read_bytes()
    with monkeypatch.context() as patch:
        patch.setattr(store, "atomic_write", _raising(errno.EROFS))
        line = assert_one_error(run(root, "build", "other.txt"), "Read-only file system")
    assert str(out) in line
    assert tone_voice.calls > 0
    assert (out / "feed.xml").read_bytes() == before
    assert no_work_files(out)
    assert run(root, "build", "other.txt").exit_code == 0


def test_feed_xml_is_a_directory(tmp_path: Path, tone_voice: ToneVoice, copy_show: Copier) -> None:
    """``feed.xml`` being a folder: one Error line naming it, exit 1, no work files left."""
    root = tmp_path / "show"
    out = copy_show(root)
    (out / "feed.xml").unlink()
    (out / "feed.xml").mkdir()
    assert_one_error(run(root, "build", "other.txt"), str(out / "feed.xml"), "folder")
    assert_one_error(run(root, "feed"), str(out / "feed.xml"))
    assert (out / "feed.xml").is_dir() and no_work_files(out)


def test_episodes_is_a_file(tmp_path: Path, tone_voice: ToneVoice, copy_show: Copier) -> None:
    """``episodes`` being a file: one Error line naming it, the previous feed byte-identical."""
    root = tmp_path / "show"
    out = copy_show(root)
    before = (out / "feed.xml").read_bytes()
    shutil.rmtree(out / "episodes")
    (out / "episodes").write_text("not a folder")
    assert_one_error(run(root, "build", "other.txt"), str(out / "episodes"))
    assert (out / "feed.xml").read_bytes() == before
    assert no_work_files(out)


def test_full_disk(
    tmp_path: Path, tone_voice: ToneVoice, copy_show: Copier, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A full disk (a 2 MB tmpfs, filled): one Error line, exit 1, the feed byte-identical and
    no work files left; the same when the disk fills while the record is written."""
    built = copy_show(tmp_path / "built").parent
    root = tmp_path / "show"
    with tmpfs(root, "2m") as mounted:
        shutil.copytree(built, root, dirs_exist_ok=True)
        out = root / "feed"
        before = (out / "feed.xml").read_bytes()
        if mounted:
            # Leave a few kilobytes: enough for nothing the build needs.
            free = shutil.disk_usage(root).free
            (root / "filler").write_bytes(b"\0" * max(0, free - 16 * 1024))
        else:
            real_usage = shutil.disk_usage
            monkeypatch.setattr(
                shutil, "disk_usage", lambda p: real_usage(p)._replace(free=16 * 1024)
            )
        assert_one_error(run(root, "build", "other.txt"), "space")
        assert (out / "feed.xml").read_bytes() == before
        assert no_work_files(out)
        if mounted:
            (root / "filler").unlink()
    # The disk fills while the episode's record is written: a real ENOSPC at the last moment.
    out = built / "feed"
    before = (out / "feed.xml").read_bytes()
    real_save = store.Show.save

    with monkeypatch.context() as patch:

        def full(self: store.Show, episode: object) -> None:
            patch.setattr(store, "atomic_write", _raising(errno.ENOSPC))
            real_save(self, episode)  # type: ignore[arg-type]

        patch.setattr(store.Show, "save", full)
        assert_one_error(run(built, "build", "other.txt"), "No space left on device")
    assert (out / "feed.xml").read_bytes() == before
    assert no_work_files(out)
    assert run(built, "build", "other.txt").exit_code == 0
    assert run(built, "validate").exit_code == 0


def test_work_folder_deleted_during_the_build(
    tmp_path: Path, tone_voice: ToneVoice, copy_show: Copier, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another program removing the work folder while voicing: one Error line saying so."""
    root = tmp_path / "show"
    out = copy_show(root)
    before = (out / "feed.xml").read_bytes()
    speak = ToneVoice.speak

    def speak_and_clean(self: ToneVoice, sentences: list[str]) -> object:
        for folder in (out / WORK_DIR).iterdir():
            shutil.rmtree(folder)
        return speak(self, sentences)

    monkeypatch.setattr(ToneVoice, "speak", speak_and_clean)
    assert_one_error(run(root, "build", "other.txt"), "work folder", "removed")
    assert (out / "feed.xml").read_bytes() == before


@pytest.mark.parametrize("verbose", [False, True])
def test_unexpected_exception_is_one_line(
    tmp_path: Path,
    tone_voice: ToneVoice,
    copy_show: Copier,
    monkeypatch: pytest.MonkeyPatch,
    verbose: bool,
) -> None:
    """A stage raising an unexpected exception gives one Error line saying it is unexpected,
    exit 1; with -v the traceback is shown too."""
    root = tmp_path / "show"
    out = copy_show(root)
    before = (out / "feed.xml").read_bytes()

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("division by zero in a stage")

    monkeypatch.setattr(pipeline, "make_script", broken)
    args = ["-v", "build", "other.txt"] if verbose else ["build", "other.txt"]
    cwd = os.getcwd()
    os.chdir(root)
    try:
        result = CliRunner(mix_stderr=False).invoke(
            cli, [*args, "--config", str(root / CONFIG_NAME)], catch_exceptions=False
        )
    finally:
        os.chdir(cwd)
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1 and "unexpected" in errors[0] and "ZeroDivisionError" in errors[0]
    assert ("Traceback" in result.stderr) is verbose
    if not verbose:
        assert_one_error(result, "unexpected")
    assert (out / "feed.xml").read_bytes() == before


def test_feed_into_a_folder_of_other_files_is_refused_unless_forced(
    tmp_path: Path, tone_voice: ToneVoice, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`feed --out FOLDER` (and `build`) where FOLDER holds other files and no show (`feed
    --out /` wrote a show into /) is one Error line, and nothing is written there;
    `feed --force` makes it a show, after which builds go in. A new folder, an empty one and
    one holding only hidden files (a .git) are fine."""
    monkeypatch.chdir(tmp_path)
    root = tmp_path / "root"
    for name in ("etc", "home", "usr"):
        (root / name).mkdir(parents=True)
    (root / "vmlinuz").write_bytes(b"kernel")
    before = sorted(p.name for p in root.iterdir())
    (tmp_path / "story.txt").write_text(STORY, encoding="utf-8")
    runner = CliRunner(mix_stderr=False)
    for args in (["feed", "--out", str(root)], ["build", "story.txt", "--out", str(root)]):
        result = runner.invoke(cli, args)
        assert result.exit_code == 1, result.output
        assert result.stderr.count("Error: ") == 1 and result.stderr.startswith("Error: ")
        assert "holds other files (etc, home, usr, ...) and no show" in result.stderr
        assert "Traceback" not in result.stderr
        assert sorted(p.name for p in root.iterdir()) == before
    result = runner.invoke(cli, ["feed", "--force", "--out", str(root)])
    assert result.exit_code == 0, result.stderr
    assert (root / "feed.xml").is_file()
    result = runner.invoke(cli, ["build", "story.txt", "--out", str(root)])
    assert result.exit_code == 0, result.stderr
    assert len(list((root / "episodes").glob("*.mp3"))) == 1
    hidden = tmp_path / "site"
    (hidden / ".git").mkdir(parents=True)
    for folder in (tmp_path / "new", tmp_path / "empty", hidden):
        if folder.name == "empty":
            folder.mkdir()
        result = runner.invoke(cli, ["feed", "--out", str(folder)])
        assert result.exit_code == 0, result.stderr
        assert (folder / "feed.xml").is_file()
