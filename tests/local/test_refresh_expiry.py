"""A refresh token past its client's RefreshTokenValidity is refused as expired.

Expected behaviour, from AWS: Cognito answers NotAuthorizedException "Refresh Token has expired"
(no full stop: x-amzn-ErrorMessage quoted in amplify-swift#3496) for a token it issued whose
validity has passed, and "Invalid Refresh Token." for one it does not know. The endpoint
remembers an expired grant for a day, within the store's bounds; a grant evicted or forgotten
is unknown again. srpcore's refresh reads both answers as "sign in again".
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import pytest

import srpcore
from srpcore.errors import SignInRequiredError
from srpcore.local import LocalCognito
from srpcore.local.context import Limits

from .conftest import PASSWORD, Env, FakeClock
from .test_persistence import _sign_in
from .test_refresh_grant import OPERATIONS, _refresh, _refused
from .test_rotation import password_sign_in, rotating_client

EXPIRED = "Refresh Token has expired"
INVALID = "Invalid Refresh Token."
VALIDITY = 30 * 86400  # the default RefreshTokenValidity: 30 days


@pytest.mark.parametrize("operation", OPERATIONS)
def test_an_expired_token_is_told_from_an_unknown_one(
    env: Env, clock: FakeClock, operation: str
) -> None:
    token = password_sign_in(env, env.app)["RefreshToken"]
    clock.advance(VALIDITY - 60)
    assert _refresh(env, operation, token)["AccessToken"]  # still good a minute before
    clock.advance(61)
    assert _refused(env, operation, token) == EXPIRED
    assert _refused(env, operation, token + "x") == INVALID
    assert _refused(env, operation, "not-a-token") == INVALID


@pytest.mark.parametrize("operation", OPERATIONS)
def test_an_expired_grant_is_forgotten_a_day_later(
    env: Env, clock: FakeClock, operation: str
) -> None:
    token = password_sign_in(env, env.app)["RefreshToken"]
    clock.advance(VALIDITY + 3600)
    assert _refused(env, operation, token) == EXPIRED
    clock.advance(86400)
    assert _refused(env, operation, token) == INVALID


@pytest.mark.parametrize("operation", OPERATIONS)
def test_expired_grants_stay_within_the_per_user_bound(
    env: Env, clock: FakeClock, operation: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(env.cognito.service.context, "limits", Limits(refresh_per_user=1))
    old = password_sign_in(env, env.app)["RefreshToken"]
    clock.advance(VALIDITY + 1)
    assert _refused(env, operation, old) == EXPIRED
    new = password_sign_in(env, env.app)["RefreshToken"]  # evicts the expired grant
    assert _refused(env, operation, old) == INVALID
    assert _refresh(env, operation, new)["AccessToken"]


def test_a_rotated_token_expires_when_its_first_would_have(env: Env, clock: FakeClock) -> None:
    app = rotating_client(env, 0)
    first = password_sign_in(env, app)["RefreshToken"]
    clock.advance(VALIDITY / 2)
    second = env.idp.get_tokens_from_refresh_token(RefreshToken=first, ClientId=app.client_id)[
        "AuthenticationResult"
    ]["RefreshToken"]
    clock.advance(VALIDITY / 2 + 1)
    env.app = app  # rotation on: GetTokensFromRefreshToken only
    assert _refused(env, "GetTokensFromRefreshToken", first) == EXPIRED  # told before reuse
    assert _refused(env, "GetTokensFromRefreshToken", second) == EXPIRED


def test_revoking_an_expired_token_is_no_error(env: Env, clock: FakeClock) -> None:
    token = password_sign_in(env, env.app)["RefreshToken"]
    clock.advance(VALIDITY + 1)
    assert env.idp.revoke_token(Token=token, ClientId=env.app.client_id)["ResponseMetadata"]
    assert _refused(env, "GetTokensFromRefreshToken", token) == EXPIRED


@pytest.mark.parametrize("rotation", [True, False])
def test_srpcore_reads_an_expired_token_as_sign_in_again(
    env: Env, clock: FakeClock, rotation: bool
) -> None:
    token = password_sign_in(env, env.app)["RefreshToken"]
    clock.advance(VALIDITY + 1)
    with pytest.raises(SignInRequiredError) as caught:
        srpcore.refresh(
            env.idp, client_id=env.app.client_id, refresh_token=token, rotation=rotation
        )
    assert (caught.value.code, caught.value.message) == ("NotAuthorizedException", EXPIRED)


def test_an_expired_grant_is_still_told_after_a_restart(tmp_path: Path) -> None:
    data, clock = tmp_path / "f.sqlite", FakeClock()
    with LocalCognito(data=data, clock=clock) as cognito:
        pool = cognito.create_user_pool("p")
        app = cognito.create_client(pool.id)
        cognito.create_user(pool.id, "carol", PASSWORD)
        tokens = _sign_in(cognito, pool.id, app.client_id, "carol")
    assert tokens.refresh_token
    clock.advance(VALIDITY + 1)
    with LocalCognito(data=data, clock=clock) as cognito:
        idp = cognito.boto3_client()
        with pytest.raises(SignInRequiredError) as caught:
            srpcore.refresh(idp, client_id=app.client_id, refresh_token=tokens.refresh_token)
    assert caught.value.message == EXPIRED


@pytest.mark.parametrize("rotation", ["auto", False])
def test_a_token_manager_with_an_expired_token_asks_for_a_new_sign_in(
    env: Env, clock: FakeClock, rotation: bool | Literal["auto"]
) -> None:
    tokens = srpcore.sign_in(
        env.idp,
        pool_id=env.pool_id,
        client_id=env.app.client_id,
        username="alice",
        password=PASSWORD,
        clock=clock,
    )
    assert isinstance(tokens, srpcore.Tokens)
    manager = srpcore.TokenManager(
        env.idp, tokens, client_id=env.app.client_id, rotation=rotation, clock=clock
    )
    clock.advance(VALIDITY + 1)
    with pytest.raises(SignInRequiredError) as caught:
        manager.access_token()
    assert caught.value.message == EXPIRED and not manager.signed_in
