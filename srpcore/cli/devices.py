"""``srpcore devices list|forget``: the devices Cognito remembers for a user.

The CLI keeps no tokens (``srpcore login`` prints them), so the user's own calls take the
access token as :mod:`srpcore.cli.token_input` reads it: ``--access-token-file`` (a file, or
``-`` for stdin, holding ``srpcore login``'s JSON or the bare token), else
``$SRPCORE_ACCESS_TOKEN``, else piped stdin; never an argument, which ``ps`` shows. E.g.
``srpcore login ... | srpcore devices list --access-token-file - ...``. With
``--admin`` the Admin* operations are used instead, signed with AWS credentials.

``forget`` without a device key forgets the device ``srpcore login --remember-device`` keeps
in the device file for that pool and user, and removes it from the file, so later logins
start without it. ``list`` prints the AWS CLI's ``list-devices`` shape (every page); both
print through :mod:`srpcore.cli.output` (``--output json|text|table``, ``--query``).
"""

from __future__ import annotations

import argparse
from datetime import datetime
from typing import Any

from srpcore.cli.arguments import add_where_options, check_where, idp_client
from srpcore.cli.hints import ACCESS_TOKEN_ENV
from srpcore.cli.output import add_output_options, printer
from srpcore.cli.token_input import read_token
from srpcore.errors import InvalidParameterError

__all__ = ["ACCESS_TOKEN_ENV", "register"]


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "devices",
        help="list or forget a user's remembered devices",
        description=(
            f"List or forget the devices Cognito remembers for a user. The access token "
            f"comes from ${ACCESS_TOKEN_ENV} or --access-token-file (srpcore login's JSON or "
            f"the bare token; '-' reads stdin); --admin uses AWS credentials instead."
        ),
    )
    actions = parser.add_subparsers(dest="action", required=True)
    listing = actions.add_parser("list", help="print every device (all pages)")
    _common(listing)
    listing.add_argument("--limit", type=int, help="print at most this many devices")
    listing.set_defaults(func=run_list)
    forget = actions.add_parser(
        "forget", help="forget a device (by default the one in the device file)"
    )
    _common(forget)
    forget.add_argument(
        "device_key", nargs="?", help="the device to forget (default: the remembered one)"
    )
    forget.add_argument(
        "--device-file",
        help="login's device file (default: ~/.config/srpcore/devices.json)",
    )
    forget.set_defaults(func=run_forget)


def _common(parser: argparse.ArgumentParser) -> None:
    add_where_options(parser)
    parser.add_argument("--username", help="the user (needed with --admin and for the file)")
    parser.add_argument(
        "--access-token-file",
        help=f"file with the access token ('-': stdin; or ${ACCESS_TOKEN_ENV})",
    )
    parser.add_argument(
        "--admin", action="store_true", help="use the Admin* operations (needs AWS credentials)"
    )
    add_output_options(parser)


def _access_token(args: argparse.Namespace) -> str:
    return read_token(
        what="access token",
        env=ACCESS_TOKEN_ENV,
        key="AccessToken",
        path=args.access_token_file,
        option="--access-token-file",
        ways=" (or pass --access-token-file, or use --admin)",
    )


def _setup(args: argparse.Namespace) -> tuple[Any, dict[str, Any]]:
    """The client and the owner keywords (access token, or pool and user with --admin)."""
    region = check_where(args)
    if args.admin and not args.username:
        raise InvalidParameterError("--admin needs --username")
    owner: dict[str, Any]
    if args.admin:
        owner = {"user_pool_id": args.user_pool_id, "username": args.username}
    else:
        owner = {"access_token": _access_token(args)}
    return idp_client(args, region), owner


def _date(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def run_list(args: argparse.Namespace) -> int:
    from srpcore.drivers.devices import admin_list_devices, list_devices  # noqa: PLC0415

    out = printer(args, title="AdminListDevices" if args.admin else "ListDevices")
    client, owner = _setup(args)
    lister = admin_list_devices if args.admin else list_devices
    devices = lister(client, limit=args.limit, **owner)
    listed = [
        {
            "DeviceKey": d.key,
            "DeviceAttributes": [{"Name": k, "Value": v} for k, v in d.attributes.items()],
            "DeviceCreateDate": _date(d.created),
            "DeviceLastModifiedDate": _date(d.last_modified),
            "DeviceLastAuthenticatedDate": _date(d.last_authenticated),
        }
        for d in devices
    ]
    out.emit({"Devices": listed})
    return 0


def run_forget(args: argparse.Namespace) -> int:
    from srpcore.cli.device_store import DeviceStore  # noqa: PLC0415
    from srpcore.drivers.devices import (  # noqa: PLC0415
        NOT_FOUND,
        admin_forget_device,
        forget_device,
    )
    from srpcore.errors import ServiceError  # noqa: PLC0415

    out = printer(args, title="AdminForgetDevice" if args.admin else "ForgetDevice")
    store = DeviceStore(args.device_file)
    remembered = store.load(args.user_pool_id, args.username) if args.username else None
    key = args.device_key or (remembered.device_key if remembered is not None else None)
    if key is None:
        where = f"for {args.username} " if args.username else ""
        raise InvalidParameterError(
            f"no device key given, and no device remembered {where}in {store.path} "
            "(pass the key, or --username to use the remembered one)"
        )
    ours = remembered is not None and remembered.device_key == key
    if ours:
        store.check_usable()  # the file must be writable before the device is gone
    client, owner = _setup(args)
    forget = admin_forget_device if args.admin else forget_device
    try:
        forget(client, device_key=key, **owner)
    except ServiceError as exc:
        if not (ours and exc.code == NOT_FOUND):  # gone already: still drop it from the file
            raise
    if ours:
        store.forget(args.user_pool_id, str(args.username))
    out.emit({"ForgottenDeviceKey": key, "RemovedFromDeviceFile": ours})
    return 0
