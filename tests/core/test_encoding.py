"""Encodings: the two's-complement form AWS calls padHex, strict hex and lenient base64."""

from __future__ import annotations

import base64
import binascii

import pytest
from hypothesis import given
from hypothesis import strategies as st

from srpcore.core.encoding import (
    b64decode_lenient,
    pad_to,
    parse_hex_int,
    twos_complement_bytes,
    twos_complement_hex,
)
from srpcore.errors import InvalidParameterError

# Examples published in the project's protocol reference (shared/reference/cognito-srp-math.md),
# which match Java's BigInteger.toByteArray().
PADHEX_EXAMPLES = [
    (0, "00"),
    (1, "01"),
    (0x7F, "7f"),
    (0x80, "0080"),
    (0x100, "0100"),
    (0x8000, "008000"),
    (-1, "ff"),
    (-5, "fb"),
    (-128, "80"),
    (-129, "ff7f"),
    (-256, "ff00"),
    (-0x8000, "8000"),
]


@pytest.mark.parametrize(("n", "expected"), PADHEX_EXAMPLES)
def test_twos_complement_hex_examples(n: int, expected: str) -> None:
    assert twos_complement_hex(n) == expected


@given(st.integers(min_value=-(2**3100), max_value=2**3100))
def test_twos_complement_round_trip_and_minimal(n: int) -> None:
    data = twos_complement_bytes(n)
    assert int.from_bytes(data, "big", signed=True) == n
    # Minimal: dropping the first byte must change the value (or leave nothing).
    if len(data) > 1:
        assert int.from_bytes(data[1:], "big", signed=True) != n


def test_pad_to_rfc5054() -> None:
    assert pad_to(2, 4) == b"\x00\x00\x00\x02"
    with pytest.raises(InvalidParameterError):
        pad_to(-1, 4)


@pytest.mark.parametrize(
    ("text", "value"),
    [("0012ab", 0x12AB), ("ABC", 0xABC), ("-5c1a", -0x5C1A), ("0", 0), ("-0", 0), ("f", 15)],
)
def test_parse_hex_int_accepts_what_aws_sends(text: str, value: int) -> None:
    assert parse_hex_int(text, name="SALT", max_len=64) == value


@pytest.mark.parametrize(
    "text", ["", " 12", "12 ", "0x12", "1_2", "+12", "--1", "1-2", "g", "١٢", "12\n", "-"]
)
def test_parse_hex_int_refuses_non_hex(text: str) -> None:
    with pytest.raises(InvalidParameterError, match="SRP_B"):
        parse_hex_int(text, name="SRP_B", max_len=64)


def test_parse_hex_int_refuses_oversized_before_parsing() -> None:
    with pytest.raises(InvalidParameterError, match="at most 8"):
        parse_hex_int("1" * 9, name="SRP_B", max_len=8)


@given(st.binary(max_size=300))
def test_b64_lenient_round_trips_every_spelling(data: bytes) -> None:
    standard = base64.b64encode(data).decode()
    urlsafe = base64.urlsafe_b64encode(data).decode()
    for text in (standard, standard.rstrip("="), urlsafe, urlsafe.rstrip("=")):
        assert b64decode_lenient(text, name="SECRET_BLOCK", max_len=1000) == data


@given(st.text(alphabet="AQgw+/=", max_size=40).filter(lambda t: len(t) % 4 == 0))
def test_b64_lenient_decodes_standard_base64_as_the_standard_library(text: str) -> None:
    """The shortcut for standard padded text gives what ``base64.b64decode`` gives."""
    try:
        expected = base64.b64decode(text, validate=True)
    except binascii.Error:
        return
    assert b64decode_lenient(text, name="SECRET_BLOCK", max_len=1000) == expected


@pytest.mark.parametrize(
    ("text", "data"),
    [("AA=", b"\x00"), ("QUJD\r\nREVGRw", b"ABCDEFG"), ("QUJD REVG Rw", b"ABCDEFG"), ("", b"")],
)
def test_b64_lenient_accepts_what_amplify_accepts(text: str, data: bytes) -> None:
    assert b64decode_lenient(text, name="SECRET_BLOCK", max_len=1000) == data


@pytest.mark.parametrize(
    "text",
    ["A", "AAAAA", "AA===", "A=AA", "AA AA", "AA\nAA", "!!!!", "AAA=A", "QUJD REVG", "QQ==QUJD"],
)
def test_b64_lenient_refuses_what_is_not_base64(text: str) -> None:
    with pytest.raises(InvalidParameterError, match="SECRET_BLOCK"):
        b64decode_lenient(text, name="SECRET_BLOCK", max_len=1000)
