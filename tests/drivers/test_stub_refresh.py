"""The sync driver's refresh over botocore's Stubber: REFRESH_TOKEN_AUTH (``rotation=False``)
and the default GetTokensFromRefreshToken reach the client, bad arguments never do, and a
refusal names its step. Every request's exact shape is a transcript in tests/signin."""

from __future__ import annotations

import pytest

from drivers.stubkit import (
    ALICE_SECRET_HASH,
    CLIENT_ID,
    CLIENT_SECRET,
    POOL_ID,
    Stubbed,
)
from srpcore.cognito.device import DeviceSecret
from srpcore.drivers.sync import refresh, sign_in
from srpcore.errors import InvalidParameterError, ServiceError

DEVICE = DeviceSecret("us-east-1_0a1b2c3d-aaaa-bbbb-cccc-ddddeeeeffff", "grp", "pw", {})
ROTATION_SECRET = "1exampleclientsecret0for0default0tests0abcdef"  # model: 24 to 64 chars
NEW = {
    "AccessToken": "new.access.token",
    "ExpiresIn": 3600,
    "TokenType": "Bearer",
    "IdToken": "i.d.t",
}


def test_refresh_with_secret_hash_and_device_key(stubbed: Stubbed) -> None:
    stubbed.stub.add_response(
        "initiate_auth",
        {"AuthenticationResult": NEW},
        {
            "ClientId": CLIENT_ID,
            "AuthFlow": "REFRESH_TOKEN_AUTH",
            "AuthParameters": {
                "REFRESH_TOKEN": "refresh.token.value",
                "SECRET_HASH": ALICE_SECRET_HASH,
                "DEVICE_KEY": DEVICE.device_key,
            },
        },
    )
    tokens = refresh(
        stubbed.client,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        refresh_token="refresh.token.value",
        username="alice",
        device=DEVICE,
        rotation=False,
    )
    assert tokens.access_token == "new.access.token"
    assert tokens.refresh_token == "refresh.token.value"  # Cognito sends none back; keep ours
    assert tokens.device == DEVICE


def test_refresh_with_secret_but_no_username_is_refused_before_any_call(stubbed: Stubbed) -> None:
    with pytest.raises(InvalidParameterError, match="internal username"):
        refresh(
            stubbed.client, client_id=CLIENT_ID, client_secret=CLIENT_SECRET, refresh_token="r.t"
        )


def test_refresh_error_names_the_step(stubbed: Stubbed) -> None:
    stubbed.stub.add_client_error(
        "initiate_auth",
        service_error_code="NotAuthorizedException",
        service_message="Invalid Refresh Token.",
        http_status_code=400,
    )
    with pytest.raises(ServiceError) as caught:
        refresh(stubbed.client, client_id=CLIENT_ID, refresh_token="r.t", rotation=False)
    assert (caught.value.code, caught.value.message, caught.value.step) == (
        "NotAuthorizedException",
        "Invalid Refresh Token.",
        "InitiateAuth(REFRESH_TOKEN_AUTH)",
    )


def test_the_default_is_get_tokens_from_refresh_token(stubbed: Stubbed) -> None:
    """rotation="auto" by default: GetTokensFromRefreshToken with the raw ClientSecret and
    DeviceKey (its model's members), no SECRET_HASH; it works on every app client."""
    stubbed.stub.add_response(
        "get_tokens_from_refresh_token",
        {"AuthenticationResult": NEW},
        {
            "RefreshToken": "refresh.token.value",
            "ClientId": CLIENT_ID,
            "ClientSecret": ROTATION_SECRET,
            "DeviceKey": DEVICE.device_key,
        },
    )
    tokens = refresh(
        stubbed.client,
        client_id=CLIENT_ID,
        client_secret=ROTATION_SECRET,
        refresh_token="refresh.token.value",
        username="alice",
        device=DEVICE,
    )
    assert tokens.access_token == "new.access.token"
    assert tokens.refresh_token == "refresh.token.value"  # no rotation: keep ours


@pytest.mark.parametrize("flow", ["REFRESH_TOKEN_AUTH", "REFRESH_TOKEN"])
def test_sign_in_points_a_refresh_flow_to_refresh(stubbed: Stubbed, flow: str) -> None:
    with pytest.raises(InvalidParameterError, match=r"not a sign-in: call srpcore\.refresh"):
        sign_in(stubbed.client, pool_id=POOL_ID, client_id=CLIENT_ID, username="alice", flow=flow)
    with pytest.raises(InvalidParameterError, match=r"sign in with srpcore\.sign_in"):
        refresh(stubbed.client, client_id=CLIENT_ID, refresh_token="r", flow="USER_SRP_AUTH")
    assert stubbed.calls.calls == []  # refused before any call
