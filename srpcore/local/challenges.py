"""The RespondToAuthChallenge steps: each takes the parked sign-in and the answer, and returns
the next challenge or the tokens (through :func:`~srpcore.local.flow.advance`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from srpcore.cognito import server
from srpcore.cognito.proof import GROUP
from srpcore.cognito.vocabulary import CODE_KEYS
from srpcore.core.hkdf import hkdf_sha256
from srpcore.local import devices, mfa, otp, webauthn_signin
from srpcore.local.context import Call, Context
from srpcore.local.endpoint_keys import Purpose
from srpcore.local.errors import (
    ApiError,
    invalid_parameter,
    not_authorized,
)
from srpcore.local.flow import (
    advance,
    ask,
    check_password,
    current_user,
    require,
    start_srp,
    verify_srp,
)
from srpcore.local.model import Pool, SrpRecord, User, check_attributes
from srpcore.local.progress import Event, Stage
from srpcore.local.provision import update_user
from srpcore.local.session import Pending
from srpcore.local.totp import totp_matches

__all__ = ["STEPS", "Step", "password_step", "simulated_custom", "simulated_name", "srp_user_step"]


def simulated_name(ctx: Context, pool: Pool, typed: str) -> str:
    """The internal username an unknown user appears to have (PreventUserExistenceErrors).

    What a real user of the pool gets: the typed name in a plain pool, a stable UUID-shaped
    name in a pool whose sign-in names are username attributes (where real users have UUID
    internal names). In alias pools an unknown alias is echoed as typed, while a real user's
    alias is answered with their username: that difference remains (the name is unknowable),
    as on AWS, whose guide points such pools to the password flows instead ("You can use
    UsernamePassword to simulate a generic response if you are using verification based
    aliases", developer guide, "Managing user existence error responses").
    """
    if not pool.username_attributes:
        return typed
    return server.simulated_user(ctx.keys.key(Purpose.SIMULATED_USER), pool.id, typed)[1]


def _simulated_record(ctx: Context, pool: Pool, name: str) -> SrpRecord:
    """A stable (salt, verifier) for an unknown name, as costly to use as a real user's.

    Both come from keys derived from the endpoint's secret: the salt has a real salt's shape,
    and the verifier is a pseudo-random element mod N (never revealed: B = kv + g^b hides it), so no
    exponentiation is spent making it, and the proof check that follows costs what a real
    user's does.
    """
    salt, _ = server.simulated_user(ctx.keys.key(Purpose.SIMULATED_USER), pool.id, name)
    size = (GROUP.N.bit_length() + 7) // 8 + 16
    label = b"verifier\x00" + pool.id.encode() + b"\x00" + name.encode("utf-8", "surrogatepass")
    stream = hkdf_sha256(
        ctx.keys.key(Purpose.SIMULATED_VERIFIER), salt=None, info=label, length=size
    )
    verifier = int.from_bytes(stream, "big") % (GROUP.N - 3) + 2
    return SrpRecord(salt, verifier, simulated=True)


def srp_user_step(
    call: Call, p: Pending, user: User | None, *, srp_a: str, with_session: bool
) -> dict[str, Any]:
    """Answer SRP_A with PASSWORD_VERIFIER (with a Session except in USER_SRP_AUTH)."""
    if user is None:  # PreventUserExistenceErrors: a convincing challenge that cannot succeed
        record = _simulated_record(call.ctx, call.pool, p.username)
    else:
        record = SrpRecord(user.salt, user.verifier)
    name = p.username
    return start_srp(
        call,
        p,
        srp_a=srp_a,
        record=record,
        name="PASSWORD_VERIFIER",
        params={"USERNAME": name, "USER_ID_FOR_SRP": name},
        with_session=with_session,
    )


def password_step(call: Call, p: Pending, user: User | None, *, password: str) -> dict[str, Any]:
    """A plain-password sign-in (USER_PASSWORD_AUTH, USER_AUTH's PASSWORD).

    An unknown user's password is checked against a simulated record with the same work.
    """
    if user is None:
        record, user_id = _simulated_record(call.ctx, call.pool, p.username), p.username
    else:
        record, user_id = SrpRecord(user.salt, user.verifier), user.username
    check_password(call.ctx, call.pool, user_id=user_id, record=record, password=password)
    if user is None:
        raise not_authorized()  # unreachable in practice: nobody knows that verifier's x
    p.on(Event.PASSWORD_PROVED)
    return advance(call, p)


Step = Callable[[Call, Pending, dict[str, str]], dict[str, Any]]


def _password_verifier(call: Call, p: Pending, responses: dict[str, str]) -> dict[str, Any]:
    verify_srp(call.ctx, p, responses, pool_name=call.pool.pool_name, user_id=p.username)
    p.on(Event.PASSWORD_PROVED)
    if responses.get("DEVICE_KEY"):
        p.device_key = responses["DEVICE_KEY"]
    return advance(call, p)


def _select_challenge(call: Call, p: Pending, responses: dict[str, str]) -> dict[str, Any]:
    answer = require(responses, "ANSWER")
    user = call.ctx.repo.user(call.pool.id, p.username)
    if answer not in p.offered:
        raise invalid_parameter(
            f"Unsupported challenge answer {answer[:64]}; offered: {', '.join(p.offered)}"
        )
    if answer == "PASSWORD_SRP":
        return srp_user_step(call, p, user, srp_a=require(responses, "SRP_A"), with_session=True)
    if answer == "PASSWORD":
        return password_step(call, p, user, password=require(responses, "PASSWORD"))
    if answer in otp.MEDIUM:
        return otp.start_code(call, p, user, answer, typed=responses.get("USERNAME") or p.username)
    if answer == "WEB_AUTHN":
        return webauthn_signin.ask_web_authn(call, p, user)
    raise invalid_parameter(f"Unsupported challenge answer {answer[:64]}")


def _new_password(call: Call, p: Pending, responses: dict[str, str]) -> dict[str, Any]:
    password = require(responses, "NEW_PASSWORD")
    user = current_user(call, p)
    updates = {
        key.removeprefix("userAttributes."): value
        for key, value in responses.items()
        if key.startswith("userAttributes.")
    }
    ctx, pool = call.ctx, call.pool
    missing = [a for a in pool.required_attributes if a not in user.attributes and a not in updates]
    if missing:
        raise invalid_parameter(f"Invalid attributes given, {missing[0]} is missing")
    find = ctx.finder(pool)
    with ctx.repo.atomic():
        check_attributes(pool, updates, writer="user", find=find, user=user)
    ctx.check_password_policy(pool, password)
    salt, verifier = ctx.verifier_for(pool, user.username, password)
    with ctx.repo.atomic():  # checked again with the write: a name may have been taken since
        check_attributes(pool, updates, writer="user", find=find, user=user)
        current = current_user(call, p)
        attributes = {**current.attributes, **updates}
        update_user(
            ctx,
            pool,
            user.username,
            salt=salt,
            verifier=verifier,
            status="CONFIRMED",
            attributes=attributes,
        )
    p.on(Event.PASSED)
    return advance(call, p)


def _mfa_code(call: Call, p: Pending, responses: dict[str, str]) -> dict[str, Any]:
    kind = p.mfa.kind
    code = require(responses, CODE_KEYS[kind])
    user = current_user(call, p)
    mismatch = ApiError("CodeMismatchException", "Invalid code or auth state for the user.")
    if kind != "SOFTWARE_TOKEN_MFA":
        otp.check_code(call, p, code, mismatch)  # expiring, single use, bounded tries
    elif user.totp_secret is None or not totp_matches(user.totp_secret, code, call.ctx.now()):
        raise mismatch
    p.on(Event.PASSED)
    return advance(call, p)


def _email_code(call: Call, p: Pending, responses: dict[str, str]) -> dict[str, Any]:
    """EMAIL_OTP is a first factor (USER_AUTH) or the user's email MFA, by the stage."""
    if p.stage is Stage.PROOF:
        return otp.answer_code(call, p, responses)
    return _mfa_code(call, p, responses)


def _select_mfa(call: Call, p: Pending, responses: dict[str, str]) -> dict[str, Any]:
    answer = require(responses, "ANSWER")
    answer = "EMAIL_OTP" if answer == "EMAIL_MFA" else answer
    user = current_user(call, p)
    if answer not in user.mfa:
        raise invalid_parameter(
            f"MFA type {answer} is not available; choose from {json.dumps(list(user.mfa))}"
        )
    p.mfa.kind = answer
    return advance(call, p)


def simulated_custom(call: Call, p: Pending) -> dict[str, Any]:
    """PreventUserExistenceErrors: CUSTOM_AUTH without SRP_A for a name that cannot sign in
    gets the pool's first CUSTOM_CHALLENGE as a real user does, and every answer is refused
    as a wrong one is. AWS passes such a sign-in to its challenge triggers with
    ``userNotFound`` so that they can "simulate custom authorization challenges for a user
    that doesn't exist" (developer guide, "Managing user existence error responses")."""
    custom = call.pool.custom_auth
    if custom.rounds() == 0:
        raise not_authorized()
    while p.stage is not Stage.CUSTOM:  # no device, no MFA: straight to the rounds
        p.on(Event.NOT_NEEDED)
    return ask(call, p, "CUSTOM_CHALLENGE", custom.challenge_parameters(p.username, 0))


def _custom_challenge(call: Call, p: Pending, responses: dict[str, str]) -> dict[str, Any]:
    answer = require(responses, "ANSWER")
    if p.simulated or not call.pool.custom_auth.accepts(p.username, p.custom_round, answer):
        raise not_authorized()
    p.custom_round += 1
    p.on(Event.PASSED)
    return advance(call, p)


STEPS: dict[str, Step] = {
    "PASSWORD_VERIFIER": _password_verifier,
    "SELECT_CHALLENGE": _select_challenge,
    "NEW_PASSWORD_REQUIRED": _new_password,
    "SMS_MFA": _mfa_code,
    "EMAIL_OTP": _email_code,
    "SMS_OTP": otp.answer_code,
    "SOFTWARE_TOKEN_MFA": _mfa_code,
    "SELECT_MFA_TYPE": _select_mfa,
    "CUSTOM_CHALLENGE": _custom_challenge,
    "MFA_SETUP": mfa.mfa_setup,
    "DEVICE_SRP_AUTH": devices.device_srp_auth,
    "DEVICE_PASSWORD_VERIFIER": devices.device_password_verifier,
    "WEB_AUTHN": webauthn_signin.web_authn_step,
}
