"""Token expiry is read with PyJWT's unverified decode: only a well-formed JWT gives its exp."""

from __future__ import annotations

import base64
import json
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from srpcore.drivers.tokens import token_expiry
from srpcore.signin import Tokens

RECEIVED = datetime(2026, 1, 1, tzinfo=timezone.utc)
EXP = 1_800_000_000


def _part(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


def _token(header: bytes, claims: dict[str, Any]) -> str:
    return f"{_part(header)}.{_part(json.dumps(claims).encode())}.c2ln"


def _expiry(access: str) -> datetime | None:
    return token_expiry(Tokens(access, None, "r", 60, "Bearer", "u"), received_at=RECEIVED)


def test_a_well_formed_token_gives_its_exp() -> None:
    token = _token(b'{"alg":"RS256","kid":"k"}', {"exp": EXP})
    assert _expiry(token) == datetime(2027, 1, 15, 8, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize(
    "header",
    [b"not json", b"[1, 2]", b'"a string"', b"\xff\xfe"],
    ids=["text", "array", "string", "bytes"],
)
def test_a_token_whose_header_is_not_a_json_object_is_not_a_jwt(header: bytes) -> None:
    """The hand-written decoder read any middle segment; a JWT needs a JSON-object header."""
    assert _expiry(_token(header, {"exp": EXP})) == RECEIVED + timedelta(seconds=60)
