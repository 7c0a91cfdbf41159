"""One core per driven call, two thin faces: what the sync and async drivers share.

A driver's core is a generator of *steps*. It yields a :class:`~srpcore.signin.Request` to make
(and is sent the response, or the exception the call raised, as a value: the core decides what
a failure means) or a plain function of no arguments, the machine's big-number math (and is
sent its result). :func:`drive` runs a core on a boto3 client and calls each function in place;
:func:`drive_async` awaits an aiobotocore client and runs each function in a worker thread
(:func:`asyncio.to_thread`), so the event loop never waits on the arithmetic. The faces hold no
decision, so the sync and async drivers cannot drift apart.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Generator
from functools import partial
from typing import Any, TypeVar, cast

from srpcore.drivers._common import (
    ClientError,
    call_failure,
    client_method,
    error_fields,
    service_error,
)
from srpcore.errors import ProtocolError, ServiceError
from srpcore.signin import Challenge, Request, Tokens
from srpcore.signin.devices import Plan
from srpcore.signin.types import Exchange

__all__ = [
    "Steps",
    "drive",
    "drive_async",
    "response_or_refusal",
    "run_plan",
    "run_plan_async",
    "sign_in_steps",
]

R = TypeVar("R")
Step = Request | Callable[[], Any]
Steps = Generator[Step, Any, R]


def _next(steps: Steps[R], sent: Any) -> tuple[Step | None, R | None]:
    """The core's next step, or ``None`` and what it returned."""
    try:
        return steps.send(sent), None
    except StopIteration as done:
        return None, done.value


def _call(client: Any, request: Request) -> Any:
    """The response, or the exception the call raised (the core judges it)."""
    try:
        return client_method(client, request)(**request.kwargs())
    except Exception as exc:
        return exc


async def _call_async(client: Any, request: Request) -> Any:
    """Async :func:`_call`."""
    try:
        return await client_method(client, request)(**request.kwargs())
    except Exception as exc:
        return exc


def drive(client: Any, steps: Steps[R]) -> R:
    """Run ``steps`` over a boto3 client: calls made on it, math done in place."""
    step, result = _next(steps, None)
    while step is not None:  # bounded by the core
        outcome = _call(client, step) if isinstance(step, Request) else step()
        step, result = _next(steps, outcome)
    return cast(R, result)  # a core that ended returned its R


async def drive_async(client: Any, steps: Steps[R]) -> R:
    """Run ``steps`` over an aiobotocore client: calls awaited, math in a worker thread."""
    step, result = _next(steps, None)
    while step is not None:  # bounded by the core
        if isinstance(step, Request):
            outcome = await _call_async(client, step)
        else:
            outcome = await asyncio.to_thread(step)
        step, result = _next(steps, outcome)
    return cast(R, result)  # a core that ended returned its R


def sign_in_steps(machine: Exchange, request: Request) -> Steps[Tokens | Challenge]:
    """Make ``request`` and every one the machine asks for next, until tokens or a challenge.

    The loop ends: the machine refuses more than ``MAX_CALLS`` requests and any challenge it
    answers itself arriving twice. A failed call that is not the service's error ends the
    sign-in with a typed error (see :func:`~srpcore.drivers._common.call_failure`).
    """
    while True:
        outcome = yield request
        if isinstance(outcome, ClientError):
            retry: Request | Tokens | None = yield partial(
                machine.receive_error, *error_fields(outcome)
            )
            if retry is None:
                raise service_error(outcome, request) from outcome
            if isinstance(retry, Tokens):
                return retry
            request = retry
            continue
        if isinstance(outcome, Exception):
            failure = call_failure(outcome, request)
            if failure is None:
                raise outcome
            machine.abort()
            raise failure from outcome
        event: Request | Tokens | Challenge = yield partial(machine.receive, outcome)
        if not isinstance(event, Request):
            return event
        request = event


def response_or_refusal(outcome: Any, request: Request) -> Any:
    """A call's outcome for a core that needs only the answer: the response, or the service's
    refusal as a :class:`~srpcore.errors.ServiceError` value (its ``ClientError`` as
    ``__cause__``); any other failure is raised as srpcore's error (see ``call_failure``)."""
    if isinstance(outcome, ClientError):
        refusal = service_error(outcome, request)
        refusal.__cause__ = outcome
        return refusal
    if isinstance(outcome, Exception):
        failure = call_failure(outcome, request)
        if failure is None:
            raise outcome
        raise failure from outcome
    return outcome


def plan_steps(plan: Plan) -> Steps[Any]:
    """A sans-IO plan as driver steps: every failed call raised (the plan sees only responses),
    and a malformed response's ProtocolError naming the step; bounded by the plan."""
    request = next(plan)
    while True:
        answer = response_or_refusal((yield request), request)
        if isinstance(answer, ServiceError):
            raise answer
        try:
            request = plan.send(answer)
        except StopIteration as done:
            return done.value
        except ProtocolError as exc:
            exc.step = exc.step or request.step
            raise


def run_plan(client: Any, plan: Plan) -> Any:
    """Make every request of ``plan`` on a boto3 client; the plan's result."""
    return drive(client, plan_steps(plan))


async def run_plan_async(client: Any, plan: Plan) -> Any:
    """:func:`run_plan` on an aiobotocore client."""
    return await drive_async(client, plan_steps(plan))
