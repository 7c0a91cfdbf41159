"""srpcore.testing.SoftwareAuthenticator: what it claims, what it hides, and its file.

The expected flag bits and layout are WebAuthn Level 3, section 6.1 (authenticator data:
rpIdHash(32) | flags(1) | signCount(4, big-endian) | attestedCredentialData); UP is 0x01,
UV 0x04, AT 0x40.
"""

from __future__ import annotations

import base64
import hashlib
import json
import stat
import struct
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from srpcore.errors import InvalidParameterError
from srpcore.testing import SoftwareAuthenticator

CREATION: dict[str, Any] = {
    "rp": {"id": "example.com", "name": "Example"},
    "user": {"id": "dXNlci0x", "name": "alice", "displayName": "Alice"},
    "challenge": "Y2hhbGxlbmdlLWNoYWxsZW5nZS0xMjM0NQ",
    "pubKeyCredParams": [{"type": "public-key", "alg": -7}],
}


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _request(challenge: str = "b3RoZXItY2hhbGxlbmdlLTEyMzQ1Njc4OQ") -> dict[str, Any]:
    return {"challenge": challenge, "rpId": "example.com", "allowCredentials": []}


def test_registration_carries_the_challenge_origin_and_flags() -> None:
    response = SoftwareAuthenticator(user_verified=False).create(CREATION)
    client = json.loads(_unb64(response["response"]["clientDataJSON"]))
    assert client["type"] == "webauthn.create"
    assert client["challenge"] == CREATION["challenge"]
    assert client["origin"] == "https://example.com"
    data = _unb64(response["response"]["authenticatorData"])
    assert data[:32] == hashlib.sha256(b"example.com").digest()
    assert data[32] == 0x01 | 0x40  # UP and AT; no UV when not verified
    assert response["id"] == response["rawId"] and response["type"] == "public-key"


def test_each_assertion_counts_up_and_names_the_user() -> None:
    authenticator = SoftwareAuthenticator()
    authenticator.create(CREATION)
    counters = []
    for _ in range(3):
        response = authenticator.get(_request())
        flags, counter = struct.unpack(
            ">BI", _unb64(response["response"]["authenticatorData"])[32:37]
        )
        assert flags == 0x01 | 0x04
        counters.append(counter)
        assert _unb64(response["response"]["userHandle"]) == b"user-1"
    assert counters == [1, 2, 3]


def test_an_rp_it_has_no_credential_for_is_refused() -> None:
    authenticator = SoftwareAuthenticator()
    authenticator.create(CREATION)
    with pytest.raises(InvalidParameterError, match="no credential"):
        authenticator.get({**_request(), "rpId": "other.example"})


def test_an_rp_that_does_not_take_es256_is_refused() -> None:
    options = {**CREATION, "pubKeyCredParams": [{"type": "public-key", "alg": -257}]}
    with pytest.raises(InvalidParameterError, match="ES256"):
        SoftwareAuthenticator().create(options)


def test_only_none_and_packed_attestation() -> None:
    with pytest.raises(InvalidParameterError):
        SoftwareAuthenticator(attestation="tpm")


def test_repr_hides_the_private_keys(tmp_path: Path) -> None:
    authenticator = SoftwareAuthenticator()
    authenticator.create(CREATION)
    authenticator.save(tmp_path / "a.json")
    pem = json.loads((tmp_path / "a.json").read_text())["credentials"][0]["private_key"]
    body = pem.splitlines()[1]
    for shown in (repr(authenticator), str(authenticator), repr(authenticator.credentials)):
        assert "PRIVATE" not in shown and body not in shown
        assert "hidden" in shown


def test_the_file_is_private_and_loads_back_the_same_credentials(tmp_path: Path) -> None:
    authenticator = SoftwareAuthenticator(attestation="packed")
    authenticator.create(CREATION)
    authenticator.get(_request())
    path = tmp_path / "passkey.json"
    authenticator.save(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    loaded = SoftwareAuthenticator.load(path)
    assert loaded.attestation == "packed"
    response = loaded.get(_request())
    counter = struct.unpack(">I", _unb64(response["response"]["authenticatorData"])[33:37])[0]
    assert counter == 2  # went on from the saved counter
    assert response["id"] == authenticator.get(_request())["id"]


def test_saving_over_a_readable_file_replaces_it_with_a_private_one(tmp_path: Path) -> None:
    path = tmp_path / "passkey.json"
    path.write_text("old", encoding="utf-8")
    path.chmod(0o644)
    authenticator = SoftwareAuthenticator()
    authenticator.create(CREATION)
    authenticator.save(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert json.loads(path.read_text(encoding="utf-8"))["credentials"][0]["sign_count"] == 0
    assert [p.name for p in tmp_path.iterdir()] == ["passkey.json"]  # no temporary left


@pytest.mark.parametrize("text", ["", "{}", '{"format": "other"}', "[1]", "not json"])
def test_a_file_that_is_not_one_is_one_clear_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "bad.json"
    path.write_text(text)
    path.chmod(0o600)  # private, so that the content is what is refused
    with pytest.raises(InvalidParameterError, match="cannot load a software authenticator"):
        SoftwareAuthenticator.load(path)


def test_without_fido2_the_import_says_which_extra_to_install() -> None:
    code = (
        "import sys; sys.modules['fido2'] = None\n"  # as if fido2 were not installed
        "try:\n    import srpcore.testing\n"
        "except Exception as exc:\n    print(type(exc).__name__, exc)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == (
        "ConfigurationError srpcore.testing needs the fido2 package: pip install 'srpcore[testing]'"
    )
