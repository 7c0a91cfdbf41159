"""With rotation, concurrent callers never spend one refresh token twice (threads and asyncio).

The service is a small rotating Cognito written here from AWS's documented behaviour, answering
a real boto3 client from botocore's ``before-call`` event (so botocore still validates every
request against the model and raises ClientError for refusals as over the wire): each
GetTokensFromRefreshToken spends the token it is given and issues a new one; a spent (grace
period 0) or revoked token gets RefreshTokenReuseException / NotAuthorizedException; RevokeToken
ends the token given. It records which token every call spent.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone
from typing import Any

import boto3
import pytest
from botocore.awsrequest import AWSResponse

from drivers.test_no_secrets_logged import Capture, captured, leaks
from srpcore.drivers.tokens import AsyncTokenManager, TokenManager
from srpcore.errors import ServiceError, SignInRequiredError
from srpcore.signin import Tokens

__all__ = ["captured"]  # the fixture, imported for pytest

CLIENT_ID = "4example0client0id0abcdefg"
LIFETIME = timedelta(seconds=3600)


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 12, 1, 9, 0, 0, tzinfo=timezone.utc)

    def __call__(self) -> datetime:
        return self.now


class RotatingService:
    """GetTokensFromRefreshToken with rotation on and no grace period, plus RevokeToken."""

    def __init__(self, client: Any) -> None:
        self._lock = threading.Lock()
        self._serial = 0
        self.live: set[str] = set()
        self.spent: list[str] = []  # every refresh token a successful refresh consumed
        self.refused: list[str] = []  # the codes of refused refreshes
        self.revoked: list[str] = []
        self.hold: Callable[[], None] | None = None  # runs inside a refresh, before answering
        self.first = self._issue()
        client.meta.events.register("before-call", self._answer)

    def _issue(self) -> str:
        self._serial += 1
        token = f"refresh-token-{self._serial:04d}-opaque-value"
        self.live.add(token)
        return token

    def _answer(self, model: Any, params: dict[str, Any], **_: Any) -> tuple[AWSResponse, Any]:
        body = json.loads(params["body"] or b"{}")
        if model.name == "GetTokensFromRefreshToken":
            if self.hold is not None:
                self.hold()
            return self._refresh(body)
        assert model.name == "RevokeToken", model.name
        with self._lock:
            self.live.discard(body["Token"])
            self.revoked.append(body["Token"])
        return AWSResponse(None, 200, {}, None), {}

    def _refresh(self, body: dict[str, Any]) -> tuple[AWSResponse, Any]:
        assert body["ClientId"] == CLIENT_ID and set(body) == {"ClientId", "RefreshToken"}
        token = body["RefreshToken"]
        with self._lock:
            if token not in self.live:
                code = "RefreshTokenReuseException" if token in self.spent else "Unknown"
                self.refused.append(code)
                error = {"Error": {"Code": code, "Message": "Refresh token has been used."}}
                return AWSResponse(None, 400, {}, None), error
            self.live.discard(token)
            self.spent.append(token)
            fresh = self._issue()
            access = f"access-token-{self._serial:04d}"
        result = {
            "AccessToken": access,
            "ExpiresIn": int(LIFETIME.total_seconds()),
            "TokenType": "Bearer",
            "RefreshToken": fresh,
        }
        return AWSResponse(None, 200, {}, None), {"AuthenticationResult": result}


@pytest.fixture
def service() -> Iterator[tuple[Any, RotatingService]]:
    client = boto3.client(
        "cognito-idp",
        region_name="us-east-1",
        aws_access_key_id="AKIDEXAMPLE",
        aws_secret_access_key="secret-for-signing-only",
    )
    yield client, RotatingService(client)


def held(service: RotatingService) -> Tokens:
    return Tokens("access-token-0000", None, service.first, 3600, "Bearer", "alice")


def gate(expected: int) -> tuple[Callable[[], None], Callable[[], None], list[bool]]:
    """``arrive`` counts callers; ``hold`` keeps a refresh in flight until all have arrived."""
    arrived = threading.Event()
    count = [0]
    lock = threading.Lock()
    opened: list[bool] = []

    def arrive() -> None:
        with lock:
            count[0] += 1
            if count[0] == expected:
                arrived.set()

    def hold() -> None:
        opened.append(arrived.wait(timeout=10))

    return arrive, hold, opened


def test_eight_threads_spend_each_refresh_token_once(
    service: tuple[Any, RotatingService],
) -> None:
    client, cognito = service
    clock = Clock()
    manager = TokenManager(client, held(cognito), client_id=CLIENT_ID, rotation=True, clock=clock)
    for round_ in range(3):
        clock.now += LIFETIME  # due for everyone at once
        arrive, cognito.hold, opened = gate(8)
        start = threading.Barrier(8)

        def worker(
            _: int, arrive: Callable[[], None] = arrive, start: threading.Barrier = start
        ) -> str:
            start.wait(timeout=10)
            arrive()
            return manager.access_token()

        with ThreadPoolExecutor(max_workers=8) as threads:
            results = list(threads.map(worker, range(8)))
        assert opened == [True]  # one refresh, held until all eight were asking
        assert len(set(results)) == 1 and results[0] == f"access-token-{round_ + 2:04d}"
    assert cognito.refused == []
    assert len(cognito.spent) == len(set(cognito.spent)) == 3
    assert cognito.spent[0] == cognito.first
    assert manager.tokens().refresh_token in cognito.live  # the newest one is kept


def test_eight_threads_retrying_a_401_cause_one_refresh(
    service: tuple[Any, RotatingService],
) -> None:
    client, cognito = service
    manager = TokenManager(client, held(cognito), client_id=CLIENT_ID, rotation=True)
    refused = manager.access_token()
    arrive, cognito.hold, opened = gate(8)

    def worker(_: int) -> str:
        arrive()
        return manager.refresh(stale=refused).access_token

    with ThreadPoolExecutor(max_workers=8) as threads:
        results = set(threads.map(worker, range(8)))
    assert opened == [True] and len(results) == 1 and refused not in results
    assert cognito.spent == [cognito.first] and cognito.refused == []


def test_sign_out_during_a_refresh_revokes_the_new_token(
    service: tuple[Any, RotatingService],
) -> None:
    client, cognito = service
    manager = TokenManager(client, held(cognito), client_id=CLIENT_ID, rotation=True)
    in_flight = threading.Event()
    release = threading.Event()

    def hold() -> None:
        in_flight.set()
        assert release.wait(timeout=10)

    cognito.hold = hold
    with ThreadPoolExecutor(max_workers=2) as threads:
        refreshing = threads.submit(manager.refresh)
        assert in_flight.wait(timeout=10)
        signing_out = threads.submit(manager.sign_out)
        release.set()
        fresh = refreshing.result(timeout=10)
        signing_out.result(timeout=10)
    assert cognito.revoked == [fresh.refresh_token]  # not the spent one
    assert cognito.live == set()  # nothing usable is left behind
    with pytest.raises(SignInRequiredError):
        manager.access_token()


def test_a_reused_token_ends_the_managers_session(service: tuple[Any, RotatingService]) -> None:
    client, cognito = service
    stolen = held(cognito)
    TokenManager(client, stolen, client_id=CLIENT_ID, rotation=True).refresh()  # spends it
    late = TokenManager(client, stolen, client_id=CLIENT_ID, rotation=True)
    with ThreadPoolExecutor(max_workers=4) as threads:
        errors = list(threads.map(lambda _: _outcome(late.refresh), range(4)))
    assert errors == ["SignInRequiredError:RefreshTokenReuseException"] * 4
    assert cognito.refused == ["RefreshTokenReuseException"]  # one call, never retried


def _outcome(call: Callable[[], object]) -> str:
    try:
        call()
    except ServiceError as exc:
        return f"{type(exc).__name__}:{exc.code}"
    return "no error"


class AsyncClient:
    """The boto3 client with awaitable methods that yield to the loop before answering."""

    def __init__(self, client: Any) -> None:
        self._client = client

    def __getattr__(self, name: str) -> Any:
        method = getattr(self._client, name)

        async def call(**kwargs: Any) -> Any:
            for _ in range(5):  # let every other task reach the manager meanwhile
                await asyncio.sleep(0)
            return method(**kwargs)

        return call


def test_eight_tasks_spend_each_refresh_token_once(service: tuple[Any, RotatingService]) -> None:
    client, cognito = service
    clock = Clock()

    async def main() -> list[list[str]]:
        manager = AsyncTokenManager(
            AsyncClient(client), held(cognito), client_id=CLIENT_ID, rotation=True, clock=clock
        )
        rounds = []
        for _ in range(3):
            clock.now += LIFETIME
            rounds.append(list(await asyncio.gather(*(manager.access_token() for _ in range(8)))))
        stale = rounds[-1][0]
        retried = await asyncio.gather(*(manager.refresh(stale=stale) for _ in range(8)))
        assert len({t.access_token for t in retried}) == 1
        return rounds

    rounds = asyncio.run(main())
    assert [len(set(r)) for r in rounds] == [1, 1, 1]
    assert len(cognito.spent) == len(set(cognito.spent)) == 4 and cognito.refused == []


def test_async_sign_out_during_a_refresh_revokes_the_new_token(
    service: tuple[Any, RotatingService],
) -> None:
    client, cognito = service

    async def main() -> Tokens:
        manager = AsyncTokenManager(
            AsyncClient(client), held(cognito), client_id=CLIENT_ID, rotation=True
        )
        refreshing = asyncio.create_task(manager.refresh())
        await asyncio.sleep(0)  # the refresh is now in flight
        await manager.sign_out()
        with pytest.raises(SignInRequiredError, match="SignedOut"):
            await manager.tokens()
        return await refreshing

    fresh = asyncio.run(main())
    assert cognito.revoked == [fresh.refresh_token] and cognito.live == set()


def test_no_token_in_logs_errors_or_reprs(
    service: tuple[Any, RotatingService], captured: Capture
) -> None:
    client, cognito = service
    for name in ("srpcore.drivers.rotation", "srpcore.drivers.signout", "srpcore.drivers.holder"):
        logging.getLogger(name).setLevel(logging.DEBUG)
    manager = TokenManager(client, held(cognito), client_id=CLIENT_ID, rotation=True)
    tokens = [manager.refresh(), manager.refresh()]
    shown = [repr(manager), str(manager), *(repr(t) for t in tokens)]
    stale = TokenManager(client, held(cognito), client_id=CLIENT_ID, rotation=True)
    with pytest.raises(SignInRequiredError) as caught:
        stale.refresh()
    shown += [str(caught.value), repr(caught.value), repr(stale)]
    manager.sign_out()
    shown.append(repr(manager))
    secrets = set(cognito.spent) | set(cognito.revoked) | {t.access_token for t in tokens}
    assert len(secrets) == 5  # two spent, one revoked, two access tokens
    assert leaks(captured, secrets) == set()
    for text in shown:
        assert not [s for s in secrets if s in text], text
