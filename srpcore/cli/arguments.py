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

from srpcore.cognito.pool import pool_name, pool_region
from srpcore.errors import ConfigurationError, InvalidParameterError

__all__ = [
    "CLIENT_ID",
    "REGION",
    "add_where_options",
    "aws_client",
    "aws_session",
    "check_client_id",
    "check_endpoint",
    "check_pool_id",
    "check_username",
    "check_where",
    "idp_client",
]

CLIENT_ID = re.compile(r"[\w+]+", re.ASCII)  # Cognito's ClientId pattern
REGION = re.compile(r"[a-z]{2}(-[a-z]+)+-\d{1,2}")  # us-east-1, us-gov-west-1, ap-southeast-5


def add_where_options(
    parser: argparse.ArgumentParser,
    *,
    pool_required: bool = True,
    pool: str = "the user pool, e.g. us-east-1_AbCdEfGhI",
    profile: str = "AWS profile (credentials matter only with --admin)",
) -> None:
    """``--user-pool-id``, ``--region``, ``--profile`` and ``--endpoint-url``: where a command's
    calls go, named and explained alike in every command (``pool``/``profile`` say what they
    mean to it)."""
    parser.add_argument("--user-pool-id", required=pool_required, help=pool)
    parser.add_argument("--region", help="AWS region (default: the pool id's, where it lives)")
    parser.add_argument("--profile", help=profile)
    parser.add_argument(
        "--endpoint-url", help="a non-default endpoint, e.g. the URL `srpcore serve` prints"
    )


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


def check_username(username: str) -> None:
    """``--username``: what UsernameType admits (1 to 128 characters, none of them a space)."""
    if (
        not 1 <= len(username) <= 128
        or not username.isprintable()
        or any(c.isspace() for c in username)
    ):
        raise InvalidParameterError(
            f"--username {username!r}: 1 to 128 printable characters, no spaces"
        )


def check_where(args: argparse.Namespace) -> str:
    """The options :func:`add_where_options` added, checked; returns the region to call.

    The region is ``--region``, else the pool id's. Against AWS it must be a region name and,
    given a pool, the pool's own (a pool lives in one region: elsewhere it is not found). A
    non-default endpoint takes any name botocore takes (it checks those itself).
    """
    pool_id: str | None = args.user_pool_id
    if pool_id is not None:
        check_pool_id(pool_id)
    if args.endpoint_url is not None:
        check_endpoint(args.endpoint_url)
    home = None if pool_id is None else pool_region(pool_id)
    region: str | None = args.region or home
    if region is None:
        raise InvalidParameterError("say where: --user-pool-id or --region")
    if args.endpoint_url is None:
        if not REGION.fullmatch(region):
            raise InvalidParameterError(f"--region {region!r} is not a region name like us-east-1")
        if home is not None and region != home:
            raise InvalidParameterError(
                f"user pool {pool_id} lives in {home}, not {region}: "
                "drop --region, or fix the pool id"
            )
    return region


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


def aws_session(args: argparse.Namespace) -> Any:
    """The boto3 session of ``--profile``; an unknown profile (or a broken config) is 253."""
    import boto3  # noqa: PLC0415 - only when the command runs
    from botocore.exceptions import BotoCoreError  # noqa: PLC0415

    try:
        return boto3.session.Session(profile_name=args.profile)
    except BotoCoreError as exc:
        raise ConfigurationError(str(exc)) from exc


def aws_client(
    session: Any, service: str, args: argparse.Namespace, region: str, config: Any = None
) -> Any:
    """``service``'s client at ``--endpoint-url``; what botocore refuses of ``--region`` or
    ``--endpoint-url`` is 252, anything else it refuses before a call 253."""
    from botocore.exceptions import BotoCoreError, InvalidRegionError  # noqa: PLC0415

    try:
        return session.client(
            service, region_name=region, endpoint_url=args.endpoint_url, config=config
        )
    except InvalidRegionError as exc:
        raise InvalidParameterError(f"--region: {exc}") from exc
    except ValueError as exc:  # botocore's "Invalid endpoint" for what our checks let through
        raise InvalidParameterError(f"--endpoint-url {args.endpoint_url!r}: {exc}") from exc
    except BotoCoreError as exc:
        raise ConfigurationError(str(exc)) from exc


def idp_client(args: argparse.Namespace, region: str, *, signs: str = "its calls") -> Any:
    """The ``cognito-idp`` client of ``--profile``/``--endpoint-url``, made (and with
    ``--admin`` its credentials found) before any prompt; ``signs`` names what --admin signs.
    """
    session = aws_session(args)
    client = aws_client(session, "cognito-idp", args, region)
    if args.admin and session.get_credentials() is None:
        raise ConfigurationError(
            f"--admin signs {signs} with AWS credentials: Unable to locate credentials "
            "(set --profile, AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY)"
        )
    return client
