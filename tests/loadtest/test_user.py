"""CognitoUser against the in-process local endpoint: what lands in Locust's statistics."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import gevent
import jwt
import pytest
from botocore.exceptions import ClientError, EndpointConnectionError
from locust.env import Environment
from locust.exception import RescheduleTask

from srpcore.errors import ConfigurationError, ServiceError
from srpcore.local import LocalCognito
from srpcore.local.defaults import ALL_FLOWS
from srpcore.locust import Backoff, CognitoUser, Credentials, Recorder

PASSWORD = "correct horse battery staple"
Event = tuple[str, str, Exception | None]


@dataclass(frozen=True)
class Setup:
    local: LocalCognito
    pool_id: str
    client_id: str
    client_secret: str
    device_pool_id: str
    device_client_id: str


@pytest.fixture(scope="module")
def cognito() -> Iterator[Setup]:
    with LocalCognito() as local:
        pool = local.create_user_pool("load")
        client = local.create_client(pool.id, generate_secret=True, explicit_auth_flows=ALL_FLOWS)
        devices = local.create_user_pool("devices", device_tracking=True)
        device_client = local.create_client(devices.id, explicit_auth_flows=ALL_FLOWS)
        for pool_id in (pool.id, devices.id):
            local.create_user(pool_id, "alice", PASSWORD)
        assert client.client_secret is not None
        yield Setup(
            local,
            pool.id,
            client.client_id,
            client.client_secret,
            devices.id,
            device_client.client_id,
        )


def _user(
    cognito: Setup, *, password: str = PASSWORD, **attrs: Any
) -> tuple[CognitoUser, list[Event]]:
    body: dict[str, Any] = {
        "host": "http://127.0.0.1:9",
        "user_pool_id": cognito.pool_id,
        "client_id": cognito.client_id,
        "client_secret": cognito.client_secret,
        "cognito_endpoint_url": cognito.local.endpoint_url,
        "users": [Credentials("alice", password)],
        **attrs,
    }
    cls = type("TestUser", (CognitoUser,), body)
    env = Environment(user_classes=[cls])
    events: list[Event] = []
    env.events.request.add_listener(  # type: ignore[no-untyped-call]
        lambda **kw: events.append((kw["request_type"], kw["name"], kw["exception"]))
    )
    return cls(env), events


def test_a_sign_in_is_two_requests_in_the_stats(cognito: Setup) -> None:
    user, events = _user(cognito)
    user.on_start()
    assert events == [
        ("InitiateAuth", "USER_SRP_AUTH", None),
        ("RespondToAuthChallenge", "PASSWORD_VERIFIER", None),
    ]
    assert user.cognito is not None
    claims = jwt.decode(user.access_token(), options={"verify_signature": False})
    assert claims["username"] == "alice" and claims["token_use"] == "access"
    assert user.last_loop_hold is not None and 0 < user.last_loop_hold < 1.0
    assert "correct horse" not in repr(user.credentials) and "alice" in repr(user.credentials)


def test_a_refused_sign_in_is_recorded_not_raised(cognito: Setup) -> None:
    user, events = _user(cognito, password="wrong password")
    user.on_start()  # no exception reaches Locust
    assert user.cognito is None
    kind, name, exc = events[-1]
    assert (kind, name) == ("RespondToAuthChallenge", "PASSWORD_VERIFIER")
    assert isinstance(exc, ServiceError) and exc.code == "NotAuthorizedException"
    assert exc.message == "Incorrect username or password."
    with pytest.raises(RescheduleTask):  # a task needing the token is skipped, after a retry
        user.access_token()
    assert [e[0] for e in events].count("RespondToAuthChallenge") == 2


class _App(ThreadingHTTPServer):
    daemon_threads = True
    seen: list[str | None]


class _Handler(BaseHTTPRequestHandler):
    server: _App

    def do_GET(self) -> None:
        self.server.seen.append(self.headers.get("Authorization"))
        self.send_response(204)
        self.end_headers()

    def log_message(self, format: str, *args: object) -> None:
        pass


def test_the_http_client_sends_a_fresh_token_and_refresh_is_its_own_type(cognito: Setup) -> None:
    app = _App(("127.0.0.1", 0), _Handler)
    app.seen = []
    threading.Thread(target=app.serve_forever, daemon=True).start()
    try:
        user, events = _user(
            cognito,
            host=f"http://127.0.0.1:{app.server_address[1]}",
            refresh_leeway=timedelta(hours=2),  # longer than the tokens live: always refresh
        )
        user.on_start()
        response = user.client.get("/me", name="me")
    finally:
        app.shutdown()
        app.server_close()
    assert response.status_code == 204
    # the default refresh_rotation="auto": GetTokensFromRefreshToken, the stats' name for it
    assert ("refresh", "GetTokensFromRefreshToken", None) in events
    assert ("GET", "me", None) in events
    [header] = app.seen
    assert header is not None and header.startswith("Bearer ")
    local, pool_id = cognito.local, cognito.pool_id
    key = jwt.PyJWKClient(local.jwks_url(pool_id)).get_signing_key_from_jwt(header[7:])
    claims = jwt.decode(header[7:], key.key, algorithms=["RS256"], issuer=local.issuer(pool_id))
    assert claims["username"] == "alice"


class _Flaky:
    """A client whose InitiateAuth is throttled ``times`` times before it gets through."""

    def __init__(self, client: Any, times: int) -> None:
        self._client = client
        self.times = times
        self.calls = 0

    def initiate_auth(self, **kwargs: Any) -> Any:
        self.calls += 1
        if self.calls <= self.times:
            error = {"Error": {"Code": "TooManyRequestsException", "Message": "Rate exceeded"}}
            raise ClientError(error, "InitiateAuth")
        return self._client.initiate_auth(**kwargs)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._client, name)


def _throttle(user: CognitoUser, times: int, backoff: Backoff) -> _Flaky:
    flaky = _Flaky(user.idp._client, times)
    user.idp = Recorder(flaky, user.environment.events.request, backoff)
    return flaky


def test_throttling_is_backed_off_with_jitter_and_counted(
    cognito: Setup, monkeypatch: pytest.MonkeyPatch
) -> None:
    sleeps: list[float] = []
    monkeypatch.setattr(gevent, "sleep", sleeps.append)
    user, events = _user(cognito)
    backoff = Backoff(retries=3, base=0.5, cap=0.8)
    flaky = _throttle(user, 2, backoff)
    user.on_start()
    assert user.cognito is not None and flaky.calls == 3 and user.idp.throttled == 2
    assert events == [
        ("throttled", "InitiateAuth USER_SRP_AUTH", None),
        ("throttled", "InitiateAuth USER_SRP_AUTH", None),
        ("InitiateAuth", "USER_SRP_AUTH", None),
        ("RespondToAuthChallenge", "PASSWORD_VERIFIER", None),
    ]
    assert len(sleeps) == 2 and 0 <= sleeps[0] <= 0.5 and 0 <= sleeps[1] <= 0.8


def test_throttling_retries_are_bounded_then_a_failure(
    cognito: Setup, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(gevent, "sleep", lambda _: None)
    user, events = _user(cognito)
    flaky = _throttle(user, 100, Backoff(retries=4))
    user.on_start()
    assert user.cognito is None and flaky.calls == 5
    assert [e[0] for e in events] == ["throttled"] * 4 + ["InitiateAuth"]
    exc = events[-1][2]
    assert isinstance(exc, ServiceError) and exc.code == "TooManyRequestsException"


def test_jitter_draws_spread_below_the_cap() -> None:
    backoff = Backoff(base=1.0, cap=4.0)
    draws = [backoff.delay(5) for _ in range(200)]
    assert all(0 <= d <= 4.0 for d in draws) and len(set(draws)) > 150


class _Down:
    def initiate_auth(self, **kwargs: Any) -> Any:
        raise EndpointConnectionError(endpoint_url="http://127.0.0.1:9")


def test_a_connection_error_is_recorded_as_a_service_error(cognito: Setup) -> None:
    user, events = _user(cognito)
    user.idp = Recorder(_Down(), user.environment.events.request)
    user.on_start()
    [(kind, name, exc)] = events
    assert (kind, name) == ("InitiateAuth", "USER_SRP_AUTH")
    assert isinstance(exc, ServiceError) and exc.code == "EndpointConnectionError"


def test_a_remembered_device_signs_in_with_device_srp(cognito: Setup) -> None:
    user, events = _user(
        cognito,
        user_pool_id=cognito.device_pool_id,
        client_id=cognito.device_client_id,
        client_secret=None,
    )
    user.on_start()
    assert ("ConfirmDevice", "ConfirmDevice", None) in events
    events.clear()
    assert user.cognito_sign_in()
    names = [name for _, name, exc in events if exc is None]
    assert names == [
        "USER_SRP_AUTH",
        "PASSWORD_VERIFIER",
        "DEVICE_SRP_AUTH",
        "DEVICE_PASSWORD_VERIFIER",
    ]


def test_only_service_calls_are_recorded(cognito: Setup) -> None:
    user, events = _user(cognito)
    assert user.idp.can_paginate("list_users") is True
    assert events == []
    assert user.get_user() is not None  # signs in on demand, then GetUser
    assert [e[0] for e in events] == ["InitiateAuth", "RespondToAuthChallenge", "GetUser"]


REVOKED: dict[str, Any] = {
    "Error": {"Code": "NotAuthorizedException", "Message": "Refresh Token has been revoked"}
}


class _NoRefresh(_Flaky):
    """A client that refuses every refresh, either call, as for a revoked refresh token."""

    def initiate_auth(self, **kwargs: Any) -> Any:
        if kwargs.get("AuthFlow") == "REFRESH_TOKEN_AUTH":
            raise ClientError(REVOKED, "InitiateAuth")
        return self._client.initiate_auth(**kwargs)

    def get_tokens_from_refresh_token(self, **_: Any) -> Any:
        raise ClientError(REVOKED, "GetTokensFromRefreshToken")


def test_a_refused_refresh_is_recorded_and_the_task_rescheduled(cognito: Setup) -> None:
    user, events = _user(cognito, refresh_leeway=timedelta(hours=2))  # every use refreshes
    user.idp = Recorder(_NoRefresh(user.idp._client, 0), user.environment.events.request)
    user.on_start()
    with pytest.raises(RescheduleTask):  # never a ServiceError into Locust's task loop
        user.access_token()
    refreshes = [exc for kind, _, exc in events if kind == "refresh"]
    assert len(refreshes) == 2  # the refresh, a new sign-in, its refresh
    assert all(
        isinstance(e, ServiceError) and e.code == "NotAuthorizedException" for e in refreshes
    )
    assert [kind for kind, _, _ in events].count("RespondToAuthChallenge") == 2


def test_sign_in_options_pass_through_and_unknown_ones_are_refused(cognito: Setup) -> None:
    user, events = _user(cognito, sign_in_options={"flow": "USER_AUTH", "ephemeral_bits": 1024})
    user.on_start()
    assert user.cognito is not None
    assert events[0][:2] == ("InitiateAuth", "USER_AUTH")
    with pytest.raises(ConfigurationError, match=r"sign_in: flwo, password"):
        _user(cognito, sign_in_options={"flwo": "USER_AUTH", "password": "x"})
