"""The client's refresh of device-bound tokens, through boto3 and aiobotocore, against the endpoint.

A refresh token issued with a device is refused without that device's key and once the device
is forgotten (tests/local/test_refresh_grant.py says where AWS documents it). So the token
managers must send the key they hold on both refresh operations (DEVICE_KEY in AuthParameters
for REFRESH_TOKEN_AUTH, the top-level DeviceKey for GetTokensFromRefreshToken), and a forgotten
device, whoever forgot it, must end the session with SignInRequiredError rather than a plain
error the caller would retry.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

import jwt
import pytest

import srpcore
from srpcore.errors import SignInRequiredError
from srpcore.signin import Tokens

from .conftest import Env, FakeClock
from .test_lifecycle_local import aio_client, plain_app, signed_in
from .test_rotation import password_sign_in

INVALID = ("NotAuthorizedException", "Invalid Refresh Token.")
M = TypeVar("M", srpcore.TokenManager, srpcore.AsyncTokenManager)


def _sent_keys(env: Env) -> list[str | None]:
    """The device key each refresh request carries (None: none), as boto3 is about to send it."""
    sent: list[str | None] = []

    def initiate(params: dict[str, Any], **_: Any) -> None:
        if params.get("AuthFlow") == "REFRESH_TOKEN_AUTH":
            sent.append(params["AuthParameters"].get("DEVICE_KEY"))

    env.idp.meta.events.register("provide-client-params.cognito-idp.InitiateAuth", initiate)
    env.idp.meta.events.register(
        "provide-client-params.cognito-idp.GetTokensFromRefreshToken",
        lambda params, **_: sent.append(params.get("DeviceKey")),
    )
    return sent


def _with_device(new_env: Callable[..., Env], clock: FakeClock) -> tuple[Env, Tokens, str]:
    """A device-tracking pool and alice's tokens from a sign-in that confirmed a device."""
    env = new_env(device_tracking=True)
    tokens = signed_in(env, plain_app(env), clock)
    assert tokens.device is not None
    return env, tokens, tokens.device.device_key


def _manager(kind: type[M], client: Any, env: Env, tokens: Tokens, **options: Any) -> M:
    """A token manager of ``kind`` on the secret app client the tokens were issued to."""
    app = plain_app(env)
    secret = app.client_secret
    return kind(client, tokens, client_id=app.client_id, client_secret=secret, **options)


@pytest.mark.parametrize("rotation", [False, True], ids=["REFRESH_TOKEN_AUTH", "GetTokens"])
def test_the_manager_sends_its_device_key_on_either_refresh(
    new_env: Callable[..., Env], clock: FakeClock, rotation: bool
) -> None:
    env, tokens, key = _with_device(new_env, clock)
    sent = _sent_keys(env)
    manager = _manager(srpcore.TokenManager, env.idp, env, tokens, rotation=rotation, clock=clock)
    fresh = manager.refresh()
    assert sent == [key]
    assert fresh.device == tokens.device
    claims = jwt.decode(fresh.access_token, options={"verify_signature": False})
    assert claims["device_key"] == key  # the service took it as the token's own


@pytest.mark.parametrize("rotation", [False, True], ids=["REFRESH_TOKEN_AUTH", "GetTokens"])
@pytest.mark.parametrize("admin", [False, True], ids=["ForgetDevice", "AdminForgetDevice"])
def test_a_device_forgotten_behind_the_managers_back_ends_its_session(
    new_env: Callable[..., Env], clock: FakeClock, rotation: bool, admin: bool
) -> None:
    env, tokens, key = _with_device(new_env, clock)
    manager = _manager(srpcore.TokenManager, env.idp, env, tokens, rotation=rotation, clock=clock)
    if admin:
        srpcore.admin_forget_device(
            env.idp, user_pool_id=env.pool_id, username="alice", device_key=key
        )
    else:
        srpcore.forget_device(env.idp, access_token=tokens.access_token, device_key=key)
    sent = _sent_keys(env)
    with pytest.raises(SignInRequiredError) as ended:
        manager.refresh()
    assert (ended.value.code, ended.value.message) == INVALID
    assert sent == [key]  # it still held the key, and sent it
    assert not manager.signed_in
    with pytest.raises(SignInRequiredError):
        manager.access_token()
    assert len(sent) == 1  # the end is final: no second request


def test_tokens_whose_device_was_not_kept_cannot_be_refreshed(device_env: Env) -> None:
    app = device_env.app
    tokens = password_sign_in(device_env, app)  # NewDeviceMetadata, never confirmed
    for rotation in (False, True):
        with pytest.raises(SignInRequiredError) as refused:
            srpcore.refresh(
                device_env.idp,
                client_id=app.client_id,
                refresh_token=tokens["RefreshToken"],
                rotation=rotation,
            )
        assert (refused.value.code, refused.value.message) == INVALID


def test_the_async_manager_sends_its_device_key_on_refresh_token_auth(
    new_env: Callable[..., Env], clock: FakeClock
) -> None:
    env, tokens, key = _with_device(new_env, clock)
    sent: list[dict[str, Any]] = []

    async def body() -> Tokens:
        async with aio_client(env) as client:
            client.meta.events.register(
                "provide-client-params.cognito-idp.InitiateAuth",
                lambda params, **_: sent.append(dict(params["AuthParameters"])),
            )
            manager = _manager(
                srpcore.AsyncTokenManager, client, env, tokens, rotation=False, clock=clock
            )
            return await manager.refresh()

    fresh = asyncio.run(body())
    assert [params.get("DEVICE_KEY") for params in sent] == [key]
    assert fresh.device == tokens.device
