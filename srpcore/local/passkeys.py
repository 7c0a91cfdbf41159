"""Passkey management with the user's access token: Start/CompleteWebAuthnRegistration,
ListWebAuthnCredentials and DeleteWebAuthnCredential.

StartWebAuthnRegistration sends PublicKeyCredentialCreationOptions with a fresh 32-byte
challenge, kept under that challenge (expiring, single use; at most a few per user and a
share per pool, see :class:`~srpcore.local.context.Limits`). CompleteWebAuthnRegistration
finds it again by the challenge the authenticator signed (clientDataJSON), takes it (used up
whether the credential passes or not), and verifies the RegistrationResponseJSON with
py_webauthn (:mod:`srpcore.local.webauthn_checks`): origin and RP ID, user verification per
the pool's WebAuthnConfiguration, attestation (``none``, ``packed`` ...). A credential id is
unique in the pool, so no user can take over another user's credential. Credentials are
listed oldest first in pages cut by :mod:`srpcore.local.paging` (tokens bound to the user).
"""

from __future__ import annotations

import json
import secrets
from typing import Any

from webauthn import generate_registration_options, options_to_json
from webauthn.helpers import base64url_to_bytes, bytes_to_base64url
from webauthn.helpers.structs import (
    AuthenticatorSelectionCriteria,
    PublicKeyCredentialDescriptor,
    ResidentKeyRequirement,
    UserVerificationRequirement,
)

from srpcore.local.context import REGISTRATION_TTL, Context, Handler
from srpcore.local.errors import ApiError, invalid_parameter, resource_not_found
from srpcore.local.model import Passkey, Pool, User
from srpcore.local.paging import Listing, Position
from srpcore.local.session import Registration
from srpcore.local.store import Quota
from srpcore.local.token_checks import token_user
from srpcore.local.validate import opt_int, opt_str, opt_struct, req_str
from srpcore.local.webauthn_checks import (
    ALGORITHMS,
    Ceremony,
    challenge_of,
    verify_registration,
)

__all__ = ["HANDLERS", "describe_passkey", "require_rp_id"]

REGISTRATIONS_PER_USER = 4  # StartWebAuthnRegistration calls outstanding; a fifth evicts the first
LISTING = Listing("ListWebAuthnCredentials", default_size=20, max_size=20)  # the model's max


def require_rp_id(pool: Pool) -> str:
    """The pool's relying party id; Cognito's error when passkeys are not configured."""
    if not pool.webauthn_rp_id:
        raise ApiError(
            "WebAuthnConfigurationMissingException",
            "The user pool has no passkey relying party: set WebAuthnConfiguration"
            ".RelyingPartyId with SetUserPoolMfaConfig.",
        )
    return pool.webauthn_rp_id


def _descriptors(passkeys: list[Passkey]) -> list[PublicKeyCredentialDescriptor]:
    return [PublicKeyCredentialDescriptor(id=base64url_to_bytes(p.credential_id)) for p in passkeys]


def _limit(ctx: Context, pool: Pool, user: User) -> None:
    if ctx.repo.passkey_count(pool.id, user.username) >= ctx.limits.passkeys_per_user:
        raise ApiError(
            "LimitExceededException",
            f"The user already has {ctx.limits.passkeys_per_user} passkeys, the most allowed: "
            "delete one with DeleteWebAuthnCredential first.",
        )


def start_registration(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
    pool, user, claims = token_user(ctx, req_str(body, "AccessToken"))
    rp_id = require_rp_id(pool)
    _limit(ctx, pool, user)
    challenge = secrets.token_bytes(32)
    verification = UserVerificationRequirement(pool.webauthn_user_verification)
    options = generate_registration_options(
        rp_id=rp_id,
        rp_name=pool.name,
        user_name=user.attributes.get("email") or user.username,
        user_id=user.sub.encode(),
        user_display_name=user.attributes.get("name") or user.username,
        challenge=challenge,
        timeout=int(REGISTRATION_TTL * 1000),
        authenticator_selection=AuthenticatorSelectionCriteria(
            resident_key=ResidentKeyRequirement.REQUIRED, user_verification=verification
        ),
        exclude_credentials=_descriptors(ctx.repo.passkeys(pool.id, user.username)),
        supported_pub_key_algs=ALGORITHMS,
    )
    owner = f"{pool.id}\0{user.username}"
    ctx.registrations.put(
        "r:" + bytes_to_base64url(challenge),
        Registration(pool.id, str(claims.get("client_id")), user.username, challenge),
        quotas=(
            Quota("pool", pool.id, ctx.limits.registrations_per_pool),
            Quota("user", owner, REGISTRATIONS_PER_USER, evict_oldest=True),
        ),
    )
    return {"CredentialCreationOptions": json.loads(options_to_json(options))}


def _take_registration(
    ctx: Context, credential: dict[str, Any], pool: Pool, user: User
) -> Registration:
    """The caller's registration whose challenge the credential signed, used up: single use
    whether the credential then passes or not."""
    key = "r:" + bytes_to_base64url(challenge_of(credential))
    found = ctx.registrations.get(key)
    mine = found is not None and found.pool_id == pool.id and found.username == user.username
    if found is None or not mine or ctx.registrations.pop(key) is None:  # pop: a racing twin
        raise ApiError(
            "WebAuthnChallengeNotFoundException",
            "No passkey registration of this user is waiting for that challenge (it expired, "
            "was used, or was never issued): call StartWebAuthnRegistration again.",
        )
    return found


def complete_registration(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
    pool, user, claims = token_user(ctx, req_str(body, "AccessToken"))
    credential = opt_struct(body, "Credential")
    rp_id = require_rp_id(pool)
    found = _take_registration(ctx, credential, pool, user)
    if found.client_id != claims.get("client_id"):
        raise ApiError(
            "WebAuthnClientMismatchException",
            "The access token is from another app client than the one that started this "
            "registration: finish it with the same client.",
        )
    ceremony = Ceremony(found.challenge, rp_id, pool.webauthn_user_verification)
    verified = verify_registration(credential, ceremony)
    with ctx.repo.atomic():
        if ctx.repo.passkey(pool.id, verified.credential_id) is not None:
            raise invalid_parameter("This passkey is already registered in the user pool.")
        _limit(ctx, pool, user)
        kept = ctx.repo.passkeys(pool.id, user.username)
        ctx.repo.put_passkey(
            pool.id,
            Passkey(
                credential_id=verified.credential_id,
                username=user.username,
                public_key=verified.public_key,
                sign_count=verified.sign_count,
                rp_id=rp_id,
                name=f"Passkey {verified.credential_id[:8]}",
                transports=verified.transports,
                attachment=verified.attachment,
                user_verified=verified.user_verified,
                created=ctx.now(),
                seq=1 + max((p.seq for p in kept), default=0),
            ),
        )
    return {}


def describe_passkey(passkey: Passkey) -> dict[str, Any]:
    """A WebAuthnCredentialDescription."""
    out: dict[str, Any] = {
        "CredentialId": passkey.credential_id,
        "FriendlyCredentialName": passkey.name,
        "RelyingPartyId": passkey.rp_id,
        "AuthenticatorTransports": list(passkey.transports),
        "CreatedAt": passkey.created,
    }
    if passkey.attachment:
        out["AuthenticatorAttachment"] = passkey.attachment
    return out


def _order(passkey: Passkey) -> Position:
    """Oldest first; passkeys kept before they had a sequence number sort by id in a tick."""
    return (passkey.created, passkey.seq, passkey.credential_id)


def list_credentials(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
    pool, user, _ = token_user(ctx, req_str(body, "AccessToken"))
    token = opt_str(body, "NextToken")
    size = LISTING.size(opt_int(body, "MaxResults", 0))
    kept = ctx.repo.passkeys(pool.id, user.username)
    page = LISTING.page(
        ctx.keys, kept, _order, owner=(pool.id, user.username), size=size, token=token
    )
    out: dict[str, Any] = {"Credentials": [describe_passkey(p) for p in page.items]}
    if page.next_token is not None:
        out["NextToken"] = page.next_token
    return out


def delete_credential(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
    pool, user, _ = token_user(ctx, req_str(body, "AccessToken"))
    credential_id = req_str(body, "CredentialId")
    if not ctx.repo.remove_passkey(pool.id, user.username, credential_id):
        raise resource_not_found("The user has no passkey with that CredentialId.")
    return {}


HANDLERS: dict[str, Handler] = {
    "StartWebAuthnRegistration": start_registration,
    "CompleteWebAuthnRegistration": complete_registration,
    "ListWebAuthnCredentials": list_credentials,
    "DeleteWebAuthnCredential": delete_credential,
}
