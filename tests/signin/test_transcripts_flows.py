"""The AuthFlows besides SRP, and the refresh, as transcripts: exact request, reply, result.

InitiateAuth's AuthParameters documentation: USER_PASSWORD_AUTH takes USERNAME and PASSWORD;
CUSTOM_AUTH takes USERNAME (SRP_A and CHALLENGE_NAME only to start with SRP);
REFRESH_TOKEN_AUTH / REFRESH_TOKEN take REFRESH_TOKEN (SECRET_HASH over the internal username,
DEVICE_KEY when remembered). ADMIN_USER_PASSWORD_AUTH is the AdminInitiateAuth twin of
USER_PASSWORD_AUTH (the wire-protocol reference, section 1.3). GetTokensFromRefreshToken takes
the raw ClientSecret and DeviceKey (its model's members), no SECRET_HASH.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from signin import transcripts as tr
from srpcore.cognito.device import DeviceSecret
from srpcore.signin import refresh_request, refresh_tokens

NAME = tr.USER["username"]
SIGNED_IN = {"AuthenticationResult": tr.RESULT}


@pytest.mark.parametrize("admin", [False, True], ids=["USER_PASSWORD_AUTH", "ADMIN"])
def test_the_password_flows_send_the_password(admin: bool) -> None:
    flow = "ADMIN_USER_PASSWORD_AUTH" if admin else "USER_PASSWORD_AUTH"
    auth = {"USERNAME": NAME, "PASSWORD": tr.USER["password"], "SECRET_HASH": tr.secret_hash(NAME)}
    pool = {"UserPoolId": tr.USER["pool_id"]} if admin else {}
    operation = "AdminInitiateAuth" if admin else "InitiateAuth"
    turns = [tr.Turn(operation, tr.initiate(flow, auth, **pool), SIGNED_IN)]
    m = tr.machine(flow=flow, admin=admin, client_secret=tr.CLIENT_SECRET)
    tr.signed_in(tr.play(m, turns))


def test_a_password_flow_then_new_password_required() -> None:
    auth = {"USERNAME": NAME, "PASSWORD": tr.USER["password"]}
    reply = {
        "ChallengeName": "NEW_PASSWORD_REQUIRED",
        "Session": tr.SESSION,
        "ChallengeParameters": {"requiredAttributes": "[]", "userAttributes": "{}"},
    }
    turns = [
        tr.Turn(
            "InitiateAuth",
            tr.initiate("USER_PASSWORD_AUTH", auth),
            reply,
            shown={"name": "NEW_PASSWORD_REQUIRED", "required_attributes": ()},
            answer="N3w-passw0rd!",
        ),
        tr.Turn(
            "RespondToAuthChallenge",
            tr.answered("NEW_PASSWORD_REQUIRED", tr.SESSION, NEW_PASSWORD="N3w-passw0rd!"),
            SIGNED_IN,
        ),
    ]
    tr.signed_in(tr.play(tr.machine(flow="USER_PASSWORD_AUTH"), turns))


def test_custom_auth_without_a_password_runs_custom_rounds_only() -> None:
    reply = {
        "ChallengeName": "CUSTOM_CHALLENGE",
        "Session": tr.SESSION,
        "ChallengeParameters": {"USERNAME": NAME, "question": "6 x 7"},
    }
    turns = [
        tr.Turn(
            "InitiateAuth",
            tr.initiate("CUSTOM_AUTH", {"USERNAME": NAME}),
            reply,
            shown={"parameters": reply["ChallengeParameters"]},
            answer="42",
        ),
        tr.Turn(
            "RespondToAuthChallenge",
            tr.answered("CUSTOM_CHALLENGE", tr.SESSION, ANSWER="42"),
            SIGNED_IN,
        ),
    ]
    tr.signed_in(tr.play(tr.machine(flow="CUSTOM_AUTH", password=None), turns))


# ---------------------------------------------------------------------------- refresh

DEVICE = DeviceSecret("us-east-1_0a1b2c3d-aaaa-bbbb-cccc-ddddeeeeffff", "grp", "pw", {})
INTERNAL = "7d3f0c52-5b1e-4a8e-9f0e-2c1d9a6b4e11"
OLD = "refresh.token.value"
NEW = {"AccessToken": "new.access.token", "ExpiresIn": 3600, "TokenType": "Bearer"}
ROTATION_SECRET = "1exampleclientsecret0for0default0tests0abcdef"  # model: 24 to 64 chars


@dataclass(frozen=True)
class Refresh:
    """One refresh: the options, the exact request, the reply, the tokens that result."""

    options: dict[str, Any]
    operation: str
    params: dict[str, Any]
    reply: dict[str, Any]
    refresh_token: str = OLD
    username: str | None = None
    device: DeviceSecret | None = None


def auth(flow: str = "REFRESH_TOKEN_AUTH", **extra: Any) -> dict[str, Any]:
    """REFRESH_TOKEN_AUTH's InitiateAuth parameters."""
    return tr.initiate(flow, {"REFRESH_TOKEN": OLD}, **extra)


def hashed(username: str, **extra: str) -> dict[str, str]:
    return {"REFRESH_TOKEN": OLD, "SECRET_HASH": tr.secret_hash(username), **extra}


REFRESHES = {
    "secret-hash-and-device-key": Refresh(
        {"client_secret": tr.CLIENT_SECRET, "username": NAME, "device": DEVICE, "rotation": False},
        "InitiateAuth",
        tr.initiate("REFRESH_TOKEN_AUTH", hashed(NAME, DEVICE_KEY=DEVICE.device_key)),
        {"AuthenticationResult": NEW},
        username=NAME,
        device=DEVICE,
    ),
    "admin-internal-username-metadata": Refresh(
        {
            "client_secret": tr.CLIENT_SECRET,
            "username": INTERNAL,
            "admin": True,
            "pool_id": tr.USER["pool_id"],
            "client_metadata": {"k": "v"},
            "rotation": False,
        },
        "AdminInitiateAuth",
        tr.initiate(
            "REFRESH_TOKEN_AUTH",
            hashed(INTERNAL),
            UserPoolId=tr.USER["pool_id"],
            ClientMetadata={"k": "v"},
        ),
        {"AuthenticationResult": {**NEW, "RefreshToken": "rotated.refresh.token"}},
        refresh_token="rotated.refresh.token",
        username=INTERNAL,
    ),
    "no-secret-no-username": Refresh(
        {"rotation": False}, "InitiateAuth", auth(), {"AuthenticationResult": NEW}
    ),
    "the-synonym-flow": Refresh(
        {"flow": "REFRESH_TOKEN", "rotation": False},
        "InitiateAuth",
        auth("REFRESH_TOKEN"),
        {"AuthenticationResult": NEW},
    ),
    "default-rotation": Refresh(
        {"client_secret": ROTATION_SECRET, "username": NAME, "device": DEVICE},
        "GetTokensFromRefreshToken",
        {
            "RefreshToken": OLD,
            "ClientId": tr.CLIENT_ID,
            "ClientSecret": ROTATION_SECRET,
            "DeviceKey": DEVICE.device_key,
        },
        {"AuthenticationResult": NEW},
        username=NAME,
        device=DEVICE,
    ),
}


@pytest.mark.parametrize("case", REFRESHES.values(), ids=REFRESHES.keys())
def test_refresh(case: Refresh) -> None:
    request = refresh_request(client_id=tr.CLIENT_ID, refresh_token=OLD, **case.options)
    assert (request.operation, request.kwargs()) == (case.operation, case.params)
    tokens = refresh_tokens(
        case.reply,
        refresh_token=OLD,
        username=case.options.get("username"),
        device=case.options.get("device"),
        step=request.step,
    )
    assert tokens.access_token == "new.access.token"
    assert (tokens.refresh_token, tokens.username, tokens.device) == (
        case.refresh_token,
        case.username,
        case.device,
    )
