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
from srpcore.local.errors import INVALID_SESSION, ApiError, invalid_parameter, not_authorized
from srpcore.local.flow import advance, current_user, park
from srpcore.local.model import User
from srpcore.local.progress import Event
from srpcore.local.provision import update_user
from srpcore.local.session import Pending
from srpcore.local.token_checks import token_user
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
    pool, user, _ = token_user(ctx, token)
    update_user(ctx, pool, user.username, pending_totp_secret=secret)
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
    pool, user, _ = token_user(ctx, token)
    with ctx.repo.atomic():
        current = ctx.repo.user(pool.id, user.username) or user
        secret = current.pending_totp_secret
        if not _code_matches(secret, code, ctx):
            raise mismatch
        update_user(
            ctx,
            pool,
            user.username,
            totp_secret=secret,
            pending_totp_secret=None,
            mfa=_with_totp(current),
        )
    return {"Status": "SUCCESS"}


def _with_totp(user: User) -> tuple[str, ...]:
    return user.mfa if "SOFTWARE_TOKEN_MFA" in user.mfa else (*user.mfa, "SOFTWARE_TOKEN_MFA")


def mfa_setup(call: Call, p: Pending, responses: dict[str, str]) -> dict[str, Any]:
    """RespondToAuthChallenge(MFA_SETUP) after a verified code: the user now has TOTP MFA."""
    if not p.mfa.setup_verified:
        raise ApiError("SoftwareTokenMFANotFoundException", "Software Token MFA is not set up.")
    with call.ctx.repo.atomic():
        user = current_user(call, p)
        update_user(
            call.ctx, call.pool, user.username, totp_secret=p.mfa.setup_secret, mfa=_with_totp(user)
        )
    p.on(Event.PASSED)
    return advance(call, p)


HANDLERS: dict[str, Handler] = {
    "AssociateSoftwareToken": associate_software_token,
    "VerifySoftwareToken": verify_software_token,
}
