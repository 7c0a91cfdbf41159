"""Sign-out requests, sans-IO: RevokeToken, GlobalSignOut and AdminUserGlobalSignOut.

RevokeToken ends one session: the refresh token and the access tokens issued from it (the
app client must allow token revocation, on by default for new clients). The
global forms end every session of the user: all refresh tokens, and the access tokens for
Cognito's token-authorised operations. GlobalSignOut is authorised by the access token itself;
AdminUserGlobalSignOut by AWS credentials. Each answers an empty object. The drivers make these
calls (:mod:`srpcore.drivers.signout`); building and checking them lives here, once.
"""

from __future__ import annotations

from srpcore.cognito.pool import pool_name
from srpcore.errors import InvalidParameterError
from srpcore.signin.types import Request

__all__ = ["build_admin_global_sign_out", "build_global_sign_out", "build_revoke"]


def _required(value: object, name: str) -> str:
    if not isinstance(value, str) or not value:
        raise InvalidParameterError(f"{name} must be a non-empty string")
    return value


def build_revoke(
    *, refresh_token: str, client_id: str, client_secret: str | None = None
) -> Request:
    """RevokeToken for ``refresh_token``: the raw ClientSecret when the client has one."""
    params = {
        "Token": _required(refresh_token, "refresh_token"),
        "ClientId": _required(client_id, "client_id"),
    }
    if client_secret is not None:
        params["ClientSecret"] = _required(client_secret, "client_secret")
    return Request("RevokeToken", params, "RevokeToken")


def build_global_sign_out(*, access_token: str) -> Request:
    """GlobalSignOut, authorised by the user's own (unexpired, unrevoked) access token."""
    params = {"AccessToken": _required(access_token, "access_token")}
    return Request("GlobalSignOut", params, "GlobalSignOut")


def build_admin_global_sign_out(*, user_pool_id: str, username: str) -> Request:
    """AdminUserGlobalSignOut: any of the user's names (username, alias, ``sub``) will do."""
    pool_name(user_pool_id)  # a malformed pool id is refused before any call
    params = {"UserPoolId": user_pool_id, "Username": _required(username, "username")}
    return Request("AdminUserGlobalSignOut", params, "AdminUserGlobalSignOut")
