"""Seed files: pools, app clients and users for ``srpcore serve --seed`` (JSON or TOML, not YAML).

Format (TOML shown; JSON has the same structure)::

    [[pools]]
    name = "demo"
    id = "us-east-1_Demo00001"          # optional: a fixed id, so apps can be configured once
    device_tracking = true               # false | true | "always" | "opt-in"
    alias_attributes = ["email"]         # optional; also username_attributes,
                                         # required_attributes, password_min_length,
                                         # mfa_required, challenge_on_new_device
    custom_auth_answers = ["42"]         # optional: one CUSTOM_CHALLENGE round per answer
    first_factors = ["PASSWORD", "EMAIL_OTP"]  # optional: USER_AUTH's AllowedFirstAuthFactors
    auto_verified_attributes = ["email"]       # optional: where SignUp sends its code

    [[pools.clients]]
    name = "web"
    client_id = "localwebclient0000000001"  # optional fixed id; client_secret likewise
    generate_secret = true
    explicit_auth_flows = ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
    refresh_token_rotation = false       # optional; retry_grace_period = 0..60 seconds

    [[pools.users]]
    username = "alice"
    password = "correct horse battery staple"
    attributes = { email = "alice@example.com", email_verified = "true" }
    temporary = false                    # optional; also mfa = ["SMS_MFA"], enabled, status

Unknown keys are refused, and every value is type-checked before anything is created, so a typo
cannot silently change what is served. Each error names the file and the key
(``seed.toml: pools[0].device_tracking: expected ...``). TOML needs Python 3.11+ (the standard
library's ``tomllib``); JSON works everywhere.
"""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from srpcore.errors import ConfigurationError, InvalidParameterError
from srpcore.local.endpoint import ClientInfo, LocalCognito, LocalSetupError, PoolInfo, UserInfo
from srpcore.local.model import CustomAuth

__all__ = ["SeedDocument", "SeededPool", "apply_seed", "load_seed"]

Check = Callable[[object, str], Any]


class SeedDocument(dict[str, Any]):
    """A parsed seed file that remembers where it came from, so errors can name the file."""

    def __init__(self, data: Mapping[str, Any], source: str) -> None:
        super().__init__(data)
        self.source = source


@dataclass
class SeededPool:
    """What a seed created in one pool."""

    pool: PoolInfo
    clients: list[ClientInfo] = field(default_factory=list)
    users: list[UserInfo] = field(default_factory=list)


def load_seed(path: str | Path) -> SeedDocument:
    """Read a ``.json`` or ``.toml`` seed file (by extension); YAML is refused by name."""
    path = Path(path)
    if path.suffix.lower() in (".yaml", ".yml"):
        # Named, so a YAML file never meets the JSON parser's baffling "Expecting value".
        raise InvalidParameterError(
            f"seed file {path}: YAML seed files are not supported; write the same structure "
            "as JSON (.json) or TOML (.toml)"
        )
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
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:
        raise InvalidParameterError(f"seed file {path} is not valid: {exc}") from exc
    if not isinstance(data, dict):
        raise InvalidParameterError(f"seed file {path} must hold an object with 'pools'")
    return SeedDocument(data, str(path))


# --------------------------------------------------------------------------- value checks


def _shown(value: object) -> str:
    """A value as the seed file spelled it (TOML/JSON style), cut short."""
    if value is None:
        text = "null"
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, int) and value.bit_length() > 64:
        text = "an integer out of range"  # and str() of a huge one would itself raise
    elif isinstance(value, (str, int, float)):
        text = json.dumps(value)
    elif isinstance(value, list):
        text = "a list"
    elif isinstance(value, dict):
        text = "a table"
    else:
        text = f"a {type(value).__name__}"
    return text if len(text) <= 60 else text[:57] + "..."


def _bad(where: str, expected: str, value: object) -> InvalidParameterError:
    return InvalidParameterError(f"{where}: expected {expected}, got {_shown(value)}")


def _string(value: object, where: str) -> str:
    if not isinstance(value, str):
        raise _bad(where, "a string", value)
    return value


def _boolean(value: object, where: str) -> bool:
    if not isinstance(value, bool):
        raise _bad(where, "true or false", value)
    return value


def _integer(low: int, high: int) -> Check:
    def check(value: object, where: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise _bad(where, f"an integer from {low} to {high}", value)
        return value

    return check


def _strings(choices: tuple[str, ...] = ()) -> Check:
    item_expected = "one of " + ", ".join(map(json.dumps, choices)) if choices else "a string"

    def check(value: object, where: str) -> tuple[str, ...]:
        if not isinstance(value, list):
            raise _bad(where, "a list of strings", value)
        for i, item in enumerate(value):
            if not isinstance(item, str) or (choices and item not in choices):
                raise _bad(f"{where}[{i}]", item_expected, item)
        return tuple(value)

    return check


def _device_tracking(value: object, where: str) -> bool | str:
    if isinstance(value, bool) or value in ("always", "opt-in"):
        return value
    raise _bad(where, 'true, false, "always" or "opt-in"', value)


def _attributes(value: object, where: str) -> dict[str, str]:
    if not isinstance(value, dict):
        raise _bad(where, "a table of string values", value)
    for key, item in value.items():
        _string(item, f"{where}.{key}")
    return dict(value)


# Key -> check, per table. Defaults stay with the endpoint's own API.
_POOL: dict[str, Check] = {
    "name": _string,
    "id": _string,
    "device_tracking": _device_tracking,
    "challenge_on_new_device": _boolean,
    "alias_attributes": _strings(("email", "phone_number", "preferred_username")),
    "username_attributes": _strings(("email", "phone_number")),
    "required_attributes": _strings(),
    "password_min_length": _integer(6, 99),  # Cognito's MinimumLength range
    "mfa_required": _boolean,
    "custom_auth_answers": _strings(),
    "first_factors": _strings(("PASSWORD", "EMAIL_OTP", "SMS_OTP", "WEB_AUTHN")),
    "auto_verified_attributes": _strings(("email", "phone_number")),
}
_CLIENT: dict[str, Check] = {
    "name": _string,
    "client_id": _string,
    "client_secret": _string,
    "generate_secret": _boolean,
    "explicit_auth_flows": _strings(),
    "prevent_user_existence_errors": _boolean,
    "session_validity": _integer(3, 15),  # AuthSessionValidity, minutes
    "refresh_token_rotation": _boolean,  # RefreshTokenRotation.Feature ENABLED
    "retry_grace_period": _integer(0, 60),  # RefreshTokenRotation.RetryGracePeriodSeconds
}
_USER: dict[str, Check] = {
    "username": _string,
    "password": _string,
    "attributes": _attributes,
    "temporary": _boolean,
    "mfa": _strings(),
    "enabled": _boolean,
    "status": _string,
}


def _table(
    value: object, where: str, checks: Mapping[str, Check], nested: tuple[str, ...] = ()
) -> dict[str, Any]:
    """``value`` as a table of known keys, each checked; ``nested`` keys are left as they are."""
    if not isinstance(value, dict):
        raise _bad(where, "a table", value)
    unknown = sorted(map(str, set(value) - set(checks) - set(nested)))
    if unknown:
        raise InvalidParameterError(f"{where}: unknown key(s) {', '.join(unknown)}")
    return {
        key: checks[key](item, f"{where}.{key}") if key in checks else item
        for key, item in value.items()
    }


def _tables(value: object, where: str) -> list[object]:
    if not isinstance(value, list):
        raise _bad(where, "a list of tables", value)
    return value


@dataclass
class _PoolSpec:
    options: dict[str, Any]
    clients: list[dict[str, Any]]
    users: list[dict[str, Any]]


def _validate(data: object) -> list[_PoolSpec]:
    """Every table and value of the seed checked, before anything is created."""
    top = _table(data, "top level", {}, nested=("pools",))
    specs = []
    for i, raw in enumerate(_tables(top.get("pools", []), "pools")):
        where = f"pools[{i}]"
        options = _table(raw, where, _POOL, nested=("clients", "users"))
        clients = [
            _table(c, f"{where}.clients[{j}]", _CLIENT)
            for j, c in enumerate(_tables(options.pop("clients", []), f"{where}.clients"))
        ]
        users = []
        for j, u in enumerate(_tables(options.pop("users", []), f"{where}.users")):
            user = _table(u, f"{where}.users[{j}]", _USER)
            if "username" not in user or "password" not in user:
                raise InvalidParameterError(f"{where}.users[{j}]: needs username and password")
            users.append(user)
        specs.append(_PoolSpec(options, clients, users))
    return specs


def _setup(where: str, func: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Call the endpoint's setup API; a refusal names the seed table it came from."""
    try:
        return func(*args, **kwargs)
    except LocalSetupError as exc:
        raise InvalidParameterError(f"{where}: {exc}") from exc


def _apply(cognito: LocalCognito, i: int, spec: _PoolSpec) -> SeededPool:
    where = f"pools[{i}]"
    options = dict(spec.options)
    name = options.pop("name", f"pool{i}")
    if "id" in options:
        options["pool_id"] = options.pop("id")
    answers = options.pop("custom_auth_answers", ())
    if answers:
        options["custom_auth"] = CustomAuth(answers=answers)
    seeded = SeededPool(_setup(where, cognito.create_user_pool, name, **options))
    for j, client_spec in enumerate(spec.clients):
        client = dict(client_spec)
        client_name = client.pop("name", f"client{j}")
        if not client.get("explicit_auth_flows", True):
            del client["explicit_auth_flows"]  # an empty list: Cognito's default flows
        create_client = partial(cognito.create_client, seeded.pool.id, name=client_name)
        seeded.clients.append(_setup(f"{where}.clients[{j}]", create_client, **client))
    for j, user_spec in enumerate(spec.users):
        user = dict(user_spec)
        create_user = partial(cognito.create_user, seeded.pool.id, user.pop("username"))
        seeded.users.append(
            _setup(f"{where}.users[{j}]", create_user, user.pop("password"), **user)
        )
    return seeded


def apply_seed(
    cognito: LocalCognito, data: Mapping[str, Any], *, source: str | None = None
) -> list[SeededPool]:
    """Create everything ``data`` (as from :func:`load_seed`) describes.

    Errors name ``source`` (by default the file :func:`load_seed` read) and the key.
    """
    if source is None:
        source = data.source if isinstance(data, SeedDocument) else "seed"
    try:
        return [_apply(cognito, i, spec) for i, spec in enumerate(_validate(data))]
    except InvalidParameterError as exc:
        raise InvalidParameterError(f"{source}: {exc}") from exc
