"""Which refresh call to make, and what its refusal means: shared by the sync and async drivers.

``rotation=True`` always calls GetTokensFromRefreshToken and ``False`` always REFRESH_TOKEN_AUTH.
``"auto"`` calls GetTokensFromRefreshToken, which Cognito answers on every app client (with a
new refresh token only when rotation is on), and falls back to REFRESH_TOKEN_AUTH on exactly one
answer: ``UnknownOperationException``, what an AWS JSON endpoint says for an operation it does
not implement (emulators that predate April 2025). A botocore too old to know the operation
falls back without a call, and so does one whose model still signs it (before 1.40.7) when the
client has no AWS credentials: botocore's ``NoCredentialsError`` comes before anything is sent,
and REFRESH_TOKEN_AUTH needs no credentials. An unknown operation is remembered per (endpoint
URL, client id), in a bounded table, so later refreshes go straight to REFRESH_TOKEN_AUTH. No
other refusal falls back: a ``NotAuthorizedException`` may be a revoked token, and answering it
with the other call would only spend a second request on the same verdict.

A refusal that ends the session (see :func:`~srpcore.signin.refresh.session_over`) becomes
:class:`~srpcore.errors.SignInRequiredError`; any other stays a plain
:class:`~srpcore.errors.ServiceError`.
"""

from __future__ import annotations

from typing import Any

from botocore import xform_name
from botocore.exceptions import NoCredentialsError

from srpcore.drivers._common import ClientError, call_failure, error_fields
from srpcore.drivers._lru import LRU
from srpcore.errors import ConfigurationError, ServiceError, SignInRequiredError
from srpcore.signin.options import RefreshOptions
from srpcore.signin.refresh import (
    ROTATE_OPERATION,
    UNKNOWN_OPERATION,
    build_refresh,
    build_rotating_refresh,
    session_over,
)
from srpcore.signin.types import Request

__all__ = ["KNOWN_UNSUPPORTED", "RefreshAttempt", "Unsupported", "refusal"]

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


class RefreshAttempt:
    """One refresh: the request to make now, and what to do when it fails.

    At most two requests: GetTokensFromRefreshToken, then (``"auto"`` only, once) the
    REFRESH_TOKEN_AUTH fallback.
    """

    def __init__(self, client: Any, options: RefreshOptions) -> None:
        self._client = client
        self._options = options
        self.request = self._first()

    def _first(self) -> Request:
        options = self._options
        if options.rotation is False:
            return build_refresh(options)
        knows = hasattr(self._client, _ROTATE_METHOD)
        if options.rotation is True:
            if not knows:
                raise ConfigurationError(
                    "GetTokensFromRefreshToken needs botocore 1.38 or newer (this client has no "
                    f"{_ROTATE_METHOD}); upgrade it, or refresh with rotation=False"
                )
            return build_rotating_refresh(options)
        unsupported = _key(self._client, options.client_id) in KNOWN_UNSUPPORTED
        if not knows or unsupported or options.initiate_only():
            return build_refresh(options)
        return build_rotating_refresh(options)

    def failed(self, exc: Exception) -> None:
        """Switch :attr:`request` to the fallback, or raise what the failure means.

        Call from the ``except`` block of the failed call.
        """
        request = self.request
        auto_first = self._options.rotation == "auto" and request.operation == ROTATE_OPERATION
        if auto_first and isinstance(exc, NoCredentialsError):
            self.request = build_refresh(self._options)  # nothing was sent: not remembered
            return
        if not isinstance(exc, ClientError):
            failure = call_failure(exc, request)
            if failure is None:
                raise exc
            raise failure from exc
        code, _ = error_fields(exc)
        if auto_first and code == UNKNOWN_OPERATION:
            KNOWN_UNSUPPORTED.add(_key(self._client, self._options.client_id))
            self.request = build_refresh(self._options)
            return
        raise refusal(exc, request) from exc
