"""The drivers name client methods as botocore does (``botocore.xform_name``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest
from botocore import xform_name

from srpcore.drivers.sync import run
from srpcore.signin import Challenge, Reply, Request, Tokens
from srpcore.signin.states import Outstanding

TOKENS = Tokens("a.b.c", None, None, 60, "Bearer", "u")


class OneCall:
    """An exchange that makes one call and then finishes: the sans-IO seam, nothing else."""

    def receive(self, response: Mapping[str, Any]) -> Request | Tokens | Challenge:
        return TOKENS

    def receive_error(self, code: str, message: str) -> Request | Tokens | None:
        return None

    def abort(self) -> None:
        """Nothing to forget."""

    def reply(self, challenge: Challenge, reply: Reply) -> Request:
        raise AssertionError("no challenge here")


class Client:
    def __init__(self) -> None:
        self.called: list[str] = []

    def __getattr__(self, name: str) -> Any:
        def method(**params: Any) -> dict[str, Any]:
            self.called.append(name)
            return {}

        return method


def test_an_acronym_operation_gets_botocores_method_name() -> None:
    """A hand-written split gave ``get_c_s_v_header``; botocore names it ``get_csv_header``."""
    client = Client()
    assert run(client, OneCall(), Request("GetCSVHeader", {}, "GetCSVHeader")) is TOKENS
    assert client.called == ["get_csv_header"]


@pytest.mark.parametrize(
    "operation",
    [
        "InitiateAuth",
        "AdminInitiateAuth",
        "RespondToAuthChallenge",
        "AdminRespondToAuthChallenge",
        *(kind.value for kind in Outstanding if kind is not Outstanding.AUTH),
    ],
)
def test_request_method_agrees_with_botocore_on_every_call_the_machine_makes(
    operation: str,
) -> None:
    assert Request(operation, {}, operation).method == xform_name(operation)
