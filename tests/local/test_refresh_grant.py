"""The two refresh operations accept and refuse the same refresh tokens.

REFRESH_TOKEN_AUTH (InitiateAuth) and GetTokensFromRefreshToken differ only in how the client
proves itself (SECRET_HASH / raw ClientSecret) and in how a rotated-away token is refused
(InitiateAuth's model has no RefreshTokenReuseException). Expected behaviour, from AWS: with
device tracking, a refresh token is bound to the device it was issued with. Without that
device's key, and while the device is not confirmed, the answer is NotAuthorizedException
"Invalid Refresh Token." (knowledge center "Invalid Refresh Token" error; the full stop is as
raw responses show it: aws-sdk-ios#2354, aws-sdk-cpp#1789); GetTokensFromRefreshToken's
DeviceKey: "You must provide the confirmed device key" (service model). ForgetDevice
invalidates the refresh token of the device it forgets (amazon-cognito-identity-js#200), with
the same answer. A key the user has no device for is "Device does not exist." (as at sign-in;
unconfirmed for refresh).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jwt
import pytest

from srpcore.local.flow import _new_device

from .conftest import Env, FakeClock
from .test_rotation import password_sign_in, rotating_client

OPERATIONS = ("REFRESH_TOKEN_AUTH", "GetTokensFromRefreshToken")
INVALID = "Invalid Refresh Token."


def _refresh(env: Env, operation: str, token: str, device_key: str | None = None) -> Any:
    """New tokens by ``operation`` on the public client; the AuthenticationResult."""
    if operation == "GetTokensFromRefreshToken":
        extra = {} if device_key is None else {"DeviceKey": device_key}
        return env.idp.get_tokens_from_refresh_token(
            RefreshToken=token, ClientId=env.app.client_id, **extra
        )["AuthenticationResult"]
    params = {"REFRESH_TOKEN": token}
    if device_key is not None:
        params["DEVICE_KEY"] = device_key
    return env.idp.initiate_auth(
        AuthFlow="REFRESH_TOKEN_AUTH", ClientId=env.app.client_id, AuthParameters=params
    )["AuthenticationResult"]


def _refused(env: Env, operation: str, token: str, device_key: str | None = None) -> Any:
    with pytest.raises(env.idp.exceptions.NotAuthorizedException) as refused:
        _refresh(env, operation, token, device_key)
    return refused.value.response["Error"]["Message"]


def _admin_forget(env: Env, tokens: dict[str, Any], key: str) -> None:
    env.idp.admin_forget_device(UserPoolId=env.pool_id, Username="alice", DeviceKey=key)


def _forget(env: Env, tokens: dict[str, Any], key: str) -> None:
    env.idp.forget_device(AccessToken=tokens["AccessToken"], DeviceKey=key)


@pytest.mark.parametrize("operation", OPERATIONS)
def test_a_remembered_devices_token_needs_its_key(device_env: Env, operation: str) -> None:
    tokens = password_sign_in(device_env, device_env.app)
    device_env.confirm_device(tokens)
    key = tokens["NewDeviceMetadata"]["DeviceKey"]
    assert _refused(device_env, operation, tokens["RefreshToken"]) == INVALID
    renewed = _refresh(device_env, operation, tokens["RefreshToken"], key)
    claims = jwt.decode(renewed["AccessToken"], options={"verify_signature": False})
    assert claims["device_key"] == key


@pytest.mark.parametrize("operation", OPERATIONS)
def test_another_device_of_the_user_is_refused(device_env: Env, operation: str) -> None:
    first = password_sign_in(device_env, device_env.app)
    second = password_sign_in(device_env, device_env.app)
    device_env.confirm_device(first)
    device_env.confirm_device(second)
    other = second["NewDeviceMetadata"]["DeviceKey"]
    assert other != first["NewDeviceMetadata"]["DeviceKey"]
    assert _refused(device_env, operation, first["RefreshToken"], other) == INVALID
    _forget(device_env, second, other)  # forgetting another device leaves this token alone
    key = first["NewDeviceMetadata"]["DeviceKey"]
    assert _refresh(device_env, operation, first["RefreshToken"], key)["AccessToken"]


@pytest.mark.parametrize("operation", OPERATIONS)
def test_a_device_key_for_a_token_of_no_device_is_refused(env: Env, operation: str) -> None:
    tokens = password_sign_in(env, env.app)  # no device tracking: the token has no device
    context = env.cognito.service.context
    pool, user = context.pool(env.pool_id), context.user(context.pool(env.pool_id), "alice")
    device = _new_device(context.repo, pool, user, context.now())  # a device the user does have
    assert _refused(env, operation, tokens["RefreshToken"], device.key) == INVALID
    assert _refresh(env, operation, tokens["RefreshToken"])["AccessToken"]


@pytest.mark.parametrize("operation", OPERATIONS)
def test_a_token_rotated_away_stays_spent_once_rotation_is_off(
    env: Env, clock: FakeClock, operation: str
) -> None:
    app = rotating_client(env, 5)
    first = password_sign_in(env, app)["RefreshToken"]
    env.idp.get_tokens_from_refresh_token(RefreshToken=first, ClientId=app.client_id)
    # An update that does not name RefreshTokenRotation turns it off (and its grace to 0).
    env.idp.update_user_pool_client(
        UserPoolId=env.pool_id,
        ClientId=app.client_id,
        ExplicitAuthFlows=["ALLOW_REFRESH_TOKEN_AUTH"],
    )
    clock.advance(1)
    env.app = app
    if operation == "GetTokensFromRefreshToken":
        with pytest.raises(env.idp.exceptions.RefreshTokenReuseException):
            _refresh(env, operation, first)
    else:  # InitiateAuth has no RefreshTokenReuseException in its model
        assert _refused(env, operation, first) == INVALID


def test_refresh_token_auth_checks_the_secret_hash_before_telling_the_tokens_state(
    env: Env,
) -> None:
    tokens = password_sign_in(env, env.secret_app)
    client = env.secret_app
    env.idp.revoke_token(
        Token=tokens["RefreshToken"], ClientId=client.client_id, ClientSecret=client.client_secret
    )
    with pytest.raises(env.idp.exceptions.NotAuthorizedException) as refused:
        env.idp.initiate_auth(
            AuthFlow="REFRESH_TOKEN_AUTH",
            ClientId=client.client_id,
            AuthParameters={"REFRESH_TOKEN": tokens["RefreshToken"], "SECRET_HASH": "d3Jvbmc="},
        )
    message = refused.value.response["Error"]["Message"]
    assert message.startswith("Unable to verify secret hash for client")


@pytest.mark.parametrize("forget", [_forget, _admin_forget], ids=["ForgetDevice", "Admin"])
@pytest.mark.parametrize("operation", OPERATIONS)
def test_forgetting_the_device_refuses_its_refresh_token(
    device_env: Env, operation: str, forget: Any
) -> None:
    tokens = password_sign_in(device_env, device_env.app)
    device_env.confirm_device(tokens)
    key = tokens["NewDeviceMetadata"]["DeviceKey"]
    assert _refresh(device_env, operation, tokens["RefreshToken"], key)["AccessToken"]
    forget(device_env, tokens, key)
    assert _refused(device_env, operation, tokens["RefreshToken"], key) == INVALID
    assert _refused(device_env, operation, tokens["RefreshToken"]) == INVALID


@pytest.mark.parametrize("operation", OPERATIONS)
def test_an_unconfirmed_devices_token_is_refused_until_confirmed(
    device_env: Env, operation: str
) -> None:
    tokens = password_sign_in(device_env, device_env.app)  # NewDeviceMetadata, not confirmed
    key = tokens["NewDeviceMetadata"]["DeviceKey"]
    assert _refused(device_env, operation, tokens["RefreshToken"], key) == INVALID
    assert _refused(device_env, operation, tokens["RefreshToken"]) == INVALID
    device_env.confirm_device(tokens)  # the knowledge center's remedy
    assert _refresh(device_env, operation, tokens["RefreshToken"], key)["AccessToken"]


@pytest.mark.parametrize("operation", OPERATIONS)
def test_a_device_not_remembered_still_needs_its_key(
    new_env: Callable[..., Env], operation: str
) -> None:
    env = new_env(device_tracking="opt-in")
    tokens = password_sign_in(env, env.app)
    _, answer = env.confirm_device(tokens)
    assert answer["UserConfirmationNecessary"] is True  # confirmed, but not remembered
    key = tokens["NewDeviceMetadata"]["DeviceKey"]
    assert _refused(env, operation, tokens["RefreshToken"]) == INVALID
    assert _refresh(env, operation, tokens["RefreshToken"], key)["AccessToken"]
