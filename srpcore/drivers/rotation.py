"""The refresh calls' driver side: what it tells the sans-IO choice, and what a refusal means.

Which call to make, and when to fall back, is :mod:`srpcore.signin.refresh`'s
(:func:`~srpcore.signin.refresh.first_refresh`, :func:`~srpcore.signin.refresh.fallback_refresh`).
This side only reports that GetTokensFromRefreshToken is unknown: a botocore too old to have the
method (``rotation=True`` is then refused, as it cannot be sent), an (endpoint URL, client id)
that answered ``UnknownOperationException`` before (remembered in a bounded table, so later
refreshes go straight to REFRESH_TOKEN_AUTH), and, after a call, that answer itself or
botocore's ``NoCredentialsError`` from a model that still signs the operation (before 1.40.7)
on a client with no AWS credentials: nothing was sent, and REFRESH_TOKEN_AUTH needs none, so
that one is not remembered.

A refusal that ends the session (see :func:`~srpcore.signin.refresh.session_over`) becomes
:class:`~srpcore.errors.SignInRequiredError`; any other stays a plain
:class:`~srpcore.errors.ServiceError`.
"""

from __future__ import annotations

from typing import Any

from botocore import xform_name
from botocore.exceptions import NoCredentialsError

from srpcore.core.lru import LRU
from srpcore.drivers._common import ClientError, call_failure, error_fields
from srpcore.drivers._drive import Steps
from srpcore.errors import ConfigurationError, ServiceError, SignInRequiredError
from srpcore.signin.options import RefreshOptions
from srpcore.signin.refresh import (
    ROTATE_OPERATION,
    UNKNOWN_OPERATION,
    fallback_refresh,
    first_refresh,
    refreshed,
    session_over,
)
from srpcore.signin.types import Request, Tokens

__all__ = ["KNOWN_UNSUPPORTED", "Unsupported", "refresh_steps", "refusal"]

_ROTATE_METHOD = xform_name(ROTATE_OPERATION)


class Unsupported(LRU[tuple[str, str], bool]):
    """The (endpoint, client id) pairs known to lack GetTokensFromRefreshToken (see :class:`LRU`).

    A full table forgets its least recently used pair, which then costs one more failed call:
    a memory, never a correctness, bound. Safe to share between threads.
    """

    def __init__(self, limit: int = 1024) -> None:
        super().__init__(limit)

    def __contains__(self, key: tuple[str, str]) -> bool:
        return self.get(key) is not None

    def add(self, key: tuple[str, str]) -> None:
        """Remember that ``key`` has no GetTokensFromRefreshToken."""
        self.put(key, True)


KNOWN_UNSUPPORTED = Unsupported()
"""The process-wide memory of ``rotation="auto"``."""


def _key(client: Any, client_id: str) -> tuple[str, str]:
    endpoint = getattr(getattr(client, "meta", None), "endpoint_url", None)
    return (str(endpoint), client_id)


def refusal(exc: ClientError, request: Request) -> ServiceError:
    """The service's refusal of a refresh: :class:`SignInRequiredError` when it is final."""
    code, message = error_fields(exc)
    kind = SignInRequiredError if session_over(code, message) else ServiceError
    return kind(code, message, step=request.step)


def refresh_steps(client: Any, options: RefreshOptions) -> Steps[Tokens]:
    """One refresh as driver steps (see :mod:`srpcore.drivers._drive`); its tokens.

    At most two requests: the first the options ask for, then at most one fallback.
    """
    knows = hasattr(client, _ROTATE_METHOD)
    if options.rotation is True and not knows:
        raise ConfigurationError(
            "GetTokensFromRefreshToken needs botocore 1.38 or newer (this client has no "
            f"{_ROTATE_METHOD}); upgrade it, or refresh with rotation=False"
        )
    unknown = not knows or _key(client, options.client_id) in KNOWN_UNSUPPORTED
    request = first_refresh(options, rotation_unknown=unknown)
    for _ in range(2):  # a fallback has no fallback: its failure is raised
        outcome = yield request
        if not isinstance(outcome, Exception):
            return refreshed(outcome, options, request.step)
        request = _fallback(client, options, request, outcome)
    raise AssertionError("unreachable: a second failure is raised")  # pragma: no cover


def _fallback(client: Any, options: RefreshOptions, request: Request, exc: Exception) -> Request:
    """The request to make after ``request`` failed with ``exc``, or raise what that means."""
    code = error_fields(exc)[0] if isinstance(exc, ClientError) else None
    if code == UNKNOWN_OPERATION or isinstance(exc, NoCredentialsError):
        fallback = fallback_refresh(options, request)
        if fallback is not None:
            if code is not None:  # the endpoint said so; botocore's refusal sent nothing
                KNOWN_UNSUPPORTED.add(_key(client, options.client_id))
            return fallback
    if isinstance(exc, ClientError):
        raise refusal(exc, request) from exc
    failure = call_failure(exc, request)
    if failure is None:
        raise exc
    raise failure from exc
