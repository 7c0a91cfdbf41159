"""The exchanges' keywords as callers and IDEs see them (a keyword face over one declaration)."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from typing import Any

import pytest

from srpcore import DeviceSRP, UserSRP

SHARED = [
    "client_id",
    "client_secret",
    "ephemeral",
    "ephemeral_bits",
    "rng",
    "clock",
    "engine",
    "hardened",
]


@pytest.mark.parametrize(
    ("call", "names"),
    [
        (UserSRP, ["pool_id", "username", "password", "device_key", *SHARED]),
        (DeviceSRP, ["device_group_key", "device_key", "device_password", "username", *SHARED]),
    ],
)
def test_each_exchange_takes_whose_it_is_then_the_shared_keywords(
    call: Callable[..., Any], names: list[str]
) -> None:
    parameters = inspect.signature(call).parameters.values()
    assert [p.name for p in parameters] == names
    assert {p.kind for p in parameters} == {inspect.Parameter.KEYWORD_ONLY}


def test_the_shared_keywords_keep_their_defaults() -> None:
    parameters = inspect.signature(UserSRP).parameters
    assert [parameters[name].default for name in ("client_id", "ephemeral_bits", "hardened")] == [
        None,
        256,
        False,
    ]
    assert parameters["password"].default is inspect.Parameter.empty
