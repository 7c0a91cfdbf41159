"""The AuthFlows besides SRP, over Stubber: each in the AuthParameters shape the model documents.

InitiateAuth's AuthParameters documentation: USER_PASSWORD_AUTH takes USERNAME and PASSWORD;
CUSTOM_AUTH takes USERNAME (SRP_A and CHALLENGE_NAME only to start with SRP);
REFRESH_TOKEN_AUTH / REFRESH_TOKEN take REFRESH_TOKEN. ADMIN_USER_PASSWORD_AUTH is the
AdminInitiateAuth twin of USER_PASSWORD_AUTH (the wire-protocol reference, section 1.3).
"""

from __future__ import annotations

import pytest

from drivers.stubkit import (
    ALICE_SECRET_HASH,
    CLIENT_ID,
    CLIENT_SECRET,
    PASSWORD,
    POOL_ID,
    SESSION_1,
    TOKENS,
    Stubbed,
)
from srpcore.drivers.sync import refresh, respond, sign_in
from srpcore.errors import InvalidParameterError
from srpcore.signin import Challenge, Tokens


@pytest.mark.parametrize(
    "admin", [False, True], ids=["USER_PASSWORD_AUTH", "ADMIN_USER_PASSWORD_AUTH"]
)
def test_password_flows_send_the_password(stubbed: Stubbed, admin: bool) -> None:
    flow = "ADMIN_USER_PASSWORD_AUTH" if admin else "USER_PASSWORD_AUTH"
    expected = {
        **({"UserPoolId": POOL_ID} if admin else {}),
        "ClientId": CLIENT_ID,
        "AuthFlow": flow,
        "AuthParameters": {
            "USERNAME": "alice",
            "PASSWORD": PASSWORD,
            "SECRET_HASH": ALICE_SECRET_HASH,
        },
    }
    stubbed.stub.add_response(
        "admin_initiate_auth" if admin else "initiate_auth",
        {"AuthenticationResult": TOKENS},
        expected,
    )
    result = sign_in(
        stubbed.client,
        pool_id=POOL_ID,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        username="alice",
        password=PASSWORD,
        flow=flow,
        admin=admin,
    )
    assert isinstance(result, Tokens) and result.refresh_token == "refresh.token.value"


def test_password_flow_then_new_password_required(stubbed: Stubbed) -> None:
    stubbed.stub.add_response(
        "initiate_auth",
        {
            "ChallengeName": "NEW_PASSWORD_REQUIRED",
            "Session": SESSION_1,
            "ChallengeParameters": {"requiredAttributes": "[]", "userAttributes": "{}"},
        },
    )
    step = sign_in(
        stubbed.client,
        pool_id=POOL_ID,
        client_id=CLIENT_ID,
        username="alice",
        password=PASSWORD,
        flow="USER_PASSWORD_AUTH",
    )
    assert isinstance(step, Challenge) and step.name == "NEW_PASSWORD_REQUIRED"
    stubbed.stub.add_response(
        "respond_to_auth_challenge",
        {"AuthenticationResult": TOKENS},
        {
            "ClientId": CLIENT_ID,
            "ChallengeName": "NEW_PASSWORD_REQUIRED",
            "Session": SESSION_1,
            "ChallengeResponses": {"USERNAME": "alice", "NEW_PASSWORD": "N3w-passw0rd!"},
        },
    )
    assert isinstance(respond(stubbed.client, step, "N3w-passw0rd!"), Tokens)


def test_custom_auth_without_a_password_runs_custom_rounds_only(stubbed: Stubbed) -> None:
    stubbed.stub.add_response(
        "initiate_auth",
        {
            "ChallengeName": "CUSTOM_CHALLENGE",
            "Session": SESSION_1,
            "ChallengeParameters": {"USERNAME": "alice", "question": "6 x 7"},
        },
        {"ClientId": CLIENT_ID, "AuthFlow": "CUSTOM_AUTH", "AuthParameters": {"USERNAME": "alice"}},
    )
    step = sign_in(
        stubbed.client, pool_id=POOL_ID, client_id=CLIENT_ID, username="alice", flow="CUSTOM_AUTH"
    )
    assert isinstance(step, Challenge) and step.parameters["question"] == "6 x 7"
    stubbed.stub.add_response(
        "respond_to_auth_challenge",
        {"AuthenticationResult": TOKENS},
        {
            "ClientId": CLIENT_ID,
            "ChallengeName": "CUSTOM_CHALLENGE",
            "Session": SESSION_1,
            "ChallengeResponses": {"USERNAME": "alice", "ANSWER": "42"},
        },
    )
    assert isinstance(respond(stubbed.client, step, "42"), Tokens)


@pytest.mark.parametrize("flow", ["REFRESH_TOKEN_AUTH", "REFRESH_TOKEN"])
def test_refresh_takes_either_refresh_flow(stubbed: Stubbed, flow: str) -> None:
    stubbed.stub.add_response(
        "initiate_auth",
        {"AuthenticationResult": {"AccessToken": "new.access.token", "ExpiresIn": 3600}},
        {
            "ClientId": CLIENT_ID,
            "AuthFlow": flow,
            "AuthParameters": {
                "REFRESH_TOKEN": "refresh.token.value",
                "SECRET_HASH": ALICE_SECRET_HASH,
            },
        },
    )
    tokens = refresh(
        stubbed.client,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        refresh_token="refresh.token.value",
        username="alice",
        flow=flow,
        rotation=False,  # the flow names are REFRESH_TOKEN_AUTH's
    )
    assert tokens.access_token == "new.access.token"
    assert tokens.refresh_token == "refresh.token.value"


@pytest.mark.parametrize("flow", ["REFRESH_TOKEN_AUTH", "REFRESH_TOKEN"])
def test_sign_in_points_a_refresh_flow_to_refresh(stubbed: Stubbed, flow: str) -> None:
    with pytest.raises(InvalidParameterError, match=r"not a sign-in: call srpcore\.refresh"):
        sign_in(stubbed.client, pool_id=POOL_ID, client_id=CLIENT_ID, username="alice", flow=flow)
    with pytest.raises(InvalidParameterError, match=r"sign in with srpcore\.sign_in"):
        refresh(stubbed.client, client_id=CLIENT_ID, refresh_token="r", flow="USER_SRP_AUTH")
    assert stubbed.calls.calls == []  # refused before any call
