"""A boto3 ``cognito-idp`` client that reports every call to Locust and backs off throttling.

:class:`Recorder` stands in for the client :func:`srpcore.sign_in`, :func:`srpcore.refresh` and
:class:`srpcore.TokenManager` call, so the drivers stay unaware of Locust. Each call becomes one
Locust request event whose type is the operation (``refresh`` for REFRESH_TOKEN_AUTH and
GetTokensFromRefreshToken) and whose name is the flow or challenge. Only the HTTP call is
timed; the SRP math runs between calls.
"""

from __future__ import annotations

import ipaddress
import secrets
import threading
import time
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import boto3
import gevent
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from srpcore.drivers._common import error_fields
from srpcore.errors import ConfigurationError, ServiceError, SRPError

__all__ = ["THROTTLED", "Backoff", "Recorder", "cognito_client"]

THROTTLED = "TooManyRequestsException"
_REFRESH_FLOWS = {"REFRESH_TOKEN_AUTH", "REFRESH_TOKEN"}
_ROTATING_REFRESH = "GetTokensFromRefreshToken"
_JITTER = secrets.SystemRandom()


@dataclass(frozen=True)
class Backoff:
    """Full-jitter exponential backoff for TooManyRequestsException: bounded retries."""

    retries: int = 5
    base: float = 0.1  # seconds; retry n sleeps uniformly in [0, min(cap, base * 2**n)]
    cap: float = 5.0

    def __post_init__(self) -> None:
        if not 0 <= self.retries <= 20 or not 0 < self.base <= self.cap <= 60:
            raise ConfigurationError("Backoff needs 0..20 retries and 0 < base <= cap <= 60 s")

    def delay(self, attempt: int) -> float:
        """The sleep before retry ``attempt`` (0-based)."""
        return _JITTER.uniform(0.0, min(self.cap, self.base * 2**attempt))


_clients: dict[tuple[str, str | None], Any] = {}
_clients_lock = threading.Lock()


def cognito_client(region: str, endpoint_url: str | None = None) -> Any:
    """One boto3 client per process and endpoint, shared by the virtual users (it is thread-safe).

    botocore's own retries are off: throttling is retried by :class:`Recorder`, visibly, and any
    other failure belongs in the statistics rather than hidden behind a retry. Proxies are
    ignored for a loopback endpoint such as ``srpcore serve``.
    """
    key = (region, endpoint_url)
    with _clients_lock:
        client = _clients.get(key)
        if client is None:
            options: dict[str, Any] = {
                "retries": {"total_max_attempts": 1, "mode": "standard"},
                "max_pool_connections": 1024,  # one per concurrent virtual user, made lazily
                "connect_timeout": 10,
                "read_timeout": 30,
            }
            if endpoint_url is not None and _is_loopback(endpoint_url):
                options["proxies"] = {}
            client = boto3.session.Session().client(
                "cognito-idp",
                region_name=region,
                endpoint_url=endpoint_url,
                config=Config(**options),
            )
            _clients[key] = client
        return client


def _is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    try:
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class Recorder:
    """Proxy for a ``cognito-idp`` client: times each call, fires Locust's request event.

    A ClientError is recorded as a failure (the service's code and message kept) and re-raised
    for the driver; a connection-level error becomes a :class:`ServiceError` with the same text.
    ``throttled`` counts the TooManyRequestsException answers that were retried.
    """

    def __init__(self, client: Any, request_event: Any, backoff: Backoff | None = None) -> None:
        self._client = client
        meta = getattr(client, "meta", None)  # boto3's operation names; a test fake has none
        self._operations: dict[str, str] | None = getattr(meta, "method_to_api_mapping", None)
        self._event = request_event
        self._backoff = backoff or Backoff()
        self.throttled = 0
        self._started = time.perf_counter()
        self._in_calls = 0.0

    def reset_clock(self) -> None:
        """Start measuring how long the caller holds the loop (see :meth:`loop_hold`)."""
        self._started = time.perf_counter()
        self._in_calls = 0.0

    def loop_hold(self) -> float:
        """Seconds since :meth:`reset_clock` spent outside calls: work that did not yield."""
        return max(0.0, time.perf_counter() - self._started - self._in_calls)

    def record_failure(self, name: str, exc: SRPError) -> None:
        """Report a failure between calls (an unanswered challenge, a bad server value)."""
        self._event.fire(
            request_type="sign-in",
            name=name,
            response_time=0.0,
            response_length=0,
            exception=exc,
            context={},
        )

    def __getattr__(self, method: str) -> Any:
        target = getattr(self._client, method)
        if method.startswith("_") or not callable(target):
            return target
        if self._operations is not None and method not in self._operations:
            return target  # get_paginator, can_paginate...: not service calls

        def call(**kwargs: Any) -> Any:
            return self._call(method, target, kwargs)

        return call

    def _operation(self, method: str) -> str:
        if self._operations is not None and method in self._operations:
            return self._operations[method]
        return "".join(part.capitalize() for part in method.split("_"))

    def _labels(self, method: str, kwargs: dict[str, Any]) -> tuple[str, str]:
        operation = self._operation(method)
        flow = kwargs.get("AuthFlow")
        if flow in _REFRESH_FLOWS or operation == _ROTATING_REFRESH:
            return "refresh", operation
        if flow is not None:
            return operation, str(flow)
        challenge = kwargs.get("ChallengeName")
        return operation, str(challenge) if challenge is not None else operation

    def _call(self, method: str, target: Any, kwargs: dict[str, Any]) -> Any:
        request_type, name = self._labels(method, kwargs)
        attempt = 0
        while True:  # bounded: at most backoff.retries + 1 attempts
            started = time.perf_counter()
            try:
                response = target(**kwargs)
            except ClientError as exc:
                elapsed = self._stop(started)
                code, message = error_fields(exc)
                if code == THROTTLED and attempt < self._backoff.retries:
                    self.throttled += 1
                    self._fire("throttled", f"{request_type} {name}", elapsed, 0, None)
                    pause = time.perf_counter()
                    gevent.sleep(self._backoff.delay(attempt))
                    self._stop(pause)
                    attempt += 1
                    continue
                failure = ServiceError(code, message, step=self._operation(method))
                self._fire(request_type, name, elapsed, 0, failure)
                raise
            except BotoCoreError as exc:
                elapsed = self._stop(started)
                failure = ServiceError(type(exc).__name__, str(exc), step=self._operation(method))
                self._fire(request_type, name, elapsed, 0, failure)
                raise failure from exc
            elapsed = self._stop(started)
            self._fire(request_type, name, elapsed, _length(response), None)
            return response

    def _stop(self, started: float) -> float:
        elapsed = time.perf_counter() - started
        self._in_calls += elapsed
        return elapsed * 1000.0

    def _fire(
        self, request_type: str, name: str, ms: float, length: int, exc: Exception | None
    ) -> None:
        self._event.fire(
            request_type=request_type,
            name=name,
            response_time=ms,
            response_length=length,
            exception=exc,
            context={},
        )

    def __repr__(self) -> str:
        return f"Recorder(throttled={self.throttled})"


def _length(response: Any) -> int:
    try:
        return int(response["ResponseMetadata"]["HTTPHeaders"]["content-length"])
    except (KeyError, TypeError, ValueError):
        return 0
