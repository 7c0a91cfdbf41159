"""TokenManager / AsyncTokenManager over real HTTP against the local endpoint, on a fake clock.

The endpoint, the sign-in and the manager share one clock, so moving it expires the tokens for
all of them alike. Refreshes are counted by a client wrapper that sees every REFRESH_TOKEN_AUTH
call; no test waits on wall time.
"""

from __future__ import annotations

import asyncio
import base64
import json
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, TypeVar

import pytest
from aiobotocore.session import get_session

import srpcore
from srpcore.drivers import tokens as module
from srpcore.drivers.sync import sign_in
from srpcore.drivers.tokens import (
    AsyncBearerAuth,
    AsyncTokenManager,
    BearerAuth,
    TokenManager,
    token_expiry,
)
from srpcore.errors import ConfigurationError, InvalidParameterError, ServiceError
from srpcore.local import LocalCognito
from srpcore.signin import Tokens

PASSWORD = "correct horse battery staple"
START = datetime(2026, 11, 28, 12, 0, 0, tzinfo=timezone.utc)
LIFETIME = timedelta(seconds=3600)  # the endpoint's access and id token validity
LEEWAY = timedelta(seconds=60)
T = TypeVar("T")


class FakeClock:
    """A clock that moves only when told (reads are safe from any thread)."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


@pytest.fixture(scope="module")
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture(scope="module")
def cognito(clock: FakeClock) -> Iterator[LocalCognito]:
    with LocalCognito(clock=clock) as endpoint:
        yield endpoint


@dataclass
class Pool:
    id: str
    client_id: str
    client_secret: str | None


@pytest.fixture
def pool(cognito: LocalCognito) -> Pool:
    """A pool that remembers devices, with a secret client, and alice in it."""
    info = cognito.create_user_pool("tokens", device_tracking=True)
    flows = ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
    app = cognito.create_client(info.id, generate_secret=True, explicit_auth_flows=flows)
    cognito.create_user(info.id, "alice", PASSWORD)
    return Pool(info.id, app.client_id, app.client_secret)


def is_refresh(operation: str, params: dict[str, Any]) -> bool:
    return operation in ("initiate_auth", "admin_initiate_auth") and (
        params.get("AuthFlow") == "REFRESH_TOKEN_AUTH"
    )


class Counting:
    """A boto3 client that counts REFRESH_TOKEN_AUTH calls and can hold them at a gate.

    It has no ``get_tokens_from_refresh_token``, so the default ``rotation="auto"`` refreshes
    with REFRESH_TOKEN_AUTH, as with a botocore before 1.38 (rotation's own single-flight is in
    tests/local/test_lifecycle_local.py).
    """

    def __init__(self, client: Any, before_refresh: Callable[[], None] | None = None) -> None:
        self._client = client
        self._before_refresh = before_refresh
        self._lock = threading.Lock()
        self.refreshes = 0

    def _call(self, operation: str, params: dict[str, Any]) -> Any:
        if is_refresh(operation, params):
            with self._lock:
                self.refreshes += 1
            if self._before_refresh is not None:
                self._before_refresh()
        return getattr(self._client, operation)(**params)

    def initiate_auth(self, **params: Any) -> Any:
        return self._call("initiate_auth", params)

    def admin_initiate_auth(self, **params: Any) -> Any:
        return self._call("admin_initiate_auth", params)


class AsyncCounting:
    """The aiobotocore counterpart of :class:`Counting`."""

    def __init__(self, client: Any) -> None:
        self._client = client
        self.refreshes = 0

    async def initiate_auth(self, **params: Any) -> Any:
        if is_refresh("initiate_auth", params):
            self.refreshes += 1
        return await self._client.initiate_auth(**params)


def signed_in(cognito: LocalCognito, pool: Pool, clock: FakeClock, **options: Any) -> Tokens:
    result = sign_in(
        cognito.boto3_client(),
        pool_id=pool.id,
        client_id=pool.client_id,
        client_secret=pool.client_secret,
        username="alice",
        password=PASSWORD,
        clock=clock,
        **options,
    )
    assert isinstance(result, Tokens)
    assert result.refresh_token and result.device is not None and result.username == "alice"
    return result


def manager_for(client: Any, tokens: Tokens, pool: Pool, clock: FakeClock) -> TokenManager:
    return TokenManager(
        client,
        tokens,
        client_id=pool.client_id,
        client_secret=pool.client_secret,
        leeway=LEEWAY,
        clock=clock,
    )


# --- sync, over HTTP --------------------------------------------------------------------------


def test_refreshes_once_at_expiry_minus_leeway_and_not_before(
    cognito: LocalCognito, pool: Pool, clock: FakeClock
) -> None:
    first = signed_in(cognito, pool, clock)
    idp = Counting(cognito.boto3_client())
    manager = manager_for(idp, first, pool, clock)
    issued = clock.now
    assert manager.expires_at == issued + LIFETIME  # read from the JWT's exp

    assert manager.access_token() == first.access_token
    clock.advance(LIFETIME - LEEWAY - timedelta(seconds=1))
    assert manager.access_token() == first.access_token
    assert manager.id_token() == first.id_token
    assert idp.refreshes == 0

    clock.advance(timedelta(seconds=1))  # now exactly expiry - leeway
    fresh = manager.access_token()
    assert fresh != first.access_token and idp.refreshes == 1
    assert manager.access_token() == fresh and manager.id_token() != first.id_token
    assert idp.refreshes == 1
    assert manager.expires_at == clock.now + LIFETIME

    kept = manager.tokens()
    assert kept.refresh_token == first.refresh_token  # the response carried none
    assert kept.device == first.device and kept.username == "alice" and not kept.new_device
    assert cognito.boto3_client().get_user(AccessToken=fresh)["Username"] == "alice"


def test_eight_threads_share_one_refresh(
    cognito: LocalCognito, pool: Pool, clock: FakeClock
) -> None:
    first = signed_in(cognito, pool, clock)
    arrived = threading.Event()
    gate_opened: list[bool] = []
    count = [0]
    count_lock = threading.Lock()

    def hold_refresh() -> None:  # keep the refresh in flight until all eight are asking
        gate_opened.append(arrived.wait(timeout=10))

    idp = Counting(cognito.boto3_client(), before_refresh=hold_refresh)
    manager = manager_for(idp, first, pool, clock)
    clock.advance(LIFETIME)
    start = threading.Barrier(8)

    def worker(_: int) -> str:
        start.wait(timeout=10)
        with count_lock:
            count[0] += 1
            if count[0] == 8:
                arrived.set()
        return manager.access_token()

    with ThreadPoolExecutor(max_workers=8) as threads:
        results = list(threads.map(worker, range(8)))

    assert gate_opened == [True]
    assert idp.refreshes == 1
    assert len(set(results)) == 1 and results[0] != first.access_token
    assert results[0] == manager.access_token()


def test_failed_refresh_raises_the_service_error_and_keeps_the_old_tokens(
    cognito: LocalCognito, pool: Pool, clock: FakeClock
) -> None:
    first = signed_in(cognito, pool, clock)
    admin = cognito.boto3_client()
    idp = Counting(cognito.boto3_client())
    manager = manager_for(idp, first, pool, clock)
    expires_at = manager.expires_at
    clock.advance(LIFETIME - LEEWAY)
    admin.admin_disable_user(UserPoolId=pool.id, Username="alice")

    with pytest.raises(ServiceError) as caught:
        manager.access_token()
    assert (caught.value.code, caught.value.message, caught.value.step) == (
        "NotAuthorizedException",
        "User is disabled.",
        "InitiateAuth(REFRESH_TOKEN_AUTH)",
    )
    assert idp.refreshes == 1 and manager.expires_at == expires_at

    with ThreadPoolExecutor(max_workers=4) as threads:  # each new attempt fails the same way
        errors = list(threads.map(lambda _: _error_code(manager.tokens), range(4)))
    assert errors == ["NotAuthorizedException"] * 4
    assert manager.expires_at == expires_at

    admin.admin_enable_user(UserPoolId=pool.id, Username="alice")
    before = idp.refreshes
    fresh = manager.tokens()  # the kept refresh token still works
    assert fresh.access_token != first.access_token and idp.refreshes == before + 1
    assert fresh.refresh_token == first.refresh_token and fresh.device == first.device


def _error_code(call: Callable[[], object]) -> str:
    try:
        call()
    except ServiceError as exc:
        return exc.code
    return "no error"


def test_admin_refresh_with_pool_id(cognito: LocalCognito, pool: Pool, clock: FakeClock) -> None:
    first = signed_in(cognito, pool, clock, admin=True)
    idp = Counting(cognito.boto3_client())
    manager = TokenManager(
        idp,
        first,
        client_id=pool.client_id,
        client_secret=pool.client_secret,
        admin=True,
        pool_id=pool.id,
        clock=clock,
    )
    clock.advance(LIFETIME)
    assert manager.access_token() != first.access_token and idp.refreshes == 1


def test_explicit_refresh_skips_a_token_already_replaced(
    cognito: LocalCognito, pool: Pool, clock: FakeClock
) -> None:
    first = signed_in(cognito, pool, clock)
    idp = Counting(cognito.boto3_client())
    manager = manager_for(idp, first, pool, clock)
    assert manager.refresh(stale="some other token") is manager.tokens()
    assert idp.refreshes == 0
    second = manager.refresh(stale=first.access_token)
    assert second.access_token != first.access_token and idp.refreshes == 1
    assert manager.refresh(stale=first.access_token) is second  # a late retry: no new call
    assert manager.refresh().access_token != second.access_token and idp.refreshes == 2


# --- HTTP auth hooks, with minimal fake requests ----------------------------------------------


class FakeRequest:
    def __init__(self) -> None:
        self.headers: dict[str, str] = {"Accept": "application/json"}


@dataclass
class FakeResponse:
    status_code: int


def test_bearer_auth_sets_the_header_and_refreshes_when_due(
    cognito: LocalCognito, pool: Pool, clock: FakeClock
) -> None:
    first = signed_in(cognito, pool, clock)
    idp = Counting(cognito.boto3_client())
    auth = BearerAuth(manager_for(idp, first, pool, clock))
    request = FakeRequest()
    assert auth(request) is request
    assert request.headers == {
        "Accept": "application/json",
        "Authorization": f"Bearer {first.access_token}",
    }
    clock.advance(LIFETIME)
    auth(request)
    assert idp.refreshes == 1
    assert request.headers["Authorization"] not in ("", f"Bearer {first.access_token}")


def test_bearer_auth_flow_retries_a_401_once_with_a_refreshed_token(
    cognito: LocalCognito, pool: Pool, clock: FakeClock
) -> None:
    first = signed_in(cognito, pool, clock)
    idp = Counting(cognito.boto3_client())
    manager = manager_for(idp, first, pool, clock)
    auth = BearerAuth(manager)

    flow = auth.auth_flow(FakeRequest())
    sent = next(flow)
    assert sent.headers["Authorization"] == f"Bearer {first.access_token}"
    with pytest.raises(StopIteration):
        flow.send(FakeResponse(200))
    assert idp.refreshes == 0

    flow = auth.auth_flow(FakeRequest())
    next(flow)
    retried = flow.send(FakeResponse(401))
    assert retried.headers["Authorization"] == f"Bearer {manager.access_token()}"
    assert manager.access_token() != first.access_token and idp.refreshes == 1
    with pytest.raises(StopIteration):
        flow.send(FakeResponse(401))  # one retry only
    assert idp.refreshes == 1


# --- async, with aiobotocore over HTTP --------------------------------------------------------


@asynccontextmanager
async def aio_client(cognito: LocalCognito) -> AsyncIterator[Any]:
    session = get_session()
    async with session.create_client(
        "cognito-idp",
        region_name=cognito.region,
        endpoint_url=cognito.endpoint_url,
        aws_access_key_id="local",
        aws_secret_access_key="local",
    ) as client:
        yield client


def run(cognito: LocalCognito, body: Callable[[AsyncCounting], Awaitable[T]]) -> T:
    async def main() -> T:
        async with aio_client(cognito) as client:
            return await body(AsyncCounting(client))

    return asyncio.run(main())


def async_manager_for(
    client: Any, tokens: Tokens, pool: Pool, clock: FakeClock
) -> AsyncTokenManager:
    return AsyncTokenManager(
        client,
        tokens,
        client_id=pool.client_id,
        client_secret=pool.client_secret,
        leeway=LEEWAY,
        clock=clock,
    )


def test_async_refreshes_once_for_eight_tasks_and_not_before_expiry(
    cognito: LocalCognito, pool: Pool, clock: FakeClock
) -> None:
    first = signed_in(cognito, pool, clock)

    async def body(idp: AsyncCounting) -> tuple[list[str], Tokens]:
        manager = async_manager_for(idp, first, pool, clock)
        clock.advance(LIFETIME - LEEWAY - timedelta(seconds=1))
        assert await manager.access_token() == first.access_token
        assert await manager.id_token() == first.id_token
        assert idp.refreshes == 0
        clock.advance(timedelta(seconds=1))
        handed_out = await asyncio.gather(*(manager.access_token() for _ in range(8)))
        assert idp.refreshes == 1
        return list(handed_out), await manager.tokens()

    results, kept = run(cognito, body)
    assert len(set(results)) == 1 and results[0] != first.access_token
    assert kept.access_token == results[0] and kept.refresh_token == first.refresh_token
    assert kept.device == first.device
    assert cognito.boto3_client().get_user(AccessToken=results[0])["Username"] == "alice"


def test_async_failed_refresh_is_shared_and_keeps_the_old_tokens(
    cognito: LocalCognito, pool: Pool, clock: FakeClock
) -> None:
    first = signed_in(cognito, pool, clock)
    admin = cognito.boto3_client()

    async def body(idp: AsyncCounting) -> tuple[list[BaseException | str], Tokens, int]:
        manager = async_manager_for(idp, first, pool, clock)
        expires_at = manager.expires_at
        clock.advance(LIFETIME)
        admin.admin_disable_user(UserPoolId=pool.id, Username="alice")
        outcomes = await asyncio.gather(
            *(manager.access_token() for _ in range(8)), return_exceptions=True
        )
        assert idp.refreshes == 1 and manager.expires_at == expires_at
        admin.admin_enable_user(UserPoolId=pool.id, Username="alice")
        return list(outcomes), await manager.tokens(), idp.refreshes

    outcomes, fresh, refreshes = run(cognito, body)
    assert all(isinstance(o, ServiceError) for o in outcomes)
    assert {o.code for o in outcomes if isinstance(o, ServiceError)} == {"NotAuthorizedException"}
    assert refreshes == 2 and fresh.access_token != first.access_token
    assert fresh.refresh_token == first.refresh_token


def test_async_cancelled_caller_does_not_cancel_the_refresh(
    cognito: LocalCognito, pool: Pool, clock: FakeClock
) -> None:
    first = signed_in(cognito, pool, clock)

    async def body(idp: AsyncCounting) -> tuple[str, bool, int]:
        manager = async_manager_for(idp, first, pool, clock)
        clock.advance(LIFETIME)
        quitter = asyncio.create_task(manager.access_token())
        stayer = asyncio.create_task(manager.access_token())
        await asyncio.sleep(0)  # both are now waiting on the one refresh
        quitter.cancel()
        token = await stayer
        await asyncio.gather(quitter, return_exceptions=True)
        return token, quitter.cancelled(), idp.refreshes

    token, cancelled, refreshes = run(cognito, body)
    assert cancelled and refreshes == 1 and token != first.access_token


def test_async_bearer_auth_flow(cognito: LocalCognito, pool: Pool, clock: FakeClock) -> None:
    first = signed_in(cognito, pool, clock)

    async def body(idp: AsyncCounting) -> tuple[str, str, str, int]:
        manager = async_manager_for(idp, first, pool, clock)
        auth = AsyncBearerAuth(manager)
        flow = auth.async_auth_flow(FakeRequest())
        sent = await flow.__anext__()
        before = sent.headers["Authorization"]
        retried = await flow.asend(FakeResponse(401))
        with pytest.raises(StopAsyncIteration):
            await flow.asend(FakeResponse(200))
        return (
            before,
            retried.headers["Authorization"],
            await manager.access_token(),
            idp.refreshes,
        )

    before, after, current, refreshes = run(cognito, body)
    assert before == f"Bearer {first.access_token}"
    assert after == f"Bearer {current}" and current != first.access_token and refreshes == 1


# --- without the network ----------------------------------------------------------------------


def jwt(**claims: Any) -> str:
    def part(value: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()

    return f"{part({'alg': 'RS256'})}.{part(claims)}.c2lnbmF0dXJl"


def tokens(access: str, *, id_token: str | None = None, expires_in: int | None = None) -> Tokens:
    return Tokens(access, id_token, "refresh-token-value", expires_in, "Bearer", "alice")


@pytest.mark.parametrize(
    ("access", "id_token", "expires_in", "expected"),
    [
        pytest.param(jwt(exp=1_800_000_000), None, 60, 1_800_000_000, id="exp-wins-over-ExpiresIn"),
        pytest.param(jwt(exp=1_800_000_000), jwt(exp=1_700_000_000), None, 1_700_000_000, id="id"),
        pytest.param("opaque", None, 300, START.timestamp() + 300, id="not-a-jwt"),
        pytest.param("a.!!!.c", None, 300, START.timestamp() + 300, id="bad-base64"),
        pytest.param(jwt(exp=True), None, 300, START.timestamp() + 300, id="bool-exp"),
        pytest.param(jwt(exp=10**30), None, 300, START.timestamp() + 300, id="exp-overflows"),
        pytest.param(jwt(sub="x"), None, None, None, id="unknown"),
    ],
)
def test_token_expiry(
    access: str, id_token: str | None, expires_in: int | None, expected: float | None
) -> None:
    found = token_expiry(
        tokens(access, id_token=id_token, expires_in=expires_in), received_at=START
    )
    assert (found.timestamp() if found else None) == expected


def test_unknown_expiry_never_refreshes_by_itself() -> None:
    class NoCalls:
        def __getattr__(self, name: str) -> Any:
            raise AssertionError(f"unexpected call {name}")

    manager = TokenManager(NoCalls(), tokens(jwt(sub="x")), client_id="c")
    assert manager.expires_at is None and manager.access_token() == jwt(sub="x")


@pytest.mark.parametrize(
    ("given", "options", "message"),
    [
        (Tokens("a", None, None, 60, "Bearer", "alice"), {}, "no refresh token"),
        (tokens("a"), {"leeway": timedelta(seconds=-1)}, "negative"),
        (tokens("a"), {"admin": True}, "pool_id"),
    ],
)
def test_refuses_what_it_cannot_refresh(
    given: Tokens, options: dict[str, Any], message: str
) -> None:
    with pytest.raises(InvalidParameterError, match=message):
        TokenManager(object(), given, client_id="c", **options)
    with pytest.raises(InvalidParameterError, match=message):
        AsyncTokenManager(object(), given, client_id="c", **options)


def test_no_token_or_secret_in_repr() -> None:
    held = Tokens(
        jwt(exp=1_800_000_000), jwt(exp=1_800_000_000, n=1), "refresh-secret", 60, "B", "u"
    )
    manager = TokenManager(object(), held, client_id="client", client_secret="client-secret")
    amanager = AsyncTokenManager(object(), held, client_id="client", client_secret="client-secret")
    shown = [repr(manager), str(manager), repr(BearerAuth(manager))]
    shown += [repr(amanager), repr(AsyncBearerAuth(amanager))]
    for text in shown:
        assert "client" in text and "tokens hidden" in text
        for secret in (held.access_token, held.id_token, "refresh-secret", "client-secret"):
            assert secret is not None and secret not in text


def test_async_auth_refuses_a_sync_client() -> None:
    auth = AsyncBearerAuth(AsyncTokenManager(object(), tokens("a"), client_id="c"))
    with pytest.raises(ConfigurationError, match="async client"):
        auth.auth_flow(FakeRequest())


@pytest.mark.parametrize(
    "name", ["AsyncBearerAuth", "AsyncTokenManager", "BearerAuth", "TokenManager"]
)
def test_exported_lazily_from_the_top_level(name: str) -> None:
    assert getattr(srpcore, name) is getattr(module, name)
    assert name in srpcore.__all__
