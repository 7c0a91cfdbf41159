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

from srpcore.drivers._common import ClientError, call_failure, error_fields
from srpcore.drivers._lru import LRU
from srpcore.errors import ConfigurationError, ServiceError, SignInRequiredError
from srpcore.signin.options import RefreshOptions
from srpcore.signin.refresh import (
    ROTATE_OPERATION,
    UNKNOWN_OPERATION,
    fallback_refresh,
    first_refresh,
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

    At most two requests: the first the options ask for, then at most one fallback.
    """

    def __init__(self, client: Any, options: RefreshOptions) -> None:
        self._client = client
        self._options = options
        knows = hasattr(client, _ROTATE_METHOD)
        if options.rotation is True and not knows:
            raise ConfigurationError(
                "GetTokensFromRefreshToken needs botocore 1.38 or newer (this client has no "
                f"{_ROTATE_METHOD}); upgrade it, or refresh with rotation=False"
            )
        unknown = not knows or _key(client, options.client_id) in KNOWN_UNSUPPORTED
        self.request = first_refresh(options, rotation_unknown=unknown)

    def failed(self, exc: Exception) -> None:
        """Switch :attr:`request` to the fallback, or raise what the failure means.

        Call from the ``except`` block of the failed call.
        """
        request = self.request
        code = error_fields(exc)[0] if isinstance(exc, ClientError) else None
        if code == UNKNOWN_OPERATION or isinstance(exc, NoCredentialsError):
            fallback = fallback_refresh(self._options, request)
            if fallback is not None:
                if code is not None:  # the endpoint said so; botocore's refusal sent nothing
                    KNOWN_UNSUPPORTED.add(_key(self._client, self._options.client_id))
                self.request = fallback
                return
        if not isinstance(exc, ClientError):
            failure = call_failure(exc, request)
            if failure is None:
                raise exc
            raise failure from exc
        raise refusal(exc, request) from exc
