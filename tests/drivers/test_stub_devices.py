"""Remembered devices through the sync driver and the caller's client (botocore's Stubber).

The device requests' exact shapes, their vector values and when a device is dropped are the
machine's (tests/signin test_transcripts_devices); here the driver makes those calls on the
caller's client and turns a ClientError into the machine's recovery or a ServiceError.
"""

from __future__ import annotations

from typing import Any

import pytest
from botocore.stub import ANY

from drivers.stubkit import (
    CLIENT_ID,
    PASSWORD,
    POOL_ID,
    TOKENS,
    SRPServer,
    Stubbed,
    clock,
    srp_initiate,
    srp_respond,
)
from srpcore.cognito.device import DeviceSecret
from srpcore.drivers.sync import sign_in
from srpcore.errors import ServiceError
from srpcore.signin import Tokens

DEVICE_KEY = "us-east-1_0a1b2c3d-4e5f-6789-abcd-ef0123456789"
GROUP_KEY = "-Xy7Gg0Mk"


def _first_sign_in(stubbed: Stubbed, *, opt_in: bool) -> Tokens:
    """A sign-in that receives NewDeviceMetadata and confirms the device."""
    server = SRPServer.for_user("alice")
    stubbed.stub.add_response("initiate_auth", server.reply())
    result = {
        **TOKENS,
        "NewDeviceMetadata": {"DeviceKey": DEVICE_KEY, "DeviceGroupKey": GROUP_KEY},
    }
    stubbed.stub.add_response("respond_to_auth_challenge", {"AuthenticationResult": result})
    stubbed.stub.add_response(
        "confirm_device",
        {"UserConfirmationNecessary": opt_in},
        {
            "AccessToken": "access.token.value",
            "DeviceKey": DEVICE_KEY,
            "DeviceSecretVerifierConfig": {"PasswordVerifier": ANY, "Salt": ANY},
            "DeviceName": "laptop",
        },
    )
    if opt_in:
        stubbed.stub.add_response(
            "update_device_status",
            {},
            {
                "AccessToken": "access.token.value",
                "DeviceKey": DEVICE_KEY,
                "DeviceRememberedStatus": "remembered",
            },
        )
    tokens = sign_in(
        stubbed.client,
        pool_id=POOL_ID,
        client_id=CLIENT_ID,
        username="alice",
        password=PASSWORD,
        device_name="laptop",
    )
    assert isinstance(tokens, Tokens)
    return tokens


@pytest.mark.parametrize("opt_in", [False, True], ids=["always", "user-opt-in"])
def test_new_device_is_confirmed_through_the_callers_client(stubbed: Stubbed, opt_in: bool) -> None:
    tokens = _first_sign_in(stubbed, opt_in=opt_in)
    assert tokens.new_device and tokens.device is not None
    assert (tokens.device.device_key, tokens.device.device_group_key) == (DEVICE_KEY, GROUP_KEY)
    expected = ["InitiateAuth", "RespondToAuthChallenge", "ConfirmDevice"]
    assert stubbed.calls.operations() == expected + (["UpdateDeviceStatus"] if opt_in else [])
    assert tokens.authentication_result() == TOKENS  # NewDeviceMetadata is not a token


def _stale(stubbed: Stubbed, method: str, expected: dict[str, Any] | None = None) -> None:
    stubbed.stub.add_client_error(
        method,
        service_error_code="ResourceNotFoundException",
        service_message="Device does not exist.",
        http_status_code=400,
        expected_params=expected,
    )


def test_stale_device_on_initiate_is_dropped_and_the_sign_in_retried(stubbed: Stubbed) -> None:
    stale = DeviceSecret(DEVICE_KEY, GROUP_KEY, "old-password", {})
    _stale(
        stubbed,
        "initiate_auth",
        srp_initiate(DEVICE_KEY=DEVICE_KEY),
    )
    server = SRPServer.for_user("alice")
    stubbed.stub.add_response("initiate_auth", server.reply(), srp_initiate())
    stubbed.stub.add_response(
        "respond_to_auth_challenge",
        {"AuthenticationResult": TOKENS},
        srp_respond(),
    )
    tokens = sign_in(
        stubbed.client,
        pool_id=POOL_ID,
        client_id=CLIENT_ID,
        username="alice",
        password=PASSWORD,
        device=stale,
        clock=clock,
    )
    assert isinstance(tokens, Tokens) and tokens.device is None
    first_a = stubbed.calls.params("InitiateAuth", 0)["AuthParameters"]["SRP_A"]
    retry_a = stubbed.calls.params("InitiateAuth", 1)["AuthParameters"]["SRP_A"]
    assert first_a != retry_a  # the retry is a new SRP exchange
    server.check(retry_a, stubbed.calls.params("RespondToAuthChallenge")["ChallengeResponses"])


def test_a_second_stale_device_error_is_not_retried_forever(stubbed: Stubbed) -> None:
    stale = DeviceSecret(DEVICE_KEY, GROUP_KEY, "old-password", {})
    _stale(stubbed, "initiate_auth")
    _stale(stubbed, "initiate_auth")
    with pytest.raises(ServiceError) as caught:
        sign_in(
            stubbed.client,
            pool_id=POOL_ID,
            client_id=CLIENT_ID,
            username="alice",
            password=PASSWORD,
            device=stale,
        )
    assert (caught.value.code, caught.value.step) == (
        "ResourceNotFoundException",
        "InitiateAuth(USER_SRP_AUTH)",
    )


@pytest.mark.parametrize("failing", ["confirm_device", "update_device_status"])
def test_a_failed_device_confirmation_keeps_the_tokens(stubbed: Stubbed, failing: str) -> None:
    """The sign-in already succeeded; only remembering the device did not."""
    server = SRPServer.for_user("alice")
    stubbed.stub.add_response("initiate_auth", server.reply())
    result = {**TOKENS, "NewDeviceMetadata": {"DeviceKey": DEVICE_KEY, "DeviceGroupKey": "g"}}
    stubbed.stub.add_response("respond_to_auth_challenge", {"AuthenticationResult": result})
    if failing == "update_device_status":
        stubbed.stub.add_response("confirm_device", {"UserConfirmationNecessary": True})
    stubbed.stub.add_client_error(
        failing,
        service_error_code="TooManyRequestsException",
        service_message="Rate exceeded",
        http_status_code=400,
    )
    tokens = sign_in(
        stubbed.client, pool_id=POOL_ID, client_id=CLIENT_ID, username="alice", password=PASSWORD
    )
    assert isinstance(tokens, Tokens)
    assert tokens.authentication_result() == TOKENS
    assert (tokens.device, tokens.new_device) == (None, False)
