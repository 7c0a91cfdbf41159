"""CognitoUser.refresh_rotation reaches the user's TokenManager: its refreshes try rotation."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from locust.env import Environment

from srpcore.drivers.rotation import KNOWN_UNSUPPORTED
from srpcore.local import LocalCognito
from srpcore.local.defaults import ALL_FLOWS
from srpcore.locust import CognitoUser, Credentials

PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module")
def cognito() -> Iterator[tuple[LocalCognito, str, str]]:
    with LocalCognito() as local:
        pool = local.create_user_pool("rotation")
        client = local.create_client(pool.id, explicit_auth_flows=ALL_FLOWS)
        local.create_user(pool.id, "alice", PASSWORD)
        yield local, pool.id, client.client_id


def test_refresh_rotation_auto(cognito: tuple[LocalCognito, str, str]) -> None:
    local, pool_id, client_id = cognito
    KNOWN_UNSUPPORTED.clear()
    body: dict[str, Any] = {
        "host": "http://127.0.0.1:9",
        "user_pool_id": pool_id,
        "client_id": client_id,
        "cognito_endpoint_url": local.endpoint_url,
        "users": [Credentials("alice", PASSWORD)],
        "refresh_leeway": timedelta(hours=2),  # longer than the tokens live: always refresh
        "refresh_rotation": "auto",
    }
    cls = type("RotatingUser", (CognitoUser,), body)
    env = Environment(user_classes=[cls])
    events: list[tuple[str, str, Exception | None]] = []
    env.events.request.add_listener(  # type: ignore[no-untyped-call]
        lambda **kw: events.append((kw["request_type"], kw["name"], kw["exception"]))
    )
    user = cls(env)
    user.on_start()
    assert user.access_token()
    refreshes = [(name, exc) for kind, name, exc in events if kind == "refresh"]
    # "auto" asks GetTokensFromRefreshToken first (an endpoint without it answers
    # UnknownOperationException, and REFRESH_TOKEN_AUTH follows); one refresh succeeds.
    assert refreshes[0][0] == "GetTokensFromRefreshToken"
    assert [exc for _, exc in refreshes].count(None) == 1
    KNOWN_UNSUPPORTED.clear()


def test_refresh_rotation_false_keeps_refresh_token_auth(
    cognito: tuple[LocalCognito, str, str],
) -> None:
    local, pool_id, client_id = cognito
    body: dict[str, Any] = {
        "host": "http://127.0.0.1:9",
        "user_pool_id": pool_id,
        "client_id": client_id,
        "cognito_endpoint_url": local.endpoint_url,
        "users": [Credentials("alice", PASSWORD)],
        "refresh_leeway": timedelta(hours=2),
        "refresh_rotation": False,
    }
    cls = type("ClassicUser", (CognitoUser,), body)
    env = Environment(user_classes=[cls])
    events: list[tuple[str, str, Exception | None]] = []
    env.events.request.add_listener(  # type: ignore[no-untyped-call]
        lambda **kw: events.append((kw["request_type"], kw["name"], kw["exception"]))
    )
    user = cls(env)
    user.on_start()
    assert user.access_token()
    assert [(name, exc) for kind, name, exc in events if kind == "refresh"] == [
        ("InitiateAuth", None)
    ]


def test_the_default_keeps_a_rotating_client_refreshing(
    cognito: tuple[LocalCognito, str, str],
) -> None:
    """No refresh_rotation set: the user still refreshes after the pool owner turns rotation
    on (REFRESH_TOKEN_AUTH would be refused), and holds each new refresh token."""
    local, pool_id, _ = cognito
    rotating = local.create_client(
        pool_id, explicit_auth_flows=ALL_FLOWS, refresh_token_rotation=True
    )
    body: dict[str, Any] = {
        "host": "http://127.0.0.1:9",
        "user_pool_id": pool_id,
        "client_id": rotating.client_id,
        "cognito_endpoint_url": local.endpoint_url,
        "users": [Credentials("alice", PASSWORD)],
        "refresh_leeway": timedelta(hours=2),
    }
    cls = type("DefaultUser", (CognitoUser,), body)
    env = Environment(user_classes=[cls])
    events: list[tuple[str, str, Exception | None]] = []
    env.events.request.add_listener(  # type: ignore[no-untyped-call]
        lambda **kw: events.append((kw["request_type"], kw["name"], kw["exception"]))
    )
    user = cls(env)
    user.on_start()
    assert user.cognito is not None
    signed_in = user.cognito
    held = [signed_in.tokens().refresh_token for _ in range(3)]  # each call is due: refreshes
    assert len(set(held)) == 3  # rotated each time, each new token kept
    assert user.access_token() and user.cognito is signed_in
    assert [(name, exc) for kind, name, exc in events if kind == "refresh"] == [
        ("GetTokensFromRefreshToken", None)
    ] * 4
    assert [kind for kind, _, _ in events].count("RespondToAuthChallenge") == 1  # no re-sign-in
