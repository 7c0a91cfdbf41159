"""Life after sign-in, end to end: srpcore's client half against srpcore's endpoint half.

The client's rotation-aware refresh, revocation, sign-out, token managers, device forgetting and
``srpcore logout`` run against the local endpoint's GetTokensFromRefreshToken, RevokeToken,
GlobalSignOut, AdminUserGlobalSignOut, ForgetDevice and cognito-identity (fixtures of
``tests/local/conftest.py``: ``cognito``, ``idp``, ``clock``, ``new_env``).

Everything goes over HTTP through boto3 / aiobotocore, with the request shapes of botocore's
model; app clients with rotation are made with CreateUserPoolClient{RefreshTokenRotation}. The
expected behaviour is AWS's documented one (developer guide "Refresh tokens", API reference of
GetTokensFromRefreshToken, RevokeToken, GlobalSignOut): a rotating client refuses
REFRESH_TOKEN_AUTH, issues a new refresh token and honours the old one for
RetryGracePeriodSeconds, then RefreshTokenReuseException; a revoked or signed-out refresh token
stops refreshing, and its access tokens are refused by GetUser; with ServerSideTokenCheck an
identity pool refuses the id tokens of a signed-out user (cognito-identity API reference,
CognitoIdentityProvider.ServerSideTokenCheck).
"""

from __future__ import annotations

import asyncio
import io
import json
import sys
import threading
from collections.abc import AsyncIterator, Callable
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from aiobotocore.session import get_session
from botocore.exceptions import ClientError, EndpointConnectionError

import srpcore
from srpcore.cli.main import main
from srpcore.drivers.rotation import KNOWN_UNSUPPORTED
from srpcore.errors import ServiceError, SignInRequiredError, TransportError
from srpcore.local import LocalCognito
from srpcore.signin import Tokens

from .conftest import PASSWORD, Env, FakeClock, make_env

SRP_FLOWS = ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]


@dataclass
class App:
    client_id: str
    client_secret: str | None


def rotating_app(env: Env, *, grace: int = 0, secret: bool = False) -> App:
    """An app client with refresh-token rotation on, made through CreateUserPoolClient."""
    created = env.idp.create_user_pool_client(
        UserPoolId=env.pool_id,
        ClientName="rotating",
        GenerateSecret=secret,
        ExplicitAuthFlows=SRP_FLOWS,
        RefreshTokenRotation={"Feature": "ENABLED", "RetryGracePeriodSeconds": grace},
    )["UserPoolClient"]
    described = env.idp.describe_user_pool_client(
        UserPoolId=env.pool_id, ClientId=created["ClientId"]
    )["UserPoolClient"]
    assert described["RefreshTokenRotation"] == {
        "Feature": "ENABLED",
        "RetryGracePeriodSeconds": grace,
    }
    return App(created["ClientId"], created.get("ClientSecret"))


def plain_app(env: Env) -> App:
    return App(env.secret_app.client_id, env.secret_app.client_secret)


def signed_in(env: Env, app: App, clock: FakeClock, username: str = "alice") -> Tokens:
    result = srpcore.sign_in(
        env.idp,
        pool_id=env.pool_id,
        client_id=app.client_id,
        client_secret=app.client_secret,
        username=username,
        password=PASSWORD,
        clock=clock,
    )
    assert isinstance(result, Tokens) and result.refresh_token
    return result


def rotate(env: Env, app: App, tokens: Tokens, **options: Any) -> Tokens:
    assert tokens.refresh_token is not None
    return srpcore.refresh(
        env.idp,
        client_id=app.client_id,
        client_secret=app.client_secret,
        refresh_token=tokens.refresh_token,
        username=tokens.username,
        device=tokens.device,
        **{"rotation": True, **options},
    )


def get_user_error(env: Env, access_token: str) -> tuple[str, str] | None:
    try:
        env.idp.get_user(AccessToken=access_token)
    except ClientError as exc:
        return exc.response["Error"]["Code"], exc.response["Error"]["Message"]
    return None


class Calls:
    """The operations a boto3 client made, from its own events."""

    def __init__(self, client: Any) -> None:
        self.names: list[str] = []
        self._lock = threading.Lock()
        client.meta.events.register("provide-client-params", self._seen)

    def _seen(self, model: Any, **_: Any) -> None:
        with self._lock:
            self.names.append(model.name)


# --- refresh ----------------------------------------------------------------------------------


def test_a_rotating_client_issues_a_new_refresh_token_and_retires_the_old(
    new_env: Callable[..., Env], clock: FakeClock
) -> None:
    env = new_env()
    app = rotating_app(env, secret=True)
    first = signed_in(env, app, clock)
    second = rotate(env, app, first)
    assert second.refresh_token not in (None, first.refresh_token)
    assert second.access_token != first.access_token
    assert env.idp.get_user(AccessToken=second.access_token)["Username"] == "alice"
    third = rotate(env, app, second)  # the new one works, and rotates again
    assert third.refresh_token not in (first.refresh_token, second.refresh_token)
    with pytest.raises(SignInRequiredError) as caught:
        rotate(env, app, first)  # grace period 0: spent at once
    assert caught.value.code == "RefreshTokenReuseException"
    assert caught.value.step == "GetTokensFromRefreshToken"


def test_a_rotating_client_refuses_refresh_token_auth(
    new_env: Callable[..., Env], clock: FakeClock
) -> None:
    env = new_env()
    app = rotating_app(env)
    first = signed_in(env, app, clock)
    with pytest.raises(ServiceError) as caught:
        rotate(env, app, first, rotation=False)
    assert caught.value.step == "InitiateAuth(REFRESH_TOKEN_AUTH)"
    assert not isinstance(caught.value, SignInRequiredError)  # the token itself is fine
    assert rotate(env, app, first).access_token  # and still refreshes the right way


def test_the_grace_period_then_reuse(new_env: Callable[..., Env], clock: FakeClock) -> None:
    env = new_env()
    app = rotating_app(env, grace=30)
    first = signed_in(env, app, clock)
    rotate(env, app, first)
    clock.advance(10)
    assert rotate(env, app, first).access_token  # a retry within the grace period
    clock.advance(25)
    with pytest.raises(SignInRequiredError, match="RefreshTokenReuseException"):
        rotate(env, app, first)


def test_rotation_on_a_client_without_it_keeps_the_refresh_token(
    new_env: Callable[..., Env], clock: FakeClock
) -> None:
    env = new_env()
    app = plain_app(env)
    first = signed_in(env, app, clock)
    calls = Calls(env.idp)
    KNOWN_UNSUPPORTED.clear()
    again = rotate(env, app, first)
    auto = rotate(env, app, first, rotation="auto")
    classic = rotate(env, app, first, rotation=False)
    assert again.refresh_token == auto.refresh_token == classic.refresh_token == first.refresh_token
    assert calls.names == ["GetTokensFromRefreshToken", "GetTokensFromRefreshToken", "InitiateAuth"]
    assert len(KNOWN_UNSUPPORTED) == 0  # "auto" found the operation: nothing to remember


def test_the_client_secret_is_checked(new_env: Callable[..., Env], clock: FakeClock) -> None:
    env = new_env()
    app = rotating_app(env, secret=True)
    first = signed_in(env, app, clock)
    assert first.refresh_token is not None
    with pytest.raises(ServiceError) as caught:
        srpcore.refresh(
            env.idp,
            client_id=app.client_id,
            client_secret="x" * 40,
            refresh_token=first.refresh_token,
            rotation=True,
        )
    assert caught.value.code == "NotAuthorizedException"
    assert rotate(env, app, first).access_token  # the token was not spent by the refusal


def test_a_remembered_device_goes_along(new_env: Callable[..., Env], clock: FakeClock) -> None:
    env = new_env(device_tracking=True)
    app = rotating_app(env)
    first = signed_in(env, app, clock)
    assert first.device is not None
    assert first.refresh_token is not None
    calls: list[dict[str, Any]] = []
    env.idp.meta.events.register(
        "provide-client-params.cognito-idp.GetTokensFromRefreshToken",
        lambda params, **_: calls.append(dict(params)),
    )
    with pytest.raises(ServiceError) as caught:  # device remembering is on: DeviceKey required
        srpcore.refresh(
            env.idp, client_id=app.client_id, refresh_token=first.refresh_token, rotation=True
        )
    # Cognito's wording for it names the refresh token, so srpcore cannot tell it from a dead
    # token: it reads as "sign in again" (managers always send their device, so never see it).
    assert (caught.value.code, caught.value.message) == (
        "NotAuthorizedException",
        "Invalid Refresh Token.",
    )
    fresh = rotate(env, app, first)  # the token was not spent by the refusal
    assert calls[-1]["DeviceKey"] == first.device.device_key
    assert fresh.device == first.device


def test_eight_threads_share_one_rotating_refresh(
    new_env: Callable[..., Env], clock: FakeClock
) -> None:
    env = new_env()
    app = rotating_app(env, secret=True)
    first = signed_in(env, app, clock)
    calls = Calls(env.idp)
    manager = srpcore.TokenManager(
        env.idp,
        first,
        client_id=app.client_id,
        client_secret=app.client_secret,
        rotation=True,
        clock=clock,
    )
    clock.advance(3600)
    start = threading.Barrier(8)

    def worker(_: int) -> str:
        start.wait(timeout=10)
        return manager.access_token()

    with ThreadPoolExecutor(max_workers=8) as threads:
        results = set(threads.map(worker, range(8)))
    assert calls.names == ["GetTokensFromRefreshToken"]
    [token] = results
    assert env.idp.get_user(AccessToken=token)["Username"] == "alice"
    assert manager.tokens().refresh_token != first.refresh_token


@asynccontextmanager
async def aio_client(env: Env) -> AsyncIterator[Any]:
    async with get_session().create_client(
        "cognito-idp",
        region_name=env.cognito.region,
        endpoint_url=env.cognito.endpoint_url,
        aws_access_key_id="local",
        aws_secret_access_key="local",
    ) as client:
        yield client


def test_eight_tasks_share_one_rotating_refresh(
    new_env: Callable[..., Env], clock: FakeClock
) -> None:
    env = new_env()
    app = rotating_app(env)
    first = signed_in(env, app, clock)

    async def body() -> tuple[set[str], list[str], Tokens]:
        async with aio_client(env) as client:
            names: list[str] = []
            client.meta.events.register(
                "provide-client-params", lambda model, **_: names.append(model.name)
            )
            manager = srpcore.AsyncTokenManager(
                client, first, client_id=app.client_id, rotation=True, clock=clock
            )
            clock.advance(3600)
            tokens = await asyncio.gather(*(manager.access_token() for _ in range(8)))
            return set(tokens), names, await manager.tokens()

    tokens, names, held = asyncio.run(body())
    assert len(tokens) == 1 and names == ["GetTokensFromRefreshToken"]
    assert held.refresh_token != first.refresh_token
    with pytest.raises(SignInRequiredError):
        rotate(env, app, first)  # the manager spent it, once


# --- revocation and sign-out ------------------------------------------------------------------


def test_revoke_ends_the_session_and_its_access_tokens(
    new_env: Callable[..., Env], clock: FakeClock
) -> None:
    env = new_env()
    app = plain_app(env)
    first = signed_in(env, app, clock)
    other = signed_in(env, app, clock)  # another session of the same user
    assert first.refresh_token is not None
    srpcore.revoke(
        env.idp,
        refresh_token=first.refresh_token,
        client_id=app.client_id,
        client_secret=app.client_secret,
    )
    with pytest.raises(SignInRequiredError):
        rotate(env, app, first, rotation=False)
    with pytest.raises(SignInRequiredError):
        rotate(env, app, first)
    assert get_user_error(env, first.access_token) == (
        "NotAuthorizedException",
        "Access Token has been revoked",
    )
    assert get_user_error(env, other.access_token) is None  # only that session ended
    assert rotate(env, app, other).access_token


def test_global_sign_out_ends_every_session(new_env: Callable[..., Env], clock: FakeClock) -> None:
    env = new_env()
    app = plain_app(env)
    sessions = [signed_in(env, app, clock) for _ in range(2)]
    srpcore.global_sign_out(env.idp, access_token=sessions[0].access_token)
    for tokens in sessions:
        with pytest.raises(SignInRequiredError):
            rotate(env, app, tokens)
        assert get_user_error(env, tokens.access_token) == (
            "NotAuthorizedException",
            "Access Token has been revoked",
        )
    assert signed_in(env, app, clock).access_token  # a new sign-in still works


def test_admin_global_sign_out(new_env: Callable[..., Env], clock: FakeClock) -> None:
    env = new_env()
    app = plain_app(env)
    tokens = signed_in(env, app, clock)
    srpcore.admin_global_sign_out(env.idp, user_pool_id=env.pool_id, username="alice")
    with pytest.raises(SignInRequiredError):
        rotate(env, app, tokens)
    assert get_user_error(env, tokens.access_token) is not None


def test_async_sign_out_twins(new_env: Callable[..., Env], clock: FakeClock) -> None:
    env = new_env()
    app = rotating_app(env, secret=True)
    first = signed_in(env, app, clock)
    second = signed_in(env, app, clock)
    assert first.refresh_token is not None

    async def body() -> None:
        async with aio_client(env) as client:
            await srpcore.revoke_async(
                client,
                refresh_token=first.refresh_token or "",
                client_id=app.client_id,
                client_secret=app.client_secret,
            )
            await srpcore.global_sign_out_async(client, access_token=second.access_token)
            await srpcore.admin_global_sign_out_async(
                client, user_pool_id=env.pool_id, username="alice"
            )

    asyncio.run(body())
    for tokens in (first, second):
        with pytest.raises(SignInRequiredError):
            rotate(env, app, tokens)


def test_manager_sign_out_revokes_and_forgets(
    new_env: Callable[..., Env], clock: FakeClock
) -> None:
    env = new_env()
    app = rotating_app(env, secret=True)
    first = signed_in(env, app, clock)
    manager = srpcore.TokenManager(
        env.idp, first, client_id=app.client_id, client_secret=app.client_secret, rotation=True
    )
    rotated = manager.refresh()
    manager.sign_out()
    with pytest.raises(SignInRequiredError, match="SignedOut"):
        manager.access_token()
    with pytest.raises(SignInRequiredError):
        rotate(env, app, rotated)  # the newest refresh token is the one revoked
    assert get_user_error(env, rotated.access_token) is not None


def test_manager_global_sign_out(new_env: Callable[..., Env], clock: FakeClock) -> None:
    env = new_env()
    app = plain_app(env)
    elsewhere = signed_in(env, app, clock)
    manager = srpcore.TokenManager(
        env.idp,
        signed_in(env, app, clock),
        client_id=app.client_id,
        client_secret=app.client_secret,
    )
    manager.sign_out(global_=True)
    with pytest.raises(SignInRequiredError):
        rotate(env, app, elsewhere, rotation=False)


def test_cli_login_then_logout(
    local_cognito_endpoint: LocalCognito,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Any,
) -> None:
    # The CLI signs its TIMESTAMP with the real clock, so it needs an endpoint on real time
    # (this module's FakeClock has been moved hours ahead by the refresh tests).
    env = make_env(local_cognito_endpoint, local_cognito_endpoint.boto3_client())
    app = plain_app(env)
    for name in ("AWS_PROFILE", "SRPCORE_REFRESH_TOKEN", "SRPCORE_ACCESS_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))
    monkeypatch.setenv("SRPCORE_PASSWORD", PASSWORD)
    monkeypatch.setenv("SRPCORE_CLIENT_SECRET", app.client_secret or "")
    where = ["--user-pool-id", env.pool_id, "--endpoint-url", env.cognito.endpoint_url]
    login = ["login", *where, "--client-id", app.client_id, "--username", "alice"]
    assert main(login) == 0
    printed = capsys.readouterr().out
    result = json.loads(printed)["AuthenticationResult"]
    monkeypatch.setattr(sys, "stdin", io.StringIO(printed))
    assert main(["logout", *where, "--client-id", app.client_id]) == 0
    assert "RevokeToken" in capsys.readouterr().err
    with pytest.raises(SignInRequiredError):
        srpcore.refresh(
            env.idp,
            client_id=app.client_id,
            client_secret=app.client_secret,
            refresh_token=result["RefreshToken"],
            username="alice",
        )
    second = json.loads((main(login), capsys.readouterr().out)[1])["AuthenticationResult"]
    monkeypatch.setattr(sys, "stdin", io.StringIO(json.dumps({"AuthenticationResult": second})))
    assert main(["logout", *where, "--global"]) == 0
    assert get_user_error(env, second["AccessToken"]) is not None
    third = json.loads((main(login), capsys.readouterr().out)[1])["AuthenticationResult"]
    assert main(["logout", *where, "--admin", "--username", "alice"]) == 253  # no credentials
    assert "AWS credentials" in capsys.readouterr().err
    assert get_user_error(env, third["AccessToken"]) is None
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "local")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "local")
    assert main(["logout", *where, "--admin", "--username", "alice"]) == 0
    assert get_user_error(env, third["AccessToken"]) == (
        "NotAuthorizedException",
        "Access Token has been revoked",
    )


# --- rotation="auto" on a rotating client; managers that meet a spent token -----------------


def test_auto_rotates_on_a_rotating_client(new_env: Callable[..., Env], clock: FakeClock) -> None:
    env = new_env()
    app = rotating_app(env, secret=True)
    first = signed_in(env, app, clock)
    calls = Calls(env.idp)
    KNOWN_UNSUPPORTED.clear()
    second = rotate(env, app, first, rotation="auto")
    assert calls.names == ["GetTokensFromRefreshToken"]
    assert second.refresh_token not in (None, first.refresh_token)
    assert len(KNOWN_UNSUPPORTED) == 0
    with pytest.raises(SignInRequiredError, match="RefreshTokenReuseException"):
        rotate(env, app, first, rotation="auto")  # "auto" rotated it: the old one is spent


def test_the_default_refresh_works_on_rotating_and_plain_clients(
    new_env: Callable[..., Env], clock: FakeClock
) -> None:
    """No rotation= anywhere: the default must survive an owner switching rotation on."""
    env = new_env()
    rotating, plain = rotating_app(env, secret=True), plain_app(env)
    for app in (rotating, plain):
        first = signed_in(env, app, clock)
        assert first.refresh_token is not None
        fresh = srpcore.refresh(
            env.idp,
            client_id=app.client_id,
            client_secret=app.client_secret,
            refresh_token=first.refresh_token,
            username=first.username,
        )
        manager = srpcore.TokenManager(
            env.idp, fresh, client_id=app.client_id, client_secret=app.client_secret, clock=clock
        )
        held = manager.refresh()
        assert env.idp.get_user(AccessToken=held.access_token)["Username"] == "alice"
        if app is rotating:
            assert len({first.refresh_token, fresh.refresh_token, held.refresh_token}) == 3
        else:
            assert held.refresh_token == fresh.refresh_token == first.refresh_token


def test_auto_falls_back_on_an_endpoint_without_the_operation(clock: FakeClock) -> None:
    """An emulator that predates GetTokensFromRefreshToken answers UnknownOperationException
    (the AWS JSON protocol's word for it, here over HTTP); "auto" then refreshes with
    REFRESH_TOKEN_AUTH and remembers, True reports the refusal as it is."""
    with LocalCognito(clock=clock) as older:
        handlers = dict(older.service.handlers)
        del handlers["GetTokensFromRefreshToken"]
        older.service.handlers = handlers
        env = make_env(older, older.boto3_client())
        app = plain_app(env)
        first = signed_in(env, app, clock)
        calls = Calls(env.idp)
        KNOWN_UNSUPPORTED.clear()
        try:
            refreshed = [rotate(env, app, first, rotation="auto") for _ in range(2)]
            assert len(KNOWN_UNSUPPORTED) == 1
        finally:
            KNOWN_UNSUPPORTED.clear()
        assert calls.names == ["GetTokensFromRefreshToken", "InitiateAuth", "InitiateAuth"]
        assert all(t.refresh_token == first.refresh_token for t in refreshed)
        assert env.idp.get_user(AccessToken=refreshed[-1].access_token)["Username"] == "alice"
        with pytest.raises(ServiceError) as caught:
            rotate(env, app, first)  # rotation=True: no fallback
        assert caught.value.code == "UnknownOperationException"
        assert not isinstance(caught.value, SignInRequiredError)


def _spent_elsewhere(env: Env, app: App, first: Tokens, clock: FakeClock) -> None:
    """Another holder of the same refresh token rotates it, and the grace period runs out."""
    rotate(env, app, first)
    clock.advance(3600)  # past the grace period, and past the access token's expiry


def test_a_reused_refresh_token_ends_the_manager(
    new_env: Callable[..., Env], clock: FakeClock
) -> None:
    env = new_env()
    app = rotating_app(env, grace=5, secret=True)
    first = signed_in(env, app, clock)
    manager = srpcore.TokenManager(
        env.idp,
        first,
        client_id=app.client_id,
        client_secret=app.client_secret,
        rotation=True,
        clock=clock,
    )
    _spent_elsewhere(env, app, first, clock)
    calls = Calls(env.idp)
    with pytest.raises(SignInRequiredError) as caught:
        manager.access_token()
    assert caught.value.code == "RefreshTokenReuseException"
    assert caught.value.step == "GetTokensFromRefreshToken"
    assert not manager.signed_in
    for _ in range(3):  # stopped: the same verdict, and no more calls
        with pytest.raises(SignInRequiredError, match="RefreshTokenReuseException"):
            manager.refresh()
    assert calls.names == ["GetTokensFromRefreshToken"]


def test_a_reused_refresh_token_ends_the_async_manager(
    new_env: Callable[..., Env], clock: FakeClock
) -> None:
    env = new_env()
    app = rotating_app(env, grace=5)
    first = signed_in(env, app, clock)
    _spent_elsewhere(env, app, first, clock)

    async def body() -> tuple[list[str], list[str], bool]:
        async with aio_client(env) as client:
            names: list[str] = []
            client.meta.events.register(
                "provide-client-params", lambda model, **_: names.append(model.name)
            )
            manager = srpcore.AsyncTokenManager(
                client, first, client_id=app.client_id, rotation=True, clock=clock
            )
            codes = []
            for _ in range(3):
                try:
                    await manager.access_token()
                except SignInRequiredError as exc:
                    codes.append(exc.code)
            return codes, names, manager.signed_in

    codes, names, still_signed_in = asyncio.run(body())
    assert codes == ["RefreshTokenReuseException"] * 3
    assert names == ["GetTokensFromRefreshToken"]  # the first refusal ended it
    assert not still_signed_in


# --- devices ---------------------------------------------------------------------------------


def test_forget_device_ends_the_refresh_and_sign_in_goes_on_without_it(
    new_env: Callable[..., Env], clock: FakeClock
) -> None:
    env = new_env(device_tracking=True)
    app = rotating_app(env)
    first = signed_in(env, app, clock)
    assert first.device is not None
    sent: list[dict[str, Any]] = []
    env.idp.meta.events.register(
        "provide-client-params.cognito-idp.GetTokensFromRefreshToken",
        lambda params, **_: sent.append(dict(params)),
    )
    manager = srpcore.TokenManager(
        env.idp, first, client_id=app.client_id, rotation=True, clock=clock
    )
    listed = env.idp.list_devices(AccessToken=first.access_token)["Devices"]
    assert [d["DeviceKey"] for d in listed] == [first.device.device_key]
    assert manager.forget_device() is True
    assert env.idp.list_devices(AccessToken=first.access_token)["Devices"] == []
    assert manager.forget_device() is False  # nothing left to forget

    # The refresh token was bound to the forgotten device: the service refuses it for good,
    # and the session ends (the forgotten key is never sent again).
    with pytest.raises(SignInRequiredError) as ended:
        manager.refresh()
    assert "DeviceKey" not in sent[-1]
    assert (ended.value.code, ended.value.message) == (
        "NotAuthorizedException",
        "Invalid Refresh Token.",
    )
    assert not manager.signed_in

    # A sign-in still carrying the forgotten device: Cognito answers "Device does not exist."
    # and the sign-in starts over without it (and is offered a new device).
    again = srpcore.sign_in(
        env.idp,
        pool_id=env.pool_id,
        client_id=app.client_id,
        username="alice",
        password=PASSWORD,
        device=first.device,
        clock=clock,
    )
    assert isinstance(again, Tokens)
    assert again.device is not None and again.device.device_key != first.device.device_key
    keys = [d["DeviceKey"] for d in env.idp.list_devices(AccessToken=again.access_token)["Devices"]]
    assert keys == [again.device.device_key]


# --- identity pools --------------------------------------------------------------------------


def _identity_pool(env: Env, client_id: str, *, check: bool) -> tuple[str, str]:
    """An identity pool made over the wire with boto3; its id and the user pool's Logins key."""
    provider = f"cognito-idp.{env.cognito.region}.amazonaws.com/{env.pool_id}"
    created = env.cognito.boto3_identity_client().create_identity_pool(
        IdentityPoolName=f"check_{check}",
        AllowUnauthenticatedIdentities=False,
        CognitoIdentityProviders=[
            {"ProviderName": provider, "ClientId": client_id, "ServerSideTokenCheck": check}
        ],
    )
    return created["IdentityPoolId"], provider


def test_server_side_token_check_refuses_a_signed_out_user(
    new_env: Callable[..., Env], clock: FakeClock
) -> None:
    env = new_env()
    app = plain_app(env)
    identity = env.cognito.boto3_identity_client()
    checked, provider = _identity_pool(env, app.client_id, check=True)
    unchecked, _ = _identity_pool(env, app.client_id, check=False)
    tokens = signed_in(env, app, clock)
    assert tokens.id_token is not None
    logins = {provider: tokens.id_token}
    ids = {
        pool: identity.get_id(IdentityPoolId=pool, Logins=logins)["IdentityId"]
        for pool in (checked, unchecked)
    }
    for pool in (checked, unchecked):
        got = identity.get_credentials_for_identity(IdentityId=ids[pool], Logins=logins)
        assert got["Credentials"]["AccessKeyId"]

    srpcore.global_sign_out(env.idp, access_token=tokens.access_token)

    with pytest.raises(ClientError) as refused:
        identity.get_credentials_for_identity(IdentityId=ids[checked], Logins=logins)
    assert refused.value.response["Error"]["Code"] == "NotAuthorizedException"
    with pytest.raises(ClientError) as refused:
        identity.get_id(IdentityPoolId=checked, Logins=logins)
    assert refused.value.response["Error"]["Code"] == "NotAuthorizedException"
    with pytest.raises(ServiceError) as library:  # srpcore's own exchange sees the same refusal
        srpcore.aws_credentials(
            identity, identity_pool_id=checked, tokens=tokens, user_pool_id=env.pool_id
        )
    assert library.value.code == "NotAuthorizedException"
    # Without the check the identity pool only verifies the (still unexpired) JWT itself.
    got = identity.get_credentials_for_identity(IdentityId=ids[unchecked], Logins=logins)
    assert got["Credentials"]["AccessKeyId"]
    # A new sign-in is a new session: the checked pool serves it, to the same identity.
    fresh = signed_in(env, app, clock)
    assert fresh.id_token is not None
    renewed = {provider: fresh.id_token}
    got = identity.get_credentials_for_identity(IdentityId=ids[checked], Logins=renewed)
    assert got["IdentityId"] == ids[checked]


def test_the_async_manager_signs_out_and_forgets_its_device(
    new_env: Callable[..., Env], clock: FakeClock
) -> None:
    env = new_env(device_tracking=True)
    app = rotating_app(env, secret=True)
    first = signed_in(env, app, clock)
    assert first.device is not None

    async def body() -> tuple[Tokens, list[str]]:
        async with aio_client(env) as client:
            manager = srpcore.AsyncTokenManager(
                client, first, client_id=app.client_id, client_secret=app.client_secret
            )
            assert await manager.forget_device() is True
            kept = await manager.tokens()  # still good until they expire, without the device
            await manager.sign_out()
            codes = []
            try:
                await manager.access_token()
            except SignInRequiredError as exc:
                codes.append(exc.code)
            return kept, codes

    kept, codes = asyncio.run(body())
    assert codes == ["SignedOut"]
    assert kept.device is None and kept.refresh_token == first.refresh_token
    devices = env.idp.admin_list_devices(UserPoolId=env.pool_id, Username="alice")["Devices"]
    assert devices == []  # (the access tokens are revoked now: ListDevices would refuse them)
    with pytest.raises(SignInRequiredError) as refused:
        rotate(env, app, first)
    assert refused.value.message == "Refresh Token has been revoked"  # revoked, then forgotten
    assert get_user_error(env, first.access_token) == (
        "NotAuthorizedException",
        "Access Token has been revoked",
    )


@pytest.mark.parametrize("grace", [0, 30])
def test_a_lost_rotation_answer_is_retried_within_the_grace_period(
    new_env: Callable[..., Env], clock: FakeClock, grace: int
) -> None:
    """The service rotated, but its answer never arrived: what RetryGracePeriodSeconds is for
    ("This allows for client-side retries"; 0: "immediately invalidates" the token sent)."""
    env = new_env()
    app = rotating_app(env, grace=grace)
    first = signed_in(env, app, clock)
    idp = env.cognito.boto3_client()  # its own client: the failure below is not shared
    lost = [True]

    def lose_once(**_: Any) -> None:
        if lost and lost.pop():
            raise EndpointConnectionError(endpoint_url=env.cognito.endpoint_url)

    idp.meta.events.register("after-call.cognito-idp.GetTokensFromRefreshToken", lose_once)
    manager = srpcore.TokenManager(idp, first, client_id=app.client_id, rotation=True)
    with pytest.raises(TransportError):
        manager.refresh()
    assert manager.signed_in and manager.tokens().refresh_token == first.refresh_token
    clock.advance(5)
    if grace:
        retried = manager.refresh()  # the same old token, within the grace period
        assert retried.refresh_token not in (None, first.refresh_token)
        assert env.idp.get_user(AccessToken=retried.access_token)["Username"] == "alice"
    else:
        with pytest.raises(SignInRequiredError, match="RefreshTokenReuseException"):
            manager.refresh()
        assert not manager.signed_in
