"""USER_AUTH's first factors, SELECT_CHALLENGE, WEB_AUTHN and the sign-up session, over Stubber.

Request shapes are the literal ones of RespondToAuthChallenge's and InitiateAuth's API reference
(botocore's service model documentation): ``PREFERRED_CHALLENGE`` in AuthParameters, the
``ANSWER`` of SELECT_CHALLENGE with that factor's own keys, ``EMAIL_OTP_CODE`` /
``SMS_OTP_CODE``, ``CREDENTIAL`` for WEB_AUTHN. The WEB_AUTHN request options arrive in
``CREDENTIAL_REQUEST_OPTIONS``, the parameter Amplify's ``handleWebAuthnSignInResult`` reads.
The AuthenticationResponseJSON is a fake: the client never verifies it, the service does.
"""

from __future__ import annotations

import asyncio
import json
from typing import Any

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
    TOKENS,
    AsyncClient,
    SRPServer,
    Stubbed,
    clock,
)
from srpcore.drivers.aio import respond_async, sign_in_async
from srpcore.drivers.sync import respond, sign_in
from srpcore.errors import InvalidParameterError, ServiceError
from srpcore.signin import Challenge, Tokens
from srpcore.signin.webauthn import CredentialDescriptor

REQUEST_OPTIONS = {
    "challenge": "q83vEjRWeJCrze8SNFZ4kA",
    "rpId": "auth.example.com",
    "timeout": 180000,
    "userVerification": "required",
    "allowCredentials": [
        {"id": "AAECAwQFBgcICQ", "type": "public-key", "transports": ["internal", "hybrid"]}
    ],
}
ASSERTION = {
    "id": "AAECAwQFBgcICQ",
    "rawId": "AAECAwQFBgcICQ",
    "type": "public-key",
    "response": {
        "clientDataJSON": "eyJ0eXBlIjoid2ViYXV0aG4uZ2V0In0",
        "authenticatorData": "SZYN5YgOjGh0NBcPZHZgW4_krrmihjLHmVzzuoMdl2MFAAAAAQ",
        "signature": "MEUCIQDfakefakefake",
        "userHandle": "YWxpY2U",
    },
    "clientExtensionResults": {},
    "authenticatorAttachment": "platform",
}
CONFIRM_SIGN_UP_SESSION = "confirm-sign-up-session-0123456789abcdef"


def _options(**extra: Any) -> dict[str, Any]:
    return {
        "pool_id": POOL_ID,
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "username": "alice",
        "flow": "USER_AUTH",
        "clock": clock,
        **extra,
    }


def _initiate(auth: dict[str, str], **extra: Any) -> dict[str, Any]:
    return {
        "AuthFlow": "USER_AUTH",
        "ClientId": CLIENT_ID,
        "AuthParameters": {"USERNAME": "alice", **auth, "SECRET_HASH": ALICE_SECRET_HASH},
        **extra,
    }


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


def _code_challenge(name: str, session: str) -> dict[str, Any]:
    medium = "EMAIL" if name == "EMAIL_OTP" else "SMS"
    return {
        "ChallengeName": name,
        "Session": session,
        "ChallengeParameters": {
            "CODE_DELIVERY_DELIVERY_MEDIUM": medium,
            "CODE_DELIVERY_DESTINATION": "a***@e***" if medium == "EMAIL" else "+*******0100",
            "USERNAME": "alice",
        },
    }


def _webauthn_challenge(session: str) -> dict[str, Any]:
    return {
        "ChallengeName": "WEB_AUTHN",
        "Session": session,
        "ChallengeParameters": {
            "CREDENTIAL_REQUEST_OPTIONS": json.dumps(REQUEST_OPTIONS),
            "USERNAME": "alice",
        },
    }


def _select(*offered: str) -> dict[str, Any]:
    return {
        "ChallengeName": "SELECT_CHALLENGE",
        "Session": SESSION_1,
        "ChallengeParameters": {"USERNAME": "alice"},
        "AvailableChallenges": list(offered),
    }


@pytest.mark.parametrize(
    ("name", "key"), [("EMAIL_OTP", "EMAIL_OTP_CODE"), ("SMS_OTP", "SMS_OTP_CODE")]
)
def test_a_code_as_the_first_factor_needs_no_password(
    stubbed: Stubbed, name: str, key: str
) -> None:
    stubbed.stub.add_response(
        "initiate_auth",
        _code_challenge(name, SESSION_1),
        _initiate({"PREFERRED_CHALLENGE": name}),
    )
    step = sign_in(stubbed.client, **_options(preferred_challenge=name))
    assert isinstance(step, Challenge) and step.name == name
    assert step.delivery_medium == ("EMAIL" if name == "EMAIL_OTP" else "SMS")
    assert step.delivery_destination in ("a***@e***", "+*******0100")
    stubbed.stub.add_response(
        "respond_to_auth_challenge",
        {"AuthenticationResult": TOKENS},
        _answer(name, SESSION_1, **{key: "40958172"}),
    )
    result = respond(stubbed.client, step, "40958172")
    assert isinstance(result, Tokens) and result.access_token == "access.token.value"


def test_a_wrong_code_may_be_typed_again(stubbed: Stubbed) -> None:
    stubbed.stub.add_response(
        "initiate_auth",
        _code_challenge("EMAIL_OTP", SESSION_1),
        _initiate({"PREFERRED_CHALLENGE": "EMAIL_OTP"}),
    )
    step = sign_in(stubbed.client, **_options(preferred_challenge="EMAIL_OTP"))
    assert isinstance(step, Challenge)
    stubbed.stub.add_client_error(
        "respond_to_auth_challenge",
        service_error_code="CodeMismatchException",
        service_message="Invalid code or auth state for the user.",
        expected_params=_answer("EMAIL_OTP", SESSION_1, EMAIL_OTP_CODE="11111111"),
    )
    with pytest.raises(ServiceError, match="CodeMismatchException"):
        respond(stubbed.client, step, "11111111")
    stubbed.stub.add_response(
        "respond_to_auth_challenge",
        {"AuthenticationResult": TOKENS},
        _answer("EMAIL_OTP", SESSION_1, EMAIL_OTP_CODE="22222222"),
    )
    assert isinstance(respond(stubbed.client, step, "22222222"), Tokens)


def test_preferred_password_sends_it_and_mfa_may_follow(stubbed: Stubbed) -> None:
    stubbed.stub.add_response(
        "initiate_auth",
        {"ChallengeName": "SOFTWARE_TOKEN_MFA", "Session": SESSION_1, "ChallengeParameters": {}},
        _initiate({"PASSWORD": PASSWORD, "PREFERRED_CHALLENGE": "PASSWORD"}),
    )
    step = sign_in(stubbed.client, **_options(preferred_challenge="PASSWORD", password=PASSWORD))
    assert isinstance(step, Challenge) and step.name == "SOFTWARE_TOKEN_MFA"
    stubbed.stub.add_response(
        "respond_to_auth_challenge",
        {"AuthenticationResult": TOKENS},
        _answer("SOFTWARE_TOKEN_MFA", SESSION_1, SOFTWARE_TOKEN_MFA_CODE="123456"),
    )
    assert isinstance(respond(stubbed.client, step, "123456"), Tokens)


def test_web_authn_with_an_authenticator_signs_in_in_one_call(stubbed: Stubbed) -> None:
    seen: list[dict[str, Any]] = []

    def authenticator(options: dict[str, Any]) -> dict[str, Any]:
        seen.append(options)
        options["challenge"] = "tampered-by-the-callee"  # its own copy: nothing leaks back
        return ASSERTION

    stubbed.stub.add_response(
        "initiate_auth",
        _webauthn_challenge(SESSION_1),
        _initiate({"PREFERRED_CHALLENGE": "WEB_AUTHN"}),
    )
    stubbed.stub.add_response(
        "respond_to_auth_challenge",
        {"AuthenticationResult": TOKENS},
        _answer("WEB_AUTHN", SESSION_1, CREDENTIAL=ANY),
    )
    result = sign_in(
        stubbed.client, **_options(preferred_challenge="WEB_AUTHN", authenticator=authenticator)
    )
    assert isinstance(result, Tokens)
    assert len(seen) == 1 and seen[0]["rpId"] == "auth.example.com"
    sent = stubbed.calls.params("RespondToAuthChallenge")["ChallengeResponses"]["CREDENTIAL"]
    assert json.loads(sent) == ASSERTION


def test_web_authn_challenge_exposes_typed_options_and_takes_the_response_text(
    stubbed: Stubbed,
) -> None:
    stubbed.stub.add_response(
        "initiate_auth",
        _webauthn_challenge(SESSION_1),
        _initiate({"PREFERRED_CHALLENGE": "WEB_AUTHN"}),
    )
    step = sign_in(stubbed.client, **_options(preferred_challenge="WEB_AUTHN"))
    assert isinstance(step, Challenge) and step.name == "WEB_AUTHN"
    assert step.request_options == REQUEST_OPTIONS
    request = step.webauthn
    assert request is not None
    assert (request.challenge, request.rp_id, request.timeout, request.user_verification) == (
        "q83vEjRWeJCrze8SNFZ4kA",
        "auth.example.com",
        180000,
        "required",
    )
    assert request.allow_credentials == (
        CredentialDescriptor("AAECAwQFBgcICQ", "public-key", ("internal", "hybrid")),
    )
    assert "q83vEjRW" not in repr(step) + repr(request)
    text = json.dumps(ASSERTION, indent=2)  # sent exactly as the caller gave it
    stubbed.stub.add_response(
        "respond_to_auth_challenge",
        {"AuthenticationResult": TOKENS},
        _answer("WEB_AUTHN", SESSION_1, CREDENTIAL=text),
    )
    assert isinstance(respond(stubbed.client, step, text), Tokens)


def test_select_challenge_then_a_code(stubbed: Stubbed) -> None:
    stubbed.stub.add_response(
        "initiate_auth", _select("WEB_AUTHN", "EMAIL_OTP", "PASSWORD"), _initiate({})
    )
    step = sign_in(stubbed.client, **_options(preferred_challenge=None))
    assert isinstance(step, Challenge) and step.name == "SELECT_CHALLENGE"
    assert step.available_challenges == ("WEB_AUTHN", "EMAIL_OTP", "PASSWORD")
    stubbed.stub.add_response(
        "respond_to_auth_challenge",
        _code_challenge("EMAIL_OTP", SESSION_2),
        _answer("SELECT_CHALLENGE", SESSION_1, ANSWER="EMAIL_OTP"),
    )
    code = respond(stubbed.client, step, "EMAIL_OTP")
    assert isinstance(code, Challenge) and code.name == "EMAIL_OTP"
    stubbed.stub.add_response(
        "respond_to_auth_challenge",
        {"AuthenticationResult": TOKENS},
        _answer("EMAIL_OTP", SESSION_2, EMAIL_OTP_CODE="55501234"),
    )
    assert isinstance(respond(stubbed.client, code, "55501234"), Tokens)


def test_select_challenge_password_given_to_respond(stubbed: Stubbed) -> None:
    stubbed.stub.add_response("initiate_auth", _select("PASSWORD", "EMAIL_OTP"), _initiate({}))
    step = sign_in(stubbed.client, **_options(preferred_challenge=None))
    assert isinstance(step, Challenge)
    with pytest.raises(InvalidParameterError, match="PASSWORD needs the password"):
        respond(stubbed.client, step, "PASSWORD")
    stubbed.stub.add_response(
        "respond_to_auth_challenge",
        {"AuthenticationResult": TOKENS},
        _answer("SELECT_CHALLENGE", SESSION_1, ANSWER="PASSWORD", PASSWORD=PASSWORD),
    )
    assert isinstance(respond(stubbed.client, step, "PASSWORD", password=PASSWORD), Tokens)


def test_select_challenge_password_srp_given_to_respond_proves_the_password(
    stubbed: Stubbed,
) -> None:
    server = SRPServer.for_user("alice")
    stubbed.stub.add_response("initiate_auth", _select("PASSWORD_SRP"), _initiate({}))
    step = sign_in(stubbed.client, **_options(preferred_challenge=None))
    assert isinstance(step, Challenge)
    stubbed.stub.add_response(
        "respond_to_auth_challenge",
        {
            "ChallengeName": "PASSWORD_VERIFIER",
            "Session": SESSION_2,
            "ChallengeParameters": server.parameters(),
        },
        _answer("SELECT_CHALLENGE", SESSION_1, ANSWER="PASSWORD_SRP", SRP_A=ANY),
    )
    stubbed.stub.add_response("respond_to_auth_challenge", {"AuthenticationResult": TOKENS})
    assert isinstance(respond(stubbed.client, step, "PASSWORD_SRP", password=PASSWORD), Tokens)
    server.check(
        stubbed.calls.params("RespondToAuthChallenge", 0)["ChallengeResponses"]["SRP_A"],
        stubbed.calls.params("RespondToAuthChallenge", 1)["ChallengeResponses"],
    )


def test_select_challenge_web_authn_answered_by_the_authenticator(stubbed: Stubbed) -> None:
    stubbed.stub.add_response("initiate_auth", _select("WEB_AUTHN", "EMAIL_OTP"), _initiate({}))
    step = sign_in(
        stubbed.client, **_options(preferred_challenge=None, authenticator=lambda _: ASSERTION)
    )
    assert isinstance(step, Challenge)
    stubbed.stub.add_response(
        "respond_to_auth_challenge",
        _webauthn_challenge(SESSION_2),
        _answer("SELECT_CHALLENGE", SESSION_1, ANSWER="WEB_AUTHN"),
    )
    stubbed.stub.add_response(
        "respond_to_auth_challenge",
        {"AuthenticationResult": TOKENS},
        _answer("WEB_AUTHN", SESSION_2, CREDENTIAL=ANY),
    )
    assert isinstance(respond(stubbed.client, step, "WEB_AUTHN"), Tokens)


def test_sign_up_session_signs_in_without_a_second_factor(stubbed: Stubbed) -> None:
    stubbed.stub.add_response(
        "initiate_auth",
        {"AuthenticationResult": TOKENS},
        _initiate({}, Session=CONFIRM_SIGN_UP_SESSION),
    )
    result = sign_in(stubbed.client, **_options(session=CONFIRM_SIGN_UP_SESSION))
    assert isinstance(result, Tokens) and result.username == "alice"
    assert "PREFERRED_CHALLENGE" not in stubbed.calls.params("InitiateAuth")["AuthParameters"]


def test_async_web_authn_with_an_authenticator(stubbed: Stubbed) -> None:
    stubbed.stub.add_response(
        "initiate_auth",
        _webauthn_challenge(SESSION_1),
        _initiate({"PREFERRED_CHALLENGE": "WEB_AUTHN"}),
    )
    stubbed.stub.add_response(
        "respond_to_auth_challenge",
        _code_challenge("SMS_MFA", SESSION_2),
        _answer("WEB_AUTHN", SESSION_1, CREDENTIAL=ANY),
    )
    stubbed.stub.add_response(
        "respond_to_auth_challenge",
        {"AuthenticationResult": TOKENS},
        _answer("SMS_MFA", SESSION_2, SMS_MFA_CODE="777000"),
    )
    client = AsyncClient(stubbed.client)

    async def flow() -> Tokens | Challenge:
        step = await sign_in_async(
            client, **_options(preferred_challenge="WEB_AUTHN", authenticator=lambda _: ASSERTION)
        )
        assert isinstance(step, Challenge) and step.name == "SMS_MFA"
        return await respond_async(client, step, "777000")

    assert isinstance(asyncio.run(flow()), Tokens)
