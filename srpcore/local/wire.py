"""Cognito's JSON 1.1 wire protocol as a function of one request: no sockets, no event loop.

Any HTTP shell (the hypercorn server in :mod:`srpcore.local.server`, a test, another
server) turns what it read into a :class:`WireRequest`, asks :func:`check_head` before
reading a body (so an oversized or unroutable request is refused unread), and writes back
the :class:`WireResponse` that :func:`handle` returns. Everything protocol-specific lives
here: the ``X-Amz-Target`` check (``AWSCognitoIdentityProviderService.`` or, for the identity
pool service, ``AWSCognitoIdentityService.``), the size limits, JSON decoding, the ``{"__type",
"message"}`` error envelope with ``x-amzn-RequestId``, the JWKS / OpenID routes and CORS.

AWS documents no codes for HTTP-level refusals (405, 413, 414, 431, 501); they are answered in
the same envelope with exception names chosen here, so botocore and the JS SDK still parse them.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

from srpcore.cognito.pool import POOL_ID_PATTERN
from srpcore.errors import ConfigurationError
from srpcore.local.errors import ApiError, invalid_parameter
from srpcore.local.identity import TARGET_PREFIX as IDENTITY_TARGET_PREFIX
from srpcore.local.model import random_uuid
from srpcore.local.service import IDENTITY, IDP, Service
from srpcore.local.validate import needs_signature

__all__ = [
    "API_CONTENT_TYPE",
    "DEFAULT_CONFIG",
    "IDENTITY_TARGET_PREFIX",
    "TARGET_PREFIX",
    "Headers",
    "WireConfig",
    "WireRequest",
    "WireResponse",
    "check_head",
    "handle",
    "internal_error",
    "timed_out",
    "too_large",
    "unavailable",
]

API_CONTENT_TYPE = "application/x-amz-json-1.1"
JSON_CONTENT_TYPE = "application/json"
TARGET_PREFIX = "AWSCognitoIdentityProviderService."
ALLOWED_METHODS = ("GET", "HEAD", "POST", "OPTIONS")
# Methods HTTP defines that this endpoint does not serve: 405; anything else is 501.
KNOWN_METHODS = frozenset({"PUT", "DELETE", "PATCH", "CONNECT", "TRACE"})
# What AWS's JavaScript SDK and Amplify send from a browser, plus SigV4's own headers (the
# Admin* calls of a signed client): a preflight for these must succeed.
CORS_ALLOW_HEADERS = (
    "Authorization",
    "Cache-Control",
    "Content-Type",
    "X-Amz-Target",
    "X-Amz-User-Agent",
    "X-Amz-Date",
    "X-Amz-Security-Token",
    "X-Amz-Content-Sha256",
    "amz-sdk-invocation-id",
    "amz-sdk-request",
)
CORS_EXPOSE_HEADERS = ("x-amzn-RequestId", "x-amzn-ErrorType", "x-amzn-ErrorMessage", "Date")
_WELL_KNOWN = re.compile(rf"/({POOL_ID_PATTERN})/\.well-known/(jwks\.json|openid-configuration)")
_ORIGIN = re.compile(r"\*|[a-z][a-z0-9+.-]*://[A-Za-z0-9.\[\]:-]+")
_OPERATION = re.compile(r"[A-Za-z]{1,64}")
MESSAGES_PATH = "/_srpcore/messages"
log = logging.getLogger("srpcore.local")


@dataclass(frozen=True)
class WireConfig:
    """Limits and CORS policy; the defaults suit a loopback development endpoint.

    ``cors_origins`` is ``"*"`` (any page may call the endpoint: it serves loopback only) or
    the origins allowed, each echoed back to a matching ``Origin`` only.
    """

    max_body: int = 1 << 20  # Cognito's largest legitimate request is a few KiB
    max_target: int = 8 << 10  # request line (method, path, query): 414 above this
    max_header_bytes: int = 16 << 10  # all header names and values: 431 above this
    cors_origins: str | Sequence[str] = "*"

    def __post_init__(self) -> None:
        origins = [self.cors_origins] if isinstance(self.cors_origins, str) else self.cors_origins
        for origin in origins:  # each becomes a response header value
            if not _ORIGIN.fullmatch(origin):
                raise ConfigurationError(
                    f"CORS origin {origin!r} is not '*' or an origin like http://localhost:3000"
                )
        if isinstance(self.cors_origins, str) and self.cors_origins != "*":
            object.__setattr__(self, "cors_origins", (self.cors_origins,))


DEFAULT_CONFIG = WireConfig()


class Headers(Mapping[str, str]):
    """Request headers, looked up case-insensitively; repeated fields are joined with ``, ``."""

    def __init__(self, items: Iterable[tuple[str, str]] = ()) -> None:
        merged: dict[str, str] = {}
        size = 0
        for name, value in items:
            key = name.lower()
            size += len(name) + len(value) + 4  # ": " and CRLF, as on the wire
            merged[key] = f"{merged[key]}, {value}" if key in merged else value
        self._items = merged
        self.size = size

    def __getitem__(self, name: str) -> str:
        return self._items[name.lower()]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __repr__(self) -> str:  # values may hold SigV4 signatures or tokens: names only
        return f"Headers({sorted(self._items)})"


@dataclass(frozen=True)
class WireRequest:
    """One complete request; ``path`` is the request target (path and query)."""

    method: str
    path: str
    headers: Headers = field(default_factory=Headers)
    body: bytes = field(default=b"", repr=False)


@dataclass(frozen=True)
class WireResponse:
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes = field(default=b"", repr=False)

    def header(self, name: str) -> str | None:
        """The first value of header ``name`` (case-insensitive), for shells and tests."""
        wanted = name.lower()
        return next((v for k, v in self.headers if k.lower() == wanted), None)


def check_head(request: WireRequest, config: WireConfig = DEFAULT_CONFIG) -> WireResponse | None:
    """The answer to a request that must be refused on its head alone, else ``None``.

    Call it before reading the body: a refused body is never read or buffered.
    """
    if len(request.method) + len(request.path) + 10 > config.max_target:
        return _error(request, config, ApiError("UriTooLongException", _TOO_LONG, status=414))
    if request.headers.size > config.max_header_bytes:
        error = ApiError("RequestHeaderFieldsTooLargeException", _HEADERS_TOO_LARGE, status=431)
        return _error(request, config, error)
    if request.method not in ALLOWED_METHODS:
        if request.method in KNOWN_METHODS:
            error = ApiError("MethodNotAllowedException", _method(request), status=405)
            return _error(request, config, error, (("Allow", ", ".join(ALLOWED_METHODS)),))
        return _error(
            request, config, ApiError("NotImplementedException", _method(request), status=501)
        )
    if request.method == "POST":
        length = request.headers.get("content-length")
        if length is not None and not (length.isascii() and length.isdigit()):
            return _error(request, config, ApiError("SerializationException", _BAD_LENGTH))
        if length is not None and int(length) > config.max_body:
            return too_large(request, config)
    return None


def too_large(request: WireRequest, config: WireConfig = DEFAULT_CONFIG) -> WireResponse:
    """The 413 for a body over ``config.max_body`` (declared, or found while streaming)."""
    message = f"Request body is too large (limit {config.max_body} bytes)"
    return _error(request, config, ApiError("SerializationException", message, status=413))


def timed_out(request: WireRequest, config: WireConfig = DEFAULT_CONFIG) -> WireResponse:
    """The 408 for a body that did not arrive in time; the request is not run."""
    error = ApiError("RequestTimeoutException", "Request body was not received in time", status=408)
    return _error(request, config, error)


def unavailable(request: WireRequest, config: WireConfig = DEFAULT_CONFIG) -> WireResponse:
    """The 503 for a request still arriving when the endpoint stops; it is not run."""
    error = ApiError("ServiceUnavailableException", "The endpoint is shutting down", status=503)
    return _error(request, config, error)


def internal_error(request: WireRequest, config: WireConfig = DEFAULT_CONFIG) -> WireResponse:
    """The 500 for a bug, as AWS answers one (botocore retries it); the bug is logged apart."""
    error = ApiError("InternalErrorException", "Internal server error", status=500)
    return _error(request, config, error)


def handle(
    service: Service, request: WireRequest, config: WireConfig = DEFAULT_CONFIG
) -> WireResponse:
    """Answer one complete request. Never raises: a bug becomes a logged 500."""
    refused = check_head(request, config)
    if refused is not None:
        return refused
    if len(request.body) > config.max_body:  # a shell that did not stream-check
        return too_large(request, config)
    if request.method == "OPTIONS":
        return _preflight(request, config)
    if request.method == "POST":
        return _api(service, request, config)
    return _get(service, request, config)


# --- routes -------------------------------------------------------------------------------


def _api(service: Service, request: WireRequest, config: WireConfig) -> WireResponse:
    target = request.headers.get("x-amz-target", "")
    api, operation = "", ""
    if target.startswith(TARGET_PREFIX):
        operation = target[len(TARGET_PREFIX) :]
    elif target.startswith(IDENTITY_TARGET_PREFIX):  # cognito-identity, on the same URL
        api, operation = IDENTITY, target[len(IDENTITY_TARGET_PREFIX) :]
    try:
        if not _OPERATION.fullmatch(operation):
            raise ApiError("UnknownOperationException", "Missing or unknown X-Amz-Target")
        if needs_signature(operation, service=api or IDP) and not _not_a_foreign_page(
            request, config
        ):
            raise ApiError("AccessDeniedException", _SIGNED_ONLY, status=403)
        body = _decode(request.body)
        result = (
            service.dispatch(operation, body, api=api)
            if api == IDENTITY
            else service.dispatch(operation, body)
        )
    except ApiError as error:
        return _error(request, config, error)
    except Exception as exc:  # a bug: answer as AWS would; log where and what kind, no values
        log.error("internal error in %s: %s", operation, type(exc).__name__)
        return internal_error(request, config)
    return _respond(request, config, 200, result, API_CONTENT_TYPE)


def _decode(raw: bytes) -> dict[str, Any]:
    """The request object; every way a body can fail to be one is a SerializationException."""
    if not raw:
        return {}
    try:
        body = json.loads(raw.decode("utf-8"))
    # ValueError covers malformed JSON, bad UTF-8 and integers past Python's digit limit.
    except (ValueError, RecursionError) as exc:
        raise ApiError("SerializationException", "Request body is not valid JSON") from exc
    if not isinstance(body, dict):
        raise ApiError("SerializationException", "Request body must be a JSON object")
    return body


def _messages(service: Service, request: WireRequest, config: WireConfig) -> WireResponse:
    """``GET /_srpcore/messages?pool_id=&username=``: the outbox, oldest first, as JSON.

    Served like every route here on loopback only (the shell binds nothing else), for tests
    that are not written in Python; the codes are test users' and exist nowhere else. A page
    in the developer's browser is on loopback too, so this route refuses what a browser sends
    for another site: an ``Origin`` the configuration does not name (``"*"`` names none here:
    with it any page could read every code) and a ``Host`` that is not a loopback name (a
    DNS-rebinding page, which is same-origin and sends no ``Origin`` on a GET).
    """
    if not _not_a_foreign_page(request, config):
        refused = ApiError(
            "AccessDeniedException", "The outbox is not served to web pages.", status=403
        )
        return _error(request, config, refused)
    try:
        query = parse_qs(request.path.partition("?")[2], max_num_fields=8, strict_parsing=False)
    except ValueError:
        return _error(request, config, invalid_parameter("Too many query parameters"))
    pool_id = query.get("pool_id", [None])[0] or None
    username = query.get("username", [None])[0] or None
    found = service.context.outbox.messages(pool_id, username)
    payload = {"messages": [message.as_json() for message in found]}
    return _respond(request, config, 200, payload, JSON_CONTENT_TYPE)


_LOOPBACK_HOST = re.compile(r"(?:127\.0\.0\.1|localhost|\[::1\])(?::[0-9]{1,5})?", re.IGNORECASE)


_SIGNED_ONLY = (
    "AWS takes this operation only signed with credentials; the local endpoint checks none, so "
    "it does not serve it to web pages it was not configured for (--cors-origin)."
)


def _not_a_foreign_page(request: WireRequest, config: WireConfig) -> bool:
    """Whether ``request`` may read the outbox or call an operation AWS takes only signed:
    not from a web page ``config`` does not name (see :func:`_messages`). The endpoint checks
    no signature, so with ``cors_origins="*"`` any page the developer opens could otherwise
    administer it (create users, set their passwords, delete pools)."""
    host = request.headers.get("host")
    if host is not None and not _LOOPBACK_HOST.fullmatch(host):
        return False
    origin = request.headers.get("origin")
    return origin is None or (
        not isinstance(config.cors_origins, str) and origin in config.cors_origins
    )


def _get(service: Service, request: WireRequest, config: WireConfig) -> WireResponse:
    if request.path.split("?", 1)[0] == MESSAGES_PATH:
        return _messages(service, request, config)
    match = _WELL_KNOWN.fullmatch(request.path.split("?", 1)[0])
    jwks = service.context.tokens.jwks(match.group(1)) if match else None
    if match is None or jwks is None:
        error = ApiError("NotFoundException", "No such resource", status=404)
        return _error(request, config, error)
    if match.group(2) == "jwks.json":
        return _respond(request, config, 200, jwks, JSON_CONTENT_TYPE)
    issuer = service.context.tokens.issuer(match.group(1))
    document = {
        "issuer": issuer,
        "jwks_uri": service.context.tokens.jwks_url(match.group(1)),
        "id_token_signing_alg_values_supported": ["RS256"],
        "subject_types_supported": ["public"],
        "response_types_supported": ["code", "token"],
    }
    return _respond(request, config, 200, document, JSON_CONTENT_TYPE)


def _preflight(request: WireRequest, config: WireConfig) -> WireResponse:
    """A CORS preflight: any path, since browsers preflight the SDK's ``POST /``."""
    headers = (
        ("Access-Control-Allow-Methods", ", ".join(ALLOWED_METHODS)),
        ("Access-Control-Allow-Headers", ", ".join(CORS_ALLOW_HEADERS)),
        ("Access-Control-Max-Age", "600"),
        ("Content-Length", "0"),
        *_cors(request, config),
    )
    return WireResponse(204, headers)


# --- responses ------------------------------------------------------------------------------


def _cors(request: WireRequest, config: WireConfig) -> tuple[tuple[str, str], ...]:
    exposed = ("Access-Control-Expose-Headers", ", ".join(CORS_EXPOSE_HEADERS))
    if isinstance(config.cors_origins, str):
        return (("Access-Control-Allow-Origin", config.cors_origins), exposed)
    origin = request.headers.get("origin")
    if origin is not None and origin in config.cors_origins:
        return (("Access-Control-Allow-Origin", origin), exposed, ("Vary", "Origin"))
    return (("Vary", "Origin"),)


def _respond(
    request: WireRequest,
    config: WireConfig,
    status: int,
    payload: Mapping[str, Any],
    content_type: str,
    *,
    extra: tuple[tuple[str, str], ...] = (),
) -> WireResponse:
    body = json.dumps(payload).encode("utf-8")
    headers = (
        ("Content-Type", content_type),
        ("Content-Length", str(len(body))),
        ("x-amzn-RequestId", random_uuid()),
        *extra,
        *_cors(request, config),
    )
    return WireResponse(status, headers, b"" if request.method == "HEAD" else body)


def _error(
    request: WireRequest,
    config: WireConfig,
    error: ApiError,
    extra: tuple[tuple[str, str], ...] = (),
) -> WireResponse:
    payload = {"__type": error.code, "message": error.message}
    extra = (("x-amzn-ErrorType", f"{error.code}:"), *extra)
    return _respond(request, config, error.status, payload, API_CONTENT_TYPE, extra=extra)


def _method(request: WireRequest) -> str:
    shown = request.method if _OPERATION.fullmatch(request.method) else "this method"
    return f"{shown} is not supported; use {', '.join(ALLOWED_METHODS)}"


_TOO_LONG = "Request line is too long"
_HEADERS_TOO_LARGE = "Request header fields are too large"
_BAD_LENGTH = "Content-Length is not a number"
