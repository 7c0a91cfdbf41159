"""Both refresh calls are one Locust request type, ``refresh``, named by their operation."""

from __future__ import annotations

from typing import Any

from srpcore.locust.recorder import Recorder


class Event:
    def __init__(self) -> None:
        self.fired: list[tuple[str, str]] = []

    def fire(self, *, request_type: str, name: str, **_: Any) -> None:
        self.fired.append((request_type, name))


class Client:
    """Just the operations called here (no ``meta``: names are derived from the method)."""

    def get_tokens_from_refresh_token(self, **_: Any) -> dict[str, Any]:
        return {}

    def initiate_auth(self, **_: Any) -> dict[str, Any]:
        return {}


def test_rotating_and_classic_refreshes_are_both_refresh() -> None:
    event = Event()
    recorder = Recorder(Client(), event)
    recorder.get_tokens_from_refresh_token(RefreshToken="r", ClientId="c")
    recorder.initiate_auth(AuthFlow="REFRESH_TOKEN_AUTH", ClientId="c", AuthParameters={})
    recorder.initiate_auth(AuthFlow="USER_SRP_AUTH", ClientId="c", AuthParameters={})
    assert event.fired == [
        ("refresh", "GetTokensFromRefreshToken"),
        ("refresh", "InitiateAuth"),
        ("InitiateAuth", "USER_SRP_AUTH"),
    ]
