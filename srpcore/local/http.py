"""The HTTP face: Cognito's JSON 1.1 protocol on a threaded loopback server.

``POST /`` with ``X-Amz-Target: AWSCognitoIdentityProviderService.<Operation>`` runs the
operation; errors are 400 (500 for internal faults) with ``{"__type", "message"}``.
``GET /<pool-id>/.well-known/jwks.json`` serves the pool's signing keys. Any Authorization
header is accepted: SigV4 is not checked.
"""

from __future__ import annotations

import contextlib
import json
import logging
import re
import socket
import threading
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from srpcore.local.errors import ApiError
from srpcore.local.model import random_uuid
from srpcore.local.service import Service

__all__ = ["MAX_BODY", "CognitoHTTPServer"]

MAX_BODY = 1 << 20
"""Largest request body read (1 MiB); bigger bodies are refused unread."""
TARGET_PREFIX = "AWSCognitoIdentityProviderService."
_JWKS_PATH = re.compile(r"/([\w-]+_[0-9a-zA-Z]+)/\.well-known/(jwks\.json|openid-configuration)")
log = logging.getLogger("srpcore.local")


class CognitoHTTPServer(ThreadingHTTPServer):
    """One thread per connection; connections are kept alive, as boto3 expects."""

    daemon_threads = True
    request_queue_size = 128

    def __init__(self, address: tuple[str, int], service: Service) -> None:
        self.service = service
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        self.address_family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        super().__init__(address, _Handler)

    def process_request(self, request: Any, client_address: Any) -> None:
        with self._connections_lock:
            self._connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request: Any) -> None:
        with self._connections_lock:
            self._connections.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        """End idle keep-alive connections, so no handler thread outlives the endpoint."""
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):  # already closed by the peer
                connection.shutdown(socket.SHUT_RDWR)


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # headers and body are separate writes: no 40 ms stalls
    server: CognitoHTTPServer
    timeout = 120  # an idle keep-alive connection is closed after this many seconds

    def log_message(self, format: str, *args: Any) -> None:
        # Bodies and tokens are never logged; only the request line at debug level.
        log.debug("%s " + format, self.address_string(), *args)

    def _send(
        self, status: int, payload: dict[str, Any], extra: dict[str, str] | None = None
    ) -> None:
        data = json.dumps(payload).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/x-amz-json-1.1")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("x-amzn-RequestId", random_uuid())
        for key, value in (extra or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(data)

    def _error(self, error: ApiError) -> None:
        self._send(
            error.status,
            {"__type": error.code, "message": error.message},
            {"x-amzn-ErrorType": f"{error.code}:"},
        )

    def do_GET(self) -> None:
        match = _JWKS_PATH.fullmatch(self.path)
        service = self.server.service
        jwks = service.tokens.jwks(match.group(1)) if match else None
        if match is None or jwks is None:
            self._send(404, {"message": "Not Found"})
            return
        if match.group(2) == "jwks.json":
            self._send(200, jwks)
            return
        issuer = service.tokens.issuer(match.group(1))
        self._send(
            200,
            {
                "issuer": issuer,
                "jwks_uri": f"{issuer}/.well-known/jwks.json",
                "id_token_signing_alg_values_supported": ["RS256"],
                "subject_types_supported": ["public"],
                "response_types_supported": ["code", "token"],
            },
        )

    def do_POST(self) -> None:
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            self.close_connection = True
            self._error(ApiError("SerializationException", "Content-Length is required"))
            return
        if length < 0 or length > MAX_BODY:
            self.close_connection = True  # the body is left unread
            self._error(ApiError("SerializationException", "Request body is too large", status=413))
            return
        raw = self.rfile.read(length)
        try:
            self._send(200, self._call(raw))
        except ApiError as error:
            self._error(error)
        except Exception as exc:  # a bug: answer like AWS would; log where, never the values
            log.error(
                "internal error in %s: %s\n%s",
                self.headers.get("X-Amz-Target"),
                type(exc).__name__,
                "".join(traceback.format_tb(exc.__traceback__)),
            )
            self._error(ApiError("InternalErrorException", "Internal server error", status=500))

    def _call(self, raw: bytes) -> dict[str, Any]:
        target = self.headers.get("X-Amz-Target", "")
        if not target.startswith(TARGET_PREFIX):
            raise ApiError("UnknownOperationException", "Missing or unknown X-Amz-Target")
        try:
            body = json.loads(raw.decode("utf-8")) if raw else {}
        except (ValueError, RecursionError) as exc:  # also JSONDecodeError, ints of 4300+ digits
            raise ApiError("SerializationException", "Request body is not valid JSON") from exc
        if not isinstance(body, dict):
            raise ApiError("SerializationException", "Request body must be a JSON object")
        return self.server.service.dispatch(target[len(TARGET_PREFIX) :], body)
