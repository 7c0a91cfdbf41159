"""The Repository contract, and that operations change records only through it."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from srpcore.cognito.salt import Salt
from srpcore.local.memory import MemoryRepository
from srpcore.local.model import AppClient, Device, Pool, User
from srpcore.local.repository import (
    Repository,
    Revocation,
    SigningKey,
    StoredGrant,
    find_user,
)
from srpcore.local.sqlite import SQLiteRepository
from srpcore.local.tokens import RefreshGrant

FACTORIES: dict[str, Callable[[Path], Repository]] = {
    "memory": lambda _: MemoryRepository(),
    "sqlite": lambda tmp: SQLiteRepository(tmp / "data.sqlite"),
}


@pytest.fixture(params=sorted(FACTORIES))
def repo(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Repository]:
    yield FACTORIES[request.param](tmp_path)


def _pool(pool_id: str = "us-east-1_AbCdEfGhI", **kw: Any) -> Pool:
    return Pool(id=pool_id, name="p", region="us-east-1", **kw)


def _user(name: str, **attributes: str) -> User:
    return User(
        username=name,
        sub=f"sub-{name}",
        salt=Salt.from_bytes(b"s" * 16),
        verifier=12345,
        attributes=attributes,
    )


def test_pools_and_clients_are_added_once(repo: Repository) -> None:
    assert repo.add_pool(_pool())
    assert not repo.add_pool(_pool())
    client = AppClient(
        "c1", "us-east-1_AbCdEfGhI", "app", "shh", frozenset({"ALLOW_USER_SRP_AUTH"})
    )
    assert repo.add_client(client)
    assert not repo.add_client(client)
    assert not repo.add_client(
        dataclasses.replace(client, client_id="c2", pool_id="us-east-1_Nope")
    )
    assert repo.pool_ids() == ["us-east-1_AbCdEfGhI"]
    assert repo.client_ids("us-east-1_AbCdEfGhI") == ["c1"]
    got = repo.client("c1")
    assert got is not None and got.secret == "shh" and got.auth_flows == client.auth_flows


def test_users_are_replaced_whole_and_found_by_alias(repo: Repository) -> None:
    pool = _pool(alias_attributes=("email",))
    repo.add_pool(pool)
    repo.put_user(pool.id, _user("alice", email="a@example.com"))
    repo.put_user(pool.id, _user("bob", email="b@example.com"))
    alice = repo.user(pool.id, "alice")
    assert alice is not None
    repo.put_user(pool.id, dataclasses.replace(alice, enabled=False))
    again = repo.user(pool.id, "alice")
    assert again is not None and not again.enabled and alice.enabled  # the old copy is untouched
    assert [u.username for u in repo.users(pool.id)] == ["alice", "bob"]
    assert repo.user_count(pool.id) == 2
    found = find_user(repo, pool, "b@example.com")
    assert found is not None and found.username == "bob"
    assert find_user(repo, pool, "nobody@example.com") is None


def test_devices_keep_their_order_and_can_be_removed(repo: Repository) -> None:
    pool = _pool()
    repo.add_pool(pool)
    repo.put_user(pool.id, _user("alice"))
    for key in ("k1", "k2", "k3"):
        repo.put_device(pool.id, Device(key=key, group_key="-g", username="alice"))
    first = repo.device(pool.id, "alice", "k1")
    assert first is not None
    repo.put_device(
        pool.id, dataclasses.replace(first, confirmed=True, salt=Salt.from_bytes(b"x"), verifier=7)
    )
    assert [d.key for d in repo.devices(pool.id, "alice")] == ["k1", "k2", "k3"]
    repo.remove_device(pool.id, "alice", "k2")
    assert [d.key for d in repo.devices(pool.id, "alice")] == ["k1", "k3"]
    confirmed = repo.device(pool.id, "alice", "k1")
    assert confirmed is not None and confirmed.confirmed and confirmed.verifier == 7


def test_signing_keys_are_kept_once_per_pool(repo: Repository) -> None:
    first = repo.add_signing_key(SigningKey("us-east-1_AbCdEfGhI", "kid-1", b"pem-1"))
    second = repo.add_signing_key(SigningKey("us-east-1_AbCdEfGhI", "kid-2", b"pem-2"))
    assert first == second == SigningKey("us-east-1_AbCdEfGhI", "kid-1", b"pem-1")
    assert repo.signing_keys() == [first]


def test_grants_are_stored_and_removed(repo: Repository) -> None:
    grant = RefreshGrant("us-east-1_AbCdEfGhI", "c1", "alice", None, "jti", 1700000000)
    repo.put_grant(StoredGrant("d1", grant, 1.5e9))
    repo.put_grant(StoredGrant("d2", grant, 2.5e9))
    repo.remove_grant("d1")
    assert repo.grants() == [StoredGrant("d2", grant, 2.5e9)]


def test_revocations_are_read_per_owner_oldest_first(repo: Repository) -> None:
    alice, bob = "pool\0alice", "pool\0bob"
    repo.put_revocation(Revocation("origin", "j1", alice, 10.0, 100.0))
    repo.put_revocation(Revocation("origin", "j2", bob, 11.0, 50.0))
    repo.put_revocation(Revocation("origin", "j3", alice, 12.0, 100.0))
    repo.put_revocation(Revocation("origin", "j1", alice, 13.0, 200.0))  # replaced: now newest
    assert [r.key for r in repo.revocations(alice)] == ["j3", "j1"]
    assert repo.revocation("origin", "j1") == Revocation("origin", "j1", alice, 13.0, 200.0)
    repo.remove_revocation("origin", "j3")
    repo.prune_revocations(60.0)  # bob's only record expired at 50
    assert [r.key for r in repo.revocations(alice)] == ["j1"]
    assert repo.revocations(bob) == []
    assert repo.revocation_count() == 1
    repo.put_revocation(Revocation("user", bob, bob, 70.0, 300.0))
    assert [r.kind for r in repo.revocations(bob)] == ["user"]
    assert [r.key for r in repo.revocations()] == ["j1", bob]


def test_records_cannot_be_changed_in_place() -> None:
    user = _user("alice")
    with pytest.raises(dataclasses.FrozenInstanceError):
        user.enabled = False  # type: ignore[misc]
    with pytest.raises(dataclasses.FrozenInstanceError):
        _pool().name = "other"  # type: ignore[misc]


def test_an_admin_change_reaches_the_repository_not_an_old_copy(cognito: Any) -> None:
    pool = cognito.create_user_pool("repo")
    cognito.create_user(pool.id, "dora", "correct horse battery")
    repo = cognito.service.context.repo
    before = repo.user(pool.id, "dora")
    cognito.boto3_client().admin_disable_user(UserPoolId=pool.id, Username="dora")
    after = repo.user(pool.id, "dora")
    assert before.enabled and not after.enabled
