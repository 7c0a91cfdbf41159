"""A :class:`~srpcore.local.repository.Repository` in one SQLite file (stdlib ``sqlite3``).

Kept: pools, app clients (with their secrets), users (salt and verifier, never a password;
MFA secrets), devices, passkeys (public keys and sign counters), each pool's signing keys,
refresh grants by the SHA-256 of their token, revocations (RevokeToken, global sign-out),
identity pools with their identities, and the endpoint's secret (the stable decoys that hide
which users exist, and page tokens, come from it: see :mod:`srpcore.local.endpoint_keys`).
Not kept: sign-ins in progress (they are in memory and simply expire), and a ``CustomAuth``'s
``check``/``parameters`` callables (only its answers are data).

Durability: every change is committed (WAL, ``synchronous=FULL``) before the request that made
it is answered, so a crash of the process or the machine loses no answered request, only the
sign-ins in progress; a request cut off mid-way may have made some of its writes.
One connection serves every thread behind a lock; ``atomic()`` is one ``BEGIN IMMEDIATE``
transaction, so a second process on the same file waits (up to the busy timeout) instead of
interleaving. The schema has one version, in ``PRAGMA user_version``;
:data:`MIGRATIONS` upgrades an older file, and a newer or damaged file is refused with
:class:`StorageError`.
"""

from __future__ import annotations

import json
import os
import secrets
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

from srpcore.local.model import AppClient, Device, Identity, IdentityPool, Passkey, Pool, User
from srpcore.local.repository import Revocation, SigningKey, StoredGrant
from srpcore.local.sqlite_schema import (
    MIGRATIONS,
    SCHEMA,
    SCHEMA_VERSION,
    R,
    StorageError,
    damaged,
    decode_record,
    encode_record,
    run_script,
)
from srpcore.local.tokens import RefreshGrant

__all__ = ["MIGRATIONS", "SCHEMA_VERSION", "SQLiteRepository", "StorageError"]


def _create_private(path: Path) -> None:
    """A new file is readable by its owner only: it holds client secrets and signing keys
    (SQLite gives its -wal and -shm files the same permissions)."""
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        return
    except OSError as exc:
        raise StorageError(f"cannot create the data file {path}: {exc.strerror}") from exc


class SQLiteRepository:
    """Pools, clients, users, devices, signing keys and refresh grants in ``path``."""

    def __init__(self, path: str | Path, *, busy_timeout: float = 10.0) -> None:
        self.path = Path(path)
        self._lock = threading.RLock()
        self._depth = 0
        self._db = sqlite3.connect(":memory:")  # replaced below; closed if opening fails
        _create_private(self.path)
        try:
            self._db = sqlite3.connect(
                self.path, timeout=busy_timeout, isolation_level=None, check_same_thread=False
            )
            self._open()
        except sqlite3.Error as exc:
            self._db.close()
            raise StorageError(f"{self.path} is not a usable srpcore data file: {exc}") from exc
        except StorageError:
            self._db.close()
            raise

    def _open(self) -> None:
        db = self._db
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=FULL")
        with self.atomic():
            version = int(db.execute("PRAGMA user_version").fetchone()[0])
            if version > SCHEMA_VERSION:
                raise StorageError(
                    f"{self.path} was written by a newer srpcore (schema {version}; this one "
                    f"reads up to {SCHEMA_VERSION}): upgrade srpcore or use another file"
                )
            if version == 0:
                if db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
                    raise StorageError(f"{self.path} is an SQLite file, but not srpcore's")
                run_script(db, SCHEMA)
                version = SCHEMA_VERSION
            while version < SCHEMA_VERSION:
                MIGRATIONS[version](db)
                version += 1
            db.execute(f"PRAGMA user_version = {int(version)}")
        check = db.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise StorageError(f"{self.path} is damaged ({check}); restore it or use another file")

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def _atomic(self) -> Iterator[None]:
        with self._lock:
            outermost = self._depth == 0
            if outermost:
                self._db.execute("BEGIN IMMEDIATE")
            self._depth += 1
            try:
                yield
            except BaseException:
                self._depth -= 1
                if outermost:
                    self._db.execute("ROLLBACK")
                raise
            self._depth -= 1
            if outermost:
                self._db.execute("COMMIT")

    def atomic(self) -> AbstractContextManager[None]:
        return self._atomic()

    def _rows(self, sql: str, *args: object) -> list[Any]:
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    def _write(self, sql: str, *args: object) -> int:
        with self.atomic():
            return self._db.execute(sql, args).rowcount

    def _record(self, cls: type[R], table: str, where: str, *args: object) -> R | None:
        """The one record of ``table`` that ``where`` selects, if there is one. ``table`` and
        ``where`` are literals of this module; every value is a bound parameter."""
        sql = f"SELECT rowid, data FROM {table} WHERE {where}"  # noqa: S608 - literals here
        rows = self._rows(sql, *args)
        return decode_record(cls, rows[0], table) if rows else None

    def _records(self, cls: type[R], table: str, where: str, *args: object) -> list[R]:
        """Every record of ``table`` that ``where`` selects, oldest first."""
        sql = f"SELECT rowid, data FROM {table} WHERE {where} ORDER BY rowid"  # noqa: S608
        return [decode_record(cls, row, table) for row in self._rows(sql, *args)]

    def _column(self, sql: str, *args: object) -> list[Any]:
        """The first column of every row (ids), or of the one row (a count)."""
        return [row[0] for row in self._rows(sql, *args)]

    # --- pools and clients ------------------------------------------------------------------

    def add_pool(self, pool: Pool) -> bool:
        sql = "INSERT INTO pools VALUES (?, ?) ON CONFLICT DO NOTHING"
        return self._write(sql, pool.id, encode_record(pool)) == 1

    def put_pool(self, pool: Pool) -> None:
        self._write("UPDATE pools SET data = ? WHERE id = ?", encode_record(pool), pool.id)

    def pool(self, pool_id: str) -> Pool | None:
        return self._record(Pool, "pools", "id = ?", pool_id)

    def pool_ids(self) -> list[str]:
        return self._column("SELECT id FROM pools ORDER BY rowid")

    def add_client(self, client: AppClient) -> bool:
        with self.atomic():
            if self.pool(client.pool_id) is None:
                return False
            sql = "INSERT INTO clients VALUES (?, ?, ?) ON CONFLICT DO NOTHING"
            return self._write(sql, client.client_id, client.pool_id, encode_record(client)) == 1

    def client(self, client_id: str) -> AppClient | None:
        return self._record(AppClient, "clients", "id = ?", client_id)

    def put_client(self, client: AppClient) -> None:
        sql = "UPDATE clients SET data = ? WHERE id = ?"
        self._write(sql, encode_record(client), client.client_id)

    def client_ids(self, pool_id: str) -> list[str]:
        sql = "SELECT id FROM clients WHERE pool_id = ? ORDER BY rowid"
        return self._column(sql, pool_id)

    # --- users and devices ------------------------------------------------------------------

    def put_user(self, pool_id: str, user: User) -> None:
        sql = (
            "INSERT INTO users VALUES (?, ?, ?) "
            "ON CONFLICT (pool_id, username) DO UPDATE SET data = excluded.data"
        )
        self._write(sql, pool_id, user.username, encode_record(user))

    def user(self, pool_id: str, username: str) -> User | None:
        return self._record(User, "users", "pool_id = ? AND username = ?", pool_id, username)

    def users(self, pool_id: str) -> list[User]:
        return self._records(User, "users", "pool_id = ?", pool_id)

    def user_by_attribute(self, pool_id: str, name: str, value: str) -> User | None:
        return next((u for u in self.users(pool_id) if u.attributes.get(name) == value), None)

    def user_count(self, pool_id: str) -> int:
        return int(self._column("SELECT count(*) FROM users WHERE pool_id = ?", pool_id)[0])

    def put_device(self, pool_id: str, device: Device) -> None:
        sql = (
            "INSERT INTO devices VALUES (?, ?, ?, ?) "
            "ON CONFLICT (pool_id, username, key) DO UPDATE SET data = excluded.data"
        )
        self._write(sql, pool_id, device.username, device.key, encode_record(device))

    def device(self, pool_id: str, username: str, key: str) -> Device | None:
        return self._record(
            Device, "devices", "pool_id = ? AND username = ? AND key = ?", pool_id, username, key
        )

    def devices(self, pool_id: str, username: str) -> list[Device]:
        return self._records(Device, "devices", "pool_id = ? AND username = ?", pool_id, username)

    def remove_device(self, pool_id: str, username: str, key: str) -> None:
        sql = "DELETE FROM devices WHERE pool_id = ? AND username = ? AND key = ?"
        self._write(sql, pool_id, username, key)

    # --- passkeys ---------------------------------------------------------------------------

    def put_passkey(self, pool_id: str, passkey: Passkey) -> None:
        sql = (
            "INSERT INTO passkeys VALUES (?, ?, ?, ?) ON CONFLICT (pool_id, credential_id) "
            "DO UPDATE SET username = excluded.username, data = excluded.data"
        )
        self._write(sql, pool_id, passkey.credential_id, passkey.username, encode_record(passkey))

    def passkey(self, pool_id: str, credential_id: str) -> Passkey | None:
        return self._record(
            Passkey, "passkeys", "pool_id = ? AND credential_id = ?", pool_id, credential_id
        )

    def passkeys(self, pool_id: str, username: str) -> list[Passkey]:
        return self._records(Passkey, "passkeys", "pool_id = ? AND username = ?", pool_id, username)

    def passkey_count(self, pool_id: str, username: str) -> int:
        sql = "SELECT count(*) FROM passkeys WHERE pool_id = ? AND username = ?"
        return int(self._column(sql, pool_id, username)[0])

    def remove_passkey(self, pool_id: str, username: str, credential_id: str) -> bool:
        sql = "DELETE FROM passkeys WHERE pool_id = ? AND username = ? AND credential_id = ?"
        return self._write(sql, pool_id, username, credential_id) == 1

    # --- signing keys and refresh grants ----------------------------------------------------

    def add_signing_key(self, key: SigningKey) -> SigningKey:
        with self.atomic():
            sql = "INSERT INTO signing_keys VALUES (?, ?, ?) ON CONFLICT DO NOTHING"
            self._write(sql, key.pool_id, key.kid, key.pem)
            rows = self._rows("SELECT kid, pem FROM signing_keys WHERE pool_id = ?", key.pool_id)
        return SigningKey(key.pool_id, rows[0][0], bytes(rows[0][1]))

    def signing_keys(self) -> list[SigningKey]:
        rows = self._rows("SELECT pool_id, kid, pem FROM signing_keys ORDER BY rowid")
        return [SigningKey(row[0], row[1], bytes(row[2])) for row in rows]

    def endpoint_secret(self) -> bytes:
        with self.atomic():
            sql = "INSERT INTO endpoint_secret VALUES (1, ?) ON CONFLICT DO NOTHING"
            self._write(sql, secrets.token_bytes(32))
            rows = self._rows("SELECT secret FROM endpoint_secret WHERE id = 1")
        return bytes(rows[0][0])

    def put_grant(self, stored: StoredGrant) -> None:
        grant = stored.grant
        data = json.dumps(
            [
                grant.pool_id,
                grant.client_id,
                grant.username,
                grant.device_key,
                grant.origin_jti,
                grant.auth_time,
                grant.rotated_at,
            ]
        )
        self._write(
            "INSERT OR REPLACE INTO grants VALUES (?, ?, ?)", stored.digest, data, stored.expires
        )

    def remove_grant(self, digest: str) -> None:
        self._write("DELETE FROM grants WHERE digest = ?", digest)

    def grants(self) -> list[StoredGrant]:
        rows = self._rows("SELECT rowid, digest, data, expires FROM grants ORDER BY rowid")
        out = []
        for rowid, digest, data, expires in rows:
            try:
                out.append(StoredGrant(digest, RefreshGrant(*json.loads(data)), float(expires)))
            except (ValueError, TypeError):
                raise damaged("grants", rowid, "data or expires") from None
        return out

    # --- revocations ------------------------------------------------------------------------

    def put_revocation(self, revocation: Revocation) -> None:
        with self.atomic():
            self.remove_revocation(revocation.kind, revocation.key)  # now the newest row
            self._write("INSERT INTO revocations VALUES (?, ?, ?, ?, ?)", *revocation)

    def revocation(self, kind: str, key: str) -> Revocation | None:
        sql = "SELECT * FROM revocations WHERE kind = ? AND key = ?"
        rows = self._rows(sql, kind, key)
        return Revocation(*rows[0]) if rows else None

    def revocations(self, owner: str | None = None) -> list[Revocation]:
        if owner is None:
            rows = self._rows("SELECT * FROM revocations ORDER BY rowid")
        else:
            rows = self._rows("SELECT * FROM revocations WHERE owner = ? ORDER BY rowid", owner)
        return [Revocation(*row) for row in rows]

    def remove_revocation(self, kind: str, key: str) -> None:
        self._write("DELETE FROM revocations WHERE kind = ? AND key = ?", kind, key)

    def revocation_count(self) -> int:
        return int(self._column("SELECT count(*) FROM revocations")[0])

    def prune_revocations(self, now: float) -> None:
        self._write("DELETE FROM revocations WHERE expires <= ?", now)

    # --- identity pools and identities ------------------------------------------------------

    def add_identity_pool(self, pool: IdentityPool) -> bool:
        data = json.dumps(
            {
                "name": pool.name,
                "allow_unauthenticated": pool.allow_unauthenticated,
                "providers": [list(p) for p in pool.providers],
                "key": pool.key.hex(),
                "created": pool.created,
            }
        )
        sql = "INSERT INTO identity_pools VALUES (?, ?) ON CONFLICT DO NOTHING"
        return self._write(sql, pool.id, data) == 1

    def identity_pool(self, pool_id: str) -> IdentityPool | None:
        rows = self._rows("SELECT rowid, data FROM identity_pools WHERE id = ?", pool_id)
        if not rows:
            return None
        try:
            raw = json.loads(rows[0][1])
            return IdentityPool(
                id=pool_id,
                name=str(raw["name"]),
                allow_unauthenticated=bool(raw["allow_unauthenticated"]),
                providers=tuple((str(n), str(c), bool(t)) for n, c, t in raw["providers"]),
                key=bytes.fromhex(raw["key"]),
                created=float(raw["created"]),
            )
        except (ValueError, TypeError, KeyError):
            raise damaged("identity_pools", rows[0][0]) from None

    def identity_pool_ids(self) -> list[str]:
        return self._column("SELECT id FROM identity_pools ORDER BY rowid")

    def add_identity(self, identity: Identity) -> bool:
        sql = "INSERT INTO identities VALUES (?, ?, ?) ON CONFLICT DO NOTHING"
        return self._write(sql, identity.id, identity.pool_id, encode_record(identity)) == 1

    def identity(self, identity_id: str) -> Identity | None:
        return self._record(Identity, "identities", "id = ?", identity_id)

    def identity_count(self, pool_id: str) -> int:
        return int(self._column("SELECT count(*) FROM identities WHERE pool_id = ?", pool_id)[0])
