"""Refresh: REFRESH_TOKEN_AUTH with the SECRET_HASH Cognito expects, or GetTokensFromRefreshToken.

SECRET_HASH here is computed over the user's internal username (``Tokens.username``, the
``username`` claim of the access token), not the alias they signed in with: with an alias or an
e-mail-as-username pool, hashing what the user typed is the "SecretHash does not match" bug other
clients ship. When device tracking is on, the remembered device's DEVICE_KEY must go along.

GetTokensFromRefreshToken (the only refresh an app client with refresh-token rotation accepts)
takes the raw ClientSecret and DeviceKey as top-level fields, and may answer with a new refresh
token, which then replaces the old one. :func:`session_over` says which refusals mean the
refresh token is finished for good, so that only a new sign-in helps.

Which of the two calls to make is decided here and nowhere else (:func:`first_refresh`,
:func:`fallback_refresh`): ``rotation=True`` is always GetTokensFromRefreshToken, ``False``
always REFRESH_TOKEN_AUTH, and ``"auto"`` GetTokensFromRefreshToken, which Cognito answers on
every app client (with a new refresh token only when rotation is on), unless the options carry
fields only REFRESH_TOKEN_AUTH has a place for, or the caller reports the operation unknown
where the request would go. It falls back to REFRESH_TOKEN_AUTH once, and only on that same
report after the call: ``UnknownOperationException``, what an AWS JSON endpoint says for an
operation it does not implement (emulators that predate April 2025). No other refusal falls
back: a ``NotAuthorizedException`` may be a revoked token, and answering it with the other call
would only spend a second request on the same verdict.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from srpcore.cognito.device import DeviceSecret
from srpcore.cognito.secret_hash import add_client_keys
from srpcore.core.keywords import options_keywords
from srpcore.errors import ProtocolError
from srpcore.signin.options import RefreshOptions
from srpcore.signin.shape import authentication_result, obj, tokens_from_result
from srpcore.signin.types import Request, Tokens

__all__ = [
    "ROTATE_OPERATION",
    "UNKNOWN_OPERATION",
    "build_refresh",
    "build_rotating_refresh",
    "fallback_refresh",
    "first_refresh",
    "refresh_request",
    "refresh_tokens",
    "refreshed",
    "session_over",
]

ROTATE_OPERATION = "GetTokensFromRefreshToken"
UNKNOWN_OPERATION = "UnknownOperationException"
"""The AWS JSON protocol's answer to an X-Amz-Target the endpoint does not implement."""

_FINISHED_REFRESH = re.compile(r"refresh token", re.IGNORECASE)


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


def build_rotating_refresh(options: RefreshOptions) -> Request:
    """The GetTokensFromRefreshToken request: raw ClientSecret and DeviceKey, no SECRET_HASH.

    The operation has no Admin twin and needs no AWS credentials, so ``admin`` plays no part.
    """
    params: dict[str, Any] = {"RefreshToken": options.refresh_token, "ClientId": options.client_id}
    if options.client_secret is not None:
        params["ClientSecret"] = options.client_secret
    if options.device is not None:
        params["DeviceKey"] = options.device.device_key
    if options.client_metadata is not None:
        params["ClientMetadata"] = dict(options.client_metadata)
    return Request(ROTATE_OPERATION, params, ROTATE_OPERATION)


def session_over(code: str, message: str) -> bool:
    """Whether a refresh refusal means the refresh token is finished: sign in again.

    RefreshTokenReuseException (a rotated-out token after its grace period), and Cognito's
    NotAuthorizedException about the refresh token itself ("Invalid Refresh Token.", also for
    a token whose device is unconfirmed, forgotten or not sent; "Refresh Token has expired";
    "Refresh Token has been revoked"). Other refusals, such as "User is
    disabled.", may pass (an administrator re-enables the user) and stay plain errors.
    """
    if code == "RefreshTokenReuseException":
        return True
    return code == "NotAuthorizedException" and _FINISHED_REFRESH.search(message) is not None


def first_refresh(options: RefreshOptions, *, rotation_unknown: bool = False) -> Request:
    """The refresh request ``options.rotation`` asks for (see the module's text).

    ``rotation_unknown`` is the caller's report that GetTokensFromRefreshToken is known not to
    exist where the request goes (its SDK lacks it, or the endpoint answered
    ``UnknownOperationException`` before): ``"auto"`` then asks with REFRESH_TOKEN_AUTH at once.
    ``True`` and ``False`` are what they say whatever is reported.
    """
    if options.rotation is False:
        return build_refresh(options)
    if options.rotation == "auto" and (rotation_unknown or options.initiate_only()):
        return build_refresh(options)
    return build_rotating_refresh(options)


def fallback_refresh(options: RefreshOptions, failed: Request) -> Request | None:
    """What to ask instead after ``failed`` met an endpoint that does not know its operation.

    REFRESH_TOKEN_AUTH after ``"auto"``'s GetTokensFromRefreshToken; ``None`` for anything else
    (an explicit ``rotation`` is never second-guessed, and REFRESH_TOKEN_AUTH has no fallback).
    """
    if options.rotation == "auto" and failed.operation == ROTATE_OPERATION:
        return build_refresh(options)
    return None


@options_keywords(RefreshOptions)
def refresh_request(options: RefreshOptions) -> Request:
    """:func:`first_refresh`, taking the keywords of :class:`RefreshOptions`.

    ``rotation=False``: :func:`build_refresh`; ``True``: :func:`build_rotating_refresh`;
    ``"auto"``: the rotating one unless the options carry fields only REFRESH_TOKEN_AUTH has a
    place for. A sans-IO caller falls back with :func:`fallback_refresh` (on
    ``UnknownOperationException``).
    """
    return first_refresh(options)


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
            raise ProtocolError(f"{_flow(step)} returned no AuthenticationResult")
        checked = authentication_result(result)
    except ProtocolError as exc:
        exc.step = exc.step or step
        raise
    return tokens_from_result(
        checked, username=username, device=device, refresh_token=refresh_token
    )


def refreshed(response: Mapping[str, Any], options: RefreshOptions, step: str) -> Tokens:
    """:func:`refresh_tokens` for the response to :func:`build_refresh` of ``options``."""
    return refresh_tokens(
        response,
        refresh_token=options.refresh_token,
        username=options.username,
        device=options.device,
        step=step,
    )


def _flow(step: str) -> str:
    """How an error names the refresh: REFRESH_TOKEN_AUTH, or the operation that has no flow."""
    return "REFRESH_TOKEN_AUTH" if "REFRESH_TOKEN_AUTH" in step else step
