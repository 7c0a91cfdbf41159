"""REFRESH_TOKEN_AUTH (``rotation=False``; the default is ``"auto"``): SECRET_HASH over the
internal username, DEVICE_KEY when remembered."""

from __future__ import annotations

import pytest

from drivers.stubkit import (
    ALICE_SECRET_HASH,
    CLIENT_ID,
    CLIENT_SECRET,
    POOL_ID,
    Stubbed,
    hmac_secret_hash,
)
from srpcore.cognito.device import DeviceSecret
from srpcore.drivers.sync import refresh
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


def test_admin_refresh_with_internal_username(stubbed: Stubbed) -> None:
    internal = "7d3f0c52-5b1e-4a8e-9f0e-2c1d9a6b4e11"
    stubbed.stub.add_response(
        "admin_initiate_auth",
        {"AuthenticationResult": {**NEW, "RefreshToken": "rotated.refresh.token"}},
        {
            "UserPoolId": POOL_ID,
            "ClientId": CLIENT_ID,
            "AuthFlow": "REFRESH_TOKEN_AUTH",
            "AuthParameters": {
                "REFRESH_TOKEN": "refresh.token.value",
                "SECRET_HASH": hmac_secret_hash(internal),
            },
            "ClientMetadata": {"k": "v"},
        },
    )
    tokens = refresh(
        stubbed.client,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        refresh_token="refresh.token.value",
        username=internal,
        admin=True,
        pool_id=POOL_ID,
        client_metadata={"k": "v"},
        rotation=False,
    )
    assert tokens.refresh_token == "rotated.refresh.token"


def test_refresh_without_secret_needs_no_username(stubbed: Stubbed) -> None:
    stubbed.stub.add_response(
        "initiate_auth",
        {"AuthenticationResult": NEW},
        {
            "ClientId": CLIENT_ID,
            "AuthFlow": "REFRESH_TOKEN_AUTH",
            "AuthParameters": {"REFRESH_TOKEN": "refresh.token.value"},
        },
    )
    tokens = refresh(
        stubbed.client, client_id=CLIENT_ID, refresh_token="refresh.token.value", rotation=False
    )
    assert (tokens.access_token, tokens.username, tokens.device) == ("new.access.token", None, None)


def test_refresh_with_secret_but_no_username_is_refused_before_any_call(stubbed: Stubbed) -> None:
    with pytest.raises(InvalidParameterError, match="internal username"):
        refresh(
            stubbed.client, client_id=CLIENT_ID, client_secret=CLIENT_SECRET, refresh_token="r.t"
        )


def test_refresh_error_names_the_step(stubbed: Stubbed) -> None:
    stubbed.stub.add_client_error(
        "initiate_auth",
        service_error_code="NotAuthorizedException",
        service_message="Invalid Refresh Token",
        http_status_code=400,
    )
    with pytest.raises(ServiceError) as caught:
        refresh(stubbed.client, client_id=CLIENT_ID, refresh_token="r.t", rotation=False)
    assert (caught.value.code, caught.value.message, caught.value.step) == (
        "NotAuthorizedException",
        "Invalid Refresh Token",
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
