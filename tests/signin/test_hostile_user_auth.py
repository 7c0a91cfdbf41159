"""USER_AUTH's new steps under hostile or malformed input: each a typed error, nothing leaks.

A service-sent WEB_AUTHN request that cannot be WebAuthn request options is a ProtocolError
naming the step, and ends the sign-in. A caller's answer of the wrong shape is an
InvalidParameterError that leaves the step awaiting a better answer. An authenticator's
unusable answer is a ConfigurationError (the caller's own code, not the service, is wrong).
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from srpcore.errors import ConfigurationError, InvalidParameterError, ProtocolError
from srpcore.signin import Challenge, Request, SignIn
from srpcore.signin.options import SignInOptions

POOL_ID = "eu-west-1_Hostile1"
PASSWORD = "p4ssw0rd-never-shown"
SESSION = "hostile-session-0123456789abcdef"
INITIATE = "InitiateAuth(USER_AUTH)"
GOOD_OPTIONS = {"challenge": "q83vEjRWeJCrze8SNFZ4kA", "rpId": "example.com"}
ASSERTION = {
    "id": "AAEC",
    "rawId": "AAEC",
    "type": "public-key",
    "response": {"clientDataJSON": "e30", "authenticatorData": "AA", "signature": "AA"},
}


def machine(**options: Any) -> SignIn:
    base: dict[str, Any] = {
        "pool_id": POOL_ID,
        "client_id": "client1",
        "username": "alice",
        "flow": "USER_AUTH",
        "preferred_challenge": "WEB_AUTHN",
    }
    return SignIn(**{**base, **options})


def webauthn(options: object) -> dict[str, Any]:
    text = options if isinstance(options, str) else json.dumps(options)
    return {
        "ChallengeName": "WEB_AUTHN",
        "Session": SESSION,
        "ChallengeParameters": {"CREDENTIAL_REQUEST_OPTIONS": text, "USERNAME": "alice"},
    }


HOSTILE_OPTIONS: dict[str, tuple[object, str]] = {
    "not-json": ("{challenge", "is not JSON"),
    "a-list": (["challenge"], "is not a JSON object"),
    "nested-deep": ("[" * 30_000 + "]" * 30_000, "nested too deeply"),
    "enormous": ({**GOOD_OPTIONS, "pad": "x" * 70_000}, "longer than 65536"),
    "no-challenge": ({"rpId": "example.com"}, "challenge is not base64url"),
    "challenge-standard-base64": ({"challenge": "q83v+jRW/A=="}, "challenge is not base64url"),
    "challenge-a-number": ({"challenge": 12345}, "challenge is not base64url"),
    "rp-id-empty": ({**GOOD_OPTIONS, "rpId": ""}, "rpId is not a non-empty string"),
    "timeout-negative": ({**GOOD_OPTIONS, "timeout": -1}, "timeout is not a non-negative"),
    "timeout-a-bool": ({**GOOD_OPTIONS, "timeout": True}, "timeout is not a non-negative"),
    "timeout-a-string": ({**GOOD_OPTIONS, "timeout": "60000"}, "timeout is not a non-negative"),
    "user-verification-unknown": (
        {**GOOD_OPTIONS, "userVerification": "always"},
        "userVerification is not one of",
    ),
    "allow-credentials-an-object": (
        {**GOOD_OPTIONS, "allowCredentials": {"id": "AAEC"}},
        "allowCredentials is not a list",
    ),
    "allow-credential-a-number": (
        {**GOOD_OPTIONS, "allowCredentials": [1]},
        "allowCredentials holds a non-object",
    ),
    "allow-credential-without-id": (
        {**GOOD_OPTIONS, "allowCredentials": [{"type": "public-key"}]},
        "allowCredentials id is not base64url",
    ),
    "transports-a-string": (
        {**GOOD_OPTIONS, "allowCredentials": [{"id": "AAEC", "transports": "usb"}]},
        "transports is not a list of strings",
    ),
}


@pytest.mark.parametrize(("options", "message"), HOSTILE_OPTIONS.values(), ids=HOSTILE_OPTIONS)
def test_hostile_request_options_are_a_protocol_error_naming_the_step(
    options: object, message: str
) -> None:
    m = machine()
    m.start()
    with pytest.raises(ProtocolError) as caught:
        m.receive(webauthn(options))
    assert caught.value.step == INITIATE
    assert message in str(caught.value) and len(str(caught.value)) < 300
    with pytest.raises(ProtocolError, match="no request"):  # the sign-in ended
        m.receive({"AuthenticationResult": {"AccessToken": "a"}})


def test_missing_request_options_are_refused() -> None:
    m = machine()
    m.start()
    with pytest.raises(ProtocolError, match="CREDENTIAL_REQUEST_OPTIONS is missing"):
        m.receive({"ChallengeName": "WEB_AUTHN", "Session": SESSION})


BAD_ANSWERS: dict[str, tuple[object, str]] = {
    "a-number": (42, "not int"),
    "not-json": ("{id:", "is not JSON"),
    "a-json-list": ("[1]", "is not a JSON object"),
    "no-id": ({"type": "public-key", "response": {}}, "no credential id"),
    "no-response": ({"id": "AAEC", "type": "public-key"}, "no response object"),
    "wrong-type": ({**ASSERTION, "type": "password"}, "type is not 'public-key'"),
    "registration-response": (
        {**ASSERTION, "response": {"clientDataJSON": "e30", "attestationObject": "o2Nm"}},
        "is a registration response",
    ),
    "no-signature": (
        {**ASSERTION, "response": {"clientDataJSON": "e30", "authenticatorData": "AA"}},
        "lacks signature",
    ),
    "binary-not-encoded": ({**ASSERTION, "rawId": b"\x00\x01"}, "not JSON-serialisable"),
}


@pytest.mark.parametrize(("answer", "message"), BAD_ANSWERS.values(), ids=BAD_ANSWERS)
def test_a_malformed_caller_answer_leaves_the_step_awaiting(answer: Any, message: str) -> None:
    m = machine()
    m.start()
    step = m.receive(webauthn(GOOD_OPTIONS))
    assert isinstance(step, Challenge) and step.name == "WEB_AUTHN"
    with pytest.raises(InvalidParameterError, match=message):
        step.answer(answer)
    request = step.answer(ASSERTION)  # the step still takes a good answer
    responses = request.params["ChallengeResponses"]
    assert json.loads(responses["CREDENTIAL"]) == ASSERTION
    assert request.params["Session"] == SESSION


def test_an_authenticators_unusable_answer_is_a_configuration_error() -> None:
    m = machine(authenticator=lambda options: {"id": "AAEC"})
    m.start()
    with pytest.raises(ConfigurationError, match="authenticator's answer is unusable") as caught:
        m.receive(webauthn(GOOD_OPTIONS))
    assert caught.value.step == INITIATE
    assert vars(m)["_password"] is None and vars(m)["_awaiting"] is None


def test_an_authenticators_own_failure_propagates_and_ends_the_sign_in() -> None:
    def refuse(options: dict[str, Any]) -> dict[str, Any]:
        raise RuntimeError("user cancelled")

    m = machine(authenticator=refuse)
    m.start()
    with pytest.raises(RuntimeError, match="user cancelled"):
        m.receive(webauthn(GOOD_OPTIONS))
    with pytest.raises(ProtocolError, match="no request"):
        m.receive({"AuthenticationResult": {"AccessToken": "a"}})


def test_a_second_web_authn_is_refused() -> None:
    m = machine(authenticator=lambda options: ASSERTION)
    m.start()
    assert isinstance(m.receive(webauthn(GOOD_OPTIONS)), Request)
    with pytest.raises(ProtocolError, match="WEB_AUTHN arrived twice") as caught:
        m.receive(webauthn(GOOD_OPTIONS))
    assert caught.value.step == "RespondToAuthChallenge(WEB_AUTHN)"


def test_select_challenge_after_the_first_reply_is_refused() -> None:
    from signin.test_hostile_responses import srp_parameters  # noqa: PLC0415

    m = machine(preferred_challenge="PASSWORD_SRP", password=PASSWORD)
    m.start()
    verifier = {"ChallengeName": "PASSWORD_VERIFIER", "ChallengeParameters": srp_parameters()}
    assert isinstance(m.receive(verifier), Request)
    select = {"ChallengeName": "SELECT_CHALLENGE", "AvailableChallenges": ["PASSWORD_SRP"]}
    with pytest.raises(ProtocolError, match="outside a USER_AUTH sign-in's start"):
        m.receive(select)


def test_a_password_challenge_with_no_password_in_play_is_refused() -> None:
    m = machine(preferred_challenge="EMAIL_OTP")
    m.start()
    with pytest.raises(ProtocolError, match="PASSWORD arrived, but no password"):
        m.receive({"ChallengeName": "PASSWORD", "Session": SESSION})


def test_a_password_challenge_is_answered_with_the_password_given() -> None:
    m = machine(preferred_challenge="EMAIL_OTP", password=PASSWORD)
    m.start()
    request = m.receive({"ChallengeName": "PASSWORD", "Session": SESSION})
    assert isinstance(request, Request)
    assert dict(request.params["ChallengeResponses"]) == {"USERNAME": "alice", "PASSWORD": PASSWORD}
    assert PASSWORD not in repr(request)


def test_password_goes_with_a_select_choice_only() -> None:
    m = machine(preferred_challenge="EMAIL_OTP")
    m.start()
    step = m.receive(
        {
            "ChallengeName": "EMAIL_OTP",
            "Session": SESSION,
            "ChallengeParameters": {"CODE_DELIVERY_DESTINATION": "a***@e***"},
        }
    )
    assert isinstance(step, Challenge)
    with pytest.raises(InvalidParameterError, match="password= goes with a SELECT_CHALLENGE"):
        step.answer("12345678", password=PASSWORD)


def test_no_session_password_or_authenticator_in_a_repr() -> None:
    options = SignInOptions(
        pool_id=POOL_ID,
        client_id="client1",
        username="alice",
        flow="USER_AUTH",
        preferred_challenge=None,
        password=PASSWORD,
        session="confirm-sign-up-session-secret-0123",
        authenticator=lambda options: ASSERTION,
    )
    shown = repr(options) + repr(SignIn.from_options(options))
    assert PASSWORD not in shown and "confirm-sign-up-session-secret" not in shown
    assert "lambda" not in shown


def test_the_sign_up_session_is_sent_once_and_dropped_at_the_end() -> None:
    session = "confirm-sign-up-session-secret-0123"
    m = machine(preferred_challenge=None, session=session)
    first = m.start()
    assert first.params["Session"] == session
    assert dict(first.params["AuthParameters"]) == {"USERNAME": "alice"}
    m.receive({"AuthenticationResult": {"AccessToken": "acc.ess.tok"}})
    assert vars(m)["_signup_session"] is None
