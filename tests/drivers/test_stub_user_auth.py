"""USER_AUTH through the drivers over Stubber: respond's password, the async face with WEB_AUTHN.

Every USER_AUTH request's exact shape is a transcript in tests/signin (test_transcripts_user_auth).
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
    Stubbed,
    caller_answer,
    clock,
)
from srpcore.drivers.aio import respond_async, sign_in_async
from srpcore.drivers.sync import respond, sign_in
from srpcore.errors import InvalidParameterError
from srpcore.signin import Challenge, Tokens

# Enough of a WebAuthn exchange for the driver; the full ones are in the transcripts.
WEBAUTHN_OPTIONS = {"challenge": "q83vEjRWeJCrze8SNFZ4kA", "rpId": "auth.example.com"}
RESPONSE = {"clientDataJSON": "e30", "authenticatorData": "AA", "signature": "AA"}
WEBAUTHN_ASSERTION = {"id": "AQID", "rawId": "AQID", "type": "public-key", "response": RESPONSE}


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


def _webauthn_challenge(session: str) -> dict[str, Any]:
    return {
        "ChallengeName": "WEB_AUTHN",
        "Session": session,
        "ChallengeParameters": {
            "CREDENTIAL_REQUEST_OPTIONS": json.dumps(WEBAUTHN_OPTIONS),
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


def test_select_challenge_password_given_to_respond(stubbed: Stubbed) -> None:
    stubbed.stub.add_response("initiate_auth", _select("PASSWORD", "EMAIL_OTP"), _initiate({}))
    step = sign_in(stubbed.client, **_options(preferred_challenge=None))
    assert isinstance(step, Challenge)
    with pytest.raises(InvalidParameterError, match="PASSWORD needs the password"):
        respond(stubbed.client, step, "PASSWORD")
    stubbed.stub.add_response(
        "respond_to_auth_challenge",
        {"AuthenticationResult": TOKENS},
        caller_answer("SELECT_CHALLENGE", SESSION_1, ANSWER="PASSWORD", PASSWORD=PASSWORD),
    )
    assert isinstance(respond(stubbed.client, step, "PASSWORD", password=PASSWORD), Tokens)


def test_async_web_authn_with_an_authenticator(stubbed: Stubbed) -> None:
    stubbed.stub.add_response(
        "initiate_auth",
        _webauthn_challenge(SESSION_1),
        _initiate({"PREFERRED_CHALLENGE": "WEB_AUTHN"}),
    )
    stubbed.stub.add_response(
        "respond_to_auth_challenge",
        {"ChallengeName": "SMS_MFA", "Session": SESSION_2, "ChallengeParameters": {}},
        caller_answer("WEB_AUTHN", SESSION_1, CREDENTIAL=ANY),
    )
    stubbed.stub.add_response(
        "respond_to_auth_challenge",
        {"AuthenticationResult": TOKENS},
        caller_answer("SMS_MFA", SESSION_2, SMS_MFA_CODE="777000"),
    )
    client = AsyncClient(stubbed.client)

    async def flow() -> Tokens | Challenge:
        step = await sign_in_async(
            client,
            **_options(preferred_challenge="WEB_AUTHN", authenticator=lambda _: WEBAUTHN_ASSERTION),
        )
        assert isinstance(step, Challenge) and step.name == "SMS_MFA"
        return await respond_async(client, step, "777000")

    assert isinstance(asyncio.run(flow()), Tokens)
