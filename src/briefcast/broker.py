"""The broker: one Redis connection recipe for the job queue and the shared rate limiter.

redis-py and RQ are optional (the ``queue`` extra); without them, naming a broker is one clear
error instead of an ImportError.
"""

from __future__ import annotations

from typing import Any

from .errors import QueueError
from .textsafe import PASSWORD_IN_URL, mask_url

__all__ = ["connect", "mask_url", "masked", "require_queue_libraries"]


def masked(text: str, url: str) -> str:
    """``text`` (a library's message that may quote ``url`` or its password) made safe to print."""
    match = PASSWORD_IN_URL.search(url)
    text = text.replace(url, mask_url(url))
    if match and match.group(2):
        text = text.replace(match.group(2), "***")
    return text


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
            f"cannot reach the broker at {mask_url(url)}: {masked(str(exc), url)}; "
            "is redis-server running there?"
        ) from None
    return client
