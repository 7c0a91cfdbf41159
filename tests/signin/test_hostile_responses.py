"""The hostile-response table: a malformed service response -> the typed error and its step.

Each row drives a :class:`SignIn` (or the refresh reader) to one step, feeds it a response of
the wrong shape, and expects one typed :class:`SRPError` naming that step, with the sign-in
ended (no password kept). Nothing else may escape: no AttributeError, RecursionError, or
unchecked value passed on into :class:`Tokens`.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from srpcore.cognito.device import DeviceSecret
from srpcore.cognito.salt import Salt
from srpcore.cognito.server import make_verifier, start_challenge
from srpcore.errors import ProtocolError, SecurityError, SRPError
from srpcore.signin import Challenge, Request, SignIn

POOL_ID = "eu-west-1_Hostile1"
PASSWORD = "p4ssw0rd-never-shown"
SESSION = "hostile-session-0123456789abcdef"
DEVICE = DeviceSecret("eu-west-1_dev-1", "-group", "device-password", {})
RESULT = {"AccessToken": "acc.ess.tok", "IdToken": "id.tok.en", "RefreshToken": "ref.re.sh"}
DEEP_LIST = "[" * 100_000 + "]" * 100_000
DEEP_OBJECT = '{"a":' * 100_000 + "1" + "}" * 100_000

INITIATE = "InitiateAuth(USER_SRP_AUTH)"
VERIFIER = "RespondToAuthChallenge(PASSWORD_VERIFIER)"
DEVICE_AUTH = "RespondToAuthChallenge(DEVICE_SRP_AUTH)"


def srp_parameters(user_id: str = "alice") -> dict[str, str]:
    salt = Salt.draw()
    verifier = make_verifier(pool_name="Hostile1", user_id=user_id, password=PASSWORD, salt=salt)
    return {
        "SALT": salt.hex(),
        "SRP_B": start_challenge(verifier).srp_b(),
        "SECRET_BLOCK": base64.b64encode(b"block").decode(),
        "USERNAME": user_id,
        "USER_ID_FOR_SRP": user_id,
    }


def verifier(**changes: Any) -> dict[str, Any]:
    params: dict[str, Any] = {**srp_parameters(), **changes}
    return {"ChallengeName": "PASSWORD_VERIFIER", "ChallengeParameters": params}


def machine(**options: Any) -> SignIn:
    return SignIn(
        pool_id=POOL_ID, client_id="client1", username="alice", password=PASSWORD, **options
    )


def at_initiate() -> SignIn:
    m = machine()
    m.start()
    return m


def at_select() -> SignIn:
    m = machine(flow="USER_AUTH", preferred_challenge=None)
    m.start()
    return m


def at_verifier(**options: Any) -> SignIn:
    m = machine(**options)
    m.start()
    assert isinstance(m.receive(verifier()), Request)
    return m


def at_device() -> SignIn:
    m = at_verifier(device=DEVICE)
    assert isinstance(m.receive({"ChallengeName": "DEVICE_SRP_AUTH", "Session": SESSION}), Request)
    return m


def at_confirm() -> SignIn:
    m = at_verifier()
    metadata = {"DeviceKey": "eu-west-1_new", "DeviceGroupKey": "-new"}
    request = m.receive({"AuthenticationResult": {**RESULT, "NewDeviceMetadata": metadata}})
    assert isinstance(request, Request) and request.operation == "ConfirmDevice"
    return m


def at_update() -> SignIn:
    m = at_confirm()
    request = m.receive({"UserConfirmationNecessary": True})
    assert isinstance(request, Request) and request.operation == "UpdateDeviceStatus"
    return m


def _mfa_setup() -> tuple[SignIn, Challenge]:
    m = at_verifier()
    params = {"MFAS_CAN_SETUP": '["SOFTWARE_TOKEN_MFA"]'}
    step = m.receive(
        {"ChallengeName": "MFA_SETUP", "Session": SESSION, "ChallengeParameters": params}
    )
    assert isinstance(step, Challenge)
    return m, step


def at_associate() -> SignIn:
    m, step = _mfa_setup()
    assert step.answer("SOFTWARE_TOKEN_MFA").operation == "AssociateSoftwareToken"
    return m


def at_verify() -> SignIn:
    m = at_associate()
    step = m.receive({"SecretCode": "JBSWY3DPEHPK3PXP", "Session": SESSION})
    assert isinstance(step, Challenge)
    assert step.answer("123456").operation == "VerifySoftwareToken"
    return m


def challenge(name: str, **params: Any) -> dict[str, Any]:
    return {"ChallengeName": name, "Session": SESSION, "ChallengeParameters": params}


@dataclass(frozen=True)
class Row:
    """One hostile response: where it arrives, what it is, and what must come of it."""

    at: Callable[[], SignIn]
    response: Any
    error: type[SRPError]
    step: str
    message: str


TABLE: dict[str, Row] = {
    # The response itself, and its objects, of the wrong JSON type.
    "response-is-a-list": Row(at_initiate, [1, 2], ProtocolError, INITIATE, "not a JSON object"),
    "response-is-a-string": Row(at_initiate, "ok", ProtocolError, INITIATE, "not a JSON object"),
    "result-is-a-list": Row(
        at_verifier, {"AuthenticationResult": [RESULT]}, ProtocolError, VERIFIER, "JSON object"
    ),
    "result-is-a-string": Row(
        at_verifier, {"AuthenticationResult": "tok"}, ProtocolError, VERIFIER, "JSON object"
    ),
    "challenge-parameters-a-list": Row(
        at_initiate,
        {"ChallengeName": "PASSWORD_VERIFIER", "ChallengeParameters": [["SALT", "00"]]},
        ProtocolError,
        INITIATE,
        "ChallengeParameters is not a JSON object",
    ),
    "challenge-parameter-not-a-string": Row(
        at_initiate, verifier(SALT=1234), ProtocolError, INITIATE, "must be strings; SALT"
    ),
    "challenge-parameter-an-object": Row(
        at_initiate, verifier(SRP_B={"x": 1}), ProtocolError, INITIATE, "must be strings; SRP_B"
    ),
    "new-device-metadata-a-list": Row(
        at_verifier,
        {"AuthenticationResult": {**RESULT, "NewDeviceMetadata": ["k", "g"]}},
        ProtocolError,
        VERIFIER,
        "NewDeviceMetadata is not a JSON object",
    ),
    "new-device-key-not-a-string": Row(
        at_verifier,
        {"AuthenticationResult": {**RESULT, "NewDeviceMetadata": {"DeviceKey": 1}}},
        ProtocolError,
        VERIFIER,
        "DeviceKey is not a string",
    ),
    "new-device-metadata-incomplete": Row(
        at_verifier,
        {"AuthenticationResult": {**RESULT, "NewDeviceMetadata": {"DeviceKey": "k"}}},
        ProtocolError,
        VERIFIER,
        "lacks DeviceKey or DeviceGroupKey",
    ),
    # Fields of the wrong type that used to flow on unchecked.
    "challenge-name-a-number": Row(
        at_initiate, {"ChallengeName": 7}, ProtocolError, INITIATE, "ChallengeName is not a string"
    ),
    "session-a-number": Row(
        at_initiate, {**verifier(), "Session": 42}, ProtocolError, INITIATE, "Session is not"
    ),
    "available-challenges-a-string": Row(
        at_select,
        {"ChallengeName": "SELECT_CHALLENGE", "AvailableChallenges": "PASSWORD_SRP"},
        ProtocolError,
        "InitiateAuth(USER_AUTH)",
        "AvailableChallenges is not a list of strings",
    ),
    "access-token-a-number": Row(
        at_verifier,
        {"AuthenticationResult": {"AccessToken": 5}},
        ProtocolError,
        VERIFIER,
        "AccessToken is not a string",
    ),
    "id-token-a-list": Row(
        at_verifier,
        {"AuthenticationResult": {**RESULT, "IdToken": ["a"]}},
        ProtocolError,
        VERIFIER,
        "IdToken is not a string",
    ),
    "refresh-token-a-number": Row(
        at_verifier,
        {"AuthenticationResult": {**RESULT, "RefreshToken": 1}},
        ProtocolError,
        VERIFIER,
        "RefreshToken is not a string",
    ),
    "token-type-an-object": Row(
        at_verifier,
        {"AuthenticationResult": {**RESULT, "TokenType": {}}},
        ProtocolError,
        VERIFIER,
        "TokenType is not a string",
    ),
    "expires-in-a-string": Row(
        at_verifier,
        {"AuthenticationResult": {**RESULT, "ExpiresIn": "3600"}},
        ProtocolError,
        VERIFIER,
        "ExpiresIn is not an integer",
    ),
    "expires-in-a-boolean": Row(
        at_verifier,
        {"AuthenticationResult": {**RESULT, "ExpiresIn": True}},
        ProtocolError,
        VERIFIER,
        "ExpiresIn is not an integer",
    ),
    "expires-in-infinite": Row(
        at_verifier,
        {"AuthenticationResult": {**RESULT, "ExpiresIn": float("inf")}},
        ProtocolError,
        VERIFIER,
        "ExpiresIn is not an integer",
    ),
    "expires-in-beyond-any-datetime": Row(
        at_verifier,
        {"AuthenticationResult": {**RESULT, "ExpiresIn": 10**30}},
        ProtocolError,
        VERIFIER,
        "out of range",
    ),
    "expires-in-negative": Row(
        at_verifier,
        {"AuthenticationResult": {**RESULT, "ExpiresIn": -1}},
        ProtocolError,
        VERIFIER,
        "out of range",
    ),
    # JSON inside string parameters.
    "required-attributes-nested-deep": Row(
        at_verifier,
        challenge("NEW_PASSWORD_REQUIRED", requiredAttributes=DEEP_LIST),
        ProtocolError,
        VERIFIER,
        "nested too deeply",
    ),
    "user-attributes-nested-deep": Row(
        at_verifier,
        challenge("NEW_PASSWORD_REQUIRED", userAttributes=DEEP_OBJECT),
        ProtocolError,
        VERIFIER,
        "nested too deeply",
    ),
    "user-attributes-a-nested-value": Row(
        at_verifier,
        challenge("NEW_PASSWORD_REQUIRED", userAttributes='{"email": {"x": ["y"]}}'),
        ProtocolError,
        VERIFIER,
        "userAttributes values must be strings",
    ),
    "user-attributes-a-list": Row(
        at_verifier,
        challenge("NEW_PASSWORD_REQUIRED", userAttributes='["email"]'),
        ProtocolError,
        VERIFIER,
        "userAttributes is not a JSON object",
    ),
    "mfa-options-an-endless-integer": Row(
        at_verifier,
        challenge("MFA_SETUP", MFAS_CAN_SETUP="[" + "9" * 5000 + "]"),
        ProtocolError,
        VERIFIER,
        "MFAS_CAN_SETUP is not JSON",
    ),
    # SRP parameters the machine answers itself.
    "verifier-lacks-srp-b": Row(
        at_initiate,
        {"ChallengeName": "PASSWORD_VERIFIER", "ChallengeParameters": {"SALT": "00"}},
        ProtocolError,
        INITIATE,
        "lack SRP_B, SECRET_BLOCK, USER_ID_FOR_SRP",
    ),
    "verifier-salt-not-hex": Row(
        at_initiate, verifier(SALT="zz-not-hex"), ProtocolError, INITIATE, "malformed response"
    ),
    "verifier-b-zero": Row(
        at_initiate, verifier(SRP_B="00"), SecurityError, INITIATE, "B is 0 modulo N"
    ),
    "device-verifier-lacks-salt": Row(
        at_device,
        challenge("DEVICE_PASSWORD_VERIFIER", SRP_B="02", SECRET_BLOCK="AA=="),
        ProtocolError,
        DEVICE_AUTH,
        "lack SALT",
    ),
    # Strings sent to be quoted back: error messages stay short.
    "challenge-name-enormous": Row(
        at_initiate,
        {"ChallengeName": "WEB_AUTHN" * 10_000},
        ProtocolError,
        INITIATE,
        "cannot answer the challenge 'WEB_AUTHNWEB",
    ),
    "parameter-key-enormous": Row(
        at_initiate, verifier(**{"K" * 100_000: 1}), ProtocolError, INITIATE, "must be strings; KKK"
    ),
    "offered-challenges-enormous": Row(
        at_select,
        {"ChallengeName": "SELECT_CHALLENGE", "AvailableChallenges": ["EMAIL_OTP"] * 10_000},
        ProtocolError,
        "InitiateAuth(USER_AUTH)",
        "AvailableChallenges lists 10000 entries",
    ),
    "offered-challenges-repeated": Row(
        at_select,
        {"ChallengeName": "SELECT_CHALLENGE", "AvailableChallenges": ["SMS_OTP", "SMS_OTP"]},
        ProtocolError,
        "InitiateAuth(USER_AUTH)",
        "AvailableChallenges lists 2 entries, repeated",
    ),
    "offered-challenge-name-enormous": Row(
        at_select,
        {"ChallengeName": "SELECT_CHALLENGE", "AvailableChallenges": ["P" * 100_000]},
        ProtocolError,
        "InitiateAuth(USER_AUTH)",
        "empty or overlong name",
    ),
    "offered-nothing": Row(
        at_select,
        {"ChallengeName": "SELECT_CHALLENGE", "AvailableChallenges": []},
        ProtocolError,
        "InitiateAuth(USER_AUTH)",
        "offers no sign-in method",
    ),
    # The device and MFA-setup calls.
    "confirm-device-a-list": Row(at_confirm, [], ProtocolError, "ConfirmDevice", "JSON object"),
    "confirmation-flag-a-string": Row(
        at_confirm,
        {"UserConfirmationNecessary": "false"},
        ProtocolError,
        "ConfirmDevice",
        "UserConfirmationNecessary is not a boolean",
    ),
    "update-device-status-a-string": Row(
        at_update, "done", ProtocolError, "UpdateDeviceStatus", "JSON object"
    ),
    "secret-code-a-number": Row(
        at_associate,
        {"SecretCode": 123},
        ProtocolError,
        "AssociateSoftwareToken",
        "SecretCode is not a string",
    ),
    "associate-a-list": Row(
        at_associate, ["JBSWY3DP"], ProtocolError, "AssociateSoftwareToken", "JSON object"
    ),
    "verify-status-enormous": Row(
        at_verify,
        {"Status": "ERROR\n" * 10_000},
        ProtocolError,
        "VerifySoftwareToken",
        "answered status 'ERROR ERROR",
    ),
    "verify-status-a-list": Row(
        at_verify,
        {"Status": ["SUCCESS"]},
        ProtocolError,
        "VerifySoftwareToken",
        "Status is not a string",
    ),
}


@pytest.mark.parametrize("row", TABLE.values(), ids=TABLE.keys())
def test_hostile_response_is_a_typed_error_naming_the_step(row: Row) -> None:
    m = row.at()
    with pytest.raises(SRPError) as caught:
        m.receive(row.response)
    error = caught.value
    assert type(error) is row.error
    assert error.step == row.step
    assert row.message in str(error)
    assert str(error).endswith(f"(during {row.step})")
    assert len(str(error)) < 300 and "\n" not in str(error)  # service strings are clipped
    assert vars(m)["_password"] is None and vars(m)["_tokens"] is None  # the sign-in ended
    with pytest.raises(ProtocolError, match="no request"):
        m.receive({"AuthenticationResult": RESULT})


def test_well_formed_values_still_pass_through() -> None:
    """The checks refuse shapes, not content: an ordinary result and attributes still work."""
    m = at_verifier()
    attrs = json.dumps({"email": "a@example.com", "email_verified": "true"})
    step = m.receive(challenge("NEW_PASSWORD_REQUIRED", userAttributes=attrs))
    assert isinstance(step, Challenge)
    assert dict(step.user_attributes) == {"email": "a@example.com", "email_verified": "true"}
    step.answer("n3w-Passw0rd!")
    tokens = m.receive(
        {"AuthenticationResult": {**RESULT, "ExpiresIn": 3600, "TokenType": "Bearer"}}
    )
    assert not isinstance(tokens, (Request, Challenge))
    assert (tokens.expires_in, tokens.token_type, tokens.refresh_token) == (
        3600,
        "Bearer",
        "ref.re.sh",
    )
