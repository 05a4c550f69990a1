"""The job queue (jobs.py) against a real redis-server: workers, a killed worker, failures.

Workers are real ``briefcast worker`` processes (tests/queue_worker.py, with a slow fake voice)
using short heartbeat timings, so that a killed worker's job comes back within seconds.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import feedparser
import pytest
from click.testing import CliRunner
from fakes import ToneVoice

from briefcast.cli import cli
from briefcast.config import Config, load_config
from briefcast.queue import jobs
from briefcast.show.store import Show
from briefcast.site.validate import validate_path

TESTS = Path(__file__).resolve().parent
SRC = TESTS.parent / "src"
WORKER_TOML = """[queue]
heartbeat = 1.0
dead_after = 3.0
check_interval = 1.0
retries = 3
lock_timeout = 30.0
"""
SHOW_TOML = """output = "feed"
[show]
title = "{title}"
[voice]
engine = "tone"
fallback = ""
"""
ARTICLE = """# {title}

{title} opened on Monday after two years of work, the city said.

Officials said the project came in on budget. Residents were invited to the first day.

## What comes next

The council will report on the results in the spring. A second phase is planned for next year.
"""


def children(pid: int) -> list[int]:
    """The process ids whose parent is ``pid`` (from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                found.append(int(stat.parent.name))
    return found


class Workers:
    """``briefcast worker`` processes, each in its own process group (worker and work horse)."""

    def __init__(self, broker: str, folder: Path) -> None:
        self.broker = broker
        self.config = folder / "worker.toml"
        self.config.write_text(WORKER_TOML, encoding="utf-8")
        self.folder = folder
        self.procs: list[subprocess.Popen[bytes]] = []

    def start(self) -> subprocess.Popen[bytes]:
        """One more worker."""
        env = {
            **os.environ,
            "PYTHONPATH": f"{TESTS}{os.pathsep}{SRC}",
            "BRIEFCAST_TEST_VOICE_DELAY": "0.12",
        }
        log = (self.folder / f"worker{len(self.procs)}.log").open("wb")
        proc = subprocess.Popen(
            [
                sys.executable,
                str(TESTS / "queue_worker.py"),
                "-q",
                "worker",
                "--broker",
                self.broker,
                "--config",
                str(self.config),
            ],
            cwd=self.folder,
            env=env,
            stdout=log,
            stderr=log,
            start_new_session=True,
        )
        self.procs.append(proc)
        return proc

    def kill(self, proc: subprocess.Popen[bytes]) -> None:
        """SIGKILL the worker, then its work horse (RQ puts it in a process group of its own),
        as when a machine is lost."""
        horses = children(proc.pid)
        assert horses, "the worker has no work horse: it is not building"
        os.killpg(proc.pid, signal.SIGKILL)
        for pid in horses:
            os.kill(pid, signal.SIGKILL)
        proc.wait(timeout=10)

    def stop(self) -> None:
        """Stop every worker still running, and its work horse."""
        for proc in self.procs:
            if proc.poll() is None:
                horses = children(proc.pid)
                os.killpg(proc.pid, signal.SIGKILL)
                for pid in horses:
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(pid, signal.SIGKILL)
                proc.wait(timeout=10)


@pytest.fixture
def workers(broker: str, tmp_path: Path) -> Iterator[Workers]:
    """A way to start and kill workers on the test's broker; all are stopped afterwards."""
    pool = Workers(broker, tmp_path)
    yield pool
    pool.stop()


def make_show(folder: Path, title: str, articles: int) -> tuple[Path, list[Path]]:
    """A show folder with its briefcast.toml (tone voice) and ``articles`` article files."""
    folder.mkdir(parents=True)
    (folder / "briefcast.toml").write_text(SHOW_TOML.format(title=title), encoding="utf-8")
    paths = []
    for i in range(articles):
        path = folder / f"{title.lower().replace(' ', '-')}-{i}.md"
        path.write_text(ARTICLE.format(title=f"{title} story {i}"), encoding="utf-8")
        paths.append(path)
    return folder / "briefcast.toml", paths


def queue_cfg(broker: str, folder: Path) -> Config:
    """A config naming the broker (what submit and jobs use)."""
    return load_config(None, overrides={"queue.broker": broker}, env={}, cwd=folder)


def wait_for(condition, timeout: float, what: str):  # type: ignore[no-untyped-def]
    """Poll ``condition`` until it returns something true; fail after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout} s waiting for {what}")


def test_killed_worker_job_is_rerun_and_every_episode_lands_once(
    broker: str, workers: Workers, tone_voice: ToneVoice, tmp_path: Path
) -> None:
    """2 workers take 6 articles for 2 shows; one is killed (SIGKILL, with its work horse)
    while voicing and a third starts: all 6 episodes end up in the right feed exactly once,
    and both feeds validate."""
    from rq import Worker
    from rq.job import Job

    shows = {}
    for name in ("Harbour News", "Valley Daily"):
        config, articles = make_show(tmp_path / name.replace(" ", "_"), name, 3)
        shows[name] = (config, articles)
    cfg = queue_cfg(broker, tmp_path)
    workers.start()
    workers.start()
    ids = []
    for config, articles in shows.values():
        for article in articles:
            spec = jobs.make_spec((str(article),), None, config=config, cwd=config.parent)
            info, new = jobs.submit(spec, cfg)
            assert new
            ids.append(info.id)
    client = jobs.connect(broker)

    def voicing() -> Job | None:
        for job in Job.fetch_many(ids, connection=client):
            if (
                job
                and job.get_status() == "started"
                and job.worker_name
                and str(job.meta.get("stage", "")).startswith("voicing ")
            ):
                return job
        return None

    victim_job = wait_for(voicing, 60, "a job being voiced")
    victim = Worker.find_by_key(f"rq:worker:{victim_job.worker_name}", connection=client)
    assert victim is not None
    proc = next(p for p in workers.procs if p.pid == victim.pid)
    workers.kill(proc)
    workers.start()

    def all_settled() -> list[jobs.JobInfo] | None:
        infos = [jobs.get_job(i, cfg) for i in ids]
        return infos if all(j.state in ("done", "failed") for j in infos) else None

    infos = wait_for(all_settled, 120, "all 6 jobs to finish")
    assert [j.state for j in infos] == ["done"] * 6, [j.error for j in infos]
    rerun = next(j for j in infos if j.id == victim_job.id)
    assert rerun.attempts == 2  # the killed build ran again, on another worker
    for name, (config, _articles) in shows.items():
        out = config.parent / "feed"
        stored = Show(out).episodes()
        assert sorted(e.title for e in stored) == sorted(f"{name} story {i}" for i in range(3))
        parsed = feedparser.parse((out / "feed.xml").read_bytes())
        assert sorted(e.title for e in parsed.entries) == sorted(e.title for e in stored)
        assert len({e.id for e in parsed.entries}) == 3
        assert validate_path(out / "feed.xml", require_local=True).ok
        assert len(list((out / "episodes").glob("*.mp3"))) == 3


def test_missing_article_fails_once_with_its_error_and_others_go_on(
    broker: str, workers: Workers, tone_voice: ToneVoice, tmp_path: Path
) -> None:
    """A job whose article file is missing fails on its first attempt, with the error line,
    and `briefcast jobs` lists it as failed; the job submitted after it is built."""
    config, articles = make_show(tmp_path / "show", "Harbour News", 1)
    cfg = queue_cfg(broker, tmp_path)
    runner = CliRunner()
    missing = config.parent / "gone.md"
    bad = runner.invoke(cli, ["submit", str(missing), "--config", str(config), "--broker", broker])
    assert bad.exit_code == 0, bad.output
    good = runner.invoke(
        cli, ["submit", str(articles[0]), "--config", str(config), "--broker", broker]
    )
    bad_id, good_id = bad.output.strip(), good.output.strip()
    workers.start()
    assert jobs.wait(good_id, cfg, timeout=60).state == "done"
    failed = jobs.wait(bad_id, cfg, timeout=10)
    assert failed.state == "failed" and failed.attempts == 1
    assert "gone.md" in failed.error and "Traceback" not in failed.error
    listing = runner.invoke(cli, ["jobs", "--broker", broker])
    assert listing.exit_code == 0
    lines = listing.output.splitlines()
    failed_at = next(
        i for i, line in enumerate(lines) if line.startswith("failed") and bad_id in line
    )
    assert lines[failed_at + 1].strip() == f"Error: {failed.error}"
    assert any(line.startswith("done") and good_id in line for line in lines)
    again = runner.invoke(
        cli, ["submit", str(missing), "--config", str(config), "--broker", broker, "--wait"]
    )
    assert again.exit_code == 1
    assert again.output.strip().splitlines()[-1] == f"Error: job {bad_id} failed: {failed.error}"


def test_same_build_submitted_twice_is_one_job(
    broker: str, tone_voice: ToneVoice, tmp_path: Path
) -> None:
    """Submitting the same build while it is queued returns the same job; another title is
    another job."""
    config, articles = make_show(tmp_path / "show", "Harbour News", 1)
    cfg = queue_cfg(broker, tmp_path)
    spec = jobs.make_spec((str(articles[0]),), None, config=config, cwd=tmp_path)
    first, new = jobs.submit(spec, cfg)
    second, again = jobs.submit(spec, cfg)
    assert new and not again and first.id == second.id and second.state == "queued"
    other = jobs.make_spec(
        (str(articles[0]),), None, config=config, cwd=tmp_path, title="Another title"
    )
    assert other.job_id != spec.job_id
    assert [j.id for j in jobs.list_jobs(cfg)] == [first.id]


def test_queue_commands_without_a_broker_say_how_to_set_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without a broker, or with one that does not answer, the queue commands print one
    Error line saying what to do, no traceback."""
    monkeypatch.delenv("BRIEFCAST_BROKER", raising=False)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    result = runner.invoke(cli, ["jobs"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: no broker configured: pass --broker")
    dead = runner.invoke(cli, ["jobs", "--broker", "redis://127.0.0.1:1/0"])
    assert dead.exit_code == 1 and "Traceback" not in dead.output
    assert dead.output.startswith("Error: cannot reach the broker at redis://127.0.0.1:1/0")
    stdin = runner.invoke(cli, ["submit", "-", "--broker", "redis://127.0.0.1:1/0"])
    assert stdin.output.startswith("Error: standard input cannot be queued")


SECRET = "S3cretPassw0rd"


class OwnRedis:
    """A redis-server of the test's own, with a password, that the test can stop and start
    again on the same port (the session's server is shared and never stopped)."""

    def __init__(self, folder: Path) -> None:
        import socket

        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            self.port = int(sock.getsockname()[1])
        self.folder = folder
        self.url = f"redis://:{SECRET}@127.0.0.1:{self.port}/0"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        """Start the server and wait until it answers."""
        import shutil

        import redis

        binary = shutil.which("redis-server")
        assert binary, "redis-server is not installed (apt-get install redis-server)"
        self.proc = subprocess.Popen(
            [binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
            + ["--appendonly", "no", "--dir", str(self.folder), "--requirepass", SECRET],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(lambda: _pings(redis, self.url), 10, "redis-server to answer")

    def stop(self) -> None:
        """Stop the server (SIGKILL: as when the machine running it is lost)."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)


def _pings(redis: object, url: str) -> bool:
    try:
        return bool(redis.Redis.from_url(url).ping())  # type: ignore[attr-defined]
    except redis.RedisError:  # type: ignore[attr-defined]
        return False


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[OwnRedis]:
    """A password-protected redis-server for this test alone; stopped afterwards."""
    server = OwnRedis(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.mark.parametrize("command", [["jobs"], ["submit", "story.md"], ["worker", "--burst"]])
def test_the_broker_password_is_never_printed(
    command: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the broker down, jobs, submit and worker --burst say which broker they cannot
    reach with the password masked (the README recommends putting it in the URL)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    (tmp_path / "story.md").write_text(ARTICLE.format(title="Story"), encoding="utf-8")
    url = f"redis://:{SECRET}@127.0.0.1:{port}/0"
    # The worker runs in this process: whatever it does to BRIEFCAST_BROKER is undone after.
    monkeypatch.setenv("BRIEFCAST_BROKER", url)
    with contextlib.chdir(tmp_path):
        result = CliRunner().invoke(cli, [*command, "--broker", url])
    assert result.exit_code == 1
    assert SECRET not in result.output
    assert f"redis://:***@127.0.0.1:{port}/0" in result.output
    assert result.output.count("Error: ") == 1


def _worker(url: str, folder: Path) -> subprocess.Popen[bytes]:
    """A worker (voicing with the tone voice) on ``url`` in its own process group, its stderr
    in worker.log."""
    config = folder / "worker.toml"
    config.write_text(WORKER_TOML, encoding="utf-8")
    with (folder / "worker.log").open("wb") as log:
        return subprocess.Popen(
            [sys.executable, str(TESTS / "queue_worker.py"), "worker", "--broker", url]
            + ["--config", str(config)],
            cwd=folder,
            env={**os.environ, "PYTHONPATH": f"{TESTS}{os.pathsep}{SRC}"},
            stderr=log,
            stdout=subprocess.DEVNULL,
            start_new_session=True,
        )


def test_the_worker_waits_for_redis_and_takes_jobs_again(
    own_redis: OwnRedis, tmp_path: Path
) -> None:
    """A worker started while Redis is down says so once and waits (it exited with an error);
    when Redis is up it says so once; Redis lost while it waits for jobs does not end it
    either: one line when it goes (not one per try), one when it is back, and a job submitted
    then is built. The password is never printed."""
    own_redis.stop()
    proc = _worker(own_redis.url, tmp_path)
    log = tmp_path / "worker.log"

    def line_with(text: str) -> bool:
        return text in log.read_text(encoding="utf-8", errors="replace")

    try:
        wait_for(
            lambda: line_with("cannot reach the broker"), 20, "the worker to report Redis down"
        )
        time.sleep(1.5)
        assert proc.poll() is None, log.read_text()
        own_redis.start()
        wait_for(lambda: line_with("reachable again"), 30, "the worker to report Redis back")
        time.sleep(1.0)
        own_redis.stop()
        wait_for(lambda: line_with("lost the broker"), 20, "the worker to report Redis lost")
        time.sleep(3.5)  # RQ tries again after 1 s and 2 s: neither try adds a line
        assert proc.poll() is None, log.read_text()
        own_redis.start()
        wait_for(lambda: log.read_text().count("reachable again") == 2, 30, "Redis back, again")
        config, articles = make_show(tmp_path / "show", "Harbour News", 1)
        spec = jobs.make_spec((str(articles[0]),), None, config=config, cwd=config.parent)
        cfg = queue_cfg(own_redis.url, tmp_path)
        info, _ = jobs.submit(spec, cfg)
        done = jobs.wait(info.id, cfg, timeout=60)
        assert done.state == "done", (done, log.read_text())
        assert proc.poll() is None
    finally:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    lines = log.read_text(encoding="utf-8").splitlines()
    text = "\n".join(lines)
    assert SECRET not in text
    assert sum("cannot reach the broker" in line for line in lines) == 1, text
    assert sum("lost the broker" in line for line in lines) == 1, text
    assert sum("reachable again" in line for line in lines) == 2, text
    assert not any("could not connect" in line or "retrying in" in line for line in lines), text
