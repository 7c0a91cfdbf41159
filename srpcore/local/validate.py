"""Reading request members the way the service model constrains them.

Everything that arrives is JSON of unknown shape; these helpers return typed values or raise
the InvalidParameterException Cognito would, so the operations never see a wrong type.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from srpcore.local.errors import ApiError, validation_error

__all__ = ["opt_bool", "opt_int", "opt_map", "opt_str", "opt_str_list", "req_str"]

MAX_STRING = 131072  # StringType: every AuthParameters / ChallengeResponses value
CLIENT_ID = re.compile(r"[\w+]+")
POOL_ID = re.compile(r"[\w-]+_[0-9a-zA-Z]+")

_PATTERNS: dict[str, tuple[re.Pattern[str], int]] = {
    "ClientId": (CLIENT_ID, 128),
    "UserPoolId": (POOL_ID, 55),
    "Session": (re.compile(r".+", re.S), 2048),
    "DeviceKey": (re.compile(r"[\w-]+_[0-9a-f-]+"), 55),
}


def _member(name: str) -> str:
    return name[:1].lower() + name[1:]


def opt_str(body: Mapping[str, Any], name: str, *, max_len: int = MAX_STRING) -> str | None:
    value = body.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ApiError("SerializationException", f"{name} must be a string")
    pattern, limit = _PATTERNS.get(name, (None, max_len))
    if len(value) > limit:
        raise validation_error(
            _member(name), f"Member must have length less than or equal to {limit}"
        )
    if name == "Session" and len(value) < 20:
        raise validation_error(_member(name), "Member must have length greater than or equal to 20")
    if pattern is not None and not pattern.fullmatch(value):
        raise validation_error(
            _member(name),
            f"Member must satisfy regular expression pattern: {pattern.pattern}",
            value if name != "Session" else None,
        )
    return value


def req_str(body: Mapping[str, Any], name: str, *, max_len: int = MAX_STRING) -> str:
    value = opt_str(body, name, max_len=max_len)
    if value is None:
        raise validation_error(_member(name), "Member must not be null")
    return value


def opt_map(body: Mapping[str, Any], name: str) -> dict[str, str]:
    """A map<StringType, StringType> member (missing means empty)."""
    value = body.get(name)
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in value.items()
    ):
        raise ApiError("SerializationException", f"{name} must map strings to strings")
    for key, item in value.items():
        if len(key) > MAX_STRING or len(item) > MAX_STRING:
            raise validation_error(
                _member(name), f"Member must have length less than or equal to {MAX_STRING}"
            )
    return dict(value)


def opt_bool(body: Mapping[str, Any], name: str, default: bool = False) -> bool:
    value = body.get(name, default)
    if not isinstance(value, bool):
        raise ApiError("SerializationException", f"{name} must be a boolean")
    return value


def opt_int(body: Mapping[str, Any], name: str, default: int) -> int:
    value = body.get(name, default)
    if not isinstance(value, int) or isinstance(value, bool):
        raise ApiError("SerializationException", f"{name} must be an integer")
    return value


def opt_str_list(body: Mapping[str, Any], name: str) -> list[str]:
    value = body.get(name)
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ApiError("SerializationException", f"{name} must be a list of strings")
    return list(value)


def opt_struct(body: Mapping[str, Any], name: str) -> dict[str, Any]:
    value = body.get(name)
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ApiError("SerializationException", f"{name} must be a structure")
    return value
