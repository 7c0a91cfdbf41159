"""Challenges only the caller can answer: typed steps, resumed without redoing SRP."""

from __future__ import annotations

import json
from typing import Any

import pytest

from drivers.stubkit import (
    ALICE_SECRET_HASH,
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
)
from srpcore.drivers.sync import respond, sign_in
from srpcore.errors import InvalidParameterError, ProtocolError, ServiceError
from srpcore.signin import VERIFY_SOFTWARE_TOKEN, Challenge, Tokens


def _start(stubbed: Stubbed, next_response: dict[str, Any], *, admin: bool = False) -> Challenge:
    """Sign in through SRP (shapes checked elsewhere) up to a challenge for the caller."""
    server = SRPServer.for_user("alice")
    prefix = "admin_" if admin else ""
    stubbed.stub.add_response(
        f"{prefix}initiate_auth",
        {"ChallengeName": "PASSWORD_VERIFIER", "ChallengeParameters": server.parameters()},
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


def _answer(name: str, session: str, **responses: str) -> dict[str, Any]:
    return {
        "ClientId": CLIENT_ID,
        "ChallengeName": name,
        "Session": session,
        "ChallengeResponses": {
            "USERNAME": "alice",
            **responses,
            "SECRET_HASH": ALICE_SECRET_HASH,
        },
    }


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("SMS_MFA", "SMS_MFA_CODE"),
        ("SOFTWARE_TOKEN_MFA", "SOFTWARE_TOKEN_MFA_CODE"),
        ("EMAIL_OTP", "EMAIL_OTP_CODE"),
    ],
)
def test_code_challenges(stubbed: Stubbed, name: str, key: str) -> None:
    params = {"CODE_DELIVERY_DELIVERY_MEDIUM": "SMS", "CODE_DELIVERY_DESTINATION": "+*******0100"}
    step = _start(
        stubbed, {"ChallengeName": name, "Session": SESSION_1, "ChallengeParameters": params}
    )
    assert (step.name, step.delivery_medium, step.delivery_destination) == (
        name,
        "SMS",
        "+*******0100",
    )
    stubbed.stub.add_response(
        "respond_to_auth_challenge",
        {"AuthenticationResult": TOKENS},
        _answer(name, SESSION_1, **{key: "246810"}),
    )
    result = respond(stubbed.client, step, "246810")
    assert isinstance(result, Tokens) and result.access_token == "access.token.value"


def test_new_password_required_with_required_attributes(stubbed: Stubbed) -> None:
    params = {
        "userAttributes": json.dumps({"email": "alice@example.com", "email_verified": "true"}),
        "requiredAttributes": json.dumps(["userAttributes.name", "userAttributes.family_name"]),
        "USER_ID_FOR_SRP": "alice",
    }
    step = _start(
        stubbed,
        {
            "ChallengeName": "NEW_PASSWORD_REQUIRED",
            "Session": SESSION_1,
            "ChallengeParameters": params,
        },
    )
    assert step.required_attributes == ("name", "family_name")
    assert dict(step.user_attributes) == {"email": "alice@example.com", "email_verified": "true"}
    with pytest.raises(InvalidParameterError, match="family_name"):
        step.answer("N3w-passw0rd!", attributes={"name": "Alice"})
    stubbed.stub.add_response(
        "respond_to_auth_challenge",
        {"AuthenticationResult": TOKENS},
        _answer(
            "NEW_PASSWORD_REQUIRED",
            SESSION_1,
            NEW_PASSWORD="N3w-passw0rd!",
            **{"userAttributes.name": "Alice", "userAttributes.family_name": "Liddell"},
        ),
    )
    result = respond(
        stubbed.client,
        step,
        "N3w-passw0rd!",
        attributes={"name": "Alice", "family_name": "Liddell"},
    )
    assert isinstance(result, Tokens)


def test_select_mfa_type_then_totp_code(stubbed: Stubbed) -> None:
    step = _start(
        stubbed,
        {
            "ChallengeName": "SELECT_MFA_TYPE",
            "Session": SESSION_1,
            "ChallengeParameters": {"MFAS_CAN_CHOOSE": '["SMS_MFA","SOFTWARE_TOKEN_MFA"]'},
        },
    )
    assert step.options == ("SMS_MFA", "SOFTWARE_TOKEN_MFA")
    with pytest.raises(InvalidParameterError, match="not one of"):
        step.answer("EMAIL_OTP")
    stubbed.stub.add_response(
        "respond_to_auth_challenge",
        {"ChallengeName": "SOFTWARE_TOKEN_MFA", "Session": SESSION_2, "ChallengeParameters": {}},
        _answer("SELECT_MFA_TYPE", SESSION_1, ANSWER="SOFTWARE_TOKEN_MFA"),
    )
    stubbed.stub.add_response(
        "respond_to_auth_challenge",
        {"AuthenticationResult": TOKENS},
        _answer("SOFTWARE_TOKEN_MFA", SESSION_2, SOFTWARE_TOKEN_MFA_CODE="135790"),
    )
    totp = respond(stubbed.client, step, "SOFTWARE_TOKEN_MFA")
    assert isinstance(totp, Challenge) and totp.name == "SOFTWARE_TOKEN_MFA"
    assert isinstance(respond(stubbed.client, totp, "135790"), Tokens)


def test_mfa_setup_with_an_authenticator_app(stubbed: Stubbed) -> None:
    """MFA_SETUP: AssociateSoftwareToken, VerifySoftwareToken, then MFA_SETUP, Sessions chained."""
    step = _start(
        stubbed,
        {
            "ChallengeName": "MFA_SETUP",
            "Session": SESSION_1,
            "ChallengeParameters": {"MFAS_CAN_SETUP": '["SOFTWARE_TOKEN_MFA"]'},
        },
        admin=True,
    )
    assert step.options == ("SOFTWARE_TOKEN_MFA",)
    stubbed.stub.add_response(
        "associate_software_token",
        {"SecretCode": "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", "Session": SESSION_2},
        {"Session": SESSION_1},
    )
    stubbed.stub.add_response(
        "verify_software_token",
        {"Status": "SUCCESS", "Session": SESSION_3},
        {"Session": SESSION_2, "UserCode": "112233", "FriendlyDeviceName": "phone"},
    )
    stubbed.stub.add_response(
        "admin_respond_to_auth_challenge",
        {"AuthenticationResult": TOKENS},
        {"UserPoolId": POOL_ID, **_answer("MFA_SETUP", SESSION_3)},
    )
    verify = respond(stubbed.client, step, "SOFTWARE_TOKEN_MFA")
    assert isinstance(verify, Challenge) and verify.name == VERIFY_SOFTWARE_TOKEN
    assert verify.secret_code == "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    assert "JBSWY3DP" not in repr(verify)
    result = respond(stubbed.client, verify, "112233", attributes={"FriendlyDeviceName": "phone"})
    assert isinstance(result, Tokens)


def test_verify_software_token_error_status_is_refused(stubbed: Stubbed) -> None:
    step = _start(
        stubbed,
        {
            "ChallengeName": "MFA_SETUP",
            "Session": SESSION_1,
            "ChallengeParameters": {"MFAS_CAN_SETUP": '["SOFTWARE_TOKEN_MFA"]'},
        },
    )
    stubbed.stub.add_response(
        "associate_software_token", {"SecretCode": "JBSWY3DPEHPK3PXPJBSWY3DP", "Session": SESSION_2}
    )
    stubbed.stub.add_response("verify_software_token", {"Status": "ERROR"})
    verify = respond(stubbed.client, step, "SOFTWARE_TOKEN_MFA")
    assert isinstance(verify, Challenge)
    with pytest.raises(ProtocolError, match="ERROR"):
        respond(stubbed.client, verify, "000000")


def test_wrong_code_keeps_the_step_answerable(stubbed: Stubbed) -> None:
    step = _start(
        stubbed, {"ChallengeName": "SMS_MFA", "Session": SESSION_1, "ChallengeParameters": {}}
    )
    stubbed.stub.add_client_error(
        "respond_to_auth_challenge",
        service_error_code="CodeMismatchException",
        service_message="Invalid code received for user",
        http_status_code=400,
        expected_params=_answer("SMS_MFA", SESSION_1, SMS_MFA_CODE="000000"),
    )
    stubbed.stub.add_response(
        "respond_to_auth_challenge",
        {"AuthenticationResult": TOKENS},
        _answer("SMS_MFA", SESSION_1, SMS_MFA_CODE="246810"),
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
    stubbed.stub.add_response(
        "initiate_auth",
        {"ChallengeName": "PASSWORD_VERIFIER", "ChallengeParameters": server.parameters()},
    )
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
