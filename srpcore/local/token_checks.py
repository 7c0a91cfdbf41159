"""Whether a token this endpoint issued still stands: the one place that decides it.

A refresh token is usable (REFRESH_TOKEN_AUTH and GetTokensFromRefreshToken alike) when it is
live (an expired one is told apart from an unknown one while remembered) and was issued to the
calling app client, the client proved itself, its sign-in was not revoked nor its user signed
out since, it was not rotated away past the grace period, its user still exists and is
enabled, and the device it was issued to (if any) is still a confirmed device of the user and
goes along with it. An id or access token's holder stands when the user it names still exists
with that ``sub``, is enabled and has not had the token taken back (token-authorised calls and
identity pools' ServerSideTokenCheck). Each operation keeps its own wording of a refusal.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from srpcore.core import compare
from srpcore.local.context import Call, Context
from srpcore.local.errors import (
    DEVICE_NOT_FOUND,
    USER_DISABLED,
    ApiError,
    not_authorized,
    resource_not_found,
)
from srpcore.local.model import Pool, User
from srpcore.local.revocation import ACCESS_REVOKED, REFRESH_REVOKED
from srpcore.local.tokens import RefreshGrant

__all__ = [
    "ACCESS_REFUSALS",
    "EXPIRED_REFRESH",
    "INVALID_REFRESH",
    "Refusals",
    "holder",
    "refresh_user",
    "token_user",
]

INVALID_REFRESH = "Invalid Refresh Token."
"""Cognito's wording, full stop included, as raw responses show it (aws-sdk-ios#2354,
aws-sdk-cpp#1789); "Refresh Token has been revoked" has none on the wire (amplify-swift#3344)."""


EXPIRED_REFRESH = "Refresh Token has expired"
"""Cognito's wording, no full stop, for a token it issued whose RefreshTokenValidity has passed
(x-amzn-ErrorMessage in amplify-swift#3496). Told only while the expired grant is remembered
(see :meth:`~srpcore.local.context.Context.grant_refresh`); after that it is invalid."""


def _invalid_refresh() -> ApiError:
    return not_authorized(INVALID_REFRESH)


def refresh_user(
    call: Call,
    token: str,
    *,
    device_key: str | None,
    authenticate: Callable[[str], None] | None = None,
    reused: Callable[[], ApiError] = _invalid_refresh,
) -> tuple[RefreshGrant, User]:
    """The grant of ``token`` and its user, if the calling client may refresh with it.

    ``authenticate(username)`` proves the client where that needs the grant's user (a
    SECRET_HASH); it runs before anything about the grant's state is told. ``reused`` is the
    operation's refusal of a token rotated away past its grace period.
    """
    ctx, pool, client = call.ctx, call.pool, call.client
    found = ctx.refresh_expiry(token)
    if found is None or found[0].client_id != client.client_id or found[0].pool_id != pool.id:
        raise _invalid_refresh()
    grant, expires = found
    if authenticate is not None:
        authenticate(grant.username)
    if ctx.now() >= expires:
        raise not_authorized(EXPIRED_REFRESH)
    if ctx.revocations.refresh_refused(grant):
        raise not_authorized(REFRESH_REVOKED)
    if grant.rotated_at is not None and ctx.now() >= grant.rotated_at + client.retry_grace:
        raise reused()
    user = ctx.repo.user(pool.id, grant.username)
    if user is None:
        raise _invalid_refresh()
    if not user.enabled:
        raise not_authorized(USER_DISABLED)
    _check_device(ctx, pool, grant, device_key)
    return grant, user


def _check_device(ctx: Context, pool: Pool, grant: RefreshGrant, given: str | None) -> None:
    """A token issued with a device is bound to it: refused ("Invalid Refresh Token.") without
    that device's key, with another device's key, and once the device is not a confirmed one
    of the user (never confirmed, or forgotten since). AWS: "You must provide the confirmed
    device key" (GetTokensFromRefreshToken's DeviceKey, service model); an unconfirmed device
    or a missing key gives "Invalid Refresh Token" (knowledge center). A key the user has no
    device for, other than the token's own, is "Device does not exist.", as at sign-in."""
    own = grant.device_key
    if given is not None and (own is None or not compare.constant_time_equal(given, own)):
        if ctx.repo.device(pool.id, grant.username, given) is None:
            raise resource_not_found(DEVICE_NOT_FOUND)
        raise _invalid_refresh()
    if own is None:
        return
    device = ctx.repo.device(pool.id, grant.username, own)
    if given is None or device is None or not device.confirmed:
        raise _invalid_refresh()


@dataclass(frozen=True)
class Refusals:
    """How one service words the refusal of a token's holder."""

    unknown: str
    disabled: str
    revoked: str


ACCESS_REFUSALS = Refusals("Invalid Access Token", USER_DISABLED, ACCESS_REVOKED)
"""Cognito user pools' wording, for every operation that takes an AccessToken."""


def holder(
    ctx: Context, pool_id: str, claims: dict[str, Any], name_claim: str, refusals: Refusals
) -> User:
    """The user a verified token's ``claims`` name (by ``name_claim``) if the token stands."""
    username = claims.get(name_claim)
    user = ctx.repo.user(pool_id, username) if isinstance(username, str) else None
    if user is None or user.sub != claims.get("sub"):
        raise not_authorized(refusals.unknown)
    if not user.enabled:
        raise not_authorized(refusals.disabled)
    if ctx.revocations.access_refused(pool_id, user.username, claims):
        raise not_authorized(refusals.revoked)
    return user


def token_user(ctx: Context, token: str) -> tuple[Pool, User, dict[str, Any]]:
    """The pool, user and claims of a valid access token (operations that take AccessToken)."""
    claims = ctx.tokens.check_access_token(token, now=int(ctx.now()))
    pool = ctx.pool(claims["_pool_id"])
    return pool, holder(ctx, pool.id, claims, "username", ACCESS_REFUSALS), claims
