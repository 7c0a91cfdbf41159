"""Sign in through the caller's own boto3 ``cognito-idp`` client.

Every call (including ConfirmDevice and UpdateDeviceStatus) goes through that client, so its
region, endpoint URL, credentials, proxies and retry settings all apply. Service errors become
:class:`~srpcore.errors.ServiceError` with the service's code and message, the failed step, and
the original ``ClientError`` chained as ``__cause__``.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import Any

from srpcore.cognito.client import DEFAULT_EPHEMERAL_BITS, Clock, RandomBytes, utc_now
from srpcore.cognito.device import DeviceSecret
from srpcore.core.engine import Engine
from srpcore.drivers._common import ClientError, call_failure, error_fields, service_error
from srpcore.signin import Challenge, Request, SignIn, Tokens, refresh_request, refresh_tokens

__all__ = ["refresh", "respond", "run", "sign_in"]


def run(client: Any, machine: SignIn, request: Request) -> Tokens | Challenge:
    """Make ``request`` and every one the machine asks for next, until tokens or a challenge.

    The loop ends: the machine refuses more than ``MAX_CALLS`` requests and any challenge it
    answers itself arriving twice. A failed call that is not the service's error ends the
    sign-in with a typed error (see :func:`~srpcore.drivers._common.call_failure`).
    """
    while True:
        call = getattr(client, request.method)
        try:
            response = call(**request.kwargs())
        except ClientError as exc:
            retry = machine.receive_error(*error_fields(exc))
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
        event = machine.receive(response)
        if not isinstance(event, Request):
            return event
        request = event


def sign_in(
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
    """Sign ``username`` in with SRP; return the tokens or a challenge for the caller.

    Answer a returned :class:`~srpcore.signin.Challenge` with :func:`respond` (repeat while
    challenges come). The options are those of :class:`~srpcore.signin.SignIn`.
    """
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
    return run(client, machine, machine.start())


def respond(
    client: Any, step: Challenge, answer: str, *, attributes: Mapping[str, str] | None = None
) -> Tokens | Challenge:
    """Answer a challenge from :func:`sign_in` and carry on (SRP is not redone).

    See :meth:`SignIn.answer <srpcore.signin.SignIn.answer>` for what ``answer`` and
    ``attributes`` mean for each challenge.
    """
    return run(client, step.machine, step.answer(answer, attributes=attributes))


def refresh(
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
    """New tokens with REFRESH_TOKEN_AUTH; ``username`` is ``Tokens.username`` from sign-in.

    With a client secret, SECRET_HASH is computed over that internal username; pass the
    remembered ``device`` when device tracking is on. The refresh token given is carried into
    the result unless the service rotated it.
    """
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
        response = call(**request.kwargs())
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
