"""RevokeToken, GlobalSignOut and AdminUserGlobalSignOut, through boto3.

Expected behaviour (AWS developer guide, "Revoking tokens"; API reference, RevokeToken and
GlobalSignOut): revoking a refresh token makes it unusable and every access token "previously
issued by that refresh token" invalid for Cognito's own API, while "the other refresh tokens
issued to the user are not affected"; a global sign-out invalidates all of the user's tokens.
Cognito answers a revoked refresh token with NotAuthorizedException "Refresh Token has been
revoked" and a revoked access token with "Access Token has been revoked" (AWS knowledge
center, "How do I revoke JWT tokens in Amazon Cognito").
"""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import Env, FakeClock
from .test_rotation import password_sign_in, refresh, rotating_client


def _refused(env: Env, call: Any, message: str, code: str = "NotAuthorizedException") -> None:
    with pytest.raises(env.idp.exceptions.ClientError) as refused:
        call()
    error = refused.value.response["Error"]
    assert (error["Code"], error["Message"]) == (code, message)


def _get_user(env: Env, access: str) -> Any:
    return lambda: env.idp.get_user(AccessToken=access)


def test_revoke_token_refuses_the_sign_in_and_nothing_else(env: Env) -> None:
    revoked, kept = password_sign_in(env, env.app), password_sign_in(env, env.app)
    renewed = refresh(env, env.app, revoked["RefreshToken"])  # issued from the same sign-in
    for _ in range(2):  # an empty answer, and revoking twice is no error
        answer = env.idp.revoke_token(Token=revoked["RefreshToken"], ClientId=env.app.client_id)
        assert set(answer) == {"ResponseMetadata"}
    for access in (revoked["AccessToken"], renewed["AccessToken"]):
        _refused(env, _get_user(env, access), "Access Token has been revoked")
    renew = lambda: refresh(env, env.app, revoked["RefreshToken"])  # noqa: E731
    _refused(env, renew, "Refresh Token has been revoked")
    _refused(
        env,
        lambda: env.idp.initiate_auth(
            AuthFlow="REFRESH_TOKEN_AUTH",
            ClientId=env.app.client_id,
            AuthParameters={"REFRESH_TOKEN": revoked["RefreshToken"]},
        ),
        "Refresh Token has been revoked",
    )
    # Token-authorised operations other than GetUser refuse it too.
    _refused(
        env,
        lambda: env.idp.associate_software_token(AccessToken=revoked["AccessToken"]),
        "Access Token has been revoked",
    )
    assert env.idp.get_user(AccessToken=kept["AccessToken"])["Username"] == "alice"
    assert "AccessToken" in refresh(env, env.app, kept["RefreshToken"])


def test_revoking_a_rotated_token_takes_its_predecessor_along(env: Env) -> None:
    app = rotating_client(env, 30)
    first = password_sign_in(env, app)["RefreshToken"]
    second = refresh(env, app, first)["RefreshToken"]
    env.idp.revoke_token(Token=second, ClientId=app.client_id)
    for token in (first, second):
        _refused(env, lambda t=token: refresh(env, app, t), "Refresh Token has been revoked")


def test_revoke_token_checks_the_client_and_the_token_kind(env: Env) -> None:
    app = env.secret_app
    assert app.client_secret is not None
    tokens = password_sign_in(env, app)
    unauthorized = env.idp.exceptions.UnauthorizedException
    with pytest.raises(unauthorized):
        env.idp.revoke_token(Token=tokens["RefreshToken"], ClientId=app.client_id)
    with pytest.raises(unauthorized):
        env.idp.revoke_token(
            Token=tokens["RefreshToken"], ClientId=app.client_id, ClientSecret="w" * 51
        )
    with pytest.raises(unauthorized):  # another client's token is not this client's to revoke
        env.idp.revoke_token(Token=tokens["RefreshToken"], ClientId=env.app.client_id)
    with pytest.raises(env.idp.exceptions.UnsupportedTokenTypeException):
        env.idp.revoke_token(
            Token=tokens["AccessToken"], ClientId=app.client_id, ClientSecret=app.client_secret
        )
    assert env.idp.get_user(AccessToken=tokens["AccessToken"])["Username"] == "alice"
    env.idp.revoke_token(
        Token=tokens["RefreshToken"], ClientId=app.client_id, ClientSecret=app.client_secret
    )
    _refused(env, _get_user(env, tokens["AccessToken"]), "Access Token has been revoked")


def test_revocation_can_be_disabled_per_client(env: Env) -> None:
    created = env.idp.create_user_pool_client(
        UserPoolId=env.pool_id,
        ClientName="no-revocation",
        ExplicitAuthFlows=["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        EnableTokenRevocation=False,
    )["UserPoolClient"]
    assert created["EnableTokenRevocation"] is False
    with pytest.raises(env.idp.exceptions.UnsupportedOperationException):
        env.idp.revoke_token(Token="a" * 40, ClientId=created["ClientId"])


@pytest.mark.parametrize("admin", [False, True])
def test_global_sign_out_refuses_every_token_held_before(
    env: Env, clock: FakeClock, admin: bool
) -> None:
    sessions = [password_sign_in(env, env.app), password_sign_in(env, env.secret_app)]
    clock.advance(1)
    sessions.append(password_sign_in(env, env.app))  # in the very second of the sign-out
    if admin:
        env.idp.admin_user_global_sign_out(UserPoolId=env.pool_id, Username="alice")
    else:
        env.idp.global_sign_out(AccessToken=sessions[0]["AccessToken"])
    for tokens in sessions:
        _refused(env, _get_user(env, tokens["AccessToken"]), "Access Token has been revoked")
    for tokens in (sessions[0], sessions[2]):
        _refused(
            env,
            lambda t=tokens: refresh(env, env.app, t["RefreshToken"]),
            "Refresh Token has been revoked",
        )
    after = password_sign_in(env, env.app)  # signing in again right away works
    assert env.idp.get_user(AccessToken=after["AccessToken"])["Username"] == "alice"
    assert "AccessToken" in refresh(env, env.app, after["RefreshToken"])


def test_admin_global_sign_out_of_an_unknown_user(env: Env) -> None:
    with pytest.raises(env.idp.exceptions.UserNotFoundException):
        env.idp.admin_user_global_sign_out(UserPoolId=env.pool_id, Username="nobody")


def test_another_users_sign_out_leaves_alice_signed_in(env: Env) -> None:
    env.cognito.create_user(env.pool_id, "bob", env.password)
    alice, bob = password_sign_in(env, env.app), password_sign_in(env, env.app, "bob")
    env.idp.global_sign_out(AccessToken=bob["AccessToken"])
    _refused(env, _get_user(env, bob["AccessToken"]), "Access Token has been revoked")
    assert env.idp.get_user(AccessToken=alice["AccessToken"])["Username"] == "alice"


def test_revocation_neither_writes_a_grant_nor_reads_them_all(
    env: Env, monkeypatch: pytest.MonkeyPatch
) -> None:
    """RevokeToken learns the token's expiry without storing its grant again, and a global
    sign-out finds the user's sign-ins through their own index, not a scan of every grant."""
    tokens = password_sign_in(env, env.app)
    other = password_sign_in(env, env.app)
    repo = env.cognito.service.context.repo

    def forbidden(*_: Any) -> Any:
        raise AssertionError("not the repository's business here")

    monkeypatch.setattr(repo, "put_grant", forbidden)
    monkeypatch.setattr(repo, "grants", forbidden)
    env.idp.revoke_token(Token=tokens["RefreshToken"], ClientId=env.app.client_id)
    env.idp.global_sign_out(AccessToken=other["AccessToken"])
    monkeypatch.undo()
    for session in (tokens, other):
        _refused(env, _get_user(env, session["AccessToken"]), "Access Token has been revoked")
