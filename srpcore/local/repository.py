"""The one place that reads and changes the endpoint's records.

Pools, app clients, users and devices are frozen dataclasses: an operation reads a record,
builds the changed one with :func:`dataclasses.replace` and hands it back with a ``put_*``
call. A read-check-write that must not interleave with another request's runs inside
``with repository.atomic():``. :class:`Repository` is the interface; :class:`MemoryRepository`
(the default) keeps everything in dictionaries for the life of the process; the SQLite one
(:mod:`srpcore.local.sqlite`) keeps it in a file. Besides the records: each pool's signing key
(PEM), and the refresh grants under the SHA-256 of their token (never the token itself).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import NamedTuple, Protocol

from srpcore.local.model import AppClient, Device, Passkey, Pool, User
from srpcore.local.tokens import RefreshGrant

__all__ = ["MemoryRepository", "Repository", "SigningKey", "StoredGrant", "find_user"]


class SigningKey(NamedTuple):
    """A pool's RSA signing key: its key id and PKCS#8 PEM."""

    pool_id: str
    kid: str
    pem: bytes

    def __repr__(self) -> str:
        return f"SigningKey(pool_id={self.pool_id!r}, kid={self.kid!r}, <pem hidden>)"


class StoredGrant(NamedTuple):
    """A refresh grant as stored: the token's digest, the grant, when it expires."""

    digest: str
    grant: RefreshGrant
    expires: float


class Repository(Protocol):
    """Storage of pools, clients, users and devices; every method is atomic on its own."""

    def atomic(self) -> AbstractContextManager[None]:
        """A unit of reads and writes that no other thread's writes interleave with."""

    def add_pool(self, pool: Pool) -> bool:
        """Store a new pool; False (and nothing stored) if its id is taken."""

    def put_pool(self, pool: Pool) -> None:
        """Replace the stored record of an existing pool (its settings changed)."""

    def pool(self, pool_id: str) -> Pool | None: ...

    def pool_ids(self) -> list[str]: ...

    def add_client(self, client: AppClient) -> bool:
        """Store a new app client; False (and nothing stored) if its id is taken."""

    def client(self, client_id: str) -> AppClient | None: ...

    def client_ids(self, pool_id: str) -> list[str]: ...

    def put_user(self, pool_id: str, user: User) -> None:
        """Store ``user``, replacing the record of the same internal username."""

    def user(self, pool_id: str, username: str) -> User | None: ...

    def users(self, pool_id: str) -> list[User]:
        """The pool's users, oldest first."""

    def user_by_attribute(self, pool_id: str, name: str, value: str) -> User | None:
        """The first user (oldest first) whose attribute ``name`` is ``value``."""

    def user_count(self, pool_id: str) -> int: ...

    def put_device(self, pool_id: str, device: Device) -> None:
        """Store ``device``; a new one is the user's newest, a known one keeps its place."""

    def device(self, pool_id: str, username: str, key: str) -> Device | None: ...

    def devices(self, pool_id: str, username: str) -> list[Device]:
        """The user's devices, oldest first."""

    def remove_device(self, pool_id: str, username: str, key: str) -> None: ...

    def put_passkey(self, pool_id: str, passkey: Passkey) -> None:
        """Store ``passkey``, replacing the one with the same credential id in the pool."""

    def passkey(self, pool_id: str, credential_id: str) -> Passkey | None:
        """The pool's credential ``credential_id``, whoever it belongs to."""

    def passkeys(self, pool_id: str, username: str) -> list[Passkey]:
        """The user's passkeys, oldest first."""

    def passkey_count(self, pool_id: str, username: str) -> int: ...

    def remove_passkey(self, pool_id: str, username: str, credential_id: str) -> bool:
        """Delete the user's credential; False if the user has none by that id."""

    def add_signing_key(self, key: SigningKey) -> SigningKey:
        """Store ``key`` unless the pool has one; the pool's key either way."""

    def signing_keys(self) -> list[SigningKey]: ...

    def put_grant(self, stored: StoredGrant) -> None: ...

    def remove_grant(self, digest: str) -> None: ...

    def grants(self) -> list[StoredGrant]:
        """Every stored grant, oldest first."""


def find_user(repository: Repository, pool: Pool, name: str) -> User | None:
    """A user by internal username, or by a sign-in alias / username attribute."""
    user = repository.user(pool.id, name)
    if user is not None:
        return user
    for attr in (*pool.username_attributes, *pool.alias_attributes):
        user = repository.user_by_attribute(pool.id, attr, name)
        if user is not None:
            return user
    return None


class MemoryRepository:
    """Everything in dictionaries behind one lock; gone when the process ends."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._pools: dict[str, Pool] = {}
        self._clients: dict[str, AppClient] = {}
        self._users: dict[str, dict[str, User]] = {}
        self._devices: dict[tuple[str, str], dict[str, Device]] = {}
        self._keys: dict[str, SigningKey] = {}
        self._passkeys: dict[str, dict[str, Passkey]] = {}  # pool -> credential id -> passkey
        # (pool, user) -> their credential ids in order: per-user reads cost that user only
        self._user_passkeys: dict[tuple[str, str], dict[str, None]] = {}
        self._grants: dict[str, StoredGrant] = {}

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

    def put_grant(self, stored: StoredGrant) -> None:
        with self._lock:
            self._grants[stored.digest] = stored

    def remove_grant(self, digest: str) -> None:
        with self._lock:
            self._grants.pop(digest, None)

    def grants(self) -> list[StoredGrant]:
        with self._lock:
            return list(self._grants.values())
