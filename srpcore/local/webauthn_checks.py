"""WebAuthn ceremonies, verified with py_webauthn, each refusal named as Cognito names it.

py_webauthn does the verification proper (attestation statement, COSE key, signature, flags,
sign counter). Before it runs, the parts whose failure has its own Cognito error code are
checked here first (the challenge, the origin, the RP ID hash, user verification), so the
caller gets ``WebAuthnOriginNotAllowedException`` rather than a generic refusal. py_webauthn
then checks them again: nothing here replaces its checks.

Registration refusals use the WebAuthn codes that botocore's model lists for
CompleteWebAuthnRegistration. The model lists none of them for RespondToAuthChallenge, so a
refused sign-in is ``NotAuthorizedException`` with a message that says what was wrong.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from typing import Any, NamedTuple, TypeVar
from urllib.parse import urlsplit

from webauthn import verify_authentication_response, verify_registration_response
from webauthn.helpers import (
    base64url_to_bytes,
    parse_attestation_object,
    parse_authenticator_data,
    parse_client_data_json,
)
from webauthn.helpers.cose import COSEAlgorithmIdentifier
from webauthn.helpers.exceptions import WebAuthnException
from webauthn.helpers.structs import AuthenticatorData

from srpcore.core import compare
from srpcore.local.errors import ApiError, invalid_parameter, not_authorized

__all__ = [
    "ALGORITHMS",
    "Ceremony",
    "VerifiedAssertion",
    "VerifiedCredential",
    "challenge_of",
    "origin_allowed",
    "verify_assertion",
    "verify_registration",
]

ALGORITHMS = [
    COSEAlgorithmIdentifier.ECDSA_SHA_256,
    COSEAlgorithmIdentifier.EDDSA,
    COSEAlgorithmIdentifier.RSASSA_PKCS1_v1_5_SHA_256,
]
"""What the pool accepts (and offers in pubKeyCredParams), in order of preference."""
MALFORMED = (WebAuthnException, ValueError, TypeError, KeyError, IndexError)
"""What py_webauthn's parsers let escape on hostile input (bad UTF-8 and base64 are
ValueErrors): a malformed credential, never a server error."""
MAX_CREDENTIAL_CHARS = 64 * 1024  # a packed attestation with a certificate is ~2 KB
_LOOPBACK = frozenset({"localhost", "127.0.0.1", "::1"})
P = TypeVar("P")


class Ceremony(NamedTuple):
    """What a response must match: the challenge sent, the pool's RP ID and UV setting."""

    challenge: bytes
    rp_id: str
    user_verification: str  # "required" or "preferred"


class VerifiedCredential(NamedTuple):
    """A registration that passed: what the endpoint keeps of it."""

    credential_id: str
    public_key: bytes
    sign_count: int
    user_verified: bool
    transports: tuple[str, ...]
    attachment: str


class VerifiedAssertion(NamedTuple):
    credential_id: str
    sign_count: int
    user_verified: bool


def origin_allowed(origin: str, rp_id: str) -> bool:
    """An ``https`` origin (``http`` on loopback) whose host is the RP ID or a subdomain of it.

    WebAuthn's rule (the RP ID is a registrable suffix of the origin's effective domain),
    without a port or path: the origin is exactly ``scheme://host[:port]``.
    """
    try:
        parts = urlsplit(origin)
        host, port = parts.hostname or "", parts.port
    except ValueError:
        return False
    secure = parts.scheme == "https" or (parts.scheme == "http" and host in _LOOPBACK)
    rebuilt = f"{parts.scheme}://{parts.netloc}"
    if not secure or origin != rebuilt or parts.username is not None or port == 0:
        return False
    return host == rp_id or host.endswith("." + rp_id)


def _parse(credential: object) -> dict[str, Any]:
    """The response JSON as an object: a dict, or its JSON text (RespondToAuthChallenge)."""
    if isinstance(credential, str):
        if len(credential) > MAX_CREDENTIAL_CHARS:
            raise invalid_parameter("CREDENTIAL is too long to be a WebAuthn response")
        try:
            credential = json.loads(credential)
        except ValueError as exc:
            raise invalid_parameter("CREDENTIAL is not JSON") from exc
    if not isinstance(credential, dict) or not isinstance(credential.get("response"), dict):
        raise invalid_parameter(
            "The credential must be a WebAuthn RegistrationResponseJSON or "
            "AuthenticationResponseJSON object (with id, rawId, type and response)"
        )
    if not isinstance(credential.get("id"), str) or not 0 < len(credential["id"]) <= 1400:
        raise invalid_parameter("The credential has no id, or one longer than WebAuthn allows")
    return credential


def _field(response: dict[str, Any], name: str) -> bytes:
    value = response.get(name)
    if not isinstance(value, str) or not value:
        raise invalid_parameter(f"The credential's response has no {name}")
    try:
        return base64url_to_bytes(value)
    except ValueError as exc:
        raise invalid_parameter(f"The credential's response.{name} is not base64url") from exc


def _decoded(response: dict[str, Any], name: str, parse: Callable[[bytes], P]) -> P:
    """The response's base64url member ``name``, parsed; one that does not parse is refused."""
    try:
        return parse(_field(response, name))
    except MALFORMED as exc:
        raise invalid_parameter(f"The credential's {name} is malformed: {exc}") from exc


def _expected(ceremony: Ceremony, origin: str) -> dict[str, Any]:
    """What py_webauthn checks a response of ``ceremony`` against, for either ceremony."""
    return {
        "expected_challenge": ceremony.challenge,
        "expected_rp_id": ceremony.rp_id,
        "expected_origin": origin,
        "require_user_verification": ceremony.user_verification == "required",
    }


Refuse = Callable[[str, str], ApiError]


def _check_common(
    response: dict[str, Any],
    ceremony: Ceremony,
    kind: str,
    auth_data: AuthenticatorData,
    refuse: Refuse,
) -> str:
    """Challenge, type, origin, RP ID and UV; the client data's origin once they pass."""
    client = _decoded(response, "clientDataJSON", parse_client_data_json)
    if client.type != kind:
        raise invalid_parameter(f"clientDataJSON.type is {client.type!r}, expected {kind!r}")
    if not compare.constant_time_equal(client.challenge, ceremony.challenge):
        raise refuse(
            "WebAuthnChallengeNotFoundException",
            "The credential answers a challenge this user pool did not issue or that has "
            "expired or been used; start again.",
        )
    if not origin_allowed(client.origin, ceremony.rp_id):
        raise refuse(
            "WebAuthnOriginNotAllowedException",
            f"Origin {client.origin[:128]!r} is not allowed for relying party "
            f"{ceremony.rp_id!r}: use https://{ceremony.rp_id} or one of its subdomains.",
        )
    expected = hashlib.sha256(ceremony.rp_id.encode()).digest()
    if not compare.constant_time_equal(auth_data.rp_id_hash, expected):
        raise refuse(
            "WebAuthnRelyingPartyMismatchException",
            f"The credential is scoped to another relying party than this user pool's "
            f"{ceremony.rp_id!r}.",
        )
    if ceremony.user_verification == "required" and not auth_data.flags.uv:
        raise refuse(
            "WebAuthnCredentialNotSupportedException",
            "This user pool requires user verification (a PIN or biometric), and the "
            "authenticator did not verify the user.",
        )
    return client.origin


def _registration_error(code: str, message: str) -> ApiError:
    return ApiError(code, message)


def _sign_in_error(code: str, message: str) -> ApiError:
    del code  # RespondToAuthChallenge models no WebAuthn codes
    return not_authorized(message)


def verify_registration(credential: object, ceremony: Ceremony) -> VerifiedCredential:
    """A RegistrationResponseJSON checked against the StartWebAuthnRegistration challenge."""
    body = _parse(credential)
    response = body["response"]
    attestation = _decoded(response, "attestationObject", parse_attestation_object)
    origin = _check_common(
        response, ceremony, "webauthn.create", attestation.auth_data, _registration_error
    )
    try:
        verified = verify_registration_response(
            credential=body, supported_pub_key_algs=ALGORITHMS, **_expected(ceremony, origin)
        )
    except MALFORMED as exc:
        raise ApiError(
            "WebAuthnCredentialNotSupportedException",
            f"The passkey cannot be registered: {str(exc)[:200]}",
        ) from exc
    transports = response.get("transports")
    attachment = body.get("authenticatorAttachment")
    return VerifiedCredential(
        credential_id=body["id"],
        public_key=verified.credential_public_key,
        sign_count=verified.sign_count,
        user_verified=verified.user_verified,
        transports=tuple(str(t)[:32] for t in transports[:8])
        if isinstance(transports, list)
        else (),
        attachment=attachment if attachment in ("platform", "cross-platform") else "",
    )


def challenge_of(credential: object) -> bytes:
    """The challenge a response's clientDataJSON signed (to find its ceremony by)."""
    response = _parse(credential)["response"]
    return _decoded(response, "clientDataJSON", parse_client_data_json).challenge


def credential_id_of(credential: object) -> str:
    """The ``id`` of an AuthenticationResponseJSON (to look its passkey up)."""
    return str(_parse(credential)["id"])


def verify_assertion(
    credential: object, ceremony: Ceremony, *, public_key: bytes, sign_count: int
) -> VerifiedAssertion:
    """An AuthenticationResponseJSON checked against the WEB_AUTHN challenge and the stored
    passkey: signature, and a sign counter that moved forward (a regression is a clone)."""
    body = _parse(credential)
    response = body["response"]
    auth_data = _decoded(response, "authenticatorData", parse_authenticator_data)
    origin = _check_common(response, ceremony, "webauthn.get", auth_data, _sign_in_error)
    if (auth_data.sign_count or sign_count) and auth_data.sign_count <= sign_count:
        raise not_authorized(
            "The passkey's signature counter did not increase: the credential may have been "
            "cloned or the assertion replayed."
        )
    try:
        verified = verify_authentication_response(
            credential=body,
            credential_public_key=public_key,
            credential_current_sign_count=sign_count,
            **_expected(ceremony, origin),
        )
    except MALFORMED as exc:
        raise not_authorized(f"The passkey's assertion is not valid: {str(exc)[:200]}") from exc
    return VerifiedAssertion(body["id"], verified.new_sign_count, verified.user_verified)
