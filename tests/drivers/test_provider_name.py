"""The identity pool's name for a user pool provider, in the pool's region unless told."""

from __future__ import annotations

import pytest

from srpcore.drivers.credentials import provider_name
from srpcore.errors import InvalidParameterError


def test_the_provider_name_is_in_the_pools_region_unless_told() -> None:
    assert provider_name("eu-west-1_Ab12") == "cognito-idp.eu-west-1.amazonaws.com/eu-west-1_Ab12"
    assert (
        provider_name("eu-west-1_Ab12", "us-east-1")
        == "cognito-idp.us-east-1.amazonaws.com/eu-west-1_Ab12"
    )


@pytest.mark.parametrize("bad", ["us-east-1_Ab!2", "x" * 51 + "_Ab12"])
def test_the_provider_name_takes_only_what_the_service_takes_as_a_pool_id(bad: str) -> None:
    """It used to check only for an underscore, so these went to the identity pool."""
    with pytest.raises(InvalidParameterError):
        provider_name(bad, "us-east-1")
