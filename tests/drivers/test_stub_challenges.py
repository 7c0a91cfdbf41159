"""Challenges only the caller can answer, through the sync driver over botocore's Stubber.

What each challenge shows and the exact answer sent are the machine's (tests/signin
transcripts); here: the driver's respond, its calls beyond the auth pair, and how a service
error reaches the caller.
"""

from __future__ import annotations

from typing import Any

import pytest

from drivers.stubkit import (
    CLIENT_ID,
    CLIENT_SECRET,
    PASSWORD,
    POOL_ID,
    SESSION_1,
    SESSION_2,
    SESSION_3,
    TOKENS,
    SRPServer,
    Stubbed,
    caller_answer,
)
from srpcore.drivers.sync import respond, sign_in
from srpcore.errors import ProtocolError, ServiceError
from srpcore.signin import VERIFY_SOFTWARE_TOKEN, Challenge, Tokens


def _start(stubbed: Stubbed, next_response: dict[str, Any], *, admin: bool = False) -> Challenge:
    """Sign in through SRP (shapes checked elsewhere) up to a challenge for the caller."""
    server = SRPServer.for_user("alice")
    prefix = "admin_" if admin else ""
    stubbed.stub.add_response(
        f"{prefix}initiate_auth",
        server.reply(),
    )
    stubbed.stub.add_response(f"{prefix}respond_to_auth_challenge", next_response)
    step = sign_in(
        stubbed.client,
        pool_id=POOL_ID,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        username="alice",
        password=PASSWORD,
        admin=admin,
    )
    assert isinstance(step, Challenge)
    return step


def test_mfa_setup_runs_the_token_calls_on_the_callers_client(stubbed: Stubbed) -> None:
    """The driver makes the machine's AssociateSoftwareToken and VerifySoftwareToken calls too.

    Their exact parameters and the Sessions chained are the machine's (tests/signin transcripts).
    """
    step = _start(
        stubbed,
        {
            "ChallengeName": "MFA_SETUP",
            "Session": SESSION_1,
            "ChallengeParameters": {"MFAS_CAN_SETUP": '["SOFTWARE_TOKEN_MFA"]'},
        },
        admin=True,
    )
    stubbed.stub.add_response(
        "associate_software_token",
        {"SecretCode": "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", "Session": SESSION_2},
    )
    stubbed.stub.add_response("verify_software_token", {"Status": "SUCCESS", "Session": SESSION_3})
    stubbed.stub.add_response("admin_respond_to_auth_challenge", {"AuthenticationResult": TOKENS})
    verify = respond(stubbed.client, step, "SOFTWARE_TOKEN_MFA")
    assert isinstance(verify, Challenge) and verify.name == VERIFY_SOFTWARE_TOKEN
    result = respond(stubbed.client, verify, "112233", attributes={"FriendlyDeviceName": "phone"})
    assert isinstance(result, Tokens) and result.access_token == "access.token.value"
    assert stubbed.calls.operations() == [
        "AdminInitiateAuth",
        "AdminRespondToAuthChallenge",
        "AssociateSoftwareToken",
        "VerifySoftwareToken",
        "AdminRespondToAuthChallenge",
    ]


def test_wrong_code_keeps_the_step_answerable(stubbed: Stubbed) -> None:
    step = _start(
        stubbed, {"ChallengeName": "SMS_MFA", "Session": SESSION_1, "ChallengeParameters": {}}
    )
    stubbed.stub.add_client_error(
        "respond_to_auth_challenge",
        service_error_code="CodeMismatchException",
        service_message="Invalid code received for user",
        http_status_code=400,
        expected_params=caller_answer("SMS_MFA", SESSION_1, SMS_MFA_CODE="000000"),
    )
    stubbed.stub.add_response(
        "respond_to_auth_challenge",
        {"AuthenticationResult": TOKENS},
        caller_answer("SMS_MFA", SESSION_1, SMS_MFA_CODE="246810"),
    )
    with pytest.raises(ServiceError) as caught:
        respond(stubbed.client, step, "000000")
    assert (caught.value.code, caught.value.step) == (
        "CodeMismatchException",
        "RespondToAuthChallenge(SMS_MFA)",
    )
    assert isinstance(respond(stubbed.client, step, "246810"), Tokens)
    with pytest.raises(ProtocolError, match="not awaiting"):
        step.answer("246810")  # answered: the step cannot be replayed


def test_service_error_keeps_code_message_step_and_cause(stubbed: Stubbed) -> None:
    server = SRPServer.for_user("alice")
    stubbed.stub.add_response("initiate_auth", server.reply())
    stubbed.stub.add_client_error(
        "respond_to_auth_challenge",
        service_error_code="NotAuthorizedException",
        service_message="Incorrect username or password.",
        http_status_code=400,
    )
    with pytest.raises(ServiceError) as caught:
        sign_in(
            stubbed.client, pool_id=POOL_ID, client_id=CLIENT_ID, username="alice", password="x"
        )
    error = caught.value
    assert (error.code, error.message, error.step) == (
        "NotAuthorizedException",
        "Incorrect username or password.",
        "RespondToAuthChallenge(PASSWORD_VERIFIER)",
    )
    cause: Any = error.__cause__
    assert cause.response["Error"]["Code"] == "NotAuthorizedException"
    assert str(error) == (
        "NotAuthorizedException: Incorrect username or password. "
        "(during RespondToAuthChallenge(PASSWORD_VERIFIER))"
    )
