"""InitiateAuth, RespondToAuthChallenge and their Admin twins.

Flows: USER_SRP_AUTH (no Session, like AWS: the SECRET_BLOCK carries the state), USER_AUTH
(PREFERRED_CHALLENGE=PASSWORD_SRP / PASSWORD / EMAIL_OTP / SMS_OTP / WEB_AUTHN where
:func:`~srpcore.local.factors.first_factors` offers it, else SELECT_CHALLENGE; or the Session
ConfirmSignUp returned, see :mod:`~srpcore.local.signup`), CUSTOM_AUTH (optionally
starting with CHALLENGE_NAME=SRP_A), USER_PASSWORD_AUTH / ADMIN_USER_PASSWORD_AUTH and
REFRESH_TOKEN_AUTH. A sign-in started through the Admin pair must be finished through it, and
through the same app client.
"""

from __future__ import annotations

from typing import Any

from srpcore.local import otp, signup
from srpcore.local.challenges import (
    STEPS,
    password_step,
    simulated_custom,
    simulated_name,
    srp_user_step,
)
from srpcore.local.context import Call, Context, Handler
from srpcore.local.errors import (
    AUTH_METHOD_NOT_SUPPORTED,
    INCORRECT_CREDENTIALS,
    INVALID_SESSION,
    USER_DISABLED,
    USER_NOT_FOUND,
    ApiError,
    flow_not_enabled,
    invalid_parameter,
    not_authorized,
)
from srpcore.local.factors import first_factors
from srpcore.local.flow import advance, ask, grant_result, require, take
from srpcore.local.model import AppClient, User
from srpcore.local.progress import Event
from srpcore.local.repository import find_user
from srpcore.local.session import Pending
from srpcore.local.token_checks import refresh_user
from srpcore.local.validate import opt_map, opt_str, opt_struct, req_str
from srpcore.local.webauthn_signin import ask_web_authn

__all__ = ["HANDLERS"]

FLOW_PERMISSION = {
    "USER_SRP_AUTH": "ALLOW_USER_SRP_AUTH",
    "USER_AUTH": "ALLOW_USER_AUTH",
    "CUSTOM_AUTH": "ALLOW_CUSTOM_AUTH",
    "REFRESH_TOKEN_AUTH": "ALLOW_REFRESH_TOKEN_AUTH",
    "REFRESH_TOKEN": "ALLOW_REFRESH_TOKEN_AUTH",
    "USER_PASSWORD_AUTH": "ALLOW_USER_PASSWORD_AUTH",
    "ADMIN_USER_PASSWORD_AUTH": "ALLOW_ADMIN_USER_PASSWORD_AUTH",
    "ADMIN_NO_SRP_AUTH": "ALLOW_ADMIN_USER_PASSWORD_AUTH",
}
_SHARED = {"USER_SRP_AUTH", "USER_AUTH", "CUSTOM_AUTH", "REFRESH_TOKEN_AUTH", "REFRESH_TOKEN"}
PUBLIC_FLOWS = frozenset({*_SHARED, "USER_PASSWORD_AUTH"})
ADMIN_FLOWS = frozenset({*_SHARED, "ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH"})
PASSWORD_FLOWS = frozenset({"USER_PASSWORD_AUTH", "ADMIN_USER_PASSWORD_AUTH", "ADMIN_NO_SRP_AUTH"})


def _addressee(ctx: Context, body: dict[str, Any], admin: bool) -> Call:
    """The pool and app client an auth call names (an Admin call names the pool as well),
    after type-checking the members every auth call accepts and this endpoint records
    nowhere."""
    pool_id = req_str(body, "UserPoolId") if admin else None
    client_id = req_str(body, "ClientId")
    opt_map(body, "ClientMetadata")
    opt_struct(body, "AnalyticsMetadata")
    opt_struct(body, "ContextData" if admin else "UserContextData")
    pool, client = ctx.client(client_id, pool_id)
    return Call(ctx, pool, client)


def _refresh(call: Call, params: dict[str, str]) -> dict[str, Any]:
    ctx, client = call.ctx, call.client
    if client.rotation:  # a rotating client refreshes through GetTokensFromRefreshToken only
        raise flow_not_enabled("REFRESH_TOKEN_AUTH")
    grant, user = refresh_user(
        call,
        require(params, "REFRESH_TOKEN"),
        device_key=params.get("DEVICE_KEY") or None,
        authenticate=lambda name: ctx.check_secret_hash(client, name, params.get("SECRET_HASH")),
    )
    return grant_result(call, user, grant)


def _check_status(client: AppClient, user: User) -> User | None:
    """Users who cannot sign in yet, refused the way Cognito refuses them; the user to sign
    in, or None for one to answer as an unknown name is (PreventUserExistenceErrors)."""
    if not user.enabled and not client.prevent_user_existence_errors:
        # Under PreventUserExistenceErrors the refusal waits for the proof (advance() re-reads
        # the user): AWS, "If a user is disabled and the password is incorrect, the error will
        # also indicate that either the user name or password is incorrect" (developer guide,
        # "Managing user existence error responses").
        raise not_authorized(USER_DISABLED)
    if user.status == "UNCONFIRMED":
        raise ApiError("UserNotConfirmedException", "User is not confirmed.")
    if user.status == "RESET_REQUIRED":
        if client.prevent_user_existence_errors:
            # AWS: "a generic NotAuthorizedException ... instead of returning
            # PasswordResetRequiredException" (developer guide, "Managing user existence
            # error responses", Imported users). An unknown name's refusal comes after a
            # simulated challenge, so this user's does too: the same challenge, the same work.
            return None
        raise ApiError("PasswordResetRequiredException", "Password reset required for the user")
    return user


def initiate(ctx: Context, body: dict[str, Any], *, admin: bool) -> dict[str, Any]:
    call = _addressee(ctx, body, admin)
    pool, client = call.pool, call.client
    flow = req_str(body, "AuthFlow")
    params = opt_map(body, "AuthParameters")
    if flow not in (ADMIN_FLOWS if admin else PUBLIC_FLOWS):
        raise invalid_parameter(AUTH_METHOD_NOT_SUPPORTED)
    if FLOW_PERMISSION[flow] not in client.auth_flows:
        raise flow_not_enabled(flow)
    if flow in ("REFRESH_TOKEN_AUTH", "REFRESH_TOKEN"):
        return _refresh(call, params)
    username = require(params, "USERNAME")
    ctx.check_secret_hash(client, username, params.get("SECRET_HASH"))
    user = find_user(ctx.repo, pool, username)
    if user is None and not client.prevent_user_existence_errors:
        raise ApiError("UserNotFoundException", USER_NOT_FOUND)
    p = Pending(
        pool_id=pool.id,
        client_id=client.client_id,
        username=user.username if user is not None else simulated_name(ctx, pool, username),
        flow=flow,
        admin=admin,
        auth_time=int(ctx.now()),
        device_key=params.get("DEVICE_KEY") or None,
    )
    if user is not None:
        user = _check_status(client, user)
    p.simulated = user is None
    if flow == "USER_SRP_AUTH":
        return srp_user_step(call, p, user, srp_a=require(params, "SRP_A"), with_session=False)
    if flow in PASSWORD_FLOWS:
        return password_step(call, p, user, password=require(params, "PASSWORD"))
    if flow == "CUSTOM_AUTH":
        if params.get("CHALLENGE_NAME") == "SRP_A":
            return srp_user_step(call, p, user, srp_a=require(params, "SRP_A"), with_session=True)
        p.on(Event.CUSTOM_ONLY)  # custom only: the challenges are the proof
        if user is None or not user.enabled:
            p.simulated = True  # a disabled user's answers prove nothing: all refused alike
            return simulated_custom(call, p)
        return advance(call, p)
    return _user_auth(call, p, user, params, opt_str(body, "Session"))


def _user_auth(
    call: Call, p: Pending, user: User | None, params: dict[str, str], session: str | None
) -> dict[str, Any]:
    """USER_AUTH: ConfirmSignUp's Session, the preferred factor if offered, else the choice."""
    if session is not None:
        if user is None or not signup.redeem_session(call, session, user.username):
            raise not_authorized(INVALID_SESSION)
        p.on(Event.CODE_PROVED)  # the confirmation code was the first factor
        return advance(call, p)
    offered = first_factors(call.ctx, call.pool, call.client, user)
    if not offered:
        raise not_authorized()
    preferred = params.get("PREFERRED_CHALLENGE")
    if preferred in offered and preferred == "PASSWORD_SRP":
        return srp_user_step(call, p, user, srp_a=require(params, "SRP_A"), with_session=True)
    if preferred in offered and preferred == "PASSWORD":
        return password_step(call, p, user, password=require(params, "PASSWORD"))
    # An unknown name asking for a code factor the pool allows is asked for that code as a
    # user with the address would be (simulated: see otp.start_code).
    hidden = user is None and preferred in call.pool.first_factors
    if preferred in otp.MEDIUM and (preferred in offered or hidden):
        return otp.start_code(call, p, user, preferred, typed=require(params, "USERNAME"))
    if preferred == "WEB_AUTHN" and "WEB_AUTHN" in call.pool.first_factors:
        # Asked for by name, passkeys go ahead even for a user without one: that user is told
        # so, or (PreventUserExistenceErrors) gets stable options no authenticator answers, so
        # that who has a passkey stays as hidden as who exists.
        return ask_web_authn(call, p, user)
    p.offered = tuple(offered)
    response = ask(call, p, "SELECT_CHALLENGE", {"USERNAME": p.username})
    response["AvailableChallenges"] = list(offered)
    return response


def respond(ctx: Context, body: dict[str, Any], *, admin: bool) -> dict[str, Any]:
    call = _addressee(ctx, body, admin)
    pool, client = call.pool, call.client
    name = req_str(body, "ChallengeName")
    session = opt_str(body, "Session")
    responses = opt_map(body, "ChallengeResponses")
    step = STEPS.get(name)
    if step is None:
        raise invalid_parameter(f"Unsupported challenge name {name}")
    p = take(ctx, name, session, responses)
    srp_answer = name in ("PASSWORD_VERIFIER", "DEVICE_PASSWORD_VERIFIER")
    refusal = INCORRECT_CREDENTIALS if srp_answer else INVALID_SESSION
    if p.client_id != client.client_id or p.pool_id != pool.id or p.admin != admin:
        raise not_authorized(refusal)
    if p.awaiting != name:
        raise invalid_parameter(f"Challenge name {name} does not match the expected {p.awaiting}")
    username = require(responses, "USERNAME")
    if username != p.username:
        raise not_authorized(refusal)
    ctx.check_secret_hash(client, p.username, responses.get("SECRET_HASH"))
    response = step(call, p, responses)
    with ctx.stats_lock:
        ctx.completed[name] += 1
    return response


def _initiate(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
    return initiate(ctx, body, admin=False)


def _admin_initiate(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
    return initiate(ctx, body, admin=True)


def _respond(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
    return respond(ctx, body, admin=False)


def _admin_respond(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
    return respond(ctx, body, admin=True)


HANDLERS: dict[str, Handler] = {
    "InitiateAuth": _initiate,
    "AdminInitiateAuth": _admin_initiate,
    "RespondToAuthChallenge": _respond,
    "AdminRespondToAuthChallenge": _admin_respond,
}
