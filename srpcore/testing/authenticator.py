"""A software passkey for tests and scripts. It is NOT a real authenticator.

:class:`SoftwareAuthenticator` keeps ES256 private keys in process memory (and, if asked, in a
JSON file in plain text), asks nobody for consent and claims user verification because it is
told to. It gives none of the protection a platform authenticator or a security key gives.
Use it to drive passkey flows against the local endpoint or a test user pool, never as
anybody's real credential.

What it does, as the WebAuthn Level 3 spec describes an authenticator plus the browser's part:
``create(options)`` takes PublicKeyCredentialCreationOptionsJSON (what Cognito's
StartWebAuthnRegistration returns) and answers with RegistrationResponseJSON, with ``none``
or ``packed`` self attestation; ``get(options)`` takes PublicKeyCredentialRequestOptionsJSON
(Cognito's ``CREDENTIAL_REQUEST_OPTIONS``) and answers with AuthenticationResponseJSON,
counting its signature counter up by one. The CBOR, COSE key and authenticator-data encoding
is Yubico's ``fido2`` (``pip install 'srpcore[testing]'``), not ours.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeAlias

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from srpcore._private_file import read_private, replace_private
from srpcore.errors import ConfigurationError, InvalidParameterError

try:
    from fido2.cose import ES256
    from fido2.utils import sha256, websafe_decode, websafe_encode
    from fido2.webauthn import (
        Aaguid,
        AttestationObject,
        AttestedCredentialData,
        AuthenticatorData,
        CollectedClientData,
    )
except ImportError as exc:  # without the extra: say which one
    raise ConfigurationError(
        "srpcore.testing needs the fido2 package: pip install 'srpcore[testing]'"
    ) from exc

__all__ = ["SoftwareAuthenticator", "StoredCredential"]

FILE_FORMAT = "srpcore-software-authenticator/1"
ATTESTATIONS = ("none", "packed")
MAX_FILE_BYTES = 1 << 20  # 20 credentials take a few kilobytes
_SAVED = "the software authenticator"  # what a failed save names
_HELD = "private keys"  # what a loose file or folder puts at stake
_FLAG = AuthenticatorData.FLAG
WebAuthnOptions: TypeAlias = Mapping[str, Any] | str
"""What ``create`` and ``get`` take: the options JSON as text or parsed, bare or under
``publicKey``."""


@dataclass(eq=False)
class StoredCredential:
    """One credential: its id, the RP it is scoped to, its user handle, key and counter."""

    credential_id: bytes
    rp_id: str
    user_handle: bytes
    private_key: ec.EllipticCurvePrivateKey
    sign_count: int = 0

    def __repr__(self) -> str:
        return (
            f"StoredCredential(id={websafe_encode(self.credential_id)[:12]}..., "
            f"rp_id={self.rp_id!r}, sign_count={self.sign_count}, <private key hidden>)"
        )


def _options(options: WebAuthnOptions) -> Mapping[str, Any]:
    """The options object: JSON text or a parsed object, bare or under ``publicKey``."""
    if isinstance(options, str):
        try:
            options = json.loads(options)
        except (ValueError, RecursionError) as exc:
            raise InvalidParameterError("WebAuthn options must be a JSON object") from exc
    if not isinstance(options, Mapping):
        raise InvalidParameterError("WebAuthn options must be a JSON object")
    inner = options.get("publicKey")
    return inner if isinstance(inner, Mapping) else options


def _b64(value: object, what: str) -> bytes:
    """base64url ``value`` decoded, or InvalidParameterError naming ``what``."""
    if not isinstance(value, str):
        raise InvalidParameterError(f"the WebAuthn options' {what} is not a base64url string")
    try:
        return websafe_decode(value)
    except ValueError as exc:  # binascii.Error, or a non-ASCII string
        raise InvalidParameterError(f"the WebAuthn options' {what} is not base64url") from exc


def _challenge(options: Mapping[str, Any]) -> bytes:
    value = options.get("challenge")
    if not isinstance(value, str) or not value:
        raise InvalidParameterError("the WebAuthn options have no challenge")
    return _b64(value, "challenge")


def _credential_ids(options: Mapping[str, Any], member: str) -> set[bytes]:
    """The ids of ``excludeCredentials`` / ``allowCredentials`` (descriptors with an id)."""
    listed = options.get(member) or []
    if not isinstance(listed, list) or not all(isinstance(d, Mapping) for d in listed):
        raise InvalidParameterError(f"the WebAuthn options' {member} is not a list of objects")
    return {_b64(d.get("id"), f"{member} id") for d in listed}


def _client_data(
    kind: CollectedClientData.TYPE, challenge: bytes, origin: str | None, scope: str
) -> CollectedClientData:
    """What the browser would collect; the origin defaults to the RP id's own https one."""
    return CollectedClientData.create(
        type=kind, challenge=challenge, origin=origin or f"https://{scope}"
    )


def _public_key_credential(credential: StoredCredential, **response: object) -> dict[str, Any]:
    """The PublicKeyCredential JSON around a ceremony's ``response`` members: the same for a
    registration and an assertion (a platform authenticator, no extensions)."""
    encoded = websafe_encode(credential.credential_id)
    return {
        "id": encoded,
        "rawId": encoded,
        "type": "public-key",
        "response": response,
        "authenticatorAttachment": "platform",
        "clientExtensionResults": {},
    }


class SoftwareAuthenticator:
    """A software passkey (ES256) for tests and scripts: NOT a real authenticator.

    ``attestation`` is ``"none"`` or ``"packed"`` (self attestation: the credential signs its
    own attestation). ``user_verified`` is what the authenticator claims in the UV flag.
    ``create`` and ``get`` take an ``origin`` (default ``https://<rp id>``) and, to test a
    verifier's refusals, an ``rp_id`` other than the options'.
    """

    def __init__(self, *, attestation: str = "none", user_verified: bool = True) -> None:
        if attestation not in ATTESTATIONS:
            raise InvalidParameterError(f"attestation must be one of {ATTESTATIONS}")
        self.attestation = attestation
        self.user_verified = user_verified
        self.credentials: list[StoredCredential] = []

    def __repr__(self) -> str:
        return (
            f"SoftwareAuthenticator(attestation={self.attestation!r}, "
            f"credentials={len(self.credentials)}, <private keys hidden>)"
        )

    # --- ceremonies ---------------------------------------------------------------------

    def create(
        self, options: WebAuthnOptions, *, origin: str | None = None, rp_id: str | None = None
    ) -> dict[str, Any]:
        """A new credential for ``options`` (creation options JSON): RegistrationResponseJSON."""
        opts = _options(options)
        rp = opts.get("rp")
        user = opts.get("user")
        if not isinstance(rp, Mapping) or not isinstance(user, Mapping):
            raise InvalidParameterError("the creation options need rp and user")
        algorithms = [
            p.get("alg") for p in opts.get("pubKeyCredParams") or [] if isinstance(p, dict)
        ]
        if algorithms and ES256.ALGORITHM not in algorithms:
            raise InvalidParameterError("the relying party does not accept ES256")
        scope = rp_id or str(rp.get("id") or "")
        if not scope:
            raise InvalidParameterError("the creation options name no rp.id")
        excluded = _credential_ids(opts, "excludeCredentials")
        challenge = _challenge(opts)
        user_handle = _b64(str(user.get("id") or ""), "user.id")
        if any(c.credential_id in excluded for c in self.credentials):
            raise InvalidParameterError("a credential of this authenticator is excluded")
        key = ec.generate_private_key(ec.SECP256R1())
        credential = StoredCredential(
            credential_id=secrets.token_bytes(32),
            rp_id=scope,
            user_handle=user_handle,
            private_key=key,
        )
        client_data = _client_data(CollectedClientData.TYPE.CREATE, challenge, origin, scope)
        cose = ES256.from_cryptography_key(key.public_key())  # type: ignore[no-untyped-call]
        attested = AttestedCredentialData.create(Aaguid.NONE, credential.credential_id, cose)
        auth_data = AuthenticatorData.create(
            sha256(scope.encode()), self._flags() | _FLAG.AT, credential.sign_count, attested
        )
        statement: dict[str, Any] = {}
        if self.attestation == "packed":
            signed = key.sign(bytes(auth_data) + client_data.hash, ec.ECDSA(hashes.SHA256()))
            statement = {"alg": ES256.ALGORITHM, "sig": signed}
        attestation = AttestationObject.create(self.attestation, auth_data, statement)
        self.credentials.append(credential)
        public_der = key.public_key().public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        return _public_key_credential(
            credential,
            clientDataJSON=client_data.b64,
            attestationObject=websafe_encode(bytes(attestation)),
            authenticatorData=websafe_encode(bytes(auth_data)),
            publicKey=websafe_encode(public_der),
            publicKeyAlgorithm=ES256.ALGORITHM,
            transports=["internal"],
        )

    def get(
        self, options: WebAuthnOptions, *, origin: str | None = None, rp_id: str | None = None
    ) -> dict[str, Any]:
        """An assertion for ``options`` (request options JSON): AuthenticationResponseJSON."""
        opts = _options(options)
        scope = rp_id or str(opts.get("rpId") or "")
        allowed = _credential_ids(opts, "allowCredentials")
        challenge = _challenge(opts)  # before the counter moves: a refusal changes nothing
        usable = [
            c
            for c in self.credentials
            if (c.rp_id == scope or rp_id is not None)
            and (not allowed or c.credential_id in allowed)
        ]
        if not usable:
            raise InvalidParameterError(f"this authenticator has no credential for {scope!r}")
        credential = usable[-1]
        credential.sign_count += 1
        client_data = _client_data(CollectedClientData.TYPE.GET, challenge, origin, scope)
        auth_data = AuthenticatorData.create(
            sha256(scope.encode()), self._flags(), credential.sign_count
        )
        signature = credential.private_key.sign(
            bytes(auth_data) + client_data.hash, ec.ECDSA(hashes.SHA256())
        )
        return _public_key_credential(
            credential,
            clientDataJSON=client_data.b64,
            authenticatorData=websafe_encode(bytes(auth_data)),
            signature=websafe_encode(signature),
            userHandle=websafe_encode(credential.user_handle),
        )

    def _flags(self) -> AuthenticatorData.FLAG:
        return _FLAG.UP | (_FLAG.UV if self.user_verified else _FLAG(0))

    # --- a file, for scripts (`srpcore login --passkey FILE`) ---------------------------------

    def save(self, path: str | Path) -> None:
        """Write every credential (private keys in plain PKCS#8 PEM!) to ``path``, mode 0600."""
        document = {
            "format": FILE_FORMAT,
            "warning": "Test credentials of srpcore's software authenticator; not a real passkey.",
            "attestation": self.attestation,
            "user_verified": self.user_verified,
            "credentials": [
                {
                    "id": websafe_encode(c.credential_id),
                    "rp_id": c.rp_id,
                    "user_handle": websafe_encode(c.user_handle),
                    "sign_count": c.sign_count,
                    "private_key": c.private_key.private_bytes(
                        serialization.Encoding.PEM,
                        serialization.PrivateFormat.PKCS8,
                        serialization.NoEncryption(),
                    ).decode("ascii"),
                }
                for c in self.credentials
            ],
        }
        replace_private(Path(path), json.dumps(document, indent=2), holds=_SAVED)

    @classmethod
    def load(cls, path: str | Path) -> SoftwareAuthenticator:
        """The authenticator :meth:`save` wrote (its counters as they were then)."""
        try:
            raw = read_private(Path(path), holds=_HELD, max_bytes=MAX_FILE_BYTES)
            document = json.loads(raw.decode("utf-8"))
            if not isinstance(document, dict) or document.get("format") != FILE_FORMAT:
                raise ValueError(f"not a {FILE_FORMAT} file")
            authenticator = cls(
                attestation=str(document["attestation"]),
                user_verified=bool(document["user_verified"]),
            )
            for item in document["credentials"]:
                key = serialization.load_pem_private_key(item["private_key"].encode(), None)
                if not isinstance(key, ec.EllipticCurvePrivateKey):
                    raise ValueError("a credential's key is not an EC key")
                if not 0 <= int(item["sign_count"]) < 2**32 - 1:  # 4 bytes, room for one more
                    raise ValueError("a credential's sign_count is out of range")
                authenticator.credentials.append(
                    StoredCredential(
                        credential_id=websafe_decode(item["id"]),
                        rp_id=str(item["rp_id"]),
                        user_handle=websafe_decode(item["user_handle"]),
                        private_key=key,
                        sign_count=int(item["sign_count"]),
                    )
                )
        except (
            ConfigurationError,  # not a private regular file of ours (see read_private)
            OSError,
            ValueError,
            KeyError,
            TypeError,
            OverflowError,
            UnsupportedAlgorithm,
        ) as exc:
            raise InvalidParameterError(f"cannot load a software authenticator: {exc}") from exc
        except RecursionError as exc:  # JSON nested past the interpreter's limit
            raise InvalidParameterError("cannot load a software authenticator: too deep") from exc
        return authenticator
