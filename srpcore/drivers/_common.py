"""What the sync and async drivers share: turning what botocore raises into srpcore's errors.

A ``ClientError`` is the service's refusal: a :class:`ServiceError` with its code and message.
Anything else botocore raises from a call becomes a typed :class:`~srpcore.errors.SRPError`
naming the step, with botocore's exception as ``__cause__``: a body it could not parse (its
parsers raise ``ResponseParserError``, and on hostile JSON also ``AttributeError``,
``TypeError``, ``UnicodeDecodeError`` or ``RecursionError``) is a :class:`ProtocolError`; a
request it refused to send is an :class:`InvalidParameterError`; a call that never completed
(connection, timeout, credentials) is a :class:`TransportError`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from botocore import xform_name
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ParamValidationError,
    StubResponseError,
)
from botocore.parsers import ResponseParserError

from srpcore.errors import (
    InvalidParameterError,
    ProtocolError,
    ServiceError,
    SRPError,
    TransportError,
)
from srpcore.signin.types import Request

__all__ = [
    "ClientError",
    "call",
    "call_async",
    "call_failure",
    "client_method",
    "error_fields",
    "service_call",
    "service_error",
]

_UNPARSEABLE = (
    ResponseParserError,
    AttributeError,
    TypeError,
    KeyError,
    IndexError,
    ValueError,  # UnicodeDecodeError, and json's own errors
    RecursionError,
)
"""What botocore's parsers let escape on a body that is not the JSON the model describes."""

_REPORTED_VALUE = re.compile(r"value: .*?, (?=type: |valid )", re.DOTALL)
"""The ``value: ...,`` botocore's validation report quotes: it may be a password or a token."""


def _validation_report(exc: ParamValidationError) -> str:
    """botocore's report on one line, the parameter names kept and the values it quotes hidden."""
    return _REPORTED_VALUE.sub("value: <hidden>, ", " ".join(str(exc).split()))


def error_fields(exc: ClientError) -> tuple[str, str]:
    """The service's error code and message, as botocore parsed them."""
    error: dict[str, Any] = exc.response.get("Error", {}) if isinstance(exc.response, dict) else {}
    return str(error.get("Code") or "Unknown"), str(error.get("Message") or "")


def service_error(exc: ClientError, request: Request) -> ServiceError:
    """A :class:`ServiceError` keeping the service's code and message and naming the step."""
    code, message = error_fields(exc)
    return ServiceError(code, message, step=request.step)


def call_failure(exc: Exception, request: Request) -> SRPError | None:
    """The error to raise (``from exc``) for a non-ClientError a call raised, or ``None``.

    ``None`` leaves the exception alone: the complaints of botocore's Stubber and other test
    doubles (``StubResponseError``, ``AssertionError``), and anything that did not come from
    the SDK's parsing or sending.
    """
    error: SRPError
    if isinstance(exc, AssertionError | StubResponseError | SRPError):
        return None
    if isinstance(exc, ParamValidationError):
        error = InvalidParameterError(_validation_report(exc))
    elif isinstance(exc, BotoCoreError):
        error = TransportError(f"the call did not complete: {exc}")
    elif isinstance(exc, _UNPARSEABLE):
        # Not botocore's text: a ResponseParserError quotes the body, which may hold tokens.
        # The original stays reachable as __cause__ for whoever debugs with the body at hand.
        error = ProtocolError(
            f"the service's response could not be parsed ({type(exc).__name__}; the body is "
            "not shown as it may hold tokens)"
        )
    else:
        return None
    error.step = request.step
    return error


@contextmanager
def service_call(request: Request) -> Iterator[None]:
    """Around one call with no machine to feed: what it raises becomes srpcore's error."""
    try:
        yield
    except ClientError as exc:
        raise service_error(exc, request) from exc
    except Exception as exc:
        failure = call_failure(exc, request)
        if failure is None:
            raise
        raise failure from exc


def client_method(client: Any, request: Request) -> Any:
    """The client's bound method for ``request``: botocore's own name for the operation."""
    return getattr(client, xform_name(request.operation))


def call(client: Any, request: Request) -> Any:
    """Make ``request`` on a boto3 client; its response, or srpcore's error (see
    :func:`service_call`)."""
    with service_call(request):
        return client_method(client, request)(**request.kwargs())


async def call_async(client: Any, request: Request) -> Any:
    """Await ``request`` on an aiobotocore client (see :func:`call`)."""
    with service_call(request):
        return await client_method(client, request)(**request.kwargs())
