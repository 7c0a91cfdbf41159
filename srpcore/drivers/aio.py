"""The async driver: the same sign-in over an aiobotocore-style client (awaitable methods).

The modular exponentiations (a few milliseconds each with gmpy2, tens without) run in a worker
thread through :func:`asyncio.to_thread`, so a sign-in never stalls the event loop; the calls
themselves are awaited on the loop. Behaviour, options and errors match
:mod:`srpcore.drivers.sync`.
"""

from __future__ import annotations

import asyncio
import secrets
from collections.abc import Mapping
from typing import Any

from srpcore.cognito.client import DEFAULT_EPHEMERAL_BITS, Clock, RandomBytes, utc_now
from srpcore.cognito.device import DeviceSecret
from srpcore.core.engine import Engine
from srpcore.drivers._common import ClientError, call_failure, error_fields, service_error
from srpcore.signin import Challenge, Request, SignIn, Tokens, refresh_request, refresh_tokens

__all__ = ["refresh_async", "respond_async", "run_async", "sign_in_async"]


async def run_async(client: Any, machine: SignIn, request: Request) -> Tokens | Challenge:
    """Await ``request`` and every one the machine asks for next; the math runs off the loop.

    Bounded and typed as :func:`~srpcore.drivers.sync.run` is.
    """
    while True:
        call = getattr(client, request.method)
        try:
            response = await call(**request.kwargs())
        except ClientError as exc:
            retry = await asyncio.to_thread(machine.receive_error, *error_fields(exc))
            if retry is None:
                raise service_error(exc, request) from exc
            if isinstance(retry, Tokens):
                return retry
            request = retry
            continue
        except Exception as exc:
            failure = call_failure(exc, request)
            if failure is None:
                raise
            machine.abort()
            raise failure from exc
        event = await asyncio.to_thread(machine.receive, response)
        if not isinstance(event, Request):
            return event
        request = event


async def sign_in_async(
    client: Any,
    *,
    pool_id: str,
    client_id: str,
    username: str,
    password: str,
    client_secret: str | None = None,
    device: DeviceSecret | None = None,
    admin: bool = False,
    flow: str = "USER_SRP_AUTH",
    preferred_challenge: str | None = "PASSWORD_SRP",
    remember_device: bool = True,
    device_name: str | None = None,
    client_metadata: Mapping[str, str] | None = None,
    analytics_metadata: Mapping[str, str] | None = None,
    user_context_data: Mapping[str, str] | None = None,
    context_data: Mapping[str, Any] | None = None,
    rng: RandomBytes = secrets.token_bytes,
    clock: Clock = utc_now,
    engine: Engine | None = None,
    ephemeral_bits: int = DEFAULT_EPHEMERAL_BITS,
) -> Tokens | Challenge:
    """Async :func:`~srpcore.drivers.sync.sign_in`; answer challenges with :func:`respond_async`."""
    machine = SignIn(
        pool_id=pool_id,
        client_id=client_id,
        username=username,
        password=password,
        client_secret=client_secret,
        device=device,
        admin=admin,
        flow=flow,
        preferred_challenge=preferred_challenge,
        remember_device=remember_device,
        device_name=device_name,
        client_metadata=client_metadata,
        analytics_metadata=analytics_metadata,
        user_context_data=user_context_data,
        context_data=context_data,
        rng=rng,
        clock=clock,
        engine=engine,
        ephemeral_bits=ephemeral_bits,
    )
    first = await asyncio.to_thread(machine.start)
    return await run_async(client, machine, first)


async def respond_async(
    client: Any, step: Challenge, answer: str, *, attributes: Mapping[str, str] | None = None
) -> Tokens | Challenge:
    """Async :func:`~srpcore.drivers.sync.respond`."""
    request = await asyncio.to_thread(step.answer, answer, attributes=attributes)
    return await run_async(client, step.machine, request)


async def refresh_async(
    client: Any,
    *,
    client_id: str,
    refresh_token: str,
    username: str | None = None,
    client_secret: str | None = None,
    device: DeviceSecret | None = None,
    admin: bool = False,
    pool_id: str | None = None,
    client_metadata: Mapping[str, str] | None = None,
    analytics_metadata: Mapping[str, str] | None = None,
    user_context_data: Mapping[str, str] | None = None,
    context_data: Mapping[str, Any] | None = None,
) -> Tokens:
    """Async :func:`~srpcore.drivers.sync.refresh` (no big-number math, so no thread)."""
    request = refresh_request(
        client_id=client_id,
        refresh_token=refresh_token,
        username=username,
        client_secret=client_secret,
        device=device,
        admin=admin,
        pool_id=pool_id,
        client_metadata=client_metadata,
        analytics_metadata=analytics_metadata,
        user_context_data=user_context_data,
        context_data=context_data,
    )
    call = getattr(client, request.method)
    try:
        response = await call(**request.kwargs())
    except ClientError as exc:
        raise service_error(exc, request) from exc
    except Exception as exc:
        failure = call_failure(exc, request)
        if failure is None:
            raise
        raise failure from exc
    return refresh_tokens(
        response, refresh_token=refresh_token, username=username, device=device, step=request.step
    )
