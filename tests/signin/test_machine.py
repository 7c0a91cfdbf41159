"""The sans-IO state machine on its own: responses in as plain dicts, requests out. No client."""

from __future__ import annotations

import base64
import json
from datetime import datetime, timezone
from typing import Any

import pytest

from srpcore.cognito.device import DeviceSecret
from srpcore.cognito.salt import Salt
from srpcore.cognito.server import make_verifier, start_challenge
from srpcore.errors import InvalidParameterError, ProtocolError
from srpcore.signin import Challenge, Reply, Request, SignIn, Tokens

POOL_ID = "eu-west-1_Machine1"
PASSWORD = "p4ssw0rd-never-shown"
SECRET = "client-secret-never-shown"
STAMP_CLOCK = datetime(2026, 3, 1, 0, 0, 9, tzinfo=timezone.utc)
SESSION = "machine-session-0123456789abcdef"
RESULT = {"AccessToken": "acc.ess.tok", "IdToken": "id.tok.en", "RefreshToken": "ref.re.sh"}


def machine(**options: Any) -> SignIn:
    defaults: dict[str, Any] = {
        "pool_id": POOL_ID,
        "client_id": "client1",
        "username": "alice",
        "password": PASSWORD,
        "clock": lambda: STAMP_CLOCK,
    }
    return SignIn(**{**defaults, **options})


def verifier_challenge(user_id: str = "alice") -> dict[str, Any]:
    salt = Salt.draw()
    verifier = make_verifier(pool_name="Machine1", user_id=user_id, password=PASSWORD, salt=salt)
    return {
        "ChallengeName": "PASSWORD_VERIFIER",
        "ChallengeParameters": {
            "SALT": salt.hex(),
            "SRP_B": start_challenge(verifier).srp_b(),
            "SECRET_BLOCK": base64.b64encode(b"block").decode(),
            "USERNAME": user_id,
            "USER_ID_FOR_SRP": user_id,
        },
    }


def to_challenge(m: SignIn, name: str, params: dict[str, str] | None = None) -> Challenge:
    m.start()
    request = m.receive(verifier_challenge())
    assert isinstance(request, Request)
    step = m.receive(
        {"ChallengeName": name, "Session": SESSION, "ChallengeParameters": params or {}}
    )
    assert isinstance(step, Challenge)
    return step


def test_request_names_the_boto3_method_and_hands_out_copies() -> None:
    request = machine(client_metadata={"k": "v"}).start()
    assert (request.operation, request.method) == ("InitiateAuth", "initiate_auth")
    kwargs = request.kwargs()
    kwargs["ClientMetadata"]["k"] = "changed"
    assert request.kwargs()["ClientMetadata"] == {"k": "v"}
    assert Request("AdminRespondToAuthChallenge", {}, "x").method == (
        "admin_respond_to_auth_challenge"
    )


def test_session_is_echoed_only_when_the_last_response_carried_one() -> None:
    m = machine()
    m.start()
    without = m.receive(verifier_challenge())
    assert isinstance(without, Request) and "Session" not in without.params
    m = machine()
    m.start()
    empty = m.receive({**verifier_challenge(), "Session": ""})
    assert isinstance(empty, Request) and "Session" not in empty.params
    m = machine()
    m.start()
    carried = m.receive({**verifier_challenge(), "Session": SESSION})
    assert isinstance(carried, Request) and carried.params["Session"] == SESSION


def test_nothing_secret_in_any_repr() -> None:
    m = machine(client_secret=SECRET, device=DeviceSecret("us-east-1_d", "g", "device-pw", {}))
    first = m.start()
    answer = m.receive(verifier_challenge())
    assert isinstance(answer, Request)
    tokens = m.receive({"AuthenticationResult": RESULT})
    assert isinstance(tokens, Tokens)
    shown = " ".join(repr(x) for x in (m, first, answer, tokens))
    for secret in (PASSWORD, SECRET, "device-pw", "acc.ess.tok", "id.tok.en", "ref.re.sh"):
        assert secret not in shown
    sent = {**first.params["AuthParameters"], **answer.params["ChallengeResponses"]}
    for key in ("SRP_A", "SECRET_HASH", "PASSWORD_CLAIM_SIGNATURE", "PASSWORD_CLAIM_SECRET_BLOCK"):
        assert sent[key] not in shown
    assert "SECRET_HASH" not in shown  # even key names of nested maps stay hidden


def test_password_and_ephemerals_are_dropped_when_the_sign_in_ends() -> None:
    m = machine()
    m.start()
    m.receive(verifier_challenge())
    m.receive({"AuthenticationResult": RESULT})
    assert vars(m)["_password"] is None and vars(m)["_user_srp"] is None


def test_receive_without_a_request_and_starting_twice_are_refused() -> None:
    m = machine()
    with pytest.raises(ProtocolError, match="no request"):
        m.receive({"AuthenticationResult": RESULT})
    m.start()
    with pytest.raises(ProtocolError, match="already started"):
        m.start()


@pytest.mark.parametrize(
    ("response", "message"),
    [
        ({}, "neither AuthenticationResult nor ChallengeName"),
        ({"ChallengeName": "DEVICE_SRP_AUTH"}, "no device"),
        ({"ChallengeName": "DEVICE_PASSWORD_VERIFIER"}, "before DEVICE_SRP_AUTH"),
        ({"ChallengeName": "WEB_AUTHN"}, "CREDENTIAL_REQUEST_OPTIONS is missing"),
        ({"ChallengeName": "SMS_OTP_PLUS"}, "cannot answer the challenge 'SMS_OTP_PLUS'"),
        ({"ChallengeName": "ADMIN_NO_SRP_AUTH"}, "cannot answer the challenge 'ADMIN_NO_SRP"),
        ({"ChallengeName": "SELECT_CHALLENGE"}, "outside a USER_AUTH"),
        ({"AuthenticationResult": {"IdToken": "i.d.t"}}, "no AccessToken"),
        (
            {"ChallengeName": "SELECT_MFA_TYPE", "ChallengeParameters": {"MFAS_CAN_CHOOSE": "["}},
            "not JSON",
        ),
        (
            {"ChallengeName": "MFA_SETUP", "ChallengeParameters": {"MFAS_CAN_SETUP": "[1]"}},
            "list of strings",
        ),
    ],
)
def test_unexpected_responses_are_protocol_errors(response: dict[str, Any], message: str) -> None:
    m = machine()
    m.start()
    with pytest.raises(ProtocolError, match=message):
        m.receive(response)


def test_password_verifier_before_srp_a_is_refused() -> None:
    m = machine(flow="USER_AUTH", preferred_challenge=None)
    request = m.start()
    assert "SRP_A" not in request.params["AuthParameters"]
    with pytest.raises(ProtocolError, match="before SRP_A"):
        m.receive(verifier_challenge())


def test_select_challenge_goes_to_the_caller_and_refuses_a_choice_not_offered() -> None:
    m = machine(flow="USER_AUTH", preferred_challenge=None)
    m.start()
    step = m.receive(
        {"ChallengeName": "SELECT_CHALLENGE", "AvailableChallenges": ["EMAIL_OTP", "WEB_AUTHN"]}
    )
    assert isinstance(step, Challenge) and step.name == "SELECT_CHALLENGE"
    assert step.available_challenges == ("EMAIL_OTP", "WEB_AUTHN")
    with pytest.raises(InvalidParameterError, match="not one of the offered EMAIL_OTP, WEB_AUTHN"):
        step.answer("PASSWORD_SRP")
    with pytest.raises(InvalidParameterError, match="no attributes"):
        step.answer("EMAIL_OTP", attributes={"EMAIL": "a@example.com"})
    request = step.answer("EMAIL_OTP")  # still awaiting: a refused answer changes nothing
    assert dict(request.params["ChallengeResponses"]) == {
        "USERNAME": "alice",
        "ANSWER": "EMAIL_OTP",
    }


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"flow": "ADMIN_NO_SRP_AUTH"}, "legacy name of ADMIN_USER_PASSWORD_AUTH"),
        ({"flow": "MAGIC_LINK"}, "flow must be one of"),
        ({"flow": "REFRESH_TOKEN_AUTH"}, r"srpcore\.refresh\("),
        ({"flow": "REFRESH_TOKEN"}, "not a sign-in"),
        ({"flow": "USER_PASSWORD_AUTH", "admin": True}, "use ADMIN_USER_PASSWORD_AUTH"),
        ({"flow": "ADMIN_USER_PASSWORD_AUTH"}, "of AdminInitiateAuth only"),
        ({"flow": "USER_AUTH", "preferred_challenge": "EMAIL_MFA"}, "must be one of PASSWORD_SRP"),
        ({"preferred_challenge": "EMAIL_OTP"}, "for flow='USER_AUTH' only"),
        ({"session": "s" * 40}, "ConfirmSignUp"),
        ({"authenticator": lambda options: {}}, "only flow='USER_AUTH'"),
        ({"flow": "USER_AUTH", "authenticator": "not callable"}, "must be a callable"),
        ({"password": None}, "flow='USER_SRP_AUTH' needs password="),
        ({"password": ""}, "flow='USER_SRP_AUTH' needs password="),
        ({"flow": "USER_PASSWORD_AUTH", "password": None}, "USER_PASSWORD_AUTH' needs password"),
        ({"flow": "USER_AUTH", "password": None}, "'PASSWORD_SRP' needs password="),
        (
            {"flow": "USER_AUTH", "preferred_challenge": "PASSWORD", "password": None},
            "'PASSWORD' needs password=",
        ),
        ({"admin": True, "user_context_data": {"IpAddress": "1"}}, "context_data"),
        ({"context_data": {"IpAddress": "1"}}, "user_context_data"),
        ({"pool_id": "AbCdEf"}, "not a user pool id"),
        ({"username": ""}, "username"),
        ({"client_id": ""}, "client_id"),
    ],
)
def test_bad_configuration_is_refused_up_front(options: dict[str, Any], message: str) -> None:
    with pytest.raises(InvalidParameterError, match=message):
        machine(**options)


def test_a_step_is_answered_once_and_only_by_its_own_machine() -> None:
    step = to_challenge(machine(), "SMS_MFA")
    other = to_challenge(machine(), "SMS_MFA")
    with pytest.raises(ProtocolError, match="not awaiting"):
        step.machine.reply(other, Reply("123456"))
    with pytest.raises(InvalidParameterError, match="non-empty"):
        step.answer("")
    with pytest.raises(InvalidParameterError, match="takes no attributes"):
        step.answer("123456", attributes={"name": "x"})
    request = step.answer("123456")
    assert request.params["ChallengeResponses"] == {"USERNAME": "alice", "SMS_MFA_CODE": "123456"}
    with pytest.raises(ProtocolError, match="not awaiting"):
        step.answer("123456")


def test_email_mfa_setup_sends_the_address() -> None:
    params = {"MFAS_CAN_SETUP": json.dumps(["SOFTWARE_TOKEN_MFA", "EMAIL_OTP"])}
    step = to_challenge(machine(admin=True, client_secret=SECRET), "MFA_SETUP", params)
    assert step.options == ("SOFTWARE_TOKEN_MFA", "EMAIL_OTP")
    with pytest.raises(InvalidParameterError, match="EMAIL"):
        step.answer("EMAIL_OTP")
    with pytest.raises(InvalidParameterError, match="SOFTWARE_TOKEN_MFA or EMAIL_OTP"):
        step.answer("SMS_MFA")
    request = step.answer("EMAIL_OTP", attributes={"EMAIL": "alice@example.com"})
    assert request.operation == "AdminRespondToAuthChallenge"
    assert request.params == {
        "UserPoolId": POOL_ID,
        "ClientId": "client1",
        "ChallengeName": "MFA_SETUP",
        "Session": SESSION,
        "ChallengeResponses": {
            "USERNAME": "alice",
            "EMAIL": "alice@example.com",
            # HMAC-SHA256("client-secret-never-shown", "aliceclient1"), from Python's hmac module
            "SECRET_HASH": "9cxxwsc4X8n0lbdewLEbZWyZn0coTkBESn5Jxg5qvuc=",
        },
    }


def test_new_password_attribute_names_lose_their_prefix() -> None:
    params = {
        "requiredAttributes": '["userAttributes.email"]',
        "userAttributes": '{"phone_number": "+15550100"}',
    }
    step = to_challenge(machine(), "NEW_PASSWORD_REQUIRED", params)
    assert step.required_attributes == ("email",)
    assert dict(step.user_attributes) == {"phone_number": "+15550100"}


def test_one_proof_per_ephemeral_and_a_refused_response_ends_the_sign_in() -> None:
    """A second PASSWORD_VERIFIER (another B for the same a) gets no second proof."""
    m = machine(flow="CUSTOM_AUTH")
    m.start()
    assert isinstance(m.receive({**verifier_challenge(), "Session": SESSION}), Request)
    with pytest.raises(ProtocolError, match="twice"):
        m.receive({**verifier_challenge(), "Session": SESSION})
    assert vars(m)["_password"] is None
    with pytest.raises(ProtocolError, match="no request"):
        m.receive({"AuthenticationResult": RESULT})
