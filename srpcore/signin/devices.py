"""Remembered-device management as sans-IO plans: requests out, responses in, typed values back.

A *plan* is a generator that yields each :class:`~srpcore.signin.Request` to make, is sent the
service's response, and returns its result (a :class:`Device`, a list of them, or ``None``). The
sync and async drivers (:mod:`srpcore.drivers.devices`) only run plans, so both faces share one
core. Listing follows PaginationToken with the one page walker
(:func:`~srpcore.signin.pages.walk`), bounded by :data:`MAX_PAGES`; every response is
shape-checked here, since botocore does not validate responses.
"""

from __future__ import annotations

from collections.abc import Generator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Any

from srpcore.cognito.device import DeviceSecret
from srpcore.errors import InvalidParameterError, ProtocolError
from srpcore.signin.pages import walk
from srpcore.signin.shape import obj, optional_str, wire_date
from srpcore.signin.types import Request

__all__ = [
    "MAX_PAGES",
    "MAX_PAGE_SIZE",
    "Device",
    "DeviceRef",
    "Owner",
    "Plan",
    "device_from",
    "forget_plan",
    "get_plan",
    "list_plan",
    "status_plan",
]

MAX_PAGE_SIZE = 60  # ListDevices' Limit: QueryLimitType's maximum in the service model
MAX_PAGES = 200
"""Pages one listing follows at most (12,000 devices at the largest page size)."""

Plan = Generator[Request, Mapping[str, Any], Any]
DeviceRef = str | DeviceSecret
"""A device key, or the :class:`~srpcore.DeviceSecret` remembered for it."""


@dataclass(frozen=True)
class Owner:
    """Whose devices: the signed-in user (``access_token``) or, as administrator, a pool's user."""

    access_token: str | None = field(default=None, repr=False)
    user_pool_id: str | None = None
    username: str | None = None

    def __post_init__(self) -> None:
        if self.access_token is not None:
            _text(self.access_token, "access_token")
        else:
            _text(self.user_pool_id, "user_pool_id")
            _text(self.username, "username")

    @property
    def admin(self) -> bool:
        return self.access_token is None

    def request(self, operation: str, **params: Any) -> Request:
        """``operation`` (or its Admin form) for this owner, with ``params`` (None left out)."""
        if self.admin:
            operation = f"Admin{operation}"
            params.update(UserPoolId=self.user_pool_id, Username=self.username)
        else:
            params["AccessToken"] = self.access_token
        return Request(operation, {k: v for k, v in params.items() if v is not None}, operation)


@dataclass(frozen=True)
class Device:
    """One of a user's devices as Cognito describes it (DeviceType).

    ``name`` is the ``device_name`` attribute; ``remembered`` reads
    ``dev:device_remembered_status`` (``None`` if the service did not say); ``status`` is
    ``device_status`` (``"valid"``); the dates are aware UTC datetimes or ``None``. Every
    attribute the service sent is in ``attributes``. A device key is no secret (it is sent in
    the clear at every sign-in), so the ``repr`` shows it.
    """

    key: str
    name: str | None
    remembered: bool | None
    status: str | None
    created: datetime | None
    last_modified: datetime | None
    last_authenticated: datetime | None
    attributes: Mapping[str, str] = field(
        default_factory=lambda: MappingProxyType({}), hash=False
    )  # compared, but not hashed: a mapping has no hash


def _text(value: object, what: str) -> str:
    if not isinstance(value, str) or not value:
        raise InvalidParameterError(f"{what} must be a non-empty string")
    return value


def _key(device: DeviceRef) -> str:
    if isinstance(device, DeviceSecret):
        return device.device_key
    return _text(device, "device_key")


def device_from(value: object) -> Device:
    """A :class:`Device` from one DeviceType object; a malformed one is a ProtocolError."""
    raw = obj(value, "Device")
    key = optional_str(raw, "DeviceKey", "Device")
    if key is None:
        raise ProtocolError("Device has no DeviceKey")
    listed = raw.get("DeviceAttributes") or []
    if not isinstance(listed, list):
        raise ProtocolError("Device.DeviceAttributes is not a list")
    attributes: dict[str, str] = {}
    for item in listed:
        entry = obj(item, "Device.DeviceAttributes[]")
        name = optional_str(entry, "Name", "Device.DeviceAttributes[]")
        if name is not None:
            attributes[name] = optional_str(entry, "Value", "Device.DeviceAttributes[]") or ""
    status = attributes.get("dev:device_remembered_status")
    return Device(
        key=key,
        name=attributes.get("device_name"),
        remembered=None if status is None else status == "remembered",
        status=attributes.get("device_status"),
        created=wire_date(raw, "DeviceCreateDate", "Device"),
        last_modified=wire_date(raw, "DeviceLastModifiedDate", "Device"),
        last_authenticated=wire_date(raw, "DeviceLastAuthenticatedDate", "Device"),
        attributes=MappingProxyType(attributes),
    )


def _check_limit(limit: int | None, what: str, top: int | None = None) -> None:
    if limit is None:
        return
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise InvalidParameterError(f"{what} must be a positive whole number")
    if top is not None and limit > top:
        raise InvalidParameterError(f"{what} must be at most {top}")


def _page(response: Mapping[str, Any], request: Request) -> tuple[list[Device], str | None]:
    """One ListDevices page: its devices (no more than asked for) and the next token."""
    page = obj(response, "the response")
    listed = page.get("Devices") or []
    if not isinstance(listed, list):
        raise ProtocolError("ListDevices: Devices is not a list")
    want = request.params["Limit"]
    if len(listed) > want:
        raise ProtocolError(f"ListDevices sent {len(listed)} devices for a Limit of {want}")
    devices = [device_from(item) for item in listed]
    return devices, optional_str(page, "PaginationToken", "the response")


def list_plan(owner: Owner, *, limit: int | None = None, page_size: int = MAX_PAGE_SIZE) -> Plan:
    """Every device of ``owner`` (at most ``limit``), following the pages in order."""
    _check_limit(limit, "limit")
    _check_limit(page_size, "page_size", MAX_PAGE_SIZE)

    def ask(token: str | None, have: int) -> Request:
        want = page_size if limit is None else min(page_size, limit - have)
        return owner.request("ListDevices", Limit=want, PaginationToken=token)

    return (yield from walk(ask, _page, max_pages=MAX_PAGES, limit=limit))


def get_plan(owner: Owner, device: DeviceRef) -> Plan:
    """The one device ``device`` names."""
    response = yield owner.request("GetDevice", DeviceKey=_key(device))
    return device_from(obj(response, "the response").get("Device"))


def forget_plan(owner: Owner, device: DeviceRef) -> Plan:
    """ForgetDevice: the device no longer skips MFA, and its key is refused at sign-in."""
    yield owner.request("ForgetDevice", DeviceKey=_key(device))
    return None


def status_plan(owner: Owner, device: DeviceRef, *, remembered: bool) -> Plan:
    """UpdateDeviceStatus: remembered (device sign-in skips MFA) or not_remembered."""
    if not isinstance(remembered, bool):
        raise InvalidParameterError("remembered must be True or False")
    status = "remembered" if remembered else "not_remembered"
    yield owner.request("UpdateDeviceStatus", DeviceKey=_key(device), DeviceRememberedStatus=status)
    return None
