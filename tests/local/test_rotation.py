"""Refresh-token rotation and GetTokensFromRefreshToken, through boto3, as AWS documents them.

Expected behaviour (AWS API reference, RefreshTokenRotationType and GetTokensFromRefreshToken;
developer guide, "Refresh tokens"): without rotation the operation answers new id and access
tokens only; with rotation it also answers a new refresh token, the submitted one "can remain
valid for a period of time of up to 60 seconds" (RetryGracePeriodSeconds; 0 invalidates it at
once), after which RefreshTokenReuseException; "You can't authenticate with
REFRESH_TOKEN_AUTH in app clients with refresh token rotation enabled"; the raw ClientSecret
is sent (not a SECRET_HASH).
"""

from __future__ import annotations

import json
import threading
from typing import Any

import jwt
import pytest

from srpcore.cognito.secret_hash import secret_hash
from srpcore.errors import InvalidParameterError
from srpcore.local import ClientInfo, LocalCognito
from srpcore.local.seed import apply_seed, load_seed

from .conftest import ALL_FLOWS, PASSWORD, Env, FakeClock


def rotating_client(env: Env, grace: int, *, secret: bool = False) -> ClientInfo:
    """An app client created over the wire with RefreshTokenRotation ENABLED."""
    created = env.idp.create_user_pool_client(
        UserPoolId=env.pool_id,
        ClientName="rotating",
        GenerateSecret=secret,
        ExplicitAuthFlows=ALL_FLOWS,
        RefreshTokenRotation={"Feature": "ENABLED", "RetryGracePeriodSeconds": grace},
    )["UserPoolClient"]
    return ClientInfo(created["ClientId"], env.pool_id, created.get("ClientSecret"))


def password_sign_in(env: Env, app: ClientInfo, username: str = "alice") -> Any:
    """USER_PASSWORD_AUTH: no SRP TIMESTAMP, so the tests may move the endpoint's clock."""
    params = {"USERNAME": username, "PASSWORD": PASSWORD}
    if app.client_secret:
        params["SECRET_HASH"] = secret_hash(username, app.client_id, app.client_secret)
    return env.idp.initiate_auth(
        AuthFlow="USER_PASSWORD_AUTH", ClientId=app.client_id, AuthParameters=params
    )["AuthenticationResult"]


def refresh(env: Env, app: ClientInfo, token: str, **extra: Any) -> Any:
    return env.idp.get_tokens_from_refresh_token(
        RefreshToken=token, ClientId=app.client_id, **extra
    )["AuthenticationResult"]


def _claims(token: str) -> dict[str, Any]:
    claims: dict[str, Any] = jwt.decode(token, options={"verify_signature": False})
    return claims


def test_rotation_settings_round_trip_create_describe_update(env: Env) -> None:
    app = rotating_client(env, 10)
    described = env.idp.describe_user_pool_client(UserPoolId=env.pool_id, ClientId=app.client_id)
    assert described["UserPoolClient"]["RefreshTokenRotation"] == {
        "Feature": "ENABLED",
        "RetryGracePeriodSeconds": 10,
    }
    assert described["UserPoolClient"]["EnableTokenRevocation"] is True
    updated = env.idp.update_user_pool_client(
        UserPoolId=env.pool_id, ClientId=app.client_id, ClientName="renamed"
    )["UserPoolClient"]
    # An update resets what it does not name (AWS: "sets it to its default value").
    assert updated["RefreshTokenRotation"]["Feature"] == "DISABLED"
    assert updated["ClientName"] == "renamed"
    assert set(updated["ExplicitAuthFlows"]) == {
        "ALLOW_REFRESH_TOKEN_AUTH",
        "ALLOW_USER_SRP_AUTH",
        "ALLOW_CUSTOM_AUTH",
    }
    again = env.idp.describe_user_pool_client(UserPoolId=env.pool_id, ClientId=app.client_id)
    assert again["UserPoolClient"] == updated
    with pytest.raises(env.idp.exceptions.InvalidParameterException):
        env.idp.update_user_pool_client(
            UserPoolId=env.pool_id,
            ClientId=app.client_id,
            RefreshTokenRotation={"Feature": "ENABLED", "RetryGracePeriodSeconds": 61},
        )
    with pytest.raises(env.idp.exceptions.ResourceNotFoundException):
        env.idp.describe_user_pool_client(UserPoolId=env.pool_id, ClientId="nosuchclient")


def test_without_rotation_no_new_refresh_token_and_the_old_one_lives_on(env: Env) -> None:
    tokens = password_sign_in(env, env.app)
    renewed = refresh(env, env.app, tokens["RefreshToken"])
    assert "RefreshToken" not in renewed
    assert renewed["TokenType"] == "Bearer" and renewed["ExpiresIn"] == 3600
    assert env.idp.get_user(AccessToken=renewed["AccessToken"])["Username"] == "alice"
    assert _claims(renewed["IdToken"])["origin_jti"] == _claims(tokens["IdToken"])["origin_jti"]
    again = refresh(env, env.app, tokens["RefreshToken"])  # reusable: nothing was rotated
    assert _claims(again["AccessToken"])["jti"] != _claims(renewed["AccessToken"])["jti"]


def test_rotation_grace_period_then_reuse_is_refused(env: Env, clock: FakeClock) -> None:
    app = rotating_client(env, 10)
    first = password_sign_in(env, app)["RefreshToken"]
    second = refresh(env, app, first)["RefreshToken"]
    assert second != first
    clock.advance(5)
    retried = refresh(env, app, first)  # within the grace period: still honoured
    assert retried["RefreshToken"] not in (first, second)
    clock.advance(6)  # 11 s (and the time the calls took) after the first rotation
    with pytest.raises(env.idp.exceptions.RefreshTokenReuseException):
        refresh(env, app, first)
    third = refresh(env, app, second)
    assert env.idp.get_user(AccessToken=third["AccessToken"])["Username"] == "alice"


def test_zero_grace_invalidates_the_submitted_token_at_once(env: Env) -> None:
    app = rotating_client(env, 0)
    first = password_sign_in(env, app)["RefreshToken"]
    second = refresh(env, app, first)["RefreshToken"]
    with pytest.raises(env.idp.exceptions.RefreshTokenReuseException):
        refresh(env, app, first)
    assert refresh(env, app, second)["RefreshToken"] != second


def test_refresh_token_auth_is_refused_on_a_rotating_client(env: Env) -> None:
    app = rotating_client(env, 5)
    token = password_sign_in(env, app)["RefreshToken"]
    with pytest.raises(env.idp.exceptions.InvalidParameterException) as refused:
        env.idp.initiate_auth(
            AuthFlow="REFRESH_TOKEN_AUTH",
            ClientId=app.client_id,
            AuthParameters={"REFRESH_TOKEN": token},
        )
    assert "REFRESH_TOKEN_AUTH" in refused.value.response["Error"]["Message"]
    assert "RefreshToken" in refresh(env, app, token)  # the token itself is fine


def test_the_raw_client_secret_is_checked(env: Env) -> None:
    app = rotating_client(env, 5, secret=True)
    assert app.client_secret is not None
    token = password_sign_in(env, app)["RefreshToken"]
    last = "y" if app.client_secret.endswith("x") else "x"  # a secret that differs, always
    for wrong in ({}, {"ClientSecret": app.client_secret[:-1] + last}):
        with pytest.raises(env.idp.exceptions.NotAuthorizedException):
            refresh(env, app, token, **wrong)
    hashed = secret_hash("alice", app.client_id, app.client_secret)
    with pytest.raises(env.idp.exceptions.NotAuthorizedException):
        # ClientSecretType's pattern is [\w+]+: keep the hash's letters and digits only (a
        # kept "=" or "/" made this an InvalidParameterException about 1 run in 10)
        refresh(env, app, token, ClientSecret="".join(c for c in hashed if c.isalnum())[:40])
    assert "RefreshToken" in refresh(env, app, token, ClientSecret=app.client_secret)


def test_a_token_from_another_client_is_invalid(env: Env) -> None:
    token = password_sign_in(env, env.app)["RefreshToken"]
    other = rotating_client(env, 5)
    with pytest.raises(env.idp.exceptions.NotAuthorizedException) as refused:
        refresh(env, other, token)
    assert refused.value.response["Error"]["Message"] == "Invalid Refresh Token."


def test_a_remembered_device_needs_its_device_key(device_env: Env) -> None:
    env = device_env
    tokens = password_sign_in(env, env.app)
    env.confirm_device(tokens)
    meta = tokens["NewDeviceMetadata"]
    with pytest.raises(env.idp.exceptions.NotAuthorizedException) as refused:
        refresh(env, env.app, tokens["RefreshToken"])
    assert refused.value.response["Error"]["Message"] == "Invalid Refresh Token."
    other_key = meta["DeviceKey"][:-1] + ("0" if meta["DeviceKey"][-1] != "0" else "1")
    with pytest.raises(env.idp.exceptions.ResourceNotFoundException) as unknown:
        refresh(env, env.app, tokens["RefreshToken"], DeviceKey=other_key)
    # a key the user has no device for, answered as REFRESH_TOKEN_AUTH and sign-in answer it
    assert unknown.value.response["Error"]["Message"] == "Device does not exist."
    renewed = refresh(env, env.app, tokens["RefreshToken"], DeviceKey=meta["DeviceKey"])
    assert _claims(renewed["AccessToken"])["device_key"] == meta["DeviceKey"]


def test_concurrent_refreshes_spend_a_rotating_token_once(env: Env) -> None:
    app = rotating_client(env, 0)
    token = password_sign_in(env, app)["RefreshToken"]
    idps = [env.cognito.boto3_client() for _ in range(8)]
    outcomes: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(len(idps))

    def spend(idp: Any) -> None:
        start.wait()
        try:
            idp.get_tokens_from_refresh_token(RefreshToken=token, ClientId=app.client_id)
            outcome = "ok"
        except idp.exceptions.RefreshTokenReuseException:
            outcome = "reused"
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=spend, args=(idp,)) for idp in idps]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["ok"] + ["reused"] * 7


def test_a_seed_file_makes_a_rotating_client(tmp_path: Any) -> None:
    seed = {
        "pools": [
            {
                "name": "seeded",
                "clients": [
                    {"name": "web", "refresh_token_rotation": True, "retry_grace_period": 15}
                ],
            }
        ]
    }
    path = tmp_path / "seed.json"
    path.write_text(json.dumps(seed), encoding="utf-8")
    bad = {"pools": [{"name": "x", "clients": [{"retry_grace_period": 61}]}]}
    with LocalCognito() as cognito:
        [seeded] = apply_seed(cognito, load_seed(path))
        described = cognito.boto3_client().describe_user_pool_client(
            UserPoolId=seeded.pool.id, ClientId=seeded.clients[0].client_id
        )
        path.write_text(json.dumps(bad), encoding="utf-8")
        with pytest.raises(InvalidParameterError, match="retry_grace_period"):
            apply_seed(cognito, load_seed(path))
    assert described["UserPoolClient"]["RefreshTokenRotation"] == {
        "Feature": "ENABLED",
        "RetryGracePeriodSeconds": 15,
    }
