"""``srpcore login``: SRP sign-in from the shell, printing the tokens (the AWS CLI can't).

The password comes from ``$SRPCORE_PASSWORD`` or a no-echo prompt and the client secret from
``$SRPCORE_CLIENT_SECRET``, never from arguments (which other users can read in ``ps``).
Prompts and news about the remembered device go to stderr, so stdout carries only the result:
the AWS CLI's ``initiate-auth`` output, in its ``--output`` formats and with its ``--query``
(``--query AuthenticationResult.IdToken --output text`` works on both).
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from typing import Any

from srpcore.cli.arguments import (
    add_where_options,
    check_client_id,
    check_username,
    check_where,
    idp_client,
)
from srpcore.cli.hints import CLIENT_SECRET_ENV, PASSWORD_ENV
from srpcore.cli.output import add_output_options, printer
from srpcore.cli.passkey import PasskeyAnswer, load_authenticator
from srpcore.cognito.vocabulary import CHALLENGES, FIRST_FACTORS, PASSWORD_FACTORS
from srpcore.errors import ConfigurationError, InvalidParameterError
from srpcore.signin.options import FLOWS, needs_password
from srpcore.signin.types import Answer, Challenge, Tokens

__all__ = ["CLIENT_SECRET_ENV", "PASSWORD_ENV", "register"]

_CODE_LABELS = {name: info.label for name, info in CHALLENGES.items() if info.code}
_SELECT = "none"  # --preferred-challenge none: the service lists the methods, the user picks


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "login",
        help="sign in to a Cognito user pool with SRP and print the tokens",
        description=(
            f"Sign in with SRP and print what 'aws cognito-idp initiate-auth' would: the "
            f"AuthenticationResult (with NewDeviceMetadata for a new device), or with "
            f"--no-prompt the challenge to answer. The password is read from ${PASSWORD_ENV} "
            f"or prompted for; a client secret from ${CLIENT_SECRET_ENV}."
        ),
    )
    add_where_options(parser)
    parser.add_argument("--client-id", required=True, help="the app client id")
    parser.add_argument("--username", required=True, help="username or alias")
    parser.add_argument(
        "--admin",
        action="store_true",
        help="use AdminInitiateAuth/AdminRespondToAuthChallenge (needs AWS credentials)",
    )
    parser.add_argument(
        "--flow",
        choices=FLOWS,
        default="USER_SRP_AUTH",
        help="USER_PASSWORD_AUTH / ADMIN_USER_PASSWORD_AUTH send the password itself (in TLS)",
    )
    parser.add_argument(
        "--preferred-challenge",
        choices=(*FIRST_FACTORS, _SELECT),
        default="PASSWORD_SRP",
        help=f"USER_AUTH's first factor; {_SELECT!r} lets the service list them, then asks",
    )
    parser.add_argument(
        "--passkey",
        metavar="FILE",
        help=(
            "answer WEB_AUTHN with the software authenticator saved in FILE (tests and "
            "scripts only; a real passkey cannot be reached from a terminal)"
        ),
    )
    parser.add_argument(
        "--remember-device",
        action="store_true",
        help="sign in with the device remembered in --device-file, and remember new ones there",
    )
    parser.add_argument(
        "--device-file",
        help="device credentials file, mode 0600 (default: ~/.config/srpcore/devices.json)",
    )
    parser.add_argument("--device-name", default="srpcore CLI", help="name for a new device")
    parser.add_argument(
        "--client-metadata",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="ClientMetadata for the pool's Lambda triggers (repeatable)",
    )
    parser.add_argument(
        "--no-prompt",
        action="store_true",
        help=f"never prompt: the password must be in ${PASSWORD_ENV}, and a challenge (MFA, "
        "new password, custom) is printed with its Session, as initiate-auth prints it, for "
        "'aws cognito-idp respond-to-auth-challenge'",
    )
    add_output_options(parser)
    parser.set_defaults(func=run)


def _prompt(text: str) -> str:
    """Ask on stderr, read a line from stdin (stdout is reserved for the JSON)."""
    print(text, end="", file=sys.stderr, flush=True)
    line = sys.stdin.readline()
    if not line:
        raise ConfigurationError("no answer on standard input")
    return line.strip()


def _choose(what: str, options: tuple[str, ...]) -> str:
    if len(options) == 1:
        return options[0]
    for number, option in enumerate(options, 1):
        print(f"  {number}. {option}", file=sys.stderr)
    answer = _prompt(f"{what} [1-{len(options)}]: ")
    if answer.isdigit() and 1 <= int(answer) <= len(options):
        return options[int(answer) - 1]
    return answer


def _new_password() -> str:
    first = getpass.getpass("New password: ")
    if getpass.getpass("New password again: ") != first:
        raise InvalidParameterError("the two new passwords differ")
    return first


def _web_authn(step: Challenge) -> str:
    """No --passkey: show the request options, take an AuthenticationResponseJSON pasted back."""
    print(
        "This sign-in asks for a passkey. A platform authenticator or security key cannot be "
        "reached from a terminal: use --passkey FILE (a software authenticator), or answer "
        "these request options with a WebAuthn client and paste its "
        "AuthenticationResponseJSON on one line.",
        file=sys.stderr,
    )
    print(json.dumps(step.request_options), file=sys.stderr)
    return _prompt("AuthenticationResponseJSON: ")


def _select(step: Challenge, password: str | None) -> tuple[str, str | None]:
    """SELECT_CHALLENGE: the method, and the password if the user picks a password method."""
    choice = _choose("Sign-in method", step.available_challenges)
    if choice in PASSWORD_FACTORS and password is None:
        return choice, getpass.getpass(f"Password for {step.username}: ")
    return choice, None


def _answer(step: Challenge, password: str | None) -> tuple[Answer, dict[str, str], str | None]:
    """Ask the user whatever ``step`` needs: the answer, any attributes, a password if new."""
    if step.name == "SELECT_CHALLENGE":
        choice, new_password = _select(step, password)
        return choice, {}, new_password
    if step.name == "WEB_AUTHN":
        return _web_authn(step), {}, None
    answer, attributes = _answer_step(step)
    return answer, attributes, None


def _answer_step(step: Challenge) -> tuple[str, dict[str, str]]:
    """The MFA, new-password and custom steps: the answer and any attributes."""
    if step.name in _CODE_LABELS:
        if step.secret_code is not None:
            print(
                f"Add this key to your authenticator app: {step.secret_code}",
                file=sys.stderr,
            )
        where = f" (sent to {step.delivery_destination})" if step.delivery_destination else ""
        return _prompt(f"{_CODE_LABELS[step.name]}{where}: "), {}
    if step.name == "SELECT_MFA_TYPE":
        return _choose("MFA method", step.options), {}
    if step.name == "MFA_SETUP":
        choice = _choose("MFA method to set up", step.options or ("SOFTWARE_TOKEN_MFA",))
        if choice == "EMAIL_OTP":
            return choice, {"EMAIL": _prompt("E-mail address for codes: ")}
        return choice, {}
    if step.name == "NEW_PASSWORD_REQUIRED":
        print("A new password is required.", file=sys.stderr)
        password = _new_password()
        attributes = {name: _prompt(f"{name}: ") for name in step.required_attributes}
        return password, attributes
    # CUSTOM_CHALLENGE: show what the pool's Lambda sent, then ask.
    for key, value in step.parameters.items():
        if key != "USERNAME":
            print(f"{key}: {value}", file=sys.stderr)
    return _prompt("Answer: "), {}


def _metadata(pairs: list[str]) -> dict[str, str] | None:
    if not pairs:
        return None
    metadata = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise InvalidParameterError(f"--client-metadata takes KEY=VALUE, not {pair!r}")
        metadata[key] = value
    return metadata


def _check_arguments(args: argparse.Namespace) -> str:
    """Everything that can be checked without the password; returns the region to call."""
    check_client_id(args.client_id)
    check_username(args.username)
    if args.device_file is not None and not args.remember_device:
        raise InvalidParameterError("--device-file is used only with --remember-device")
    if args.preferred_challenge != "PASSWORD_SRP" and args.flow != "USER_AUTH":
        raise InvalidParameterError("--preferred-challenge is for --flow USER_AUTH only")
    return check_where(args)


def _passkey(args: argparse.Namespace) -> PasskeyAnswer | None:
    """The software authenticator of --passkey (loaded before any prompt), or ``None``."""
    if args.passkey is None:
        return None
    if args.flow != "USER_AUTH":
        raise InvalidParameterError("--passkey answers WEB_AUTHN, which only --flow USER_AUTH asks")
    return load_authenticator(args.passkey)


def _client(args: argparse.Namespace, region: str) -> Any:
    """The ``cognito-idp`` client, made (and its credentials found) before any prompt."""
    return idp_client(args, region)


def run(args: argparse.Namespace) -> int:
    from srpcore.cli.device_store import DeviceStore  # noqa: PLC0415
    from srpcore.cli.signin_output import ResponseRecorder, device_news  # noqa: PLC0415
    from srpcore.drivers.sync import respond, sign_in  # noqa: PLC0415

    # Every mistake that can be found without the password is reported before asking for it.
    metadata = _metadata(args.client_metadata)
    region = _check_arguments(args)
    out = printer(args, title="AdminInitiateAuth" if args.admin else "InitiateAuth")
    preferred = None if args.preferred_challenge == _SELECT else args.preferred_challenge
    no_password = not os.environ.get(PASSWORD_ENV)
    if args.no_prompt and no_password and needs_password(args.flow, preferred, None):
        raise ConfigurationError(f"--no-prompt needs the password in ${PASSWORD_ENV}")
    client = _client(args, region)
    recorder = ResponseRecorder(client)
    store = DeviceStore(args.device_file) if args.remember_device else None
    if store is not None:
        store.check_usable()
    device = store.load(args.user_pool_id, args.username) if store else None
    authenticator = _passkey(args)
    password = os.environ.get(PASSWORD_ENV) or None
    if password is None and needs_password(args.flow, preferred, None):
        password = getpass.getpass(f"Password for {args.username}: ")
    result = sign_in(
        client,
        pool_id=args.user_pool_id,
        client_id=args.client_id,
        username=args.username,
        password=password,
        client_secret=os.environ.get(CLIENT_SECRET_ENV) or None,
        device=device,
        admin=args.admin,
        flow=args.flow,
        preferred_challenge=preferred,
        authenticator=authenticator,
        remember_device=args.remember_device,
        device_name=args.device_name,
        client_metadata=metadata,
    )
    if args.no_prompt and isinstance(result, Challenge):  # for respond-to-auth-challenge
        out.emit(recorder.challenge_output(result))
        return 0
    while isinstance(result, Challenge):
        answer, attributes, given = _answer(result, password)
        password = given or password
        result = respond(client, result, answer, attributes=attributes, password=given)
    assert isinstance(result, Tokens)
    if store is not None:
        store.record(args.user_pool_id, args.username, result)
        print(device_news(device, result, str(store.path)), file=sys.stderr)
    out.emit(recorder.tokens_output(result))
    return 0
