"""The conventions every ``srpcore`` command follows, as an AWS CLI user expects them.

Exit statuses are the AWS CLI v2's documented return codes ("Command line return codes" in
its user guide): 252 bad syntax or parameter value, 253 bad configuration or credentials, 254
the service returned an error, 255 anything else, 130 Ctrl+C.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import io
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import NoCredentialsError

from srpcore.cli import vectors
from srpcore.cli.main import build_parser, main
from srpcore.errors import (
    ConfigurationError,
    InvalidParameterError,
    ProtocolError,
    SecurityError,
    ServiceError,
    TransportError,
    VerificationError,
)
from srpcore.local import LocalCognito

from .conftest import PASSWORD

FLOWS = ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]


pytestmark = pytest.mark.usefixtures("isolated")


# --------------------------------------------------------------------------- help texts


def _parsers() -> Iterator[tuple[str, argparse.ArgumentParser, dict[str, str | None]]]:
    """Every parser with the help its subcommands are listed with."""

    def walk(name: str, parser: argparse.ArgumentParser) -> Iterator[Any]:
        subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        listed = {c.dest: c.help for sub in subs for c in sub._choices_actions}
        yield name, parser, listed
        for sub in subs:
            for command, child in sub.choices.items():
                yield from walk(f"{name} {command}", child)

    yield from walk("srpcore", build_parser())


def test_every_subcommand_and_option_has_help() -> None:
    missing = []
    commands = 0
    for name, parser, listed in _parsers():
        commands += 1
        missing += [f"{name} {command}" for command, text in listed.items() if not text]
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                continue
            if not action.help or action.help == argparse.SUPPRESS:
                missing.append(f"{name} {'/'.join(action.option_strings) or action.dest}")
    assert commands >= 7  # srpcore, vectors, vectors verify, serve, demo, login, bench
    assert missing == []


# What prints data takes --output/--query; credentials prints credential_process's fixed JSON,
# logout nothing on stdout, demo a walk-through for people.
PRINTS_DATA = {
    "srpcore login",
    "srpcore devices list",
    "srpcore devices forget",
    "srpcore vectors verify",
    "srpcore serve",
    "srpcore bench",
}


def test_every_command_that_prints_data_takes_output_and_query() -> None:
    options = {
        name: {o for a in parser._actions for o in a.option_strings}
        for name, parser, _ in _parsers()
    }
    assert PRINTS_DATA <= set(options)
    lacking = [name for name in sorted(PRINTS_DATA) if not {"--output", "--query"} <= options[name]]
    assert lacking == []
    fixed = ["srpcore credentials", "srpcore logout", "srpcore demo"]
    assert [name for name in fixed if "--output" in options[name]] == []


def test_no_help_shows_raw_rest() -> None:
    rest = re.compile(r"``|:[a-z]+:`|^\s*\.\. |::$", re.MULTILINE)
    shown = {name: parser.format_help() for name, parser, _ in _parsers()}
    assert {name for name, text in shown.items() if rest.search(text)} == set()


# Every key of the seed format, as srpcore/local/seed.py documents it.
SEED_KEYS = (
    "pools", "name", "id", "device_tracking", "challenge_on_new_device", "alias_attributes",
    "username_attributes", "required_attributes", "password_min_length", "mfa_required",
    "custom_auth_answers", "clients", "client_id", "client_secret", "generate_secret",
    "explicit_auth_flows", "prevent_user_existence_errors", "session_validity", "users",
    "username", "password", "attributes", "temporary", "mfa", "enabled", "status",
)  # fmt: skip


def test_serve_help_documents_the_seed_format(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["serve", "--help"]) == 0
    text = capsys.readouterr().out
    assert "seed file format" in text and "YAML is not supported" in text
    assert [key for key in SEED_KEYS if not re.search(rf"\b{key}\b", text)] == []
    assert ".py" not in text  # a README section, never a source file


def test_a_yaml_seed_is_refused_by_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    seed = tmp_path / "seed.yaml"
    seed.write_text("pools:\n  - name: p\n", encoding="utf-8")
    assert main(["serve", "--port", "0", "--seed", str(seed)]) == 252
    [line] = capsys.readouterr().err.splitlines()
    assert line == (
        f"srpcore: error: seed file {seed}: YAML seed files are not supported; write the same "
        "structure as JSON (.json) or TOML (.toml)"
    )


def test_version_names_srpcore_python_and_botocore(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--version"]) == 0
    line = capsys.readouterr().out.strip()
    version = importlib.metadata.version("srpcore")
    botocore = importlib.metadata.version("botocore")
    assert re.fullmatch(
        rf"srpcore/{re.escape(version)} Python/3\.\d+\.\d+\S* \S+/\S+ "
        rf"botocore/{re.escape(botocore)}",
        line,
    ), line


# --------------------------------------------------------------------------- exit statuses


@pytest.mark.parametrize(
    ("argv", "usage"),
    [
        ([], "usage: srpcore [-h]"),
        (["no-such-command"], "usage: srpcore [-h]"),
        (["login"], "usage: srpcore login [-h]"),
        (["vectors", "verify", "--show", "many"], "usage: srpcore vectors verify [-h]"),
        (["serve", "--port", "eighty"], "usage: srpcore serve [-h]"),
    ],
)
def test_a_usage_error_is_252_with_that_commands_usage(
    argv: list[str], usage: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 252
    out = capsys.readouterr()
    assert out.out == ""
    assert out.err.startswith(usage)
    assert out.err.splitlines()[-1].startswith(f"{usage[7:-5]}: error: ")


def test_help_is_status_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["login", "--help"]) == 0
    assert capsys.readouterr().out.startswith("usage: srpcore login")


@pytest.mark.parametrize(
    ("error", "status"),
    [
        (ServiceError("NotAuthorizedException", "Incorrect username or password."), 254),
        (InvalidParameterError("bad value"), 252),
        (ConfigurationError("no credentials"), 253),
        (TransportError("connection refused"), 255),
        (ProtocolError("odd response"), 255),
        (SecurityError("B = 0 mod N"), 255),
        (VerificationError("bad proof"), 255),
        (RuntimeError("a bug"), 255),
        (KeyboardInterrupt(), 130),
    ],
)
def test_each_kind_of_failure_has_the_aws_clis_status(
    error: BaseException,
    status: int,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.delenv("SRPCORE_DEBUG", raising=False)

    def failing(args: argparse.Namespace) -> int:
        raise error

    monkeypatch.setattr(vectors, "_verify", failing)
    assert main(["vectors", "verify"]) == status
    assert "Traceback" not in capsys.readouterr().err


def _srpcore(*argv: str, **kwargs: Any) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "srpcore", *argv],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


def test_statuses_in_a_real_process(cognito: LocalCognito) -> None:
    pool = cognito.create_user_pool("status")
    client_id = cognito.create_client(pool.id, explicit_auth_flows=FLOWS).client_id
    cognito.create_user(pool.id, "alice", PASSWORD)
    argv = ["login", "--user-pool-id", pool.id, "--client-id", client_id,
            "--endpoint-url", cognito.endpoint_url, "--username", "alice"]  # fmt: skip
    env = {**os.environ, "SRPCORE_PASSWORD": "wrong password"}
    proc = _srpcore(*argv, env=env)
    out, err = proc.communicate(timeout=120)
    assert (proc.returncode, out) == (254, "")
    assert "NotAuthorizedException: Incorrect username or password." in err
    proc = _srpcore(*argv, "--frobnicate", env=env)
    out, err = proc.communicate(timeout=120)
    assert (proc.returncode, out) == (252, "")
    assert err.startswith("usage: srpcore login")


def test_ctrl_c_at_the_password_prompt_is_130_after_a_newline(cognito: LocalCognito) -> None:
    env = {k: v for k, v in os.environ.items() if k != "SRPCORE_PASSWORD"}
    argv = ["login", "--user-pool-id", "us-east-1_AbCdEfGhI", "--client-id", "abc",
            "--username", "alice", "--endpoint-url", cognito.endpoint_url]  # fmt: skip
    # A new session has no terminal: getpass prompts on stderr and reads stdin.
    proc = _srpcore(*argv, env=env, start_new_session=True)
    assert proc.stderr is not None
    try:
        seen = ""
        deadline = time.monotonic() + 60
        while "Password for alice: " not in seen and time.monotonic() < deadline:
            seen += proc.stderr.read(1)
        assert "Password for alice: " in seen
        proc.send_signal(signal.SIGINT)
        rest = proc.stderr.read()
        proc.wait(timeout=60)
    finally:
        proc.kill()
    assert proc.returncode == 130
    assert (seen + rest).endswith("Password for alice: \n")  # the line is ended, nothing more


# --------------------------------------------------------------------------- hints


def test_a_wrong_pool_id_with_the_right_password_hints_at_the_pool_id(
    cognito: LocalCognito, capsys: pytest.CaptureFixture[str]
) -> None:
    pool = cognito.create_user_pool("hint")
    client_id = cognito.create_client(pool.id, explicit_auth_flows=FLOWS).client_id
    cognito.create_user(pool.id, "alice", PASSWORD)
    region, _, name = pool.id.partition("_")
    wrong = f"{region}_{name[::-1]}" if name[::-1] != name else f"{region}_Zz{name[2:]}"
    argv = ["login", "--user-pool-id", wrong, "--client-id", client_id,
            "--endpoint-url", cognito.endpoint_url, "--username", "alice"]  # fmt: skip
    assert main(argv) == 254
    error, hint = capsys.readouterr().err.splitlines()
    assert "NotAuthorizedException: Incorrect username or password." in error
    assert hint.startswith("hint: if the password is right, check --user-pool-id")
    assert "part of the SRP proof" in hint


def test_a_client_with_a_secret_hints_at_the_variable(
    cognito: LocalCognito, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pool = cognito.create_user_pool("secret")
    app = cognito.create_client(pool.id, generate_secret=True, explicit_auth_flows=FLOWS)
    cognito.create_user(pool.id, "alice", PASSWORD)
    argv = ["login", "--user-pool-id", pool.id, "--client-id", app.client_id,
            "--endpoint-url", cognito.endpoint_url, "--username", "alice"]  # fmt: skip
    assert main(argv) == 254
    error, hint = capsys.readouterr().err.splitlines()
    assert "configured with secret but SECRET_HASH was not received" in error
    assert hint == "hint: the app client has a secret: set SRPCORE_CLIENT_SECRET to it"
    monkeypatch.setenv("SRPCORE_CLIENT_SECRET", "not-the-secret")
    assert main(argv) == 254
    error, hint = capsys.readouterr().err.splitlines()
    assert "Unable to verify secret hash" in error
    assert hint.startswith("hint: SRPCORE_CLIENT_SECRET does not match the app client's secret")
    assert "not-the-secret" not in error + hint
    assert app.client_secret is not None
    monkeypatch.setenv("SRPCORE_CLIENT_SECRET", app.client_secret)
    assert main(argv) == 0


# --------------------------------------------------------------------------- devices


def test_login_says_what_happened_with_the_device(
    cognito: LocalCognito, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pool = cognito.create_user_pool("devices", device_tracking=True)
    client_id = cognito.create_client(pool.id, explicit_auth_flows=FLOWS).client_id
    cognito.create_user(pool.id, "alice", PASSWORD)
    path = tmp_path / "devices.json"
    argv = ["login", "--user-pool-id", pool.id, "--client-id", client_id,
            "--endpoint-url", cognito.endpoint_url, "--username", "alice",
            "--remember-device", "--device-file", str(path)]  # fmt: skip
    assert main(argv) == 0
    out = capsys.readouterr()
    new = json.loads(out.out)["AuthenticationResult"]["NewDeviceMetadata"]["DeviceKey"]
    assert out.err == f"device remembered: {new} (in {path})\n"

    assert main(argv) == 0
    out = capsys.readouterr()
    assert out.err == f"signed in with remembered device {new}\n"
    assert "NewDeviceMetadata" not in json.loads(out.out)["AuthenticationResult"]

    untracked = cognito.create_user_pool("no-devices")
    other = cognito.create_client(untracked.id, explicit_auth_flows=FLOWS).client_id
    cognito.create_user(untracked.id, "alice", PASSWORD)
    argv2 = ["login", "--user-pool-id", untracked.id, "--client-id", other,
             "--endpoint-url", cognito.endpoint_url, "--username", "alice",
             "--remember-device", "--device-file", str(path)]  # fmt: skip
    assert main(argv2) == 0
    assert capsys.readouterr().err == (
        "no device remembered: the user pool did not offer to remember this one\n"
    )


def test_a_stale_remembered_device_is_reported_and_replaced(
    cognito: LocalCognito, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    pool = cognito.create_user_pool("stale", device_tracking=True)
    client_id = cognito.create_client(pool.id, explicit_auth_flows=FLOWS).client_id
    cognito.create_user(pool.id, "alice", PASSWORD)
    path = tmp_path / "devices.json"
    stale = f"{pool.id.partition('_')[0]}_00000000-0000-4000-8000-000000000000"
    entry = {"DeviceKey": stale, "DeviceGroupKey": "-g", "DevicePassword": "pw"}
    data = {"version": 1, "pools": {pool.id: {"devices": {"alice": entry}, "aliases": {}}}}
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump(data, handle)
    argv = ["login", "--user-pool-id", pool.id, "--client-id", client_id,
            "--endpoint-url", cognito.endpoint_url, "--username", "alice",
            "--remember-device", "--device-file", str(path)]  # fmt: skip
    assert main(argv) == 0
    out = capsys.readouterr()
    new = json.loads(out.out)["AuthenticationResult"]["NewDeviceMetadata"]["DeviceKey"]
    assert out.err == (
        f"remembered device {stale} was unknown to the pool; device remembered: {new} (in {path})\n"
    )


# --------------------------------------------------------------------------- --no-prompt


def test_no_prompt_prints_the_challenge_for_the_aws_cli_to_answer(
    cognito: LocalCognito, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pool = cognito.create_user_pool("mfa")
    client_id = cognito.create_client(pool.id, explicit_auth_flows=FLOWS).client_id
    cognito.create_user(pool.id, "alice", PASSWORD, mfa=("SMS_MFA",))
    closed = io.StringIO()
    closed.close()
    monkeypatch.setattr(sys, "stdin", closed)  # any prompt would fail
    argv = ["login", "--user-pool-id", pool.id, "--client-id", client_id,
            "--endpoint-url", cognito.endpoint_url, "--username", "alice",
            "--no-prompt"]  # fmt: skip
    assert main(argv) == 0
    step = json.loads(capsys.readouterr().out)
    assert step["ChallengeName"] == "SMS_MFA"
    assert step["ChallengeParameters"]["CODE_DELIVERY_DELIVERY_MEDIUM"] == "SMS"
    # boto3, as `aws cognito-idp respond-to-auth-challenge` would, finishes with that Session.
    done = boto3.client(
        "cognito-idp", region_name="us-east-1", endpoint_url=cognito.endpoint_url
    ).respond_to_auth_challenge(
        ClientId=client_id,
        ChallengeName="SMS_MFA",
        Session=step["Session"],
        ChallengeResponses={
            "USERNAME": "alice",
            "SMS_MFA_CODE": "123456",  # LocalCognito's default mfa_code
        },
    )
    assert "AccessToken" in done["AuthenticationResult"]

    monkeypatch.delenv("SRPCORE_PASSWORD")
    assert main(argv) == 253
    assert "--no-prompt needs the password in $SRPCORE_PASSWORD" in capsys.readouterr().err


def test_a_call_without_credentials_is_253_not_255(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def failing(args: argparse.Namespace) -> int:
        raise TransportError("the call did not complete") from NoCredentialsError()

    monkeypatch.setattr(vectors, "_verify", failing)
    assert main(["vectors", "verify"]) == 253
    assert capsys.readouterr().err.startswith("srpcore: error: the call did not complete")


def test_an_endpoint_nobody_listens_on_is_255_with_a_hint(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with socket.socket() as probe:  # a port that was free a moment ago
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    argv = ["login", "--user-pool-id", "us-east-1_AbCdEfGhI", "--client-id", "abc",
            "--username", "alice", "--endpoint-url", f"http://127.0.0.1:{port}"]  # fmt: skip
    assert main(argv) == 255
    error, hint = capsys.readouterr().err.splitlines()
    assert "Could not connect to the endpoint URL" in error
    assert hint == "hint: is the endpoint running, and is --endpoint-url (or --region) right?"
