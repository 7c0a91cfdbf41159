"""The async driver with a real aiobotocore client, over HTTP against the local endpoint."""

from __future__ import annotations

import asyncio
import secrets
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from contextlib import asynccontextmanager
from datetime import datetime, timezone
from typing import Any, TypeVar

import pytest
from aiobotocore.session import get_session

from srpcore.cognito.device import DeviceSecret
from srpcore.drivers.aio import refresh_async, respond_async, sign_in_async
from srpcore.errors import ServiceError
from srpcore.local import LocalCognito
from srpcore.signin import Challenge, Tokens

PASSWORD = "correct horse battery staple"
T = TypeVar("T")


@pytest.fixture(scope="module")
def cognito() -> Iterator[LocalCognito]:
    with LocalCognito() as endpoint:
        yield endpoint


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


def run(cognito: LocalCognito, body: Callable[[Any], Awaitable[T]]) -> T:
    async def main() -> T:
        async with aio_client(cognito) as client:
            return await body(client)

    return asyncio.run(main())


def _pool(
    cognito: LocalCognito, *, mfa: tuple[str, ...] = (), **options: Any
) -> tuple[str, str, str | None]:
    pool = cognito.create_user_pool("async", **options)
    flows = ["ALLOW_USER_SRP_AUTH", "ALLOW_USER_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
    app = cognito.create_client(pool.id, generate_secret=True, explicit_auth_flows=flows)
    cognito.create_user(pool.id, "alice", PASSWORD, mfa=mfa)
    return pool.id, app.client_id, app.client_secret


def test_sign_in_keeps_the_math_off_the_event_loop(cognito: LocalCognito) -> None:
    pool_id, client_id, secret = _pool(cognito)
    threads: list[int] = []

    def rng(n: int) -> bytes:  # called where the ephemeral is drawn (SRP_A)
        threads.append(threading.get_ident())
        return secrets.token_bytes(n)

    def clock() -> datetime:  # called where the PASSWORD_VERIFIER answer is computed
        threads.append(threading.get_ident())
        return datetime.now(timezone.utc)

    async def body(client: Any) -> tuple[Tokens | Challenge, int, str]:
        loop_thread = threading.get_ident()
        result = await sign_in_async(
            client,
            pool_id=pool_id,
            client_id=client_id,
            client_secret=secret,
            username="alice",
            password=PASSWORD,
            rng=rng,
            clock=clock,
        )
        assert isinstance(result, Tokens)
        user = await client.get_user(AccessToken=result.access_token)
        return result, loop_thread, user["Username"]

    result, loop_thread, username = run(cognito, body)
    assert isinstance(result, Tokens) and username == "alice"
    assert len(threads) >= 2 and loop_thread not in threads


def test_wrong_password_fails_with_the_step(cognito: LocalCognito) -> None:
    pool_id, client_id, secret = _pool(cognito)

    async def body(client: Any) -> Tokens | Challenge:
        return await sign_in_async(
            client,
            pool_id=pool_id,
            client_id=client_id,
            client_secret=secret,
            username="alice",
            password="wrong password",
            admin=True,
        )

    with pytest.raises(ServiceError) as caught:
        run(cognito, body)
    assert (caught.value.code, caught.value.step) == (
        "NotAuthorizedException",
        "AdminRespondToAuthChallenge(PASSWORD_VERIFIER)",
    )


def test_devices_challenges_and_refresh(cognito: LocalCognito) -> None:
    pool_id, client_id, secret = _pool(cognito, device_tracking=True, mfa=("SMS_MFA",))
    common: dict[str, Any] = {
        "pool_id": pool_id,
        "client_id": client_id,
        "client_secret": secret,
        "username": "alice",
        "password": PASSWORD,
    }

    async def body(client: Any) -> tuple[Tokens, Tokens, Tokens, Tokens]:
        step = await sign_in_async(client, **common)
        assert isinstance(step, Challenge) and step.name == "SMS_MFA"
        first = await respond_async(client, step, "123456")
        assert isinstance(first, Tokens) and first.device is not None
        again = await sign_in_async(client, device=first.device, **common)  # device skips MFA
        assert isinstance(again, Tokens)
        fresh = await refresh_async(
            client,
            client_id=client_id,
            client_secret=secret,
            refresh_token=str(again.refresh_token),
            username=again.username,
            device=again.device,
        )
        stale = DeviceSecret("us-east-1_00000000-0000-4000-8000-000000000001", "-g", "pw", {})
        step = await sign_in_async(client, device=stale, **common)  # dropped, so MFA again
        assert isinstance(step, Challenge)
        replaced = await respond_async(client, step, "123456")
        assert isinstance(replaced, Tokens)
        return first, again, fresh, replaced

    first, again, fresh, replaced = run(cognito, body)
    assert first.new_device and not again.new_device and again.device == first.device
    assert fresh.device == first.device
    assert replaced.new_device and replaced.device is not None
    assert first.device is not None and replaced.device.device_key != first.device.device_key


def test_concurrent_sign_ins_on_one_loop(cognito: LocalCognito) -> None:
    pool_id, client_id, secret = _pool(cognito)

    async def body(client: Any) -> list[Tokens | Challenge]:
        return list(
            await asyncio.gather(
                *(
                    sign_in_async(
                        client,
                        pool_id=pool_id,
                        client_id=client_id,
                        client_secret=secret,
                        username="alice",
                        password=PASSWORD,
                        flow=flow,
                    )
                    for flow in ("USER_SRP_AUTH", "USER_AUTH", "USER_SRP_AUTH", "USER_AUTH")
                )
            )
        )

    results = run(cognito, body)
    assert all(isinstance(r, Tokens) for r in results)
    assert len({r.access_token for r in results if isinstance(r, Tokens)}) == 4
