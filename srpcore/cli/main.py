"""Entry point of the ``srpcore`` command: each subcommand lives in its own module.

A subcommand module exposes ``register(subparsers)``, which adds its parser and sets
``func`` (taking the parsed ``argparse.Namespace`` and returning an exit status).
Modules are imported only to register, so keep their top-level imports light.

Failures end the way a Unix tool's do, decided here once for every subcommand: one line
``srpcore: error: ...`` on stderr and status 1 (never a traceback), 130 after Ctrl+C, and 141
(128 + SIGPIPE, what the shell reports for ``yes | head -1``) when whoever reads our stdout
has gone away. ``SRPCORE_DEBUG=1`` shows the traceback of an unexpected error.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import sys
from collections.abc import Sequence

from srpcore.errors import SRPError

SUBCOMMAND_MODULES = (
    "srpcore.cli.vectors",
    "srpcore.cli.serve",
    "srpcore.cli.demo",
    "srpcore.cli.login",
    "srpcore.cli.logout",
    "srpcore.cli.devices",
    "srpcore.cli.bench",
    "srpcore.cli.credentials",
)
EXIT_ERROR = 1
EXIT_INTERRUPTED = 130  # 128 + SIGINT
EXIT_PIPE_CLOSED = 141  # 128 + SIGPIPE
DEBUG_ENV = "SRPCORE_DEBUG"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="srpcore", description="Amazon Cognito SRP-6a sign-in, byte-exact and fast."
    )
    subparsers = parser.add_subparsers(dest="command", required=True)
    for name in SUBCOMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    return parser


def _say(text: str) -> None:
    """Write to stderr, which may itself be a closed pipe: then there is nobody to tell."""
    with contextlib.suppress(OSError):
        print(text, file=sys.stderr, flush=True)


def _stdout_to_devnull() -> None:
    """Point the stdout descriptor at /dev/null, so the interpreter's final flush of what is
    still buffered cannot raise BrokenPipeError again at shutdown."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # replaced by a non-file (tests, embedding)
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, fd)
    finally:
        os.close(devnull)


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or "(no message)"
    return text if len(text) <= 1000 else text[:997] + "..."


def main(argv: Sequence[str] | None = None) -> int:
    try:
        # Inside: ``--help | head -1`` meets a closed pipe too, and a subcommand module that
        # fails to import (a broken install) still ends in one line.
        args = build_parser().parse_args(argv)
        status: int = args.func(args)
        sys.stdout.flush()  # a closed pipe shows up here, not in the interpreter's shutdown
    except BrokenPipeError:
        # Nothing a subcommand does writes to a pipe of its own (sockets fail inside botocore,
        # which login turns into its own errors): this is our stdout, closed by the reader.
        _stdout_to_devnull()
        return EXIT_PIPE_CLOSED
    except SRPError as exc:
        _say(f"srpcore: error: {_one_line(exc)}")
        return EXIT_ERROR
    except KeyboardInterrupt:
        _say("")  # end the line ^C was echoed on
        return EXIT_INTERRUPTED
    except Exception as exc:  # the last line of defence: a bug of ours, still no traceback
        if os.environ.get(DEBUG_ENV):
            raise
        _say(
            f"srpcore: error: unexpected {type(exc).__name__}: {_one_line(exc)} "
            f"(set {DEBUG_ENV}=1 for the traceback)"
        )
        return EXIT_ERROR
    return status


if __name__ == "__main__":
    sys.exit(main())
