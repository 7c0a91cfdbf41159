"""Sign-out with the request shapes of botocore's model: RevokeToken{Token, ClientId,
ClientSecret?}, GlobalSignOut{AccessToken}, AdminUserGlobalSignOut{UserPoolId, Username}, each
answered with ``{}``; and the token managers' ``sign_out``, after which they make no call.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest

import srpcore
from drivers.stubkit import CLIENT_ID, POOL_ID, AsyncClient, Stubbed
from srpcore.drivers import signout
from srpcore.drivers.tokens import AsyncTokenManager, TokenManager
from srpcore.errors import InvalidParameterError, ServiceError, SignInRequiredError
from srpcore.signin import Tokens

SECRET = "1exampleclientsecret0for0signout0tests0abcdefghij"
ACCESS = "access.token.for-sign-out"
REFRESH = "refresh.token.for-sign-out"
HELD = Tokens(ACCESS, "id.token.value", REFRESH, 3600, "Bearer", "7d3f0c52-internal")
REVOKE = {"Token": REFRESH, "ClientId": CLIENT_ID, "ClientSecret": SECRET}


def test_revoke_sends_the_refresh_token_and_the_raw_secret(stubbed: Stubbed) -> None:
    stubbed.stub.add_response("revoke_token", {}, REVOKE)
    stubbed.stub.add_response("revoke_token", {}, {"Token": REFRESH, "ClientId": CLIENT_ID})
    srpcore.revoke(stubbed.client, refresh_token=REFRESH, client_id=CLIENT_ID, client_secret=SECRET)
    srpcore.revoke(stubbed.client, refresh_token=REFRESH, client_id=CLIENT_ID)
    assert stubbed.calls.operations() == ["RevokeToken", "RevokeToken"]


def test_global_and_admin_sign_out(stubbed: Stubbed) -> None:
    stubbed.stub.add_response("global_sign_out", {}, {"AccessToken": ACCESS})
    stubbed.stub.add_response(
        "admin_user_global_sign_out", {}, {"UserPoolId": POOL_ID, "Username": "alice"}
    )
    srpcore.global_sign_out(stubbed.client, access_token=ACCESS)
    srpcore.admin_global_sign_out(stubbed.client, user_pool_id=POOL_ID, username="alice")
    assert stubbed.calls.operations() == ["GlobalSignOut", "AdminUserGlobalSignOut"]


def test_the_async_twins_make_the_same_calls(stubbed: Stubbed) -> None:
    stubbed.stub.add_response("revoke_token", {}, REVOKE)
    stubbed.stub.add_response("global_sign_out", {}, {"AccessToken": ACCESS})
    stubbed.stub.add_response(
        "admin_user_global_sign_out", {}, {"UserPoolId": POOL_ID, "Username": "alice"}
    )
    client = AsyncClient(stubbed.client)

    async def main() -> None:
        await srpcore.revoke_async(
            client, refresh_token=REFRESH, client_id=CLIENT_ID, client_secret=SECRET
        )
        await srpcore.global_sign_out_async(client, access_token=ACCESS)
        await srpcore.admin_global_sign_out_async(client, user_pool_id=POOL_ID, username="alice")

    asyncio.run(main())


@pytest.mark.parametrize(
    ("method", "call", "code", "message", "step"),
    [
        (
            "revoke_token",
            lambda c: srpcore.revoke(c, refresh_token=REFRESH, client_id=CLIENT_ID),
            "UnsupportedOperationException",
            "Token revocation is not enabled for this app client.",
            "RevokeToken",
        ),
        (
            "global_sign_out",
            lambda c: srpcore.global_sign_out(c, access_token=ACCESS),
            "NotAuthorizedException",
            "Access Token has been revoked",
            "GlobalSignOut",
        ),
        (
            "admin_user_global_sign_out",
            lambda c: srpcore.admin_global_sign_out(c, user_pool_id=POOL_ID, username="bob"),
            "UserNotFoundException",
            "User does not exist.",
            "AdminUserGlobalSignOut",
        ),
    ],
)
def test_a_refusal_is_the_services_error_without_the_token(
    stubbed: Stubbed, method: str, call: Callable[[Any], None], code: str, message: str, step: str
) -> None:
    stubbed.stub.add_client_error(
        method, service_error_code=code, service_message=message, http_status_code=400
    )
    with pytest.raises(ServiceError) as caught:
        call(stubbed.client)
    assert (caught.value.code, caught.value.message, caught.value.step) == (code, message, step)
    assert not isinstance(caught.value, SignInRequiredError)
    assert REFRESH not in str(caught.value) and ACCESS not in str(caught.value)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda c: signout.revoke(c, refresh_token="", client_id=CLIENT_ID), "refresh_token"),
        (lambda c: signout.revoke(c, refresh_token=REFRESH, client_id=""), "client_id"),
        (lambda c: signout.global_sign_out(c, access_token=""), "access_token"),
        (
            lambda c: signout.admin_global_sign_out(c, user_pool_id="nope", username="a"),
            "not a user pool id",
        ),
        (
            lambda c: signout.admin_global_sign_out(c, user_pool_id=POOL_ID, username=""),
            "username",
        ),
    ],
)
def test_bad_arguments_are_refused_before_any_call(
    stubbed: Stubbed, call: Callable[[Any], None], message: str
) -> None:
    with pytest.raises(InvalidParameterError, match=message):
        call(stubbed.client)
    assert stubbed.calls.operations() == []


def test_the_top_level_names_are_the_drivers() -> None:
    for name in ("revoke", "global_sign_out", "admin_global_sign_out"):
        assert getattr(srpcore, name) is getattr(signout, name)
        assert getattr(srpcore, f"{name}_async") is getattr(signout, f"{name}_async")
        assert name in srpcore.__all__ and f"{name}_async" in srpcore.__all__
    assert srpcore.SignInRequiredError is SignInRequiredError
    assert issubclass(SignInRequiredError, ServiceError)


# --- the managers -----------------------------------------------------------------------------


def assert_signed_out(manager: TokenManager) -> None:
    """Every use now raises SignInRequiredError, and makes no call (the Stubber has none)."""
    for use in (manager.tokens, manager.access_token, manager.id_token, manager.refresh):
        with pytest.raises(SignInRequiredError) as caught:
            use()
        assert caught.value.code == "SignedOut" and "sign in again" in caught.value.message
    assert not manager.signed_in and "tokens hidden" in repr(manager)


def test_manager_sign_out_revokes_then_forgets(stubbed: Stubbed) -> None:
    stubbed.stub.add_response("revoke_token", {}, REVOKE)
    manager = TokenManager(
        stubbed.client, HELD, client_id=CLIENT_ID, client_secret=SECRET, rotation=True
    )
    assert manager.access_token() == ACCESS and manager.signed_in
    manager.sign_out()
    assert_signed_out(manager)
    manager.sign_out()  # nothing left to revoke: no second call
    assert stubbed.calls.operations() == ["RevokeToken"]


def test_manager_global_sign_out(stubbed: Stubbed) -> None:
    stubbed.stub.add_response("global_sign_out", {}, {"AccessToken": ACCESS})
    manager = TokenManager(stubbed.client, HELD, client_id=CLIENT_ID)
    manager.sign_out(global_=True)
    assert_signed_out(manager)


def test_admin_manager_global_sign_out_names_the_internal_username(stubbed: Stubbed) -> None:
    stubbed.stub.add_response(
        "admin_user_global_sign_out", {}, {"UserPoolId": POOL_ID, "Username": "7d3f0c52-internal"}
    )
    manager = TokenManager(stubbed.client, HELD, client_id=CLIENT_ID, admin=True, pool_id=POOL_ID)
    manager.sign_out(global_=True)
    assert_signed_out(manager)


def test_a_failed_sign_out_still_forgets_and_says_so(stubbed: Stubbed) -> None:
    stubbed.stub.add_client_error(
        "revoke_token",
        service_error_code="UnsupportedOperationException",
        service_message="Token revocation is not enabled for this app client.",
        http_status_code=400,
    )
    manager = TokenManager(stubbed.client, HELD, client_id=CLIENT_ID)
    with pytest.raises(ServiceError) as caught:
        manager.sign_out()
    assert caught.value.code == "UnsupportedOperationException"
    assert_signed_out(manager)


def test_a_finished_refresh_token_ends_the_session_without_retries(stubbed: Stubbed) -> None:
    stubbed.stub.add_client_error(
        "get_tokens_from_refresh_token",
        service_error_code="RefreshTokenReuseException",
        service_message="Refresh token has been used.",
        http_status_code=400,
    )
    manager = TokenManager(stubbed.client, HELD, client_id=CLIENT_ID, rotation=True)
    for _ in range(3):  # the first call's verdict, repeated without calling again
        with pytest.raises(SignInRequiredError) as caught:
            manager.refresh()
        assert (caught.value.code, caught.value.step) == (
            "RefreshTokenReuseException",
            "GetTokensFromRefreshToken",
        )
    assert stubbed.calls.operations() == ["GetTokensFromRefreshToken"]
    assert not manager.signed_in
    manager.sign_out()  # already over: nothing to revoke, no call
    assert stubbed.calls.operations() == ["GetTokensFromRefreshToken"]


def test_async_manager_sign_out(stubbed: Stubbed) -> None:
    stubbed.stub.add_response("revoke_token", {}, REVOKE)
    stubbed.stub.add_response("global_sign_out", {}, {"AccessToken": ACCESS})
    client = AsyncClient(stubbed.client)

    async def main() -> None:
        first = AsyncTokenManager(client, HELD, client_id=CLIENT_ID, client_secret=SECRET)
        assert await first.access_token() == ACCESS
        await first.sign_out()
        second = AsyncTokenManager(client, HELD, client_id=CLIENT_ID)
        await second.sign_out(global_=True)
        for manager in (first, second):
            with pytest.raises(SignInRequiredError, match="SignedOut"):
                await manager.tokens()
            with pytest.raises(SignInRequiredError, match="SignedOut"):
                await manager.refresh()
            await manager.sign_out()  # no call
            assert not manager.signed_in

    asyncio.run(main())
    assert stubbed.calls.operations() == ["RevokeToken", "GlobalSignOut"]


def test_global_sign_out_still_happens_when_the_refresh_before_it_is_refused(
    stubbed: Stubbed,
) -> None:
    """The access token is due (within the leeway), so the manager refreshes first; the
    refresh token turns out to be spent, yet the not-yet-expired access token signs out."""
    stubbed.stub.add_client_error(
        "get_tokens_from_refresh_token",
        service_error_code="RefreshTokenReuseException",
        service_message="Refresh token has been used.",
        http_status_code=400,
    )
    stubbed.stub.add_response("global_sign_out", {}, {"AccessToken": ACCESS})
    expiring = Tokens(ACCESS, None, REFRESH, 30, "Bearer", "alice")  # due: 30 s < the leeway
    manager = TokenManager(stubbed.client, expiring, client_id=CLIENT_ID, rotation=True)
    manager.sign_out(global_=True)
    assert stubbed.calls.operations() == ["GetTokensFromRefreshToken", "GlobalSignOut"]
    assert_signed_out(manager)


def test_async_a_finished_refresh_token_ends_the_session_for_every_waiter(
    stubbed: Stubbed,
) -> None:
    stubbed.stub.add_client_error(
        "get_tokens_from_refresh_token",
        service_error_code="NotAuthorizedException",
        service_message="Refresh Token has been revoked",
        http_status_code=400,
    )
    client = AsyncClient(stubbed.client)

    async def main() -> tuple[list[BaseException | Tokens], BaseException | None]:
        manager = AsyncTokenManager(client, HELD, client_id=CLIENT_ID, rotation=True)
        outcomes = await asyncio.gather(
            *(manager.refresh(stale=ACCESS) for _ in range(4)), return_exceptions=True
        )
        try:
            await manager.access_token()
        except SignInRequiredError as exc:
            return list(outcomes), exc
        return list(outcomes), None

    outcomes, later = asyncio.run(main())
    assert all(isinstance(o, SignInRequiredError) for o in outcomes)
    assert isinstance(later, SignInRequiredError)
    assert later.message == "Refresh Token has been revoked"
    assert stubbed.calls.operations() == ["GetTokensFromRefreshToken"]  # one call, no retry
