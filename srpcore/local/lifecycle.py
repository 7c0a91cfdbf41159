"""Life after sign-in: GetTokensFromRefreshToken, RevokeToken, GlobalSignOut and
AdminUserGlobalSignOut.

GetTokensFromRefreshToken works on every app client. Without rotation it answers new id and
access tokens only; with RefreshTokenRotation ENABLED it also answers a new refresh token
(expiring when the one it replaces would have) and the old one keeps working for the client's
RetryGracePeriodSeconds from its first rotation, then gets RefreshTokenReuseException. The raw
ClientSecret is checked (not a SECRET_HASH); whether the token is otherwise usable (its client,
revocation, user and device) is decided by :func:`~srpcore.local.token_checks.refresh_user`, as
for REFRESH_TOKEN_AUTH. Every token issued from one sign-in carries its ``origin_jti``;
:mod:`srpcore.local.revocation` keeps what RevokeToken and global sign-out took back.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from srpcore.core import compare
from srpcore.local.context import Call, Context, Handler
from srpcore.local.errors import ApiError, not_authorized
from srpcore.local.flow import grant_result
from srpcore.local.model import AppClient, Pool, User
from srpcore.local.token_checks import (
    EXPIRED_REFRESH,
    INVALID_REFRESH,
    refresh_user,
    token_user,
)
from srpcore.local.tokens import new_refresh_token
from srpcore.local.validate import opt_map, opt_str, req_str

__all__ = ["HANDLERS"]

REUSED = "Refresh token has been rotated and its grace period is over."
"""RefreshTokenReuseException's wording is not documented; this one says what happened."""


def _secret_ok(client: AppClient, given: str | None) -> bool:
    """The raw client secret, when the client has one (compared in constant time)."""
    if client.secret is None:
        return True
    return given is not None and compare.constant_time_equal(given, client.secret)


def _reused() -> ApiError:
    return ApiError("RefreshTokenReuseException", REUSED)


def get_tokens_from_refresh_token(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
    token = req_str(body, "RefreshToken")
    client_id = req_str(body, "ClientId")
    secret = opt_str(body, "ClientSecret")
    device_key = opt_str(body, "DeviceKey")
    opt_map(body, "ClientMetadata")  # no Lambda triggers here: type-checked, then unused
    pool, client = ctx.client(client_id)
    if not _secret_ok(client, secret):
        raise not_authorized(f"Unable to verify secret for client {client.client_id}")
    call = Call(ctx, pool, client)
    with ctx.rotation_lock(token):  # read, check and rotate as one step: spent once
        grant, user = refresh_user(call, token, device_key=device_key, reused=_reused)
        refresh = None
        if client.rotation:
            now = ctx.now()
            expires = ctx.replace_refresh(
                token, grant if grant.rotated_at is not None else replace(grant, rotated_at=now)
            )
            if expires is None:  # expired (or evicted) in the meantime
                gone = EXPIRED_REFRESH if ctx.refresh_expiry(token) else INVALID_REFRESH
                raise not_authorized(gone)
            refresh = new_refresh_token()
            ctx.grant_refresh(refresh, replace(grant, rotated_at=None), expires - now)
    out = grant_result(call, user, grant, refresh_token=refresh)
    return {"AuthenticationResult": out["AuthenticationResult"]}


def revoke_token(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
    """Refuse the refresh token, its rotations and every token issued from its sign-in.

    A token that is not live (unknown, expired) is no error: there is nothing left to revoke
    (RFC 7009, section 2.2). Access and id tokens are not what RevokeToken takes.
    """
    token = req_str(body, "Token")
    client_id = req_str(body, "ClientId")
    secret = opt_str(body, "ClientSecret")
    client = ctx.repo.client(client_id)
    if client is None or not _secret_ok(client, secret):
        raise ApiError("UnauthorizedException", "Invalid client or client secret.")
    if not client.token_revocation:
        raise ApiError(
            "UnsupportedOperationException", "Token revocation is not enabled for this client."
        )
    if token.count(".") == 2:  # a JWT: an id or access token, never one of our refresh tokens
        raise ApiError("UnsupportedTokenTypeException", "Only refresh tokens can be revoked.")
    found = ctx.refresh_expiry(token)
    if found is None or found[1] <= ctx.now():
        return {}
    grant, expires = found
    if grant.client_id != client.client_id:
        raise ApiError("UnauthorizedException", "Invalid client or client secret.")
    until = ctx.now() + float(max(client.access_token_validity, client.id_token_validity))
    ctx.revocations.revoke_sign_in(grant, until=max(until, expires))
    return {}


def sign_out_user(ctx: Context, pool: Pool, user: User) -> None:
    """Refuse every refresh token and every id or access token the user holds now."""
    now = ctx.now()
    clients = [c for c in map(ctx.repo.client, ctx.repo.client_ids(pool.id)) if c is not None]
    longest = max(
        (max(c.refresh_token_validity, c.access_token_validity) for c in clients), default=0
    )
    live = [grant.origin_jti for grant in ctx.user_grants(pool, user.username)]
    ctx.revocations.sign_out(
        pool.id, user.username, origins=dict.fromkeys(live), until=now + float(longest)
    )


def global_sign_out(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
    pool, user, _ = token_user(ctx, req_str(body, "AccessToken"))
    sign_out_user(ctx, pool, user)
    return {}


def admin_user_global_sign_out(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
    pool = ctx.pool(req_str(body, "UserPoolId"))
    user = ctx.user(pool, req_str(body, "Username", max_len=128))
    sign_out_user(ctx, pool, user)
    return {}


HANDLERS: dict[str, Handler] = {
    "GetTokensFromRefreshToken": get_tokens_from_refresh_token,
    "RevokeToken": revoke_token,
    "GlobalSignOut": global_sign_out,
    "AdminUserGlobalSignOut": admin_user_global_sign_out,
}
