"""Limits: pending sign-ins expire and are evicted, a full store refuses (never crosses), and
the endpoint binds loopback addresses only."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from srpcore import UserSRP
from srpcore.errors import ConfigurationError
from srpcore.local import LocalCognito
from srpcore.local.errors import ApiError
from srpcore.local.store import ExpiringStore


class Tick:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_entries_expire_and_are_single_use() -> None:
    tick = Tick()
    store: ExpiringStore[str] = ExpiringStore(ttl=10, max_entries=3, clock=tick)
    store.put("a", "A")
    store.put("b", "B", ttl=5)
    assert store.get("a") == "A"
    assert store.pop("a") == "A"
    assert store.pop("a") is None
    tick.now += 6
    assert store.pop("b") is None  # its own shorter lifetime
    store.put("c", "C")
    tick.now += 10
    assert len(store) == 0


def test_a_full_store_refuses_instead_of_dropping_live_entries() -> None:
    tick = Tick()
    store: ExpiringStore[int] = ExpiringStore(ttl=10, max_entries=2, clock=tick)
    store.put("a", 1)
    store.put("b", 2)
    with pytest.raises(ApiError) as info:
        store.put("c", 3)
    assert info.value.code == "TooManyRequestsException"
    assert store.get("a") == 1 and store.get("b") == 2
    tick.now += 11
    store.put("c", 3)  # the expired ones made room
    assert len(store) == 1


def test_evict_live_drops_the_oldest() -> None:
    tick = Tick()
    store: ExpiringStore[int] = ExpiringStore(ttl=10, max_entries=2, clock=tick, evict_live=True)
    for key in "abc":
        store.put(key, ord(key))
    assert store.get("a") is None and store.get("c") == ord("c")


def test_abandoned_sign_ins_cannot_grow_memory_without_bound() -> None:
    now = [datetime.now(timezone.utc)]
    with LocalCognito(max_pending=4, clock=lambda: now[0]) as cognito:
        pool = cognito.create_user_pool("bounded")
        app = cognito.create_client(pool.id)
        cognito.create_user(pool.id, "alice", "password-1")
        idp: Any = cognito.boto3_client()

        def start() -> Any:
            srp = UserSRP(pool_id=pool.id, username="alice", password="password-1")
            return idp.initiate_auth(
                AuthFlow="USER_SRP_AUTH",
                ClientId=app.client_id,
                AuthParameters=srp.auth_parameters(),
            )

        for _ in range(4):
            start()  # abandoned
        with pytest.raises(idp.exceptions.TooManyRequestsException):
            start()
        assert len(cognito.service.pending) == 4
        now[0] += timedelta(minutes=3, seconds=1)
        assert len(cognito.service.pending) == 0
        assert start()["ChallengeName"] == "PASSWORD_VERIFIER"


@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.1", "example.com"])
def test_only_loopback_addresses_are_served(host: str) -> None:
    with pytest.raises(ConfigurationError):
        LocalCognito(host=host)
