"""The one place that reads and changes the endpoint's records.

Pools, app clients, users and devices are frozen dataclasses: an operation reads a record,
builds the changed one with :func:`dataclasses.replace` and hands it back with a ``put_*``
call. A read-check-write that must not interleave with another request's runs inside
``with repository.atomic():``. :class:`Repository` is the interface; ``MemoryRepository``
(:mod:`srpcore.local.memory`, the default) keeps everything in dictionaries for the life of
the process; the SQLite one (:mod:`srpcore.local.sqlite`) keeps it in a file. Besides the
records: each pool's signing keys (PEM), the refresh grants under the SHA-256 of their token
(never the token itself), the revocations (:mod:`srpcore.local.revocation`), and the identity
pools with the identities they handed out.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from typing import NamedTuple, Protocol

from srpcore.local.model import AppClient, Device, Identity, IdentityPool, Passkey, Pool, User
from srpcore.local.tokens import RefreshGrant

__all__ = [
    "Repository",
    "Revocation",
    "SigningKey",
    "StoredGrant",
    "find_user",
]


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


class Revocation(NamedTuple):
    """A refusal that must outlive the request that made it.

    ``kind`` "origin": the tokens of one sign-in (RevokeToken), ``key`` its origin_jti;
    "user": every token a user held before a global sign-out at ``at``, ``key`` the owner.
    ``owner`` is ``"<pool id>\0<username>"`` (the bounds are per owner); kept until
    ``expires``, when every token it refuses has expired anyway.
    """

    kind: str
    key: str
    owner: str
    at: float
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

    def put_client(self, client: AppClient) -> None:
        """Store a changed app client (UpdateUserPoolClient) in place of its record."""

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

    def endpoint_secret(self) -> bytes:
        """The endpoint's 32-byte secret, made on the first call and the same ever after (for
        as long as the store lasts): decoys for unknown users must not change on a restart."""

    def put_grant(self, stored: StoredGrant) -> None: ...

    def remove_grant(self, digest: str) -> None: ...

    def grants(self) -> list[StoredGrant]:
        """Every stored grant, oldest first."""

    def put_revocation(self, revocation: Revocation) -> None:
        """Store ``revocation``, replacing the one of the same (kind, key)."""

    def revocation(self, kind: str, key: str) -> Revocation | None: ...

    def revocations(self, owner: str | None = None) -> list[Revocation]:
        """Every revocation (or one owner's), oldest first, expired ones included."""

    def remove_revocation(self, kind: str, key: str) -> None: ...

    def revocation_count(self) -> int: ...

    def prune_revocations(self, now: float) -> None:
        """Forget every revocation that expired by ``now``."""

    def add_identity_pool(self, pool: IdentityPool) -> bool:
        """Store a new identity pool; False (and nothing stored) if its id is taken."""

    def identity_pool(self, pool_id: str) -> IdentityPool | None: ...

    def identity_pool_ids(self) -> list[str]:
        """Every identity pool's id, oldest first."""

    def add_identity(self, identity: Identity) -> bool:
        """Store a new identity; False (and nothing stored) if its id is taken."""

    def identity(self, identity_id: str) -> Identity | None: ...

    def identity_count(self, pool_id: str) -> int: ...


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
