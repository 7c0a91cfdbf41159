"""``srpcore login`` end to end against the local endpoint over HTTP."""

from __future__ import annotations

import io
import json
import os
import stat
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from srpcore.cli.main import main
from srpcore.local import LocalCognito
from srpcore.local.model import CustomAuth
from srpcore.local.totp import totp

PASSWORD = "correct horse battery staple"
FLOWS = ["ALLOW_USER_SRP_AUTH", "ALLOW_USER_AUTH", "ALLOW_CUSTOM_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"]


@pytest.fixture(scope="module")
def cognito() -> Iterator[LocalCognito]:
    with LocalCognito() as endpoint:
        yield endpoint


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No AWS configuration or device file of the machine running the tests leaks in."""
    for name in ("AWS_PROFILE", "AWS_DEFAULT_REGION", "AWS_REGION", "AWS_ACCESS_KEY_ID"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("SRPCORE_PASSWORD", PASSWORD)
    monkeypatch.delenv("SRPCORE_CLIENT_SECRET", raising=False)


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


def _stdin(monkeypatch: pytest.MonkeyPatch, text: str) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO(text))


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
    assert pool.login("--flow", "USER_AUTH") == 1
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
    with pytest.raises(SystemExit) as caught:
        main(["login", "--user-pool-id", "us-east-1_X", "--client-id", "c", "--username", "u",
              "--password", "hunter2"])  # fmt: skip
    assert caught.value.code == 2
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
    assert pool.login("--admin") == 1
    assert "Unable to locate credentials" in capsys.readouterr().err


def test_remember_device_then_sign_in_without_mfa(
    cognito: LocalCognito, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pool = Pool(cognito, monkeypatch, device_tracking=True)
    cognito.create_user(pool.id, "alice", PASSWORD, mfa=("SMS_MFA",))
    _stdin(monkeypatch, "123456\n")
    assert pool.login("--remember-device") == 0
    out = capsys.readouterr()
    assert "SMS code" in out.err and "AccessToken" in out.out
    path = Path(os.environ["XDG_CONFIG_HOME"]) / "srpcore" / "devices.json"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    saved = json.loads(path.read_text())["pools"][pool.id]["devices"]["alice"]
    assert set(saved) == {"DeviceKey", "DeviceGroupKey", "DevicePassword"}

    _stdin(monkeypatch, "")  # device SRP replaces MFA: no code is asked for
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
    _stdin(monkeypatch, "Alice\n")
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
    _stdin(monkeypatch, f"SOFTWARE_TOKEN_MFA\n{totp(user.totp_secret, time.time())}\n")
    assert pool.login() == 0
    out = capsys.readouterr()
    assert "MFA method" in out.err and "Authenticator app code" in out.err
    assert "AccessToken" in out.out


def test_custom_challenge_prompt(
    cognito: LocalCognito, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pool = Pool(cognito, monkeypatch, custom_auth=CustomAuth(answers=("42",)))
    cognito.create_user(pool.id, "alice", PASSWORD)
    _stdin(monkeypatch, "42\n")
    assert pool.login("--flow", "CUSTOM_AUTH") == 0
    out = capsys.readouterr()
    assert "ROUND: 1" in out.err and "Answer: " in out.err and "AccessToken" in out.out
