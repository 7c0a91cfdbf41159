"""Reading request members the way the service model constrains them.

Everything that arrives is JSON of unknown shape. :func:`validate_request` checks a whole
request once, at the operation boundary, against botocore's service model (cognito-idp, or
cognito-identity) (types,
required members, lengths, patterns), so no operation ever sees a value the service would have
refused; the helpers below then return typed values (and keep each handler honest on its own).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import Any

import regex

from srpcore.cognito.pool import MAX_POOL_ID_LENGTH, POOL_ID_RE
from srpcore.local.errors import ApiError, validation_error

__all__ = [
    "opt_bool",
    "opt_int",
    "opt_map",
    "opt_str",
    "opt_str_list",
    "req_str",
    "validate_request",
]

MAX_STRING = 131072  # StringType: every AuthParameters / ChallengeResponses value
CLIENT_ID = re.compile(r"[\w+]+")
CLIENT_SECRET = re.compile(r"[\w+]{24,64}")  # ClientSecretType (CreateUserPoolClient)
POOL_ID = POOL_ID_RE  # the one pool-id rule, srpcore.cognito.pool

_PATTERNS: dict[str, tuple[re.Pattern[str], int]] = {
    "ClientId": (CLIENT_ID, 128),
    "UserPoolId": (POOL_ID, MAX_POOL_ID_LENGTH),
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


# --- the whole request against the service model ---------------------------------------------

_JAVA_CLASSES = {  # the service's patterns are Java regexes: \w, \s, \d are ASCII there
    r"\w": "[A-Za-z0-9_]",
    r"\s": "[ \\t\\n\\x0b\\f\\r]",
    r"\S": "[^ \\t\\n\\x0b\\f\\r]",
    r"\d": "[0-9]",
}
_SHOWN = 64  # at most this much of a refused value is echoed back
_PATTERN_EXEMPT = frozenset({"PasswordType"})
"""The model's ``[\\S]+`` for passwords is stricter than the service, whose password rules
allow inner spaces (only the pool's policy applies here). Unverified against AWS."""


@functools.cache
def _pattern(java: str) -> regex.Pattern[str]:
    """A Java pattern in the ``regex`` module's V1 syntax (nested sets, \\p{..} classes)."""
    out, i = [], 0
    while i < len(java):
        pair = java[i : i + 2]
        out.append(_JAVA_CLASSES.get(pair, pair if java[i] == "\\" else java[i]))
        i += 2 if java[i] == "\\" else 1
    return regex.compile("".join(out), regex.V1)


@functools.cache
def _operation(service: str, name: str) -> Any:
    """The operation's model, or None for an operation the service does not have."""
    import botocore.session  # noqa: PLC0415 - loaded on the first request, not at import
    from botocore.model import OperationNotFoundError  # noqa: PLC0415

    model = botocore.session.get_session().get_service_model(service)
    try:
        return model.operation_model(name)
    except OperationNotFoundError:
        return None


def needs_signature(operation: str, *, service: str = "cognito-idp") -> bool:
    """Whether AWS takes ``operation`` only signed (SigV4): botocore's model marks the others
    ``authtype: none`` (InitiateAuth, SignUp, GetId...). Unknown operations need none here."""
    model = _operation(service, operation)
    return model is not None and model.auth_type != "none"


def _serialization(path: str, expected: str) -> ApiError:
    return ApiError("SerializationException", f"Value at '{path}' must be {expected}")


def _unpaired_surrogates(body: object) -> bool:
    """Whether any string (key or value) holds a lone surrogate; iterative: any depth is fine."""
    stack = [body]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if not item.isascii():
                try:
                    item.encode("utf-8")
                except UnicodeEncodeError:
                    return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


def _check_string(shape: Any, value: object, path: str) -> None:
    if not isinstance(value, str):
        raise _serialization(path, "a string")
    meta = shape.metadata
    shown = None if meta.get("sensitive") else value[:_SHOWN]
    if len(value) < meta.get("min", 0):
        raise validation_error(
            path, f"Member must have length greater than or equal to {meta['min']}", shown
        )
    if "max" in meta and len(value) > meta["max"]:
        raise validation_error(
            path, f"Member must have length less than or equal to {meta['max']}", shown
        )
    pattern = meta.get("pattern") if shape.name not in _PATTERN_EXEMPT else None
    if pattern is not None and not _pattern(pattern).fullmatch(value):
        raise validation_error(
            path, f"Member must satisfy regular expression pattern: {pattern}", shown
        )


def _check_number(shape: Any, value: object, path: str) -> None:
    kind = shape.type_name
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise _serialization(path, "a number")
    if kind in ("integer", "long") and not isinstance(value, int):
        raise _serialization(path, "an integer")
    meta = shape.metadata
    if "min" in meta and value < meta["min"]:
        raise validation_error(
            path, f"Member must have value greater than or equal to {meta['min']}"
        )
    if "max" in meta and value > meta["max"]:
        raise validation_error(path, f"Member must have value less than or equal to {meta['max']}")


def _check(shape: Any, value: object, path: str) -> None:
    """One value against its shape; the model's nesting (not the request's) bounds the depth."""
    kind = shape.type_name
    if kind == "structure":
        if not isinstance(value, dict):
            raise _serialization(path or "body", "a structure")
        prefix = f"{path}." if path else ""
        for name in shape.required_members:
            if value.get(name) is None:
                raise validation_error(
                    prefix + name[:1].lower() + name[1:], "Member must not be null"
                )
        for name, member in shape.members.items():
            if value.get(name) is not None:
                _check(member, value[name], prefix + name[:1].lower() + name[1:])
    elif kind == "list":
        if not isinstance(value, list):
            raise _serialization(path, "a list")
        meta = shape.metadata
        if len(value) < meta.get("min", 0) or len(value) > meta.get("max", len(value)):
            raise validation_error(path, "Member must have a number of items within the bounds")
        for index, item in enumerate(value, 1):
            _check(shape.member, item, f"{path}.{index}.member")
    elif kind == "map":
        if not isinstance(value, dict):
            raise _serialization(path, "a map")
        for key, item in value.items():
            _check(shape.key, key, f"{path}.key")
            _check(shape.value, item, f"{path}.{str(key)[:_SHOWN]}")
    elif kind == "string":
        _check_string(shape, value, path)
    elif kind == "boolean":
        if not isinstance(value, bool):
            raise _serialization(path, "a boolean")
    elif kind in ("integer", "long", "float", "double", "timestamp"):
        _check_number(shape, value, path)
    elif kind == "blob" and not isinstance(value, str):
        raise _serialization(path, "a base64 string")


def validate_request(operation: str, body: dict[str, Any], *, service: str = "cognito-idp") -> None:
    """Refuse, as Cognito would, a request its service model does not allow.

    ``service`` is botocore's name of the model: ``cognito-idp`` or ``cognito-identity``.

    Every string is checked for lone surrogates first (they cannot be UTF-8, so nothing
    downstream could hash or encode them), then the body against the operation's input shape.
    Members the model does not know are ignored, as AWS's JSON protocol does. Unknown
    operations pass through (the dispatcher refuses them).
    """
    if _unpaired_surrogates(body):
        raise ApiError("SerializationException", "Request body contains an unpaired surrogate")
    model = _operation(service, operation)
    if model is not None and model.input_shape is not None:
        _check(model.input_shape, body, "")
