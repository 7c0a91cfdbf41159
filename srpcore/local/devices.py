"""Remembered devices: ConfirmDevice, UpdateDeviceStatus, GetUser and the device SRP steps.

A device exists once a sign-in hands it out in NewDeviceMetadata; ConfirmDevice stores the
client's salt and verifier (the device password never reaches the server). On a pool that
remembers devices only on the user's say-so (``device_tracking="opt-in"``) the device is
usable for DEVICE_SRP_AUTH after UpdateDeviceStatus(remembered).
"""

from __future__ import annotations

import base64
from dataclasses import replace
from typing import Any

from srpcore.cognito.proof import GROUP
from srpcore.cognito.salt import Salt
from srpcore.core.encoding import int_from_bytes
from srpcore.local.context import Call, Context, Handler
from srpcore.local.errors import (
    DEVICE_NOT_FOUND,
    ApiError,
    invalid_parameter,
    not_authorized,
    resource_not_found,
)
from srpcore.local.flow import advance, current_user, require, start_srp, verify_srp
from srpcore.local.model import Device, Pool, SrpRecord, User
from srpcore.local.progress import Event
from srpcore.local.session import Pending
from srpcore.local.token_checks import token_user
from srpcore.local.validate import opt_str, opt_struct, req_str

__all__ = [
    "HANDLERS",
    "device_password_verifier",
    "device_srp_auth",
    "remembered_status",
    "set_remembered",
]

MAX_VERIFIER_BYTES = 512  # a 3072-bit verifier is 385 bytes at most


def _device_of(ctx: Context, pool: Pool, user: User, key: str | None) -> Device:
    device = ctx.repo.device(pool.id, user.username, key or "")
    if device is None:
        raise resource_not_found(DEVICE_NOT_FOUND)
    return device


def device_srp_auth(call: Call, p: Pending, responses: dict[str, str]) -> dict[str, Any]:
    """DEVICE_SRP_AUTH answered with DEVICE_KEY and SRP_A: issue DEVICE_PASSWORD_VERIFIER."""
    key = require(responses, "DEVICE_KEY")
    user = current_user(call, p)
    device = _device_of(call.ctx, call.pool, user, key)
    if key != p.device_key or not device.confirmed or device.salt is None:
        raise resource_not_found(DEVICE_NOT_FOUND)
    return start_srp(
        call,
        p,
        srp_a=require(responses, "SRP_A"),
        record=SrpRecord(device.salt, device.verifier),
        name="DEVICE_PASSWORD_VERIFIER",
        params={"USERNAME": user.username},
        with_session=True,
    )


def device_password_verifier(call: Call, p: Pending, responses: dict[str, str]) -> dict[str, Any]:
    """The device's proof: pool name -> device group key, user id -> device key."""
    user = current_user(call, p)
    device = _device_of(call.ctx, call.pool, user, p.device_key)
    if responses.get("DEVICE_KEY", device.key) != device.key:
        raise not_authorized()
    verify_srp(call.ctx, p, responses, pool_name=device.group_key, user_id=device.key)
    repo = call.ctx.repo
    with repo.atomic():  # DeviceLastAuthenticatedDate, unless forgotten meanwhile
        current = repo.device(call.pool.id, user.username, device.key)
        if current is not None:
            repo.put_device(call.pool.id, replace(current, last_authenticated=call.ctx.now()))
    p.on(Event.DEVICE_PROVED)
    return advance(call, p)


def _b64(value: object, name: str, limit: int) -> bytes:
    if not isinstance(value, str) or not value or len(value) > limit * 2:
        raise invalid_parameter(f"DeviceSecretVerifierConfig.{name} is missing or too long")
    try:
        data = base64.b64decode(value, validate=True)
    except ValueError as exc:  # binascii.Error, or a non-ASCII string
        raise invalid_parameter(f"DeviceSecretVerifierConfig.{name} is not base64") from exc
    if not data or len(data) > limit:
        raise invalid_parameter(f"DeviceSecretVerifierConfig.{name} has a bad length")
    return data


def confirm_device(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
    token = req_str(body, "AccessToken")
    key = req_str(body, "DeviceKey")
    name = opt_str(body, "DeviceName", max_len=1024) or ""
    config = opt_struct(body, "DeviceSecretVerifierConfig")
    salt = Salt.from_bytes(_b64(config.get("Salt"), "Salt", 64))
    verifier = int_from_bytes(
        _b64(config.get("PasswordVerifier"), "PasswordVerifier", MAX_VERIFIER_BYTES)
    )
    pool, user, _ = token_user(ctx, token)
    if not 1 < verifier < GROUP.N:
        raise invalid_parameter("DeviceSecretVerifierConfig.PasswordVerifier is not a verifier")
    with ctx.repo.atomic():
        device = _device_of(ctx, pool, user, key)
        if device.confirmed:
            raise ApiError("DeviceKeyExistsException", "Device already confirmed.")
        confirmed = replace(
            device,
            salt=salt,
            verifier=verifier,
            name=name,
            confirmed=True,
            remembered=not pool.device_opt_in,
            modified=ctx.now(),
        )
        ctx.repo.put_device(pool.id, confirmed)
    return {"UserConfirmationNecessary": pool.device_opt_in}


def remembered_status(body: dict[str, Any]) -> bool:
    """DeviceRememberedStatus as a flag (UpdateDeviceStatus and its Admin form)."""
    status = opt_str(body, "DeviceRememberedStatus")
    if status not in ("remembered", "not_remembered"):
        raise invalid_parameter("DeviceRememberedStatus must be remembered or not_remembered")
    return status == "remembered"


def set_remembered(ctx: Context, pool: Pool, user: User, key: str, remembered: bool) -> None:
    """Mark a confirmed device (not) remembered; an unconfirmed or unknown one does not exist."""
    with ctx.repo.atomic():
        device = _device_of(ctx, pool, user, key)
        if not device.confirmed:
            raise resource_not_found(DEVICE_NOT_FOUND)
        ctx.repo.put_device(pool.id, replace(device, remembered=remembered, modified=ctx.now()))


def update_device_status(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
    token = req_str(body, "AccessToken")
    key = req_str(body, "DeviceKey")
    remembered = remembered_status(body)
    pool, user, _ = token_user(ctx, token)
    set_remembered(ctx, pool, user, key, remembered)
    return {}


def get_user(ctx: Context, body: dict[str, Any]) -> dict[str, Any]:
    _, user, _ = token_user(ctx, req_str(body, "AccessToken"))
    return {
        "Username": user.username,
        "UserAttributes": [{"Name": k, "Value": v} for k, v in user.attributes.items()],
    }


HANDLERS: dict[str, Handler] = {
    "ConfirmDevice": confirm_device,
    "UpdateDeviceStatus": update_device_status,
    "GetUser": get_user,
}
