"""Exact request shapes of every SRP sign-in flow, checked with botocore's Stubber."""

from __future__ import annotations

import pytest
from botocore.stub import ANY

from drivers.stubkit import (
    ALICE_SECRET_HASH,
    CLIENT_ID,
    CLIENT_SECRET,
    PASSWORD,
    POOL_ID,
    SESSION_1,
    SESSION_2,
    SESSION_3,
    STAMP,
    TOKENS,
    SRPServer,
    Stubbed,
    clock,
    hmac_secret_hash,
)
from srpcore.drivers.sync import respond, sign_in
from srpcore.errors import VerificationError
from srpcore.signin import Challenge, Tokens


def _verifier_answer(username: str, **extra: str) -> dict[str, str]:
    return {
        "USERNAME": username,
        "PASSWORD_CLAIM_SECRET_BLOCK": "b3BhcXVlLXNlY3JldC1ibG9jay1mcm9tLXRoZS1zZXJ2aWNl",
        "PASSWORD_CLAIM_SIGNATURE": ANY,
        "TIMESTAMP": STAMP,
        **extra,
    }


def test_user_srp_auth_public_pair(stubbed: Stubbed) -> None:
    server = SRPServer.for_user("alice")
    stubbed.stub.add_response(
        "initiate_auth",
        {"ChallengeName": "PASSWORD_VERIFIER", "ChallengeParameters": server.parameters()},
        {
            "AuthFlow": "USER_SRP_AUTH",
            "ClientId": CLIENT_ID,
            "AuthParameters": {"USERNAME": "alice", "SRP_A": ANY},
        },
    )
    stubbed.stub.add_response(
        "respond_to_auth_challenge",
        {"AuthenticationResult": TOKENS, "ChallengeParameters": {}},
        {
            "ClientId": CLIENT_ID,
            "ChallengeName": "PASSWORD_VERIFIER",
            "ChallengeResponses": _verifier_answer("alice"),
        },
    )
    result = sign_in(
        stubbed.client,
        pool_id=POOL_ID,
        client_id=CLIENT_ID,
        username="alice",
        password=PASSWORD,
        clock=clock,
    )
    assert isinstance(result, Tokens)
    assert result.authentication_result() == TOKENS
    assert (result.username, result.device, result.new_device) == ("alice", None, False)
    srp_a = stubbed.calls.params("InitiateAuth")["AuthParameters"]["SRP_A"]
    answer = stubbed.calls.params("RespondToAuthChallenge")["ChallengeResponses"]
    server.check(srp_a, answer)
    assert stubbed.calls.operations() == ["InitiateAuth", "RespondToAuthChallenge"]


def test_the_signature_check_rejects_a_wrong_password(stubbed: Stubbed) -> None:
    """The oracle the other tests lean on can fail: a wrong password does not verify."""
    server = SRPServer.for_user("alice", password="not the password")
    stubbed.stub.add_response(
        "initiate_auth",
        {"ChallengeName": "PASSWORD_VERIFIER", "ChallengeParameters": server.parameters()},
    )
    stubbed.stub.add_response("respond_to_auth_challenge", {"AuthenticationResult": TOKENS})
    sign_in(
        stubbed.client, pool_id=POOL_ID, client_id=CLIENT_ID, username="alice", password=PASSWORD
    )
    srp_a = stubbed.calls.params("InitiateAuth")["AuthParameters"]["SRP_A"]
    with pytest.raises(VerificationError):
        server.check(srp_a, stubbed.calls.params("RespondToAuthChallenge")["ChallengeResponses"])


def test_alias_sign_in_uses_the_internal_username_after_the_first_call(stubbed: Stubbed) -> None:
    """x, the signature, USERNAME and SECRET_HASH use USER_ID_FOR_SRP, never the alias."""
    internal = "7d3f0c52-5b1e-4a8e-9f0e-2c1d9a6b4e11"
    server = SRPServer.for_user(internal)
    stubbed.stub.add_response(
        "initiate_auth",
        {"ChallengeName": "PASSWORD_VERIFIER", "ChallengeParameters": server.parameters()},
        {
            "AuthFlow": "USER_SRP_AUTH",
            "ClientId": CLIENT_ID,
            "AuthParameters": {
                "USERNAME": "alice",
                "SRP_A": ANY,
                "SECRET_HASH": ALICE_SECRET_HASH,
            },
        },
    )
    stubbed.stub.add_response(
        "respond_to_auth_challenge",
        {"ChallengeName": "SOFTWARE_TOKEN_MFA", "Session": SESSION_1, "ChallengeParameters": {}},
        {
            "ClientId": CLIENT_ID,
            "ChallengeName": "PASSWORD_VERIFIER",
            "ChallengeResponses": _verifier_answer(
                internal, SECRET_HASH=hmac_secret_hash(internal)
            ),
        },
    )
    stubbed.stub.add_response(
        "respond_to_auth_challenge",
        {"AuthenticationResult": TOKENS},
        {
            "ClientId": CLIENT_ID,
            "ChallengeName": "SOFTWARE_TOKEN_MFA",
            "Session": SESSION_1,
            "ChallengeResponses": {
                "USERNAME": internal,
                "SOFTWARE_TOKEN_MFA_CODE": "123456",
                "SECRET_HASH": hmac_secret_hash(internal),
            },
        },
    )
    step = sign_in(
        stubbed.client,
        pool_id=POOL_ID,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        username="alice",
        password=PASSWORD,
        clock=clock,
    )
    assert isinstance(step, Challenge)
    assert (step.name, step.username) == ("SOFTWARE_TOKEN_MFA", internal)
    result = respond(stubbed.client, step, "123456")
    assert isinstance(result, Tokens) and result.username == internal
    server.check(
        stubbed.calls.params("InitiateAuth")["AuthParameters"]["SRP_A"],
        stubbed.calls.params("RespondToAuthChallenge")["ChallengeResponses"],
    )


def test_admin_pair_takes_pool_id_and_context_data_on_every_call(stubbed: Stubbed) -> None:
    server = SRPServer.for_user("alice")
    context = {
        "IpAddress": "192.0.2.1",
        "ServerName": "app.example.com",
        "ServerPath": "/login",
        "HttpHeaders": [{"headerName": "User-Agent", "headerValue": "test"}],
    }
    common = {
        "ClientMetadata": {"tenant": "blue"},
        "AnalyticsMetadata": {"AnalyticsEndpointId": "endpoint-1"},
        "ContextData": context,
    }
    stubbed.stub.add_response(
        "admin_initiate_auth",
        {"ChallengeName": "PASSWORD_VERIFIER", "ChallengeParameters": server.parameters()},
        {
            "UserPoolId": POOL_ID,
            "ClientId": CLIENT_ID,
            "AuthFlow": "USER_SRP_AUTH",
            "AuthParameters": {"USERNAME": "alice", "SRP_A": ANY, "SECRET_HASH": ALICE_SECRET_HASH},
            **common,
        },
    )
    stubbed.stub.add_response(
        "admin_respond_to_auth_challenge",
        {"AuthenticationResult": TOKENS},
        {
            "UserPoolId": POOL_ID,
            "ClientId": CLIENT_ID,
            "ChallengeName": "PASSWORD_VERIFIER",
            "ChallengeResponses": _verifier_answer("alice", SECRET_HASH=ALICE_SECRET_HASH),
            **common,
        },
    )
    result = sign_in(
        stubbed.client,
        pool_id=POOL_ID,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        username="alice",
        password=PASSWORD,
        admin=True,
        client_metadata={"tenant": "blue"},
        analytics_metadata={"AnalyticsEndpointId": "endpoint-1"},
        context_data=context,
        clock=clock,
    )
    assert isinstance(result, Tokens)
    server.check(
        stubbed.calls.params("AdminInitiateAuth")["AuthParameters"]["SRP_A"],
        stubbed.calls.params("AdminRespondToAuthChallenge")["ChallengeResponses"],
    )


def test_user_auth_with_preferred_password_srp(stubbed: Stubbed) -> None:
    server = SRPServer.for_user("alice")
    common = {
        "ClientMetadata": {"k": "v"},
        "UserContextData": {"IpAddress": "192.0.2.7", "EncodedData": "ctx"},
    }
    stubbed.stub.add_response(
        "initiate_auth",
        {
            "ChallengeName": "PASSWORD_VERIFIER",
            "Session": SESSION_1,
            "ChallengeParameters": server.parameters(),
        },
        {
            "AuthFlow": "USER_AUTH",
            "ClientId": CLIENT_ID,
            "AuthParameters": {
                "USERNAME": "alice",
                "SRP_A": ANY,
                "PREFERRED_CHALLENGE": "PASSWORD_SRP",
            },
            **common,
        },
    )
    stubbed.stub.add_response(
        "respond_to_auth_challenge",
        {"AuthenticationResult": TOKENS},
        {
            "ClientId": CLIENT_ID,
            "ChallengeName": "PASSWORD_VERIFIER",
            "Session": SESSION_1,
            "ChallengeResponses": _verifier_answer("alice"),
            **common,
        },
    )
    result = sign_in(
        stubbed.client,
        pool_id=POOL_ID,
        client_id=CLIENT_ID,
        username="alice",
        password=PASSWORD,
        flow="USER_AUTH",
        client_metadata={"k": "v"},
        user_context_data={"IpAddress": "192.0.2.7", "EncodedData": "ctx"},
        clock=clock,
    )
    assert isinstance(result, Tokens)
    server.check(
        stubbed.calls.params("InitiateAuth")["AuthParameters"]["SRP_A"],
        stubbed.calls.params("RespondToAuthChallenge")["ChallengeResponses"],
    )


def test_user_auth_answers_select_challenge_with_password_srp(stubbed: Stubbed) -> None:
    server = SRPServer.for_user("alice")
    stubbed.stub.add_response(
        "initiate_auth",
        {
            "ChallengeName": "SELECT_CHALLENGE",
            "Session": SESSION_1,
            "ChallengeParameters": {},
            "AvailableChallenges": ["EMAIL_OTP", "PASSWORD_SRP", "PASSWORD"],
        },
        {
            "AuthFlow": "USER_AUTH",
            "ClientId": CLIENT_ID,
            "AuthParameters": {"USERNAME": "alice", "SECRET_HASH": ALICE_SECRET_HASH},
        },
    )
    stubbed.stub.add_response(
        "respond_to_auth_challenge",
        {
            "ChallengeName": "PASSWORD_VERIFIER",
            "Session": SESSION_2,
            "ChallengeParameters": server.parameters(),
        },
        {
            "ClientId": CLIENT_ID,
            "ChallengeName": "SELECT_CHALLENGE",
            "Session": SESSION_1,
            "ChallengeResponses": {
                "ANSWER": "PASSWORD_SRP",
                "USERNAME": "alice",
                "SRP_A": ANY,
                "SECRET_HASH": ALICE_SECRET_HASH,
            },
        },
    )
    stubbed.stub.add_response(
        "respond_to_auth_challenge",
        {"AuthenticationResult": TOKENS},
        {
            "ClientId": CLIENT_ID,
            "ChallengeName": "PASSWORD_VERIFIER",
            "Session": SESSION_2,
            "ChallengeResponses": _verifier_answer("alice", SECRET_HASH=ALICE_SECRET_HASH),
        },
    )
    step = sign_in(
        stubbed.client,
        pool_id=POOL_ID,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        username="alice",
        password=PASSWORD,
        flow="USER_AUTH",
        preferred_challenge=None,
        clock=clock,
    )
    assert isinstance(step, Challenge) and step.name == "SELECT_CHALLENGE"
    assert step.available_challenges == ("EMAIL_OTP", "PASSWORD_SRP", "PASSWORD")
    result = respond(stubbed.client, step, "PASSWORD_SRP")
    assert isinstance(result, Tokens)
    select = stubbed.calls.params("RespondToAuthChallenge", 0)["ChallengeResponses"]
    server.check(
        select["SRP_A"], stubbed.calls.params("RespondToAuthChallenge", 1)["ChallengeResponses"]
    )


def test_custom_auth_starts_with_srp_then_hands_custom_rounds_to_the_caller(
    stubbed: Stubbed,
) -> None:
    server = SRPServer.for_user("alice")
    stubbed.stub.add_response(
        "initiate_auth",
        {
            "ChallengeName": "PASSWORD_VERIFIER",
            "Session": SESSION_1,
            "ChallengeParameters": server.parameters(),
        },
        {
            "AuthFlow": "CUSTOM_AUTH",
            "ClientId": CLIENT_ID,
            "AuthParameters": {"USERNAME": "alice", "SRP_A": ANY, "CHALLENGE_NAME": "SRP_A"},
        },
    )
    stubbed.stub.add_response(
        "respond_to_auth_challenge",
        {
            "ChallengeName": "CUSTOM_CHALLENGE",
            "Session": SESSION_2,
            "ChallengeParameters": {"USERNAME": "alice", "question": "2 + 2?"},
        },
        {
            "ClientId": CLIENT_ID,
            "ChallengeName": "PASSWORD_VERIFIER",
            "Session": SESSION_1,
            "ChallengeResponses": _verifier_answer("alice"),
        },
    )
    stubbed.stub.add_response(
        "respond_to_auth_challenge",
        {
            "ChallengeName": "CUSTOM_CHALLENGE",
            "Session": SESSION_3,
            "ChallengeParameters": {"USERNAME": "alice", "question": "3 + 3?"},
        },
        {
            "ClientId": CLIENT_ID,
            "ChallengeName": "CUSTOM_CHALLENGE",
            "Session": SESSION_2,
            "ChallengeResponses": {"USERNAME": "alice", "ANSWER": "4"},
        },
    )
    stubbed.stub.add_response(
        "respond_to_auth_challenge",
        {"AuthenticationResult": TOKENS},
        {
            "ClientId": CLIENT_ID,
            "ChallengeName": "CUSTOM_CHALLENGE",
            "Session": SESSION_3,
            "ChallengeResponses": {"USERNAME": "alice", "ANSWER": "6"},
        },
    )
    step = sign_in(
        stubbed.client,
        pool_id=POOL_ID,
        client_id=CLIENT_ID,
        username="alice",
        password=PASSWORD,
        flow="CUSTOM_AUTH",
        clock=clock,
    )
    assert isinstance(step, Challenge)
    assert step.parameters["question"] == "2 + 2?"
    step = respond(stubbed.client, step, "4")
    assert isinstance(step, Challenge) and step.parameters["question"] == "3 + 3?"
    assert isinstance(respond(stubbed.client, step, "6"), Tokens)
    server.check(
        stubbed.calls.params("InitiateAuth")["AuthParameters"]["SRP_A"],
        stubbed.calls.params("RespondToAuthChallenge", 0)["ChallengeResponses"],
    )
