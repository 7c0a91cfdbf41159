"""List, get, forget and (not) remember a user's devices through the caller's own client.

Thin sync (boto3) and async (aiobotocore) faces over the sans-IO plans of
:mod:`srpcore.signin.devices`: each function builds a plan and runs it, so both behave alike.
The user's forms take ``access_token`` (ListDevices, GetDevice, ForgetDevice,
UpdateDeviceStatus); the ``admin_`` forms take ``user_pool_id`` and ``username`` and need
the client's AWS credentials. A refusal is a :class:`~srpcore.errors.ServiceError` with
Cognito's code and message (``ResourceNotFoundException`` / "Device does not exist." for an
unknown key); a malformed response is a :class:`~srpcore.errors.ProtocolError`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from srpcore.core.keywords import keywords
from srpcore.drivers._drive import run_plan, run_plan_async
from srpcore.errors import ServiceError
from srpcore.signin.devices import (
    MAX_PAGE_SIZE,
    Device,
    DeviceRef,
    Owner,
    Plan,
    forget_plan,
    get_plan,
    list_plan,
    status_plan,
)

__all__ = [
    "AdminListing",
    "Device",
    "admin_forget_device",
    "admin_forget_device_async",
    "admin_get_device",
    "admin_get_device_async",
    "admin_list_devices",
    "admin_list_devices_async",
    "admin_update_device_status",
    "admin_update_device_status_async",
    "forget_device",
    "forget_device_async",
    "forget_in_use",
    "forget_in_use_async",
    "get_device",
    "get_device_async",
    "list_devices",
    "list_devices_async",
    "update_device_status",
    "update_device_status_async",
]


NOT_FOUND = "ResourceNotFoundException"  # with "Device does not exist." for an unknown key


def _user(access_token: str) -> Owner:
    return Owner(access_token=access_token)


def _admin(user_pool_id: str, username: str) -> Owner:
    return Owner(user_pool_id=user_pool_id, username=username)


# --- the signed-in user's devices (an access token) -----------------------------------------


def list_devices(
    client: Any, *, access_token: str, limit: int | None = None, page_size: int = MAX_PAGE_SIZE
) -> list[Device]:
    """The user's devices in the service's order, every page followed (at most ``limit``)."""
    return list(run_plan(client, list_plan(_user(access_token), limit=limit, page_size=page_size)))


def get_device(client: Any, *, access_token: str, device_key: DeviceRef) -> Device:
    """One of the user's devices by key (or by the remembered :class:`~srpcore.DeviceSecret`)."""
    result: Device = run_plan(client, get_plan(_user(access_token), device_key))
    return result


def forget_device(client: Any, *, access_token: str, device_key: DeviceRef) -> None:
    """Forget the device: its key is refused at sign-in from now on (drop your copy too)."""
    run_plan(client, forget_plan(_user(access_token), device_key))


def update_device_status(
    client: Any, *, access_token: str, device_key: DeviceRef, remembered: bool
) -> None:
    """Mark the device remembered (its sign-ins skip MFA) or not remembered."""
    run_plan(client, status_plan(_user(access_token), device_key, remembered=remembered))


async def list_devices_async(
    client: Any, *, access_token: str, limit: int | None = None, page_size: int = MAX_PAGE_SIZE
) -> list[Device]:
    """Async :func:`list_devices`."""
    plan = list_plan(_user(access_token), limit=limit, page_size=page_size)
    return list(await run_plan_async(client, plan))


async def get_device_async(client: Any, *, access_token: str, device_key: DeviceRef) -> Device:
    """Async :func:`get_device`."""
    result: Device = await run_plan_async(client, get_plan(_user(access_token), device_key))
    return result


async def forget_device_async(client: Any, *, access_token: str, device_key: DeviceRef) -> None:
    """Async :func:`forget_device`."""
    await run_plan_async(client, forget_plan(_user(access_token), device_key))


async def update_device_status_async(
    client: Any, *, access_token: str, device_key: DeviceRef, remembered: bool
) -> None:
    """Async :func:`update_device_status`."""
    plan = status_plan(_user(access_token), device_key, remembered=remembered)
    await run_plan_async(client, plan)


def forget_in_use(client: Any, access_token: str, device: DeviceRef) -> None:
    """:func:`forget_device`, where a key the service no longer knows is forgotten already."""
    try:
        forget_device(client, access_token=access_token, device_key=device)
    except ServiceError as exc:
        if exc.code != NOT_FOUND:
            raise


async def forget_in_use_async(client: Any, access_token: str, device: DeviceRef) -> None:
    """Async :func:`forget_in_use` (what :class:`~srpcore.AsyncTokenManager` uses)."""
    try:
        await forget_device_async(client, access_token=access_token, device_key=device)
    except ServiceError as exc:
        if exc.code != NOT_FOUND:
            raise


# --- any user's devices, as administrator (AWS credentials) ---------------------------------


@dataclass(frozen=True, kw_only=True)
class AdminListing:
    """The keywords of :func:`admin_list_devices` and its async twin, declared once."""

    user_pool_id: str
    username: str
    limit: int | None = None
    page_size: int = MAX_PAGE_SIZE

    def plan(self) -> Plan:
        owner = _admin(self.user_pool_id, self.username)
        return list_plan(owner, limit=self.limit, page_size=self.page_size)


@keywords(AdminListing)
def admin_list_devices(client: Any, options: AdminListing) -> list[Device]:
    """AdminListDevices, every page followed (at most ``limit`` devices if given)."""
    return list(run_plan(client, options.plan()))


def admin_get_device(
    client: Any, *, user_pool_id: str, username: str, device_key: DeviceRef
) -> Device:
    """AdminGetDevice."""
    result: Device = run_plan(client, get_plan(_admin(user_pool_id, username), device_key))
    return result


def admin_forget_device(
    client: Any, *, user_pool_id: str, username: str, device_key: DeviceRef
) -> None:
    """AdminForgetDevice."""
    run_plan(client, forget_plan(_admin(user_pool_id, username), device_key))


def admin_update_device_status(
    client: Any, *, user_pool_id: str, username: str, device_key: DeviceRef, remembered: bool
) -> None:
    """AdminUpdateDeviceStatus."""
    plan = status_plan(_admin(user_pool_id, username), device_key, remembered=remembered)
    run_plan(client, plan)


@keywords(AdminListing)
async def admin_list_devices_async(client: Any, options: AdminListing) -> list[Device]:
    """Async :func:`admin_list_devices`."""
    return list(await run_plan_async(client, options.plan()))


async def admin_get_device_async(
    client: Any, *, user_pool_id: str, username: str, device_key: DeviceRef
) -> Device:
    """Async :func:`admin_get_device`."""
    plan = get_plan(_admin(user_pool_id, username), device_key)
    result: Device = await run_plan_async(client, plan)
    return result


async def admin_forget_device_async(
    client: Any, *, user_pool_id: str, username: str, device_key: DeviceRef
) -> None:
    """Async :func:`admin_forget_device`."""
    await run_plan_async(client, forget_plan(_admin(user_pool_id, username), device_key))


async def admin_update_device_status_async(
    client: Any, *, user_pool_id: str, username: str, device_key: DeviceRef, remembered: bool
) -> None:
    """Async :func:`admin_update_device_status`."""
    plan = status_plan(_admin(user_pool_id, username), device_key, remembered=remembered)
    await run_plan_async(client, plan)
