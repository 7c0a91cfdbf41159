"""The argument checks and the ``cognito-idp`` client the subcommands share.

One owner for each: a command that takes a user pool id, an app client id, an endpoint URL or
a region accepts exactly what the others accept and says the same about a bad one, all before
any prompt or call.
"""

from __future__ import annotations

import argparse
import re
from typing import Any
from urllib.parse import urlsplit

from srpcore.cognito.pool import pool_name
from srpcore.errors import ConfigurationError, InvalidParameterError

__all__ = [
    "CLIENT_ID",
    "REGION",
    "check_client_id",
    "check_endpoint",
    "check_pool_id",
    "idp_client",
]

CLIENT_ID = re.compile(r"[\w+]+", re.ASCII)  # Cognito's ClientId pattern
REGION = re.compile(r"[a-z]{2}(-[a-z]+)+-\d{1,2}")  # us-east-1, us-gov-west-1, ap-southeast-5


def check_pool_id(pool_id: str) -> None:
    """``--user-pool-id``: the one pool-id rule (:func:`srpcore.cognito.pool.pool_name`)."""
    try:
        pool_name(pool_id)
    except InvalidParameterError as exc:
        raise InvalidParameterError(f"--user-pool-id: {exc}") from exc


def check_client_id(client_id: str) -> None:
    """``--client-id``: ClientIdType's pattern and length."""
    if len(client_id) > 128 or not CLIENT_ID.fullmatch(client_id):
        raise InvalidParameterError(
            f"--client-id {client_id!r} is not an app client id "
            "(letters, digits, _ and +, at most 128)"
        )


def check_endpoint(url: str) -> None:
    """botocore's own refusal is a bare ``ValueError: Invalid endpoint``: say what is wrong."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or "://" not in url:
        hint = f"; did you mean http://{url}?" if "://" not in url else ""
        raise InvalidParameterError(
            f"--endpoint-url {url!r} must start with http:// or https://{hint}"
        )
    if not parts.hostname:
        raise InvalidParameterError(f"--endpoint-url {url!r} has no host")
    try:
        parts.port  # noqa: B018 - parsing the port is the check
    except ValueError as exc:
        raise InvalidParameterError(f"--endpoint-url {url!r} has a bad port") from exc


def idp_client(args: argparse.Namespace, region: str, *, signs: str = "its calls") -> Any:
    """The ``cognito-idp`` client of ``--profile``/``--endpoint-url``, made (and with
    ``--admin`` its credentials found) before any prompt; ``signs`` names what --admin signs.
    """
    import boto3  # noqa: PLC0415 - only when the command runs
    from botocore.exceptions import InvalidRegionError  # noqa: PLC0415

    session = boto3.session.Session(profile_name=args.profile)
    try:
        client = session.client("cognito-idp", region_name=region, endpoint_url=args.endpoint_url)
    except InvalidRegionError as exc:
        raise InvalidParameterError(f"--region: {exc}") from exc
    except ValueError as exc:  # botocore's "Invalid endpoint" for what our checks let through
        raise InvalidParameterError(f"--endpoint-url {args.endpoint_url!r}: {exc}") from exc
    if args.admin and session.get_credentials() is None:
        raise ConfigurationError(
            f"--admin signs {signs} with AWS credentials: Unable to locate credentials "
            "(set --profile, AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY)"
        )
    return client
