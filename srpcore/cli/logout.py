"""``srpcore logout``: end a session that ``srpcore login`` started (RevokeToken or global).

``srpcore login ... > session.json`` prints the tokens; ``srpcore logout --client-id ID
--user-pool-id POOL < session.json`` reads the token as :mod:`srpcore.cli.token_input` does:
``$SRPCORE_REFRESH_TOKEN`` / ``$SRPCORE_ACCESS_TOKEN``, else that JSON (or one bare token) on
stdin, never an argument (which other users can read in ``ps``). By default it revokes the
refresh token (RevokeToken, with the client secret from ``$SRPCORE_CLIENT_SECRET``);
``--global`` signs the user out of every session with the access token (GlobalSignOut);
``--admin --username`` does the same with AWS credentials (AdminUserGlobalSignOut) and needs no
token. Nothing is printed on stdout; one line on stderr
says what was done.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from srpcore.cli.arguments import add_where_options, check_client_id, check_where, idp_client
from srpcore.cli.hints import ACCESS_TOKEN_ENV, CLIENT_SECRET_ENV, REFRESH_TOKEN_ENV
from srpcore.cli.token_input import read_token
from srpcore.errors import InvalidParameterError

__all__ = ["ACCESS_TOKEN_ENV", "REFRESH_TOKEN_ENV", "register"]


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "logout",
        help="sign out: revoke the refresh token, or end every session of the user",
        description=(
            "Revoke the refresh token `srpcore login` printed (read as its JSON, or one token, "
            f"from stdin, or from ${REFRESH_TOKEN_ENV}); with --global end every session of the "
            f"user with the access token (${ACCESS_TOKEN_ENV} or stdin); with --admin "
            "--username do that with AWS credentials."
        ),
    )
    add_where_options(
        parser, pool_required=False, pool="the pool (gives the region; needed with --admin)"
    )
    parser.add_argument("--client-id", help="the app client id (for RevokeToken)")
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument(
        "--global",
        dest="everywhere",
        action="store_true",
        help="GlobalSignOut: end all of the user's sessions (uses the access token)",
    )
    mode.add_argument(
        "--admin",
        action="store_true",
        help="AdminUserGlobalSignOut of --username (needs AWS credentials, no token)",
    )
    parser.add_argument("--username", help="the user to sign out, with --admin")
    parser.set_defaults(func=run)


def _region(args: argparse.Namespace) -> str:
    """Every argument checked before any token is read; returns the region to call."""
    if args.admin and (args.user_pool_id is None or not args.username):
        raise InvalidParameterError("--admin needs --user-pool-id and --username")
    if args.username is not None and not args.admin:
        raise InvalidParameterError("--username is used only with --admin")
    if not args.admin and not args.everywhere and args.client_id is None:
        raise InvalidParameterError("revoking a refresh token needs --client-id")
    if args.client_id is not None:
        check_client_id(args.client_id)
    return check_where(args)


def _client(args: argparse.Namespace, region: str) -> Any:
    return idp_client(args, region, signs="its call")


def run(args: argparse.Namespace) -> int:
    from srpcore.drivers.signout import (  # noqa: PLC0415
        admin_global_sign_out,
        global_sign_out,
        revoke,
    )

    region = _region(args)
    client = _client(args, region)
    if args.admin:
        admin_global_sign_out(client, user_pool_id=args.user_pool_id, username=args.username)
        done = f"signed {args.username} out of every session (AdminUserGlobalSignOut)"
    elif args.everywhere:
        token = read_token(what="access token", env=ACCESS_TOKEN_ENV, key="AccessToken")
        global_sign_out(client, access_token=token)
        done = "signed out of every session (GlobalSignOut)"
    else:
        revoke(
            client,
            refresh_token=read_token(
                what="refresh token", env=REFRESH_TOKEN_ENV, key="RefreshToken"
            ),
            client_id=args.client_id,
            client_secret=os.environ.get(CLIENT_SECRET_ENV) or None,
        )
        done = "revoked the refresh token and its access tokens (RevokeToken)"
    print(f"srpcore: {done}", file=sys.stderr)
    return 0
