"""Entry point of the ``srpcore`` command: each subcommand lives in its own module.

A subcommand module exposes ``register(subparsers)``, which adds its parser and sets
``func`` (taking the parsed ``argparse.Namespace`` and returning an exit status).
Modules are imported only to register, so keep their top-level imports light.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

from srpcore.errors import SRPError

SUBCOMMAND_MODULES = (
    "srpcore.cli.vectors",
    "srpcore.cli.serve",
    "srpcore.cli.demo",
    "srpcore.cli.login",
    "srpcore.cli.bench",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="srpcore", description="Amazon Cognito SRP-6a sign-in, byte-exact and fast."
    )
    subparsers = parser.add_subparsers(dest="command", required=True)
    for name in SUBCOMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        status: int = args.func(args)
    except SRPError as exc:
        print(f"srpcore: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return status


if __name__ == "__main__":
    sys.exit(main())
