"""The sessions' options: the identity pool's fields, composed, and checked before any refresh."""

from __future__ import annotations

import pytest

from srpcore.drivers.credentials import IdentityIdCache
from srpcore.drivers.sessions import SessionOptions
from srpcore.errors import InvalidParameterError

POOL = "us-east-1:0a1b2c3d-0000-4000-8000-000000000000"


def test_a_session_without_a_provider_is_refused_up_front() -> None:
    with pytest.raises(InvalidParameterError, match="give user_pool_id"):
        SessionOptions(identity_pool_id=POOL)


def test_a_user_pool_id_that_names_no_region_is_refused_up_front() -> None:
    with pytest.raises(InvalidParameterError, match="not a user pool id"):
        SessionOptions(identity_pool_id=POOL, user_pool_id="AbCdEf")


def test_each_refresh_names_the_provider_in_the_sessions_region_and_shares_one_cache() -> None:
    options = SessionOptions(
        identity_pool_id=POOL, user_pool_id="eu-west-1_AbC", region_name="eu-central-1"
    )
    exchanges = options.exchanges()
    first, second = exchanges("id.token.one"), exchanges("id.token.two")
    assert (first.tokens, second.tokens) == ("id.token.one", "id.token.two")
    assert (
        first.login_provider(first.region) == "cognito-idp.eu-central-1.amazonaws.com/eu-west-1_AbC"
    )
    assert first.cache is second.cache and first.cache is not None
    assert first.cache.limit == 16  # one session's own small table, not the process-wide one
    assert options.exchanges()("t").cache is not first.cache  # another session, another table


def test_a_cache_given_is_the_one_used() -> None:
    cache = IdentityIdCache(3)
    options = SessionOptions(identity_pool_id=POOL, provider_name="example.com", cache=cache)
    assert options.exchanges()("t").cache is cache
