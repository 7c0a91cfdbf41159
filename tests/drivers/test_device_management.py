"""srpcore's device functions and TokenManager.forget_device, over boto3 and aiobotocore.

Against the local endpoint with real clients (requests and responses through botocore's own
serialisers and parsers), and against botocore's Stubber for the exact request shapes, which
come from botocore's service model (ListDevices/AdminListDevices members), not from srpcore.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from typing import Any

import pytest
from aiobotocore.session import get_session

import srpcore
from drivers.stubkit import Stubbed
from srpcore.errors import InvalidParameterError, ProtocolError, ServiceError, SignInRequiredError
from srpcore.local import LocalCognito
from srpcore.signin import Tokens
from srpcore.signin.devices import Owner

PASSWORD = "correct horse battery staple"
ACCESS = "header.payload.signature"
KEY = "us-east-1_0a1b2c3d-4e5f-6789-abcd-ef0123456789"
FLOWS = ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_ADMIN_USER_PASSWORD_AUTH"]


@pytest.fixture(scope="module")
def cognito() -> Iterator[LocalCognito]:
    with LocalCognito() as endpoint:
        yield endpoint


class Pool:
    def __init__(self, cognito: LocalCognito) -> None:
        pool = cognito.create_user_pool("devices", device_tracking=True)
        app = cognito.create_client(pool.id, generate_secret=True, explicit_auth_flows=FLOWS)
        cognito.create_user(pool.id, "alice", PASSWORD)
        self.id, self.client_id, self.secret = pool.id, app.client_id, app.client_secret
        self.idp = cognito.boto3_client()

    def sign_in(self, name: str, **extra: Any) -> Tokens:
        tokens = srpcore.sign_in(
            self.idp,
            pool_id=self.id,
            client_id=self.client_id,
            client_secret=self.secret,
            username="alice",
            password=PASSWORD,
            device_name=name,
            **extra,
        )
        assert isinstance(tokens, Tokens)
        return tokens


def test_list_get_status_forget_with_boto3(cognito: LocalCognito) -> None:
    pool = Pool(cognito)
    signed = [pool.sign_in(f"device {i}") for i in range(5)]
    assert all(t.new_device and t.device is not None for t in signed)
    keys = [t.device.device_key for t in signed if t.device is not None]
    access = signed[-1].access_token
    listed = srpcore.list_devices(pool.idp, access_token=access, page_size=2)  # three pages
    assert [d.key for d in listed] == keys
    assert [d.name for d in listed] == [f"device {i}" for i in range(5)]
    assert all(d.remembered is True and d.status == "valid" for d in listed)
    assert all(isinstance(d.created, datetime) and d.created.tzinfo for d in listed)
    some = srpcore.list_devices(pool.idp, access_token=access, limit=3, page_size=2)
    assert [d.key for d in some] == keys[:3]

    first = signed[0].device
    assert first is not None
    got = srpcore.get_device(pool.idp, access_token=access, device_key=first)
    assert got.key == first.device_key and got.attributes["device_name"] == "device 0"
    srpcore.update_device_status(pool.idp, access_token=access, device_key=first, remembered=False)
    again = srpcore.get_device(pool.idp, access_token=access, device_key=first.device_key)
    assert again.remembered is False

    srpcore.forget_device(pool.idp, access_token=access, device_key=first)
    with pytest.raises(ServiceError) as info:
        srpcore.get_device(pool.idp, access_token=access, device_key=first)
    assert (info.value.code, info.value.message) == (
        "ResourceNotFoundException",
        "Device does not exist.",
    )
    assert info.value.step == "GetDevice"
    assert [d.key for d in srpcore.list_devices(pool.idp, access_token=access)] == keys[1:]


def test_admin_forms_with_boto3(cognito: LocalCognito) -> None:
    pool = Pool(cognito)
    devices = [pool.sign_in(f"kiosk {i}").device for i in range(3)]
    keys = [d.device_key for d in devices if d is not None]
    admin: dict[str, Any] = {"user_pool_id": pool.id, "username": "alice"}
    listed = srpcore.admin_list_devices(pool.idp, page_size=1, **admin)
    assert [d.key for d in listed] == keys
    srpcore.admin_update_device_status(pool.idp, device_key=keys[1], remembered=False, **admin)
    assert srpcore.admin_get_device(pool.idp, device_key=keys[1], **admin).remembered is False
    srpcore.admin_forget_device(pool.idp, device_key=keys[1], **admin)
    assert [d.key for d in srpcore.admin_list_devices(pool.idp, **admin)] == [keys[0], keys[2]]
    with pytest.raises(ServiceError) as info:
        srpcore.admin_list_devices(pool.idp, user_pool_id=pool.id, username="nobody")
    assert info.value.code == "UserNotFoundException"


def test_token_manager_forgets_its_device_and_its_refresh_ends(cognito: LocalCognito) -> None:
    pool = Pool(cognito)
    tokens = pool.sign_in("laptop")
    assert tokens.device is not None
    manager = srpcore.TokenManager(
        pool.idp, tokens, client_id=pool.client_id, client_secret=pool.secret
    )
    calls: list[dict[str, Any]] = []  # the default refresh: GetTokensFromRefreshToken
    pool.idp.meta.events.register(
        "provide-client-params.cognito-idp.GetTokensFromRefreshToken",
        lambda params, **_: calls.append(dict(params)),
    )
    manager.refresh()
    assert calls and calls[-1]["DeviceKey"] == tokens.device.device_key
    assert manager.forget_device() is True
    kept = manager.tokens()
    assert kept.device is None
    assert srpcore.list_devices(pool.idp, access_token=kept.access_token) == []
    assert manager.forget_device() is False  # nothing left to forget
    # The refresh token was bound to the forgotten device: refused for good, the session ends,
    # and the forgotten key is not sent.
    with pytest.raises(SignInRequiredError) as ended:
        manager.refresh()
    assert "DeviceKey" not in calls[-1]
    assert ended.value.message == "Invalid Refresh Token." and not manager.signed_in
    for rotation in ("auto", False):  # with the forgotten key, both calls answer the same
        with pytest.raises(SignInRequiredError) as info:
            srpcore.refresh(
                pool.idp,
                client_id=pool.client_id,
                client_secret=pool.secret,
                refresh_token=str(tokens.refresh_token),
                username=tokens.username,
                device=tokens.device,
                rotation=rotation,
            )
        assert (info.value.code, info.value.message) == (
            "NotAuthorizedException",
            "Invalid Refresh Token.",
        )
    # A later sign-in with the forgotten key is refused there; srpcore drops it and starts anew.
    again = pool.sign_in("laptop", device=tokens.device)
    assert again.new_device and again.device is not None
    assert again.device.device_key != tokens.device.device_key


def test_forgetting_during_a_refresh_in_flight_waits_for_it(cognito: LocalCognito) -> None:
    pool = Pool(cognito)
    tokens = pool.sign_in("phone")
    assert tokens.device is not None
    manager = srpcore.TokenManager(
        pool.idp, tokens, client_id=pool.client_id, client_secret=pool.secret
    )
    started, release = threading.Event(), threading.Event()
    sent: list[dict[str, str]] = []

    def hold(params: dict[str, Any], **_: Any) -> None:  # the refresh waits until released
        sent.append(dict(params))
        started.set()
        assert release.wait(30)

    refreshing = "provide-client-params.cognito-idp.GetTokensFromRefreshToken"  # the default
    pool.idp.meta.events.register(refreshing, hold)
    with ThreadPoolExecutor(2) as threads:
        flight = threads.submit(manager.refresh)
        assert started.wait(30)
        forgetting = threads.submit(manager.forget_device)
        for _ in range(3000):  # dropped here first, while the refresh is still in flight
            if manager.tokens().device is None:
                break
            time.sleep(0.01)
        assert manager.tokens().device is None and not forgetting.done()
        release.set()
        refreshed = flight.result(30)  # it sent the key while the device still existed
        assert forgetting.result(30) is True
    assert sent[0]["DeviceKey"] == tokens.device.device_key
    assert refreshed.device is None and manager.tokens().device is None
    assert srpcore.list_devices(pool.idp, access_token=refreshed.access_token) == []
    with pytest.raises(SignInRequiredError):  # the token was bound to the forgotten device
        manager.refresh()
    assert "DeviceKey" not in sent[-1]  # and later refreshes leave the key out


def test_async_faces_with_aiobotocore(cognito: LocalCognito) -> None:
    pool = Pool(cognito)
    signed = [pool.sign_in(f"tablet {i}") for i in range(3)]
    keys = [t.device.device_key for t in signed if t.device is not None]
    admin: dict[str, Any] = {"user_pool_id": pool.id, "username": "alice"}

    async def main() -> tuple[list[str], list[str], bool | None, Tokens]:
        async with get_session().create_client(
            "cognito-idp",
            region_name=cognito.region,
            endpoint_url=cognito.endpoint_url,
            aws_access_key_id="local",
            aws_secret_access_key="local",
        ) as client:
            access = signed[-1].access_token
            listed = await srpcore.list_devices_async(client, access_token=access, page_size=2)
            await srpcore.update_device_status_async(
                client, access_token=access, device_key=keys[0], remembered=False
            )
            await srpcore.admin_update_device_status_async(
                client, device_key=keys[1], remembered=False, **admin
            )
            got = await srpcore.admin_get_device_async(client, device_key=keys[1], **admin)
            mine = await srpcore.get_device_async(client, access_token=access, device_key=keys[0])
            assert mine.remembered is False
            await srpcore.forget_device_async(client, access_token=access, device_key=keys[0])
            await srpcore.admin_forget_device_async(client, device_key=keys[1], **admin)
            manager = srpcore.AsyncTokenManager(
                client, signed[-1], client_id=pool.client_id, client_secret=pool.secret
            )
            assert await manager.forget_device() is True
            after = await manager.tokens()
            with pytest.raises(SignInRequiredError):  # bound to the forgotten device
                await manager.refresh()
            left = await srpcore.admin_list_devices_async(client, **admin)
            return [d.key for d in listed], [d.key for d in left], got.remembered, after

    listed, left, remembered, after = asyncio.run(main())
    assert listed == keys and remembered is False
    assert left == [] and after.device is None


# --- exact requests and hostile responses, with botocore's Stubber --------------------------


def _device(key: str, name: str = "phone") -> dict[str, Any]:
    return {
        "DeviceKey": key,
        "DeviceAttributes": [
            {"Name": "device_name", "Value": name},
            {"Name": "dev:device_remembered_status", "Value": "not_remembered"},
        ],
        "DeviceCreateDate": datetime(2026, 1, 2, tzinfo=timezone.utc),
    }


def test_pages_are_requested_as_the_model_describes(stubbed: Stubbed) -> None:
    stub = stubbed.stub
    other = "us-east-1_0a1b2c3d-4e5f-6789-abcd-ef0123456780"
    stub.add_response(
        "admin_list_devices",
        {"Devices": [_device(KEY)], "PaginationToken": "page-2"},
        {"UserPoolId": "us-east-1_Pool", "Username": "alice", "Limit": 1},
    )
    stub.add_response(
        "admin_list_devices",
        {"Devices": [_device(other, "tablet")]},
        {
            "UserPoolId": "us-east-1_Pool",
            "Username": "alice",
            "Limit": 1,
            "PaginationToken": "page-2",
        },
    )
    devices = srpcore.admin_list_devices(
        stubbed.client, user_pool_id="us-east-1_Pool", username="alice", page_size=1
    )
    assert [(d.key, d.name, d.remembered) for d in devices] == [
        (KEY, "phone", False),
        (other, "tablet", False),
    ]
    assert devices[0].created == datetime(2026, 1, 2, tzinfo=timezone.utc)
    assert devices[0].last_authenticated is None


def test_status_and_forget_requests(stubbed: Stubbed) -> None:
    stubbed.stub.add_response(
        "update_device_status",
        {},
        {"AccessToken": ACCESS, "DeviceKey": KEY, "DeviceRememberedStatus": "not_remembered"},
    )
    stubbed.stub.add_response("forget_device", {}, {"AccessToken": ACCESS, "DeviceKey": KEY})
    srpcore.update_device_status(
        stubbed.client, access_token=ACCESS, device_key=KEY, remembered=False
    )
    srpcore.forget_device(stubbed.client, access_token=ACCESS, device_key=KEY)


def test_a_looping_pagination_token_is_refused(stubbed: Stubbed) -> None:
    for _ in range(2):
        stubbed.stub.add_response(
            "list_devices", {"Devices": [_device(KEY)], "PaginationToken": "same"}
        )
    with pytest.raises(ProtocolError) as info:
        srpcore.list_devices(stubbed.client, access_token=ACCESS)
    assert "already sent" in str(info.value) and info.value.step == "ListDevices"


def test_more_devices_than_asked_for_is_refused(stubbed: Stubbed) -> None:
    stubbed.stub.add_response("list_devices", {"Devices": [_device(KEY), _device(KEY)]})
    with pytest.raises(ProtocolError):
        srpcore.list_devices(stubbed.client, access_token=ACCESS, page_size=1)


def test_a_device_without_a_key_is_refused(stubbed: Stubbed) -> None:
    stubbed.stub.add_response("get_device", {"Device": {"DeviceAttributes": []}})
    with pytest.raises(ProtocolError) as info:
        srpcore.get_device(stubbed.client, access_token=ACCESS, device_key=KEY)
    assert info.value.step == "GetDevice"


@pytest.mark.parametrize(
    "kwargs",
    [
        {"access_token": ""},
        {"access_token": ACCESS, "page_size": 61},
        {"access_token": ACCESS, "limit": 0},
    ],
)
def test_bad_arguments_are_refused_before_any_call(stubbed: Stubbed, kwargs: Any) -> None:
    with pytest.raises(InvalidParameterError):
        srpcore.list_devices(stubbed.client, **kwargs)


def test_owner_repr_shows_no_token() -> None:
    owner = Owner(access_token=ACCESS)
    assert ACCESS not in repr(owner)


class SlowClient:
    """An aiobotocore-shaped client whose refresh waits for a signal; records what it is sent."""

    def __init__(self) -> None:
        self.release = asyncio.Event()
        self.calls: list[tuple[str, dict[str, Any]]] = []

    async def initiate_auth(self, **kwargs: Any) -> dict[str, Any]:
        self.calls.append(("InitiateAuth", kwargs))
        await self.release.wait()
        result = {"AccessToken": "access-2", "ExpiresIn": 3600, "TokenType": "Bearer"}
        return {"AuthenticationResult": result}

    async def forget_device(self, **kwargs: Any) -> dict[str, Any]:
        self.calls.append(("ForgetDevice", kwargs))
        return {}


def test_async_forget_waits_for_the_refresh_in_flight() -> None:
    device = srpcore.DeviceSecret(KEY, "-group", "device-password", {})
    tokens = Tokens("access-1", None, "refresh-1", 3600, "Bearer", "alice", device)

    async def main() -> tuple[SlowClient, Tokens, bool]:
        client = SlowClient()
        manager = srpcore.AsyncTokenManager(client, tokens, client_id="app", rotation=False)
        flight = asyncio.create_task(manager.refresh())
        await asyncio.sleep(0)  # the refresh is now waiting inside initiate_auth
        forgetting = asyncio.create_task(manager.forget_device())
        await asyncio.sleep(0)
        assert (await manager.tokens()).device is None and not forgetting.done()
        client.release.set()
        refreshed = await flight
        return client, refreshed, await forgetting

    client, refreshed, forgot = asyncio.run(main())
    assert forgot is True and refreshed.device is None
    assert [name for name, _ in client.calls] == ["InitiateAuth", "ForgetDevice"]
    assert client.calls[0][1]["AuthParameters"]["DEVICE_KEY"] == KEY  # sent before forgetting
    assert client.calls[1][1] == {"AccessToken": "access-2", "DeviceKey": KEY}
