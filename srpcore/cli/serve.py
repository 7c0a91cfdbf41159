"""``srpcore serve``: run the local Cognito endpoint on loopback until interrupted.

What it serves and the seed file format are in its ``--help`` (:data:`DESCRIPTION`,
:data:`SEED_FORMAT`), kept in step with :mod:`srpcore.local.seed`. Failures raise srpcore's
typed errors, so ``main`` gives them the AWS CLI's exit statuses.
"""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from srpcore.cli.output import Printer, add_output_options, printer
from srpcore.errors import ConfigurationError, InvalidParameterError

__all__ = ["register"]

LOG_LEVELS = ("debug", "info", "warning", "error")
LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"

DESCRIPTION = """\
Run the local Cognito endpoint on loopback until Ctrl+C (or SIGTERM).

Without --seed it creates one pool that remembers devices and one app client
without a secret allowing every flow; add users with AdminCreateUser and
AdminSetUserPassword through boto3 or the AWS CLI (--endpoint-url), or describe
everything in a seed file. With --data FILE everything is kept in that SQLite
file across restarts; the seed (or the default pool) fills a new, empty file
only, and a file that already holds pools is served as it is."""

SEED_FORMAT = """\
seed file format: JSON, or TOML on Python 3.11+ (the same keys in [[pools]],
[[pools.clients]] and [[pools.users]] tables); YAML is not supported.

  {"pools": [{"name": "demo",
              "clients": [{"name": "web", "generate_secret": true}],
              "users": [{"username": "alice",
                         "password": "correct horse battery staple"}]}]}

  pools:    name, id (a fixed pool id), device_tracking (true, false, "always"
            or "opt-in"), challenge_on_new_device, alias_attributes,
            username_attributes, required_attributes, password_min_length
            (6 to 99), mfa_required, custom_auth_answers (one CUSTOM_CHALLENGE
            round per answer), clients, users
  clients:  name, client_id, client_secret, generate_secret,
            explicit_auth_flows (e.g. ["ALLOW_USER_SRP_AUTH"]),
            prevent_user_existence_errors, session_validity (3 to 15 minutes)
  users:    username and password (both required), attributes (a table of
            strings), temporary, mfa (e.g. ["SMS_MFA"]), enabled, status

Unknown keys are refused and every value is checked before anything is
created; an error names the file and the key. README.md, "The local endpoint",
has more."""


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="run a local Cognito endpoint that really verifies SRP",
        description=DESCRIPTION,
        epilog=SEED_FORMAT,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--host", default="127.0.0.1", help="loopback address to bind (127.0.0.1 or ::1)"
    )
    parser.add_argument(
        "--port", type=int, default=9339, help="port (default 9339); 0 picks a free one"
    )
    parser.add_argument(
        "--region", default="us-east-1", help="region in pool ids (default us-east-1)"
    )
    parser.add_argument("--seed", metavar="FILE", help="JSON or TOML seed file (format below)")
    parser.add_argument(
        "--data", metavar="FILE", help="SQLite file that keeps everything across restarts"
    )
    parser.add_argument(
        "--timestamp-skew", type=float, default=300.0, help="TIMESTAMP tolerance in seconds"
    )
    parser.add_argument("--mfa-code", default="123456", help="code accepted for SMS/email MFA")
    parser.add_argument(
        "--json",
        action="store_true",
        help="print one JSON line with the URL and ids (for programs reading the first line)",
    )
    parser.add_argument("--show-secrets", action="store_true", help="also print app client secrets")
    parser.add_argument(
        "--cors-origin",
        action="append",
        metavar="ORIGIN",
        help="browser origin allowed to call every operation (repeatable; default: any page may "
        "call the unsigned ones, '*')",
    )
    parser.add_argument(
        "--issuer-style",
        choices=("local", "aws"),
        default="local",
        help="iss claim: this endpoint's URL (default) or Cognito's own "
        "https://cognito-idp.<region>.amazonaws.com/<pool id>, for verifiers such as "
        "aws-jwt-verify that accept no other (the keys are still served here)",
    )
    parser.add_argument(
        "--log-level",
        choices=LOG_LEVELS,
        default="warning",
        help="info logs one line per request to stderr: operation, HTTP status, error code, "
        "time (never a body, code or token); default warning",
    )
    add_output_options(parser)
    parser.set_defaults(func=run)


@contextmanager
def _logging_to_stderr(level: str) -> Iterator[None]:
    """The endpoint's loggers to stderr at ``level`` while serving; put back afterwards."""
    logger = logging.getLogger("srpcore.local")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    previous = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(level.upper())
    logger.propagate = False  # one line each, whatever the root logger does
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(previous[0])
        logger.propagate = previous[1]


def run(args: argparse.Namespace) -> int:
    from srpcore.local.seed import load_seed  # noqa: PLC0415 - keep `srpcore --help` light
    from srpcore.local.server import is_loopback  # noqa: PLC0415
    from srpcore.local.wire import WireConfig  # noqa: PLC0415

    if not 0 <= args.port <= 65535:
        raise InvalidParameterError(f"--port {args.port} is not a port (0 to 65535)")
    if not is_loopback(args.host):
        raise InvalidParameterError(
            f"--host {args.host!r} must be a loopback address (127.0.0.1 or ::1)"
        )
    if args.json and args.output not in (None, "json"):
        raise InvalidParameterError(f"--json prints JSON: it cannot go with --output {args.output}")
    out = None
    if args.output is not None or args.query is not None or args.json:
        out = printer(args, title="LocalCognito")
        if args.json:
            out = Printer("json", out.query, out.title, indent=None)
    try:  # a bad --cors-origin is a parameter value (252), not the environment
        WireConfig(cors_origins=args.cors_origin or "*")
    except ConfigurationError as exc:
        raise InvalidParameterError(str(exc)) from exc
    seed = load_seed(args.seed) if args.seed else None
    with _logging_to_stderr(args.log_level):
        return _serve(args, seed, out)


def _serve(args: argparse.Namespace, seed: Any, out: Printer | None) -> int:
    from srpcore.local import LocalCognito  # noqa: PLC0415
    from srpcore.local.defaults import ALL_FLOWS  # noqa: PLC0415
    from srpcore.local.seed import SeededPool, apply_seed  # noqa: PLC0415

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
        except OSError as exc:  # the port is taken: the environment, not the command line
            raise ConfigurationError(f"cannot listen on {args.host}:{args.port}: {exc}") from exc
        try:
            if kept:
                pools = kept
            elif seed is not None:
                pools = apply_seed(cognito, seed)
            else:
                pool = cognito.create_user_pool("local", device_tracking=True)
                client = cognito.create_client(pool.id, name="app", explicit_auth_flows=ALL_FLOWS)
                pools = [SeededPool(pool, [client])]
            if out is not None:
                out.emit(_document(cognito.endpoint_url, pools, secrets=args.show_secrets))
                sys.stdout.flush()
            else:
                _print(cognito.endpoint_url, pools, secrets=args.show_secrets)
                if args.issuer_style == "aws":
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


def _document(url: str, pools: list[Any], *, secrets: bool) -> dict[str, Any]:
    """What ``--json`` and ``--output`` print: the URL and every pool's ids."""
    return {
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


def _print(url: str, pools: list[Any], *, secrets: bool) -> None:
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
