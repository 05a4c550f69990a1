"""How fast gTTS asks Google: requests started at least ``min_interval`` apart, at most
``concurrency`` in flight, and everyone held back when Google asks (a 429, a Retry-After).

In one process :class:`LocalPacer` keeps the pace. With a broker configured, many workers share
one Google quota, so the same two limits are kept in Redis instead (:class:`RedisPacer`), by two
small server-side scripts that run atomically:

- a **slot** (a counting semaphore): a sorted set of holders, each with a lease that expires,
  so a worker killed in the middle of a request frees its slot after ``lease`` seconds;
- a **start time**: the earliest moment the next request may start; each request reserves
  ``max(now, next)`` and moves ``next`` on by ``min_interval``. Redis's own clock is used, so
  machines whose clocks differ still keep one pace. A ``hold`` (Google asked to slow down, or
  a Retry-After) moves ``next`` for everybody.
"""

from __future__ import annotations

import email.utils
import logging
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from datetime import UTC, datetime
from typing import Any, Protocol

from ...errors import QueueError

log = logging.getLogger(__name__)


class LocalPacer:
    """Starts requests at least ``interval`` seconds apart, across threads; can hold everyone."""

    def __init__(self, interval: float, sleep: Callable[[float], None]) -> None:
        self.interval = interval
        self._sleep = sleep
        self._lock = threading.Lock()
        self._next = 0.0

    def wait(self) -> float:
        """Wait for this request's turn; return the (monotonic) time it was given."""
        with self._lock:
            now = time.monotonic()
            start = max(now, self._next)
            self._next = start + self.interval
        if start > now:
            self._sleep(start - now)
        return start

    def hold(self, seconds: float) -> None:
        """Start no request for ``seconds`` (Google asked everyone to slow down)."""
        with self._lock:
            self._next = max(self._next, time.monotonic() + seconds)

    def slot(self) -> AbstractContextManager[None]:
        """In one process the request threads (``concurrency`` of them) are the slots."""
        return nullcontext()


class Pacer(Protocol):
    """Paces requests: this process's :class:`LocalPacer`, or one shared through the broker
    (:class:`RedisPacer`) so that every worker keeps one pace."""

    def wait(self) -> float:
        """Wait for this request's turn."""
        ...

    def hold(self, seconds: float) -> None:
        """Start no request for ``seconds``."""
        ...

    def slot(self) -> AbstractContextManager[None]:
        """One of the ``concurrency`` requests allowed in flight, for the block's duration."""
        ...


def retry_after_seconds(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds asked for by a Retry-After header (delay in seconds or an HTTP date)."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):  # not a date a calendar holds
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


# KEYS[1]: next start time. ARGV: interval (s). Returns the delay before this request's start.
_RESERVE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local nxt = tonumber(redis.call('GET', KEYS[1]) or '0')
local start = math.max(now, nxt)
redis.call('SET', KEYS[1], string.format('%.6f', start + tonumber(ARGV[1])), 'EX', 3600)
return string.format('%.6f', start - now)
"""

# KEYS[1]: next start time. ARGV: seconds to hold every request back.
_HOLD = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
local nxt = tonumber(redis.call('GET', KEYS[1]) or '0')
redis.call('SET', KEYS[1], string.format('%.6f', math.max(nxt, now + tonumber(ARGV[1]))),
           'EX', 3600)
return 1
"""

# KEYS[1]: holders (sorted set, score = lease end). ARGV: limit, lease (s), token.
_ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) + tonumber(t[2]) / 1000000
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[3])
  redis.call('EXPIRE', KEYS[1], math.ceil(tonumber(ARGV[2])) + 60)
  return 1
end
return 0
"""


class RedisPacer:
    """At most ``concurrency`` requests in flight and starts ``interval`` apart, for every
    process that uses the same Redis and ``name``."""

    def __init__(
        self,
        client: Any,
        name: str,
        interval: float,
        concurrency: int,
        lease: float,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.interval = interval
        self.concurrency = concurrency
        self.lease = lease
        self._client = client
        self._next_key = f"briefcast:pace:{name}:next"
        self._slots_key = f"briefcast:pace:{name}:slots"
        self._sleep = sleep
        self._reserve = client.register_script(_RESERVE)
        self._hold = client.register_script(_HOLD)
        self._acquire = client.register_script(_ACQUIRE)

    def _call(self, script: Any, keys: list[str], args: list[Any]) -> Any:
        import redis

        try:
            return script(keys=keys, args=args)
        except redis.RedisError as exc:
            raise QueueError(f"the broker's rate limiter cannot be reached: {exc}") from exc

    def wait(self) -> float:
        """Wait for this request's turn among all workers; return the local time it began."""
        delay = float(self._call(self._reserve, [self._next_key], [self.interval]))
        if delay > 0:
            self._sleep(delay)
        return time.monotonic()

    def hold(self, seconds: float) -> None:
        """Start no request anywhere for ``seconds``."""
        self._call(self._hold, [self._next_key], [seconds])

    @contextmanager
    def slot(self) -> Iterator[None]:
        """Hold one of the ``concurrency`` slots shared by every worker while in the block."""
        import redis

        token = uuid.uuid4().hex
        while not self._call(
            self._acquire, [self._slots_key], [self.concurrency, self.lease, token]
        ):
            self._sleep(0.02)
        try:
            yield
        finally:
            try:
                self._client.zrem(self._slots_key, token)
            except redis.RedisError as exc:  # the lease frees it anyway; never mask the request
                log.debug("could not free a rate-limiter slot (%s); its lease will", exc)


def redis_pacer(url: str, name: str, interval: float, concurrency: int, lease: float) -> RedisPacer:
    """A :class:`RedisPacer` on the broker at ``url``."""
    from ...broker import connect

    return RedisPacer(connect(url), name, interval, concurrency, lease)
