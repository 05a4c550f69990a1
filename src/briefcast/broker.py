"""The broker: one Redis connection recipe for the job queue and the shared rate limiter.

redis-py and RQ are optional (the ``queue`` extra); without them, naming a broker is one clear
error instead of an ImportError.
"""

from __future__ import annotations

from typing import Any

from .errors import QueueError


def require_queue_libraries() -> None:
    """Raise :class:`QueueError` saying what to install when RQ or redis-py is missing."""
    try:
        import redis  # noqa: F401
        import rq  # noqa: F401
    except ImportError as exc:
        raise QueueError(
            "the job queue needs RQ and redis-py: pip install 'briefcast[queue]'"
        ) from exc


def connect(url: str) -> Any:
    """A Redis client for ``url``, checked with a ping."""
    require_queue_libraries()
    import redis

    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=5, health_check_interval=30)
        client.ping()
    except (redis.RedisError, ValueError) as exc:
        raise QueueError(
            f"cannot reach the broker at {url}: {exc}; is redis-server running there?"
        ) from exc
    return client
