"""Our authenticator and our verifier are not only checked against each other.

* :class:`HandAuthenticator` below is a second, independent authenticator: it builds the CBOR,
  the COSE key and the authenticator data byte by byte from the WebAuthn Level 3 spec
  (sections 6.1 and 6.5, RFC 8949 for CBOR, RFC 9053 for the ES256 COSE key), with
  ``cryptography`` for ECDSA only: no fido2, no py_webauthn, no srpcore. It registers (``none``
  and ``packed`` self attestation) and signs in to the endpoint over boto3.
* Yubico's ``fido2.server.Fido2Server``, a verifier we did not write (and not py_webauthn,
  which the endpoint uses), accepts what :class:`~srpcore.testing.SoftwareAuthenticator` makes.

(``soft-webauthn``, the other Python software authenticator, pins ``fido2<2`` and cannot be
installed next to fido2 2.x.)
"""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
import struct
from typing import Any

import pytest
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from fido2.server import Fido2Server
from fido2.webauthn import (
    AttestedCredentialData,
    PublicKeyCredentialRpEntity,
    PublicKeyCredentialUserEntity,
    UserVerificationRequirement,
)

from srpcore.testing import SoftwareAuthenticator

from .conftest import PASSWORD, Env

RP_ID = "login.example.org"
CborValue = int | bytes | str | dict[Any, Any]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _head(major: int, n: int) -> bytes:
    """RFC 8949 section 3: the initial byte and the argument."""
    if n < 24:
        return bytes([major << 5 | n])
    for extra, fmt in ((24, ">B"), (25, ">H"), (26, ">I")):
        if n < 1 << (8 * struct.calcsize(fmt)):
            return bytes([major << 5 | extra]) + struct.pack(fmt, n)
    raise ValueError("too long")


def cbor(value: CborValue) -> bytes:
    """The few CBOR types WebAuthn needs (ints, byte and text strings, maps), definite length."""
    if isinstance(value, bool):
        raise TypeError("no booleans here")
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode()
        return _head(3, len(raw)) + raw
    items = b"".join(cbor(k) + cbor(v) for k, v in value.items())
    return _head(5, len(value)) + items


class HandAuthenticator:
    """One ES256 credential, every byte laid out by hand from the spec."""

    def __init__(self, attestation: str, *, counts: bool = True) -> None:
        self.attestation = attestation
        self.counts = counts  # False: always 0, as synced passkeys report
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = secrets.token_bytes(16)
        self.counter = 0

    def _cose_key(self) -> bytes:
        numbers = self.key.public_key().public_numbers()
        # kty EC2 (1: 2), alg ES256 (3: -7), crv P-256 (-1: 1), x (-2), y (-3)
        key = {
            1: 2,
            3: -7,
            -1: 1,
            -2: numbers.x.to_bytes(32, "big"),
            -3: numbers.y.to_bytes(32, "big"),
        }
        return cbor(key)

    def _auth_data(self, rp_id: str, attested: bool) -> bytes:
        flags = 0x01 | 0x04 | (0x40 if attested else 0)  # UP, UV, AT
        data = hashlib.sha256(rp_id.encode()).digest() + struct.pack(">BI", flags, self.counter)
        if attested:
            data += bytes(16) + struct.pack(">H", len(self.credential_id)) + self.credential_id
            data += self._cose_key()
        return data

    def _client_data(self, kind: str, challenge: str, origin: str) -> bytes:
        return json.dumps({"type": kind, "challenge": challenge, "origin": origin}).encode()

    def _sign(self, auth_data: bytes, client_data: bytes) -> bytes:
        message = auth_data + hashlib.sha256(client_data).digest()
        return self.key.sign(message, ec.ECDSA(hashes.SHA256()))

    def create(self, options: dict[str, Any]) -> dict[str, Any]:
        rp_id = options["rp"]["id"]
        client_data = self._client_data("webauthn.create", options["challenge"], f"https://{rp_id}")
        auth_data = self._auth_data(rp_id, attested=True)
        statement: dict[Any, Any] = {}
        if self.attestation == "packed":  # self attestation: signed by the credential itself
            statement = {"alg": -7, "sig": self._sign(auth_data, client_data)}
        attestation = cbor({"fmt": self.attestation, "attStmt": statement, "authData": auth_data})
        return {
            "id": _b64(self.credential_id),
            "rawId": _b64(self.credential_id),
            "type": "public-key",
            "response": {
                "clientDataJSON": _b64(client_data),
                "attestationObject": _b64(attestation),
            },
            "clientExtensionResults": {},
        }

    def get(self, options: dict[str, Any]) -> dict[str, Any]:
        self.counter += 1 if self.counts else 0
        rp_id = options["rpId"]
        client_data = self._client_data("webauthn.get", options["challenge"], f"https://{rp_id}")
        auth_data = self._auth_data(rp_id, attested=False)
        return {
            "id": _b64(self.credential_id),
            "rawId": _b64(self.credential_id),
            "type": "public-key",
            "response": {
                "clientDataJSON": _b64(client_data),
                "authenticatorData": _b64(auth_data),
                "signature": _b64(self._sign(auth_data, client_data)),
            },
            "clientExtensionResults": {},
        }


def test_the_hand_encoder_matches_rfc_8949_examples() -> None:
    # RFC 8949 appendix A: 10 -> 0a, 100 -> 1864, 1000 -> 1903e8, -1 -> 20, -100 -> 3863,
    # "a" -> 6161, h'01020304' -> 4401020304, {1: 2, 3: 4} -> a201020304
    assert cbor(10).hex() == "0a"
    assert cbor(100).hex() == "1864"
    assert cbor(1000).hex() == "1903e8"
    assert cbor(-1).hex() == "20"
    assert cbor(-100).hex() == "3863"
    assert cbor("a").hex() == "6161"
    assert cbor(b"\x01\x02\x03\x04").hex() == "4401020304"
    assert cbor({1: 2, 3: 4}).hex() == "a201020304"


@pytest.mark.parametrize(
    ("attestation", "counts"), [("none", True), ("packed", True), ("none", False)]
)
def test_an_independent_authenticator_registers_and_signs_in(
    new_env: Any, attestation: str, counts: bool
) -> None:
    """``counts=False``: a counter that stays 0 (WebAuthn 6.1.1: an authenticator without one)
    is accepted every time; only a counter that went backwards is refused."""
    env: Env = new_env(first_factors=("PASSWORD", "WEB_AUTHN"))
    env.idp.set_user_pool_mfa_config(
        UserPoolId=env.pool_id,
        WebAuthnConfiguration={"RelyingPartyId": RP_ID, "UserVerification": "required"},
    )
    token = env.idp.initiate_auth(
        AuthFlow="USER_PASSWORD_AUTH",
        ClientId=env.app.client_id,
        AuthParameters={"USERNAME": "alice", "PASSWORD": PASSWORD},
    )["AuthenticationResult"]["AccessToken"]
    hand = HandAuthenticator(attestation, counts=counts)
    options = env.idp.start_web_authn_registration(AccessToken=token)["CredentialCreationOptions"]
    env.idp.complete_web_authn_registration(AccessToken=token, Credential=hand.create(options))
    for _ in range(2):  # twice: the counter the endpoint stored moves on
        first = env.idp.initiate_auth(
            AuthFlow="USER_AUTH",
            ClientId=env.app.client_id,
            AuthParameters={"USERNAME": "alice", "PREFERRED_CHALLENGE": "WEB_AUTHN"},
        )
        request = json.loads(first["ChallengeParameters"]["CREDENTIAL_REQUEST_OPTIONS"])
        done = env.idp.respond_to_auth_challenge(
            ClientId=env.app.client_id,
            ChallengeName="WEB_AUTHN",
            Session=first["Session"],
            ChallengeResponses={"USERNAME": "alice", "CREDENTIAL": json.dumps(hand.get(request))},
        )
        assert (
            env.idp.get_user(AccessToken=done["AuthenticationResult"]["AccessToken"])["Username"]
            == "alice"
        )


@pytest.mark.parametrize("attestation", ["none", "packed"])
def test_fido2s_own_server_accepts_the_software_authenticator(attestation: str) -> None:
    server = Fido2Server(PublicKeyCredentialRpEntity(id=RP_ID, name="test"))
    user = PublicKeyCredentialUserEntity(id=b"user-1", name="alice", display_name="Alice")
    creation, state = server.register_begin(
        user, user_verification=UserVerificationRequirement.REQUIRED
    )
    authenticator = SoftwareAuthenticator(attestation=attestation)
    registered = server.register_complete(state, authenticator.create(dict(creation)))
    assert registered.credential_data is not None
    credentials: list[AttestedCredentialData] = [registered.credential_data]
    for expected in (1, 2):
        request, state = server.authenticate_begin(
            credentials, user_verification=UserVerificationRequirement.REQUIRED
        )
        assertion = authenticator.get(dict(request))
        used = server.authenticate_complete(state, credentials, assertion)
        assert used.credential_id == _unb64(assertion["id"])
        flags_and_counter = _unb64(assertion["response"]["authenticatorData"])[32:37]
        assert struct.unpack(">BI", flags_and_counter) == (0x05, expected)  # UP|UV, counter
