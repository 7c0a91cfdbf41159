"""MFA_SETUP for pools that require MFA: AssociateSoftwareToken, VerifySoftwareToken, then
RespondToAuthChallenge(MFA_SETUP), each carrying the Session of the step before.

A user without MFA in a pool created with ``mfa_required=True`` (wire: ``MfaConfiguration="ON"``)
meets MFA_SETUP after the password; once a code from the new TOTP secret verifies, the user has
SOFTWARE_TOKEN_MFA from then on. The AccessToken form of the two calls (a signed-in user adding
an authenticator) works too.
"""

from __future__ import annotations

from typing import Any

from srpcore.local.context import Call, Context, Handler
from srpcore.local.devices import token_user
from srpcore.local.errors import INVALID_SESSION, ApiError, invalid_parameter, not_authorized
from srpcore.local.flow import advance, current_user, park
from srpcore.local.progress import Event
from srpcore.local.session import Pending
from srpcore.local.totp import new_totp_secret, totp_matches
from srpcore.local.validate import opt_str, req_str

__all__ = ["HANDLERS", "mfa_setup"]


def _setup_in_progress(ctx: Context, session: str) -> tuple[Call, Pending]:
    p = ctx.pending.pop("s:" + session)
    if p is None or p.awaiting != "MFA_SETUP":
        raise not_authorized(INVALID_SESSION)
    pool, client = ctx.client(p.client_id)
    return Call(ctx, pool, client), p


def _code_matches(secret: str | None, code: str, ctx: Context) -> bool:
    return secret is not None and totp_matches(secret, code, ctx.now())


def associate_software_token(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
    session = opt_str(body, "Session")
    token = opt_str(body, "AccessToken")
    secret = new_totp_secret()
    if session is not None:
        call, p = _setup_in_progress(ctx, session)
        p.mfa.setup_secret = secret
        park(call, p, with_session=True)
        return {"SecretCode": secret, "Session": p.session}
    if token is None:
        raise invalid_parameter("AccessToken or Session is required")
    _, user, _ = token_user(ctx, token)
    with ctx.lock:
        user.pending_totp_secret = secret
    return {"SecretCode": secret}


def verify_software_token(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
    session = opt_str(body, "Session")
    token = opt_str(body, "AccessToken")
    code = req_str(body, "UserCode", max_len=6)
    opt_str(body, "FriendlyDeviceName", max_len=131072)
    mismatch = ApiError(
        "EnableSoftwareTokenMFAException", "Code mismatch and fail enable Software Token MFA"
    )
    if session is not None:
        call, p = _setup_in_progress(ctx, session)
        if not _code_matches(p.mfa.setup_secret or None, code, ctx):
            raise mismatch
        p.mfa.setup_verified = True
        park(call, p, with_session=True)
        return {"Status": "SUCCESS", "Session": p.session}
    if token is None:
        raise invalid_parameter("AccessToken or Session is required")
    _, user, _ = token_user(ctx, token)
    with ctx.lock:
        if not _code_matches(user.pending_totp_secret, code, ctx):
            raise mismatch
        user.totp_secret, user.pending_totp_secret = user.pending_totp_secret, None
        if "SOFTWARE_TOKEN_MFA" not in user.mfa:
            user.mfa = (*user.mfa, "SOFTWARE_TOKEN_MFA")
    return {"Status": "SUCCESS"}


def mfa_setup(call: Call, p: Pending, responses: dict[str, str]) -> dict[str, Any]:
    """RespondToAuthChallenge(MFA_SETUP) after a verified code: the user now has TOTP MFA."""
    if not p.mfa.setup_verified:
        raise ApiError("SoftwareTokenMFANotFoundException", "Software Token MFA is not set up.")
    user = current_user(call, p)
    with call.ctx.lock:
        user.totp_secret = p.mfa.setup_secret
        user.mfa = (*user.mfa, "SOFTWARE_TOKEN_MFA")
    p.on(Event.PASSED)
    return advance(call, p)


HANDLERS: dict[str, Handler] = {
    "AssociateSoftwareToken": associate_software_token,
    "VerifySoftwareToken": verify_software_token,
}
