"""HKDF-SHA256 against RFC 5869's own test vectors (Appendix A, test cases 1-3).

Source: RFC 5869, "HMAC-based Extract-and-Expand Key Derivation Function (HKDF)", Appendix A
(https://www.rfc-editor.org/rfc/rfc5869#appendix-A); inputs and OKM as published there.
"""

from __future__ import annotations

import pytest

from srpcore.core.hkdf import MAX_LENGTH, hkdf_sha256
from srpcore.errors import InvalidParameterError

RFC5869 = [
    (  # A.1: basic
        bytes([0x0B] * 22),
        bytes(range(0x0D)),
        bytes(range(0xF0, 0xFA)),
        42,
        "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865",
    ),
    (  # A.2: longer inputs and outputs (three blocks)
        bytes(range(0x50)),
        bytes(range(0x60, 0xB0)),
        bytes(range(0xB0, 0x100)),
        82,
        "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c"
        "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71"
        "cc30c58179ec3e87c14c01d5c1f3434f1d87",
    ),
    (  # A.3: zero-length salt and info
        bytes([0x0B] * 22),
        b"",
        b"",
        42,
        "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8",
    ),
]


@pytest.mark.parametrize(("ikm", "salt", "info", "length", "okm"), RFC5869)
def test_rfc5869_vectors(ikm: bytes, salt: bytes, info: bytes, length: int, okm: str) -> None:
    assert hkdf_sha256(ikm, salt=salt, info=info, length=length).hex() == okm


def test_cognitos_16_byte_key_is_the_rfc_output_cut_short() -> None:
    """HKDF's output for a shorter length is a prefix of the longer one (RFC 5869 section 2.3):
    the 16 bytes Cognito takes are A.1's published OKM, first 16 bytes."""
    ikm, salt, info, _, okm = RFC5869[0]
    assert hkdf_sha256(ikm, salt=salt, info=info, length=16).hex() == okm[:32]


def test_no_salt_is_the_rfc_zero_salt() -> None:
    ikm, okm = RFC5869[2][0], RFC5869[2][4]
    assert hkdf_sha256(ikm, salt=None, info=b"", length=42).hex() == okm


@pytest.mark.parametrize("length", [0, -1, MAX_LENGTH + 1])
def test_lengths_outside_the_rfc_are_refused(length: int) -> None:
    with pytest.raises(InvalidParameterError, match="HKDF"):
        hkdf_sha256(b"k", salt=None, info=b"", length=length)


def test_longest_output_has_255_blocks() -> None:
    assert len(hkdf_sha256(b"k", salt=None, info=b"", length=MAX_LENGTH)) == MAX_LENGTH
