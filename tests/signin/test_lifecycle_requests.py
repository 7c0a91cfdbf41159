"""The sans-IO refresh and sign-out requests: exact parameters, botocore's method names, and
which refusals end a session. Parameter names are botocore's model's; messages Cognito's."""

from __future__ import annotations

from typing import Any

import pytest
from botocore import xform_name

from srpcore.cognito.device import DeviceSecret
from srpcore.errors import InvalidParameterError
from srpcore.signin.options import RefreshOptions
from srpcore.signin.refresh import (
    build_refresh,
    build_rotating_refresh,
    refresh_request,
    session_over,
)
from srpcore.signin.signout import (
    build_admin_global_sign_out,
    build_global_sign_out,
    build_revoke,
)
from srpcore.signin.types import Request

DEVICE = DeviceSecret("eu-west-1_0a1b2c3d-aaaa-bbbb", "grp", "pw", {})
SECRET = "1exampleclientsecret0for0sans0io0tests0abcdefghijk"


def test_the_rotating_refresh_carries_the_raw_secret_and_device_key() -> None:
    options = RefreshOptions(
        client_id="client1",
        client_secret=SECRET,
        refresh_token="r.t.v",
        device=DEVICE,
        client_metadata={"k": "v"},
        admin=True,
        pool_id="eu-west-1_Pool1",
        rotation=True,
    )
    request = build_rotating_refresh(options)
    assert (request.operation, request.step) == ("GetTokensFromRefreshToken",) * 2
    assert request.kwargs() == {
        "RefreshToken": "r.t.v",
        "ClientId": "client1",
        "ClientSecret": SECRET,
        "DeviceKey": DEVICE.device_key,
        "ClientMetadata": {"k": "v"},
    }
    for hidden in ("r.t.v", SECRET):
        assert hidden not in repr(request) and hidden not in repr(options)


def test_rotation_false_keeps_refresh_token_auth() -> None:
    request = build_refresh(RefreshOptions(client_id="c", refresh_token="r.t.v"))
    assert request.operation == "InitiateAuth"
    assert request.kwargs()["AuthParameters"] == {"REFRESH_TOKEN": "r.t.v"}


def test_sign_out_requests() -> None:
    assert build_revoke(refresh_token="r", client_id="c", client_secret=SECRET).kwargs() == {
        "Token": "r",
        "ClientId": "c",
        "ClientSecret": SECRET,
    }
    public = build_revoke(refresh_token="r", client_id="c")
    assert public.kwargs() == {"Token": "r", "ClientId": "c"}
    assert build_global_sign_out(access_token="a").kwargs() == {"AccessToken": "a"}
    admin = build_admin_global_sign_out(user_pool_id="eu-west-1_Pool1", username="bob")
    assert admin.kwargs() == {"UserPoolId": "eu-west-1_Pool1", "Username": "bob"}
    with pytest.raises(InvalidParameterError, match="client_secret"):
        build_revoke(refresh_token="r", client_id="c", client_secret="")


@pytest.mark.parametrize(
    "operation",
    ["GetTokensFromRefreshToken", "RevokeToken", "GlobalSignOut", "AdminUserGlobalSignOut"],
)
def test_method_names_agree_with_botocore(operation: str) -> None:
    assert Request(operation, {}, operation).method == xform_name(operation)


@pytest.mark.parametrize(
    ("code", "message", "over"),
    [
        ("RefreshTokenReuseException", "", True),
        ("NotAuthorizedException", "Invalid Refresh Token", True),
        ("NotAuthorizedException", "Invalid Refresh Token.", True),
        ("NotAuthorizedException", "Refresh Token has expired", True),
        ("NotAuthorizedException", "Refresh Token has been revoked", True),
        ("NotAuthorizedException", "User is disabled.", False),
        ("NotAuthorizedException", "Incorrect username or password.", False),
        ("InvalidParameterException", "Invalid refresh token format", False),
        ("TooManyRequestsException", "Rate exceeded", False),
    ],
)
def test_which_refusals_end_the_session(code: str, message: str, over: bool) -> None:
    assert session_over(code, message) is over


def test_the_sans_io_refresh_request_follows_rotation() -> None:
    def operation(**options: Any) -> str:
        return refresh_request(client_id="c", refresh_token="r.t.v", **options).operation

    assert operation() == "GetTokensFromRefreshToken"  # the default is "auto"
    assert operation(rotation=False) == "InitiateAuth"
    assert operation(rotation=True) == "GetTokensFromRefreshToken"
    assert operation(rotation="auto") == "GetTokensFromRefreshToken"
    assert operation(rotation="auto", analytics_metadata={"a": "b"}) == "InitiateAuth"
