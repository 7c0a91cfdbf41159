"""The steps every sign-in shares: parking state, SRP challenges and proofs, what comes after
the password, and the final tokens.

The order of the stages is :data:`~srpcore.local.progress.TRANSITIONS`; what each stage asks
(or whether it applies to the user at all) is :func:`advance`'s table here: NEW_PASSWORD_REQUIRED
for a temporary password, DEVICE_SRP_AUTH for a remembered DEVICE_KEY, the user's MFA challenge
(or MFA_SETUP where the pool requires MFA), the pool's CUSTOM_CHALLENGE rounds (CUSTOM_AUTH).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from srpcore.cognito import server
from srpcore.cognito.timestamp import parse_cognito_timestamp
from srpcore.core import compare
from srpcore.core.encoding import b64encode, twos_complement_bytes
from srpcore.errors import SRPError
from srpcore.local.codes import KIND_MEDIUM, delivery, send_sign_in_code
from srpcore.local.context import Call, Context
from srpcore.local.errors import (
    DEVICE_NOT_FOUND,
    INCORRECT_CREDENTIALS,
    INVALID_SESSION,
    USER_DISABLED,
    invalid_parameter,
    not_authorized,
    resource_not_found,
)
from srpcore.local.model import Device, Pool, SrpRecord, User, random_uuid
from srpcore.local.progress import Event, Stage
from srpcore.local.repository import Repository
from srpcore.local.session import Pending, SrpExchange, new_secret_block, new_session
from srpcore.local.tokens import RefreshGrant, new_refresh_token

__all__ = [
    "advance",
    "ask",
    "check_password",
    "check_timestamp",
    "current_user",
    "grant_result",
    "issue_tokens",
    "park",
    "require",
    "start_srp",
    "take",
    "verify_srp",
]

MAX_UNCONFIRMED_DEVICES = 64
"""Per user: devices handed out in NewDeviceMetadata but never confirmed (oldest dropped)."""
MAX_DEVICES = 256
"""Per user, confirmed or not (oldest dropped)."""


def require(values: dict[str, str], key: str) -> str:
    """A parameter the step cannot do without, as Cognito words its absence."""
    value = values.get(key)
    if not value:
        raise invalid_parameter(f"Missing required parameter {key}")
    return value


def park(call: Call, p: Pending, *, with_session: bool) -> None:
    """Store ``p`` under its SECRET_BLOCK (if any) and a fresh Session (if asked).

    One entry under both keys, counted once against the pool's, client's and user's quotas.
    """
    p.session = new_session() if with_session else None
    keys = ["b:" + p.block_text] if p.block_text else []
    if p.session is not None:
        keys.append("s:" + p.session)
    quotas = call.ctx.pending_quotas(p.pool_id, p.client_id, p.username)
    call.ctx.pending.put(keys, p, ttl=call.client.session_validity * 60.0, quotas=quotas)


def take(ctx: Context, name: str, session: str | None, responses: dict[str, str]) -> Pending:
    """The sign-in this answer continues, removed from the store (single use)."""
    if session is not None:
        p = ctx.pending.pop("s:" + session)
        if p is None:
            raise not_authorized(INVALID_SESSION)
        if p.block_text:
            ctx.pending.pop("b:" + p.block_text)
        return p
    block = responses.get("PASSWORD_CLAIM_SECRET_BLOCK")
    if name not in ("PASSWORD_VERIFIER", "DEVICE_PASSWORD_VERIFIER") or not block:
        raise not_authorized(INVALID_SESSION)
    p = ctx.pending.pop("b:" + block)
    if p is None:
        raise not_authorized(INCORRECT_CREDENTIALS)
    if p.session is not None:  # this step was issued with a Session, which must come back
        ctx.pending.pop("s:" + p.session)
        raise not_authorized(INVALID_SESSION)
    return p


def ask(call: Call, p: Pending, name: str, params: dict[str, str]) -> dict[str, Any]:
    """Answer with challenge ``name``; the next call must bring back the new Session."""
    p.wait_for(name)
    p.srp = None
    park(call, p, with_session=True)
    return {"ChallengeName": name, "Session": p.session, "ChallengeParameters": params}


def start_srp(
    call: Call,
    p: Pending,
    *,
    srp_a: str,
    record: SrpRecord,
    name: str,
    params: dict[str, str],
    with_session: bool,
) -> dict[str, Any]:
    """Check SRP_A, draw b, and answer PASSWORD_VERIFIER / DEVICE_PASSWORD_VERIFIER."""
    try:
        server.parse_client_public(srp_a)  # bounded before parsing; A = 0 mod N refused
    except SRPError as exc:
        raise invalid_parameter(f"Invalid SRP_A: {exc}") from exc
    challenge = server.start_challenge(record.verifier, engine=call.ctx.engine)
    p.wait_for(name)
    block = new_secret_block()
    p.srp = SrpExchange(challenge, srp_a, block, b64encode(block), simulated=record.simulated)
    out = {
        "SALT": record.salt.hex(),
        "SRP_B": challenge.srp_b(),
        "SECRET_BLOCK": p.block_text,
        **params,
    }
    park(call, p, with_session=with_session)
    response: dict[str, Any] = {"ChallengeName": name, "ChallengeParameters": out}
    if p.session is not None:
        response["Session"] = p.session
    return response


def check_timestamp(ctx: Context, text: str) -> None:
    """TIMESTAMP parsed strictly and within the configured skew, else a failed sign-in."""
    try:
        when = parse_cognito_timestamp(text)
    except SRPError as exc:
        raise not_authorized() from exc
    if abs(when.timestamp() - ctx.now()) > ctx.timestamp_skew:
        raise not_authorized()


def verify_srp(
    ctx: Context, p: Pending, responses: dict[str, str], *, pool_name: str, user_id: str
) -> None:
    """Check a PASSWORD_CLAIM answer against the parked challenge (constant-time compare)."""
    block = require(responses, "PASSWORD_CLAIM_SECRET_BLOCK")
    signature = require(responses, "PASSWORD_CLAIM_SIGNATURE")
    timestamp = require(responses, "TIMESTAMP")
    srp = p.srp
    if srp is None or not compare.constant_time_equal(block, srp.block_text):
        raise not_authorized()
    check_timestamp(ctx, timestamp)
    try:  # a simulated user's challenge is checked too: the same work, then the same refusal
        server.verify_claim(
            srp.challenge,
            srp_a=srp.srp_a,
            pool_name=pool_name,
            user_id=user_id,
            secret_block=srp.secret_block,
            timestamp=timestamp,
            signature=signature,
            engine=ctx.engine,
        )
    except SRPError as exc:
        raise not_authorized() from exc
    if srp.simulated:
        raise not_authorized()


def check_password(
    ctx: Context, pool: Pool, *, user_id: str, record: SrpRecord, password: str
) -> None:
    """USER_PASSWORD_AUTH: recompute the verifier from the stored salt and compare."""
    candidate = server.make_verifier(
        pool_name=pool.pool_name,
        user_id=user_id,
        password=password,
        salt=record.salt,
        engine=ctx.engine,
    )
    if not compare.constant_time_equal(
        twos_complement_bytes(candidate), twos_complement_bytes(record.verifier)
    ):
        raise not_authorized()


def current_user(call: Call, p: Pending) -> User:
    """The user of a sign-in in progress, re-read: it may have been disabled meanwhile."""
    user = call.ctx.repo.user(call.pool.id, p.username)
    if user is None:
        raise not_authorized()
    if not user.enabled:
        raise not_authorized(USER_DISABLED)
    return user


def advance(call: Call, p: Pending) -> dict[str, Any]:
    """The next challenge after a completed step, or the tokens.

    Each stage either asks its challenge or is left with ``NOT_NEEDED``, in the order of the
    transition table, until one asks or the sign-in reaches ``TOKENS``. A simulated sign-in
    (PreventUserExistenceErrors) never gets this far but is refused here whatever it proved.
    """
    if p.simulated:
        raise not_authorized()
    user = current_user(call, p)
    while p.stage is not Stage.TOKENS:
        ask_stage = _ASK.get(p.stage)
        response = ask_stage(call, p, user) if ask_stage is not None else None
        if response is not None:
            return response
        p.on(Event.NOT_NEEDED)
    return issue_tokens(call, user, p)


def _ask_new_password(call: Call, p: Pending, user: User) -> dict[str, Any] | None:
    if user.status != "FORCE_CHANGE_PASSWORD":
        return None
    attrs = {k: v for k, v in user.attributes.items() if k != "sub"}
    missing = [a for a in call.pool.required_attributes if a not in user.attributes]
    return ask(
        call,
        p,
        "NEW_PASSWORD_REQUIRED",
        {
            "USER_ID_FOR_SRP": user.username,
            "userAttributes": json.dumps(attrs),
            "requiredAttributes": json.dumps([f"userAttributes.{a}" for a in missing]),
        },
    )


def _ask_device(call: Call, p: Pending, user: User) -> dict[str, Any] | None:
    if not p.device_key:
        return None
    device = call.ctx.repo.device(call.pool.id, user.username, p.device_key)
    if device is None:
        raise resource_not_found(DEVICE_NOT_FOUND)
    if not (device.confirmed and device.remembered):
        return None
    return ask(call, p, "DEVICE_SRP_AUTH", {"USERNAME": user.username})


def _ask_mfa(call: Call, p: Pending, user: User) -> dict[str, Any] | None:
    if not p.mfa_owed:
        return None
    if not user.mfa:
        if not call.pool.mfa_required:
            return None
        can_setup = json.dumps(["SOFTWARE_TOKEN_MFA"])
        return ask(call, p, "MFA_SETUP", {"USERNAME": user.username, "MFAS_CAN_SETUP": can_setup})
    if len(user.mfa) > 1 and not p.mfa.kind:
        choices = json.dumps(list(user.mfa))
        return ask(
            call, p, "SELECT_MFA_TYPE", {"USERNAME": user.username, "MFAS_CAN_CHOOSE": choices}
        )
    kind = p.mfa.kind = p.mfa.kind or user.mfa[0]
    params = {"USERNAME": user.username}
    if kind != "SOFTWARE_TOKEN_MFA":
        found = delivery(user, KIND_MEDIUM[kind], verified=False)
        p.otp, sent = send_sign_in_code(
            call.ctx.outbox,
            p.pool_id,
            user.username,
            kind,
            address=found[1] if found else "",
            now=call.ctx.now(),
            fixed=call.ctx.mfa_code,  # LocalCognito(mfa_code=...): fixed if so configured
        )
        params.update(sent)
    return ask(call, p, kind, params)


def _ask_custom(call: Call, p: Pending, user: User) -> dict[str, Any] | None:
    custom = call.pool.custom_auth
    if p.flow != "CUSTOM_AUTH" or p.custom_round >= custom.rounds():
        return None
    params = custom.challenge_parameters(user.username, p.custom_round)
    return ask(call, p, "CUSTOM_CHALLENGE", params)


_ASK: dict[Stage, Callable[[Call, Pending, User], dict[str, Any] | None]] = {
    Stage.NEW_PASSWORD: _ask_new_password,
    Stage.DEVICE: _ask_device,
    Stage.MFA: _ask_mfa,
    Stage.CUSTOM: _ask_custom,
}
"""What each stage asks, or None where it does not apply to the user (PROOF asks elsewhere)."""


def _new_device(repo: Repository, pool: Pool, user: User, now: float) -> Device:
    """Record a device for NewDeviceMetadata; per user at most MAX_DEVICES are kept."""
    with repo.atomic():
        devices = repo.devices(pool.id, user.username)
        unconfirmed = [d for d in devices if not d.confirmed]
        dropped = unconfirmed[: max(0, len(unconfirmed) - MAX_UNCONFIRMED_DEVICES + 1)]
        kept = [d for d in devices if d not in dropped]
        dropped += kept[: max(0, len(kept) - MAX_DEVICES + 1)]  # the oldest
        for old in dropped:
            repo.remove_device(pool.id, user.username, old.key)
        device = Device(
            key=pool.new_device_key(),
            group_key=user.device_group_key,
            username=user.username,
            created=now,
            modified=now,
            last_authenticated=now,  # the sign-in that hands it out authenticated it
            seq=1 + max((d.seq for d in devices), default=0),
        )
        repo.put_device(pool.id, device)
    return device


def grant_result(
    call: Call,
    user: User,
    grant: RefreshGrant,
    *,
    refresh_token: str | None = None,
    new_device: Device | None = None,
) -> dict[str, Any]:
    """The one shape of a successful sign-in or refresh: an AuthenticationResult, its id and
    access tokens those of ``grant``'s sign-in (its auth time, device and origin)."""
    id_token, access = call.ctx.tokens.issue(
        pool=call.pool,
        client=call.client,
        user=user,
        now=int(call.ctx.now()),
        auth_time=grant.auth_time,
        device_key=grant.device_key,
        origin_jti=grant.origin_jti,
    )
    out: dict[str, Any] = {
        "AccessToken": access,
        "ExpiresIn": call.client.access_token_validity,
        "TokenType": "Bearer",
        "IdToken": id_token,
    }
    if refresh_token is not None:
        out["RefreshToken"] = refresh_token
    if new_device is not None:
        out["NewDeviceMetadata"] = {
            "DeviceKey": new_device.key,
            "DeviceGroupKey": new_device.group_key,
        }
    return {"ChallengeParameters": {}, "AuthenticationResult": out}


def issue_tokens(call: Call, user: User, p: Pending) -> dict[str, Any]:
    """AuthenticationResult with id, access and refresh tokens (and NewDeviceMetadata)."""
    ctx, pool, client = call.ctx, call.pool, call.client
    device = None
    device_key = p.device_key
    if pool.device_tracking and device_key is None:
        device = _new_device(ctx.repo, pool, user, ctx.now())
        device_key = device.key
    grant = RefreshGrant(
        pool.id, client.client_id, user.username, device_key, random_uuid(), p.auth_time
    )
    refresh = new_refresh_token()
    ctx.grant_refresh(refresh, grant, float(client.refresh_token_validity))
    return grant_result(call, user, grant, refresh_token=refresh, new_device=device)
