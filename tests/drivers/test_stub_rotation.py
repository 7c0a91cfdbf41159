"""GetTokensFromRefreshToken, REFRESH_TOKEN_AUTH and "auto", with the request shapes exact.

The shapes come from botocore's service model (GetTokensFromRefreshTokenRequest: RefreshToken,
ClientId, ClientSecret, DeviceKey, ClientMetadata) and AWS's API reference: the raw ClientSecret,
not a SECRET_HASH. The refusals are Cognito's documented codes: RefreshTokenReuseException for a
rotated-out token, NotAuthorizedException "Invalid Refresh Token." / "Refresh Token has been
revoked" / "Refresh Token has expired" (the wire texts), and UnknownOperationException, the
AWS JSON protocol's answer for an operation an endpoint does not implement.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
from collections.abc import Iterator
from typing import Any

import pytest
from botocore.exceptions import NoCredentialsError

from drivers.stubkit import CLIENT_ID, POOL_ID, AsyncClient, Raw, Stubbed
from srpcore.cognito.device import DeviceSecret
from srpcore.drivers.aio import refresh_async
from srpcore.drivers.rotation import KNOWN_UNSUPPORTED, Unsupported
from srpcore.drivers.sync import refresh
from srpcore.errors import (
    ConfigurationError,
    InvalidParameterError,
    ProtocolError,
    ServiceError,
    SignInRequiredError,
    TransportError,
)

CLIENT_SECRET = "1exampleclientsecret0for0rotation0tests0abcdefghij"  # model: 24 to 64 chars
SECRET_HASH = base64.b64encode(  # SECRET_HASH for alice, with the standard library only
    hmac.new(CLIENT_SECRET.encode(), ("alice" + CLIENT_ID).encode(), hashlib.sha256).digest()
).decode()
DEVICE = DeviceSecret("us-east-1_0a1b2c3d-aaaa-bbbb-cccc-ddddeeeeffff", "grp", "pw", {})
OLD = "old.refresh.token"
RESULT = {"AccessToken": "new.access.token", "ExpiresIn": 3600, "TokenType": "Bearer"}
ROTATED = {**RESULT, "IdToken": "new.id.token", "RefreshToken": "rotated.refresh.token"}
INITIATE = {
    "ClientId": CLIENT_ID,
    "AuthFlow": "REFRESH_TOKEN_AUTH",
    "AuthParameters": {"REFRESH_TOKEN": OLD, "SECRET_HASH": SECRET_HASH},
}


@pytest.fixture(autouse=True)
def fresh_memory() -> Iterator[None]:
    """Every test starts with no remembered "auto" outcome, and leaves none."""
    KNOWN_UNSUPPORTED.clear()
    yield
    KNOWN_UNSUPPORTED.clear()


def unknown_operation(stubbed: Stubbed) -> None:
    stubbed.stub.add_client_error(
        "get_tokens_from_refresh_token",
        service_error_code="UnknownOperationException",
        service_message="Unknown operation GetTokensFromRefreshToken",
        http_status_code=400,
    )


def test_rotation_sends_the_raw_secret_and_device_key_and_keeps_the_new_token(
    stubbed: Stubbed,
) -> None:
    stubbed.stub.add_response(
        "get_tokens_from_refresh_token",
        {"AuthenticationResult": ROTATED},
        {
            "RefreshToken": OLD,
            "ClientId": CLIENT_ID,
            "ClientSecret": CLIENT_SECRET,
            "DeviceKey": DEVICE.device_key,
            "ClientMetadata": {"app": "tests"},
        },
    )
    tokens = refresh(
        stubbed.client,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        refresh_token=OLD,
        username="alice",
        device=DEVICE,
        client_metadata={"app": "tests"},
        rotation=True,
    )
    assert (tokens.access_token, tokens.id_token) == ("new.access.token", "new.id.token")
    assert tokens.refresh_token == "rotated.refresh.token"  # the old one is spent: store this
    assert (tokens.username, tokens.device) == ("alice", DEVICE)


def test_rotation_needs_no_username_and_keeps_the_token_when_none_comes_back(
    stubbed: Stubbed,
) -> None:
    """Rotation off on the client: GetTokensFromRefreshToken answers without a refresh token."""
    stubbed.stub.add_response(
        "get_tokens_from_refresh_token",
        {"AuthenticationResult": RESULT},
        {"RefreshToken": OLD, "ClientId": CLIENT_ID, "ClientSecret": CLIENT_SECRET},
    )
    tokens = refresh(
        stubbed.client,
        client_id=CLIENT_ID,
        client_secret=CLIENT_SECRET,
        refresh_token=OLD,
        rotation=True,
    )
    assert tokens.refresh_token == OLD and tokens.access_token == "new.access.token"


def test_an_admin_manager_rotates_with_the_public_operation(stubbed: Stubbed) -> None:
    """GetTokensFromRefreshToken has no Admin twin and needs no credentials: no UserPoolId."""
    stubbed.stub.add_response(
        "get_tokens_from_refresh_token",
        {"AuthenticationResult": ROTATED},
        {"RefreshToken": OLD, "ClientId": CLIENT_ID},
    )
    tokens = refresh(
        stubbed.client,
        client_id=CLIENT_ID,
        refresh_token=OLD,
        admin=True,
        pool_id=POOL_ID,
        rotation=True,
    )
    assert tokens.refresh_token == "rotated.refresh.token"
    assert stubbed.calls.operations() == ["GetTokensFromRefreshToken"]


def test_auto_falls_back_once_on_an_unknown_operation_and_remembers_per_client(
    stubbed: Stubbed,
) -> None:
    unknown_operation(stubbed)
    stubbed.stub.add_response("initiate_auth", {"AuthenticationResult": RESULT}, INITIATE)
    stubbed.stub.add_response("initiate_auth", {"AuthenticationResult": RESULT}, INITIATE)
    other = {"RefreshToken": OLD, "ClientId": "another0client0id"}
    stubbed.stub.add_response(
        "get_tokens_from_refresh_token", {"AuthenticationResult": RESULT}, other
    )
    options: dict[str, Any] = {
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "refresh_token": OLD,
        "username": "alice",
        "rotation": "auto",
    }
    assert refresh(stubbed.client, **options).refresh_token == OLD
    assert refresh(stubbed.client, **options).access_token == "new.access.token"  # no retry
    refresh(stubbed.client, client_id="another0client0id", refresh_token=OLD, rotation="auto")
    assert stubbed.calls.operations() == [
        "GetTokensFromRefreshToken",
        "InitiateAuth",
        "InitiateAuth",
        "GetTokensFromRefreshToken",
    ]
    assert len(KNOWN_UNSUPPORTED) == 1


def test_auto_uses_rotation_where_it_works(stubbed: Stubbed) -> None:
    stubbed.stub.add_response(
        "get_tokens_from_refresh_token",
        {"AuthenticationResult": ROTATED},
        {"RefreshToken": OLD, "ClientId": CLIENT_ID, "DeviceKey": DEVICE.device_key},
    )
    tokens = refresh(
        stubbed.client, client_id=CLIENT_ID, refresh_token=OLD, device=DEVICE, rotation="auto"
    )
    assert tokens.refresh_token == "rotated.refresh.token" and len(KNOWN_UNSUPPORTED) == 0


def test_auto_with_fields_only_initiate_auth_carries_uses_refresh_token_auth(
    stubbed: Stubbed,
) -> None:
    stubbed.stub.add_response(
        "initiate_auth",
        {"AuthenticationResult": RESULT},
        {
            "ClientId": CLIENT_ID,
            "AuthFlow": "REFRESH_TOKEN_AUTH",
            "AuthParameters": {"REFRESH_TOKEN": OLD},
            "AnalyticsMetadata": {"AnalyticsEndpointId": "e1"},
        },
    )
    refresh(
        stubbed.client,
        client_id=CLIENT_ID,
        refresh_token=OLD,
        analytics_metadata={"AnalyticsEndpointId": "e1"},
        rotation="auto",
    )


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("NotAuthorizedException", "Invalid Refresh Token."),
        ("NotAuthorizedException", "User is disabled."),
        ("InvalidParameterException", "Missing required parameter DeviceKey"),
    ],
)
def test_auto_does_not_fall_back_on_other_refusals(
    stubbed: Stubbed, code: str, message: str
) -> None:
    stubbed.stub.add_client_error(
        "get_tokens_from_refresh_token",
        service_error_code=code,
        service_message=message,
        http_status_code=400,
    )
    with pytest.raises(ServiceError) as caught:
        refresh(stubbed.client, client_id=CLIENT_ID, refresh_token=OLD, rotation="auto")
    assert (caught.value.code, caught.value.message) == (code, message)
    assert caught.value.step == "GetTokensFromRefreshToken"
    assert stubbed.calls.operations() == ["GetTokensFromRefreshToken"]
    assert len(KNOWN_UNSUPPORTED) == 0


@pytest.mark.parametrize(
    ("operation", "rotation", "code", "message", "final"),
    [
        ("get_tokens_from_refresh_token", True, "RefreshTokenReuseException", "Token reused", True),
        (
            "get_tokens_from_refresh_token",
            True,
            "NotAuthorizedException",
            "Invalid Refresh Token.",
            True,
        ),
        ("initiate_auth", False, "NotAuthorizedException", "Refresh Token has been revoked", True),
        ("initiate_auth", False, "NotAuthorizedException", "Refresh Token has expired", True),
        (
            "get_tokens_from_refresh_token",
            True,
            "NotAuthorizedException",
            "Refresh Token has expired",
            True,
        ),
        ("initiate_auth", False, "NotAuthorizedException", "User is disabled.", False),
        ("get_tokens_from_refresh_token", True, "TooManyRequestsException", "Rate exceeded", False),
    ],
)
def test_a_finished_refresh_token_asks_for_a_new_sign_in(
    stubbed: Stubbed, operation: str, rotation: bool, code: str, message: str, final: bool
) -> None:
    stubbed.stub.add_client_error(
        operation, service_error_code=code, service_message=message, http_status_code=400
    )
    with pytest.raises(ServiceError) as caught:
        refresh(stubbed.client, client_id=CLIENT_ID, refresh_token=OLD, rotation=rotation)
    assert isinstance(caught.value, SignInRequiredError) is final
    assert (caught.value.code, caught.value.message) == (code, message)
    assert OLD not in str(caught.value)


def test_a_client_without_the_operation(stubbed: Stubbed) -> None:
    """botocore older than 1.38 has no get_tokens_from_refresh_token: no call is attempted."""

    class OldClient:
        def __init__(self, client: Any) -> None:
            self.meta = client.meta
            self.initiate_auth = client.initiate_auth

    stubbed.stub.add_response(
        "initiate_auth",
        {"AuthenticationResult": RESULT},
        {**INITIATE, "AuthParameters": {"REFRESH_TOKEN": OLD}},
    )
    old = OldClient(stubbed.client)
    assert (
        refresh(old, client_id=CLIENT_ID, refresh_token=OLD, rotation="auto").refresh_token == OLD
    )
    with pytest.raises(ConfigurationError, match=r"botocore 1\.38"):
        refresh(old, client_id=CLIENT_ID, refresh_token=OLD, rotation=True)


def test_auto_falls_back_when_botocore_would_sign_without_credentials(stubbed: Stubbed) -> None:
    """botocore 1.38 to 1.40.6 signed GetTokensFromRefreshToken: with no AWS credentials it
    raises NoCredentialsError before sending, and "auto" refreshes with REFRESH_TOKEN_AUTH."""

    class UnsignedOnly:
        def __init__(self, client: Any) -> None:
            self.meta = client.meta
            self.initiate_auth = client.initiate_auth

        def get_tokens_from_refresh_token(self, **_: Any) -> Any:
            raise NoCredentialsError()

    for _ in range(2):  # not remembered: credentials may be configured later
        stubbed.stub.add_response(
            "initiate_auth",
            {"AuthenticationResult": RESULT},
            {**INITIATE, "AuthParameters": {"REFRESH_TOKEN": OLD}},
        )
    client = UnsignedOnly(stubbed.client)
    for _ in range(2):
        assert refresh(client, client_id=CLIENT_ID, refresh_token=OLD).refresh_token == OLD
    assert len(KNOWN_UNSUPPORTED) == 0
    with pytest.raises(TransportError, match="credentials"):
        refresh(client, client_id=CLIENT_ID, refresh_token=OLD, rotation=True)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"rotation": "yes"}, "rotation must be"),
        ({"rotation": 1}, "rotation must be"),
        ({"rotation": None}, "rotation must be"),
        (
            {"rotation": True, "context_data": {"IpAddress": "1"}, "admin": True},
            "only client_metadata",
        ),
        ({"rotation": True, "user_context_data": {"EncodedData": "x"}}, "only client_metadata"),
        ({"rotation": "auto", "client_secret": CLIENT_SECRET}, "internal username"),
    ],
)
def test_options_refused_before_any_call(
    stubbed: Stubbed, options: dict[str, Any], message: str
) -> None:
    extra: dict[str, Any] = {"pool_id": POOL_ID} if options.get("admin") else {}
    with pytest.raises(InvalidParameterError, match=message):
        refresh(stubbed.client, client_id=CLIENT_ID, refresh_token=OLD, **options, **extra)
    assert stubbed.calls.operations() == []


def test_a_response_without_tokens_names_the_operation(raw: Raw) -> None:
    raw.add({})
    with pytest.raises(ProtocolError) as caught:
        refresh(raw.client, client_id=CLIENT_ID, refresh_token=OLD, rotation=True)
    assert str(caught.value) == (
        "GetTokensFromRefreshToken returned no AuthenticationResult "
        "(during GetTokensFromRefreshToken)"
    )


def test_async_rotation_and_fallback(stubbed: Stubbed) -> None:
    stubbed.stub.add_response(
        "get_tokens_from_refresh_token",
        {"AuthenticationResult": ROTATED},
        {"RefreshToken": OLD, "ClientId": CLIENT_ID, "ClientSecret": CLIENT_SECRET},
    )
    unknown_operation(stubbed)
    stubbed.stub.add_response("initiate_auth", {"AuthenticationResult": RESULT}, INITIATE)
    stubbed.stub.add_client_error(
        "get_tokens_from_refresh_token",
        service_error_code="RefreshTokenReuseException",
        service_message="Refresh token has been used.",
        http_status_code=400,
    )
    client = AsyncClient(stubbed.client)
    secret: dict[str, Any] = {
        "client_id": CLIENT_ID,
        "client_secret": CLIENT_SECRET,
        "refresh_token": OLD,
    }

    async def main() -> tuple[str | None, str | None, BaseException | None]:
        rotated = await refresh_async(client, **secret, rotation=True)
        fallen_back = await refresh_async(client, **secret, username="alice", rotation="auto")
        KNOWN_UNSUPPORTED.clear()
        try:
            await refresh_async(client, client_id=CLIENT_ID, refresh_token=OLD, rotation="auto")
        except SignInRequiredError as exc:
            return rotated.refresh_token, fallen_back.refresh_token, exc
        return rotated.refresh_token, fallen_back.refresh_token, None

    rotated, fallen_back, error = asyncio.run(main())
    assert (rotated, fallen_back) == ("rotated.refresh.token", OLD)
    assert isinstance(error, SignInRequiredError) and error.code == "RefreshTokenReuseException"


def test_the_memory_is_bounded_and_forgets_the_oldest() -> None:
    memory = Unsupported(limit=3)
    for n in range(5):
        memory.add(("http://e", f"client{n}"))
    assert len(memory) == 3
    assert ("http://e", "client0") not in memory and ("http://e", "client4") in memory
    assert ("http://e", "client2") in memory  # touched: now the newest
    memory.add(("http://e", "client5"))
    assert ("http://e", "client3") not in memory and ("http://e", "client2") in memory
