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
from srpcore.cognito.secret_hash import add_client_keys
from srpcore.errors import ProtocolError
from srpcore.signin.options import RefreshOptions, options_keywords
from srpcore.signin.shape import authentication_result, obj, to_tokens
from srpcore.signin.types import Request, Tokens

__all__ = ["build_refresh", "refresh_request", "refresh_tokens", "refreshed"]


def build_refresh(options: RefreshOptions) -> Request:
    """The InitiateAuth (or AdminInitiateAuth) request for REFRESH_TOKEN_AUTH."""
    auth = {"REFRESH_TOKEN": options.refresh_token}
    add_client_keys(  # RefreshOptions refuses a client secret without the internal username
        auth,
        client_id=options.client_id,
        client_secret=options.client_secret,
        device_key=options.device.device_key if options.device is not None else None,
        username=options.username,
    )
    params: dict[str, Any] = {"UserPoolId": options.pool_id} if options.admin else {}
    params.update(ClientId=options.client_id, AuthFlow=options.flow, AuthParameters=auth)
    params.update(options.extras())
    operation = options.operation("InitiateAuth")
    return Request(operation, params, f"{operation}({options.flow})")


@options_keywords(RefreshOptions)
def refresh_request(options: RefreshOptions) -> Request:
    """:func:`build_refresh` taking the keywords of :class:`RefreshOptions`."""
    return build_refresh(options)


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


def refreshed(response: Mapping[str, Any], options: RefreshOptions, step: str) -> Tokens:
    """:func:`refresh_tokens` for the response to :func:`build_refresh` of ``options``."""
    return refresh_tokens(
        response,
        refresh_token=options.refresh_token,
        username=options.username,
        device=options.device,
        step=step,
    )
