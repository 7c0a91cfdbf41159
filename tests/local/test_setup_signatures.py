"""The setup API keeps every keyword it had before its options were declared once.

``LocalCognito``, ``Service`` and the operations take their pool, client and user options from
``provision``'s specs; these are the parameter lists each face spelled out before (the 0.x
API callers wrote code against), so a spec can grow but never drop or reorder one of them.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import pytest

from srpcore.local import LocalCognito
from srpcore.local.errors import ApiError
from srpcore.local.service import Service

POOL = [
    "name",
    "device_tracking",
    "challenge_on_new_device",
    "username_attributes",
    "alias_attributes",
    "required_attributes",
    "password_min_length",
    "mfa_required",
    "custom_auth",
    "pool_id",
    "first_factors",
    "auto_verified_attributes",
]
CLIENT = [
    "pool_id",
    "name",
    "generate_secret",
    "explicit_auth_flows",
    "prevent_user_existence_errors",
    "session_validity",
    "client_id",
    "client_secret",
    "refresh_token_rotation",
    "retry_grace_period",
]
USER = [
    "pool_id",
    "username",
    "password",
    "attributes",
    "temporary",
    "mfa",
    "enabled",
    "status",
]
POSITIONAL = {"create_user_pool": 1, "create_pool": 1, "create_client": 1, "create_user": 3}
"""How many leading parameters each took positionally (name; pool_id; pool_id, username,
password); the rest were keyword-only."""


@pytest.mark.parametrize(
    ("method", "before"),
    [
        (LocalCognito.create_user_pool, POOL),
        (LocalCognito.create_client, CLIENT),
        (LocalCognito.create_user, USER),
        (Service.create_pool, POOL),
        (Service.create_client, CLIENT),
        (Service.create_user, [*USER, "writer"]),
    ],
)
def test_every_keyword_of_before_is_still_taken(
    method: Callable[..., Any], before: list[str]
) -> None:
    params = list(inspect.signature(method).parameters.values())[1:]  # without self
    count = POSITIONAL[method.__name__]
    leading = [p.name for p in params if p.kind is p.POSITIONAL_OR_KEYWORD]
    keywords = {p.name for p in params if p.kind is p.KEYWORD_ONLY}
    positional = [n for n in before if n in ("name", "pool_id", "username", "password")][:count]
    assert leading == positional
    assert set(before) - set(positional) <= keywords


def test_the_faces_call_through_with_the_same_defaults() -> None:
    with LocalCognito() as cognito:
        pool = cognito.create_user_pool("sig", device_tracking=True)
        app = cognito.create_client(pool.id, generate_secret=True)
        user = cognito.create_user(pool.id, "alice", "correct horse battery staple")
        stored = cognito.service.context.repo
        record = stored.pool(pool.id)
        client = stored.client(app.client_id)
        assert record is not None and record.device_tracking and record.password_min_length == 8
        assert client is not None and client.secret == app.client_secret is not None
        assert client.name == "app" and client.session_validity == 3 and client.token_revocation
        assert user.pool_id == pool.id and user.totp_secret is None
        assert stored.user(pool.id, "alice") is not None


@pytest.mark.parametrize(
    "secret",
    ["", "short-secret", "x" * 23, "x" * 65, "has space" + "x" * 20, "has-hyphen" + "x" * 20],
)
def test_a_client_secret_cognito_would_refuse_is_refused(secret: str) -> None:
    """CreateUserPoolClient's ClientSecretType is 24 to 64 characters of [\\w+] (botocore's
    model); GetTokensFromRefreshToken refuses any other, so the endpoint must not hand one out."""
    service = Service()
    pool = service.create_pool("p")
    with pytest.raises(ApiError, match="24 to 64"):
        service.create_client(pool.id, client_secret=secret)
    assert service.create_client(pool.id, client_secret="x" * 24).secret == "x" * 24
    assert service.create_client(pool.id, client_secret="A+b_" * 16).secret == "A+b_" * 16
