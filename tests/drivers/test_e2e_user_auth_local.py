"""The password halves of the sign-in paths over real HTTP against the local endpoint.

The endpoint verifies SRP and passwords for real; the password flows, the caller's
SELECT_CHALLENGE choice (with the password given only then), CUSTOM_AUTH without SRP and both
refresh flow names are proven here, each also refusing a wrong password where one is
involved. The code and passkey factors are test_user_auth_e2e.py and
test_user_auth_passkey_e2e.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from srpcore.drivers.sync import refresh, respond, sign_in
from srpcore.errors import ServiceError
from srpcore.local import LocalCognito
from srpcore.local.defaults import ALL_FLOWS
from srpcore.local.model import CustomAuth
from srpcore.signin import Challenge, Tokens

PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module")
def cognito() -> Iterator[LocalCognito]:
    with LocalCognito() as endpoint:
        yield endpoint


@pytest.fixture
def idp(cognito: LocalCognito) -> Any:
    return cognito.boto3_client()


def _pool(cognito: LocalCognito, **options: Any) -> dict[str, Any]:
    pool = cognito.create_user_pool("user-auth", **options)
    app = cognito.create_client(pool.id, generate_secret=True, explicit_auth_flows=ALL_FLOWS)
    cognito.create_user(pool.id, "alice", PASSWORD)
    return {
        "pool_id": pool.id,
        "client_id": app.client_id,
        "client_secret": app.client_secret,
        "username": "alice",
    }


@pytest.mark.parametrize(
    "options",
    [
        pytest.param({"flow": "USER_PASSWORD_AUTH"}, id="USER_PASSWORD_AUTH"),
        pytest.param(
            {"flow": "ADMIN_USER_PASSWORD_AUTH", "admin": True}, id="ADMIN_USER_PASSWORD_AUTH"
        ),
        pytest.param(
            {"flow": "USER_AUTH", "preferred_challenge": "PASSWORD"}, id="USER_AUTH-PASSWORD"
        ),
    ],
)
def test_the_password_travelling_flows(
    cognito: LocalCognito, idp: Any, options: dict[str, Any]
) -> None:
    pool = _pool(cognito)
    tokens = sign_in(idp, **pool, password=PASSWORD, **options)
    assert isinstance(tokens, Tokens) and tokens.username == "alice"
    assert idp.get_user(AccessToken=tokens.access_token)["Username"] == "alice"
    with pytest.raises(ServiceError) as caught:
        sign_in(idp, **pool, password="wrong password", **options)
    assert (caught.value.code, caught.value.message) == (
        "NotAuthorizedException",
        "Incorrect username or password.",
    )


@pytest.mark.parametrize("choice", ["PASSWORD", "PASSWORD_SRP"])
def test_select_challenge_lists_what_the_endpoint_offers_and_takes_the_choice(
    cognito: LocalCognito, idp: Any, choice: str
) -> None:
    pool = _pool(cognito)
    step = sign_in(idp, **pool, flow="USER_AUTH", preferred_challenge=None)  # no password yet
    assert isinstance(step, Challenge) and step.name == "SELECT_CHALLENGE"
    assert set(step.available_challenges) == {"PASSWORD", "PASSWORD_SRP"}
    tokens = respond(idp, step, choice, password=PASSWORD)
    assert isinstance(tokens, Tokens)
    assert idp.get_user(AccessToken=tokens.access_token)["Username"] == "alice"
    again = sign_in(idp, **pool, flow="USER_AUTH", preferred_challenge=None)
    assert isinstance(again, Challenge)
    with pytest.raises(ServiceError, match="Incorrect username or password"):
        respond(idp, again, choice, password="wrong password")


def test_custom_auth_without_a_password(cognito: LocalCognito, idp: Any) -> None:
    pool = _pool(cognito, custom_auth=CustomAuth(answers=("42",)))
    step = sign_in(idp, **pool, flow="CUSTOM_AUTH")
    assert isinstance(step, Challenge) and step.name == "CUSTOM_CHALLENGE"
    assert isinstance(respond(idp, step, "42"), Tokens)


@pytest.mark.parametrize("flow", ["REFRESH_TOKEN_AUTH", "REFRESH_TOKEN"])
def test_refresh_with_either_flow_name(cognito: LocalCognito, idp: Any, flow: str) -> None:
    pool = _pool(cognito)
    tokens = sign_in(idp, **pool, password=PASSWORD, flow="USER_PASSWORD_AUTH")
    assert isinstance(tokens, Tokens) and tokens.refresh_token is not None
    fresh = refresh(
        idp,
        client_id=pool["client_id"],
        client_secret=pool["client_secret"],
        refresh_token=tokens.refresh_token,
        username=tokens.username,
        flow=flow,
    )
    assert idp.get_user(AccessToken=fresh.access_token)["Username"] == "alice"
