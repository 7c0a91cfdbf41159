"""``srpcore credentials`` as a ``credential_process``, read by clients we did not write.

boto3's own ``credential_process`` provider (and the AWS CLI, when installed) run the command
from a profile in a temporary AWS config file; the local endpoint counts the sign-ins it
served, so "one prompt-free sign-in for two uses" is the service's count.
"""

from __future__ import annotations

import io
import json
import os
import re
import stat
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import boto3
import pytest

from srpcore.cli import credentials
from srpcore.cli.main import build_parser, main
from srpcore.local import LocalCognito

from .conftest import PASSWORD, isolate

FLOWS = ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]
SRP = "InitiateAuth(USER_SRP_AUTH)"
REFRESH = "GetTokensFromRefreshToken"  # the refresh of the default, rotation="auto"
EXCHANGE = "GetCredentialsForIdentity"


class Clock:
    """A clock moved by hand (the endpoint's and the command's); starts at the real time."""

    def __init__(self) -> None:
        self.now = datetime.now(timezone.utc)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture(scope="module")
def clock() -> Clock:
    return Clock()


@pytest.fixture(scope="module")
def cognito(clock: Clock) -> Iterator[LocalCognito]:
    with LocalCognito(clock=clock) as endpoint:
        yield endpoint


@dataclass
class Setup:
    cognito: LocalCognito
    argv: list[str]
    identity_pool_id: str
    cache: Path

    @property
    def calls(self) -> Any:
        return self.cognito.service.calls


@pytest.fixture
def setup(
    cognito: LocalCognito, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, clock: Clock
) -> Iterator[Setup]:
    isolate(monkeypatch, tmp_path, aws_config="aws-config")  # _profile may write it
    pool = cognito.create_user_pool("creds-cli")
    app = cognito.create_client(pool.id, explicit_auth_flows=FLOWS)
    cognito.create_user(pool.id, "alice", PASSWORD)
    identity_pool_id = cognito.create_identity_pool("cli", [(pool.id, app.client_id)])
    cache = tmp_path / "cache" / "srpcore"
    argv = [
        "credentials",
        "--identity-pool-id", identity_pool_id,
        "--user-pool-id", pool.id,
        "--client-id", app.client_id,
        "--username", "alice",
        "--endpoint-url", cognito.endpoint_url,
        "--cache-dir", str(cache),
    ]  # fmt: skip
    start = clock.now
    yield Setup(cognito, argv, identity_pool_id, cache)
    clock.now = start  # later sign-ins' SRP timestamps are checked against this clock


def _profile(setup: Setup, tmp_path: Path) -> None:
    # The command names its own profile: it resolves no credentials, so this cannot recurse.
    command = " ".join([sys.executable, "-m", "srpcore", *setup.argv, "--profile", "cognito"])
    (tmp_path / "aws-config").write_text(
        f"[profile cognito]\nregion = us-east-1\ncredential_process = {command}\n"
    )


def _signed_key(client: Any) -> list[str]:
    seen: list[str] = []

    def grab(request: Any, **_: Any) -> None:
        header = request.headers.get("Authorization", b"")
        text = header.decode() if isinstance(header, bytes) else header
        found = re.search(r"Credential=([A-Z0-9]+)/", text)
        seen.append(found.group(1) if found else "")

    client.meta.events.register("before-send", grab)
    return seen


def test_boto3_profile_works_twice_with_one_prompt_free_sign_in(
    setup: Setup, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _profile(setup, tmp_path)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # nobody to answer a prompt
    srp, exchanges = setup.calls[SRP], setup.calls[EXCHANGE]
    keys = []
    for _ in range(2):  # two sessions: two runs of the command
        session = boto3.Session(profile_name="cognito")
        client = session.client("cognito-identity", endpoint_url=setup.cognito.endpoint_url)
        signed = _signed_key(client)
        described = client.describe_identity_pool(IdentityPoolId=setup.identity_pool_id)
        assert described["IdentityPoolName"] == "cli"
        frozen = session.get_credentials().get_frozen_credentials()
        assert session.get_credentials().method == "custom-process"
        assert signed == [frozen.access_key] and frozen.access_key.startswith("ASIA")
        keys.append(frozen.access_key)
    assert keys[0] == keys[1]  # the second run reused the cache
    assert setup.calls[SRP] == srp + 1 and setup.calls[EXCHANGE] == exchanges + 1
    [cached] = list(setup.cache.iterdir())
    assert stat.S_IMODE(cached.stat().st_mode) == 0o600
    assert stat.S_IMODE(setup.cache.stat().st_mode) == 0o700


def _run(setup: Setup, clock: Clock, capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    args = build_parser().parse_args(setup.argv)
    assert credentials.run(args, clock=clock) == 0
    out: dict[str, Any] = json.loads(capsys.readouterr().out)
    return out


def test_expiring_credentials_are_renewed_and_expired_tokens_refreshed_without_a_prompt(
    setup: Setup, clock: Clock, capsys: pytest.CaptureFixture[str]
) -> None:
    first = _run(setup, clock, capsys)
    assert set(first) == {"Version", "AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration"}
    assert first["Version"] == 1
    expiry = datetime.fromisoformat(first["Expiration"])
    assert abs(expiry - (clock() + timedelta(hours=1))) < timedelta(seconds=5)
    srp, refresh, exchanges = setup.calls[SRP], setup.calls[REFRESH], setup.calls[EXCHANGE]
    clock.now += timedelta(minutes=50)  # 10 minutes left: inside botocore's refresh window
    second = _run(setup, clock, capsys)
    assert second["AccessKeyId"] != first["AccessKeyId"]
    assert (setup.calls[SRP], setup.calls[REFRESH]) == (srp, refresh)  # the id token still did
    clock.now += timedelta(hours=2)  # everything expired, the refresh token still good
    third = _run(setup, clock, capsys)
    assert third["AccessKeyId"] not in (first["AccessKeyId"], second["AccessKeyId"])
    assert datetime.fromisoformat(third["Expiration"]) > clock()
    assert (setup.calls[SRP], setup.calls[REFRESH]) == (srp, refresh + 1)
    assert setup.calls[EXCHANGE] == exchanges + 2


def _rewrite_tokens(setup: Setup, **changes: Any) -> None:
    [path] = list(setup.cache.iterdir())
    data = json.loads(path.read_text())
    data["tokens"].update(changes)
    data["credentials"] = {}
    path.write_text(json.dumps(data))


def test_a_refused_refresh_token_falls_back_to_one_sign_in(
    setup: Setup, clock: Clock, capsys: pytest.CaptureFixture[str]
) -> None:
    _run(setup, clock, capsys)
    # due at once (not a JWT, no time left) and a refresh token the endpoint never issued
    _rewrite_tokens(setup, AccessToken="expired", ExpiresIn=0, RefreshToken="x" * 40)
    srp, refresh = setup.calls[SRP], setup.calls[REFRESH]
    assert _run(setup, clock, capsys)["AccessKeyId"].startswith("ASIA")
    assert setup.calls[SRP] == srp + 1 and setup.calls[REFRESH] == refresh


def test_no_cache_no_password_no_terminal_fails_with_a_clear_message(
    setup: Setup, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("SRPCORE_PASSWORD")
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    srp = setup.calls[SRP]
    assert main(setup.argv) == 253  # no credentials to sign in with
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "no terminal to ask for the password" in captured.err
    assert "SRPCORE_PASSWORD" in captured.err
    assert setup.calls[SRP] == srp


def test_a_cache_file_others_can_read_is_refused(
    setup: Setup, clock: Clock, capsys: pytest.CaptureFixture[str]
) -> None:
    _run(setup, clock, capsys)
    [path] = list(setup.cache.iterdir())
    path.chmod(0o644)
    assert main(setup.argv) == 253  # an unusable configuration
    err = capsys.readouterr().err
    assert "accessible to other users" in err and "chmod 600" in err
    secrets_in_file = json.loads(path.read_text())["tokens"]
    assert secrets_in_file["RefreshToken"] not in err


def test_bad_arguments_fail_before_any_call(
    setup: Setup, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = list(setup.argv)
    argv[argv.index("--identity-pool-id") + 1] = "not-a-pool"
    calls = sum(setup.calls.values())
    assert main(argv) == 252  # invalid parameter values
    assert "--identity-pool-id" in capsys.readouterr().err
    assert sum(setup.calls.values()) == calls


def test_every_option_has_help() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    command = sub.choices["credentials"]  # type: ignore[index]
    for action in command._actions:
        assert action.help, action.dest


def test_the_aws_cli_signs_with_the_profiles_credentials(
    setup: Setup, tmp_path: Path, aws_cli: str
) -> None:
    _profile(setup, tmp_path)
    env = {**os.environ, "AWS_CONFIG_FILE": str(tmp_path / "aws-config")}
    srp = setup.calls[SRP]
    result = subprocess.run(
        [
            aws_cli, "cognito-identity", "describe-identity-pool",
            "--identity-pool-id", setup.identity_pool_id,
            "--endpoint-url", setup.cognito.endpoint_url,
            "--profile", "cognito", "--output", "json",
        ],
        capture_output=True, text=True, env=env, stdin=subprocess.DEVNULL, timeout=120,
        check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    assert json.loads(result.stdout)["IdentityPoolName"] == "cli"
    assert setup.calls[SRP] == srp + 1  # its credential_process signed in, without a prompt


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_an_mfa_code_is_asked_for_on_the_terminal(
    setup: Setup,
    clock: Clock,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from srpcore.local.totp import totp  # noqa: PLC0415

    pool_id = setup.argv[setup.argv.index("--user-pool-id") + 1]
    user = setup.cognito.create_user(pool_id, "tess", PASSWORD, mfa=["SOFTWARE_TOKEN_MFA"])
    assert user.totp_secret is not None
    secret = user.totp_secret
    asked: list[str] = []

    def answer(prompt: str) -> str:
        asked.append(prompt)
        return totp(secret, clock().timestamp())

    monkeypatch.setattr(sys, "stdin", _Terminal(""))
    monkeypatch.setattr("getpass.getpass", answer)
    argv = list(setup.argv)
    argv[argv.index("--username") + 1] = "tess"
    args = build_parser().parse_args(argv)
    assert credentials.run(args, clock=clock) == 0
    assert json.loads(capsys.readouterr().out)["AccessKeyId"].startswith("ASIA")
    assert asked == ["Authenticator app code for tess: "]  # the password came from the env
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # no terminal: the cache must serve
    assert credentials.run(args, clock=clock) == 0
    assert len(asked) == 1
