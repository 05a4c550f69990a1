"""The job queue: builds spread over worker processes and machines, on RQ over Redis.

``briefcast submit`` enqueues a :class:`JobSpec`; ``briefcast worker`` runs RQ workers that take
jobs and build them with :func:`run_job`; ``briefcast jobs`` lists them (:func:`list_jobs`).

Why RQ: every job's state lives in Redis (queued, started, finished, failed registries), which
is what ``briefcast jobs`` shows, without a result backend to add; a worker forks a work horse
per job, so a crash in one build cannot take the worker down; and a job whose worker dies
outright (kill -9, machine lost) is found by its heartbeat: each running job's entry in the
started registry expires ``queue.dead_after`` seconds after the worker's last heartbeat, and
the next registry check of any worker (every ``queue.check_interval`` seconds) puts it back on
the queue, at most ``queue.retries`` times. With the defaults (60 s and 30 s) a dead worker's
job runs again within 90 s. Dramatiq acks late and requeues too, but keeps no listing of done
and failed jobs without extra middleware; Celery over Redis redelivers an unacknowledged job
only after its visibility timeout (an hour by default) and is a much larger dependency.

Guarantees:

- **Idempotent.** A job's id is derived from what it builds (show, sources, kind, engine,
  title, config), so submitting it again while it is queued or running returns the same job;
  and every build stores its episode under the episode's guid, so a job run twice (after a
  worker died late in the build) still stores one episode.
- **Input errors fail once.** A :class:`~briefcast.errors.BriefcastError` (a missing or empty
  article, a dead URL, a bad setting) is not retried: the job fails with that one line.
  Anything else (a crash, a lost worker) is retried.
- **Shows are shared safely.** Storing an episode and rewriting the feed happen under a lock
  held in Redis (``briefcast:show:<output folder>``), not a file lock, which network file
  systems do not honour; the lock expires after ``queue.lock_timeout`` seconds if its holder
  dies. Every machine must mount the shared folder at the same path.
"""

from __future__ import annotations

import hashlib
import json
import logging
import math
import os
import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from ..broker import connect, mask_url, masked, require_queue_libraries
from ..config import CONFIG_NAME, Config, QueueConfig, load_config
from ..errors import BriefcastError, ConfigError, QueueError

log = logging.getLogger(__name__)

KEY_PREFIX = "briefcast"
RESULT_TTL = 7 * 24 * 3600  # done and failed jobs stay listed for a week
STATES = ("queued", "running", "done", "failed")


@dataclass(frozen=True)
class JobSpec:
    """One build to run: an episode from ``sources`` (or a briefing of them) into ``out``.

    Paths are absolute, since the worker runs elsewhere; ``config`` is the show's
    ``briefcast.toml`` ("" for the defaults). Empty ``engine``/``title`` mean the show's own.
    """

    sources: tuple[str, ...]
    out: str
    briefing: bool = False
    engine: str = ""
    title: str = ""
    config: str = ""
    max_stories: int | None = None
    target_minutes: float | None = None

    @property
    def job_id(self) -> str:
        """The same build always has the same id (so submitting it twice queues it once)."""
        text = json.dumps(asdict(self), sort_keys=True, ensure_ascii=False)
        return "bc-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]

    def describe(self) -> str:
        """A one-line summary for ``briefcast jobs``."""
        kind = "briefing" if self.briefing else "build"
        names = ", ".join(Path(s).name if "://" not in s else s for s in self.sources)
        return f"{kind} {names} -> {self.out}"

    def to_json(self) -> dict[str, Any]:
        """A JSON-ready dict (what the queue stores)."""
        data = asdict(self)
        data["sources"] = list(self.sources)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> JobSpec:
        """The spec stored by :meth:`to_json`."""
        return cls(**{**data, "sources": tuple(data["sources"])})


def make_spec(
    sources: tuple[str, ...],
    out: Path | None,
    *,
    briefing: bool = False,
    engine: str | None = None,
    title: str | None = None,
    config: Path | None = None,
    cwd: Path | None = None,
    max_stories: int | None = None,
    target_minutes: float | None = None,
) -> JobSpec:
    """A spec with every path made absolute (against ``cwd``), as a worker needs it.

    Without ``config``, the ``briefcast.toml`` of ``cwd`` is used when there is one, as
    ``briefcast build`` would. Standard input cannot be queued.
    """
    cwd = (cwd or Path.cwd()).resolve()
    if not sources:
        raise ConfigError("name at least one article to submit")
    if "-" in sources:
        raise ConfigError(
            "standard input cannot be queued: save it to a file on the shared "
            "folder and submit that"
        )
    resolved = tuple(s if "://" in s else str((cwd / s).resolve()) for s in sources)
    if config is None and (cwd / CONFIG_NAME).is_file():
        config = cwd / CONFIG_NAME
    cfg = load_config(config, overrides={"output": str(out) if out else None}, cwd=cwd)
    return JobSpec(
        resolved,
        str(cfg.output),
        briefing,
        engine or "",
        title or "",
        str(Path(config).resolve()) if config else "",
        max_stories,
        target_minutes,
    )


@dataclass(frozen=True)
class JobInfo:
    """A job as ``briefcast jobs`` lists it: ``state`` is one of :data:`STATES`."""

    id: str
    state: str
    description: str
    error: str = ""
    result: str = ""
    stage: str = ""
    attempts: int = 0
    enqueued_at: datetime | None = None
    ended_at: datetime | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def broker_url(cfg: Config) -> str:
    """The configured broker, or a clear error saying how to name one (or install RQ)."""
    require_queue_libraries()
    if not cfg.queue.broker:
        raise ConfigError(
            "no broker configured: pass --broker redis://HOST:6379/0, set "
            "BRIEFCAST_BROKER, or set queue.broker in briefcast.toml"
        )
    return cfg.queue.broker


def _queue(cfg: Config, client: Any) -> Any:
    from rq import Queue

    return Queue(cfg.queue.name, connection=client)


def _retry(q: QueueConfig) -> Any:
    from rq import Retry

    return Retry(max=q.retries) if q.retries else None


def _info(job: Any) -> JobInfo:
    """What ``briefcast jobs`` shows of an RQ job."""
    from rq.job import JobStatus

    status = job.get_status(refresh=False)
    state = {
        JobStatus.QUEUED: "queued",
        JobStatus.SCHEDULED: "queued",
        JobStatus.DEFERRED: "queued",
        JobStatus.STARTED: "running",
        JobStatus.FINISHED: "done",
        JobStatus.FAILED: "failed",
        JobStatus.STOPPED: "failed",
        JobStatus.CANCELED: "failed",
    }.get(status, str(status))
    meta = job.meta or {}
    error = ""
    if state == "failed":
        error = meta.get("error") or _last_line(job.exc_info) or "failed"
    result = ""
    if state == "done":
        value = job.return_value()
        if isinstance(value, dict):
            result = str(value.get("summary", ""))
    try:
        description = JobSpec.from_json(job.args[0]).describe()
    except (IndexError, KeyError, TypeError):
        description = job.description or job.id
    return JobInfo(
        job.id,
        state,
        description,
        error,
        result,
        str(meta.get("stage", "")),
        int(meta.get("attempts", 0)),
        job.enqueued_at,
        job.ended_at,
        dict(meta.get("episode", {})),
    )


def _last_line(text: str | None) -> str:
    lines = [line for line in (text or "").strip().splitlines() if line.strip()]
    if not lines:
        return ""
    last = lines[-1]
    if "AbandonedJobError" in last:
        return "its worker died (no heartbeat) and no retry was left"
    return last


def submit(spec: JobSpec, cfg: Config) -> tuple[JobInfo, bool]:
    """Enqueue ``spec``; returns the job and whether it is new.

    A job with the same id that is queued or running is returned as it is; a done or failed
    one is replaced by a fresh run.
    """
    client = connect(broker_url(cfg))
    from rq.exceptions import NoSuchJobError
    from rq.job import Job

    queue = _queue(cfg, client)
    try:
        old = Job.fetch(spec.job_id, connection=client)
    except NoSuchJobError:
        old = None
    if old is not None:
        info = _info(old)
        if info.state in ("queued", "running"):
            return info, False
        old.delete()
    job = queue.enqueue(
        run_job,
        spec.to_json(),
        job_id=spec.job_id,
        retry=_retry(cfg.queue),
        job_timeout=int(cfg.queue.job_timeout),
        result_ttl=RESULT_TTL,
        failure_ttl=RESULT_TTL,
        description=spec.describe(),
    )
    return _info(job), True


def get_job(job_id: str, cfg: Config) -> JobInfo:
    """The job ``job_id``, or :class:`QueueError` when the broker knows none."""
    client = connect(broker_url(cfg))
    from rq.exceptions import NoSuchJobError
    from rq.job import Job

    try:
        return _info(Job.fetch(job_id, connection=client))
    except NoSuchJobError:
        raise QueueError(f"no job {job_id} on the broker (done jobs are kept a week)") from None


def wait(job_id: str, cfg: Config, timeout: float | None = None, poll: float = 0.2) -> JobInfo:
    """Wait until ``job_id`` is done or failed (or ``timeout`` seconds pass) and return it."""
    deadline = None if timeout is None else time.monotonic() + timeout
    while True:
        info = get_job(job_id, cfg)
        if info.state in ("done", "failed"):
            return info
        if deadline is not None and time.monotonic() > deadline:
            raise QueueError(f"job {job_id} is still {info.state} after {timeout:g} s")
        time.sleep(poll)


def list_jobs(cfg: Config) -> list[JobInfo]:
    """Every job the broker knows: queued, running, done and failed, oldest first per state.

    Listing also runs RQ's registry check, so a job whose worker died is requeued (or failed)
    as soon as its heartbeat has expired.
    """
    client = connect(broker_url(cfg))
    from rq.job import Job

    queue = _queue(cfg, client)
    ids: list[str] = []
    for registry in (
        queue.started_job_registry,
        queue.finished_job_registry,
        queue.failed_job_registry,
    ):
        registry.cleanup()
    ids += queue.get_job_ids()
    ids += queue.started_job_registry.get_job_ids()
    ids += queue.finished_job_registry.get_job_ids()
    ids += queue.failed_job_registry.get_job_ids()
    found = [job for job in Job.fetch_many(list(dict.fromkeys(ids)), connection=client) if job]
    infos = [_info(job) for job in found]
    order = {state: i for i, state in enumerate(STATES)}
    return sorted(
        infos,
        key=lambda j: (order.get(j.state, 9), j.enqueued_at.timestamp() if j.enqueued_at else 0),
    )


# ------------------------------------------------------------------------------- the worker


def show_lock(client: Any, out: str, timeout: float) -> Callable[[], AbstractContextManager[None]]:
    """A lock on the show in ``out``, held in Redis (any machine, any process)."""

    @contextmanager
    def locked() -> Iterator[None]:
        import redis
        from redis.exceptions import LockError

        lock = client.lock(
            f"{KEY_PREFIX}:show:{out}",
            timeout=timeout,
            blocking_timeout=max(60.0, 3 * timeout),
            thread_local=False,
        )
        try:
            if not lock.acquire():
                raise QueueError(
                    f"the show {out} stayed locked by another worker for "
                    f"{max(60.0, 3 * timeout):g} s"
                )
        except redis.RedisError as exc:
            raise QueueError(f"cannot lock the show {out} on the broker: {exc}") from exc
        try:
            yield
        finally:
            try:
                lock.release()
            except LockError:
                log.warning(
                    "the lock on %s expired before the show was written (raise queue.lock_timeout)",
                    out,
                )

    return locked


def _set_meta(job: Any, **values: Any) -> None:
    if job is None:
        return
    job.meta.update(values)
    job.save_meta()


def run_job(data: dict[str, Any]) -> dict[str, Any]:
    """Build one queued job (runs in a worker's work horse); returns a summary of the episode.

    The worker's own ``BRIEFCAST_BROKER`` is the broker for the rate limiter and the show lock.
    """
    from rq import get_current_job

    from .. import pipeline
    from ..models import clock
    from ..progress import Progress

    spec = JobSpec.from_json(data)
    job = get_current_job()
    attempts = int((job.meta or {}).get("attempts", 0)) + 1 if job else 1
    _set_meta(job, stage="starting", attempts=attempts)
    config = Path(spec.config) if spec.config else None
    cwd = config.parent if config else Path(spec.out).parent
    cfg = pipeline.load_config(
        config, overrides={"output": spec.out, "voice.engine": spec.engine or None}, cwd=cwd
    )
    client = job.connection if job else connect(broker_url(cfg))
    lock = show_lock(client, spec.out, cfg.queue.lock_timeout)

    def progress(report: Progress) -> None:
        _set_meta(job, stage=f"voicing {report.done}/{report.total}")

    title = spec.title or None
    _set_meta(job, stage="voicing")
    if spec.briefing:
        outcome = pipeline.build_briefing(
            spec.sources,
            cfg,
            max_stories=spec.max_stories,
            target_minutes=spec.target_minutes,
            title=title,
            progress=progress,
            show_lock=lock,
        )
        if outcome.build is None:
            _set_meta(job, stage="done")
            return {"summary": "nothing new: every story was covered before"}
        result = outcome.build
    else:
        result = pipeline.build(spec.sources, cfg, title=title, progress=progress, show_lock=lock)
    ep = result.episode
    verb = "replaced" if result.replaced else "added"
    _set_meta(job, stage="done", episode={"guid": ep.guid, "title": ep.title, "file": ep.file})
    return {
        "summary": f"{verb} {ep.title!r} ({clock(round(ep.duration))}, {ep.engine}): "
        f"{result.audio_path}",
        "guid": ep.guid,
        "file": ep.file,
    }


def _record_failure(
    job: Any,
    exc_type: type[BaseException] | None,
    exc: BaseException | None,
    tb: TracebackType | None,
) -> bool:
    """RQ exception handler: keep the error's one line; never retry an error in the input."""
    if isinstance(exc, BriefcastError):
        job.retries_left = 0  # a missing article stays missing: fail once
        line = str(exc)
    else:
        line = f"unexpected {type(exc).__name__}: {exc}" if exc else "failed"
    job.meta["error"] = line
    job.save_meta()
    return True  # let RQ record the failure (or the retry) as usual


class _BrokerStateLog:
    """RQ's worker log, except that its line for every failed try while Redis is gone ("could
    not connect to Redis instance ... retrying") becomes one line when the broker goes; the
    worker says when it is back (:meth:`BriefcastWorker.heartbeat`)."""

    def __init__(self, inner: Any, worker: Any, url: str, max_backoff: float) -> None:
        self.inner, self.worker, self.url, self.max_backoff = inner, worker, url, max_backoff

    def error(self, msg: object, *args: Any, **kwargs: Any) -> None:
        """Report the broker lost once; pass every other error on."""
        if "could not connect to Redis" not in str(msg):
            self.inner.error(msg, *args, **kwargs)
            return
        if not self.worker.broker_lost:
            self.worker.broker_lost = True
            cause = " ".join(str(args[1]).split()) if len(args) > 1 else ""
            log.warning(
                "lost the broker at %s%s; waiting for it, retrying every %g s at most",
                mask_url(self.url),
                f": {masked(cause, self.url)}" if cause else "",
                self.max_backoff,
            )

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def worker_class(q: QueueConfig, url: str = "", max_backoff: float = 30.0) -> type[Any]:
    """An RQ worker class that keeps the heartbeat, dead-job and registry-check timings, and
    says once when it loses the broker at ``url`` while waiting for jobs and once when it is
    back, retrying at most every ``max_backoff`` seconds meanwhile."""
    from rq import Worker

    class BriefcastWorker(Worker):  # type: ignore[misc]
        """RQ's forking worker, with briefcast's timings (RQ's defaults take 11 minutes to
        rerun the job of a dead worker)."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs.setdefault("job_monitoring_interval", max(1, math.floor(q.heartbeat)))
            kwargs.setdefault("maintenance_interval", q.check_interval)
            kwargs.setdefault(
                "worker_ttl", math.ceil(q.check_interval) + math.ceil(q.dead_after) + 15
            )
            kwargs["exception_handlers"] = [
                _record_failure,
                *(kwargs.get("exception_handlers") or []),
            ]
            super().__init__(*args, **kwargs)
            self.broker_lost = False
            self.max_connection_wait_time = max_backoff
            self.log = _BrokerStateLog(self.log, self, url, max_backoff)  # type: ignore[assignment]

        def heartbeat(self, *args: Any, **kwargs: Any) -> Any:
            """RQ's heartbeat; the first one that reaches a lost broker says it is back."""
            result = super().heartbeat(*args, **kwargs)
            if self.broker_lost:
                self.broker_lost = False
                log.warning("the broker at %s is reachable again; taking jobs", mask_url(url))
            return result

        def get_heartbeat_ttl(self, job: Any, working_time: float = 0.0) -> int:
            """A running job counts as abandoned ``dead_after`` s after the last heartbeat."""
            return max(1, math.ceil(q.dead_after))

        @property
        def dequeue_timeout(self) -> int:
            """Wake up at least every ``check_interval`` s to look for abandoned jobs."""
            return max(1, math.ceil(q.check_interval))

    return BriefcastWorker


def run_worker(
    cfg: Config,
    concurrency: int = 1,
    burst: bool = False,
    *,
    max_backoff: float = 30.0,
) -> None:
    """Take jobs until stopped: one worker, or a pool of ``concurrency`` worker processes.

    While Redis cannot be reached (at start, or lost while waiting for jobs), the worker waits
    and tries again, every second at first and at most every ``max_backoff`` seconds, saying
    so once when the broker goes and once when it is back. A ``burst`` worker, which is meant
    to end, reports the broker unreachable and stops instead.
    """
    require_queue_libraries()
    import redis

    url = broker_url(cfg)
    delay = 1.0
    lost = False
    while True:
        try:
            client = connect(url)
            # Jobs load their show's config; the broker is the worker's, for the rate limiter
            # too. Set once it answers: a worker that never reached it leaves no trace.
            os.environ["BRIEFCAST_BROKER"] = url
            if lost:
                log.warning("the broker at %s is reachable again; taking jobs", mask_url(url))
                lost = False
                delay = 1.0
            _work(cfg, client, concurrency, burst, url, max_backoff)
            return
        except (QueueError, redis.ConnectionError, redis.TimeoutError) as exc:
            if burst:
                if isinstance(exc, QueueError):
                    raise
                raise QueueError(
                    f"lost the broker at {mask_url(url)}: {masked(str(exc), url)}"
                ) from None
            if not lost:
                cause = (
                    str(exc)
                    if isinstance(exc, QueueError)
                    else f"lost the broker at {mask_url(url)}: {masked(str(exc), url)}"
                )
                log.warning("%s; waiting for it, retrying every %g s at most", cause, max_backoff)
                lost = True
            time.sleep(delay)
            delay = min(delay * 2, max_backoff)


def _work(
    cfg: Config, client: Any, concurrency: int, burst: bool, url: str, max_backoff: float
) -> None:
    """Run RQ's worker (or pool of workers) on ``client`` until stopped or, with ``burst``,
    until the queue is empty."""
    cls = worker_class(cfg.queue, url, max_backoff)
    if concurrency <= 1:
        worker = cls([_queue(cfg, client)], connection=client)
        worker.work(burst=burst, logging_level=logging.getLevelName(log.getEffectiveLevel()))
        return
    from rq.worker_pool import WorkerPool

    pool = WorkerPool(
        [cfg.queue.name], connection=client, num_workers=concurrency, worker_class=cls
    )
    pool.start(burst=burst, logging_level=logging.getLevelName(log.getEffectiveLevel()))


__all__ = [
    "JobInfo",
    "JobSpec",
    "STATES",
    "connect",
    "get_job",
    "list_jobs",
    "make_spec",
    "run_job",
    "run_worker",
    "show_lock",
    "submit",
    "wait",
]
