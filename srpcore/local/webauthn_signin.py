"""The WEB_AUTHN first factor of USER_AUTH: request options out, an assertion back.

InitiateAuth(USER_AUTH, PREFERRED_CHALLENGE=WEB_AUTHN), or SELECT_CHALLENGE answered with
ANSWER=WEB_AUTHN, is answered with the WEB_AUTHN challenge: ChallengeParameters
``CREDENTIAL_REQUEST_OPTIONS`` holds PublicKeyCredentialRequestOptionsJSON (a fresh 32-byte
challenge, the pool's RP ID, the user's credentials, user verification per the pool). The
challenge lives in the parked sign-in, so it expires with the Session and is used up by the
one answer the Session allows. RespondToAuthChallenge(WEB_AUTHN) brings ``CREDENTIAL``, an
AuthenticationResponseJSON, verified by py_webauthn against the user's stored passkey; the
passkey's sign counter is advanced in the same repository transaction, so two assertions
racing with one counter value cannot both pass. A passkey is the whole proof: no password
follows and no MFA is owed (Cognito's SINGLE_FACTOR passkeys).
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import replace
from typing import Any

from webauthn import generate_authentication_options, options_to_json
from webauthn.helpers import base64url_to_bytes
from webauthn.helpers.structs import PublicKeyCredentialDescriptor, UserVerificationRequirement

from srpcore.local.context import Call
from srpcore.local.endpoint_keys import Purpose
from srpcore.local.errors import ApiError, invalid_parameter, not_authorized
from srpcore.local.flow import advance, ask, require
from srpcore.local.model import User
from srpcore.local.progress import Event
from srpcore.local.session import Pending
from srpcore.local.webauthn_checks import Ceremony, credential_id_of, verify_assertion

__all__ = ["ask_web_authn", "web_authn_step"]

NOT_REGISTERED = (
    "This passkey is not registered to the user (it may have been deleted): sign in another "
    "way, or register it again."
)


def _simulated_credential(call: Call, username: str) -> bytes:
    """PreventUserExistenceErrors: the same 32-byte credential id on every attempt for a name
    with no passkey, so its options look like a real user's (an HMAC under its own key from the
    endpoint's secret: nobody holds that credential, and the answer fails as a wrong one would)."""
    label = f"passkey\0{call.pool.id}\0{username}".encode("utf-8", "surrogatepass")
    return hmac.digest(call.ctx.keys.key(Purpose.SIMULATED_PASSKEY), label, "sha256")


def ask_web_authn(call: Call, p: Pending, user: User | None) -> dict[str, Any]:
    """The WEB_AUTHN challenge; with PreventUserExistenceErrors an unknown user, or one with
    no passkey, gets a convincing one too."""
    pool = call.pool
    if not pool.webauthn_rp_id:
        raise ApiError(
            "InvalidUserPoolConfigurationException",
            "The user pool has no passkey relying party (WebAuthnConfiguration.RelyingPartyId).",
        )
    passkeys = call.ctx.repo.passkeys(pool.id, user.username) if user is not None else []
    allowed = [base64url_to_bytes(k.credential_id) for k in passkeys]
    if not allowed:
        if not call.client.prevent_user_existence_errors:
            raise invalid_parameter("WEB_AUTHN is not available: the user has no passkey")
        allowed = [_simulated_credential(call, p.username)]
    p.webauthn_challenge = secrets.token_bytes(32)
    options = generate_authentication_options(
        rp_id=pool.webauthn_rp_id,
        challenge=p.webauthn_challenge,
        timeout=call.client.session_validity * 60_000,
        allow_credentials=[PublicKeyCredentialDescriptor(id=raw) for raw in allowed],
        user_verification=UserVerificationRequirement(pool.webauthn_user_verification),
    )
    params = {"USERNAME": p.username, "CREDENTIAL_REQUEST_OPTIONS": options_to_json(options)}
    return ask(call, p, "WEB_AUTHN", params)


def web_authn_step(call: Call, p: Pending, responses: dict[str, str]) -> dict[str, Any]:
    """RespondToAuthChallenge(WEB_AUTHN): CREDENTIAL verified, the counter moved on."""
    credential = require(responses, "CREDENTIAL")
    ctx, pool = call.ctx, call.pool
    if not p.webauthn_challenge:
        raise not_authorized()
    ceremony = Ceremony(p.webauthn_challenge, pool.webauthn_rp_id, pool.webauthn_user_verification)
    credential_id = credential_id_of(credential)
    with ctx.repo.atomic():
        passkey = ctx.repo.passkey(pool.id, credential_id)
        if passkey is None or passkey.username != p.username:
            raise not_authorized(NOT_REGISTERED)
        verified = verify_assertion(
            credential, ceremony, public_key=passkey.public_key, sign_count=passkey.sign_count
        )
        ctx.repo.put_passkey(pool.id, replace(passkey, sign_count=verified.sign_count))
    p.on(Event.PASSKEY_PROVED)
    return advance(call, p)
