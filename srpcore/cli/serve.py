"""``srpcore serve``: run the local Cognito endpoint on loopback until interrupted.

Without ``--seed`` it creates one pool that remembers devices and one app client without a
secret allowing every flow; add users with AdminCreateUser/AdminSetUserPassword through boto3
or the AWS CLI (``--endpoint-url``), or describe everything in a seed file.

With ``--data FILE`` everything is kept in that SQLite file across restarts (pools, clients,
users, devices, signing keys, refresh tokens). The seed (or the default pool) fills a new,
empty file only; a file that already holds pools is served as it is.
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
from typing import Any

__all__ = ["register"]


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="run a local Cognito endpoint that really verifies SRP",
        description=__doc__,
    )
    parser.add_argument(
        "--host", default="127.0.0.1", help="loopback address to bind (127.0.0.1 or ::1)"
    )
    parser.add_argument(
        "--port", type=int, default=9339, help="port (default 9339); 0 picks a free one"
    )
    parser.add_argument("--region", default="us-east-1", help="region in pool ids")
    parser.add_argument("--seed", metavar="FILE", help="JSON or TOML seed file (see docs)")
    parser.add_argument(
        "--data", metavar="FILE", help="SQLite file that keeps everything across restarts"
    )
    parser.add_argument(
        "--timestamp-skew", type=float, default=300.0, help="TIMESTAMP tolerance in seconds"
    )
    parser.add_argument("--mfa-code", default="123456", help="code accepted for SMS/email MFA")
    parser.add_argument(
        "--json", action="store_true", help="print one JSON line with the URL and ids"
    )
    parser.add_argument("--show-secrets", action="store_true", help="also print app client secrets")
    parser.add_argument(
        "--cors-origin",
        action="append",
        metavar="ORIGIN",
        help="browser origin allowed to call the endpoint (repeatable; default: any, '*')",
    )
    parser.add_argument(
        "--issuer-style",
        choices=("local", "aws"),
        default="local",
        help="iss claim: this endpoint's URL (default) or Cognito's own "
        "https://cognito-idp.<region>.amazonaws.com/<pool id>, for verifiers such as "
        "aws-jwt-verify that accept no other (the keys are still served here)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from srpcore.local import LocalCognito  # noqa: PLC0415 - keep `srpcore --help` light
    from srpcore.local.defaults import ALL_FLOWS  # noqa: PLC0415
    from srpcore.local.seed import SeededPool, apply_seed, load_seed  # noqa: PLC0415
    from srpcore.local.server import is_loopback  # noqa: PLC0415
    from srpcore.local.sqlite import StorageError  # noqa: PLC0415

    if not 0 <= args.port <= 65535:
        print("srpcore serve: --port must be 0..65535", file=sys.stderr)
        return 2
    if not is_loopback(args.host):
        print("srpcore serve: --host must be a loopback address", file=sys.stderr)
        return 2
    seed = load_seed(args.seed) if args.seed else None
    try:
        cognito = LocalCognito(
            host=args.host,
            port=args.port,
            region=args.region,
            timestamp_skew=args.timestamp_skew,
            mfa_code=args.mfa_code,
            cors_origins=args.cors_origin or "*",
            data=args.data,
            issuer_style=args.issuer_style,
        )
    except StorageError as exc:
        print(f"srpcore: error: {exc}", file=sys.stderr)
        return 1
    kept = [SeededPool(*entry) for entry in cognito.stored()]
    stop = threading.Event()
    # Before anything is printed: whoever reads the URL may stop us at once.
    previous = {
        signum: signal.signal(signum, lambda *_: stop.set())
        for signum in (signal.SIGINT, signal.SIGTERM)
    }
    try:  # whatever happens, the caller's signal handlers come back
        try:
            cognito.start()
        except OSError as exc:
            where = f"{args.host}:{args.port}"
            print(f"srpcore: error: cannot listen on {where}: {exc}", file=sys.stderr)
            return 1
        try:
            if kept:
                pools = kept
            elif seed is not None:
                pools = apply_seed(cognito, seed)
            else:
                pool = cognito.create_user_pool("local", device_tracking=True)
                client = cognito.create_client(pool.id, name="app", explicit_auth_flows=ALL_FLOWS)
                pools = [SeededPool(pool, [client])]
            _print(cognito.endpoint_url, pools, as_json=args.json, secrets=args.show_secrets)
            if args.issuer_style == "aws" and not args.json:
                print(
                    "Tokens carry Cognito's own issuer, "
                    "https://cognito-idp.<region>.amazonaws.com/<pool id>",
                    flush=True,
                )
            stop.wait()
        finally:
            cognito.stop()
    finally:
        _restore(previous)
    return 0


def _restore(handlers: dict[signal.Signals, Any]) -> None:
    for signum, handler in handlers.items():
        signal.signal(signum, handler)


def _print(url: str, pools: list[Any], *, as_json: bool, secrets: bool) -> None:
    if as_json:
        doc = {
            "endpoint_url": url,
            "pools": [
                {
                    "id": p.pool.id,
                    "name": p.pool.name,
                    "clients": [
                        {
                            "client_id": c.client_id,
                            "has_secret": c.client_secret is not None,
                            **({"client_secret": c.client_secret} if secrets else {}),
                        }
                        for c in p.clients
                    ],
                    "users": [u.username for u in p.users],
                }
                for p in pools
            ],
        }
        print(json.dumps(doc), flush=True)
        return
    print(f"Local Cognito endpoint: {url}", flush=False)
    for p in pools:
        print(f"  user pool {p.pool.name}: {p.pool.id}")
        print(f"    jwks: {url}/{p.pool.id}/.well-known/jwks.json")
        for c in p.clients:
            if c.client_secret is None:
                shown = "no secret"
            else:
                shown = f"secret {c.client_secret}" if secrets else "secret set (--show-secrets)"
            print(f"    app client: {c.client_id} ({shown})")
        for u in p.users:
            print(f"    user: {u.username}")
    print(f"Use it: boto3.client('cognito-idp', endpoint_url='{url}', region_name=...)")
    print("Ctrl+C stops it.", flush=True)
