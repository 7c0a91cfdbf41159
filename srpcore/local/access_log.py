"""One log line per request (``srpcore.local.access``, level INFO), for diagnosing from the server.

A line names the operation (``X-Amz-Target``'s last part, else the method and path without its
query), the HTTP status, the service's error code when there is one (``x-amzn-ErrorType``) and
the time taken: ``InitiateAuth 400 NotAuthorizedException 3.1 ms``. It never holds a body, a
header value other than those two, or a query string, so no password, SRP value, code, secret
hash, Session or token can reach it; and only names that match a strict pattern are written,
so a client cannot forge lines or fill them with its own text.
"""

from __future__ import annotations

import logging
import re

from srpcore.local.wire import WireRequest, WireResponse

__all__ = ["access_log", "log_request", "request_line"]

access_log = logging.getLogger("srpcore.local.access")

_TARGET = re.compile(r"[A-Za-z][A-Za-z0-9]{0,63}\.([A-Za-z][A-Za-z0-9]{0,63})")
_PATH = re.compile(r"/[A-Za-z0-9_./-]{0,199}")
_ERROR_TYPE = re.compile(r"([A-Za-z][A-Za-z0-9]{0,99}):?")


def _operation(request: WireRequest) -> str:
    target = request.headers.get("x-amz-target")
    if target is not None:
        matched = _TARGET.fullmatch(target)
        return matched.group(1) if matched else "(unknown target)"
    path = request.path.partition("?")[0]
    shown = path if _PATH.fullmatch(path) else "(unprintable path)"
    method = request.method if request.method.isalpha() and len(request.method) <= 16 else "?"
    return f"{method} {shown}"


def request_line(request: WireRequest, response: WireResponse, seconds: float) -> str:
    """The line for one answered request (see the module docstring)."""
    parts = [_operation(request), str(response.status)]
    error = response.header("x-amzn-ErrorType")
    if error is not None:
        matched = _ERROR_TYPE.fullmatch(error)
        parts.append(matched.group(1) if matched else "(error)")
    parts.append(f"{seconds * 1000:.1f} ms")
    return " ".join(parts)


def log_request(request: WireRequest, response: WireResponse, seconds: float) -> None:
    """Log :func:`request_line` at INFO (nothing is formatted while INFO is off)."""
    if access_log.isEnabledFor(logging.INFO):
        access_log.info("%s", request_line(request, response, seconds))
