"""Seed files: pools, app clients and users for ``srpcore serve --seed`` (JSON or TOML).

Format (TOML shown; JSON has the same structure)::

    [[pools]]
    name = "demo"
    id = "us-east-1_Demo00001"          # optional: a fixed id, so apps can be configured once
    device_tracking = true               # false | true | "opt-in"
    alias_attributes = ["email"]         # optional; also username_attributes,
                                         # required_attributes, password_min_length,
                                         # mfa_required
    custom_auth_answers = ["42"]         # optional: one CUSTOM_CHALLENGE round per answer

    [[pools.clients]]
    name = "web"
    client_id = "localwebclient0000000001"  # optional fixed id; client_secret likewise
    generate_secret = true
    explicit_auth_flows = ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]

    [[pools.users]]
    username = "alice"
    password = "correct horse battery staple"
    attributes = { email = "alice@example.com", email_verified = "true" }
    temporary = false                    # optional; also mfa = ["SMS_MFA"], enabled, status

Unknown keys are refused, so a typo cannot silently change what is served. TOML needs
Python 3.11+ (the standard library's ``tomllib``); JSON works everywhere.
"""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from srpcore.errors import ConfigurationError, InvalidParameterError
from srpcore.local.endpoint import ClientInfo, LocalCognito, PoolInfo, UserInfo
from srpcore.local.model import CustomAuth

__all__ = ["SeededPool", "apply_seed", "load_seed"]

_POOL_KEYS = {
    "name",
    "id",
    "device_tracking",
    "challenge_on_new_device",
    "alias_attributes",
    "username_attributes",
    "required_attributes",
    "password_min_length",
    "mfa_required",
    "custom_auth_answers",
    "clients",
    "users",
}
_CLIENT_KEYS = {
    "name",
    "client_id",
    "client_secret",
    "generate_secret",
    "explicit_auth_flows",
    "prevent_user_existence_errors",
    "session_validity",
}
_USER_KEYS = {"username", "password", "attributes", "temporary", "mfa", "enabled", "status"}


@dataclass
class SeededPool:
    """What a seed created in one pool."""

    pool: PoolInfo
    clients: list[ClientInfo] = field(default_factory=list)
    users: list[UserInfo] = field(default_factory=list)


def load_seed(path: str | Path) -> dict[str, Any]:
    """Read a ``.json`` or ``.toml`` seed file (by extension)."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigurationError(f"cannot read seed file {path}: {exc}") from exc
    try:
        if path.suffix.lower() == ".toml":
            if sys.version_info < (3, 11):
                raise ConfigurationError("TOML seed files need Python 3.11+; use JSON instead")
            # Looked up by name: the type checker targets 3.10, which has no tomllib.
            tomllib = importlib.import_module("tomllib")
            data: Any = tomllib.loads(raw.decode("utf-8"))
        else:
            data = json.loads(raw.decode("utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidParameterError(f"seed file {path} is not valid: {exc}") from exc
    if not isinstance(data, dict):
        raise InvalidParameterError(f"seed file {path} must hold an object with 'pools'")
    return data


def _table(value: object, where: str, allowed: set[str]) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise InvalidParameterError(f"{where} must be a table/object")
    unknown = sorted(set(value) - allowed)
    if unknown:
        raise InvalidParameterError(f"{where}: unknown key(s) {', '.join(unknown)}")
    return value


def _list(value: object, where: str) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise InvalidParameterError(f"{where} must be a list")
    return value


def apply_seed(cognito: LocalCognito, data: Mapping[str, Any]) -> list[SeededPool]:
    """Create everything ``data`` (as from :func:`load_seed`) describes."""
    _table(data, "seed", {"pools"})
    created = []
    for i, raw_pool in enumerate(_list(data.get("pools"), "pools")):
        where = f"pools[{i}]"
        spec = _table(raw_pool, where, _POOL_KEYS)
        answers = spec.get("custom_auth_answers")
        pool = cognito.create_user_pool(
            str(spec.get("name") or f"pool{i}"),
            pool_id=spec.get("id"),
            device_tracking=spec.get("device_tracking", False),
            challenge_on_new_device=bool(spec.get("challenge_on_new_device", False)),
            alias_attributes=_list(spec.get("alias_attributes"), where),
            username_attributes=_list(spec.get("username_attributes"), where),
            required_attributes=_list(spec.get("required_attributes"), where),
            password_min_length=int(spec.get("password_min_length", 8)),
            mfa_required=bool(spec.get("mfa_required", False)),
            custom_auth=CustomAuth(answers=tuple(map(str, answers))) if answers else None,
        )
        seeded = SeededPool(pool)
        for j, raw_client in enumerate(_list(spec.get("clients"), f"{where}.clients")):
            c = _table(raw_client, f"{where}.clients[{j}]", _CLIENT_KEYS)
            seeded.clients.append(
                cognito.create_client(
                    pool.id,
                    name=str(c.get("name", f"client{j}")),
                    generate_secret=bool(c.get("generate_secret", False)),
                    explicit_auth_flows=_list(c.get("explicit_auth_flows"), "flows") or None,
                    prevent_user_existence_errors=bool(
                        c.get("prevent_user_existence_errors", False)
                    ),
                    session_validity=int(c.get("session_validity", 3)),
                    client_id=c.get("client_id"),
                    client_secret=c.get("client_secret"),
                )
            )
        for j, raw_user in enumerate(_list(spec.get("users"), f"{where}.users")):
            u = _table(raw_user, f"{where}.users[{j}]", _USER_KEYS)
            if not isinstance(u.get("username"), str) or not isinstance(u.get("password"), str):
                raise InvalidParameterError(f"{where}.users[{j}] needs username and password")
            attributes = u.get("attributes") or {}
            if not isinstance(attributes, dict):
                raise InvalidParameterError(f"{where}.users[{j}].attributes must be a table")
            seeded.users.append(
                cognito.create_user(
                    pool.id,
                    u["username"],
                    u["password"],
                    attributes={str(k): str(v) for k, v in attributes.items()},
                    temporary=bool(u.get("temporary", False)),
                    mfa=_list(u.get("mfa"), "mfa"),
                    enabled=bool(u.get("enabled", True)),
                    status=u.get("status"),
                )
            )
        created.append(seeded)
    return created
