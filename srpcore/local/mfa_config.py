"""SetUserPoolMfaConfig / GetUserPoolMfaConfig: the pool's MfaConfiguration and its
WebAuthnConfiguration (the passkey relying party and user verification).

Only what changes behaviour here is kept: ``MfaConfiguration`` (``ON`` makes users without MFA
meet MFA_SETUP) and ``WebAuthnConfiguration{RelyingPartyId, UserVerification}``; the SMS,
email and TOTP sub-configurations are accepted and not stored.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from srpcore.local.context import Context, Handler
from srpcore.local.errors import invalid_parameter, validation_error
from srpcore.local.model import Pool
from srpcore.local.validate import opt_str, opt_struct, req_str

__all__ = ["HANDLERS", "describe_mfa_config"]


def describe_mfa_config(pool: Pool) -> dict[str, Any]:
    """The members both operations answer with."""
    out: dict[str, Any] = {"MfaConfiguration": "ON" if pool.mfa_required else "OFF"}
    if pool.webauthn_rp_id:
        out["WebAuthnConfiguration"] = {
            "RelyingPartyId": pool.webauthn_rp_id,
            "UserVerification": pool.webauthn_user_verification,
        }
    return out


def set_user_pool_mfa_config(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
    pool_id = req_str(body, "UserPoolId")
    mfa = opt_str(body, "MfaConfiguration")
    webauthn = opt_struct(body, "WebAuthnConfiguration")
    rp_id = opt_str(webauthn, "RelyingPartyId", max_len=127)
    verification = opt_str(webauthn, "UserVerification")
    # The model's enums (the request validator checks lengths and patterns, not enums).
    if verification not in (None, "required", "preferred"):
        raise validation_error(
            "webAuthnConfiguration.userVerification",
            "Member must satisfy enum value set: [required, preferred]",
            verification[:64],
        )
    if mfa not in (None, "OFF", "ON", "OPTIONAL"):
        raise validation_error(
            "mfaConfiguration", "Member must satisfy enum value set: [OFF, ON, OPTIONAL]", mfa[:64]
        )
    if rp_id is not None and (rp_id != rp_id.strip().lower() or "/" in rp_id or ":" in rp_id):
        raise invalid_parameter(
            "WebAuthnConfiguration.RelyingPartyId must be a lower-case domain name, "
            "without scheme, port or path (e.g. auth.example.com)"
        )
    with ctx.repo.atomic():
        pool = ctx.pool(pool_id)
        changes: dict[str, Any] = {}
        if mfa is not None:
            changes["mfa_required"] = mfa == "ON"
        if rp_id is not None:
            changes["webauthn_rp_id"] = rp_id
        if verification is not None:
            changes["webauthn_user_verification"] = verification
        pool = replace(pool, **changes)
        ctx.repo.put_pool(pool)
    return describe_mfa_config(pool)


def get_user_pool_mfa_config(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
    return describe_mfa_config(ctx.pool(req_str(body, "UserPoolId")))


HANDLERS: dict[str, Handler] = {
    "SetUserPoolMfaConfig": set_user_pool_mfa_config,
    "GetUserPoolMfaConfig": get_user_pool_mfa_config,
}
