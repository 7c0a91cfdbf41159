"""EMAIL_OTP and SMS_OTP as USER_AUTH first factors, and the Session ConfirmSignUp hands out.

A code sign-in draws a fresh six-digit code per attempt, "sends" it through the outbox to the
user's verified address, and asks EMAIL_OTP / SMS_OTP with the masked destination. The code
is good for :data:`~srpcore.local.codes.SIGN_IN_TTL` seconds and once; a wrong code is
CodeMismatchException and the same Session may try again, up to
:data:`~srpcore.local.codes.MAX_SIGN_IN_TRIES` wrong codes, the last of which ends the
sign-in (the Session is then "Invalid session for the user."). A code proves the user as a
first factor does: no MFA follows (AWS: MFA does not apply to passwordless sign-in).
"""

from __future__ import annotations

import secrets
from typing import Any

from srpcore.cognito.vocabulary import CODE_KEYS
from srpcore.local.codes import (
    KIND_MEDIUM,
    MEDIA,
    SIGN_IN_TTL,
    OneTimeCode,
    code_mismatch,
    delivery,
    send_sign_in_code,
)
from srpcore.local.context import Call
from srpcore.local.errors import INVALID_SESSION, ApiError, not_authorized
from srpcore.local.flow import advance, ask, require
from srpcore.local.model import User
from srpcore.local.progress import Event
from srpcore.local.session import Pending
from srpcore.local.signup import simulated_delivery

__all__ = ["MEDIUM", "answer_code", "check_code", "start_code"]

MEDIUM = {kind: KIND_MEDIUM[kind] for kind in ("EMAIL_OTP", "SMS_OTP")}
"""The first-factor code challenges, and the medium of each."""


def _simulated_code(call: Call, p: Pending, kind: str, typed: str) -> dict[str, Any]:
    """PreventUserExistenceErrors: an unknown name is asked for a code as a real user is
    ("a one-time password ... challenge", AWS developer guide, "Managing user existence error
    responses"), with a stable simulated destination; nothing is sent, and no answer matches
    (128 random bits stand in for the code), so every answer is a CodeMismatchException."""
    shown = simulated_delivery(call.ctx, call.pool, typed, MEDIA[KIND_MEDIUM[kind]])
    p.otp = OneTimeCode(secrets.token_hex(16), call.ctx.now() + SIGN_IN_TTL)
    params = {
        "USERNAME": p.username,
        "CODE_DELIVERY_DELIVERY_MEDIUM": KIND_MEDIUM[kind],
        "CODE_DELIVERY_DESTINATION": shown["Destination"],
    }
    return ask(call, p, kind, params)


def start_code(
    call: Call, p: Pending, user: User | None, kind: str, *, typed: str = ""
) -> dict[str, Any]:
    """Send a fresh code for ``kind`` and ask for it (the caller checked it is offered);
    ``typed`` is the name as the caller sent it (for an unknown name's simulated answer)."""
    found = None if user is None or not user.enabled else delivery(user, KIND_MEDIUM[kind])
    if found is None and call.client.prevent_user_existence_errors:
        return _simulated_code(call, p, kind, typed)  # no such user, or no such address
    if user is None or found is None:
        raise not_authorized()
    p.otp, sent = send_sign_in_code(
        call.ctx.outbox, call.pool.id, user.username, kind, address=found[1], now=call.ctx.now()
    )
    return ask(call, p, kind, {"USERNAME": user.username, **sent})


def _park_again(call: Call, p: Pending, ttl: float) -> None:
    """Put a sign-in back under the Session it came with, for another try at the code."""
    if p.session is None or ttl <= 0:
        return
    quotas = call.ctx.pending_quotas(p.pool_id, p.client_id, p.username)
    call.ctx.pending.put(["s:" + p.session], p, ttl=ttl, quotas=quotas)


def check_code(call: Call, p: Pending, given: str, mismatch: ApiError) -> None:
    """Take ``given`` as the answer to the code this sign-in sent (first factor or MFA):
    once, before it expires; a wrong one is ``mismatch`` and, while tries are left, the same
    Session may answer again."""
    otp = p.otp
    if otp is None:
        raise not_authorized(INVALID_SESSION)
    now = call.ctx.now()
    try:
        otp.redeem(given, now, mismatch)
    except ApiError as refused:
        if refused is mismatch and otp.retry_allowed:
            _park_again(call, p, otp.expires - now)
        raise
    p.otp = None


def answer_code(call: Call, p: Pending, responses: dict[str, str]) -> dict[str, Any]:
    """RespondToAuthChallenge(EMAIL_OTP / SMS_OTP) for a first-factor code."""
    check_code(call, p, require(responses, CODE_KEYS[p.awaiting]), code_mismatch())
    p.on(Event.CODE_PROVED)
    return advance(call, p)
