"""The SQLite repository's schema, its migrations, and how records become rows and back.

Split from :mod:`srpcore.local.sqlite` (which re-exports the public names): the schema has one
version, in ``PRAGMA user_version``; ``MIGRATIONS[n]`` turns a version-``n`` file into version
``n + 1``, so a file of any earlier srpcore opens in this one.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from dataclasses import fields
from typing import Any, TypeVar

from srpcore.cognito.salt import Salt
from srpcore.errors import ConfigurationError
from srpcore.local.model import AppClient, CustomAuth, Device, Identity, Passkey, Pool, User

__all__ = [
    "MIGRATIONS",
    "SCHEMA",
    "SCHEMA_VERSION",
    "StorageError",
    "damaged",
    "decode_record",
    "encode_record",
    "run_script",
]

SCHEMA_VERSION = 5
ENDPOINT_KEY_TABLE = """
CREATE TABLE endpoint_secret (id INTEGER PRIMARY KEY CHECK (id = 1), secret BLOB NOT NULL)
"""
PASSKEYS = """
CREATE TABLE passkeys (
    pool_id TEXT NOT NULL, credential_id TEXT NOT NULL, username TEXT NOT NULL,
    data TEXT NOT NULL, PRIMARY KEY (pool_id, credential_id)
);
CREATE INDEX passkeys_by_user ON passkeys (pool_id, username);
"""
REVOCATIONS = """
CREATE TABLE revocations (
    kind TEXT NOT NULL, key TEXT NOT NULL, owner TEXT NOT NULL, at REAL NOT NULL,
    expires REAL NOT NULL, PRIMARY KEY (kind, key)
);
CREATE INDEX revocations_owner ON revocations (owner);
CREATE INDEX revocations_expires ON revocations (expires)
"""
_IDENTITY_TABLES = """
CREATE TABLE identity_pools (id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE identities (id TEXT PRIMARY KEY, pool_id TEXT NOT NULL, data TEXT NOT NULL);
CREATE INDEX identities_by_pool ON identities (pool_id);
"""
SCHEMA = (
    REVOCATIONS
    + ";"
    + _IDENTITY_TABLES
    + PASSKEYS
    + ENDPOINT_KEY_TABLE
    + """
;
CREATE TABLE pools (id TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE clients (id TEXT PRIMARY KEY, pool_id TEXT NOT NULL, data TEXT NOT NULL);
CREATE TABLE users (
    pool_id TEXT NOT NULL, username TEXT NOT NULL, data TEXT NOT NULL,
    PRIMARY KEY (pool_id, username)
);
CREATE TABLE devices (
    pool_id TEXT NOT NULL, username TEXT NOT NULL, key TEXT NOT NULL, data TEXT NOT NULL,
    PRIMARY KEY (pool_id, username, key)
);
CREATE TABLE signing_keys (pool_id TEXT PRIMARY KEY, kid TEXT NOT NULL, pem BLOB NOT NULL);
CREATE TABLE grants (digest TEXT PRIMARY KEY, data TEXT NOT NULL, expires REAL NOT NULL);
"""
)


def run_script(db: sqlite3.Connection, script: str) -> None:
    """Each statement of ``script`` in the caller's transaction (``executescript`` commits)."""
    for statement in script.split(";"):
        if statement.strip():
            db.execute(statement)


MIGRATIONS: dict[int, Callable[[sqlite3.Connection], None]] = {
    1: lambda db: run_script(db, REVOCATIONS),  # 1 -> 2: RevokeToken and global sign-out
    2: lambda db: run_script(db, _IDENTITY_TABLES),  # 2 -> 3: cognito-identity pools, identities
    3: lambda db: run_script(db, PASSKEYS),  # 3 -> 4: passkeys (public keys, sign counters)
    4: lambda db: run_script(db, ENDPOINT_KEY_TABLE),  # 4 -> 5: the endpoint's secret (made on use)
}
"""``MIGRATIONS[n]`` turns a version-``n`` file into version ``n + 1``."""

R = TypeVar("R", Pool, AppClient, User, Device, Identity, Passkey)


class StorageError(ConfigurationError):
    """The data file cannot be used: damaged, not SQLite, or from a newer srpcore."""


def encode_record(record: object) -> str:
    out: dict[str, Any] = {}
    for f in fields(record):  # type: ignore[arg-type]
        value = getattr(record, f.name)
        if isinstance(value, bytes | Salt):
            value = value.hex()
        elif isinstance(value, frozenset):
            value = sorted(value)
        elif isinstance(value, CustomAuth):
            value = list(value.answers)
        out[f.name] = value
    return json.dumps(out, separators=(",", ":"))


def damaged(table: str, rowid: object, column: str = "data") -> StorageError:
    """A stored row that cannot be read, named by place only: the error the parser raised may
    quote the stored text, which can hold a secret (a verifier, a key, a custom-auth answer)."""
    return StorageError(
        f"row {rowid} of table {table} (column {column}) is damaged; restore the file or use"
        " another"
    )


def decode_record(cls: type[R], row: tuple[Any, ...], table: str) -> R:
    """The record in ``row`` (its rowid, then its data column); a row that is not one is a
    damaged file, said so plainly (without the parser's words: see :func:`damaged`)."""
    rowid, text = row
    try:
        return _decode_fields(cls, json.loads(text))
    except (ValueError, TypeError, AttributeError):
        raise damaged(table, rowid) from None


def _decode_fields(cls: type[R], raw: dict[str, Any]) -> R:
    values: dict[str, Any] = {}
    for f in fields(cls):
        if f.name not in raw:
            continue
        value, kind = raw[f.name], str(f.type)
        if kind == "bytes":
            value = bytes.fromhex(value)
        elif kind.startswith("Salt"):
            # "" is how a device's missing salt was kept before salts had their own type.
            value = Salt.from_hex(value) if value not in (None, "") else None
        elif kind.startswith("frozenset"):
            value = frozenset(value)
        elif kind.startswith("tuple"):
            value = tuple(value)
        elif kind == "CustomAuth":
            value = CustomAuth(answers=tuple(value))
        values[f.name] = value
    return cls(**values)
