"""What the drivers raise when a call goes wrong outside the service's own error answers.

Bodies go through botocore's real parser (a ``before-send`` hook answers with raw bytes), so
what its parser lets escape on junk (AttributeError, TypeError, RecursionError,
UnicodeDecodeError, ResponseParserError) is exercised as a caller would meet it. Each must come
out as a typed ``SRPError`` naming the step, botocore's exception kept as ``__cause__``, and the
machine must be left ended. Step-bound cases use botocore's Stubber.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest
from botocore.exceptions import (
    EndpointConnectionError,
    ParamValidationError,
    UnStubbedResponseError,
)
from botocore.parsers import ResponseParserError

from drivers.stubkit import (
    CLIENT_ID,
    PASSWORD,
    POOL_ID,
    TOKENS,
    AsyncClient,
    Raw,
    SRPServer,
    Stubbed,
    clock,
)
from srpcore.cognito.device import DeviceSecret
from srpcore.cognito.salt import Salt
from srpcore.drivers._common import call_failure
from srpcore.drivers.aio import refresh_async, run_async
from srpcore.drivers.sync import refresh, respond, run, sign_in
from srpcore.errors import (
    InvalidParameterError,
    ProtocolError,
    TransportError,
)
from srpcore.signin import MAX_CALLS, Challenge, SignIn
from srpcore.signin.types import Request

INITIATE = "InitiateAuth(USER_SRP_AUTH)"
VERIFIER = "RespondToAuthChallenge(PASSWORD_VERIFIER)"
DEVICE = DeviceSecret("us-east-1_0a1b2c3d-4e5f-6789-abcd-ef0123456789", "-Xy7Gg0Mk", "pw", {})


def machine(**options: Any) -> SignIn:
    return SignIn(
        pool_id=POOL_ID,
        client_id=CLIENT_ID,
        username="alice",
        password=PASSWORD,
        clock=clock,
        **options,
    )


def verifier_body() -> dict[str, Any]:
    return {
        "ChallengeName": "PASSWORD_VERIFIER",
        "ChallengeParameters": SRPServer.for_user("alice").parameters(),
    }


# (answers before the junk, the junk body, its HTTP status, the step, botocore's exception)
JUNK: dict[str, tuple[int, bytes, int, str, type[BaseException]]] = {
    "top-level-list": (0, b"[1, 2]", 200, INITIATE, AttributeError),
    "challenge-parameters-list": (
        0,
        b'{"ChallengeParameters": [1]}',
        200,
        INITIATE,
        AttributeError,
    ),
    "result-list": (1, b'{"AuthenticationResult": [1]}', 200, VERIFIER, AttributeError),
    "new-device-metadata-list": (
        1,
        b'{"AuthenticationResult": {"AccessToken": "a", "NewDeviceMetadata": [1]}}',
        200,
        VERIFIER,
        AttributeError,
    ),
    "nested-deep": (0, b"[" * 100_000, 200, INITIATE, RecursionError),
    "not-utf-8": (1, b"\xff\xfe{}", 200, VERIFIER, UnicodeDecodeError),
    "error-type-a-list": (0, b'{"__type": [1]}', 400, INITIATE, TypeError),
    "error-body-a-list": (0, b"[1]", 400, INITIATE, AttributeError),
}


@pytest.mark.parametrize(
    ("before", "body", "status", "step", "cause"), JUNK.values(), ids=JUNK.keys()
)
def test_junk_bodies_are_protocol_errors_naming_the_step(
    raw: Raw, before: int, body: bytes, status: int, step: str, cause: type[BaseException]
) -> None:
    if before:
        raw.add(verifier_body())
    raw.add(body, status)
    m = machine()
    with pytest.raises(ProtocolError, match="could not be parsed") as caught:
        run(raw.client, m, m.start())
    assert caught.value.step == step
    assert str(caught.value).endswith(f"(during {step})")
    assert isinstance(caught.value.__cause__, cause)
    assert vars(m)["_password"] is None and vars(m)["_pending"] is None


@pytest.mark.parametrize(
    "body",
    [
        {"ChallengeName": 5},
        {"ChallengeName": "PASSWORD_VERIFIER", "ChallengeParameters": {"SALT": 1}},
        {"AuthenticationResult": {"AccessToken": "a", "ExpiresIn": "3600"}},
        {"AuthenticationResult": {"AccessToken": ["a"]}},
    ],
)
def test_bodies_botocore_passes_on_unchecked_are_refused_by_the_machine(
    raw: Raw, body: dict[str, Any]
) -> None:
    raw.add(body)
    with pytest.raises(ProtocolError) as caught:
        sign_in(
            raw.client, pool_id=POOL_ID, client_id=CLIENT_ID, username="alice", password=PASSWORD
        )
    assert caught.value.step == INITIATE


def _raising(exc: Exception) -> Callable[..., None]:
    def handler(**_: Any) -> None:
        raise exc

    return handler


def test_a_parser_error_is_wrapped(raw: Raw) -> None:
    raw.add(verifier_body())
    raw.add(b"{}")
    raw.client.meta.events.register(
        "before-parse.cognito-idp.RespondToAuthChallenge",
        _raising(ResponseParserError("Invalid service response")),
    )
    with pytest.raises(ProtocolError, match="ResponseParserError") as caught:
        sign_in(
            raw.client, pool_id=POOL_ID, client_id=CLIENT_ID, username="alice", password=PASSWORD
        )
    assert caught.value.step == VERIFIER
    assert isinstance(caught.value.__cause__, ResponseParserError)


def test_a_call_that_never_completes_is_a_transport_error(raw: Raw) -> None:
    failure = EndpointConnectionError(endpoint_url="https://cognito-idp.example.invalid/")
    raw.client.meta.events.register_first("before-send", _raising(failure))
    m = machine()
    with pytest.raises(TransportError, match="Could not connect") as caught:
        run(raw.client, m, m.start())
    assert caught.value.step == INITIATE and caught.value.__cause__ is failure
    assert vars(m)["_password"] is None


def test_a_request_botocore_refuses_to_send_is_an_invalid_parameter(raw: Raw) -> None:
    with pytest.raises(InvalidParameterError, match=r"ClientMetadata\.source") as caught:
        sign_in(
            raw.client,
            pool_id=POOL_ID,
            client_id=CLIENT_ID,
            username="alice",
            password=PASSWORD,
            client_metadata={"source": 1},  # type: ignore[dict-item]
        )
    assert caught.value.step == INITIATE
    assert isinstance(caught.value.__cause__, ParamValidationError)
    assert "\n" not in str(caught.value)


def test_a_refused_request_does_not_quote_the_value(raw: Raw) -> None:
    """botocore's report quotes the offending value, which may be a secret: it stays out."""
    with pytest.raises(InvalidParameterError, match=r"source, value: <hidden>, type") as caught:
        sign_in(
            raw.client,
            pool_id=POOL_ID,
            client_id=CLIENT_ID,
            username="alice",
            password=PASSWORD,
            client_metadata={"source": b"hunter2-secret"},  # type: ignore[dict-item]
        )
    assert "hunter2" not in str(caught.value)
    assert isinstance(caught.value.__cause__, ParamValidationError)


def test_a_parser_error_does_not_quote_the_body() -> None:
    """botocore's ResponseParserError can carry the body, tokens and all; ours never does."""
    quoted = ResponseParserError("Unable to parse response, invalid JSON received: b'eyJtoken'")
    failure = call_failure(quoted, Request("InitiateAuth", {}, step=INITIATE))
    assert isinstance(failure, ProtocolError)
    assert "could not be parsed (ResponseParserError" in str(failure)
    assert "eyJtoken" not in str(failure)


@pytest.mark.parametrize("body", [b"[1]", b'{"AuthenticationResult": [1]}', b"\xff"])
def test_refresh_junk_is_a_protocol_error(raw: Raw, body: bytes) -> None:
    raw.add(body)
    with pytest.raises(ProtocolError) as caught:
        refresh(raw.client, client_id=CLIENT_ID, refresh_token="refresh.token.value")
    assert caught.value.step == "GetTokensFromRefreshToken"  # the default, rotation="auto"


def test_refresh_with_an_unchecked_expiry_is_refused(raw: Raw) -> None:
    raw.add({"AuthenticationResult": {**TOKENS, "ExpiresIn": 10**20}})
    with pytest.raises(ProtocolError, match="out of range"):
        refresh(raw.client, client_id=CLIENT_ID, refresh_token="refresh.token.value")


def test_async_driver_wraps_the_same_failures(raw: Raw) -> None:
    raw.add(verifier_body())
    raw.add(b'{"AuthenticationResult": [1]}')
    raw.add(b"[1]")
    m = machine()
    client = AsyncClient(raw.client)
    with pytest.raises(ProtocolError, match="could not be parsed") as caught:
        asyncio.run(run_async(client, m, m.start()))
    assert caught.value.step == VERIFIER and isinstance(caught.value.__cause__, AttributeError)
    assert vars(m)["_password"] is None
    with pytest.raises(ProtocolError) as refreshed:
        asyncio.run(refresh_async(client, client_id=CLIENT_ID, refresh_token="r.t.v"))
    assert refreshed.value.step == "GetTokensFromRefreshToken"


def test_complaints_of_test_doubles_are_left_alone(stubbed: Stubbed) -> None:
    """Stubber's own complaint (no response queued) is not dressed up as the service's fault."""
    with pytest.raises(UnStubbedResponseError):
        sign_in(
            stubbed.client,
            pool_id=POOL_ID,
            client_id=CLIENT_ID,
            username="alice",
            password=PASSWORD,
        )


# ----------------------------------------------------------------- the step bound, via Stubber


def test_a_server_repeating_device_challenges_is_refused(stubbed: Stubbed) -> None:
    server = SRPServer.for_user("alice")
    stub = stubbed.stub
    stub.add_response(
        "initiate_auth",
        {"ChallengeName": "PASSWORD_VERIFIER", "ChallengeParameters": server.parameters()},
    )
    device_server = SRPServer("-Xy7Gg0Mk", DEVICE.device_key, 5, Salt.from_bytes(b"salt"))
    for name, params in (
        ("DEVICE_SRP_AUTH", {}),
        ("DEVICE_PASSWORD_VERIFIER", device_server.parameters(username="alice")),
        ("DEVICE_SRP_AUTH", {}),
    ):
        stub.add_response(
            "respond_to_auth_challenge",
            {"ChallengeName": name, "Session": "s" * 20, "ChallengeParameters": params},
        )
    with pytest.raises(ProtocolError, match="DEVICE_SRP_AUTH arrived twice") as caught:
        sign_in(
            stubbed.client,
            pool_id=POOL_ID,
            client_id=CLIENT_ID,
            username="alice",
            password=PASSWORD,
            device=DEVICE,
            clock=clock,
        )
    assert caught.value.step == "RespondToAuthChallenge(DEVICE_PASSWORD_VERIFIER)"
    assert stubbed.calls.operations().count("RespondToAuthChallenge") == 3


def test_a_respond_loop_is_bounded(stubbed: Stubbed) -> None:
    stub = stubbed.stub
    server = SRPServer.for_user("alice")
    stub.add_response(
        "initiate_auth",
        {"ChallengeName": "PASSWORD_VERIFIER", "ChallengeParameters": server.parameters()},
    )
    custom = {"ChallengeName": "CUSTOM_CHALLENGE", "Session": "s" * 20, "ChallengeParameters": {}}
    for _ in range(MAX_CALLS - 1):
        stub.add_response("respond_to_auth_challenge", custom)
    step = sign_in(
        stubbed.client,
        pool_id=POOL_ID,
        client_id=CLIENT_ID,
        username="alice",
        password=PASSWORD,
        flow="CUSTOM_AUTH",
        clock=clock,
    )
    rounds = 0
    with pytest.raises(ProtocolError, match=f"more than {MAX_CALLS} calls") as caught:
        while rounds < 10 * MAX_CALLS:
            assert isinstance(step, Challenge)
            step = respond(stubbed.client, step, "answer")
            rounds += 1
    assert caught.value.step == "RespondToAuthChallenge(CUSTOM_CHALLENGE)"
    assert len(stubbed.calls.operations()) == MAX_CALLS
