"""The refresh-call choice, decided sans-IO: which call first, and the one fallback."""

from __future__ import annotations

from typing import Any

import pytest

from srpcore.signin.options import RefreshOptions
from srpcore.signin.refresh import fallback_refresh, first_refresh
from srpcore.signin.types import Request

ROTATE, INITIATE = "GetTokensFromRefreshToken", "InitiateAuth"


def _options(**extra: Any) -> RefreshOptions:
    return RefreshOptions(client_id="c", refresh_token="r.t.v", **extra)


@pytest.mark.parametrize(
    ("rotation", "unknown", "operation"),
    [
        ("auto", False, ROTATE),
        ("auto", True, INITIATE),  # the SDK or the endpoint lacks the operation
        (True, False, ROTATE),
        (True, True, ROTATE),  # an explicit choice is not second-guessed
        (False, False, INITIATE),
        (False, True, INITIATE),
    ],
)
def test_the_first_call_follows_rotation_and_the_report(
    rotation: Any, unknown: bool, operation: str
) -> None:
    request = first_refresh(_options(rotation=rotation), rotation_unknown=unknown)
    assert request.operation == operation


def test_auto_with_fields_only_refresh_token_auth_carries_asks_with_it() -> None:
    options = _options(rotation="auto", analytics_metadata={"a": "b"})
    assert first_refresh(options).operation == INITIATE


def test_only_autos_rotating_call_falls_back_once() -> None:
    auto = _options(rotation="auto")
    fallback = fallback_refresh(auto, first_refresh(auto))
    assert fallback is not None and fallback.operation == INITIATE
    assert fallback.kwargs()["AuthParameters"] == {"REFRESH_TOKEN": "r.t.v"}
    assert fallback_refresh(auto, fallback) is None  # no second fallback
    explicit = _options(rotation=True)
    assert fallback_refresh(explicit, first_refresh(explicit)) is None
    plain = _options(rotation=False)
    assert fallback_refresh(plain, first_refresh(plain)) is None


def test_a_request_of_another_operation_has_no_fallback() -> None:
    other = Request("GlobalSignOut", {"AccessToken": "a"}, "GlobalSignOut")
    assert fallback_refresh(_options(rotation="auto"), other) is None
