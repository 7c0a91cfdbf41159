"""The HTTP shell: hypercorn on a loopback socket we bind, calling :func:`wire.handle`.

Nothing here knows Cognito. The shell reads a request head, lets :func:`wire.check_head`
refuse it before any body is read, streams the body under the size bound and a deadline, and
runs :func:`wire.handle` in a fixed-size thread pool so SRP arithmetic never stalls the event
loop that serves every other connection. A request whose body ends early (the peer closed or
half-closed it) is dropped: it never reaches the service.

The bounds (:class:`ServerLimits`): hypercorn closes a connection whose request head is
unfinished after ``keep_alive`` seconds (the timer that also ends idle keep-alive
connections), any read that waits longer than ``read_timeout``, and a head over ``max_head``
bytes (431); a body must arrive within ``body_timeout``; at most ``workers`` requests run at
once and at most ``max_queued`` more wait for a worker. Connections are bounded by those
timers and the process's file limit; a peer that resets costs nothing and logs nothing.

Every answer this module or :mod:`~srpcore.local.wire` makes, a bug in the shell's own code
included, is Cognito's JSON error envelope. Hypercorn answers two cases itself, before any of
this code runs, with an empty body: a head h11 cannot parse (400) and one past ``max_head``
(431); neither comes from an AWS SDK.
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
import os
import socket
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, cast

from hypercorn.asyncio import serve
from hypercorn.config import Config
from hypercorn.typing import ASGIFramework

from srpcore.errors import ConfigurationError
from srpcore.local import wire
from srpcore.local.access_log import log_request
from srpcore.local.service import Service

__all__ = ["HTTPServer", "ServerLimits", "is_loopback"]


@dataclass(frozen=True)
class ServerLimits:
    """The shell's bounds; the defaults suit a development endpoint on loopback."""

    keep_alive: float = 5.0  # seconds an idle connection, or one still sending its head, lives
    read_timeout: int = 10  # seconds any single read may wait
    body_timeout: float = 30.0  # seconds from the end of the head to the end of the body
    max_head: int = 64 << 10  # hypercorn's hard cap on a request head (431); wire's sit below
    workers: int = 4  # threads that run requests (SRP math); more would only queue on the GIL
    max_queued: int = 256  # requests (bodies read) waiting for a worker; more wait their turn


BACKLOG = 1024
STARTUP_TIMEOUT = 10.0
log = logging.getLogger("srpcore.local.server")

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]


def is_loopback(host: str) -> bool:
    """Whether ``host`` is a loopback IP literal (names are refused: they may resolve anywhere)."""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class HTTPServer:
    """Serves one :class:`Service` on ``host:port`` from an event loop in a background thread."""

    def __init__(
        self,
        service: Service,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        config: wire.WireConfig = wire.DEFAULT_CONFIG,
        limits: ServerLimits = ServerLimits(),
    ) -> None:
        if not is_loopback(host):
            # Admin calls take any credentials here: never serve them beyond this machine.
            raise ConfigurationError(f"the local endpoint binds loopback addresses only: {host!r}")
        self.service = service
        self.config = config
        self.limits = limits
        self._socket = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET)
        try:
            self._socket.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            self._socket.bind((host, port))
            self._socket.listen(BACKLOG)  # connections made before the loop runs wait here
        except OSError:
            self._socket.close()
            raise
        self.address: tuple[str, int] = self._socket.getsockname()[:2]
        self._executor = ThreadPoolExecutor(
            limits.workers, thread_name_prefix="srpcore-local-worker"
        )
        self._ready = threading.Event()
        self._failure: BaseException | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._shutdown: asyncio.Event | None = None
        self._queued: asyncio.Semaphore | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        """Serve from a daemon thread; returns once the loop is up (milliseconds)."""
        self._thread = threading.Thread(
            target=self._run, name=f"srpcore-local-{self.address[1]}", daemon=True
        )
        self._thread.start()
        if not self._ready.wait(STARTUP_TIMEOUT) or self._failure is not None:
            self.stop()
            raise ConfigurationError(f"the local endpoint did not start: {self._failure!r}")

    def stop(self) -> None:
        """Close every connection, join the loop and the workers, release the port."""
        loop, shutdown = self._loop, self._shutdown
        if loop is not None and shutdown is not None:
            with contextlib.suppress(RuntimeError):  # the loop already ended
                loop.call_soon_threadsafe(shutdown.set)
        if self._thread is not None:
            self._thread.join()
            self._thread = None
        self._executor.shutdown(wait=True)
        self._socket.close()

    def _run(self) -> None:
        try:
            asyncio.run(self._serve())
        except BaseException as exc:  # reported by start(); nothing may escape a thread
            self._failure = exc
            self._ready.set()

    async def _serve(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._loop.set_exception_handler(_loop_error)
        self._shutdown = asyncio.Event()
        self._queued = asyncio.Semaphore(self.limits.workers + self.limits.max_queued)
        config = Config()
        config.bind = [f"fd://{os.dup(self._socket.fileno())}"]
        config.keep_alive_timeout = self.limits.keep_alive
        config.read_timeout = self.limits.read_timeout
        config.h11_max_incomplete_size = self.limits.max_head
        config.h2_max_concurrent_streams = self.limits.workers
        config.backlog = BACKLOG
        config.graceful_timeout = 5.0  # in-flight requests finish: they take milliseconds
        config.include_server_header = False
        config.accesslog = None
        config.errorlog = log
        app = cast(ASGIFramework, self._app)  # plain mappings in, the same messages out
        await serve(app, config, shutdown_trigger=self._shutdown.wait, mode="asgi")

    # --- the ASGI application ---------------------------------------------------------------

    async def _app(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send, self._ready)
            return
        if scope["type"] != "http":  # a WebSocket upgrade: refuse it
            await send({"type": "websocket.close", "code": 1003})
            return
        started = False

        async def tracked(message: MutableMapping[str, Any]) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self._http(scope, receive, tracked)
        except Exception as exc:  # a shell bug: one line, never a traceback, never values
            log.error("HTTP shell error: %s", type(exc).__name__)
            if not started:  # Cognito's JSON, not hypercorn's empty 500, for botocore to read
                with contextlib.suppress(Exception):  # the peer may be gone as well
                    raw = scope.get("headers", ())
                    headers = wire.Headers(
                        (k.decode("latin-1"), v.decode("latin-1")) for k, v in raw
                    )
                    bare = wire.WireRequest(scope.get("method", "POST"), "/", headers)
                    await _send(send, wire.internal_error(bare, self.config))

    async def _http(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = time.perf_counter()
        query = scope.get("query_string", b"")
        path = scope["raw_path"] + (b"?" + query if query else b"")
        head = wire.WireRequest(
            method=scope["method"],
            path=path.decode("latin-1"),
            headers=wire.Headers(
                (k.decode("latin-1"), v.decode("latin-1")) for k, v in scope["headers"]
            ),
        )
        response = await self._answer(head, receive)
        if response is None:  # the peer went away before the body was complete: never run it
            return
        await _send(send, response)
        log_request(head, response, time.perf_counter() - started)

    async def _answer(self, head: wire.WireRequest, receive: Receive) -> wire.WireResponse | None:
        refused = wire.check_head(head, self.config)
        if refused is not None:
            return refused
        body = await self._body(receive)
        if body is None:
            return None
        if isinstance(body, _Refusal):
            return body.answer(head, self.config)
        request = wire.WireRequest(head.method, head.path, head.headers, body)
        assert self._queued is not None and self._loop is not None
        async with self._queued:
            return await self._loop.run_in_executor(
                self._executor, wire.handle, self.service, request, self.config
            )

    async def _body(self, receive: Receive) -> bytes | _Refusal | None:
        """The whole body; a refusal if it is too large, too slow or the server is stopping.

        Stopping does not wait for a stalled body: the request is answered 503 at once, so
        shutdown never has to cancel a connection mid-request.
        """
        assert self._shutdown is not None
        read = asyncio.ensure_future(_read_body(receive, self.config.max_body))
        stopping = asyncio.ensure_future(self._shutdown.wait())
        try:
            done, _ = await asyncio.wait(
                {read, stopping},
                timeout=self.limits.body_timeout,
                return_when=asyncio.FIRST_COMPLETED,
            )
        finally:
            read.cancel()  # no-ops once done
            stopping.cancel()
        if read in done:
            return read.result()
        return _Refusal(wire.unavailable if stopping in done else wire.timed_out)


@dataclass(frozen=True)
class _Refusal:
    """A body that will not be read to its end: what to answer instead."""

    answer: Callable[[wire.WireRequest, wire.WireConfig], wire.WireResponse]


_TOO_LARGE = _Refusal(wire.too_large)


async def _read_body(receive: Receive, limit: int) -> bytes | _Refusal | None:
    chunks: list[bytes] = []
    size = 0
    while True:  # bounded by the size cap here and the body deadline in _body
        message = await receive()
        if message["type"] != "http.request":  # http.disconnect: the body never ended
            return None
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:  # what came so far is dropped with this frame
            return _TOO_LARGE
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _loop_error(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    """asyncio's own complaints as one line, never a traceback (and never a value)."""
    exc = context.get("exception")
    kind = type(exc).__name__ if exc is not None else "no exception"
    log.warning(
        "event loop: %s (%s)", str(context.get("message", "error"))[:200].replace("\n", " "), kind
    )


async def _send(send: Send, response: wire.WireResponse) -> None:
    headers = [(k.encode("latin-1"), v.encode("latin-1")) for k, v in response.headers]
    await send({"type": "http.response.start", "status": response.status, "headers": headers})
    await send({"type": "http.response.body", "body": response.body})


async def _lifespan(receive: Receive, send: Send, ready: threading.Event) -> None:
    while True:  # ends with the shutdown message, which hypercorn always sends
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
            ready.set()
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return
