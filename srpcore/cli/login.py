"""``srpcore login``: SRP sign-in from the shell, printing the tokens as JSON (the AWS CLI can't).

The password comes from ``$SRPCORE_PASSWORD`` or a no-echo prompt and the client secret from
``$SRPCORE_CLIENT_SECRET``, never from arguments (which other users can read in ``ps``).
Prompts go to stderr so stdout carries only the JSON, shaped like the AWS CLI's
``initiate-auth`` output: ``jq -r .AuthenticationResult.IdToken`` works on both.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from typing import Any

from srpcore.errors import ConfigurationError, InvalidParameterError
from srpcore.signin.types import VERIFY_SOFTWARE_TOKEN, Challenge, Tokens

__all__ = ["register"]

PASSWORD_ENV = "SRPCORE_PASSWORD"  # noqa: S105 - the variable's name, not a password
CLIENT_SECRET_ENV = "SRPCORE_CLIENT_SECRET"  # noqa: S105 - the variable's name
_CODE_LABELS = {
    "SMS_MFA": "SMS code",
    "SMS_OTP": "SMS code",
    "EMAIL_OTP": "E-mail code",
    "SOFTWARE_TOKEN_MFA": "Authenticator app code",
    VERIFY_SOFTWARE_TOKEN: "First code from the authenticator app",
}


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "login",
        help="sign in to a Cognito user pool with SRP and print the tokens as JSON",
        description=(
            f"Sign in with SRP and print the tokens as JSON. The password is read from "
            f"${PASSWORD_ENV} or prompted for; a client secret from ${CLIENT_SECRET_ENV}."
        ),
    )
    parser.add_argument("--user-pool-id", required=True, help="e.g. us-east-1_AbCdEfGhI")
    parser.add_argument("--client-id", required=True, help="the app client id")
    parser.add_argument("--username", required=True, help="username or alias")
    parser.add_argument("--region", help="AWS region (default: profile's, else the pool id's)")
    parser.add_argument("--profile", help="AWS profile (credentials matter only with --admin)")
    parser.add_argument("--endpoint-url", help="a non-default endpoint, e.g. `srpcore serve`")
    parser.add_argument(
        "--admin",
        action="store_true",
        help="use AdminInitiateAuth/AdminRespondToAuthChallenge (needs AWS credentials)",
    )
    parser.add_argument(
        "--flow", choices=("USER_SRP_AUTH", "USER_AUTH", "CUSTOM_AUTH"), default="USER_SRP_AUTH"
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


def _answer(step: Challenge) -> tuple[str, dict[str, str]]:
    """Ask the user whatever ``step`` needs; return the answer and any attributes."""
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


def _client(args: argparse.Namespace) -> Any:
    import boto3  # noqa: PLC0415 - only when the command runs

    session = boto3.session.Session(profile_name=args.profile)
    region = args.region or session.region_name or args.user_pool_id.partition("_")[0]
    return session.client("cognito-idp", region_name=region, endpoint_url=args.endpoint_url)


def run(args: argparse.Namespace) -> int:
    from botocore.exceptions import BotoCoreError  # noqa: PLC0415

    from srpcore.drivers.device_store import DeviceStore  # noqa: PLC0415
    from srpcore.drivers.sync import respond, sign_in  # noqa: PLC0415

    password = os.environ.get(PASSWORD_ENV) or getpass.getpass(f"Password for {args.username}: ")
    store = DeviceStore(args.device_file) if args.remember_device else None
    device = store.load(args.user_pool_id, args.username) if store else None
    try:
        client = _client(args)
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
            remember_device=args.remember_device,
            device_name=args.device_name,
            client_metadata=_metadata(args.client_metadata),
        )
        while isinstance(result, Challenge):
            answer, attributes = _answer(result)
            result = respond(client, result, answer, attributes=attributes)
    except BotoCoreError as exc:  # no credentials, no region, endpoint unreachable, ...
        raise ConfigurationError(str(exc)) from exc
    assert isinstance(result, Tokens)
    if store is not None:
        store.record(args.user_pool_id, args.username, result)
    output = {"ChallengeParameters": {}, "AuthenticationResult": result.authentication_result()}
    print(json.dumps(output, indent=4))
    return 0
