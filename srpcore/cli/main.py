"""Entry point of the ``srpcore`` command: each subcommand lives in its own module.

A subcommand module exposes ``register(subparsers)``, which adds its parser and sets
``func`` (taking the parsed ``argparse.Namespace`` and returning an exit status).
Modules are imported only to register, so keep their top-level imports light. What a new
subcommand gets for free: every option needs a ``help`` (tests/cli/test_conventions.py walks
the parsers); one that prints data calls :func:`srpcore.cli.output.add_output_options` and
prints through :func:`srpcore.cli.output.printer` (``--output``/``--query`` as in the AWS CLI);
one that needs a token reads it with :func:`srpcore.cli.token_input.read_token`; and it raises
srpcore's typed errors, never ``sys.exit``: the status and any hint (:mod:`srpcore.cli.hints`)
are decided below.

Failures end the way the AWS CLI v2's do, decided here once for every subcommand: one line
``srpcore: error: ...`` on stderr (never a traceback), perhaps a ``hint:`` line after it, and
the status the AWS CLI documents for that kind of failure (:data:`EXIT_STATUS`): 252 for a bad
command line or parameter value (with the subcommand's own usage), 253 for missing or invalid
configuration or credentials, 254 when the service refused, 255 for anything else, 130 after
Ctrl+C, and 141 (128 + SIGPIPE, what the shell reports for ``yes | head -1``) when whoever
reads our stdout has gone away. ``SRPCORE_DEBUG=1`` shows the traceback of an unexpected error.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import os
import platform
import sys
from collections.abc import Sequence
from typing import NoReturn

from srpcore.cli.hints import hint_for
from srpcore.errors import (
    ConfigurationError,
    InvalidParameterError,
    ServiceError,
    SRPError,
    TransportError,
)

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
# The AWS CLI v2's return codes (its user guide, "Command line return codes").
EXIT_USAGE = 252  # command syntax invalid, unknown parameter, or a bad parameter value
EXIT_CONFIGURATION = 253  # environment or configuration invalid: missing config, credentials
EXIT_SERVICE = 254  # the request was made and the service returned an error
EXIT_ERROR = 255  # anything else
EXIT_INTERRUPTED = 130  # 128 + SIGINT
EXIT_PIPE_CLOSED = 141  # 128 + SIGPIPE
DEBUG_ENV = "SRPCORE_DEBUG"

EXIT_STATUS: tuple[tuple[type[SRPError], int], ...] = (
    (ServiceError, EXIT_SERVICE),
    (InvalidParameterError, EXIT_USAGE),
    (ConfigurationError, EXIT_CONFIGURATION),
)
"""srpcore's typed errors onto the AWS CLI's statuses, first match wins; any other error
(TransportError, ProtocolError, SecurityError, VerificationError, a bug) is 255, except a call
that never left for want of credentials or a region (:func:`exit_status`)."""


def _missing_configuration(exc: BaseException) -> bool:
    """Whether botocore gave up before sending for want of credentials, a region or a profile
    (a :class:`~srpcore.errors.TransportError` by then, the SDK's exception its cause)."""
    from botocore.exceptions import (  # noqa: PLC0415 - only on this error path
        NoCredentialsError,
        NoRegionError,
        PartialCredentialsError,
        ProfileNotFound,
    )

    missing = (NoCredentialsError, PartialCredentialsError, NoRegionError, ProfileNotFound)
    return isinstance(exc.__cause__, missing)


def exit_status(exc: BaseException) -> int:
    """The status a failure with ``exc`` ends the command with."""
    if isinstance(exc, TransportError) and _missing_configuration(exc):
        return EXIT_CONFIGURATION
    for kind, status in EXIT_STATUS:
        if isinstance(exc, kind):
            return status
    return EXIT_ERROR


class _Parser(argparse.ArgumentParser):
    """Usage errors exit 252 (the AWS CLI v2's), after the usage of the (sub)command at fault.

    ``add_subparsers`` makes every subcommand's parser of this class too.
    """

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {message}\n")


def _version() -> str:
    """Like ``aws --version``: ours, Python's, the platform's and botocore's."""
    import importlib.metadata  # noqa: PLC0415 - only for --version, not every command's start

    try:
        botocore = importlib.metadata.version("botocore")
    except importlib.metadata.PackageNotFoundError:
        botocore = "missing"
    from srpcore import __version__  # noqa: PLC0415 - a constant of the lazy package

    return (
        f"srpcore/{__version__} Python/{platform.python_version()} "
        f"{platform.system()}/{platform.release()} botocore/{botocore}"
    )


class _Version(argparse.Action):
    """argparse's ``version`` action, with the text looked up only when --version is given."""

    def __init__(self, option_strings: Sequence[str], dest: str, help: str) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        print(_version())  # on stdout, as argparse's own version action prints it
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="srpcore",
        description="Amazon Cognito SRP-6a sign-in, byte-exact and fast. "
        "Run 'srpcore COMMAND --help' for a command's options.",
    )
    parser.add_argument("--version", action=_Version, help="print the versions and exit")
    subparsers = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", title="commands"
    )
    for name in SUBCOMMAND_MODULES:
        importlib.import_module(name).register(subparsers)
    _remember_parsers(parser)
    return parser


def _remember_parsers(parser: argparse.ArgumentParser) -> None:
    """Each (sub)command's parser becomes a default of its own namespace, so arguments left
    over (which only the top parser notices) are refused with that command's usage."""
    parser.set_defaults(usage_parser=parser)
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in action.choices.values():
                _remember_parsers(child)


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


def _parse(argv: Sequence[str] | None) -> argparse.Namespace | int:
    """The parsed arguments, or the status argparse ended with (``--help``, a usage error)."""
    try:
        parser = build_parser()
        args, extra = parser.parse_known_args(argv)
        if extra:
            args.usage_parser.error(f"unrecognized arguments: {' '.join(extra)}")
        return args
    except SystemExit as exc:
        code = exc.code
        return code if isinstance(code, int) else (0 if code is None else EXIT_USAGE)


def main(argv: Sequence[str] | None = None) -> int:
    try:
        # Inside: ``--help | head -1`` meets a closed pipe too, and a subcommand module that
        # fails to import (a broken install) still ends in one line.
        args = _parse(argv)
        if isinstance(args, int):
            sys.stdout.flush()
            return args
        status: int = args.func(args)
        sys.stdout.flush()  # a closed pipe shows up here, not in the interpreter's shutdown
    except BrokenPipeError:
        # Nothing a subcommand does writes to a pipe of its own (sockets fail inside botocore,
        # which login turns into its own errors): this is our stdout, closed by the reader.
        _stdout_to_devnull()
        return EXIT_PIPE_CLOSED
    except SRPError as exc:
        _say(f"srpcore: error: {_one_line(exc)}")
        hint = hint_for(exc)
        if hint is not None:
            _say(f"hint: {hint}")
        return exit_status(exc)
    except KeyboardInterrupt:
        _say("")  # end the line ^C was echoed on
        return EXIT_INTERRUPTED
    except Exception as exc:  # the last line of defence: a bug of ours, still no traceback
        if os.environ.get(DEBUG_ENV):
            raise
        # An environment failure's text names a file or a module; any other exception's text may
        # quote a value it was handed (a token, a password), so only its type is shown.
        shown = f": {_one_line(exc)}" if isinstance(exc, OSError | ImportError) else ""
        _say(
            f"srpcore: error: unexpected {type(exc).__name__}{shown} "
            f"(set {DEBUG_ENV}=1 for the traceback)"
        )
        return EXIT_ERROR
    return status


if __name__ == "__main__":
    sys.exit(main())
