"""``srpcore credentials``: AWS credentials from a Cognito sign-in, for ``credential_process``.

Prints the JSON the AWS CLI and SDKs read from a ``credential_process`` command (``Version``
1, ``AccessKeyId``, ``SecretAccessKey``, ``SessionToken``, ``Expiration``), so a profile::

    [profile cognito]
    credential_process = srpcore credentials --identity-pool-id us-east-1:... \\
        --user-pool-id us-east-1_... --client-id ... --username alice

gives the AWS CLI and boto3 an identity pool's credentials. Each run reuses what the cache
holds (:mod:`srpcore.cli.credential_cache`): credentials with more than :data:`REUSE_MARGIN`
left are printed again as they are (botocore refreshes process credentials 15 minutes before
expiry, so anything closer would make it call again at once); otherwise the id token buys new
ones, after a silent refresh when it is due. Only when there are no tokens, or the
refresh token no longer works, does it sign in with SRP: the password comes from
``$SRPCORE_PASSWORD`` or a no-echo prompt on the terminal, and without either it fails with a
message saying so (``credential_process`` runs without a terminal in many tools). A pool's
one-time codes (SMS, e-mail, authenticator app) are asked for on the terminal too; other
challenges (a new password, MFA setup, custom) are left to ``srpcore login``.

No AWS credentials are needed or looked for: the calls made (InitiateAuth, GetId,
GetCredentialsForIdentity) are unsigned by design, so a profile whose ``credential_process``
is this command can also be this command's ``--profile`` without recursion.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import re
import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from srpcore.cli.arguments import (
    add_where_options,
    aws_client,
    aws_session,
    check_client_id,
    check_username,
    check_where,
)
from srpcore.cli.hints import CLIENT_SECRET_ENV, PASSWORD_ENV
from srpcore.cognito.client import utc_now
from srpcore.cognito.vocabulary import CHALLENGES, CODE_KEYS
from srpcore.errors import ConfigurationError, InvalidParameterError, ServiceError

__all__ = ["REUSE_MARGIN", "register", "run"]

REUSE_MARGIN = timedelta(minutes=16)  # botocore's advisory refresh is 15 minutes before expiry
_IDENTITY_POOL_ID = re.compile(r"[\w-]+:[0-9a-f-]+", re.ASCII)  # cognito-identity's pattern
_MAX_CHALLENGES = 4
_GONE = frozenset({"NotAuthorizedException", "UserNotFoundException"})  # refresh no longer works


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "credentials",
        help="print AWS credentials from a Cognito identity pool as credential_process JSON",
        description=(
            "Sign in (or reuse a cached sign-in), exchange the id token at an identity pool and "
            "print the credentials as the AWS CLI's credential_process expects. Tokens and "
            "credentials are cached in private files and refreshed silently; the password is "
            f"read from ${PASSWORD_ENV} or prompted for on a terminal only when needed."
        ),
    )
    parser.add_argument(
        "--identity-pool-id", required=True, help="e.g. us-east-1:0a1b2c3d-...; REGION:GUID"
    )
    add_where_options(
        parser, profile="AWS profile to read settings (region) from; no credentials are used"
    )
    parser.add_argument("--client-id", required=True, help="the app client id")
    parser.add_argument("--username", required=True, help="username or alias")
    parser.add_argument("--account-id", help="the AWS account id GetId may take")
    parser.add_argument(
        "--cache-dir",
        help="folder of the private cache files (default: ~/.cache/srpcore/credentials)",
    )
    parser.set_defaults(func=run)


def _check(args: argparse.Namespace) -> str:
    """Everything that can be checked before any call or prompt; returns the region to call."""
    check_client_id(args.client_id)
    if len(args.identity_pool_id) > 55 or not _IDENTITY_POOL_ID.fullmatch(args.identity_pool_id):
        raise InvalidParameterError(
            f"--identity-pool-id {args.identity_pool_id!r} is not an identity pool id "
            "(REGION:GUID, e.g. us-east-1:0a1b2c3d-...)"
        )
    check_username(args.username)
    return check_where(args)


def _clients(args: argparse.Namespace, region: str) -> tuple[Any, Any]:
    """Unsigned ``cognito-idp`` and ``cognito-identity`` clients: no credentials are resolved."""
    from botocore import UNSIGNED  # noqa: PLC0415 - only when the command runs
    from botocore.config import Config  # noqa: PLC0415

    session = aws_session(args)
    unsigned = Config(signature_version=UNSIGNED)
    return (
        aws_client(session, "cognito-idp", args, region, unsigned),
        aws_client(session, "cognito-identity", args, region, unsigned),
    )


def _password(username: str) -> str:
    given = os.environ.get(PASSWORD_ENV)
    if given:
        return given
    if not sys.stdin.isatty():
        raise ConfigurationError(
            f"no usable cached sign-in for {username} and no terminal to ask for the password: "
            f"run this command once in a terminal, or set ${PASSWORD_ENV}"
        )
    return getpass.getpass(f"Password for {username}: ")  # on the terminal, not stdout


def _sign_in(idp: Any, args: argparse.Namespace, secret: str | None) -> Any:
    """SRP with the password, then the one-time codes an MFA pool asks for (on the terminal:
    ``getpass`` talks to it directly, since a ``credential_process`` has its stderr piped)."""
    from srpcore.drivers.sync import respond, sign_in  # noqa: PLC0415
    from srpcore.signin.types import Challenge  # noqa: PLC0415

    result = sign_in(
        idp,
        pool_id=args.user_pool_id,
        client_id=args.client_id,
        username=args.username,
        password=_password(args.username),
        client_secret=secret,
    )
    for _ in range(_MAX_CHALLENGES):  # the service cannot keep us asking forever
        if not isinstance(result, Challenge):
            return result
        if result.name not in CODE_KEYS:
            raise ConfigurationError(
                f"the sign-in asks for {result.name}, which `srpcore credentials` cannot answer: "
                "complete it once with `srpcore login`"
            )
        if not sys.stdin.isatty():
            raise ConfigurationError(
                f"the sign-in asks for a one-time code ({result.name}) and there is no terminal"
            )
        label = CHALLENGES[result.name].label
        result = respond(idp, result, getpass.getpass(f"{label} for {args.username}: "))
    raise ConfigurationError(f"the sign-in asked for more than {_MAX_CHALLENGES} codes")


def _fresh_tokens(
    idp: Any, args: argparse.Namespace, cached: Any, clock: Callable[[], datetime]
) -> Any:
    """The cached tokens, refreshed if due; a new sign-in only if there are none or the refresh
    token was refused."""
    from srpcore.drivers.tokens import TokenManager  # noqa: PLC0415

    secret = os.environ.get(CLIENT_SECRET_ENV) or None
    if cached is not None and cached.refresh_token:
        manager = TokenManager(
            idp, cached, client_id=args.client_id, client_secret=secret, clock=clock
        )
        try:
            tokens = manager.tokens()
        except ServiceError as exc:
            if exc.code not in _GONE:
                raise
        else:
            if tokens.id_token:
                return tokens
    return _sign_in(idp, args, secret)


def run(args: argparse.Namespace, *, clock: Callable[[], datetime] = utc_now) -> int:
    """Print credential_process JSON; ``clock`` is for tests (an aware datetime)."""
    from srpcore.cli.credential_cache import CachedSession, CredentialCache  # noqa: PLC0415
    from srpcore.drivers.credentials import aws_credentials  # noqa: PLC0415

    region = _check(args)
    cache = CredentialCache(args.cache_dir)
    key = (args.user_pool_id, args.client_id, args.username)
    stored = cache.load(*key)
    creds = stored.credentials.get(args.identity_pool_id)
    if creds is None or creds.expiration - clock() <= REUSE_MARGIN:
        idp, identity = _clients(args, region)
        tokens = _fresh_tokens(idp, args, stored.tokens, clock)
        try:
            creds = aws_credentials(
                identity,
                identity_pool_id=args.identity_pool_id,
                tokens=tokens,
                user_pool_id=args.user_pool_id,
                region=args.region,
                account_id=args.account_id,
            )
        finally:  # the tokens are worth keeping even when the identity pool refused them
            kept = dict(stored.credentials)
            if creds is not None and creds.expiration > clock():
                kept[args.identity_pool_id] = creds
            else:
                kept.pop(args.identity_pool_id, None)
            cache.save(*key, CachedSession(tokens, kept))
    print(json.dumps(creds.credential_process(), indent=2))
    return 0
