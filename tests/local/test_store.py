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
from srpcore.local.store import ExpiringStore, Quota


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


def test_an_evicting_quota_drops_only_its_owners_oldest() -> None:
    tick = Tick()
    store: ExpiringStore[int] = ExpiringStore(ttl=10, max_entries=10, clock=tick)
    store.put("other", 0, quotas=[Quota("user", "bob", 2, evict_oldest=True)])
    for n in range(5):
        store.put(f"a{n}", n, quotas=[Quota("user", "alice", 2, evict_oldest=True)])
    assert [store.get(f"a{n}") for n in range(5)] == [None, None, None, 3, 4]
    assert store.get("other") == 0
    assert store.count("user", "alice") == 2 and len(store) == 3


def test_a_refusing_quota_changes_nothing() -> None:
    tick = Tick()
    store: ExpiringStore[int] = ExpiringStore(ttl=10, max_entries=10, clock=tick)
    quotas = [Quota("client", "c1", 2), Quota("user", "alice", 1, evict_oldest=True)]
    store.put("a", 1, quotas=quotas[:1])
    store.put("b", 2, quotas=quotas)
    with pytest.raises(ApiError) as info:
        store.put("c", 3, quotas=quotas)  # the client is full: alice's "b" must survive
    assert info.value.code == "TooManyRequestsException"
    assert store.get("a") == 1 and store.get("b") == 2 and store.get("c") is None
    store.put("d", 4, quotas=[Quota("client", "c2", 2)])  # another client is unaffected


def test_one_entry_under_two_keys_counts_once_and_goes_at_once() -> None:
    tick = Tick()
    store: ExpiringStore[str] = ExpiringStore(ttl=10, max_entries=1, clock=tick)
    store.put(["s:1", "b:1"], "P", quotas=[Quota("pool", "p", 1)])
    assert len(store) == 1 and store.get("b:1") == "P"
    assert store.pop("s:1") == "P"
    assert store.get("b:1") is None and store.pop("b:1") is None
    assert store.count("pool", "p") == 0


def test_at_the_global_bound_the_largest_other_tenant_makes_room() -> None:
    tick = Tick()
    store: ExpiringStore[str] = ExpiringStore(ttl=10, max_entries=3, clock=tick, share_kind="pool")
    for n in range(3):
        store.put(f"a{n}", "A", quotas=[Quota("pool", "A", 10)])
    with pytest.raises(ApiError):
        store.put("a3", "A", quotas=[Quota("pool", "A", 10)])  # its own flood: refused
    store.put("b0", "B", quotas=[Quota("pool", "B", 10)])  # a smaller tenant: A's oldest goes
    assert store.get("a0") is None and store.get("a1") == "A" and store.get("b0") == "B"
    store.put("b1", "B", quotas=[Quota("pool", "B", 10)])
    with pytest.raises(ApiError):
        store.put("b2", "B", quotas=[Quota("pool", "B", 10)])  # now B is as large as A
    assert len(store) == 3


def test_expired_entries_behind_longer_ones_do_not_use_up_a_quota() -> None:
    tick = Tick()
    store: ExpiringStore[int] = ExpiringStore(ttl=100, max_entries=10, clock=tick)
    store.put("long", 0)
    store.put("short", 1, ttl=1, quotas=[Quota("client", "c", 1)])
    tick.now += 2
    store.put("next", 2, quotas=[Quota("client", "c", 1)])
    assert store.get("next") == 2


def test_abandoned_sign_ins_cannot_grow_memory_without_bound() -> None:
    now = [datetime.now(timezone.utc)]
    with LocalCognito(max_pending=4, clock=lambda: now[0]) as cognito:
        pool = cognito.create_user_pool("bounded")
        app = cognito.create_client(pool.id)
        cognito.create_user(pool.id, "alice", "password-1")
        cognito.create_user(pool.id, "bob", "password-1")
        idp: Any = cognito.boto3_client()

        def start(username: str = "alice") -> Any:
            srp = UserSRP(pool_id=pool.id, username=username, password="password-1")
            return idp.initiate_auth(
                AuthFlow="USER_SRP_AUTH",
                ClientId=app.client_id,
                AuthParameters=srp.auth_parameters(),
            )

        for _ in range(4):
            start()  # abandoned
        with pytest.raises(idp.exceptions.TooManyRequestsException):
            start("bob")  # full, and bob has nothing of his own to give up
        assert start()["ChallengeName"] == "PASSWORD_VERIFIER"  # alice's own oldest goes
        assert len(cognito.service.context.pending) == 4
        now[0] += timedelta(minutes=3, seconds=1)
        assert len(cognito.service.context.pending) == 0
        assert start("bob")["ChallengeName"] == "PASSWORD_VERIFIER"


@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.1", "example.com"])
def test_only_loopback_addresses_are_served(host: str) -> None:
    with pytest.raises(ConfigurationError):
        LocalCognito(host=host)


def test_owner_indexes_do_not_outlive_their_entries() -> None:
    """Per-owner bookkeeping is bounded by the live entries (white-box: no leak per owner)."""
    tick = Tick()
    store: ExpiringStore[int] = ExpiringStore(
        ttl=10, max_entries=100, clock=tick, share_kind="pool"
    )
    for n in range(50):
        store.put(
            [f"s{n}", f"b{n}"], n, quotas=[Quota("pool", f"p{n}", 5), Quota("user", f"u{n}", 2)]
        )
    store.pop("b7")
    assert len(store._owners) == 98 and len(store._tenants) == 49 and len(store._keys) == 98
    tick.now += 11
    assert len(store) == 0
    assert store._owners == {} and store._tenants == {} and store._keys == {}
