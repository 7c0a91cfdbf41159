"""``srpcore demo``: every SRP sign-in path, end to end, on this machine, with no AWS account.

It starts the local Cognito endpoint in-process, sets up a pool (remembering devices), an app
client with a secret and a user through boto3's own management calls, then signs in through
boto3 over HTTP: USER_SRP_AUTH step by step, a wrong password, device SRP with the remembered
device, AdminInitiateAuth, and a token refresh, and ends with a timing summary. Tokens,
secrets and passwords are only ever shown truncated.
"""

from __future__ import annotations

import argparse
import secrets
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from srpcore.errors import ProtocolError

__all__ = ["register"]

REGION = "us-east-1"
DESCRIPTION = (
    "Every SRP sign-in path, end to end, on this machine, with no AWS account: starts the "
    "local Cognito endpoint in-process, sets up a pool that remembers devices, an app client "
    "with a secret and a user through boto3's own management calls, then signs in through "
    "boto3 over HTTP (USER_SRP_AUTH step by step, a wrong password, device SRP with the "
    "remembered device, AdminInitiateAuth, a token refresh) and ends with a timing summary. "
    "Tokens, secrets and passwords are only ever shown truncated."
)
T = TypeVar("T")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "demo",
        help="sign in every SRP way against an in-process local Cognito",
        description=DESCRIPTION,
    )
    parser.add_argument(
        "--rounds", type=int, default=20, help="USER_SRP_AUTH sign-ins timed for the summary"
    )
    parser.set_defaults(func=run)


_PUBLIC = frozenset({"SRP_A", "SRP_B", "SALT", "USERNAME", "USER_ID_FOR_SRP", "DEVICE_KEY"})
"""Values the protocol sends in the clear anyway (public SRP numbers, names, the device key)."""


def short(value: object, keep: int = 10) -> str:
    """A public value shown by its start and length."""
    text = str(value)
    return text if len(text) <= keep else f"{text[:keep]}… ({len(text)} chars)"


def shown(key: str, value: object) -> str:
    """A request or response member for the trace: public values abbreviated, every other one
    (SECRET_HASH, signatures, SECRET_BLOCK, Session, codes, passwords) by its length only."""
    return short(value, 16) if key in _PUBLIC else f"({len(str(value))} chars, not shown)"


class _Traced:
    """Wraps a boto3 client: prints each auth call and what came back (truncated)."""

    def __init__(self, client: Any, out: Callable[[str], None]) -> None:
        self._client = client
        self._out = out
        self.verbose = False

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._client, name)
        if not callable(attr) or name.startswith("_") or name in ("exceptions", "meta"):
            return attr

        def call(**kwargs: Any) -> Any:
            label = kwargs.get("AuthFlow") or kwargs.get("ChallengeName") or ""
            self._out(f"    -> {_op(name)}{f' {label}' if label else ''}")
            if self.verbose:
                for key, value in sorted((kwargs.get("AuthParameters") or {}).items()):
                    self._out(f"         {key} = {shown(key, value)}")
                for key, value in sorted((kwargs.get("ChallengeResponses") or {}).items()):
                    self._out(f"         {key} = {shown(key, value)}")
            try:
                response = attr(**kwargs)
            except Exception as exc:
                self._out(f"    <- {_refusal(exc)}")
                raise
            self._describe(response)
            return response

        return call

    def _describe(self, response: dict[str, Any]) -> None:
        if "ChallengeName" in response:
            self._out(f"    <- challenge {response['ChallengeName']}")
            if self.verbose:
                for key, value in sorted(response.get("ChallengeParameters", {}).items()):
                    self._out(f"         {key} = {shown(key, value)}")
        elif "AuthenticationResult" in response:
            result = response["AuthenticationResult"]
            tokens = [k for k in ("IdToken", "AccessToken", "RefreshToken") if k in result]
            self._out(f"    <- tokens: {', '.join(tokens)}")
            if "NewDeviceMetadata" in result:
                self._out(f"       new device {result['NewDeviceMetadata']['DeviceKey']}")
        elif "UserConfirmationNecessary" in response:
            self._out(f"    <- UserConfirmationNecessary={response['UserConfirmationNecessary']}")


def _refusal(exc: Exception) -> str:
    """``code: message`` of a service's refusal, as the drivers read it; else the type."""
    from srpcore.drivers._common import ClientError, error_fields  # noqa: PLC0415 - botocore

    if not isinstance(exc, ClientError):
        return f"{type(exc).__name__}: "
    code, message = error_fields(exc)
    return f"{code}: {message}"


def _tokens(result: object, tokens_type: type[T]) -> T:
    """The sign-in's tokens; the demo's pool asks no question only a person could answer."""
    if not isinstance(result, tokens_type):
        raise ProtocolError(f"expected tokens, got {result!r}")
    return result


def _op(method: str) -> str:
    return "".join(part.title() for part in method.split("_"))


@contextmanager
def _timed(timings: dict[str, float], label: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        timings[label] = time.perf_counter() - start


def run(args: argparse.Namespace) -> int:
    # Imported here: the CLI loads every subcommand module just to build its parser.
    from srpcore.drivers.sync import refresh, sign_in  # noqa: PLC0415
    from srpcore.errors import ServiceError  # noqa: PLC0415
    from srpcore.local import LocalCognito  # noqa: PLC0415
    from srpcore.signin import Tokens  # noqa: PLC0415

    out = print
    timings: dict[str, float] = {}
    password = f"Demo-{secrets.token_urlsafe(12)}"
    with LocalCognito(region=REGION) as cognito:
        idp = cognito.boto3_client()  # dummy credentials: only the Admin* calls are signed
        out(f"Local Cognito endpoint at {cognito.endpoint_url} (in-process, loopback only)")

        out("\n1. Set up through boto3: CreateUserPool, CreateUserPoolClient, AdminCreateUser")
        pool_id = idp.create_user_pool(
            PoolName="srpcore-demo",
            DeviceConfiguration={"ChallengeRequiredOnNewDevice": True},
        )["UserPool"]["Id"]
        app = idp.create_user_pool_client(
            UserPoolId=pool_id,
            ClientName="demo-app",
            GenerateSecret=True,
            ExplicitAuthFlows=["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        )["UserPoolClient"]
        client_id, client_secret = app["ClientId"], app["ClientSecret"]
        idp.admin_create_user(
            UserPoolId=pool_id,
            Username="alice",
            UserAttributes=[{"Name": "email", "Value": "alice@example.com"}],
            MessageAction="SUPPRESS",
        )
        idp.admin_set_user_password(
            UserPoolId=pool_id, Username="alice", Password=password, Permanent=True
        )
        out(f"   pool {pool_id}, app client {client_id} (with a client secret, not shown)")
        out("   user alice (the endpoint stores an SRP verifier, never the password)")

        traced = _Traced(idp, out)
        common: dict[str, Any] = {
            "pool_id": pool_id,
            "client_id": client_id,
            "client_secret": client_secret,
            "username": "alice",
        }

        out("\n2. USER_SRP_AUTH, step by step (the endpoint checks the proof)")
        traced.verbose = True
        with _timed(timings, "USER_SRP_AUTH + ConfirmDevice"):
            first = sign_in(traced, password=password, **common)
        traced.verbose = False
        first = _tokens(first, Tokens)
        device = first.device
        out(f"   id token ({len(first.id_token or '')} chars, not shown)")
        out(f"   device remembered: {device.device_key if device else 'no'}")

        out("\n3. A wrong password")
        with _timed(timings, "wrong password (refused)"):
            try:
                sign_in(traced, password=password + "x", remember_device=False, **common)
            except ServiceError as exc:
                out(f"   refused as AWS would: {exc.code}: {exc.message}")
            else:
                out("   ERROR: a wrong password was accepted")
                return 1

        out("\n4. Signing in again with the remembered device (DEVICE_SRP_AUTH)")
        proofs = cognito.service.completed["DEVICE_PASSWORD_VERIFIER"]
        with _timed(timings, "USER_SRP_AUTH + device SRP"):
            _tokens(sign_in(traced, password=password, device=device, **common), Tokens)
        if cognito.service.completed["DEVICE_PASSWORD_VERIFIER"] != proofs + 1:
            raise ProtocolError("the device's proof was not checked")

        out("\n5. AdminInitiateAuth / AdminRespondToAuthChallenge (SigV4-signed calls)")
        with _timed(timings, "AdminInitiateAuth SRP + device"):
            _tokens(sign_in(traced, password=password, device=device, admin=True, **common), Tokens)

        out("\n6. Refresh (GetTokensFromRefreshToken, srpcore's default)")
        if first.refresh_token is None:
            raise ProtocolError("the sign-in returned no refresh token")
        with _timed(timings, "refresh"):
            refreshed = refresh(
                traced,
                client_id=client_id,
                client_secret=client_secret,
                refresh_token=first.refresh_token,
                username=first.username,
                device=device,
            )
        out(f"   new access token ({len(refreshed.access_token)} chars, not shown)")

        rounds = max(1, args.rounds)
        start = time.perf_counter()
        for _ in range(rounds):
            sign_in(idp, password=password, device=device, **common)
        per = (time.perf_counter() - start) / rounds

    out("\nTiming (wall clock, includes HTTP and both sides of the math on this machine):")
    for label, seconds in timings.items():
        out(f"   {label:32s} {seconds * 1000:8.1f} ms")
    out(f"   {'device sign-in, mean of ' + str(rounds):32s} {per * 1000:8.1f} ms")
    return 0
