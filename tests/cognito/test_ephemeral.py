"""The one ephemeral draw, the one clock and the one pool-id rule of srpcore.cognito."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timezone

import pytest

from srpcore.cognito import batch, client, server
from srpcore.cognito.ephemeral import draw_ephemeral, utc_now
from srpcore.cognito.pool import POOL_ID_PATTERN, is_pool_id, pool_name
from srpcore.errors import InvalidParameterError


def _script(*chunks: bytes) -> Iterator[bytes]:
    return iter(chunks)


def test_a_zero_draw_is_redrawn() -> None:
    chunks = _script(bytes(32), bytes(31) + b"\x07")
    assert draw_ephemeral(lambda n: next(chunks), 256) == 7


@pytest.mark.parametrize("bits", [255, 260, 128, 0, -8])
def test_sizes_off_the_rule_are_refused(bits: int) -> None:
    with pytest.raises(InvalidParameterError, match="multiple of 8 and at least 256"):
        draw_ephemeral(lambda n: b"\x01" * n, bits)


@pytest.mark.parametrize("bits", [256.0, "256", True, None])
def test_a_size_that_is_not_an_int_is_a_typed_error_everywhere(bits: object) -> None:
    """Before, 256.0 reached ``secrets.token_bytes(32.0)`` and escaped as a raw TypeError."""
    with pytest.raises(InvalidParameterError, match="ephemeral_bits"):
        client.UserSRP(pool_id="us-east-1_Abc", username="u", password="p", ephemeral_bits=bits)  # type: ignore[arg-type]
    with pytest.raises(InvalidParameterError, match="ephemeral_bits"):
        batch.draw_ephemeral(bits)  # type: ignore[arg-type]


def test_the_server_draws_b_through_the_same_rule() -> None:
    chunks = _script(bytes(32), bytes(31) + b"\x05")
    challenge = server.start_challenge(11, rng=lambda n: next(chunks))
    assert challenge.b == 5


def test_the_clock_is_aware_utc_and_reexported() -> None:
    assert utc_now().tzinfo is timezone.utc
    assert client.utc_now is utc_now


@pytest.mark.parametrize(
    ("value", "ok"),
    [
        ("us-east-1_AbCdEfGhI", True),
        ("eu-west-2_x1", True),
        ("us-east-1_", False),
        ("_Abc", False),
        ("us-east-1_Ab-c", False),
        ("arn:aws:cognito-idp:us-east-1:1:userpool/us-east-1_Abc", False),
        ("us-east-1_" + "a" * 45, True),  # 55 characters
        ("us-east-1_" + "a" * 46, False),  # 56
        (7, False),
    ],
)
def test_the_pool_id_rule(value: object, ok: bool) -> None:
    assert is_pool_id(value) is ok
    if ok:
        assert isinstance(value, str) and pool_name(value) == value.split("_")[1]
    else:
        with pytest.raises(InvalidParameterError, match="is not a user pool id"):
            pool_name(value)  # type: ignore[arg-type]


def test_the_pattern_embeds_in_a_path() -> None:
    path = re.compile(rf"/({POOL_ID_PATTERN})/\.well-known/jwks\.json")
    match = path.fullmatch("/us-east-1_Abc/.well-known/jwks.json")
    assert match is not None and match.group(1) == "us-east-1_Abc"
