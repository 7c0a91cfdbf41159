"""REFRESH_TOKEN_AUTH: new tokens from a refresh token, with the SECRET_HASH Cognito expects.

SECRET_HASH here is computed over the user's internal username (``Tokens.username``, the
``username`` claim of the access token), not the alias they signed in with: with an alias or an
e-mail-as-username pool, hashing what the user typed is the "SecretHash does not match" bug other
clients ship. When device tracking is on, the remembered device's DEVICE_KEY must go along.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from srpcore.cognito.device import DeviceSecret
from srpcore.cognito.pool import pool_name as _check_pool_id
from srpcore.cognito.secret_hash import secret_hash
from srpcore.errors import InvalidParameterError, ProtocolError
from srpcore.signin.shape import authentication_result, obj, to_tokens
from srpcore.signin.types import Request, Tokens

__all__ = ["refresh_request", "refresh_tokens"]


def refresh_request(
    *,
    client_id: str,
    refresh_token: str,
    username: str | None = None,
    client_secret: str | None = None,
    device: DeviceSecret | None = None,
    admin: bool = False,
    pool_id: str | None = None,
    client_metadata: Mapping[str, str] | None = None,
    analytics_metadata: Mapping[str, str] | None = None,
    user_context_data: Mapping[str, str] | None = None,
    context_data: Mapping[str, Any] | None = None,
) -> Request:
    """The InitiateAuth (or AdminInitiateAuth) request for REFRESH_TOKEN_AUTH."""
    if not refresh_token:
        raise InvalidParameterError("refresh_token must not be empty")
    auth = {"REFRESH_TOKEN": refresh_token}
    if client_secret is not None:
        if not username:
            raise InvalidParameterError(
                "with a client secret, refreshing needs the internal username for SECRET_HASH "
                "(Tokens.username from the sign-in)"
            )
        auth["SECRET_HASH"] = secret_hash(username, client_id, client_secret)
    if device is not None:
        auth["DEVICE_KEY"] = device.device_key
    params: dict[str, Any] = {}
    if admin:
        if pool_id is None:
            raise InvalidParameterError("AdminInitiateAuth needs pool_id")
        _check_pool_id(pool_id)
        params["UserPoolId"] = pool_id
        if user_context_data is not None:
            raise InvalidParameterError(
                "AdminInitiateAuth takes context_data, not user_context_data"
            )
    elif context_data is not None:
        raise InvalidParameterError("InitiateAuth takes user_context_data, not context_data")
    params.update(ClientId=client_id, AuthFlow="REFRESH_TOKEN_AUTH", AuthParameters=auth)
    for key, value in (
        ("ClientMetadata", client_metadata),
        ("AnalyticsMetadata", analytics_metadata),
        ("UserContextData", user_context_data),
        ("ContextData", context_data),
    ):
        if value is not None:
            params[key] = dict(value)
    operation = "AdminInitiateAuth" if admin else "InitiateAuth"
    return Request(operation, params, f"{operation}(REFRESH_TOKEN_AUTH)")


def refresh_tokens(
    response: Mapping[str, Any],
    *,
    refresh_token: str,
    username: str | None = None,
    device: DeviceSecret | None = None,
    step: str = "InitiateAuth(REFRESH_TOKEN_AUTH)",
) -> Tokens:
    """Tokens from the refresh response; the refresh token sent is kept unless a new one came.

    A response of the wrong shape raises :class:`ProtocolError` naming ``step`` (pass the
    request's ``step`` for the admin operation).
    """
    try:
        result = obj(response, "the response").get("AuthenticationResult")
        if not result:
            raise ProtocolError("REFRESH_TOKEN_AUTH returned no AuthenticationResult")
        checked = authentication_result(result)
    except ProtocolError as exc:
        exc.step = exc.step or step
        raise
    return to_tokens(checked, username=username, device=device, refresh_token=refresh_token)
