"""Device management: List/Get/ForgetDevice and the Admin forms, with AdminUpdateDeviceStatus.

Only confirmed devices are listed or found (a device is tracked from ConfirmDevice on): a key
handed out in NewDeviceMetadata but never confirmed is "Device does not exist." here. A
forgotten device is removed from the repository, so its key then meets the same answer at
DEVICE_SRP_AUTH (the stale-device path) and at REFRESH_TOKEN_AUTH.

Pagination: devices are listed oldest first, by (DeviceCreateDate, creation order). A
PaginationToken names the last device returned, bound to the pool and user with an HMAC under
a key derived from the endpoint's own secret, so it is opaque, unforgeable, useless for another
user, and short (a device key is at most 55 characters). The next page starts strictly after
that position, so forgetting devices between pages neither repeats nor skips the others; the
key lives as long as the endpoint's process (a restart refuses older tokens, as an expiry). The
wording for a bad token, and Limit's default, are srpcore's (unverified against AWS).
``last_ip_used`` is not reported: operations do not see the caller's address.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
from collections.abc import Callable
from typing import Any

from srpcore.core import compare
from srpcore.local.context import Context, Handler
from srpcore.local.devices import remembered_status, set_remembered
from srpcore.local.errors import DEVICE_NOT_FOUND, invalid_parameter, resource_not_found
from srpcore.local.model import Device, Pool, User
from srpcore.local.token_checks import token_user
from srpcore.local.validate import opt_int, opt_str, req_str

__all__ = ["DEFAULT_LIMIT", "HANDLERS", "MAX_LIMIT", "describe_device"]

MAX_LIMIT = 60  # QueryLimitType's maximum in the service model
DEFAULT_LIMIT = MAX_LIMIT  # when Limit is missing or 0
MAX_TOKEN_CHARS = 256
_TAG_BYTES = 16
_LABEL = b"srpcore.local ListDevices pagination v1"
BAD_PAGINATION = "Invalid pagination token."


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


def _order(device: Device) -> tuple[float, int, str]:
    return (device.created, device.seq, device.key)


def _tag(ctx: Context, pool: Pool, user: User, payload: bytes) -> bytes:
    key = hmac.new(ctx.fake_key, _LABEL, hashlib.sha256).digest()
    message = b"\0".join(
        (pool.id.encode(), user.username.encode("utf-8", "surrogatepass"), payload)
    )
    return hmac.new(key, message, hashlib.sha256).digest()[:_TAG_BYTES]


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _page_token(ctx: Context, pool: Pool, user: User, last: Device) -> str:
    payload = json.dumps(list(_order(last)), separators=(",", ":")).encode()
    return f"{_b64(payload)}.{_b64(_tag(ctx, pool, user, payload))}"


def _position(ctx: Context, pool: Pool, user: User, token: str) -> tuple[float, int, str]:
    """Where the page after ``token`` starts; a token not issued for this user is refused."""
    try:
        if len(token) > MAX_TOKEN_CHARS:
            raise ValueError("too long")
        body, tag = token.split(".")
        payload = _unb64(body)
        if not compare.constant_time_equal(_unb64(tag), _tag(ctx, pool, user, payload)):
            raise ValueError("not ours")
        created, seq, key = json.loads(payload)  # ours (the MAC held), so well formed
    except ValueError as exc:  # binascii.Error and json's errors are ValueErrors
        raise invalid_parameter(BAD_PAGINATION) from exc
    return (float(created), int(seq), str(key))


def _list(ctx: Context, pool: Pool, user: User, body: dict[str, Any]) -> dict[str, Any]:
    limit = opt_int(body, "Limit", DEFAULT_LIMIT) or DEFAULT_LIMIT
    if not 0 < limit <= MAX_LIMIT:
        raise invalid_parameter(f"Limit must be between 0 and {MAX_LIMIT}")
    token = opt_str(body, "PaginationToken", max_len=MAX_TOKEN_CHARS)
    devices = sorted(
        (d for d in ctx.repo.devices(pool.id, user.username) if d.confirmed), key=_order
    )
    if token is not None:
        after = _position(ctx, pool, user, token)
        devices = [d for d in devices if _order(d) > after]
    page = devices[:limit]
    out: dict[str, Any] = {"Devices": [describe_device(pool, d) for d in page]}
    if len(devices) > limit:
        out["PaginationToken"] = _page_token(ctx, pool, user, page[-1])
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


def _lister(owner: Owner) -> Handler:
    """(Admin)ListDevices."""

    def list_devices(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
        return _list(ctx, *owner(ctx, body), body)

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
    "ListDevices": _lister(_token_user),
    "GetDevice": _getter(_token_user),
    "ForgetDevice": _forgetter(_token_user),
    "AdminListDevices": _lister(_admin_user),
    "AdminGetDevice": _getter(_admin_user),
    "AdminForgetDevice": _forgetter(_admin_user),
    "AdminUpdateDeviceStatus": admin_update_device_status,
}
