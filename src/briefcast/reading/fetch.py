"""Fetching an article from an ``http(s)://`` address: the only network I/O of reading.

One GET with requests, bounded in every direction: a connect and read timeout plus an overall
wall-clock deadline on connecting, the headers and the body together (a watchdog thread shuts
the connection's socket down when it passes, so a server that trickles one byte a second cannot
hold a build however short each single read is), a byte limit checked on the
``Content-Length`` header and again while streaming, a content-type check, and at most
``max_redirects`` redirects. The body is returned as bytes with its media type and declared
charset: decoding is the readers' work (:mod:`briefcast.reading.readers.encoding`). Every failure
becomes one :class:`~briefcast.errors.ReadError` whose message names the address and the cause
(DNS, refused, HTTP status, a type no reader takes, too large, timeout).
"""

from __future__ import annotations

import http.client
import logging
import socket
import threading
import time
from dataclasses import dataclass
from typing import Any

import requests
from requests.adapters import HTTPAdapter
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

from ..errors import ReadError

log = logging.getLogger(__name__)

USER_AGENT = "briefcast/0.1 (+https://pypi.org/project/briefcast/; podcast generator)"
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
# Text an article may also be published as; read with the plain-text or Markdown reader.
TEXT_TYPES = frozenset({"text/plain", "text/markdown", "text/x-markdown"})


@dataclass(frozen=True)
class FetchLimits:
    """How long to wait, how much to read and how many redirects to follow."""

    timeout: float = 10.0
    max_bytes: int = 5 * 1024 * 1024
    max_redirects: int = 5


@dataclass(frozen=True)
class Fetched:
    """A fetched document: its address, final address (after redirects), media type (without
    parameters), body, and the charset the server declared ("" when none)."""

    url: str
    final_url: str
    content_type: str
    body: bytes
    charset: str = ""


def is_url(source: str) -> bool:
    """True when ``source`` is an ``http://`` or ``https://`` address."""
    return source.lower().startswith(("http://", "https://"))


def fetch(
    url: str,
    limits: FetchLimits | None = None,
    session: requests.Session | None = None,
    extra_types: frozenset[str] = frozenset(),
) -> Fetched:
    """GET ``url`` within ``limits``; raise :class:`ReadError` with the cause on any failure.

    Only HTML and text articles are accepted, plus the media types in ``extra_types`` (the
    other formats the readers take; news feeds, for briefings).
    """
    limits = limits or FetchLimits()
    own = session is None
    sess = session or requests.Session()
    sess.max_redirects = limits.max_redirects
    deadline = time.monotonic() + limits.timeout
    watch = _Watchdog(deadline)
    if own:
        for prefix in ("http://", "https://"):
            sess.mount(prefix, _WatchedAdapter(watch))
    late = ReadError(
        f"cannot fetch {url}: no answer within {limits.timeout:g} s "
        "(the server is down or too slow; try again later)"
    )
    try:
        try:
            response = sess.get(
                url,
                timeout=(limits.timeout, limits.timeout),
                stream=True,
                allow_redirects=True,
                headers={
                    "User-Agent": USER_AGENT,
                    "Accept": ", ".join(
                        [
                            "text/html,application/xhtml+xml",
                            *sorted(extra_types),
                            "text/plain;q=0.8,*/*;q=0.1",
                        ]
                    ),
                },
            )
        except requests.TooManyRedirects:
            raise ReadError(
                f"cannot fetch {url}: more than {limits.max_redirects} redirects; "
                "open the address in a browser and use the final one"
            ) from None
        except requests.Timeout:
            watch.stop()  # a read that timed out on its own says so, not the deadline
            raise ReadError(
                f"cannot fetch {url}: no answer within {limits.timeout:g} s "
                "(the server is down or too slow; try again later)"
            ) from None
        except requests.ConnectionError as exc:
            raise ReadError(f"cannot fetch {url}: {_connection_cause(exc)}") from None
        except requests.RequestException as exc:
            raise ReadError(f"cannot fetch {url}: {exc}") from None
        late = ReadError(f"cannot fetch {url}: the page did not arrive within {limits.timeout:g} s")
        with response:
            fetched = _read_response(url, response, limits, deadline, extra_types)
        if watch.fired:
            raise late
        return fetched
    except ReadError:
        # A socket shut down at the deadline surfaces as whatever the reader was doing (a
        # broken connection, headers that ended early, an empty body): the deadline is the cause.
        if watch.fired and not watch.stopped:
            raise late from None
        raise
    finally:
        watch.stop()
        if own:
            sess.close()


class _Watchdog:
    """Shuts down the sockets of one fetch once its wall-clock deadline has passed.

    requests' timeouts bound each single read, so a server sending a byte just within them
    could hold a fetch for ever; shutting the socket down from another thread wakes the
    blocked read at once, in the headers as in the body. After the deadline the sockets are
    shut down again every 0.1 s, so a connection opened late (a redirect) is cut too.
    """

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline
        self.fired = False
        self._sockets: list[socket.socket] = []
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run, name="fetch-deadline", daemon=True)
        self._thread.start()

    def watch(self, sock: object) -> None:
        """Cut ``sock`` at the deadline."""
        if isinstance(sock, socket.socket):
            self._sockets.append(sock)

    @property
    def stopped(self) -> bool:
        """True once :meth:`stop` was called."""
        return self._done.is_set()

    def stop(self) -> None:
        """The fetch is over: end the thread."""
        self._done.set()

    def _run(self) -> None:
        wait = self.deadline - time.monotonic()
        while not self._done.wait(max(wait, 0.0)):
            self.fired = True
            for sock in list(self._sockets):
                try:
                    # The plain socket's shutdown: SSLSocket.shutdown would drop its SSL
                    # object under the thread reading from it.
                    socket.socket.shutdown(sock, socket.SHUT_RDWR)
                except OSError:
                    pass
            wait = 0.1


def _watched(pool: type[HTTPConnectionPool], watch: _Watchdog) -> type[HTTPConnectionPool]:
    """A connection pool class whose every connection is handed to ``watch``."""

    class Connection(pool.ConnectionCls):  # type: ignore[name-defined,misc]
        def connect(self) -> None:
            super().connect()
            # The socket, not the connection: http.client drops the connection's reference
            # when the response is read to the close, while the body still reads from it.
            watch.watch(self.sock)

    class Watched(pool):  # type: ignore[valid-type,misc]
        ConnectionCls = Connection

    return Watched


class _WatchedAdapter(HTTPAdapter):
    """requests' adapter with pools whose connections a :class:`_Watchdog` cuts."""

    def __init__(self, watch: _Watchdog) -> None:
        self._watch = watch
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        """Requests' pool manager, with watched pool classes."""
        super().init_poolmanager(*args, **kwargs)
        self.poolmanager.pool_classes_by_scheme = self._pools()

    def proxy_manager_for(self, *args: Any, **kwargs: Any) -> Any:
        """Requests' proxy manager, with watched pool classes."""
        manager = super().proxy_manager_for(*args, **kwargs)
        manager.pool_classes_by_scheme = self._pools()
        return manager

    def _pools(self) -> dict[str, type[HTTPConnectionPool]]:
        return {
            "http": _watched(HTTPConnectionPool, self._watch),
            "https": _watched(HTTPSConnectionPool, self._watch),
        }


def _read_response(
    url: str,
    response: requests.Response,
    limits: FetchLimits,
    deadline: float,
    extra_types: frozenset[str],
) -> Fetched:
    """Check status, type and size of ``response`` and read its body within the deadline."""
    if response.status_code >= 400:
        reason = response.reason or "error"
        hint = " (check the address)" if response.status_code in (404, 410) else ""
        raise ReadError(
            f"cannot fetch {url}: the server answered {response.status_code} {reason}{hint}"
        )
    ctype = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if ctype and ctype not in HTML_TYPES | TEXT_TYPES | extra_types:
        raise ReadError(
            f"cannot read {url}: it is {ctype}, not an HTML page, a text article or "
            "another kind of document briefcast reads"
        )
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limits.max_bytes:
        raise ReadError(
            f"cannot read {url}: the page is too large ({int(declared)} bytes; the "
            f"limit is {limits.max_bytes})"
        )
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in response.iter_content(chunk_size=65536):
            size += len(chunk)
            if size > limits.max_bytes:
                raise ReadError(
                    f"cannot read {url}: the page is too large (over {limits.max_bytes} bytes)"
                )
            if time.monotonic() > deadline:
                raise ReadError(
                    f"cannot fetch {url}: the page did not arrive within {limits.timeout:g} s"
                )
            chunks.append(chunk)
    except requests.RequestException:
        raise ReadError(
            f"cannot fetch {url}: the connection broke or stalled while reading "
            f"(limit {limits.timeout:g} s)"
        ) from None
    body = b"".join(chunks)
    if not body.strip():
        raise ReadError(f"cannot read {url}: the server sent an empty page")
    log.info("fetched %s (%d bytes, %s)", response.url, size, ctype or "no type")
    has_charset = "charset" in response.headers.get("Content-Type", "")
    declared = (response.encoding or "") if has_charset else ""
    # No Content-Type at all: the readers sniff the body rather than trust a guess here.
    return Fetched(url=url, final_url=response.url, content_type=ctype, body=body, charset=declared)


def _connection_cause(exc: BaseException) -> str:
    """Name the cause of a connection failure: DNS, refused, or other."""
    seen: set[int] = set()
    stack: list[BaseException] = [exc]
    text = str(exc)
    while stack:
        err = stack.pop()
        if id(err) in seen:
            continue
        seen.add(id(err))
        if isinstance(err, socket.gaierror) or type(err).__name__ == "NameResolutionError":
            return "the host name could not be resolved (DNS); check the address or the network"
        if isinstance(err, ConnectionRefusedError):
            return "the connection was refused (no server is listening there)"
        if isinstance(err, http.client.HTTPException) and not isinstance(
            err, http.client.RemoteDisconnected | http.client.IncompleteRead
        ):
            # LineTooLong, too many headers, a bad status line: the server answered, badly.
            return (
                f"the server's answer is malformed ({type(err).__name__}: "
                f"{str(err)[:200]}); it is not a web server briefcast can read"
            )
        for nxt in (err.__cause__, err.__context__, *getattr(err, "args", ())):
            if isinstance(nxt, BaseException):
                stack.append(nxt)
        reason = getattr(err, "reason", None)
        if isinstance(reason, BaseException):
            stack.append(reason)
    if "Name or service not known" in text or "getaddrinfo" in text or "resolve" in text:
        return "the host name could not be resolved (DNS); check the address or the network"
    if "refused" in text.lower():
        return "the connection was refused (no server is listening there)"
    return "the connection failed; check the address and the network"
