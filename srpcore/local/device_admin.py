"""Device management: List/Get/ForgetDevice and the Admin forms, with AdminUpdateDeviceStatus.

Only confirmed devices are listed or found (a device is tracked from ConfirmDevice on): a key
handed out in NewDeviceMetadata but never confirmed is "Device does not exist." here. A
forgotten device is removed from the repository, so its key then meets the same answer at
DEVICE_SRP_AUTH (the stale-device path) and at REFRESH_TOKEN_AUTH.

Pagination: devices are listed oldest first, by (DeviceCreateDate, creation order), in pages
cut by :mod:`srpcore.local.paging` (tokens bound to the operation, pool and user). Limit's
default is srpcore's (unverified against AWS).
``last_ip_used`` is not reported: operations do not see the caller's address.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from srpcore.local.context import Context, Handler
from srpcore.local.devices import remembered_status, set_remembered
from srpcore.local.errors import DEVICE_NOT_FOUND, resource_not_found
from srpcore.local.model import Device, Pool, User
from srpcore.local.paging import Listing, Position
from srpcore.local.token_checks import token_user
from srpcore.local.validate import opt_int, opt_str, req_str

__all__ = ["HANDLERS", "MAX_LIMIT", "describe_device"]

MAX_LIMIT = 60  # QueryLimitType's maximum in the service model; also the default


def describe_device(pool: Pool, device: Device) -> dict[str, Any]:
    """Cognito's DeviceType: the key, the attributes and the three dates (epoch seconds)."""
    owner = f"{device.username}.{pool.id}"
    attributes = [
        ("device_status", "valid"),
        ("dev:device_remembered_status", "remembered" if device.remembered else "not_remembered"),
        ("dev:device_owner", owner),
        (
            "dev:device_arn",
            f"arn:aws:cognito-idp:{pool.region}:000000000000:owner/{owner}/device/{device.key}",
        ),
    ]
    if device.name:
        attributes.insert(1, ("device_name", device.name))
    return {
        "DeviceKey": device.key,
        "DeviceAttributes": [{"Name": k, "Value": v} for k, v in attributes],
        "DeviceCreateDate": device.created,
        "DeviceLastModifiedDate": device.modified or device.created,
        "DeviceLastAuthenticatedDate": device.last_authenticated or device.created,
    }


def _order(device: Device) -> Position:
    return (device.created, device.seq, device.key)


def _list(
    ctx: Context, listing: Listing, pool: Pool, user: User, body: dict[str, Any]
) -> dict[str, Any]:
    size = listing.size(opt_int(body, "Limit", 0))
    token = opt_str(body, "PaginationToken")
    devices = [d for d in ctx.repo.devices(pool.id, user.username) if d.confirmed]
    page = listing.page(
        ctx.keys, devices, _order, owner=(pool.id, user.username), size=size, token=token
    )
    out: dict[str, Any] = {"Devices": [describe_device(pool, d) for d in page.items]}
    if page.next_token is not None:
        out["PaginationToken"] = page.next_token
    return out


def _confirmed(ctx: Context, pool: Pool, user: User, key: str) -> Device:
    device = ctx.repo.device(pool.id, user.username, key)
    if device is None or not device.confirmed:
        raise resource_not_found(DEVICE_NOT_FOUND)
    return device


def _forget(ctx: Context, pool: Pool, user: User, key: str) -> dict[str, Any]:
    with ctx.repo.atomic():
        _confirmed(ctx, pool, user, key)
        ctx.repo.remove_device(pool.id, user.username, key)
    return {}


Owner = Callable[[Context, dict[str, Any]], tuple[Pool, User]]
"""Whose devices a call names: the user of an access token, or (Admin*) a pool and username."""


def _admin_user(ctx: Context, body: dict[str, Any]) -> tuple[Pool, User]:
    pool = ctx.pool(req_str(body, "UserPoolId"))
    return pool, ctx.user(pool, req_str(body, "Username", max_len=128))


def _token_user(ctx: Context, body: dict[str, Any]) -> tuple[Pool, User]:
    pool, user, _ = token_user(ctx, req_str(body, "AccessToken"))
    return pool, user


def _lister(operation: str, owner: Owner) -> Handler:
    """(Admin)ListDevices: a page token is good for the operation that issued it only."""
    listing = Listing(operation, default_size=MAX_LIMIT, max_size=MAX_LIMIT)

    def list_devices(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
        return _list(ctx, listing, *owner(ctx, body), body)

    return list_devices


def _getter(owner: Owner) -> Handler:
    """(Admin)GetDevice: the DeviceKey is read before the owner, as before."""

    def get_device(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
        key = req_str(body, "DeviceKey")
        pool, user = owner(ctx, body)
        return {"Device": describe_device(pool, _confirmed(ctx, pool, user, key))}

    return get_device


def _forgetter(owner: Owner) -> Handler:
    """(Admin)ForgetDevice."""

    def forget_device(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
        key = req_str(body, "DeviceKey")
        return _forget(ctx, *owner(ctx, body), key)

    return forget_device


def admin_update_device_status(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
    key = req_str(body, "DeviceKey")
    remembered = remembered_status(body)
    pool, user = _admin_user(ctx, body)
    set_remembered(ctx, pool, user, key, remembered)
    return {}


HANDLERS: dict[str, Handler] = {
    "ListDevices": _lister("ListDevices", _token_user),
    "GetDevice": _getter(_token_user),
    "ForgetDevice": _forgetter(_token_user),
    "AdminListDevices": _lister("AdminListDevices", _admin_user),
    "AdminGetDevice": _getter(_admin_user),
    "AdminForgetDevice": _forgetter(_admin_user),
    "AdminUpdateDeviceStatus": admin_update_device_status,
}
