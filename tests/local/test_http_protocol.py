"""The endpoint's HTTP face over real sockets: limits, refusals, CORS and incomplete requests.

Every request here is written byte by byte on a raw socket to 127.0.0.1, so nothing a client
library would tidy up (a body shorter than its Content-Length, a half-close, an unknown method)
is hidden from the server.
"""

from __future__ import annotations

import contextlib
import json
import logging
import signal
import socket
import struct
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from srpcore.cli.main import main
from srpcore.local import LocalCognito, wire

PASSWORD = "correct horse battery staple"
TARGET = "AWSCognitoIdentityProviderService."
SDK_HEADERS = (
    "x-amz-target",
    "x-amz-user-agent",
    "content-type",
    "authorization",
    "amz-sdk-invocation-id",
    "amz-sdk-request",
    "cache-control",
)


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Env:
    cognito: LocalCognito
    pool_id: str
    client_id: str

    @property
    def address(self) -> tuple[str, int]:
        host, port = self.cognito.endpoint_url.removeprefix("http://").rsplit(":", 1)
        return host, int(port)


@pytest.fixture(scope="module")
def env() -> Iterator[Env]:
    with LocalCognito() as cognito:
        pool = cognito.create_user_pool("http")
        app = cognito.create_client(
            pool.id, explicit_auth_flows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_USER_SRP_AUTH"]
        )
        cognito.create_user(pool.id, "alice", PASSWORD)
        yield Env(cognito, pool.id, app.client_id)


def head(method: str, path: str, headers: dict[str, str]) -> bytes:
    lines = [
        f"{method} {path} HTTP/1.1",
        "Host: 127.0.0.1",
        *(f"{k}: {v}" for k, v in headers.items()),
    ]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def api_head(operation: str, length: int, **extra: str) -> bytes:
    headers = {
        "Content-Type": "application/x-amz-json-1.1",
        "X-Amz-Target": TARGET + operation,
        "Content-Length": str(length),
        **extra,
    }
    return head("POST", "/", headers)


def exchange(address: tuple[str, int], data: bytes, *, half_close: bool = False) -> bytes:
    """Send ``data``, optionally half-close, and read until the server closes (10 s at most)."""
    with socket.create_connection(address, timeout=10) as sock:
        sock.sendall(data)
        if half_close:
            sock.shutdown(socket.SHUT_WR)
        received = b""
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and (b"\r\n\r\n" not in received or _short(received)):
            try:
                chunk = sock.recv(65536)
            except (TimeoutError, ConnectionResetError):
                break
            if not chunk:
                break
            received += chunk
        return received


def _short(received: bytes) -> bool:
    """Whether the body announced by a complete head has not all arrived yet."""
    if b"\r\n\r\n" not in received:
        return False
    head_part, body = received.split(b"\r\n\r\n", 1)
    for line in head_part.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return len(body) < int(value)
    return False


def parse(raw: bytes) -> Reply:
    head_part, _, body = raw.partition(b"\r\n\r\n")
    status_line, *lines = head_part.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return Reply(int(status_line.split()[1]), headers, body)


def request(address: tuple[str, int], data: bytes) -> Reply:
    raw = exchange(address, data)
    assert raw.startswith(b"HTTP/1.1 "), raw[:200]
    return parse(raw)


def assert_envelope(reply: Reply, status: int, code: str) -> None:
    assert reply.status == status, reply
    assert reply.headers["content-type"] == "application/x-amz-json-1.1"
    assert reply.json()["__type"] == code and reply.json()["message"]
    assert reply.headers["x-amzn-requestid"]
    assert reply.headers["access-control-allow-origin"] == "*"


def pool_count(env: Env) -> int:
    return len(env.cognito.service.context.repo.pool_ids())


# --- incomplete requests never run (issue 8, item 10) ----------------------------------------


def password_auth(env: Env) -> bytes:
    return json.dumps(
        {
            "AuthFlow": "USER_PASSWORD_AUTH",
            "ClientId": env.client_id,
            "AuthParameters": {"USERNAME": "alice", "PASSWORD": PASSWORD},
        }
    ).encode()


def test_a_complete_password_sign_in_over_a_raw_socket_gets_tokens(env: Env) -> None:
    body = password_auth(env)
    reply = request(env.address, api_head("InitiateAuth", len(body)) + body)
    assert reply.status == 200 and "AccessToken" in reply.json()["AuthenticationResult"]


@pytest.mark.parametrize("missing", [1, 10], ids=["one byte short", "ten bytes short"])
def test_a_body_shorter_than_its_length_is_never_run_even_after_a_half_close(
    env: Env, missing: int
) -> None:
    body = password_auth(env)
    raw = exchange(
        env.address, api_head("InitiateAuth", len(body) + missing) + body, half_close=True
    )
    assert b" 200 " not in raw.split(b"\r\n", 1)[0] and b"AccessToken" not in raw


def test_a_short_admin_call_changes_nothing(env: Env) -> None:
    body = json.dumps({"PoolName": "never"}).encode()
    before = pool_count(env)
    for close in ("half", "full", "reset"):
        with socket.create_connection(env.address, timeout=10) as sock:
            sock.sendall(api_head("CreateUserPool", len(body) + 5) + body)
            if close == "half":
                sock.shutdown(socket.SHUT_WR)
                sock.recv(65536)
            elif close == "reset":
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    time.sleep(0.2)  # let the server see the closes; nothing may have run by then, or later
    complete = request(env.address, api_head("CreateUserPool", len(body)) + body)
    assert complete.status == 200  # the same body, complete, does run
    assert pool_count(env) == before + 1


# --- refusals in Cognito's JSON envelope -----------------------------------------------------


def test_a_huge_json_integer_is_a_400_not_a_500(env: Env) -> None:
    body = b'{"PoolName": ' + b"9" * 5000 + b"}"
    reply = request(env.address, api_head("CreateUserPool", len(body)) + body)
    assert_envelope(reply, 400, "SerializationException")


def test_oversized_headers_are_431(env: Env) -> None:
    reply = request(env.address, api_head("CreateUserPool", 2, **{"X-Pad": "p" * 20_000}) + b"{}")
    assert_envelope(reply, 431, "RequestHeaderFieldsTooLargeException")


def test_a_head_past_the_hard_cap_is_431_too(env: Env) -> None:
    reply = request(env.address, api_head("CreateUserPool", 2, **{"X-Pad": "p" * 200_000}) + b"{}")
    assert reply.status == 431


def test_a_bug_in_the_shell_is_a_json_500_not_an_empty_one(
    env: Env, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Hypercorn answers an app that raised with an empty 500, which botocore cannot read."""

    def broken(*_: Any) -> None:
        raise RuntimeError("a shell bug")

    monkeypatch.setattr(wire, "check_head", broken)
    with caplog.at_level(logging.ERROR, logger="srpcore.local.server"):
        reply = request(env.address, api_head("ListUserPools", 2) + b"{}")
    assert_envelope(reply, 500, "InternalErrorException")
    assert [r.getMessage() for r in caplog.records] == ["HTTP shell error: RuntimeError"]


def test_an_oversized_request_line_is_414(env: Env) -> None:
    reply = request(env.address, head("GET", "/" + "a" * 10_000, {}))
    assert_envelope(reply, 414, "UriTooLongException")


@pytest.mark.parametrize(
    ("method", "status", "code"),
    [("BREW", 501, "NotImplementedException"), ("PUT", 405, "MethodNotAllowedException")],
)
def test_unsupported_methods_are_answered_in_json(
    env: Env, method: str, status: int, code: str
) -> None:
    reply = request(env.address, head(method, "/", {"Content-Length": "0"}))
    assert_envelope(reply, status, code)


def test_an_oversized_body_is_413_before_it_is_sent(env: Env) -> None:
    before = pool_count(env)
    reply = request(env.address, api_head("CreateUserPool", 2 << 20))  # no body follows
    assert_envelope(reply, 413, "SerializationException")
    assert pool_count(env) == before


def test_an_oversized_chunked_body_is_413(env: Env) -> None:
    chunk = b"x" * 65536
    data = head(
        "POST",
        "/",
        {"X-Amz-Target": TARGET + "CreateUserPool", "Transfer-Encoding": "chunked"},
    )
    data += b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(17)) + b"0\r\n\r\n"
    with socket.create_connection(env.address, timeout=10) as sock:
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            sock.sendall(data)  # the server may stop reading once it has refused the body
        raw = sock.recv(65536)
    assert parse(raw).status == 413


def test_unknown_paths_are_404_in_the_envelope(env: Env) -> None:
    reply = request(env.address, head("GET", "/nope", {}))
    assert_envelope(reply, 404, "NotFoundException")


def test_jwks_and_openid_configuration_are_application_json(env: Env) -> None:
    for document in ("jwks.json", "openid-configuration"):
        reply = request(env.address, head("GET", f"/{env.pool_id}/.well-known/{document}", {}))
        assert reply.status == 200 and reply.headers["content-type"] == "application/json"
        assert reply.json()


# --- CORS ----------------------------------------------------------------------------------


def test_a_browser_preflight_is_answered(env: Env) -> None:
    preflight = head(
        "OPTIONS",
        "/",
        {
            "Origin": "http://localhost:5173",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": ",".join(SDK_HEADERS),
        },
    )
    reply = request(env.address, preflight)
    assert 200 <= reply.status < 300
    assert reply.headers["access-control-allow-origin"] == "*"
    assert "POST" in reply.headers["access-control-allow-methods"]
    allowed = {h.strip().lower() for h in reply.headers["access-control-allow-headers"].split(",")}
    assert set(SDK_HEADERS) <= allowed


def test_an_api_answer_to_a_page_carries_cors_headers(env: Env) -> None:
    # an operation pages call (no SigV4): test_page_origin.py has what pages may not call
    params = {"USERNAME": "alice", "PASSWORD": PASSWORD}
    body = json.dumps(
        {"AuthFlow": "USER_PASSWORD_AUTH", "ClientId": env.client_id, "AuthParameters": params}
    ).encode()
    origin = {"Origin": "http://localhost:5173"}
    reply = request(env.address, api_head("InitiateAuth", len(body), **origin) + body)
    assert reply.status == 200 and reply.headers["access-control-allow-origin"] == "*"
    assert "x-amzn-requestid" in reply.headers["access-control-expose-headers"].lower()


def test_an_origin_list_is_honoured() -> None:
    page = "http://localhost:3000"
    with LocalCognito(cors_origins=[page]) as cognito:
        address = Env(cognito, "", "").address
        allowed = request(address, head("OPTIONS", "/", {"Origin": page}))
        other = request(address, head("OPTIONS", "/", {"Origin": "http://elsewhere.test"}))
    assert allowed.headers["access-control-allow-origin"] == page
    assert "access-control-allow-origin" not in other.headers


# --- the shell's own timers and lifecycle -----------------------------------------------------


def test_half_sent_requests_are_closed_by_the_servers_timers() -> None:
    """Head unfinished, body promised and not sent, body stalled: each is cut, none runs.

    The client's own timeout (10 s) is well past every server timer here (1 s): a
    server without them leaves ``recv`` to time out and the test fails.
    """
    from srpcore.local.server import HTTPServer, ServerLimits  # noqa: PLC0415
    from srpcore.local.service import Service  # noqa: PLC0415

    service = Service()
    server = HTTPServer(service, limits=ServerLimits(keep_alive=1.0, read_timeout=1))
    server.start()
    try:
        body = b'{"PoolName": "slow"}'
        stalled = [
            b"POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Ta",
            api_head("CreateUserPool", len(body)),
            api_head("CreateUserPool", len(body)) + body[:5],
        ]
        for data in stalled:
            with socket.create_connection(server.address, timeout=10) as sock:
                sock.sendall(data)
                tail = b""
                while chunk := sock.recv(65536):  # until the server ends it (a 400 may come first)
                    tail += chunk
                assert b" 200 " not in tail
        assert not service.context.repo.pool_ids()
    finally:
        server.stop()


def test_a_trickled_body_is_cut_at_the_body_deadline() -> None:
    """A byte every 0.1 s beats any read timeout; the body deadline still ends it with a 408."""
    from srpcore.local.server import HTTPServer, ServerLimits  # noqa: PLC0415
    from srpcore.local.service import Service  # noqa: PLC0415

    service = Service()
    server = HTTPServer(service, limits=ServerLimits(read_timeout=5, body_timeout=1.0))
    server.start()
    try:
        with socket.create_connection(server.address, timeout=10) as sock:
            sock.sendall(api_head("CreateUserPool", 1000))
            sock.settimeout(0.1)
            received = b""
            for _ in range(100):  # 10 s of trickling at most, past the deadline of 1 s
                try:
                    received += sock.recv(65536)
                except TimeoutError:
                    sock.sendall(b" ")
                    continue
                if b"\r\n\r\n" in received and not _short(received):
                    break
        reply = parse(received)
        assert_envelope(reply, 408, "RequestTimeoutException")
        assert not service.context.repo.pool_ids()
    finally:
        server.stop()


def test_stop_closes_every_connection_and_joins_every_thread(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Idle, half-sent and mid-body connections at stop: closed, no thread left, nothing logged."""
    before = {t.ident for t in threading.enumerate()}
    cognito = LocalCognito().start()
    address = Env(cognito, "", "").address
    pending = [
        b"",  # an idle connection
        b"POST / HTTP/1.1\r\nHost: x\r\n",  # a head not finished
        api_head("CreateUserPool", 100),  # a body promised
        api_head("CreateUserPool", 100) + b'{"Pool',  # a body begun
    ]
    socks = [socket.create_connection(address, timeout=10) for _ in pending]
    try:
        for sock, data in zip(socks, pending, strict=True):
            sock.sendall(data)
        assert request(address, head("GET", "/nope", {})).status == 404  # all are accepted
        with caplog.at_level(logging.DEBUG):
            cognito.stop()
        assert {t.ident for t in threading.enumerate()} <= before
        assert [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING] == []
        for sock in socks:  # each was closed by the server, a 503 at most before the end
            tail = b""
            while chunk := sock.recv(65536):
                tail += chunk
            assert tail == b"" or tail.startswith(b"HTTP/1.1 503 ")
        with pytest.raises(ConnectionRefusedError):  # nothing listens there any more
            socket.create_connection(address, timeout=5).close()
    finally:
        for sock in socks:
            sock.close()


def test_serve_refusals_are_one_line_and_restore_signal_handlers(
    capsys: pytest.CaptureFixture[str],
) -> None:
    handlers = [signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)]
    assert main(["serve", "--port", "0", "--cors-origin", "localhost:3000"]) == 252
    error = capsys.readouterr().err
    assert error.startswith("srpcore: error: CORS origin") and error.count("\n") == 1
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        assert main(["serve", "--port", str(taken.getsockname()[1])]) == 253  # environment
    error = capsys.readouterr().err
    assert error.startswith("srpcore: error: cannot listen on") and error.count("\n") == 1
    assert [signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)] == handlers
