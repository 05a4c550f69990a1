"""Benchmark the queue with gTTS: 6 jobs on 1 worker, then on 3, against one shared pace.

A local stand-in for Google's endpoint answers every request after 200 ms and allows 5
requests a second (it records every arrival); our own redis-server runs on a free loopback
port. Each round submits 6 different articles (gTTS, cache off, ``min_interval`` 0.2 s and
``concurrency`` 1, so 5 requests a second for all workers together) and times until all are
done. Prints the wall times, the speed-up, and the most requests the endpoint saw in any one
second (acceptance: at most 5).

It also prints the ceiling that the shared pace sets: R requests at 5 a second take at least
R/5 seconds on any number of workers, so no round can beat that, and the speed-up of 3
workers over 1 can be at most (1-worker time) / (R/5). Asserts nothing.

Usage: PYTHONPATH=src python3 scripts/bench_queue.py
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from fake_google import reply_body, request_text, speech_mp3  # noqa: E402

from briefcast.config import load_config  # noqa: E402
from briefcast.queue import jobs  # noqa: E402

LATENCY = 0.2
INTERVAL = 0.2  # min_interval below: 5 requests a second for all workers together
ARTICLE = """# {title}

{title} opened on Monday after two years of work on the walls, the city said.

Officials said the project came in on budget. Residents were invited to the first day.

The council will report on the results in the spring. A second phase is planned next year.
"""
SHOW = """output = "feed"
[show]
title = "{title}"
[voice]
engine = "gtts"
fallback = ""
[voice.gtts]
min_interval = 0.2
concurrency = 1
[cache]
enabled = false
"""
WORKER = """import sys
from briefcast.voices.gtts import engine
engine.ENDPOINT = "http://127.0.0.1:{port}/batchexecute?tld={{tld}}"
from briefcast.cli import cli
cli(sys.argv[1:])
"""


class Google(BaseHTTPRequestHandler):
    """Answers a gTTS request after LATENCY seconds, recording when it arrived."""

    arrivals: list[float] = []
    lock = threading.Lock()

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        """One synthesis request."""
        start = time.monotonic()
        with self.lock:
            self.arrivals.append(start)
        body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        reply = reply_body(speech_mp3(request_text(body))).encode("utf-8")
        time.sleep(max(0.0, LATENCY - (time.monotonic() - start)))
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *args: object) -> None:
        """Quiet."""


def free_port() -> int:
    """A free loopback TCP port."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def most_in_one_second(times: list[float]) -> int:
    """The most arrivals in any window of one second."""
    times = sorted(times)
    return max(
        (sum(1 for t in times[i:] if t < start + 1.0) for i, start in enumerate(times)), default=0
    )


def run_round(work: Path, broker: str, workers: int, launcher: Path) -> float:
    """Submit 6 jobs, start ``workers`` workers, return the seconds until all are done."""
    cfg = load_config(None, overrides={"queue.broker": broker}, env={}, cwd=work)
    specs = []
    for show in range(2):
        folder = work / f"round{workers}-show{show}"
        folder.mkdir(parents=True)
        (folder / "briefcast.toml").write_text(SHOW.format(title=f"Show {show}"))
        for i in range(3):
            article = folder / f"story-{i}.md"
            article.write_text(ARTICLE.format(title=f"Harbour {workers}-{show}-{i}"))
            specs.append(
                jobs.make_spec((str(article),), None, config=folder / "briefcast.toml", cwd=folder)
            )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    procs = [
        subprocess.Popen(
            [sys.executable, str(launcher), "-q", "worker", "--broker", broker],
            cwd=work,
            env=env,
            start_new_session=True,
        )
        for _ in range(workers)
    ]
    time.sleep(2.0)  # let the workers start (imports) before the clock runs
    start = time.monotonic()
    ids = [jobs.submit(spec, cfg)[0].id for spec in specs]
    try:
        results = [jobs.wait(job_id, cfg, timeout=600) for job_id in ids]
    finally:
        for proc in procs:
            os.killpg(proc.pid, signal.SIGTERM)
        for proc in procs:
            proc.wait(timeout=60)
    elapsed = time.monotonic() - start
    failed = [r.error for r in results if r.state != "done"]
    if failed:
        print(f"  {len(failed)} job(s) failed: {failed[0]}")
    return elapsed


def main() -> None:
    """Run both rounds and print the figures."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), Google)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="bench-queue-") as tmp:
        work = Path(tmp)
        redis = subprocess.Popen(
            [
                shutil.which("redis-server") or "redis-server",
                "--port",
                str(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                tmp,
            ],
            stdout=subprocess.DEVNULL,
        )
        broker = f"redis://127.0.0.1:{port}/0"
        launcher = work / "worker.py"
        launcher.write_text(WORKER.format(port=server.server_address[1]))
        time.sleep(0.5)
        try:
            print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
            figures = {}
            for workers in (1, 3):
                Google.arrivals.clear()
                jobs.connect(broker).flushall()
                figures[workers] = run_round(work, broker, workers, launcher)
                arrivals = list(Google.arrivals)
                gaps = [b - a for a, b in zip(sorted(arrivals), sorted(arrivals)[1:], strict=False)]
                floor = len(arrivals) * INTERVAL
                print(
                    f"{workers} worker(s): 6 jobs in {figures[workers]:.1f} s, "
                    f"{len(arrivals)} requests, at most {most_in_one_second(arrivals)} in "
                    f"any second, smallest gap {min(gaps, default=0):.3f} s; the shared pace "
                    f"allows no less than {floor:.1f} s"
                )
            print(
                f"speed-up of 3 workers over 1: {figures[1] / figures[3]:.2f}x, where the pace "
                f"caps it at {figures[1] / floor:.2f}x for this input; load average after: "
                f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}"
            )
        finally:
            redis.terminate()
            redis.wait(timeout=10)
            server.shutdown()


if __name__ == "__main__":
    main()
