"""``srpcore login`` end to end against the local endpoint over HTTP."""

from __future__ import annotations

import io
import json
import os
import stat
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from srpcore.cli.main import main
from srpcore.local import LocalCognito
from srpcore.local.model import CustomAuth
from srpcore.local.totp import totp

from .conftest import PASSWORD, stdin

FLOWS = ["ALLOW_USER_SRP_AUTH", "ALLOW_USER_AUTH", "ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]


pytestmark = pytest.mark.usefixtures("isolated")


class Pool:
    def __init__(self, cognito: LocalCognito, monkeypatch: pytest.MonkeyPatch, **options: Any):
        pool = cognito.create_user_pool("cli", **options)
        app = cognito.create_client(pool.id, generate_secret=True, explicit_auth_flows=FLOWS)
        assert app.client_secret is not None
        monkeypatch.setenv("SRPCORE_CLIENT_SECRET", app.client_secret)
        self.cognito = cognito
        self.id = pool.id
        self.args = [
            "login",
            "--user-pool-id",
            pool.id,
            "--client-id",
            app.client_id,
            "--endpoint-url",
            cognito.endpoint_url,
        ]

    def login(self, *extra: str, username: str = "alice") -> int:
        return main([*self.args, "--username", username, *extra])


def _tokens(capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    result: dict[str, Any] = json.loads(capsys.readouterr().out)["AuthenticationResult"]
    return result


def test_login_prints_working_tokens_as_json(
    cognito: LocalCognito, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pool = Pool(cognito, monkeypatch)
    cognito.create_user(pool.id, "alice", PASSWORD)
    assert pool.login() == 0  # no --region: taken from the pool id
    tokens = _tokens(capsys)
    assert set(tokens) == {"AccessToken", "ExpiresIn", "TokenType", "RefreshToken", "IdToken"}
    user = cognito.boto3_client().get_user(AccessToken=tokens["AccessToken"])
    assert user["Username"] == "alice"


def test_wrong_password_fails_with_the_service_error(
    cognito: LocalCognito, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pool = Pool(cognito, monkeypatch)
    cognito.create_user(pool.id, "alice", PASSWORD)
    monkeypatch.setenv("SRPCORE_PASSWORD", "wrong password")
    assert pool.login("--flow", "USER_AUTH") == 254  # the service returned an error
    out = capsys.readouterr()
    assert out.out == ""
    assert "NotAuthorizedException: Incorrect username or password." in out.err
    assert "RespondToAuthChallenge(PASSWORD_VERIFIER)" in out.err


def test_password_prompt_when_the_variable_is_unset(
    cognito: LocalCognito, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pool = Pool(cognito, monkeypatch)
    cognito.create_user(pool.id, "alice", PASSWORD)
    monkeypatch.delenv("SRPCORE_PASSWORD")
    prompts: list[str] = []

    def fake_getpass(prompt: str = "") -> str:
        prompts.append(prompt)
        return PASSWORD

    monkeypatch.setattr("getpass.getpass", fake_getpass)
    assert pool.login("--region", "us-east-1") == 0
    assert prompts == ["Password for alice: "]
    assert _tokens(capsys)["TokenType"] == "Bearer"


def test_password_is_never_an_argument(capsys: pytest.CaptureFixture[str]) -> None:
    status = main(["login", "--user-pool-id", "us-east-1_X", "--client-id", "c",
                   "--username", "u", "--password", "hunter2"])  # fmt: skip
    assert status == 252  # the AWS CLI v2's status for an unknown parameter
    assert "unrecognized arguments: --password" in capsys.readouterr().err


def test_admin_login_with_credentials_from_the_environment(
    cognito: LocalCognito, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pool = Pool(cognito, monkeypatch)
    cognito.create_user(pool.id, "alice", PASSWORD)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "local")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "local")
    assert pool.login("--admin", "--client-metadata", "source=cli") == 0
    assert "AccessToken" in _tokens(capsys)


def test_admin_login_without_credentials_is_a_clean_error(
    cognito: LocalCognito, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pool = Pool(cognito, monkeypatch)
    cognito.create_user(pool.id, "alice", PASSWORD)
    assert pool.login("--admin") == 253  # missing credentials
    assert "Unable to locate credentials" in capsys.readouterr().err


def test_remember_device_then_sign_in_without_mfa(
    cognito: LocalCognito, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pool = Pool(cognito, monkeypatch, device_tracking=True)
    cognito.create_user(pool.id, "alice", PASSWORD, mfa=("SMS_MFA",))
    stdin(monkeypatch, "123456\n")
    assert pool.login("--remember-device") == 0
    out = capsys.readouterr()
    assert "SMS code" in out.err and "AccessToken" in out.out
    path = Path(os.environ["XDG_CONFIG_HOME"]) / "srpcore" / "devices.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    saved = json.loads(path.read_text())["pools"][pool.id]["devices"]["alice"]
    assert set(saved) == {"DeviceKey", "DeviceGroupKey", "DevicePassword"}

    stdin(monkeypatch, "")  # device SRP replaces MFA: no code is asked for
    assert pool.login("--remember-device") == 0
    assert "AccessToken" in capsys.readouterr().out


def test_stale_device_in_the_file_is_replaced(
    cognito: LocalCognito,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    pool = Pool(cognito, monkeypatch, device_tracking=True)
    cognito.create_user(pool.id, "alice", PASSWORD)
    path = tmp_path / "devices.json"
    stale = "us-east-1_00000000-0000-4000-8000-000000000000"
    entry = {"DeviceKey": stale, "DeviceGroupKey": "-g", "DevicePassword": "pw"}
    data = {"version": 1, "pools": {pool.id: {"devices": {"alice": entry}, "aliases": {}}}}
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    with os.fdopen(fd, "w") as handle:
        json.dump(data, handle)
    assert pool.login("--remember-device", "--device-file", str(path)) == 0
    capsys.readouterr()
    saved = json.loads(path.read_text())["pools"][pool.id]["devices"]["alice"]
    assert saved["DeviceKey"] not in (stale, "")


def test_new_password_and_required_attribute_prompts(
    cognito: LocalCognito, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pool = Pool(cognito, monkeypatch, required_attributes=("name",))
    cognito.create_user(pool.id, "alice", "Temp-passw0rd", temporary=True)
    monkeypatch.setenv("SRPCORE_PASSWORD", "Temp-passw0rd")
    monkeypatch.setattr("getpass.getpass", lambda prompt="": PASSWORD)
    stdin(monkeypatch, "Alice\n")
    assert pool.login() == 0
    out = capsys.readouterr()
    assert "A new password is required." in out.err and "name: " in out.err
    monkeypatch.setenv("SRPCORE_PASSWORD", PASSWORD)
    assert pool.login() == 0  # the new password works


def test_select_mfa_type_and_totp(
    cognito: LocalCognito, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pool = Pool(cognito, monkeypatch)
    user = cognito.create_user(pool.id, "alice", PASSWORD, mfa=("SMS_MFA", "SOFTWARE_TOKEN_MFA"))
    assert user.totp_secret is not None
    stdin(monkeypatch, f"SOFTWARE_TOKEN_MFA\n{totp(user.totp_secret, time.time())}\n")
    assert pool.login() == 0
    out = capsys.readouterr()
    assert "MFA method" in out.err and "Authenticator app code" in out.err
    assert "AccessToken" in out.out


def test_custom_challenge_prompt(
    cognito: LocalCognito, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pool = Pool(cognito, monkeypatch, custom_auth=CustomAuth(answers=("42",)))
    cognito.create_user(pool.id, "alice", PASSWORD)
    stdin(monkeypatch, "42\n")
    assert pool.login("--flow", "CUSTOM_AUTH") == 0
    out = capsys.readouterr()
    assert "ROUND: 1" in out.err and "Answer: " in out.err and "AccessToken" in out.out


def _no_prompt(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any prompt fails the test: stdin is closed and getpass raises."""

    def getpass_called(prompt: str = "") -> str:
        raise AssertionError(f"prompted for {prompt!r} before the arguments were checked")

    closed = io.StringIO()
    closed.close()
    monkeypatch.setattr("getpass.getpass", getpass_called)
    monkeypatch.setattr(sys, "stdin", closed)
    monkeypatch.delenv("SRPCORE_PASSWORD")


ARGS = {
    "--user-pool-id": "us-east-1_AbCdEfGhI",
    "--client-id": "abc123client",
    "--username": "alice",
    "--endpoint-url": "http://127.0.0.1:9",  # nothing is ever sent: all fail before
}


@pytest.mark.parametrize(
    ("changes", "extra", "message", "status"),
    [
        ({"--endpoint-url": "127.0.0.1:1234"}, [],
         "--endpoint-url '127.0.0.1:1234' must start with http:// or https://; did you mean "
         "http://127.0.0.1:1234?", 252),
        ({"--endpoint-url": "localhost:9339"}, [], "must start with http:// or https://", 252),
        ({"--endpoint-url": "ftp://127.0.0.1"}, [], "must start with http:// or https://", 252),
        ({"--endpoint-url": "http://"}, [], "--endpoint-url 'http://' has no host", 252),
        ({"--endpoint-url": "http://127.0.0.1:99999"}, [], "has a bad port", 252),
        ({"--endpoint-url": "http://bad host"}, [],
         "--endpoint-url 'http://bad host': Invalid", 252),
        ({"--user-pool-id": "AbCdEfGhI"}, [],
         "--user-pool-id: 'AbCdEfGhI' is not a user pool id", 252),
        ({"--client-id": "not a client!"}, [],
         "--client-id 'not a client!' is not an app client", 252),
        ({"--username": "two words"}, [], "--username 'two words': 1 to 128 printable", 252),
        ({"--username": "x" * 129}, [], "1 to 128 printable characters", 252),
        ({"--endpoint-url": None}, ["--region", "eu-west-1"],
         "user pool us-east-1_AbCdEfGhI lives in us-east-1, not eu-west-1", 252),
        ({"--endpoint-url": None}, ["--region", "mars"], "'mars' is not a region name", 252),
        ({}, ["--region", "bad region!"], "Provided region_name 'bad region!' doesn't match", 252),
        ({}, ["--profile", "nobody"], "The config profile (nobody) could not be found", 253),
        ({}, ["--admin"], "--admin signs its calls with AWS credentials: Unable to locate", 253),
        ({}, ["--client-metadata", "novalue"], "--client-metadata takes KEY=VALUE", 252),
        ({}, ["--device-file", "devices.json"], "--device-file is used only with --remember", 252),
    ],
)  # fmt: skip
def test_bad_arguments_are_reported_before_any_prompt(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    changes: dict[str, str | None],
    extra: list[str],
    message: str,
    status: int,
) -> None:
    _no_prompt(monkeypatch)
    argv = ["login"]
    for option, value in {**ARGS, **changes}.items():
        argv += [option, value] if value is not None else []
    assert main([*argv, *extra]) == status
    out = capsys.readouterr()
    assert out.out == ""
    [line] = out.err.splitlines()
    assert line.startswith("srpcore: error: ")
    assert message in line


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
@pytest.mark.parametrize("problem", ["loose", "not-json", "folder", "parent-is-a-file"])
def test_an_unusable_device_file_is_reported_before_any_prompt(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    problem: str,
) -> None:
    _no_prompt(monkeypatch)
    path = tmp_path / "devices.json"
    if problem == "folder":
        path.mkdir()
    elif problem == "parent-is-a-file":
        path.write_text("")
        path = path / "devices.json"
    else:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write("{not json" if problem == "not-json" else '{"pools": {}}')
        if problem == "loose":
            path.chmod(0o644)
    argv = ["login", *(x for pair in ARGS.items() for x in pair), "--remember-device"]
    assert main([*argv, "--device-file", str(path)]) == 253  # the configuration is invalid
    [line] = capsys.readouterr().err.splitlines()
    assert line.startswith("srpcore: error: ") and str(path) in line


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_remember_device_under_umask_000_makes_private_folders(
    cognito: LocalCognito,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
) -> None:
    pool = Pool(cognito, monkeypatch, device_tracking=True)
    cognito.create_user(pool.id, "alice", PASSWORD)
    path = tmp_path / "new" / "nested" / "devices.json"
    old = os.umask(0)
    try:
        assert pool.login("--remember-device", "--device-file", str(path)) == 0
    finally:
        os.umask(old)
    capsys.readouterr()
    assert stat.S_IMODE((tmp_path / "new").stat().st_mode) == 0o700
    assert stat.S_IMODE((tmp_path / "new" / "nested").stat().st_mode) == 0o700
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
