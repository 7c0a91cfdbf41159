"""The async driver: the same sign-in over an aiobotocore-style client (awaitable methods).

The modular exponentiations (a few milliseconds each with gmpy2, tens without) run in a worker
thread through :func:`asyncio.to_thread`, so a sign-in never stalls the event loop; the calls
themselves are awaited on the loop. Behaviour, options and errors match
:mod:`srpcore.drivers.sync`.
"""

from __future__ import annotations

import asyncio
from typing import Any

from srpcore.core.keywords import keywords, keywords_after_two
from srpcore.drivers._drive import drive_async, sign_in_steps
from srpcore.drivers.rotation import refresh_steps
from srpcore.signin import Challenge, Request, SignIn, Tokens
from srpcore.signin.options import RefreshOptions, SignInOptions
from srpcore.signin.types import Exchange, Reply

__all__ = ["refresh_async", "respond_async", "run_async", "run_refresh_async", "sign_in_async"]


async def run_async(client: Any, machine: Exchange, request: Request) -> Tokens | Challenge:
    """Await ``request`` and every one the machine asks for next; the math runs off the loop.

    Bounded and typed as :func:`~srpcore.drivers.sync.run` is.
    """
    return await drive_async(client, sign_in_steps(machine, request))


@keywords(SignInOptions)
async def sign_in_async(client: Any, options: SignInOptions) -> Tokens | Challenge:
    """Async :func:`~srpcore.drivers.sync.sign_in`; answer challenges with :func:`respond_async`.

    An ``authenticator`` is called in the worker thread that handles the WEB_AUTHN response.
    """
    machine = SignIn.from_options(options)
    first = await asyncio.to_thread(machine.start)
    return await run_async(client, machine, first)


@keywords_after_two(Reply)
async def respond_async(client: Any, step: Challenge, reply: Reply) -> Tokens | Challenge:
    """Async :func:`~srpcore.drivers.sync.respond` (the answer is built in the worker thread)."""
    request = await asyncio.to_thread(step.machine.reply, step, reply)
    return await run_async(client, step.machine, request)


@keywords(RefreshOptions)
async def refresh_async(client: Any, options: RefreshOptions) -> Tokens:
    """Async :func:`~srpcore.drivers.sync.refresh` (no big-number math, so no thread)."""
    return await run_refresh_async(client, options)


async def run_refresh_async(client: Any, options: RefreshOptions) -> Tokens:
    """Make the refresh ``options`` describe (what the token managers use); see
    :func:`~srpcore.drivers.sync.run_refresh`."""
    return await drive_async(client, refresh_steps(client, options))
