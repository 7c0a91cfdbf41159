"""A pool id's region: the one reading of it."""

from __future__ import annotations

import pytest

from srpcore.cognito.pool import pool_region
from srpcore.errors import InvalidParameterError


@pytest.mark.parametrize(
    ("pool_id", "region"),
    [
        ("us-east-1_AbCdEfGhI", "us-east-1"),
        ("us-gov-west-1_Ab12", "us-gov-west-1"),
        ("ap-southeast-5_z", "ap-southeast-5"),
    ],
)
def test_the_region_is_the_prefix(pool_id: str, region: str) -> None:
    assert pool_region(pool_id) == region


@pytest.mark.parametrize(
    "bad", ["AbCdEfGhI", "_Ab12", "us-east-1_", "us-east-1_Ab!2", "x" * 51 + "_Ab12", None, 3]
)
def test_what_is_not_a_pool_id_is_refused(bad: object) -> None:
    with pytest.raises(InvalidParameterError, match="is not a user pool id"):
        pool_region(bad)  # type: ignore[arg-type]
