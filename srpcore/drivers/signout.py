"""Sign out through the caller's own client: one core per call, thin sync and async faces.

Each function builds its request in :mod:`srpcore.signin.signout` and makes it on the caller's
boto3 (sync) or aiobotocore (async) ``cognito-idp`` client. A refusal is a
:class:`~srpcore.errors.ServiceError` with the service's code and message, the operation as its
``step``; nothing is returned on success (Cognito answers ``{}``).
"""

from __future__ import annotations

from typing import Any

from srpcore.drivers._common import call, call_async
from srpcore.signin.signout import (
    build_admin_global_sign_out,
    build_global_sign_out,
    build_revoke,
)

__all__ = [
    "admin_global_sign_out",
    "admin_global_sign_out_async",
    "global_sign_out",
    "global_sign_out_async",
    "revoke",
    "revoke_async",
]


def revoke(
    client: Any, *, refresh_token: str, client_id: str, client_secret: str | None = None
) -> None:
    """RevokeToken: end the session of ``refresh_token`` and the access tokens it issued.

    ``client_secret`` is the app client's raw secret (RevokeToken takes no SECRET_HASH).
    """
    request = build_revoke(
        refresh_token=refresh_token, client_id=client_id, client_secret=client_secret
    )
    call(client, request)


async def revoke_async(
    client: Any, *, refresh_token: str, client_id: str, client_secret: str | None = None
) -> None:
    """Async :func:`revoke`."""
    request = build_revoke(
        refresh_token=refresh_token, client_id=client_id, client_secret=client_secret
    )
    await call_async(client, request)


def global_sign_out(client: Any, *, access_token: str) -> None:
    """GlobalSignOut: end every session of the user whose (valid) access token this is."""
    call(client, build_global_sign_out(access_token=access_token))


async def global_sign_out_async(client: Any, *, access_token: str) -> None:
    """Async :func:`global_sign_out`."""
    await call_async(client, build_global_sign_out(access_token=access_token))


def admin_global_sign_out(client: Any, *, user_pool_id: str, username: str) -> None:
    """AdminUserGlobalSignOut: end every session of ``username`` (needs AWS credentials)."""
    call(client, build_admin_global_sign_out(user_pool_id=user_pool_id, username=username))


async def admin_global_sign_out_async(client: Any, *, user_pool_id: str, username: str) -> None:
    """Async :func:`admin_global_sign_out`."""
    request = build_admin_global_sign_out(user_pool_id=user_pool_id, username=username)
    await call_async(client, request)
