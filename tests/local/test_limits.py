"""One tenant cannot lock out another: sign-ins in progress and refresh tokens are bounded per
pool, per app client and per user, and the global memory bound still holds (issue 8, 5-6)."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

import pytest

from srpcore import UserSRP
from srpcore.local import ClientInfo, LocalCognito
from srpcore.local.service import Limits

from .conftest import ALL_FLOWS, PASSWORD

MAX_PENDING = 25
LIMITS = Limits(pending_per_pool=20, pending_per_client=10, pending_per_user=4, refresh_per_user=3)


@pytest.fixture
def cognito() -> Iterator[LocalCognito]:
    with LocalCognito(max_pending=MAX_PENDING) as endpoint:
        endpoint.service.context.limits = LIMITS
        yield endpoint


@pytest.fixture
def idp(cognito: LocalCognito) -> Any:
    return cognito.boto3_client()


def _tenant(cognito: LocalCognito, *users: str) -> tuple[str, ClientInfo, ClientInfo]:
    """A pool with the given users and two clients (the first hides unknown users)."""
    pool = cognito.create_user_pool("tenant")
    first = cognito.create_client(
        pool.id, explicit_auth_flows=ALL_FLOWS, prevent_user_existence_errors=True
    )
    second = cognito.create_client(pool.id, name="second", explicit_auth_flows=ALL_FLOWS)
    for user in users:
        cognito.create_user(pool.id, user, PASSWORD)
    return pool.id, first, second


def _start(idp: Any, pool_id: str, app: ClientInfo, username: str) -> tuple[UserSRP, Any]:
    srp = UserSRP(pool_id=pool_id, username=username, password=PASSWORD, client_id=app.client_id)
    first = idp.initiate_auth(
        AuthFlow="USER_SRP_AUTH", ClientId=app.client_id, AuthParameters=srp.auth_parameters()
    )
    return srp, first


def _sign_in(idp: Any, pool_id: str, app: ClientInfo, username: str) -> dict[str, Any]:
    srp, first = _start(idp, pool_id, app, username)
    done = idp.respond_to_auth_challenge(
        ClientId=app.client_id,
        ChallengeName="PASSWORD_VERIFIER",
        ChallengeResponses=srp.answer_password_verifier(first["ChallengeParameters"]),
    )
    result: dict[str, Any] = done["AuthenticationResult"]
    return result


def test_a_flood_of_one_username_costs_only_that_username(cognito: LocalCognito, idp: Any) -> None:
    pool_id, app, _ = _tenant(cognito, "alice", "bob")
    bobs_srp, bobs_challenge = _start(idp, pool_id, app, "bob")  # in progress during the flood
    for _ in range(50):
        _start(idp, pool_id, app, "alice")  # never refused: alice's own oldest are dropped
    pending = cognito.service.context.pending
    assert pending.count("user", f"{pool_id}\0alice") == LIMITS.pending_per_user
    assert pending.count("client", app.client_id) == LIMITS.pending_per_user + 1
    done = idp.respond_to_auth_challenge(
        ClientId=app.client_id,
        ChallengeName="PASSWORD_VERIFIER",
        ChallengeResponses=bobs_srp.answer_password_verifier(bobs_challenge["ChallengeParameters"]),
    )
    assert "AccessToken" in done["AuthenticationResult"]
    assert "AccessToken" in _sign_in(idp, pool_id, app, "alice")  # once the flood stops


def test_a_flood_of_one_client_reaches_neither_another_client_nor_another_pool(
    cognito: LocalCognito, idp: Any
) -> None:
    pool_id, app, other_app = _tenant(cognito, "alice")
    other_pool, other_pool_app, _ = _tenant(cognito, "carol")
    refused = 0
    for n in range(40):  # unknown names, each parked as a simulated sign-in
        try:
            _start(idp, pool_id, app, f"nobody-{n}")
        except idp.exceptions.TooManyRequestsException:
            refused += 1
    assert refused == 40 - LIMITS.pending_per_client
    assert (
        cognito.service.context.pending.count("client", app.client_id) == LIMITS.pending_per_client
    )
    assert "AccessToken" in _sign_in(idp, pool_id, other_app, "alice")
    assert "AccessToken" in _sign_in(idp, other_pool, other_pool_app, "carol")
    assert len(cognito.service.context.pending) <= MAX_PENDING


def test_a_flooded_pool_gives_way_to_other_pools_at_the_global_bound(
    cognito: LocalCognito, idp: Any
) -> None:
    pool_id, app, other_app = _tenant(cognito, *(f"user{n}" for n in range(6)))
    for n in range(40):  # both clients of one pool, up to the pool's share
        for client in (app, other_app):
            with contextlib.suppress(idp.exceptions.TooManyRequestsException):
                _start(idp, pool_id, client, f"user{n % 6}")
    assert cognito.service.context.pending.count("pool", pool_id) == LIMITS.pending_per_pool
    other_pool, other_pool_app, _ = _tenant(cognito, "carol", "dave")
    for _ in range(3):
        _start(idp, other_pool, other_pool_app, "carol")  # abandoned
    for _ in range(3):
        assert "AccessToken" in _sign_in(idp, other_pool, other_pool_app, "dave")
    assert len(cognito.service.context.pending) <= MAX_PENDING
    with pytest.raises(idp.exceptions.TooManyRequestsException):
        _start(idp, pool_id, other_app, "user0")  # the flooded pool is still held to its share


def _refresh(idp: Any, app: ClientInfo, token: str) -> Any:
    return idp.initiate_auth(
        AuthFlow="REFRESH_TOKEN_AUTH",
        ClientId=app.client_id,
        AuthParameters={"REFRESH_TOKEN": token},
    )


def test_refresh_tokens_are_bounded_per_user_and_never_evict_another_user(
    cognito: LocalCognito, idp: Any
) -> None:
    pool_id, _, app = _tenant(cognito, "alice", "bob")
    bobs = _sign_in(idp, pool_id, app, "bob")["RefreshToken"]
    k = LIMITS.refresh_per_user
    alices = [_sign_in(idp, pool_id, app, "alice")["RefreshToken"] for _ in range(2 * k)]
    for token in alices[:k]:
        with pytest.raises(idp.exceptions.NotAuthorizedException):
            _refresh(idp, app, token)
    for token in alices[k:]:
        assert "AccessToken" in _refresh(idp, app, token)["AuthenticationResult"]
    assert "AccessToken" in _refresh(idp, app, bobs)["AuthenticationResult"]
    assert len(cognito.service.context.refresh) == k + 1


def test_a_full_refresh_store_refuses_instead_of_evicting(cognito: LocalCognito, idp: Any) -> None:
    pool_id, _, app = _tenant(cognito, "alice", "bob", "carol")
    cognito.service.context.refresh.max_entries = 2
    alices = _sign_in(idp, pool_id, app, "alice")["RefreshToken"]
    _sign_in(idp, pool_id, app, "bob")
    with pytest.raises(idp.exceptions.TooManyRequestsException):
        _sign_in(idp, pool_id, app, "carol")
    assert "AccessToken" in _refresh(idp, app, alices)["AuthenticationResult"]
    assert "AccessToken" in _sign_in(idp, pool_id, app, "alice")  # her own oldest makes room
