"""Which region a Locust user's Cognito client calls."""

from __future__ import annotations

import pytest

from srpcore.errors import ConfigurationError
from srpcore.locust import CognitoUser


class _Pool(CognitoUser):
    abstract = True
    user_pool_id = "eu-west-1_Ab12"
    client_id = "client"


def test_the_region_is_the_pools_unless_set() -> None:
    assert _Pool._region() == "eu-west-1"

    class Elsewhere(_Pool):
        abstract = True
        cognito_region = "us-east-1"

    assert Elsewhere._region() == "us-east-1"


@pytest.mark.parametrize("bad", ["AbCdEf", "_Ab12", "eu-west-1_"])
def test_a_pool_id_that_names_no_region_is_a_configuration_error(bad: str) -> None:
    class Bad(_Pool):
        abstract = True
        user_pool_id = bad

    with pytest.raises(ConfigurationError, match="must look like"):
        Bad._region()
