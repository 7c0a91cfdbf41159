"""The async driver over the same Stubber'd client (wrapped to be awaitable): same shapes."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from drivers.stubkit import (
    CLIENT_ID,
    PASSWORD,
    POOL_ID,
    SESSION_1,
    TOKENS,
    AsyncClient,
    SRPServer,
    Stubbed,
    clock,
    srp_initiate,
    srp_respond,
)
from srpcore.cognito.device import DeviceSecret
from srpcore.drivers.aio import respond_async, sign_in_async
from srpcore.errors import ServiceError
from srpcore.signin import Challenge, Tokens


def test_stale_device_then_mfa_answered_async(stubbed: Stubbed) -> None:
    stale = DeviceSecret("us-east-1_0a1b2c3d-0000", "-g", "old", {})
    stubbed.stub.add_client_error(
        "initiate_auth",
        service_error_code="ResourceNotFoundException",
        service_message="Device does not exist.",
        http_status_code=400,
    )
    server = SRPServer.for_user("alice")
    stubbed.stub.add_response("initiate_auth", server.reply(), srp_initiate())
    stubbed.stub.add_response(
        "respond_to_auth_challenge",
        {"ChallengeName": "SMS_MFA", "Session": SESSION_1, "ChallengeParameters": {}},
        srp_respond(),
    )
    stubbed.stub.add_response(
        "respond_to_auth_challenge",
        {"AuthenticationResult": TOKENS},
        {
            "ClientId": CLIENT_ID,
            "ChallengeName": "SMS_MFA",
            "Session": SESSION_1,
            "ChallengeResponses": {"USERNAME": "alice", "SMS_MFA_CODE": "123456"},
        },
    )
    client = AsyncClient(stubbed.client)

    async def body() -> Tokens | Challenge:
        step = await sign_in_async(
            client,
            pool_id=POOL_ID,
            client_id=CLIENT_ID,
            username="alice",
            password=PASSWORD,
            device=stale,
            clock=clock,
        )
        assert isinstance(step, Challenge) and step.name == "SMS_MFA"
        return await respond_async(client, step, "123456")

    result = asyncio.run(body())
    assert isinstance(result, Tokens) and result.device is None
    server.check(
        stubbed.calls.params("InitiateAuth", 1)["AuthParameters"]["SRP_A"],
        stubbed.calls.params("RespondToAuthChallenge", 0)["ChallengeResponses"],
    )


def test_failed_confirmation_and_service_errors_async(stubbed: Stubbed) -> None:
    server = SRPServer.for_user("alice")
    stubbed.stub.add_response("admin_initiate_auth", server.reply())
    result = {**TOKENS, "NewDeviceMetadata": {"DeviceKey": "us-east-1_k", "DeviceGroupKey": "g"}}
    stubbed.stub.add_response("admin_respond_to_auth_challenge", {"AuthenticationResult": result})
    stubbed.stub.add_client_error("confirm_device", "InternalErrorException", "boom", 500)
    stubbed.stub.add_client_error(
        "admin_initiate_auth", "UserNotFoundException", "User does not exist.", 400
    )
    client = AsyncClient(stubbed.client)
    options: dict[str, Any] = {
        "pool_id": POOL_ID,
        "client_id": CLIENT_ID,
        "password": PASSWORD,
        "admin": True,
    }
    tokens = asyncio.run(sign_in_async(client, username="alice", **options))
    assert isinstance(tokens, Tokens) and tokens.device is None
    with pytest.raises(ServiceError) as caught:
        asyncio.run(sign_in_async(client, username="bob", **options))
    assert (caught.value.code, caught.value.message, caught.value.step) == (
        "UserNotFoundException",
        "User does not exist.",
        "AdminInitiateAuth(USER_SRP_AUTH)",
    )
