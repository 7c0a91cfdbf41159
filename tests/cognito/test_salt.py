"""The salt type: one value, each spelling Cognito uses, hostile values refused with a type."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from srpcore.cognito.salt import MAX_SALT_HEX_LEN, Salt
from srpcore.errors import InvalidParameterError


@pytest.mark.parametrize(
    ("wire", "padded"),
    [
        # AWS's padHex: a leading 00 when the top bit is set, leading zeros of the text dropped.
        ("ff", b"\x00\xff"),
        ("00FF", b"\x00\xff"),
        ("7f", b"\x7f"),
        ("-1", b"\xff"),
        ("0", b"\x00"),
    ],
)
def test_the_value_is_hashed_not_the_spelling(wire: str, padded: bytes) -> None:
    assert Salt.from_hex(wire).padded() == padded


def test_every_spelling_of_one_value_is_one_salt() -> None:
    assert Salt.from_hex("00ab") == Salt.from_hex("AB") == Salt.from_bytes(b"\x00\xab")
    assert Salt.from_bytes(b"\x01\x02").hex() == "0102"
    assert Salt.from_hex("-0a").hex() == "-0a"


def test_a_drawn_salt_has_sixteen_bytes_and_a_non_zero_first_byte() -> None:
    draws = iter([b"\x00" + b"\x11" * 15, b"\x80" + b"\x22" * 15])
    salt = Salt.draw(lambda n: next(draws))
    assert salt.hex() == "80" + "22" * 15


@pytest.mark.parametrize(
    "build",
    [
        lambda: Salt(True),
        lambda: Salt("ab"),  # type: ignore[arg-type]
        lambda: Salt(1 << (4 * MAX_SALT_HEX_LEN + 1)),
        lambda: Salt.from_hex("a" * (MAX_SALT_HEX_LEN + 1)),
        lambda: Salt.from_hex("0xab"),
        lambda: Salt.from_bytes(b"\x01" * (MAX_SALT_HEX_LEN // 2 + 1)),
        lambda: Salt.from_bytes("ab"),  # type: ignore[arg-type]
    ],
)
def test_hostile_salts_get_a_typed_error(build: Callable[[], Salt]) -> None:
    with pytest.raises(InvalidParameterError):
        build()
