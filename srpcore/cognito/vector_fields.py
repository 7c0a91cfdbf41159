"""Reading vector fields by the rules of vectors/README.md, whoever wrote the file.

Integers are hex digits compared by value (case and leading zeros free); wire values and request
objects are compared exactly; an error vector needs no clock. Every fault of the file itself is a
:class:`MalformedVectorError`, kept apart from srpcore refusing an input.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from datetime import datetime, timezone
from typing import Any

from srpcore.cognito.timestamp import parse_cognito_timestamp
from srpcore.errors import InvalidParameterError, SRPError

__all__ = [
    "DEFAULT_INSTANT",
    "MalformedVectorError",
    "clock",
    "compare",
    "compare_int",
    "compare_request",
    "expect_error",
    "field",
    "hex_bytes",
    "hex_int",
    "obj",
    "parse_utc",
    "text",
]

Vector = Mapping[str, Any]

DEFAULT_INSTANT = datetime(2026, 1, 1, tzinfo=timezone.utc)
"""The clock of an error vector that records none (its refusal never depends on the time)."""

_HEX = re.compile(r"[0-9a-fA-F]+")
_HEX_BYTES = re.compile(r"(?:[0-9a-fA-F]{2})*")


class MalformedVectorError(InvalidParameterError):
    """A vector does not follow the schema of vectors/README.md (a fault of the file)."""


def field(mapping: Mapping[str, Any], key: str) -> Any:
    """A required field: its absence is the file's fault, not srpcore's."""
    if not isinstance(mapping, Mapping) or key not in mapping:
        raise MalformedVectorError(f"missing field {key!r}")
    return mapping[key]


def text(mapping: Mapping[str, Any], key: str) -> str:
    """A required string field."""
    value = field(mapping, key)
    if not isinstance(value, str):
        raise MalformedVectorError(f"field {key!r} must be a string, not {type(value).__name__}")
    return value


def hex_int(mapping: Mapping[str, Any], key: str) -> int:
    """An integer written as hex: digits only, any case, any number of leading zeros."""
    value = text(mapping, key)
    if not _HEX.fullmatch(value):
        raise MalformedVectorError(f"field {key!r} is not hex digits: {value[:40]!r}")
    return int(value, 16)


def hex_bytes(mapping: Mapping[str, Any], key: str) -> bytes:
    """A byte string written as hex: any case, but the length is part of the value."""
    value = text(mapping, key)
    if not _HEX_BYTES.fullmatch(value):
        raise MalformedVectorError(f"field {key!r} is not whole bytes of hex: {value[:40]!r}")
    return bytes.fromhex(value)


def obj(mapping: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    """A required JSON object field."""
    value = field(mapping, key)
    if not isinstance(value, Mapping):
        raise MalformedVectorError(f"field {key!r} must be an object")
    return value


def compare(label: str, expected: object, actual: object) -> list[str]:
    """Exact comparison, for wire values."""
    return [] if expected == actual else [f"{label}: expected {expected!r}, got {actual!r}"]


def compare_int(label: str, expected: int, actual: int) -> list[str]:
    """Comparison by value, for integers (reported in lower-case hex)."""
    return [] if expected == actual else [f"{label}: expected {expected:x}, got {actual:x}"]


def compare_request(
    label: str, expected: Mapping[str, Any], actual: Mapping[str, str]
) -> list[str]:
    """A whole request object, key by key: a missing, extra or different key is reported."""
    keys = sorted(set(expected) | set(actual))
    return [
        f"{label}.{key}: expected {expected.get(key)!r}, got {actual.get(key)!r}"
        for key in keys
        if expected.get(key) != actual.get(key)
    ]


def parse_utc(value: str) -> datetime:
    """An ISO 8601 instant such as ``2026-11-05T09:03:07.123Z`` (naive means UTC)."""
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise MalformedVectorError(f"utc {value!r} is not an ISO 8601 instant") from exc
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def clock(vector: Vector) -> datetime:
    """The instant a vector was replayed at: ``utc``, else ``timestamp``, else (errors only) a
    default. ``utc`` comes first because it is what the SDKs read; TIMESTAMP is an output."""
    inputs = obj(vector, "inputs")
    if "utc" in inputs:
        return parse_utc(text(inputs, "utc"))
    if "timestamp" in inputs:
        try:
            return parse_cognito_timestamp(text(inputs, "timestamp"))
        except InvalidParameterError as exc:
            raise MalformedVectorError(f"inputs.timestamp: {exc}") from exc
    if "error" in vector:
        return DEFAULT_INSTANT
    raise MalformedVectorError("a vector with outputs needs inputs.utc or inputs.timestamp")


def expect_error(vector: Vector, action: Callable[[], object]) -> list[str]:
    """An error vector passes only if srpcore refuses the input with an SRPError."""
    try:
        action()
    except MalformedVectorError:
        raise  # the file's fault is never a refusal by srpcore
    except SRPError:
        return []
    return [f"expected srpcore to refuse this input (AWS's SDKs did: {vector['error']!r})"]
