"""The two faces of a driven call: what a core yields, and what each face sends back."""

from __future__ import annotations

import asyncio
import threading
from typing import Any

from srpcore.drivers._drive import Steps, drive, drive_async
from srpcore.signin.types import Request

PING = Request("GetUser", {"AccessToken": "a.b.c"}, "GetUser")


class Client:
    def __init__(self, *, fail: bool = False) -> None:
        self.fail = fail
        self.seen: list[dict[str, Any]] = []

    def get_user(self, **kwargs: Any) -> dict[str, Any]:
        self.seen.append(kwargs)
        if self.fail:
            raise ConnectionError("down")
        return {"Username": "alice"}


class AsyncClient:
    async def get_user(self, **kwargs: Any) -> dict[str, Any]:
        return Client().get_user(**kwargs)


def core() -> Steps[tuple[Any, int, Any]]:
    """One call, one piece of math, and what each came back as."""
    response = yield PING
    thread = yield threading.get_ident
    failure = yield PING
    return response, thread, failure


def test_the_sync_face_makes_the_calls_and_does_the_math_in_place() -> None:
    client = Client()
    response, thread, second = drive(client, core())
    assert response == second == {"Username": "alice"}
    assert thread == threading.get_ident()
    assert client.seen == [{"AccessToken": "a.b.c"}] * 2


def test_a_failed_call_is_sent_to_the_core_as_a_value() -> None:
    _, _, failure = drive(Client(fail=True), _tolerant())
    assert isinstance(failure, ConnectionError) and str(failure) == "down"


def _tolerant() -> Steps[tuple[Any, int, Any]]:
    first = yield PING
    assert isinstance(first, ConnectionError)
    return None, 0, (yield PING)


def test_the_async_face_runs_the_math_off_the_event_loop() -> None:
    async def main() -> tuple[tuple[Any, int, Any], int]:
        return await drive_async(AsyncClient(), core()), threading.get_ident()

    (response, thread, _), loop_thread = asyncio.run(main())
    assert response == {"Username": "alice"}
    assert thread != loop_thread
