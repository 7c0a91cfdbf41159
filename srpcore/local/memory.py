"""The in-memory :class:`~srpcore.local.repository.Repository`: the endpoint's default store.

Every record lives in dictionaries behind one re-entrant lock for the life of the process;
``atomic()`` holds that lock, so a read-check-write never interleaves with another request's.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager

from srpcore.local.model import AppClient, Device, Identity, IdentityPool, Passkey, Pool, User
from srpcore.local.repository import Revocation, SigningKey, StoredGrant

__all__ = ["MemoryRepository"]


class MemoryRepository:
    """Everything in dictionaries behind one lock; gone when the process ends."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._pools: dict[str, Pool] = {}
        self._clients: dict[str, AppClient] = {}
        self._users: dict[str, dict[str, User]] = {}
        self._devices: dict[tuple[str, str], dict[str, Device]] = {}
        self._keys: dict[str, SigningKey] = {}
        self._secret = secrets.token_bytes(32)
        self._passkeys: dict[str, dict[str, Passkey]] = {}  # pool -> credential id -> passkey
        # (pool, user) -> their credential ids in order: per-user reads cost that user only
        self._user_passkeys: dict[tuple[str, str], dict[str, None]] = {}
        self._grants: dict[str, StoredGrant] = {}
        self._revocations: dict[tuple[str, str], Revocation] = {}
        # owner -> the (kind, key)s of their revocations in order: per-owner reads cost theirs
        self._owner_revocations: dict[str, dict[tuple[str, str], None]] = {}
        self._identity_pools: dict[str, IdentityPool] = {}
        self._identities: dict[str, Identity] = {}
        self._identity_counts: dict[str, int] = {}

    @contextmanager
    def _atomic(self) -> Iterator[None]:
        with self._lock:
            yield

    def atomic(self) -> AbstractContextManager[None]:
        return self._atomic()

    def add_pool(self, pool: Pool) -> bool:
        with self._lock:
            if pool.id in self._pools:
                return False
            self._pools[pool.id] = pool
            self._users[pool.id] = {}
            return True

    def put_pool(self, pool: Pool) -> None:
        with self._lock:
            if pool.id in self._pools:
                self._pools[pool.id] = pool

    def pool(self, pool_id: str) -> Pool | None:
        with self._lock:
            return self._pools.get(pool_id)

    def pool_ids(self) -> list[str]:
        with self._lock:
            return list(self._pools)

    def add_client(self, client: AppClient) -> bool:
        with self._lock:
            if client.client_id in self._clients or client.pool_id not in self._pools:
                return False
            self._clients[client.client_id] = client
            return True

    def client(self, client_id: str) -> AppClient | None:
        with self._lock:
            return self._clients.get(client_id)

    def put_client(self, client: AppClient) -> None:
        with self._lock:
            self._clients[client.client_id] = client

    def client_ids(self, pool_id: str) -> list[str]:
        with self._lock:
            return [c.client_id for c in self._clients.values() if c.pool_id == pool_id]

    def put_user(self, pool_id: str, user: User) -> None:
        with self._lock:
            self._users[pool_id][user.username] = user

    def user(self, pool_id: str, username: str) -> User | None:
        with self._lock:
            return self._users.get(pool_id, {}).get(username)

    def users(self, pool_id: str) -> list[User]:
        with self._lock:
            return list(self._users.get(pool_id, {}).values())

    def user_by_attribute(self, pool_id: str, name: str, value: str) -> User | None:
        with self._lock:
            for user in self._users.get(pool_id, {}).values():
                if user.attributes.get(name) == value:
                    return user
            return None

    def user_count(self, pool_id: str) -> int:
        with self._lock:
            return len(self._users.get(pool_id, {}))

    def put_device(self, pool_id: str, device: Device) -> None:
        with self._lock:
            self._devices.setdefault((pool_id, device.username), {})[device.key] = device

    def device(self, pool_id: str, username: str, key: str) -> Device | None:
        with self._lock:
            return self._devices.get((pool_id, username), {}).get(key)

    def devices(self, pool_id: str, username: str) -> list[Device]:
        with self._lock:
            return list(self._devices.get((pool_id, username), {}).values())

    def remove_device(self, pool_id: str, username: str, key: str) -> None:
        with self._lock:
            self._devices.get((pool_id, username), {}).pop(key, None)

    def put_passkey(self, pool_id: str, passkey: Passkey) -> None:
        with self._lock:
            kept = self._passkeys.setdefault(pool_id, {})
            old = kept.get(passkey.credential_id)
            if old is not None and old.username != passkey.username:
                self._user_passkeys[(pool_id, old.username)].pop(old.credential_id, None)
            kept[passkey.credential_id] = passkey
            owner = self._user_passkeys.setdefault((pool_id, passkey.username), {})
            owner[passkey.credential_id] = None

    def passkey(self, pool_id: str, credential_id: str) -> Passkey | None:
        with self._lock:
            return self._passkeys.get(pool_id, {}).get(credential_id)

    def passkeys(self, pool_id: str, username: str) -> list[Passkey]:
        with self._lock:
            kept = self._passkeys.get(pool_id, {})
            return [kept[cid] for cid in self._user_passkeys.get((pool_id, username), {})]

    def passkey_count(self, pool_id: str, username: str) -> int:
        with self._lock:
            return len(self._user_passkeys.get((pool_id, username), {}))

    def remove_passkey(self, pool_id: str, username: str, credential_id: str) -> bool:
        with self._lock:
            kept = self._passkeys.get(pool_id, {})
            found = kept.get(credential_id)
            if found is None or found.username != username:
                return False
            del kept[credential_id]
            self._user_passkeys[(pool_id, username)].pop(credential_id, None)
            return True

    def add_signing_key(self, key: SigningKey) -> SigningKey:
        with self._lock:
            return self._keys.setdefault(key.pool_id, key)

    def signing_keys(self) -> list[SigningKey]:
        with self._lock:
            return list(self._keys.values())

    def endpoint_secret(self) -> bytes:
        return self._secret

    def put_grant(self, stored: StoredGrant) -> None:
        with self._lock:
            self._grants[stored.digest] = stored

    def remove_grant(self, digest: str) -> None:
        with self._lock:
            self._grants.pop(digest, None)

    def grants(self) -> list[StoredGrant]:
        with self._lock:
            return list(self._grants.values())

    def _drop_revocation(self, name: tuple[str, str]) -> None:
        """Forget one revocation and its place in its owner's index (lock held)."""
        revocation = self._revocations.pop(name, None)
        if revocation is None:
            return
        owned = self._owner_revocations[revocation.owner]
        del owned[name]
        if not owned:
            del self._owner_revocations[revocation.owner]

    def put_revocation(self, revocation: Revocation) -> None:
        name = (revocation.kind, revocation.key)
        with self._lock:
            self._drop_revocation(name)  # the new one is then the newest
            self._revocations[name] = revocation
            self._owner_revocations.setdefault(revocation.owner, {})[name] = None

    def revocation(self, kind: str, key: str) -> Revocation | None:
        with self._lock:
            return self._revocations.get((kind, key))

    def revocations(self, owner: str | None = None) -> list[Revocation]:
        with self._lock:
            if owner is None:
                return list(self._revocations.values())
            return [self._revocations[name] for name in self._owner_revocations.get(owner, ())]

    def remove_revocation(self, kind: str, key: str) -> None:
        with self._lock:
            self._drop_revocation((kind, key))

    def revocation_count(self) -> int:
        with self._lock:
            return len(self._revocations)

    def prune_revocations(self, now: float) -> None:
        with self._lock:
            for name, revocation in list(self._revocations.items()):
                if revocation.expires <= now:
                    self._drop_revocation(name)

    def add_identity_pool(self, pool: IdentityPool) -> bool:
        with self._lock:
            if pool.id in self._identity_pools:
                return False
            self._identity_pools[pool.id] = pool
            return True

    def identity_pool(self, pool_id: str) -> IdentityPool | None:
        with self._lock:
            return self._identity_pools.get(pool_id)

    def identity_pool_ids(self) -> list[str]:
        with self._lock:
            return list(self._identity_pools)

    def add_identity(self, identity: Identity) -> bool:
        with self._lock:
            if identity.id in self._identities:
                return False
            self._identities[identity.id] = identity
            count = self._identity_counts.get(identity.pool_id, 0)
            self._identity_counts[identity.pool_id] = count + 1
            return True

    def identity(self, identity_id: str) -> Identity | None:
        with self._lock:
            return self._identities.get(identity_id)

    def identity_count(self, pool_id: str) -> int:
        with self._lock:
            return self._identity_counts.get(pool_id, 0)
